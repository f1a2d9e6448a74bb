/**
 * SoundClone's voice: the documented speech fields, how a poll answer's extras (the voice, the subtitles,
 * the usage) are read, and how a clone's voice reaches a speech task of the same run.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { actionDefaults } from "../../src/action-inputs.ts";
import { renderPlan } from "../../src/deliver/plan-report.ts";
import { ConfigError } from "../../src/errors.ts";
import { parsePollResponse } from "../../src/models/answers.ts";
import { findFamily } from "../../src/models/registry.ts";
import { readSettings } from "../../src/plan/inputs.ts";
import { planTasks } from "../../src/plan/planner.ts";
import { subtitleTypeOf } from "../../src/run/media-type.ts";
import { resultsFileSchema, type TaskRecord } from "../../src/run/record.ts";
import { voiceOfCloneTask } from "../../src/run/voices.ts";

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

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "genmedia-voice-"));
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  return dir;
}

function plan(manifest: string, extra: Record<string, string> = {}) {
  const dir = workspace({ "m.yml": manifest });
  const inputs: Record<string, string> = { "api-key": "k", manifest: "m.yml", ...extra };
  return planTasks(readSettings((name) => inputs[name] ?? "", dir, { defaults: actionDefaults() }));
}

function planError(manifest: string): string {
  try {
    plan(manifest);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected the plan to fail");
}

const clone = [
  "  - name: my-voice",
  "    model: soundCloningClone",
  "    params: { fileUrl: 'https://example.com/me.mp3' }",
];
const speech = (...lines: string[]) => [
  "  - name: hello",
  "    model: soundCloningAudio",
  "    prompt: Hello there.",
  ...lines,
];

describe("planning a speech task that names a clone task", () => {
  it("leaves the voice to be filled in, and ties its input hash to the clone's inputs", () => {
    const tasks = plan(["tasks:", ...clone, ...speech("    voice: my-voice")].join("\n"));
    const hello = tasks.find((task) => task.name === "hello");
    expect(hello?.voice).toBe("my-voice");
    expect(hello?.body).toEqual({ contentText: "Hello there." });
    const otherRecording = plan(
      ["tasks:", ...clone, ...speech("    voice: my-voice")].join("\n").replace("me.mp3", "you.mp3"),
    ).find((task) => task.name === "hello");
    expect(otherRecording?.inputHash).not.toBe(hello?.inputHash);
  });

  it("refuses a voice that names no clone task, with the line and the clone tasks", () => {
    expect(planError(["tasks:", ...clone, ...speech("    voice: my-vocie")].join("\n"))).toBe(
      'm.yml:8: task "hello": field "voice": "my-vocie": there is no such task; the soundCloningClone tasks are "my-voice"',
    );
    const notAClone = [
      "tasks:",
      ...clone,
      ...speech("    voice: other"),
      "  - name: other",
      "    model: nano-banana-2",
      "    prompt: A cat",
    ];
    expect(planError(notAClone.join("\n"))).toMatch(
      /field "voice": "other": it is a nano-banana-2 task; the soundCloningClone tasks are "my-voice"$/,
    );
  });

  it("refuses a voice and params.modelId together, and a voice on another model", () => {
    expect(
      planError(
        ["tasks:", ...clone, ...speech("    voice: my-voice", "    params: { modelId: voice_1 }")].join("\n"),
      ),
    ).toMatch(/^m\.yml:8: task "hello": field "voice" and field "params\.modelId" are both set/);
    const onImage = [
      "tasks:",
      ...clone,
      "  - name: cat",
      "    model: nano-banana-2",
      "    prompt: A cat",
      "    voice: my-voice",
    ];
    expect(planError(onImage.join("\n"))).toMatch(
      /^m\.yml:8: task "cat": field "voice": only soundCloningAudio tasks/,
    );
  });

  it("keeps a speech task in its clone's shard", () => {
    const manifest = ["tasks:", ...clone, ...speech("    voice: my-voice")].join("\n");
    for (let index = 1; index <= 3; index++) {
      const names = plan(manifest, { shard: `${index}/3` }).map((task) => task.name);
      expect(names.length === 0 || names.length === 2).toBe(true);
    }
  });
});

describe("the voice prerequisite", () => {
  const [cloneTask, speechTask] = plan(["tasks:", ...clone, ...speech("    voice: my-voice")].join("\n"));
  const record = (change: Partial<TaskRecord>): TaskRecord => ({
    name: "my-voice",
    model: "soundCloningClone",
    kind: "audio",
    status: "completed",
    taskId: "audio_1",
    submittedAt: null,
    finishedAt: null,
    file: null,
    inputHash: cloneTask?.inputHash ?? "",
    error: null,
    ...change,
  });
  const context = (clone: TaskRecord) => ({
    signal: new AbortController().signal,
    finished: async (name: string) => {
      expect(name).toBe("my-voice");
      return clone;
    },
  });

  it("sends the clone's voice as modelId", async () => {
    if (!speechTask) throw new Error("no speech task");
    const result = await voiceOfCloneTask(speechTask, speechTask.body, context(record({ voice: "voice_9" })));
    expect(result).toEqual({ body: { contentText: "Hello there.", modelId: "voice_9" } });
  });

  it("fails with the clone's reason when it has no voice", async () => {
    if (!speechTask) throw new Error("no speech task");
    const failed = record({ status: "failed", error: "the recording is too short" });
    expect(await voiceOfCloneTask(speechTask, speechTask.body, context(failed))).toEqual({
      error: 'the voice clone task "my-voice" failed: the recording is too short',
    });
    const leftOut = record({ status: "skipped", taskId: null, error: "not selected by the only input" });
    expect(await voiceOfCloneTask(speechTask, speechTask.body, context(leftOut))).toEqual({
      error:
        'the voice clone task "my-voice" was not run (not selected by the only input), and no earlier run recorded its voice',
    });
  });

  it("lets any other task through unchanged", async () => {
    if (!cloneTask) throw new Error("no clone task");
    expect(await voiceOfCloneTask(cloneTask, cloneTask.body, context(record({})))).toEqual({
      body: cloneTask.body,
    });
  });
});

describe("the dry run's plan", () => {
  it("says which clone task's voice a speech task waits for", () => {
    const tasks = plan(["tasks:", ...clone, ...speech("    voice: my-voice")].join("\n"));
    const report = renderPlan(tasks, { baseUrl: "https://api.example", textBaseUrl: "https://text.example" });
    expect(report).toContain("Sent after task my-voice completed, with its voice as `modelId`.");
  });
});
