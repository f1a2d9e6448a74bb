/**
 * The action's main step: inputs, plan, run, deliver. Each stage is a module below; this file only wires
 * them, and turns every error into the step's failure (user mistakes without a stack).
 */
import path from "node:path";
import { settingsFromInputs } from "./action-inputs.ts";
import { gitHubContextFromEnvironment } from "./deliver/github-context.ts";
import { deliverRecords, maxAnnotations, Outputs, type RunCost, State } from "./deliver/pipeline.ts";
import { renderPlan } from "./deliver/plan-report.ts";
import { renderRefusal } from "./deliver/summary.ts";
import { ConfigError } from "./errors.ts";
import { checkSpending, costOf, estimateTasks, type PlannedSends, type Pricing } from "./plan/estimate.ts";
import { connectionWarnings, type Settings } from "./plan/inputs.ts";
import { type PlanContext, planTasks } from "./plan/planner.ts";
import { formatMoney, readPrices, toMicros } from "./plan/prices.ts";
import { filesToPublish } from "./plan/reference-plan.ts";
import type { Task } from "./plan/tasks.ts";
import { Deadline, systemClock } from "./run/clock.ts";
import { Ledger } from "./run/ledger.ts";
import type { TaskRecord } from "./run/record.ts";
import { type Logger, runTasks } from "./run/scheduler.ts";
import { plannedSends } from "./run/sends.ts";
import { startFrom } from "./run/starting-records.ts";
import { voiceOfCloneTask } from "./run/voices.ts";
import * as runner from "./runner-output.ts";
import { prepareOutputDir } from "./safe-fs.ts";

const logger: Logger = {
  info: (line) => runner.info(line),
  warning: (line) => runner.warning(line),
  group: (title, lines) => runner.group(title, lines),
};

/** The action: plan, run, record, deliver. Every error ends in the step's failure. */
export async function run(): Promise<void> {
  try {
    const settings = await settingsFromInputs();
    const tasks = planTasks(settings, planContext());
    const pricing = priceTasks(tasks, settings);
    // What the plan lets through unchecked is said before anything is sent, in the log and as annotations.
    for (const line of tasks.flatMap((task) => (task.selected ? (task.notices ?? []) : [])))
      runner.notice(line);
    if (settings.dryRun) {
      await reportPlan(tasks, settings, pricing);
      return;
    }
    await generate(tasks, settings, pricing);
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

/** The estimate of every selected task by the `prices` table; undefined without one. */
function priceTasks(tasks: readonly Task[], settings: Settings): Pricing | undefined {
  const table = readPrices(settings);
  if (table === undefined) return undefined;
  return {
    table,
    estimates: estimateTasks(
      tasks.filter((task) => task.selected),
      table,
    ),
  };
}

async function reportPlan(tasks: readonly Task[], settings: Settings, pricing?: Pricing): Promise<void> {
  const report = renderPlan(tasks, settings, pricing);
  runner.info(report);
  await runner.writeSummary(report);
  runner.setOutput(Outputs.succeeded, 0);
  runner.setOutput(Outputs.failed, 0);
  runner.setOutput(Outputs.pending, 0);
}

async function generate(tasks: readonly Task[], settings: Settings, pricing?: Pricing): Promise<void> {
  const started = Date.now();
  // Loaded here, before any state exists that a signal would have to save: undici is a large part of the
  // bundle, and a dry run or a plan that fails has no use for it.
  const [{ ApiClient }, { Downloader }, { AssetClient }, { AssetResolver }] = await Promise.all([
    import("./api/client.ts"),
    import("./run/download.ts"),
    import("./api/assets.ts"),
    import("./run/assets.ts"),
  ]);
  const deadline = new Deadline(systemClock, settings.timeoutMs);
  for (const warning of connectionWarnings(tasks, settings)) runner.warning(warning);
  prepareOutputDir(settings.workspace, settings.outputDir);
  const resultsFile = path.join(settings.outputDir, "results.json");
  const start = await startFrom(tasks, settings, resultsFile, runner);
  // Before results.json, the media branch and any request: a run over its limits leaves nothing behind.
  const sends = plannedSends(tasks, start.records, start.assets);
  await refuseOverspending(sends, settings, pricing);
  const cost = pricing && runCost(sends, pricing, settings);
  if (cost) runner.info(cost.line);
  const ledger = new Ledger(resultsFile, withEstimates(start.records, pricing), start.assets);
  runner.saveState(State.resultsFile, resultsFile);
  let delivered = false;
  const deliver = async (stoppedBy?: string): Promise<void> => {
    if (delivered) return;
    delivered = true;
    const notice = stoppedBy
      ? `The run was stopped by ${stoppedBy}; unfinished tasks are recorded as pending with their ids, and a re-run resumes them.`
      : undefined;
    await deliverRecords({
      ledger,
      settings,
      elapsedMs: Date.now() - started,
      notice,
      stopReason: stoppedBy ? `stopped by ${stoppedBy}` : undefined,
      cost,
      runner,
    });
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
  const published = await publishFiles(tasks, settings);
  const assets = new AssetResolver({
    api: new AssetClient(client),
    ledger,
    clock: systemClock,
    deadline,
    log: (line) => runner.info(line),
    pollMs: Number(process.env.GENMEDIA_ASSET_POLL_MS) || undefined,
    ...("urls" in published ? { fileUrls: published.urls } : { fileProblem: published.problem }),
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
      pollInterval: settings.pollInterval,
      outputDir: settings.outputDir,
      workspace: settings.workspace,
      prerequisites: [assets.prerequisite, voiceOfCloneTask],
    });
  } finally {
    deadline.dispose();
    await Promise.allSettled([client.close(), downloader.close()]);
  }
  await deliver(stoppedBy);
  if (stoppedBy) process.exitCode = 1;
}

/**
 * `max-tasks` and `budget`, checked against what this run would send. A refusal is a plan error (nothing
 * was sent), and the job summary says so too: the step's log is not where a reviewer looks first.
 */
async function refuseOverspending(sends: PlannedSends, settings: Settings, pricing?: Pricing): Promise<void> {
  try {
    checkSpending(sends, settings, pricing);
  } catch (error) {
    if (error instanceof ConfigError) await runner.writeSummary(renderRefusal(error.problems));
    throw error;
  }
}

/** The estimate of what this run sends, for the log, the summary and the comment. */
function runCost(sends: PlannedSends, pricing: Pricing, settings: Settings): RunCost {
  const { micros, pricedUploads } = costOf(sends, pricing);
  const money = (amount: number) => formatMoney(amount, pricing.table.currency);
  const uploads = pricedUploads ? ` and ${pricedUploads} asset upload${pricedUploads === 1 ? "" : "s"}` : "";
  const budget = settings.budget === undefined ? "" : ` (budget ${money(toMicros(settings.budget))})`;
  return {
    currency: pricing.table.currency,
    micros,
    creates: sends.creates.length,
    line: `Estimated cost: ${money(micros)} for ${sends.creates.length} create${sends.creates.length === 1 ? "" : "s"}${uploads}${budget}, by ${pricing.table.file}.`,
  };
}

/** Each selected task's record carries its own estimate, in the table's currency. */
function withEstimates(records: readonly TaskRecord[], pricing?: Pricing): TaskRecord[] {
  if (!pricing) return [...records];
  return records.map((record) => {
    const estimate = pricing.estimates.get(record.name);
    return estimate ? { ...record, estimate: estimate.micros / 1e6 } : record;
  });
}

/** The `file:` references of the selected tasks, committed to the media branch before anything is sent. */
async function publishFiles(
  tasks: readonly Task[],
  settings: Settings,
): Promise<{ urls: Map<string, string> } | { problem: string }> {
  const files = filesToPublish(tasks);
  if (files.length === 0) return { urls: new Map() };
  const { publishReferenceFiles } = await import("./deliver/reference-files.ts");
  const published = await publishReferenceFiles(files, settings, gitHubContextFromEnvironment(), (line) =>
    runner.info(line),
  );
  if ("problem" in published) {
    runner.warning(
      `The files of file: references were not published (${published.problem}); the tasks that use them are not sent.`,
    );
  }
  return published;
}

/** What the plan needs to know of the repository: `file:` references need it public (design 9). */
function planContext(): PlanContext {
  const repository = gitHubContextFromEnvironment().payload.repository;
  const isPrivate = (repository as { private?: unknown } | undefined)?.private;
  return { repositoryPrivate: typeof isPrivate === "boolean" ? isPrivate : undefined };
}

/** Tests and benchmarks shorten the backoff; users have no reason to. */
function backoffFromEnvironment() {
  const base = Number(process.env.GENMEDIA_RETRY_BASE_MS);
  return Number.isFinite(base) && base > 0 ? { baseMs: base, capMs: base * 30, maxRetries: 5 } : undefined;
}
