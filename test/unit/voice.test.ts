/**
 * SoundClone's voice: the documented speech fields, how a poll answer's extras (the voice, the subtitles,
 * the usage) are read, and how a clone's voice reaches a speech task of the same run.
 */
import { describe, expect, it } from "vitest";
import { findFamily } from "../../src/models/registry.ts";

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
