import { describe, expect, it } from "vitest";
import { findFamily } from "../../src/models/registry.ts";
import { hashInputs, type Task } from "../../src/plan/tasks.ts";
import type { TaskRecord } from "../../src/run/record.ts";
import { freshRecord, startingPoint, startingRecords } from "../../src/run/resume.ts";

function task(name: string, prompt = name): Task {
  const family = findFamily("nano-banana-2");
  if (!family) throw new Error("registry");
  const body = { model: "nano-banana-2", prompt };
  return {
    name,
    model: "nano-banana-2",
    family,
    kind: "image",
    endpoint: family.createPath,
    body,
    inputHash: hashInputs("nano-banana-2", family.createPath, body),
    selected: true,
    origin: "test",
  };
}

function earlier(t: Task, change: Partial<TaskRecord>): TaskRecord {
  return { ...freshRecord(t), submittedAt: "2026-11-25T10:00:00.000Z", ...change };
}

const file = { path: "generated-media/a.png", bytes: 3, sha256: "a".repeat(64), contentType: "image/png" };

describe("resuming from an earlier run", () => {
  it("keeps an intact completed file, re-fetches a missing one, and re-attaches a pending id", () => {
    const [a, b, c, d] = [task("a"), task("b"), task("c"), task("d")];
    if (!a || !b || !c || !d) throw new Error();
    const previous = [
      earlier(a, { status: "completed", taskId: "id-a", file, error: null }),
      earlier(b, {
        status: "completed",
        taskId: "id-b",
        file: { ...file, path: "generated-media/b.png" },
        error: null,
      }),
      earlier(c, { status: "pending", taskId: "id-c", error: "still running" }),
      earlier(d, { status: "skipped", error: "not submitted: the time budget ran out before its turn" }),
    ];
    const records = startingRecords([a, b, c, d], previous, (f) => f.path === "generated-media/a.png");
    expect(records.map((r) => [r.name, r.status, r.taskId, startingPoint(r)])).toEqual([
      ["a", "completed", "id-a", "done"],
      ["b", "pending", "id-b", "follow"],
      ["c", "pending", "id-c", "follow"],
      ["d", "skipped", null, "submit"],
    ]);
    expect(records[1]?.file).toBeNull();
  });

  it("does not resubmit a failure, even an ambiguous create without an id", () => {
    const t = task("a");
    const records = startingRecords(
      [t],
      [earlier(t, { status: "failed", taskId: null, error: "answer was lost" })],
      () => true,
    );
    expect(records[0]).toMatchObject({ status: "failed", error: "answer was lost" });
    expect(startingPoint(records[0] as TaskRecord)).toBe("done");
  });

  it("starts afresh when the task's inputs changed or it is new", () => {
    const before = task("a", "old prompt");
    const after = task("a", "new prompt");
    const records = startingRecords(
      [after, task("new")],
      [earlier(before, { status: "completed", taskId: "id-a", file, error: null })],
      () => true,
    );
    expect(records.map((r) => [r.name, r.status, r.taskId])).toEqual([
      ["a", "skipped", null],
      ["new", "skipped", null],
    ]);
  });

  it("with skip-existing, skips an unchanged task whose file is intact, even without resume", () => {
    const [a, b] = [task("a"), task("b")];
    if (!a || !b) throw new Error();
    const previous = [
      earlier(a, {
        status: "completed",
        taskId: "id-a",
        file,
        error: null,
        finishedAt: "2026-11-24T09:00:00.000Z",
      }),
      earlier(b, { status: "pending", taskId: "id-b", error: "still running" }),
    ];
    const records = startingRecords([a, b], previous, () => true, { resume: false, skipExisting: true });
    expect(records.map((r) => [r.name, r.status, startingPoint(r)])).toEqual([
      ["a", "skipped", "done"],
      ["b", "skipped", "submit"],
    ]);
    expect(records[0]?.error).toBe(
      "unchanged since 2026-11-24T09:00:00.000Z (skip-existing): the file is kept",
    );
    expect(records[0]?.file).toEqual(file);
  });
  it("with skip-existing and resume, follows a pending task that has its audio but not its subtitles", () => {
    const [a] = [task("a")];
    if (!a) throw new Error();
    const previous = [
      earlier(a, {
        status: "pending",
        taskId: "id-a",
        file,
        error: "the audio is downloaded, but its subtitles failed",
      }),
    ];
    const [record] = startingRecords([a], previous, () => true, { resume: true, skipExisting: true });
    expect(record && [record.status, record.taskId, startingPoint(record)]).toEqual([
      "pending",
      "id-a",
      "follow",
    ]);
  });
});
