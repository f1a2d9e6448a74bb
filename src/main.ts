import path from "node:path";
import * as core from "@actions/core";
import {
  type ArtifactDelivery,
  artifactLinksByFile,
  describeDelivery,
  type OutputFile,
} from "./deliver/artifact-links.ts";
import { renderGallery } from "./deliver/comment.ts";
import { linkTarget, truncate } from "./deliver/markdown.ts";
import { failureReason } from "./deliver/outcome.ts";
import { type ListOutputs, listOutputs } from "./deliver/outputs.ts";
import { renderPlan } from "./deliver/plan-report.ts";
import { renderSummary } from "./deliver/summary.ts";
import { ConfigError } from "./errors.ts";
import { Inputs, plainHttpWarning, pollIntervalWarning, readSettings, type Settings } from "./plan/inputs.ts";
import { planTasks } from "./plan/planner.ts";
import type { Task } from "./plan/tasks.ts";
import { artifactName } from "./run/artifact-names.ts";
import { Deadline, systemClock } from "./run/clock.ts";
import { Ledger } from "./run/ledger.ts";
import { intactOnDisk, readResultsFile, withOwnFilesOnly } from "./run/previous-results.ts";
import { countRecords, type TaskRecord } from "./run/record.ts";
import { freshRecord, startingRecords } from "./run/resume.ts";
import { type Logger, runTasks } from "./run/scheduler.ts";
import * as runner from "./runner-output.ts";
import { prepareOutputDir, workspacePath } from "./safe-fs.ts";

/** Output names of action.yml, in one place. */
export const Outputs = {
  results: "results",
  resultsFile: "results-file",
  files: "files",
  succeeded: "succeeded",
  failed: "failed",
  pending: "pending",
  artifactId: "artifact-id",
  artifactUrl: "artifact-url",
  commentUrl: "comment-url",
} as const;

/** What the main step tells its post step (core.saveState). */
export const State = { resultsFile: "results-file", delivered: "delivered" } as const;

/** At most this many annotations, one per failed task, then one aggregate (the UI shows only a few). */
const maxAnnotations = 5;

const logger: Logger = {
  info: (line) => runner.info(line),
  warning: (line) => runner.warning(line),
  group: (title, lines) => runner.group(title, lines),
};

/**
 * Reads an input as the runner passes it (INPUT_<NAME>, spaces as underscores, hyphens kept); undefined
 * when the step does not set it, which action.yml defaults make rare outside tests.
 */
function readInput(name: string): string | undefined {
  return process.env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] === undefined
    ? undefined
    : core.getInput(name);
}

/** Reads the inputs, masking the key before anything can print it. */
export async function settingsFromInputs(): Promise<Settings> {
  const apiKey = core.getInput("api-key");
  runner.maskSecret(apiKey);
  // Tokens this process holds besides the key: none of them may reach a file, a comment or an output either.
  runner.maskSecret(core.getInput("github-token"));
  runner.maskSecret(process.env.ACTIONS_RUNTIME_TOKEN);
  runner.maskSecret(process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN);
  const workspace = path.resolve(process.env.GITHUB_WORKSPACE ?? process.cwd());
  if (!apiKey && !/^true$/i.test(core.getInput("dry-run"))) {
    // Secrets are not passed to workflows run for forks: the generic "set api-key" would mislead.
    const { forkSecretsHint, gitHubContextFromEnvironment } = await import("./deliver/github.ts");
    const hint = forkSecretsHint(gitHubContextFromEnvironment());
    if (hint) throw new ConfigError(`input "api-key" is empty. ${hint}`);
  }
  return readSettings(readInput, workspace);
}

/** The action: plan, run, record, deliver. Every error ends in core.setFailed, user mistakes without a stack. */
export async function run(): Promise<void> {
  try {
    const settings = await settingsFromInputs();
    const tasks = planTasks(settings);
    if (settings.dryRun) {
      await reportPlan(tasks, settings);
      return;
    }
    await generate(tasks, settings);
  } catch (error) {
    if (error instanceof ConfigError) {
      for (const problem of error.problems.slice(0, maxAnnotations)) {
        runner.error(
          problem.message,
          problem.location ? { file: problem.location.file, startLine: problem.location.line } : {},
        );
      }
      runner.setFailed(error.message);
      return;
    }
    runner.setFailed(`genmedia-action failed unexpectedly: ${(error as Error).stack ?? error}`);
  }
}

async function reportPlan(tasks: readonly Task[], settings: Settings): Promise<void> {
  const report = renderPlan(tasks, settings);
  runner.info(report);
  await runner.writeSummary(report);
  runner.setOutput(Outputs.succeeded, 0);
  runner.setOutput(Outputs.failed, 0);
  runner.setOutput(Outputs.pending, 0);
}

async function generate(tasks: readonly Task[], settings: Settings): Promise<void> {
  const started = Date.now();
  // Loaded here, before any state exists that a signal would have to save: undici is a large part of the
  // bundle, and a dry run or a plan that fails has no use for it.
  const [{ ApiClient }, { Downloader }] = await Promise.all([
    import("./api/client.ts"),
    import("./run/download.ts"),
  ]);
  const deadline = new Deadline(systemClock, settings.timeoutMs);
  warnAboutPlainHttp(tasks, settings);
  const pollWarning = pollIntervalWarning(tasks, settings.pollIntervals, settings.baseUrl);
  if (pollWarning) runner.warning(pollWarning);
  prepareOutputDir(settings.workspace, settings.outputDir);
  const resultsFile = path.join(settings.outputDir, "results.json");
  const ledger = new Ledger(resultsFile, await startFrom(tasks, settings, resultsFile));
  runner.saveState(State.resultsFile, resultsFile);
  let delivered = false;
  const deliver = async (stoppedBy?: string): Promise<void> => {
    if (delivered) return;
    delivered = true;
    const notice = stoppedBy
      ? `The run was stopped by ${stoppedBy}; unfinished tasks are recorded as pending with their ids, and a re-run resumes them.`
      : undefined;
    await deliverRecords(
      ledger,
      settings,
      Date.now() - started,
      notice,
      stoppedBy ? `stopped by ${stoppedBy}` : undefined,
    );
  };
  let stoppedBy: string | undefined;
  const stop = (signal: NodeJS.Signals): void => {
    if (stoppedBy) return;
    stoppedBy = signal;
    runner.warning(`Received ${signal}: stopping; every task id is recorded in results.json.`);
    deadline.stop(signal);
    // The runner kills the process 7.5 s after SIGINT. Whatever is still unwinding by then (a create
    // awaiting its answer), the record and the summary are written first.
    setTimeout(() => {
      void deliver(signal).finally(() => process.exit(1));
    }, 4_000).unref();
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  const requestTimeoutMs = Number(process.env.GENMEDIA_REQUEST_TIMEOUT_MS) || undefined;
  const client = new ApiClient({
    baseUrl: settings.baseUrl,
    textBaseUrl: settings.textBaseUrl,
    apiKey: settings.apiKey,
    deadline,
    connections: settings.concurrency,
    requestTimeoutMs,
    backoff: backoffFromEnvironment(),
    log: (line) => runner.debug(line),
    notice: (line) => runner.info(line),
  });
  const downloader = new Downloader({
    connections: settings.concurrency,
    requestTimeoutMs,
    maxBytes: settings.maxDownloadBytes,
    backoff: backoffFromEnvironment(),
    deadline,
  });
  try {
    await runTasks(tasks, {
      api: client,
      files: downloader,
      ledger,
      clock: systemClock,
      deadline,
      log: logger,
      concurrency: settings.concurrency,
      pollIntervals: settings.pollIntervals,
      outputDir: settings.outputDir,
      workspace: settings.workspace,
    });
  } finally {
    deadline.dispose();
    await Promise.allSettled([client.close(), downloader.close()]);
  }
  await deliver(stoppedBy);
  if (stoppedBy) process.exitCode = 1;
}

/**
 * Delivers what a run left in the ledger: results.json final on disk, the artifact uploaded, the summary
 * written whether or not the upload worked, outputs set, and the step failed by `fail-on`, by `stopReason`
 * or by a failed upload. The post step calls it too when the main step was killed before it could.
 */
export async function deliverRecords(
  ledger: Ledger,
  settings: Settings,
  elapsedMs: number,
  notice?: string,
  stopReason?: string,
): Promise<void> {
  ledger.compact();
  // Loaded on demand: the artifact and Octokit clients are most of the bundle, and a dry run, a failed plan
  // or a run that uploads nothing should not pay for parsing them.
  const { deliverToGitHub, gitHubContextFromEnvironment } = await import("./deliver/github.ts");
  const upload = await uploadArtifact(ledger, settings);
  ledger.compact();
  const records = ledger.all();
  // After the artifact, so the comment can link each file's own artifact (per-file layout).
  const github = await deliverToGitHub({
    records,
    workspace: settings.workspace,
    settings: settings.github,
    context: gitHubContextFromEnvironment(),
    artifactLinks: artifactLinksByFile(upload),
    artifactUrl: upload.artifacts[0]?.url || undefined,
    log: { info: (l) => runner.info(l), notice: (l) => runner.notice(l), warning: (l) => runner.warning(l) },
  });
  if (github.commentUrl) runner.setOutput(Outputs.commentUrl, github.commentUrl);
  const resultsPath = workspacePath(settings.workspace, ledger.file);
  const lists = listOutputs(records, resultsPath);
  const commentLink = linkTarget(github.commentUrl);
  const summary = renderSummary({
    records,
    links: new Map([...artifactLinksByFile(upload), ...github.mediaUrls]),
    delivery: [
      describeDelivery(upload, settings.artifactLayout),
      commentLink ? `💬 [Pull request comment](${commentLink})` : "",
      renderGallery(records, github.mediaUrls),
    ]
      .filter(Boolean)
      .join("\n\n"),
    resultsFile: resultsPath,
    elapsedMs,
    notice: [notice, ...lists.notes].filter(Boolean).join(" ") || undefined,
  });
  await runner.writeSummary(summary);
  for (const note of lists.notes) runner.notice(note);
  setOutputs(records, lists, resultsPath);
  const [first] = upload.artifacts;
  if (first) {
    runner.setOutput(Outputs.artifactId, first.id);
    runner.setOutput(Outputs.artifactUrl, first.url);
  }
  annotate(records);
  runner.saveState(State.delivered, "true");
  const reasons = [
    stopReason ?? failureReason(records, settings.failOn),
    upload.error,
    ...github.errors,
  ].filter(Boolean);
  if (reasons.length) runner.setFailed(reasons.join("; "));
}

/**
 * Uploads output-dir's files and results.json. With `per-file`, each file's artifact id and URL go into
 * results.json before results.json itself is uploaded.
 */
async function uploadArtifact(ledger: Ledger, settings: Settings): Promise<ArtifactDelivery> {
  const name = artifactName(settings.artifactName, settings.shard);
  if (!name) return { artifacts: [] };
  const { uploadOutputs } = await import("./deliver/artifact.ts");
  const files: OutputFile[] = ledger
    .all()
    .flatMap((r) =>
      r.file ? [{ absolutePath: path.join(settings.workspace, r.file.path), relativePath: r.file.path }] : [],
    );
  files.push({
    absolutePath: ledger.file,
    relativePath: workspacePath(settings.workspace, ledger.file),
  });
  return uploadOutputs(
    files,
    settings.outputDir,
    {
      name,
      layout: settings.artifactLayout,
      retentionDays: settings.retentionDays,
      compressionLevel: settings.compressionLevel,
      runAttempt: Number(process.env.GITHUB_RUN_ATTEMPT) || 1,
    },
    undefined,
    {
      log: (line) => runner.info(line),
      beforeResultsFile: (uploaded) => {
        for (const record of ledger.all()) {
          const artifact = uploaded.find((a) => a.file === record.file?.path);
          if (artifact && record.file) {
            ledger.update(record.name, {
              file: { ...record.file, artifactId: artifact.id, artifactUrl: artifact.url },
            });
          }
        }
        ledger.compact();
      },
    },
  );
}

/** The key travels in every request's header: say so when a host would see it in clear text. */
function warnAboutPlainHttp(tasks: readonly Task[], settings: Settings): void {
  const selected = tasks.filter((t) => t.selected);
  const warnings = [
    selected.some((t) => t.kind !== "text") ? plainHttpWarning(settings.baseUrl, Inputs.baseUrl) : undefined,
    selected.some((t) => t.kind === "text")
      ? plainHttpWarning(settings.textBaseUrl, Inputs.textBaseUrl)
      : undefined,
  ];
  for (const warning of warnings) if (warning) runner.warning(warning);
}

/**
 * The records this run starts from. With `resume`, an earlier run's record keeps every task id that was
 * paid for: from `resume-from`, else the results.json already in `output-dir`, else (on a re-run attempt)
 * the earlier attempt's artifact. With `skip-existing`, unchanged tasks with intact files are skipped.
 */
async function startFrom(
  tasks: readonly Task[],
  settings: Settings,
  resultsFile: string,
): Promise<TaskRecord[]> {
  if (!settings.resume && !settings.skipExisting) return tasks.map(freshRecord);
  const display = (file: string) => workspacePath(settings.workspace, file);
  let source = settings.resumeFrom ?? resultsFile;
  let previous = readResultsFile(source, display(source), !!settings.resumeFrom, settings.workspace);
  const attempt = Number(process.env.GITHUB_RUN_ATTEMPT) || 1;
  if (typeof previous === "string" && settings.resume && attempt > 1 && settings.artifactName) {
    const { restoreEarlierAttempt } = await import("./run/earlier-attempt.ts");
    const name = artifactName(settings.artifactName, settings.shard);
    const restored = await restoreEarlierAttempt(name, settings.artifactLayout, settings.outputDir);
    if ("resultsFile" in restored) {
      source = restored.resultsFile;
      previous = readResultsFile(source, `the artifact of attempt ${attempt - 1}`, false, settings.workspace);
    } else previous = restored.reason;
  }
  if (typeof previous === "string") {
    runner.debug(`resume: ${previous}`);
    return tasks.map(freshRecord);
  }
  const earlier = withOwnFilesOnly(previous, settings.workspace, settings.outputDir, (l) => runner.info(l));
  const intact = intactOnDisk(settings.workspace, settings.outputDir);
  const records = startingRecords(tasks, earlier, intact, settings);
  const reused = records.filter((r) => r.taskId !== null && r.status !== "skipped").length;
  const unchanged = records.filter((r) => r.status === "skipped" && r.file).length;
  if (reused > 0) {
    runner.info(
      `Resuming from ${display(source)}: ${reused} task ids from an earlier run are reused, not resubmitted.`,
    );
  }
  if (unchanged > 0) runner.info(`skip-existing: ${unchanged} tasks are unchanged and keep their files.`);
  return records;
}

function setOutputs(records: readonly TaskRecord[], lists: ListOutputs, resultsPath: string): void {
  const counts = countRecords(records);
  runner.setOutput(Outputs.results, lists.results);
  runner.setOutput(Outputs.resultsFile, resultsPath);
  runner.setOutput(Outputs.files, lists.files);
  runner.setOutput(Outputs.succeeded, counts.succeeded);
  runner.setOutput(Outputs.failed, counts.failed);
  runner.setOutput(Outputs.pending, counts.pending);
}

function annotate(records: readonly TaskRecord[]): void {
  const failed = records.filter((r) => r.status === "failed" || r.status === "cancelled");
  for (const record of failed.slice(0, maxAnnotations)) {
    runner.error(`${record.name} (${record.model}): ${truncate(record.error ?? "", 1_000)}`, {
      title: `Task ${record.name} ${record.status}`,
    });
  }
  if (failed.length > maxAnnotations) {
    runner.error(`${failed.length - maxAnnotations} more tasks failed; see the job summary.`);
  }
}

/** Tests and benchmarks shorten the backoff; users have no reason to. */
function backoffFromEnvironment() {
  const base = Number(process.env.GENMEDIA_RETRY_BASE_MS);
  return Number.isFinite(base) && base > 0 ? { baseMs: base, capMs: base * 30, maxRetries: 5 } : undefined;
}
