import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { TaskRecord } from "./record.ts";

/**
 * Keeps results.json current. Every write goes through a temporary file and a rename, so a crash or a kill
 * leaves either the previous record or the new one, never half a file: the task ids in it are what stops
 * a later run from paying twice.
 *
 * Writes are coalesced: changes within `coalesceMs` share one write, so 10,000 tasks do not rewrite a
 * growing file 30,000 times. A caller that must know a change is on disk before it goes on (a task id,
 * before polling; the "create in flight" mark, before sending) awaits `persist()`, and all callers waiting
 * at the same moment share the same write.
 */
export class Ledger {
  readonly file: string;
  private readonly records: TaskRecord[];
  /** Each record's serialized text, until it changes. */
  private readonly lines: (string | undefined)[] = [];
  private readonly index = new Map<string, number>();
  private readonly coalesceMs: number;
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;
  private waiters: { resolve: () => void; reject: (error: Error) => void }[] = [];
  /** Writes done so far; benchmarks and tests read it. */
  writes = 0;

  constructor(file: string, records: readonly TaskRecord[], options: { coalesceMs?: number } = {}) {
    this.file = file;
    this.coalesceMs = options.coalesceMs ?? 250;
    this.records = records.map((r) => ({ ...r }));
    this.records.forEach((record, i) => {
      this.index.set(record.name, i);
    });
    mkdirSync(path.dirname(file), { recursive: true });
    this.flushSync();
  }

  get(name: string): TaskRecord {
    const i = this.index.get(name);
    if (i === undefined) throw new Error(`no record for task ${name}`);
    return { ...(this.records[i] as TaskRecord) };
  }

  /** Applies a change; it reaches the disk within `coalesceMs` (await `persist()` to be sure). */
  update(name: string, change: Partial<TaskRecord>): TaskRecord {
    const i = this.index.get(name);
    if (i === undefined) throw new Error(`no record for task ${name}`);
    const record = Object.assign(this.records[i] as TaskRecord, change);
    this.lines[i] = undefined;
    this.dirty = true;
    this.schedule(this.coalesceMs);
    return { ...record };
  }

  /** Resolves once every change made so far is on disk. */
  persist(): Promise<void> {
    if (!this.dirty) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      this.schedule(0);
    });
  }

  all(): TaskRecord[] {
    return this.records.map((r) => ({ ...r }));
  }

  /**
   * Writes now. Writes are synchronous on purpose: an asynchronous write still in flight could rename an
   * older snapshot over a newer one; coalescing keeps them to a few per second.
   */
  flushSync(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const waiters = this.waiters.splice(0);
    try {
      const temporary = `${this.file}.${process.pid}.tmp`;
      writeFileSync(temporary, this.serialize());
      renameSync(temporary, this.file);
      this.dirty = false;
      this.writes++;
    } catch (error) {
      const failure = new Error(`could not write ${this.file}: ${(error as Error).message}`);
      for (const waiter of waiters) waiter.reject(failure);
      if (waiters.length === 0) throw failure;
      return;
    }
    for (const waiter of waiters) waiter.resolve();
  }

  private schedule(delayMs: number): void {
    if (this.timer && delayMs > 0) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      try {
        this.flushSync();
      } catch {
        // No one is waiting on this write: keep the change pending so the next write (at the latest the
        // final one, whose error fails the step) carries it.
        this.dirty = true;
      }
    }, delayMs);
  }

  /**
   * One record per line: still readable and diffable, and each record is serialized again only when it
   * changed, so a write costs the file's size, not a JSON.stringify of every record.
   */
  private serialize(): string {
    const lines = this.records.map((record, i) => {
      let line = this.lines[i];
      if (line === undefined) {
        line = JSON.stringify(record);
        this.lines[i] = line;
      }
      return line;
    });
    return `{"version":1,"tasks":[\n${lines.join(",\n")}\n]}\n`;
  }
}
