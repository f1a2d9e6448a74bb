/**
 * Where a run starts: the records of an earlier run (`resume-from`, the results.json in `output-dir`, or on a
 * re-run attempt the earlier attempt's artifact), checked and turned into this run's starting records by
 * the rules of resume.ts.
 */
import type { Settings } from "../plan/inputs.ts";
import type { Task } from "../plan/tasks.ts";
import { workspacePath } from "../safe-fs.ts";
import { artifactName } from "./artifact-names.ts";
import { intactOnDisk, readResults, withOwnFilesOnly } from "./previous-results.ts";
import type { AssetRecord, TaskRecord } from "./record.ts";
import { freshRecord, startingRecords } from "./resume.ts";

/**
 * Fetches an earlier attempt's results.json (and files) into `outputDir`. On GitHub that is the artifact of
 * the run's earlier attempt (earlier-attempt.ts); the caller passes it, so that the command, which has no
 * artifact, does not carry the artifact client.
 */
export type EarlierAttempt = (
  name: string,
  layout: "archive" | "per-file",
  outputDir: string,
) => Promise<{ resultsFile: string } | { reason: string }>;

/**
 * The records this run starts from. With `resume`, an earlier run's record keeps every task id that was
 * paid for: from `resume-from`, else the results.json already in `output-dir`, else (on a re-run attempt)
 * the earlier attempt's artifact. With `skip-existing`, unchanged tasks with intact files are skipped.
 */
export async function recordsToStartFrom(
  tasks: readonly Task[],
  settings: Settings,
  resultsFile: string,
  log: { info(line: string): void; debug(line: string): void },
  earlierAttempt?: EarlierAttempt,
): Promise<TaskRecord[]> {
  return (await startFrom(tasks, settings, resultsFile, log, earlierAttempt)).records;
}

/**
 * The task records this run starts from, and with `resume` the earlier run's asset uploads (design 9): an
 * asset that passed review is used again instead of being uploaded (and moderated) again.
 */
export async function startFrom(
  tasks: readonly Task[],
  settings: Settings,
  resultsFile: string,
  log: { info(line: string): void; debug(line: string): void },
  earlierAttempt?: EarlierAttempt,
): Promise<{ records: TaskRecord[]; assets: AssetRecord[] }> {
  if (!settings.resume && !settings.skipExisting) return { records: tasks.map(freshRecord), assets: [] };
  const display = (file: string) => workspacePath(settings.workspace, file);
  let source = settings.resumeFrom ?? resultsFile;
  let previous = readResults(source, display(source), !!settings.resumeFrom, settings.workspace);
  const attempt = Number(process.env.GITHUB_RUN_ATTEMPT) || 1;
  if (
    typeof previous === "string" &&
    earlierAttempt &&
    settings.resume &&
    attempt > 1 &&
    settings.artifactName
  ) {
    const name = artifactName(settings.artifactName, settings.shard);
    const restored = await earlierAttempt(name, settings.artifactLayout, settings.outputDir);
    if ("resultsFile" in restored) {
      source = restored.resultsFile;
      previous = readResults(source, `the artifact of attempt ${attempt - 1}`, false, settings.workspace);
    } else previous = restored.reason;
  }
  if (typeof previous === "string") {
    log.debug(`resume: ${previous}`);
    return { records: tasks.map(freshRecord), assets: [] };
  }
  const assets = settings.resume ? previous.assets : [];
  const earlier = withOwnFilesOnly(previous.tasks, settings.workspace, settings.outputDir, (line) =>
    log.info(line),
  );
  const intact = intactOnDisk(settings.workspace, settings.outputDir);
  const records = startingRecords(tasks, earlier, intact, settings);
  const reused = records.filter((r) => r.taskId !== null && r.status !== "skipped").length;
  const unchanged = records.filter((r) => r.status === "skipped" && r.file).length;
  if (reused > 0) {
    log.info(
      `Resuming from ${display(source)}: ${reused} task ids from an earlier run are reused, not resubmitted.`,
    );
  }
  if (unchanged > 0) log.info(`skip-existing: ${unchanged} tasks are unchanged and keep their files.`);
  return { records, assets };
}
