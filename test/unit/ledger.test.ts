import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { journalOf, Ledger } from "../../src/run/ledger.ts";
import { readResultsFile } from "../../src/run/previous-results.ts";
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

const newLedger = (n: number) =>
  new Ledger(path.join(mkdtempSync(path.join(tmpdir(), "ledger-")), "out/results.json"), records(n));
const snapshot = (ledger: Ledger): TaskRecord[] => JSON.parse(readFileSync(ledger.file, "utf8")).tasks;
/** What the post step or a later run reads: results.json with the journal applied. */
const recorded = (ledger: Ledger): TaskRecord[] => {
  const read = readResultsFile(ledger.file, "results.json", true);
  if (typeof read === "string") throw new Error(read);
  return read;
};

describe("results.json ledger", () => {
  it("has every change on disk when update() returns", () => {
    const ledger = newLedger(1000);
    for (let i = 0; i < 1000; i++) {
      ledger.update(`t${i}`, { status: "pending", taskId: `id-${i}` });
      if (i % 97 === 0) expect(recorded(ledger)).toEqual(ledger.all());
    }
    expect(recorded(ledger)).toEqual(ledger.all());
    expect(
      recorded(ledger).every((r) => r.status === "pending" && r.taskId === `id-${r.name.slice(1)}`),
    ).toBe(true);
  });

  it("writes bytes in proportion to the changes, not to the changes times the file's size", () => {
    const ledger = newLedger(2000);
    let changeBytes = 0;
    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < 2000; i++) {
        const changed = ledger.update(`t${i}`, { status: "pending", taskId: `id-${round}-${i}` });
        changeBytes += JSON.stringify(changed).length + 1;
      }
    }
    // 8,000 changes to a 2,000-record file: rewriting it on every change would write it 8,000 times.
    expect(ledger.appends).toBe(8000);
    expect(ledger.writes).toBeLessThanOrEqual(1 + 4);
    const rewrittenAfterStart = (ledger.writes - 1) * statSync(ledger.file).size;
    expect(rewrittenAfterStart).toBeLessThanOrEqual(changeBytes * 1.05);
    expect(recorded(ledger)).toEqual(ledger.all());
  });

  it("rewrites a small run's results.json itself after every change", () => {
    const ledger = newLedger(100);
    for (let i = 0; i < 100; i++) {
      ledger.update(`t${i}`, { status: "failed", error: `boom ${i}` });
      expect(snapshot(ledger)[i]).toMatchObject({ status: "failed", error: `boom ${i}` });
      expect(existsSync(ledger.journal)).toBe(false);
    }
  });

  it("compact() folds the journal into results.json, removes it and leaves no temporary file", () => {
    const ledger = newLedger(1000);
    ledger.update("t0", { status: "completed" });
    expect(existsSync(ledger.journal)).toBe(true);
    expect(snapshot(ledger)[0]?.status).toBe("skipped");
    ledger.compact();
    expect(snapshot(ledger)).toEqual(ledger.all());
    expect(readdirSync(path.dirname(ledger.file))).toEqual(["results.json"]);
    expect(readFileSync(ledger.file, "utf8").endsWith("\n")).toBe(true);
  });

  it("skips a journal line cut short by a kill and keeps the complete ones", () => {
    const ledger = newLedger(1000);
    ledger.update("t1", { status: "pending", taskId: "id-1" });
    ledger.update("t2", { status: "pending", taskId: "id-2" });
    const text = readFileSync(ledger.journal, "utf8");
    writeFileSync(ledger.journal, text.slice(0, text.length - 20));
    const read = recorded(ledger);
    expect(read[1]).toMatchObject({ status: "pending", taskId: "id-1" });
    expect(read[2]).toMatchObject({ status: "skipped", taskId: null });
  });

  it("replays a journal that results.json already holds (a kill between the rewrite and the removal) to the same records", () => {
    const ledger = newLedger(1000);
    for (let i = 0; i < 50; i++) ledger.update(`t${i}`, { status: "pending", taskId: `a-${i}` });
    for (let i = 0; i < 50; i++) ledger.update(`t${i}`, { status: "completed" });
    const leftover = path.join(path.dirname(ledger.file), "leftover");
    copyFileSync(ledger.journal, leftover);
    ledger.compact();
    copyFileSync(leftover, journalOf(ledger.file));
    expect(recorded(ledger)).toEqual(ledger.all());
  });

  it("ignores journal lines of tasks results.json does not have", () => {
    const ledger = newLedger(1000);
    ledger.update("t0", { status: "completed" });
    writeFileSync(ledger.journal, `${JSON.stringify({ ...records(1)[0], name: "stranger" })}\n`, {
      flag: "a",
    });
    expect(recorded(ledger).map((r) => r.name)).toEqual(ledger.all().map((r) => r.name));
  });
});
