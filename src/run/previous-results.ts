import { createHash } from "node:crypto";
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import path from "node:path";
import { ConfigError } from "../errors.ts";
import { type ResultsFile, resultsFileSchema, type TaskRecord } from "./record.ts";

/**
 * Reads an earlier results.json. A file the user named (`resume-from`) must be valid; one the action finds
 * on its own (in `output-dir`) is ignored with a reason when it is not, since a run must not fail because
 * of a stale leftover.
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
  return parsed.tasks;
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
