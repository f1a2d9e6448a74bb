import pLimit from "p-limit";
import { NotSentError, RejectedError, UnknownTaskError } from "../api/errors.ts";
import type { CreateOutcome, PollResult } from "../models/answers.ts";
import { type Family, type MediaFamily, polledFamily, type RequestBody } from "../models/family.ts";
import type { PollInterval, PollRoute } from "../models/polling.ts";
import { formatDuration } from "../plan/duration.ts";
import type { Task } from "../plan/tasks.ts";
import { workspacePath } from "../safe-fs.ts";
import { redact } from "../secrets.ts";
import type { Clock, Deadline } from "./clock.ts";
import type { DownloadedFile, DownloadKind } from "./download.ts";
import type { Ledger } from "./ledger.ts";
import { PollTiming } from "./poll-timing.ts";
import { countRecords, type FileRecord, notSubmittedPrefix, type TaskRecord } from "./record.ts";
import { startingPoint, textAnswerGone } from "./resume.ts";

/** What the scheduler needs of the API client; tests may pass their own. */
export interface TaskApi {
  createTask(
    endpoint: string,
    body: unknown,
    signal?: AbortSignal,
    readAnswer?: (json: unknown) => CreateOutcome,
  ): Promise<{ taskId: string; created?: number; failure?: string }>;
  pollTask(polling: PollRoute, taskId: string, signal?: AbortSignal): Promise<PollResult>;
  completeText(
    endpoint: string,
    body: unknown,
    answerOf: (json: unknown) => string | undefined,
    signal?: AbortSignal,
  ): Promise<{ id?: string; text: string }>;
}

export interface FileFetcher {
  download(
    url: string,
    dir: string,
    stem: string,
    kind: DownloadKind,
    signal?: AbortSignal,
  ): Promise<DownloadedFile>;
  saveText(text: string, dir: string, stem: string): Promise<DownloadedFile>;
}

export interface Logger {
  info(line: string): void;
  warning(line: string): void;
  /** A collapsible group of lines (one per task), printed at once so concurrent tasks do not interleave. */
  group(title: string, lines: readonly string[]): void;
}

/**
 * Something a task waits for before its create: an asset to be Active in its library, the voice of a clone
 * task of the same run. It resolves with the body to send (its references replaced), or with the reason the
 * task cannot be sent: the task then fails without a create, since nothing was paid for.
 */
export type Prerequisite = (
  task: Task,
  body: RequestBody,
  context: PrerequisiteContext,
) => Promise<{ body: RequestBody } | { error: string }>;

export interface PrerequisiteContext {
  /** The run's stop: the deadline or a signal. */
  signal: AbortSignal;
  /** Resolves with a task's record once this run is done with it (at once for a task it does not run). */
  finished(name: string): Promise<TaskRecord>;
}

export interface SchedulerOptions {
  api: TaskApi;
  files: FileFetcher;
  ledger: Ledger;
  clock: Clock;
  deadline: Deadline;
  log: Logger;
  concurrency: number;
  /** The `poll-interval` input: the gaps between two polls of every task; absent, each family's own. */
  pollInterval?: PollInterval;
  outputDir: string;
  workspace: string;
  /** Progress line period; the design asks for at least one every 30 s. */
  progressEveryMs?: number;
  random?: () => number;
  /** Applied in order before a task's create; a resumed task, already created, waits for none. */
  prerequisites?: readonly Prerequisite[];
}

/**
 * What one run's tasks share besides the options: how long each model's tasks have been taking, the
 * concurrency slots, and when each task is done (a prerequisite may wait for another task).
 */
type Run = SchedulerOptions & {
  timing: PollTiming;
  limit: ReturnType<typeof pLimit>;
  finished(name: string): Promise<TaskRecord>;
};

/** After this many 404s in a row, a task id is taken as unknown to the API (expired or never made). */
const notFoundLimit = 3;

/**
 * Runs every selected task: submit with at most `concurrency` in flight, poll at the family's interval,
 * download at once on completion, and record every change in the ledger. Resolves with the final
 * records when all tasks are terminal or the deadline has passed; never throws for a task's failure.
 */
export async function runTasks(tasks: readonly Task[], settings: SchedulerOptions): Promise<TaskRecord[]> {
  const limit = pLimit(settings.concurrency);
  const selected = tasks.filter((task) => task.selected);
  const done = new Map(selected.map((task) => [task.name, Promise.withResolvers<TaskRecord>()]));
  const options: Run = {
    ...settings,
    timing: new PollTiming(settings.random),
    limit,
    finished: (name) => done.get(name)?.promise ?? Promise.resolve(settings.ledger.get(name)),
  };
  const { ledger, clock, log } = options;
  const started = clock.now();
  const progress = setInterval(
    () => log.info(progressLine(ledger.all(), limit, clock.now() - started)),
    options.progressEveryMs ?? 30_000,
  );
  progress.unref();
  try {
    await Promise.all(
      selected.map(async (task) => {
        try {
          await runTask(task, options);
        } finally {
          done.get(task.name)?.resolve(ledger.get(task.name));
        }
      }),
    );
  } finally {
    clearInterval(progress);
    ledger.compact();
  }
  log.info(progressLine(ledger.all(), limit, clock.now() - started));
  return ledger.all();
}

function progressLine(
  records: readonly TaskRecord[],
  limit: { activeCount: number; pendingCount: number },
  elapsedMs: number,
): string {
  const counts = countRecords(records);
  return `progress: ${counts.succeeded} done, ${limit.activeCount} running, ${limit.pendingCount} queued, ${counts.failed} failed, elapsed ${formatDuration(elapsedMs)}`;
}

async function runTask(task: Task, options: Run): Promise<void> {
  const { ledger, clock, log } = options;
  const timeline: string[] = [];
  const note = (line: string): void => {
    timeline.push(`${new Date(clock.now()).toISOString()} ${line}`);
  };
  const start = startingPoint(ledger.get(task.name), task.family.polling !== undefined);
  if (start === "done") return;
  let outcome: Outcome | undefined;
  let body = task.body;
  if (start !== "follow") {
    // Waiting for an asset or another task holds no concurrency slot: the task it waits for may need one.
    const prepared = await prepare(task, options);
    if ("error" in prepared) {
      // A prerequisite the run could not meet in time (an asset still in review) leaves the task unsent and
      // resumable; any other reason fails it.
      const unsent = prepared.error.startsWith(`${notSubmittedPrefix}:`);
      outcome = { status: unsent ? "skipped" : "failed", file: null, error: prepared.error };
    } else body = prepared.body;
  }
  outcome ??= await options.limit(() => sendAndCollect(task, body, start === "follow", options, note));
  if (outcome === undefined) return;
  ledger.update(task.name, {
    ...outcome,
    finishedAt: outcome.status === "pending" ? null : new Date(clock.now()).toISOString(),
  });
  note(`${outcome.status}${outcome.error ? `: ${outcome.error}` : ""}`);
  const taskId = ledger.get(task.name).taskId;
  log.group(`${task.name}${taskId ? ` (${taskId})` : ""}: ${outcome.status}`, timeline);
}

/** Runs the prerequisites in order; a failure of one of them (or of this run) fails the task unsent. */
async function prepare(task: Task, options: Run): Promise<{ body: RequestBody } | { error: string }> {
  let body = task.body;
  for (const prerequisite of options.prerequisites ?? []) {
    try {
      const result = await prerequisite(task, body, {
        signal: options.deadline.signal,
        finished: options.finished,
      });
      if ("error" in result) return { error: redact(result.error) };
      body = result.body;
    } catch (error) {
      return {
        error: `this run failed while preparing it (${redact((error as Error).message ?? String(error))})`,
      };
    }
  }
  return { body };
}

/**
 * Inside a concurrency slot: the create (or the re-attachment to an earlier run's task) and everything up
 * to the file. Undefined when the task was not sent and its record already says why.
 */
async function sendAndCollect(
  task: Task,
  body: RequestBody,
  resumed: boolean,
  options: Run,
  note: (line: string) => void,
): Promise<Outcome | undefined> {
  const { ledger, deadline, clock } = options;
  try {
    if (resumed) {
      // Paid for by an earlier run: re-attach by polling, whatever the time left.
      const taskId = ledger.get(task.name).taskId as string;
      note(`re-attached to ${taskId} from an earlier run`);
      return await followTask(task, polledFamily(task.family), taskId, options, note);
    }
    const reason = reasonNotToSubmit(task, deadline);
    if (reason) {
      ledger.update(task.name, { status: "skipped", error: `${notSubmittedPrefix}: ${reason}` });
      return undefined;
    }
    ledger.update(task.name, { submittedAt: new Date(clock.now()).toISOString(), error: null });
    const family = task.family;
    const sent = { ...task, body };
    return family.answerOf
      ? await answerText(sent, family.answerOf, options, note)
      : await submitAndFollow(sent, family, options, note);
  } catch (error) {
    // A fault of this run (a full disk, a bug) ends this task only, and never loses what was paid for.
    return afterUnexpectedError(task.family, ledger.get(task.name), error);
  }
}

/**
 * What the record says after an error the scheduler did not expect: a task with an id stays resumable; a task
 * whose request may have reached the API keeps its "may be billed" mark, so no later run sends it again.
 */
function afterUnexpectedError(family: Family, record: TaskRecord, error: unknown): Outcome {
  const message = `this run failed while handling it (${(error as Error).message ?? String(error)})`;
  // A synchronous answer's id cannot be asked again: only a polled task can be collected later.
  if (family.answerOf && record.taskId) {
    return { status: "failed", file: null, error: `${message}; ${textAnswerGone(record.taskId)}` };
  }
  if (record.taskId) return keptForLater(record.taskId, message);
  if (record.status === "failed" && record.error === interruptedCreate) {
    return { status: "failed", file: null, error: `${interruptedCreate}; ${message}` };
  }
  return { status: "failed", file: null, error: message };
}

/**
 * The submit cut-off (design 6): a task whose family usually takes longer than the time left would be
 * paid for and never collected by this run.
 */
function reasonNotToSubmit(task: Task, deadline: Deadline): string | undefined {
  if (deadline.passed()) return "the time budget ran out before its turn";
  const remaining = deadline.remaining();
  const typicalMs = (task.family.typicalSeconds ?? 0) * 1000;
  if (typicalMs > 0 && remaining < typicalMs) {
    return `${formatDuration(remaining)} was left and ${task.family.title} usually takes at least ${formatDuration(typicalMs)}, so this run could not collect the result`;
  }
  return undefined;
}

type Outcome = Pick<TaskRecord, "status" | "error" | "file"> &
  Partial<Pick<TaskRecord, "voice" | "subtitles" | "usage">>;

export const interruptedCreate =
  "the run ended while this task's create request was in flight; the task may exist and be billed, so it is not submitted again (set resume: false to submit it anyway)";

/** What a create that threw means for the record. */
function createFailure(error: unknown): Outcome {
  // A create that never left (stopped, no connection, a request undici refused to send) costs nothing:
  // the task is `skipped` as not submitted, which fails the step under fail-on like a failure but lets a
  // resumed re-run send it. Anything else is a failure with the API's reason, and an ambiguous one is never
  // retried.
  const notSent = error instanceof NotSentError;
  const message = (error as Error).message;
  return {
    status: notSent ? "skipped" : "failed",
    file: null,
    error: notSent ? `${notSubmittedPrefix}: ${message}` : message,
  };
}

async function submitAndFollow(
  task: Task,
  family: MediaFamily,
  options: Run,
  note: (line: string) => void,
): Promise<Outcome> {
  // Until the answer is recorded, the task may exist without its id: if the process dies now, the record
  // must say "failed, may be billed" so that no later run submits it again.
  options.ledger.update(task.name, { status: "failed", error: interruptedCreate });
  let created: { taskId: string; failure?: string };
  try {
    // The family says how its create answer carries the task id.
    const { readCreateAnswer } = polledFamily(task.family).polling;
    created = await options.api.createTask(
      task.endpoint,
      task.body,
      options.deadline.signal,
      readCreateAnswer,
    );
  } catch (error) {
    return createFailure(error);
  }
  const { taskId, failure } = created;
  // The id is what a later run needs to avoid paying twice: it is on disk before anything else happens.
  options.ledger.update(task.name, { taskId, status: "pending", error: null });
  note(`submitted to ${task.endpoint} as ${taskId}`);
  // Failed in the create's own answer: polling would only lose the reason to a later 404.
  if (failure !== undefined) return { status: "failed", file: null, error: failure };
  return followTask(task, family, taskId, options, note);
}

/** Text models answer in the same request: the answer becomes `<name>.md`. */
async function answerText(
  task: Task,
  answerOf: (json: unknown) => string | undefined,
  options: SchedulerOptions,
  note: (line: string) => void,
): Promise<Outcome> {
  // A completion is billed like a create: if the process dies while it is in flight, no later run may ask again.
  options.ledger.update(task.name, { status: "failed", error: interruptedCreate });
  let answer: { id?: string; text: string };
  try {
    answer = await options.api.completeText(task.endpoint, task.body, answerOf, options.deadline.signal);
  } catch (error) {
    return createFailure(error);
  }
  if (answer.id) options.ledger.update(task.name, { taskId: answer.id });
  note(`answered by ${task.endpoint}`);
  // The answer is the API's text and becomes a file in the artifact: it passes the redaction exit too.
  const file = await options.files.saveText(redact(answer.text), options.outputDir, task.name);
  return { status: "completed", error: null, file: fileRecord(file, options.workspace) };
}

function fileRecord(file: DownloadedFile, workspace: string): FileRecord {
  return {
    path: workspacePath(workspace, file.absolutePath),
    bytes: file.bytes,
    sha256: file.sha256,
    contentType: file.contentType,
  };
}

/**
 * A task the API accepted (and bills) that this run could not finish collecting: `pending` with its id, so a
 * later run polls it again and downloads the file without a second create.
 */
function keptForLater(taskId: string, reason: string): Outcome {
  return {
    status: "pending",
    file: null,
    error: `${reason}; task id ${taskId} is kept, and a re-run collects the result without paying again`,
  };
}

/** What a terminal poll answer adds to the record besides the file: the usage, and a clone's new voice. */
function reportedWith(result: PollResult, family: MediaFamily): Pick<Outcome, "usage" | "voice"> {
  return {
    ...(result.usage !== undefined && { usage: result.usage }),
    ...(family.clonesVoice && result.modelId !== undefined && { voice: result.modelId }),
  };
}

/**
 * Downloads the subtitles a completed speech task carries, beside its audio (`<name>.srt`). If that fails,
 * the task stays `pending` with its audio recorded (uploaded like any file): nothing paid for is lost, and
 * a re-run re-attaches by id and fetches both, without a second create.
 */
async function withSubtitles(
  collected: Outcome,
  url: string,
  task: Task,
  taskId: string,
  options: Run,
  note: (line: string) => void,
): Promise<Outcome> {
  try {
    const file = await options.files.download(
      url,
      options.outputDir,
      task.name,
      "subtitles",
      options.deadline.signal,
    );
    note(`downloaded the subtitles, ${file.bytes} bytes (${file.contentType})`);
    return { ...collected, subtitles: fileRecord(file, options.workspace) };
  } catch (error) {
    return {
      ...collected,
      ...keptForLater(
        taskId,
        `the audio is downloaded, but its subtitles failed: ${(error as Error).message}`,
      ),
      file: collected.file,
    };
  }
}

/** Polls until a terminal status or the deadline, then downloads; returns the record's final fields. */
async function followTask(
  task: Task,
  family: MediaFamily,
  taskId: string,
  options: Run,
  note: (line: string) => void,
): Promise<Outcome> {
  const { api, deadline, clock, files, timing } = options;
  const { kind, polling } = family;
  // The user's `poll-interval` overrides the family's documented one.
  const interval = options.pollInterval ?? polling.interval;
  // A resumed task's age counts from now: its creation time is in another run's clock.
  const followedSince = clock.now();
  const stillRunning = {
    status: "pending" as const,
    file: null,
    error: `still running when the time budget ran out; task id ${taskId} can be resumed by a later run`,
  };
  let lastStatus = "";
  let notFound = 0;
  let failingSince: number | undefined;
  let reportedUnknown = false;
  for (let polls = 0; ; polls++) {
    const gap = timing.nextDelay(interval, task.model, polls);
    await clock.sleep(gap, deadline.signal);
    if (deadline.passed()) return stillRunning;
    let result: PollResult;
    try {
      result = await api.pollTask(polling, taskId, deadline.signal);
      failingSince = undefined;
      notFound = 0;
    } catch (error) {
      if (deadline.passed()) return stillRunning;
      // The task exists and is paid for: a refused poll (a key revoked or rotated mid-run, an API hiccup)
      // must not turn it into a failure that no later run would collect.
      if (error instanceof RejectedError) return keptForLater(taskId, error.message);
      if (error instanceof UnknownTaskError) {
        notFound++;
        if (notFound >= notFoundLimit) {
          return {
            status: "failed",
            file: null,
            error: `the API no longer knows task ${taskId} (HTTP 404 on every poll): it expired or was never created`,
          };
        }
        continue;
      }
      if (failingSince === undefined) {
        failingSince = clock.now();
        note(`poll failed, will keep trying until the deadline: ${(error as Error).message}`);
      }
      continue;
    }
    if (result.rawStatus !== lastStatus) {
      note(`status ${result.rawStatus}`);
      lastStatus = result.rawStatus;
    }
    switch (result.status) {
      case "queued":
      case "processing":
        continue;
      case "running":
        if (!reportedUnknown) {
          reportedUnknown = true;
          options.log.info(
            `${task.name}: the API reported an unknown status "${result.rawStatus}"; treating it as still running`,
          );
        }
        continue;
      case "failed":
        return {
          status: "failed",
          file: null,
          error: result.error ?? "the API reported the task as failed without a reason",
          ...reportedWith(result, family),
        };
      case "cancelled":
        return {
          status: "cancelled",
          file: null,
          error: result.error ?? "the task was cancelled by the API",
          ...reportedWith(result, family),
        };
      case "completed": {
        timing.observe(interval, task.model, clock.now() - followedSince, gap, polls);
        if (!result.url)
          return {
            status: "failed",
            file: null,
            error: "the API reported the task completed without a result URL",
            ...reportedWith(result, family),
          };
        try {
          const file = await files.download(result.url, options.outputDir, task.name, kind, deadline.signal);
          note(`downloaded ${file.bytes} bytes (${file.contentType})`);
          const collected: Outcome = {
            status: "completed",
            error: null,
            file: fileRecord(file, options.workspace),
            ...reportedWith(result, family),
          };
          if (result.subtitleUrl === undefined) return collected;
          return await withSubtitles(collected, result.subtitleUrl, task, taskId, options, note);
        } catch (error) {
          if (deadline.passed()) {
            return {
              ...stillRunning,
              error: `completed, but the time budget ran out during the download; task id ${taskId} can be resumed by a later run`,
            };
          }
          return keptForLater(taskId, `completed, but the download failed: ${(error as Error).message}`);
        }
      }
    }
  }
}
