/**
 * The run itself, shared by both entry points (the action's main step and the `genmedia` command): the
 * starting records, the ledger, the API client and the downloader, the assets, and the scheduler. What is
 * said goes to the plain logger each entry point gives; what the run leaves behind (the artifact and the
 * summary, or the terminal's report) is the entry point's. Nothing here knows about GitHub or a terminal,
 * so the command's bundle carries no @actions code.
 */
import path from "node:path";
import { connectionWarnings, type Settings } from "./plan/inputs.ts";
import type { Task } from "./plan/tasks.ts";
import { Deadline, systemClock } from "./run/clock.ts";
import { Ledger } from "./run/ledger.ts";
import type { AssetRecord, TaskRecord } from "./run/record.ts";
import { type Logger, runTasks } from "./run/scheduler.ts";
import { type EarlierAttempt, startFrom } from "./run/starting-records.ts";
import { voiceOfCloneTask } from "./run/voices.ts";
import { prepareOutputDir } from "./safe-fs.ts";

/** What the run says, already redacted and made safe for its sink by the entry point. */
export interface EngineLog extends Logger {
  debug(line: string): void;
}

/** The records and asset uploads the run starts from. */
export interface Start {
  records: TaskRecord[];
  assets: AssetRecord[];
}

/** The public URLs of the `file:` references, or why there are none (the tasks that use them are not sent). */
export type PublishedFiles = { urls: Map<string, string> } | { problem: string };

/** The run as it is going: what an entry point needs to show it or to stop it. */
export interface RunningRun {
  ledger: Ledger;
  resultsFile: string;
  /** Ends the run early (a signal): nothing more is sent, every task id stays recorded. */
  stop(reason: string): void;
}

export interface EngineHooks {
  log: EngineLog;
  /**
   * The records to start from instead of resume's rules (`genmedia resume` builds them from a results.json
   * of its own choosing).
   */
  start?: Start;
  /** On a re-run attempt without a results.json, where the earlier attempt's record is (the action's artifact). */
  earlierAttempt?: EarlierAttempt;
  /**
   * Called once the starting records are known and before anything is sent or recorded: the place for the
   * checks that must refuse a run before it costs anything (max-tasks, budget). Throwing (a ConfigError)
   * ends the run before any request; a Start returned is what the run starts from instead (the records
   * with their estimates).
   */
  beforeRun?(start: Start): Start | undefined | Promise<Start | undefined>;
  /** The ledger exists and results.json is on disk: the entry point may now watch the run or stop it. */
  started?(run: RunningRun): void;
  /**
   * Publishes the files of `file:` references before anything is sent (the action commits them to the media
   * branch). Absent, there is nowhere to publish them and the tasks that use them are not sent.
   */
  publishFiles?(tasks: readonly Task[]): Promise<PublishedFiles>;
}

/** Runs the selected tasks to their end or the deadline; resolves with the ledger, results.json final. */
export async function runEngine(
  tasks: readonly Task[],
  settings: Settings,
  hooks: EngineHooks,
): Promise<Ledger> {
  const { log } = hooks;
  // Loaded here, before any state exists that a signal would have to save: undici is a large part of the
  // bundle, and a dry run or a plan that fails has no use for it.
  const [{ ApiClient }, { Downloader }, { AssetClient }, { AssetResolver }] = await Promise.all([
    import("./api/client.ts"),
    import("./run/download.ts"),
    import("./api/assets.ts"),
    import("./run/assets.ts"),
  ]);
  const deadline = new Deadline(systemClock, settings.timeoutMs);
  for (const warning of connectionWarnings(tasks, settings)) log.warning(warning);
  prepareOutputDir(settings.workspace, settings.outputDir);
  const resultsFile = path.join(settings.outputDir, "results.json");
  const found = hooks.start ?? (await startFrom(tasks, settings, resultsFile, log, hooks.earlierAttempt));
  const start = (await hooks.beforeRun?.(found)) ?? found;
  const ledger = new Ledger(resultsFile, start.records, start.assets);
  hooks.started?.({ ledger, resultsFile, stop: (reason) => deadline.stop(reason) });
  const requestTimeoutMs = Number(process.env.GENMEDIA_REQUEST_TIMEOUT_MS) || undefined;
  const client = new ApiClient({
    baseUrl: settings.baseUrl,
    textBaseUrl: settings.textBaseUrl,
    apiKey: settings.apiKey,
    deadline,
    connections: settings.concurrency,
    requestTimeoutMs,
    backoff: backoffFromEnvironment(),
    log: (line) => log.debug(line),
    notice: (line) => log.info(line),
  });
  const downloader = new Downloader({
    connections: settings.concurrency,
    requestTimeoutMs,
    maxBytes: settings.maxDownloadBytes,
    backoff: backoffFromEnvironment(),
    deadline,
  });
  const published: PublishedFiles = hooks.publishFiles
    ? await hooks.publishFiles(tasks)
    : { problem: "there is no media branch to publish the files of file: references to" };
  const assets = new AssetResolver({
    api: new AssetClient(client),
    ledger,
    clock: systemClock,
    deadline,
    log: (line) => log.info(line),
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
      log,
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
  return ledger;
}

/** Tests and benchmarks shorten the backoff; users have no reason to. */
function backoffFromEnvironment() {
  const base = Number(process.env.GENMEDIA_RETRY_BASE_MS);
  return Number.isFinite(base) && base > 0 ? { baseMs: base, capMs: base * 30, maxRetries: 5 } : undefined;
}
