import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { Ledger } from "../../src/run/ledger.ts";
import type { TaskRecord } from "../../src/run/record.ts";

function records(n: number): TaskRecord[] {
  return Array.from({ length: n }, (_, i) => ({
    name: `t${i}`,
    model: "nano-banana-2",
    kind: "image",
    status: "skipped",
    taskId: null,
    submittedAt: null,
    finishedAt: null,
    file: null,
    inputHash: "h",
    error: "not submitted yet",
  }));
}

const onDisk = (ledger: Ledger): TaskRecord[] => JSON.parse(readFileSync(ledger.file, "utf8")).tasks;

describe("results.json ledger", () => {
  it("coalesces many changes into few writes, and persist() puts every change on disk", async () => {
    const ledger = new Ledger(
      path.join(mkdtempSync(path.join(tmpdir(), "ledger-")), "out/results.json"),
      records(1000),
      {
        coalesceMs: 50,
      },
    );
    const initialWrites = ledger.writes;
    for (let i = 0; i < 1000; i++) ledger.update(`t${i}`, { status: "pending", taskId: `id-${i}` });
    await Promise.all([ledger.persist(), ledger.persist(), ledger.persist()]);
    expect(onDisk(ledger).every((r) => r.status === "pending" && r.taskId === `id-${r.name.slice(1)}`)).toBe(
      true,
    );
    expect(ledger.writes - initialWrites).toBe(1);
  });

  it("writes changes within the coalescing window without being asked", async () => {
    const ledger = new Ledger(
      path.join(mkdtempSync(path.join(tmpdir(), "ledger-")), "results.json"),
      records(2),
      {
        coalesceMs: 20,
      },
    );
    ledger.update("t1", { status: "failed", error: "boom" });
    expect(onDisk(ledger)[1]?.status).toBe("skipped");
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(onDisk(ledger)[1]).toMatchObject({ status: "failed", error: "boom" });
  });

  it("never leaves a temporary file behind, and a sync flush is immediate", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "ledger-"));
    const ledger = new Ledger(path.join(dir, "results.json"), records(3));
    ledger.update("t0", { status: "completed" });
    ledger.flushSync();
    expect(onDisk(ledger)[0]?.status).toBe("completed");
    expect(readFileSync(ledger.file, "utf8").endsWith("\n")).toBe(true);
  });
});
