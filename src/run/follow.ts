/**
 * Following one created task to its end: polling at its family's route and pace until a terminal status or
 * the deadline, then downloading its file (and a speech's subtitles) at once. A task the API accepted is
 * never lost here: whatever goes wrong after its id is known leaves it `pending` for a later run.
 */
import { RejectedError, UnknownTaskError } from "../api/errors.ts";
import type { PollResult } from "../models/answers.ts";
import type { MediaFamily } from "../models/family.ts";
import type { PollInterval, PollRoute } from "../models/polling.ts";
import type { Task } from "../plan/tasks.ts";
import { workspacePath } from "../safe-fs.ts";
import type { Clock, Deadline } from "./clock.ts";
import type { DownloadedFile, DownloadKind } from "./download.ts";
import type { PollTiming } from "./poll-timing.ts";
import type { FileRecord, TaskRecord } from "./record.ts";

/** What following a task needs of the run. */
export interface FollowContext {
  api: { pollTask(polling: PollRoute, taskId: string, signal?: AbortSignal): Promise<PollResult> };
  files: FileFetcher;
  clock: Clock;
  deadline: Deadline;
  timing: PollTiming;
  log: { info(line: string): void };
  /** The `poll-interval` input: the gaps between two polls of every task; absent, each family's own. */
  pollInterval?: PollInterval;
  outputDir: string;
  workspace: string;
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

/** After this many 404s in a row, a task id is taken as unknown to the API (expired or never made). */
const notFoundLimit = 3;

/** The fields of a task's record that its end decides. */
export type Outcome = Pick<TaskRecord, "status" | "error" | "file"> &
  Partial<Pick<TaskRecord, "voice" | "subtitles" | "usage">>;

export function fileRecord(file: DownloadedFile, workspace: string): FileRecord {
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
export function keptForLater(taskId: string, reason: string): Outcome {
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
  options: FollowContext,
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
export async function followTask(
  task: Task,
  family: MediaFamily,
  taskId: string,
  options: FollowContext,
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
