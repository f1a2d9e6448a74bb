import { createHash } from "node:crypto";
import { closeSync, fstatSync, lstatSync, readSync } from "node:fs";
import path from "node:path";
import { ConfigError } from "../errors.ts";
import { openOwnFile, readWorkspaceFile, whyNotOwnFile } from "../safe-fs.ts";
import { journalOf } from "./ledger.ts";
import {
  type AssetRecord,
  assetRecordSchema,
  type ResultsFile,
  resultsFileSchema,
  type TaskRecord,
  taskRecordSchema,
} from "./record.ts";

/** results.json and its journal hold a line per task: far below this even at 100,000 tasks. */
export const maxResultsBytes = 256 * 1024 * 1024;

/**
 * Reads an earlier results.json. A file the user named (`resume-from`) must be valid; one the action finds
 * on its own (in `output-dir`) is ignored with a reason when it is not, since a run must not fail because
 * of a stale leftover. A killed run's last changes may be in the journal beside it; they are applied.
 * Either file must be a regular file whose real path is inside `root` (the workspace; by default the
 * file's own folder) and at most `maxResultsBytes`: it came from the repository or an artifact.
 */
export function readResultsFile(
  file: string,
  display: string,
  required: boolean,
  root: string = path.dirname(file),
): TaskRecord[] | string {
  const results = readResults(file, display, required, root);
  return typeof results === "string" ? results : results.tasks;
}

/** As `readResultsFile`, with the asset uploads the file records (design 9). */
export function readResults(
  file: string,
  display: string,
  required: boolean,
  root: string = path.dirname(file),
): { tasks: TaskRecord[]; assets: AssetRecord[] } | string {
  if (!exists(file)) {
    if (required) throw new ConfigError(`input "resume-from": ${display} does not exist.`);
    return `no earlier results at ${display}`;
  }
  let parsed: ResultsFile;
  try {
    const text = readWorkspaceFile(root, file, { maxBytes: maxResultsBytes, label: display });
    parsed = resultsFileSchema.parse(JSON.parse(text));
  } catch (error) {
    const reason =
      error instanceof ConfigError
        ? error.message
        : `${display} is not a results.json of this action (${(error as Error).message.split("\n")[0]})`;
    if (required) throw new ConfigError(`input "resume-from": ${reason}.`);
    return reason;
  }
  const journal = journalOf(file);
  if (!exists(journal)) return { tasks: parsed.tasks, assets: parsed.assets };
  let text: string;
  try {
    text = readWorkspaceFile(root, journal, { maxBytes: maxResultsBytes, label: `${display}.journal` });
  } catch (error) {
    if (required) throw new ConfigError(`input "resume-from": ${(error as Error).message}.`);
    // results.json alone still holds every task id up to its last rewrite.
    return { tasks: parsed.tasks, assets: parsed.assets };
  }
  return { tasks: withJournal(parsed.tasks, text), assets: assetsWithJournal(parsed.assets, text) };
}

/** The asset lines (`{"asset": …}`) of a journal applied in order; an asset new since the rewrite is added. */
function assetsWithJournal(assets: AssetRecord[], journal: string): AssetRecord[] {
  const byName = new Map(assets.map((asset) => [asset.name, asset]));
  for (const line of journal.split("\n")) {
    if (!line.startsWith('{"asset":')) continue;
    const change = assetRecordSchema.safeParse((safeJson(line) as { asset?: unknown } | undefined)?.asset);
    if (change.success) byName.set(change.data.name, change.data);
  }
  return [...byName.values()];
}

/**
 * Applies the changes a run appended after its last rewrite of results.json (see `Ledger`), in order. Lines
 * that do not parse are skipped: the last one may have been cut short by a kill, and an earlier change of
 * the same task was superseded anyway. Only tasks already in results.json are changed.
 */
function withJournal(tasks: TaskRecord[], journal: string): TaskRecord[] {
  const index = new Map(tasks.map((task, i) => [task.name, i]));
  for (const line of journal.split("\n")) {
    const change = line ? taskRecordSchema.safeParse(safeJson(line)) : undefined;
    const i = change?.success ? index.get(change.data.name) : undefined;
    if (change?.success && i !== undefined) tasks[i] = change.data;
  }
  return tasks;
}

/** Present under that name in any form (a dangling link too): what is there is for the reader to judge. */
function exists(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * An earlier record is untrusted (it came from the repository, an artifact or `resume-from`): a file it
 * names is dropped unless it is a regular file inside `output-dir` reached through no symbolic link, so a
 * record cannot adopt `README.md`, `../../etc/hosts` or a link's target, list it in the `files` output or
 * have it uploaded. A completed task whose file is dropped is fetched again by its id, like a missing file.
 */
export function withOwnFilesOnly(
  records: readonly TaskRecord[],
  workspace: string,
  outputDir: string,
  log: (line: string) => void,
): TaskRecord[] {
  return records.map((record) => {
    let own = record;
    if (record.file) {
      const why = whyNotOwnFile(workspace, outputDir, record.file.path);
      if (why) {
        log(`The earlier record of task "${record.name}" names a file that is not used: ${why}.`);
        own = { ...own, file: null };
      }
    }
    if (record.subtitles) {
      const why = whyNotOwnFile(workspace, outputDir, record.subtitles.path);
      if (why) {
        log(`The earlier record of task "${record.name}" names a subtitle file that is not used: ${why}.`);
        own = { ...own, subtitles: null };
      }
    }
    return own;
  });
}

/** True when a recorded file is a regular file inside `outputDir` with the recorded size and sha256. */
export function intactOnDisk(
  workspace: string,
  outputDir: string,
): (file: NonNullable<TaskRecord["file"]>) => boolean {
  return (file) => {
    if (whyNotOwnFile(workspace, outputDir, file.path)) return false;
    try {
      return sha256OfFile(path.resolve(workspace, file.path), file.bytes) === file.sha256;
    } catch {
      return false;
    }
  };
}

/** The file's sha256, or undefined when its size is not the expected one (no need to read it then). */
function sha256OfFile(file: string, bytes: number): string | undefined {
  const hash = createHash("sha256");
  const buffer = Buffer.allocUnsafe(1024 * 1024);
  const fd = openOwnFile(file);
  try {
    if (fstatSync(fd).size !== bytes) return undefined;
    for (let read = readSync(fd, buffer); read > 0; read = readSync(fd, buffer))
      hash.update(buffer.subarray(0, read));
  } finally {
    closeSync(fd);
  }
  return hash.digest("hex");
}
