import { describe, expect, it } from "vitest";
import { escapeMarkdown } from "../../src/deliver/markdown.ts";
import { failureReason } from "../../src/deliver/outcome.ts";
import { renderSummary, summaryLimitBytes } from "../../src/deliver/summary.ts";
import type { TaskRecord } from "../../src/run/record.ts";

function record(overrides: Partial<TaskRecord>): TaskRecord {
  return {
    name: "hero",
    model: "veo_3_1_fast",
    kind: "video",
    status: "completed",
    taskId: "vgen_1",
    submittedAt: "2026-11-25T10:00:00.000Z",
    finishedAt: "2026-11-25T10:02:05.000Z",
    file: {
      path: "generated-media/hero.mp4",
      bytes: 2_097_152,
      sha256: "a".repeat(64),
      contentType: "video/mp4",
    },
    inputHash: "h",
    error: null,
    ...overrides,
  };
}

describe("job summary", () => {
  it("counts, lists every task with model, status, time, file and size", () => {
    const text = renderSummary({
      records: [
        record({}),
        record({ name: "logo", status: "failed", file: null, error: "Content policy violation" }),
      ],
      resultsFile: "generated-media/results.json",
      elapsedMs: 130_000,
    });
    expect(text).toContain("**1** completed · **1** failed · **0** pending");
    expect(text).toContain(
      "| hero | veo\\_3\\_1\\_fast | ✅ completed | 2m5s | generated-media/hero.mp4 | 2.0 MiB |",
    );
    expect(text).toMatch(
      /<details><summary>1 task with errors<\/summary>[\s\S]*\*\*logo\*\* \(failed\): Content policy violation/,
    );
  });

  it("escapes untrusted text: HTML, pipes, mentions and Markdown", () => {
    const escaped = escapeMarkdown("<img src=x onerror=alert(1)> | @octocat **bold** [link](http://x)");
    expect(escaped).not.toMatch(/<img|@octocat|\*\*bold|\]\(/);
    expect(escaped).not.toContain("|");
    const text = renderSummary({
      records: [record({ status: "failed", file: null, error: "<script>alert(1)</script> @admin |x|" })],
      resultsFile: "r.json",
      elapsedMs: 0,
    });
    expect(text).not.toContain("<script>");
    expect(text).not.toContain("@admin");
  });

  it("stays under the 1 MiB limit with a note when there are too many tasks", () => {
    const records = Array.from({ length: 20_000 }, (_, i) =>
      record({ name: `task-${i}`, status: "failed", file: null, error: "x".repeat(200) }),
    );
    const text = renderSummary({ records, resultsFile: "r.json", elapsedMs: 1 });
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(summaryLimitBytes);
    expect(text).toMatch(/more tasks are not shown/);
  });
});

describe("fail-on", () => {
  const done = record({});
  const failed = record({ name: "b", status: "failed", file: null, error: "boom" });
  it("any fails on one failure, all only when nothing completed, never never", () => {
    expect(failureReason([done, failed], "any")).toMatch(/1 of 2 tasks did not complete/);
    expect(failureReason([done, failed], "all")).toBeUndefined();
    expect(failureReason([failed], "all")).toMatch(/none of the 1 tasks completed/);
    expect(failureReason([failed], "never")).toBeUndefined();
  });

  it("does not count tasks left out by `only`", () => {
    expect(
      failureReason(
        [done, record({ name: "c", status: "skipped", file: null, error: "not selected by the only input" })],
        "any",
      ),
    ).toBeUndefined();
  });
});

describe("escaping", () => {
  it("produces entities GitHub renders, not escaped ones", () => {
    expect(escapeMarkdown("@octocat | #1 <b>")).toBe("&#64;octocat &#124; \\#1 &lt;b&gt;");
  });
});
