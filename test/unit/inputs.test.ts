import { describe, expect, it } from "vitest";
import { actionDefaults } from "../../src/action-inputs.ts";
import { ConfigError } from "../../src/errors.ts";
import { fixedInterval } from "../../src/models/polling.ts";
import { findFamily } from "../../src/models/registry.ts";
import { pollIntervalWarning, readSettings } from "../../src/plan/inputs.ts";

function settingsError(inputs: Record<string, string>): string {
  try {
    readSettings((name) => inputs[name], "/tmp/workspace", { defaults: actionDefaults() });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected the inputs to be refused");
}

const base = { prompt: "x", model: "nano-banana-2" };

describe("poll-interval and timeout inputs", () => {
  it("refuses either end of a poll-interval range outside 50ms..1h, and a timeout outside 1s..5 days", () => {
    expect(settingsError({ ...base, "api-key": "k", "poll-interval": "10ms-5s" })).toMatch(
      /input "poll-interval": "10ms" is shorter than the limit of 50ms/,
    );
    expect(settingsError({ ...base, "api-key": "k", "poll-interval": "2s-2h" })).toMatch(
      /input "poll-interval": "2h" is longer than the limit of 1h/,
    );
    expect(settingsError({ ...base, "api-key": "k", timeout: "0" })).toMatch(/shorter than the limit of 1s/);
    expect(settingsError({ ...base, "api-key": "k", timeout: "121h" })).toMatch(
      /longer than the limit of 120h/,
    );
  });
});

describe("api-key input", () => {
  it.each([
    ["a line break", "sk-abc\ndef"],
    ["a line break", "sk-abc\rdef"],
    ["a control character", "sk-abc\u0000def"],
    ["a control character", "sk-abc\tdef"],
    ["a control character", "sk-abc\u007fdef"],
    ["a character that is not plain ASCII", "sk-abc\u2603def"],
  ])("refuses a key containing %s, without showing the key", (what, key) => {
    const message = settingsError({ ...base, "api-key": key });
    expect(message).toContain(`input "api-key": the key contains ${what}`);
    expect(message).not.toMatch(/abc|def/);
  });

  it("accepts a key with a trailing newline, as secrets pasted from a file have", () => {
    expect(
      readSettings((name) => ({ ...base, "api-key": "sk-abc\n" })[name], "/tmp/w", {
        defaults: actionDefaults(),
      }).apiKey,
    ).toBe("sk-abc");
  });
});

describe("pollIntervalWarning", () => {
  const of = (model: string, selected = true) => {
    const family = findFamily(model);
    if (!family) throw new Error(model);
    return { family, selected };
  };
  const image = [of("nano-banana-2")];
  const remote = "https://api.example.com";
  const oneSecond = fixedInterval(1_000);

  it("warns when a kind the plan uses is polled below the API's documented minimum on a remote host", () => {
    expect(pollIntervalWarning(image, oneSecond, remote)).toMatch(
      /^"poll-interval" polls faster than the API documents as its minimum \(2s for image\)/,
    );
    expect(pollIntervalWarning([of("veo_3_1_fast"), of("soundCloningAudio")], oneSecond, remote)).toMatch(
      /\(30s for video, 5s for audio\)/,
    );
  });

  it("takes a family's own documented minimum: Seedance 2.0 may be polled every 20 s", () => {
    const twentySeconds = fixedInterval(20_000);
    expect(pollIntervalWarning([of("seedance_2_0")], twentySeconds, remote)).toBeUndefined();
    expect(pollIntervalWarning([of("seedance_2_0")], fixedInterval(10_000), remote)).toMatch(
      /\(20s for video\)/,
    );
    expect(pollIntervalWarning([of("seedance_2_0"), of("veo_3_1_fast")], twentySeconds, remote)).toMatch(
      /\(30s for video\)/,
    );
  });

  it("is silent for the defaults, kinds the plan does not use, unselected tasks and loopback hosts", () => {
    const all = ["veo_3_1_fast", "nano-banana-2", "soundCloningAudio", "gpt-5.4"].map((model) => of(model));
    expect(pollIntervalWarning(all, undefined, remote)).toBeUndefined();
    expect(pollIntervalWarning([of("gpt-5.4")], oneSecond, remote)).toBeUndefined();
    expect(pollIntervalWarning([of("nano-banana-2", false)], oneSecond, remote)).toBeUndefined();
    const ranged = { minMs: 2_000, maxMs: 5_000 };
    expect(pollIntervalWarning(image, ranged, remote)).toBeUndefined();
    for (const loopback of ["http://127.0.0.1:8080", "http://[::1]:9", "http://localhost/api"]) {
      expect(pollIntervalWarning(image, oneSecond, loopback)).toBeUndefined();
    }
  });
});

describe("input defaults", () => {
  const given = { "api-key": "sk-defaults-1", prompt: "p", model: "nano-banana-2" };

  it("come from action.yml, the only place they are written", () => {
    const settings = readSettings((name) => given[name as keyof typeof given], "/tmp/w", {
      defaults: actionDefaults(),
    });
    expect(actionDefaults()).toMatchObject({
      concurrency: "4",
      timeout: "5h30m",
      "output-dir": "generated-media",
    });
    expect(settings).toMatchObject({
      concurrency: 4,
      timeoutMs: 5.5 * 3_600_000,
      failOn: "any",
      resume: true,
    });
    expect(settings.outputDir).toBe("/tmp/w/generated-media");
    // An expression default only the runner can evaluate is left to it.
    expect(actionDefaults()["github-token"]).toBeUndefined();
  });

  it("are whatever the defaults say: readSettings keeps none of its own", () => {
    const settings = readSettings((name) => given[name as keyof typeof given], "/tmp/w", {
      defaults: { ...actionDefaults(), concurrency: "9", timeout: "2m", "fail-on": "never" },
    });
    expect(settings).toMatchObject({ concurrency: 9, timeoutMs: 120_000, failOn: "never" });
    expect(() =>
      readSettings((name) => given[name as keyof typeof given], "/tmp/w", { defaults: {} }),
    ).toThrow(/is not set, and action.yml gives it no default/);
  });
});
