import { afterEach, describe, expect, it } from "vitest";
import {
  codeSpan,
  escapeMarkdown,
  fencedBlock,
  keepWhatFits,
  linkTarget,
} from "../../src/deliver/markdown.ts";
import { listOutputs } from "../../src/deliver/outputs.ts";
import type { TaskRecord } from "../../src/run/record.ts";
import { inertLogText } from "../../src/runner-output.ts";
import { forgetSecrets, holdsSecret, redact, redactValue, registerSecret } from "../../src/secrets.ts";
import { commandPayload, liveCommands } from "../hostile/support/payloads.ts";

afterEach(() => forgetSecrets());

describe("redaction", () => {
  it("masks a registered value in its raw, JSON, doubly escaped and URL spellings", () => {
    const key = 'sk-a"b\\c d-123456';
    registerSecret(key);
    const inJson = (t: string) => JSON.stringify(t).slice(1, -1);
    for (const spelling of [key, inJson(key), inJson(inJson(key)), encodeURIComponent(key)]) {
      expect(redact(`before ${spelling} after`)).toBe("before *** after");
    }
    expect(holdsSecret(`x${key}`)).toBe(true);
    expect(redactValue({ error: `bad ${key}`, n: 1, list: [key] })).toEqual({
      error: "bad ***",
      n: 1,
      list: ["***"],
    });
  });

  it("leaves values too short to be keys alone, so text is not garbled", () => {
    registerSecret("abc");
    expect(redact("abc abc")).toBe("abc abc");
  });

  it("redacts before escaping, so Markdown cannot hide a key's spelling", () => {
    registerSecret("sk-live\\key_1234");
    expect(escapeMarkdown("key sk-live\\key_1234")).toBe("key \\*\\*\\*");
    expect(codeSpan("sk-live\\key_1234")).toBe("`***`");
  });
});

describe("log lines", () => {
  it("cannot start a workflow command, whatever the text holds", () => {
    const text = inertLogText(`task failed: ${commandPayload("PWNED")}`);
    expect(liveCommands(text).filter((line) => line.includes("PWNED"))).toEqual([]);
    // Plain text passes unchanged.
    expect(inertLogText("progress: 3 done")).toBe("progress: 3 done");
  });

  it("uses a token nobody can guess for each wrapped text", () => {
    const a = inertLogText("::x::");
    const b = inertLogText("::x::");
    expect(a).not.toBe(b);
    expect(a).toMatch(/^::stop-commands::[0-9a-f]{32}\n::x::\n::[0-9a-f]{32}::$/);
  });
});

describe("Markdown sinks", () => {
  it("keep untrusted text inside one table cell", () => {
    const cell = escapeMarkdown("a\r\nb\u2028c\u0085d | <img> [x](y) @octocat");
    expect(cell).not.toMatch(/[\r\n\u2028\u0085|<]/);
    expect(cell).toContain("&#64;octocat");
    expect(codeSpan("id`\n| # x")).toBe("`id  # x`");
  });

  it("link only http(s) URLs, with nothing that ends the target", () => {
    expect(linkTarget("javascript:alert(1)")).toBeUndefined();
    expect(linkTarget("https://x.example/a b)|<")).toBe("https://x.example/a%20b%29%7C%3C");
  });

  it("fence code so that no content can close the block", () => {
    const block = fencedBlock("a ```` b");
    expect(block.startsWith("`````\n")).toBe(true);
    expect(block.endsWith("\n`````")).toBe(true);
  });

  it("find the most rows that fit", () => {
    const render = (keep: number) => "x".repeat(keep * 10);
    expect(keepWhatFits(100, render, (t) => t.length <= 555)).toHaveLength(550);
  });
});

describe("list outputs", () => {
  const record = (i: number): TaskRecord => ({
    name: `t${i}`,
    model: "m",
    kind: "image",
    status: "completed",
    taskId: `id${i}`,
    submittedAt: null,
    finishedAt: null,
    file: { path: `out/t${i}.png`, bytes: 1, sha256: "0".repeat(64), contentType: "image/png" },
    inputHash: "h",
    error: null,
  });

  it("stay whole and valid under the limit, and say where the rest is", () => {
    const records = Array.from({ length: 50 }, (_, i) => record(i));
    const whole = listOutputs(records, "out/results.json");
    expect(JSON.parse(whole.results)).toHaveLength(50);
    expect(whole.notes).toEqual([]);
    const capped = listOutputs(records, "out/results.json", 2_000);
    const kept = JSON.parse(capped.results) as TaskRecord[];
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(50);
    expect(Buffer.byteLength(capped.results)).toBeLessThanOrEqual(2_000);
    expect(capped.notes[0]).toMatch(/first \d+ of 50 task records.*out\/results\.json/);
    expect(capped.files.split("\n").length).toBeLessThanOrEqual(50);
  });
});
