import { createHash } from "node:crypto";
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import path from "node:path";
import { ConfigError } from "../errors.ts";
import { journalOf } from "./ledger.ts";
import { type ResultsFile, resultsFileSchema, type TaskRecord, taskRecordSchema } from "./record.ts";

/**
 * Reads an earlier results.json. A file the user named (`resume-from`) must be valid; one the action finds
 * on its own (in `output-dir`) is ignored with a reason when it is not, since a run must not fail because
 * of a stale leftover. A killed run's last changes may be in the journal beside it; they are applied.
 */
export function readResultsFile(file: string, display: string, required: boolean): TaskRecord[] | string {
  if (!existsSync(file)) {
    if (required) throw new ConfigError(`input "resume-from": ${display} does not exist.`);
    return `no earlier results at ${display}`;
  }
  let parsed: ResultsFile;
  try {
    parsed = resultsFileSchema.parse(JSON.parse(readFileSync(file, "utf8")));
  } catch (error) {
    const reason = `${display} is not a results.json of this action (${(error as Error).message.split("\n")[0]})`;
    if (required) throw new ConfigError(`input "resume-from": ${reason}.`);
    return reason;
  }
  return withJournal(parsed.tasks, journalOf(file));
}

/**
 * Applies the changes a run appended after its last rewrite of results.json (see `Ledger`), in order. Lines
 * that do not parse are skipped: the last one may have been cut short by a kill, and an earlier change of
 * the same task was superseded anyway. Only tasks already in results.json are changed.
 */
function withJournal(tasks: TaskRecord[], journal: string): TaskRecord[] {
  if (!existsSync(journal)) return tasks;
  const index = new Map(tasks.map((task, i) => [task.name, i]));
  for (const line of readFileSync(journal, "utf8").split("\n")) {
    const change = line ? taskRecordSchema.safeParse(safeJson(line)) : undefined;
    const i = change?.success ? index.get(change.data.name) : undefined;
    if (change?.success && i !== undefined) tasks[i] = change.data;
  }
  return tasks;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** True when a recorded file is in the workspace with the recorded size and sha256. */
export function intactOnDisk(workspace: string): (file: NonNullable<TaskRecord["file"]>) => boolean {
  return (file) => {
    const absolute = path.resolve(workspace, file.path);
    const relative = path.relative(workspace, absolute);
    if (relative.startsWith("..") || path.isAbsolute(relative) || !existsSync(absolute)) return false;
    if (statSync(absolute).size !== file.bytes) return false;
    return sha256OfFile(absolute) === file.sha256;
  };
}

function sha256OfFile(file: string): string {
  const hash = createHash("sha256");
  const buffer = Buffer.allocUnsafe(1024 * 1024);
  const fd = openSync(file, "r");
  try {
    for (let read = readSync(fd, buffer); read > 0; read = readSync(fd, buffer))
      hash.update(buffer.subarray(0, read));
  } finally {
    closeSync(fd);
  }
  return hash.digest("hex");
}
