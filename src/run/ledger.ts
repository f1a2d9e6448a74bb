import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { ResultsFile, TaskRecord } from "./record.ts";

/**
 * Keeps results.json current. Every state change is written through a temporary file and a rename, so a
 * crash or a kill leaves either the previous record or the new one, never half a file: the task ids in it
 * are what stops a later run from paying twice.
 */
export class Ledger {
  readonly file: string;
  private readonly records: TaskRecord[];
  private readonly index = new Map<string, number>();

  constructor(file: string, records: readonly TaskRecord[]) {
    this.file = file;
    this.records = records.map((r) => ({ ...r }));
    this.records.forEach((record, i) => {
      this.index.set(record.name, i);
    });
    mkdirSync(path.dirname(file), { recursive: true });
    this.flush();
  }

  get(name: string): TaskRecord {
    const i = this.index.get(name);
    if (i === undefined) throw new Error(`no record for task ${name}`);
    return this.records[i] as TaskRecord;
  }

  /** Applies a change and writes the file at once. */
  update(name: string, change: Partial<TaskRecord>): TaskRecord {
    const record = Object.assign(this.get(name), change);
    this.flush();
    return { ...record };
  }

  all(): TaskRecord[] {
    return this.records.map((r) => ({ ...r }));
  }

  flush(): void {
    const content: ResultsFile = { version: 1, tasks: this.records };
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(content, null, 2)}\n`);
    renameSync(temporary, this.file);
  }
}
