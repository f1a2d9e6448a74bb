import { closeSync, mkdirSync, rmSync, writeSync } from "node:fs";
import path from "node:path";
import { openForAppend, writeFileAtomicSync } from "../safe-fs.ts";
import { redactValue } from "../secrets.ts";
import type { AssetRecord, TaskRecord } from "./record.ts";

/** A results.json this small (a few hundred tasks) is rewritten on every change: that costs microseconds. */
const smallFileBytes = 64 * 1024;

/** Beside results.json: the changes made since it was last rewritten, one whole record per line. */
export function journalOf(resultsFile: string): string {
  return `${resultsFile}.journal`;
}

/**
 * Keeps results.json current. Every change is on disk before `update()` returns: it is appended to the
 * journal beside results.json (`results.json.journal`), one whole record per line, a write the size of the
 * change. results.json itself is rewritten atomically (a temporary file and a rename, so a crash leaves the
 * previous version or the new one, never half a file) after every change while it is small, whenever the
 * journal has grown as large as it, and by
 * `compact()`, which folds the journal in and removes it: at the end of a run, on a signal, and when the
 * post step or a later run reads what a killed run left (see `readResultsFile`).
 *
 * Why not rewrite results.json on every change: the file grows with the batch, so at 10,000 tasks each
 * rewrite costs megabytes and the run's writes grow with the square of its size. Rewriting when the journal
 * is as large as the file keeps the bytes written to at most three times the changes themselves.
 *
 * The task ids in these files are what stops a later run from paying twice, so nothing waits on a timer.
 */
export class Ledger {
  readonly file: string;
  readonly journal: string;
  private readonly records: TaskRecord[];
  /** Each record's serialized text, until it changes: the journal's line and results.json's line alike. */
  private readonly lines: (string | undefined)[] = [];
  private readonly index = new Map<string, number>();
  /** Asset uploads by asset name: this run's, and the earlier ones it may reuse (design 9). */
  private readonly assetRecords = new Map<string, AssetRecord>();
  private journalFd: number | undefined;
  private journalBytes = 0;
  private snapshotBytes = 0;
  /** Told of every change to a task's record once it is on disk (a terminal view redraws from them). */
  private readonly listeners: ((record: TaskRecord) => void)[] = [];
  /** Rewrites of results.json and appends to the journal so far; benchmarks and tests read them. */
  writes = 0;
  appends = 0;

  constructor(file: string, records: readonly TaskRecord[], assets: readonly AssetRecord[] = []) {
    this.file = file;
    this.journal = journalOf(file);
    this.records = records.map((r) => redactValue({ ...r }));
    for (const asset of assets) this.assetRecords.set(asset.name, redactValue({ ...asset }));
    this.records.forEach((record, i) => {
      this.index.set(record.name, i);
    });
    // The action checked and made output-dir already (prepareOutputDir); this is for other callers.
    mkdirSync(path.dirname(file), { recursive: true });
    this.compact();
  }

  get(name: string): TaskRecord {
    return { ...this.records[this.indexOf(name)] } as TaskRecord;
  }

  /** Applies a change and puts it on disk before returning. */
  update(name: string, change: Partial<TaskRecord>): TaskRecord {
    const i = this.indexOf(name);
    // Records are what every exit (results.json, outputs, the summary, the comment) is made from: API text
    // enters them here, and is redacted here, before any of those encodes it.
    const record = Object.assign(this.records[i] as TaskRecord, redactValue(change));
    const line = JSON.stringify(record);
    this.lines[i] = line;
    this.append(`${line}\n`);
    if (this.snapshotBytes <= smallFileBytes || this.journalBytes >= this.snapshotBytes) {
      try {
        this.compact();
      } catch {
        // The change is in the journal already; the next rewrite (at the latest the final one, whose error
        // fails the step) folds it in.
      }
    }
    for (const listener of this.listeners) {
      try {
        listener({ ...record });
      } catch {
        // Whoever watches the run (a view) must not be able to lose a change that is already on disk.
      }
    }
    return { ...record };
  }

  /** Calls `listener` with a task's record after each change to it is on disk. */
  onChange(listener: (record: TaskRecord) => void): void {
    this.listeners.push(listener);
  }

  /**
   * Records an asset upload or a change of its status, on disk before returning: an asset id is paid for
   * (moderation) like a task id. In the journal an asset's line is `{"asset": …}`, which no task line is.
   */
  recordAsset(asset: AssetRecord): void {
    const record = redactValue({ ...asset });
    this.assetRecords.set(record.name, record);
    this.append(`${JSON.stringify({ asset: record })}\n`);
    if (this.snapshotBytes <= smallFileBytes || this.journalBytes >= this.snapshotBytes) {
      try {
        this.compact();
      } catch {
        // In the journal already, as for a task's change.
      }
    }
  }

  assets(): AssetRecord[] {
    return [...this.assetRecords.values()].map((a) => ({ ...a }));
  }

  all(): TaskRecord[] {
    return this.records.map((r) => ({ ...r }));
  }

  /** Rewrites results.json with every change so far and removes the journal. */
  compact(): void {
    const text = this.serialize();
    try {
      // A temporary file of a fresh name, then a rename: a link planted as results.json (or as any
      // temporary name) is replaced, never written through.
      writeFileAtomicSync(this.file, text, { suffix: ".tmp" });
    } catch (error) {
      throw new Error(`could not write ${this.file}: ${(error as Error).message}`);
    }
    this.writes++;
    this.snapshotBytes = text.length;
    // Only after the rename: a crash in between leaves a journal whose records results.json already holds,
    // and replaying them changes nothing.
    if (this.journalFd !== undefined) closeSync(this.journalFd);
    this.journalFd = undefined;
    this.journalBytes = 0;
    rmSync(this.journal, { force: true });
  }

  private append(text: string): void {
    try {
      this.journalFd ??= openForAppend(this.journal);
      writeSync(this.journalFd, text);
    } catch (error) {
      throw new Error(`could not write ${this.journal}: ${(error as Error).message}`);
    }
    this.appends++;
    this.journalBytes += text.length;
  }

  private indexOf(name: string): number {
    const i = this.index.get(name);
    if (i === undefined) throw new Error(`no record for task ${name}`);
    return i;
  }

  /** One record per line: still readable and diffable, and only changed records are serialized again. */
  private serialize(): string {
    const lines = this.records.map((record, i) => {
      let line = this.lines[i];
      if (line === undefined) {
        line = JSON.stringify(record);
        this.lines[i] = line;
      }
      return line;
    });
    const assets = [...this.assetRecords.values()].map((a) => JSON.stringify(a));
    const assetPart = assets.length ? `,"assets":[\n${assets.join(",\n")}\n]` : "";
    return `{"version":1,"tasks":[\n${lines.join(",\n")}\n]${assetPart}}\n`;
  }
}
