import pLimit from "p-limit";
import { NotSentError } from "../api/errors.ts";
import type { CreateOutcome, PollResult } from "../models/answers.ts";
import { type Family, type MediaFamily, polledFamily, type RequestBody } from "../models/family.ts";
import type { PollInterval, PollRoute } from "../models/polling.ts";
import { formatDuration } from "../plan/duration.ts";
import type { Task } from "../plan/tasks.ts";
import { redact } from "../secrets.ts";
import type { Clock, Deadline } from "./clock.ts";
import { type FileFetcher, fileRecord, followTask, keptForLater, type Outcome } from "./follow.ts";
import type { Ledger } from "./ledger.ts";
import { PollTiming } from "./poll-timing.ts";
import { countRecords, notSubmittedPrefix, type TaskRecord } from "./record.ts";
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

export type { FileFetcher } from "./follow.ts";

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
