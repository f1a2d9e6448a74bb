/**
 * SoundClone's voice: the documented speech fields, how a poll answer's extras (the voice, the subtitles,
 * the usage) are read, and how a clone's voice reaches a speech task of the same run.
 */
import { describe, expect, it } from "vitest";
import { parsePollResponse } from "../../src/models/answers.ts";
import { findFamily } from "../../src/models/registry.ts";
import { subtitleTypeOf } from "../../src/run/media-type.ts";
import { resultsFileSchema } from "../../src/run/record.ts";

function speechIssues(extra: Record<string, unknown>): string[] {
  const family = findFamily("soundCloningAudio");
  if (!family) throw new Error("no SoundClone speech family");
  const body = { modelId: "voice_1", contentText: "Hello.", ...extra };
  return (family.body.safeParse(body).error?.issues ?? []).map(
    (issue) => `${String(issue.path[0])}: ${issue.message}`,
  );
}

describe("SoundClone speech's voice fields", () => {
  it("takes every documented field at the ends of its range", () => {
    expect(
      speechIssues({ speed: 0.5, vol: 10, pitch: -12, subtitleEnable: true, subtitleType: "word" }),
    ).toEqual([]);
    expect(speechIssues({ speed: 2, vol: 0.1, pitch: 12, subtitleEnable: false })).toEqual([]);
  });

  it("refuses values outside the documented ranges, naming the field", () => {
    expect(speechIssues({ speed: 2.5 })).toEqual(["speed: must be a number from 0.5 to 2"]);
    expect(speechIssues({ vol: 0 })).toEqual(["vol: must be a number above 0, at most 10"]);
    expect(speechIssues({ vol: 11 })).toEqual(["vol: must be a number from 0 to 10"]);
    expect(speechIssues({ pitch: -13 })).toEqual(["pitch: must be a number from -12 to 12"]);
    expect(speechIssues({ subtitleEnable: "yes" })[0]).toMatch(/^subtitleEnable: /);
    expect(speechIssues({ subtitleType: "sentence" })[0]).toMatch(/^subtitleType: must be one of word/);
  });
});

describe("a poll answer's extras", () => {
  it("reads a clone's voice, a speech's subtitles and what the task consumed", () => {
    const result = parsePollResponse(
      {
        status: "completed",
        audioUrl: "https://cdn.example/a.mp3",
        modelId: "voice_abc",
        subtitleFile: "https://cdn.example/a.srt",
        actualDuration: 12.5,
        totalTokens: "108900",
        amount: "0.42",
      },
      "audioUrl",
    );
    expect(result).toMatchObject({
      modelId: "voice_abc",
      subtitleUrl: "https://cdn.example/a.srt",
      usage: { seconds: 12.5, tokens: 108900, amount: 0.42 },
    });
  });

  it("leaves out what the API did not report, or reported as nonsense", () => {
    const result = parsePollResponse({
      status: "completed",
      video_url: "https://cdn.example/v.mp4",
      modelId: null,
      subtitleFile: "",
      actualDuration: "about ten",
      totalTokens: -5,
      amount: null,
    });
    expect(result).toBeDefined();
    expect(result?.usage).toBeUndefined();
    expect(result?.modelId).toBeUndefined();
    expect(result?.subtitleUrl).toBeUndefined();
    // A voice id with a space or a line break is not passed on to a request or an output.
    expect(parsePollResponse({ status: "completed", modelId: "voice\nx" })?.modelId).toBeUndefined();
  });
});

describe("subtitle file types", () => {
  it("takes the extension from the content type, or from the URL for plain text, else .txt", () => {
    expect(subtitleTypeOf("application/x-subrip; charset=utf-8", "https://x/s")).toMatchObject({
      media: true,
      extension: ".srt",
    });
    expect(subtitleTypeOf("text/vtt", "https://x/s.srt")).toMatchObject({ extension: ".vtt" });
    expect(subtitleTypeOf("application/json", "https://x/s")).toMatchObject({ extension: ".json" });
    expect(subtitleTypeOf("text/plain", "https://x/a/subtitle.SRT")).toMatchObject({ extension: ".srt" });
    expect(subtitleTypeOf("text/plain", "https://x/a/subtitle.exe")).toMatchObject({ extension: ".txt" });
    expect(subtitleTypeOf(undefined, "https://x/a/../../x")).toMatchObject({ extension: ".txt" });
  });

  it("refuses an error page or media as subtitles", () => {
    expect(subtitleTypeOf("text/html", "https://x/s.srt").media).toBe(false);
    expect(subtitleTypeOf("audio/mpeg", "https://x/s.srt").media).toBe(false);
  });
});

describe("the record's later fields", () => {
  const base = {
    name: "hello",
    model: "soundCloningAudio",
    kind: "audio",
    status: "completed",
    taskId: "audio_1",
    submittedAt: null,
    finishedAt: null,
    file: null,
    inputHash: "h",
    error: null,
  };

  it("loads an older record without them", () => {
    const parsed = resultsFileSchema.parse({ version: 1, tasks: [base] });
    expect(parsed.tasks[0]?.usage).toBeUndefined();
    expect(parsed.tasks[0]?.voice).toBeUndefined();
  });

  it("drops a bad value of one of them, keeping the record and its task id", () => {
    const parsed = resultsFileSchema.parse({
      version: 1,
      tasks: [
        {
          ...base,
          voice: "voice id with spaces",
          usage: { seconds: "lots" },
          subtitles: { path: "x.srt", bytes: -1, sha256: "no", contentType: "text/plain" },
        },
      ],
    });
    expect(parsed.tasks[0]).toMatchObject({ taskId: "audio_1", voice: null, usage: null, subtitles: null });
  });
});
