import { isEndpointFamily } from "../plan/endpoint-task.ts";
import type { Task } from "../plan/tasks.ts";
import { notSubmittedPrefix, type TaskRecord } from "./record.ts";

/** Says whether a recorded file is still on disk with the recorded content. */
export type FileCheck = (file: NonNullable<TaskRecord["file"]>) => boolean;

/**
 * The records a run starts from: fresh ones, or an earlier run's where the same task (same name and same
 * inputs) was already paid for. Pure, so every rule below is tested without servers.
 *
 * - completed, file intact: kept; nothing is sent.
 * - completed, file gone: `pending` with its id, so the file is fetched again (the URL may have expired).
 * - pending with an id: `pending`, re-attached by polling; never created again.
 * - failed or cancelled: kept as it was; a failure is not resubmitted by a resume (change the task, or set
 *   `resume: false`, to pay for another attempt).
 * - never submitted, or inputs changed: fresh.
 *
 * With `skipExisting`, a task whose file is intact and was made from the same inputs is `skipped` (its
 * file kept) whatever `resume` says: the release-workflow case, where earlier outputs are restored.
 */
export function startingRecords(
  tasks: readonly Task[],
  previous: readonly TaskRecord[],
  fileIsIntact: FileCheck,
  options: { resume: boolean; skipExisting: boolean } = { resume: true, skipExisting: false },
): TaskRecord[] {
  const earlier = new Map(previous.map((record) => [record.name, record]));
  return tasks.map((task) => {
    const fresh = freshRecord(task);
    const before = earlier.get(task.name);
    if (!before || before.inputHash !== task.inputHash || before.model !== task.model) return fresh;
    // A pending record with a file is paid for and not finished (its subtitles are still to come): with
    // resume on it is followed to its end below, not kept half-done as unchanged.
    const unfinished = before.status === "pending" && before.taskId !== null && options.resume;
    if (options.skipExisting && !unfinished && before.file && fileIsIntact(before.file)) {
      return {
        ...before,
        status: "skipped",
        error: `unchanged since ${before.finishedAt ?? "an earlier run"} (skip-existing): the file is kept`,
      };
    }
    if (!options.resume) return fresh;
    // A family that is not polled answers in its create's response: there is nothing to re-attach to.
    if (!task.family.polling) return resumedText(before, fresh, fileIsIntact);
    // Whatever its status, a record with a task id was paid for: it is never made fresh again.
    const refetch: TaskRecord | undefined = before.taskId
      ? {
          ...before,
          status: "pending",
          file: null,
          finishedAt: null,
          error: "made earlier; fetching the file again",
        }
      : undefined;
    switch (before.status) {
      case "completed":
      // Skipped as unchanged by an earlier skip-existing run: its file was paid for too.
      case "skipped":
        if (before.file && fileIsIntact(before.file)) return { ...before };
        return refetch ?? fresh;
      case "pending":
        return refetch ? { ...before } : fresh;
      case "failed":
      case "cancelled":
        return { ...before };
    }
    return fresh;
  });
}

/**
 * A text answer comes back in the create's own response: there is nothing to poll, and asking again is
 * paying again. An answer whose file is intact is kept; one whose file is gone ends `failed`, saying so.
 */
function resumedText(before: TaskRecord, fresh: TaskRecord, fileIsIntact: FileCheck): TaskRecord {
  if (before.status === "failed" || before.status === "cancelled") return { ...before };
  if (before.file && fileIsIntact(before.file)) return { ...before };
  const answered = before.status === "completed" || before.taskId !== null || before.file !== null;
  return answered ? { ...before, status: "failed", file: null, error: textAnswerGone(before.taskId) } : fresh;
}

/** Why a text task that was answered (and billed) has no file, and what the user can do. */
export function textAnswerGone(responseId: string | null): string {
  return `the answer${responseId ? ` (response id ${responseId})` : ""} was paid for but its file is gone, and a text answer cannot be fetched again; set resume: false to ask (and pay) again`;
}

export function freshRecord(task: Task): TaskRecord {
  return {
    name: task.name,
    model: task.model,
    kind: task.kind,
    status: "skipped",
    taskId: null,
    submittedAt: null,
    finishedAt: null,
    file: null,
    inputHash: task.inputHash,
    error: task.selected ? `${notSubmittedPrefix} yet` : "not selected by the only input",
    // The registry knows every other task's route by its model; an endpoint task's is its own.
    ...(isEndpointFamily(task.family) && { poll: task.family.polling.path }),
  };
}

/** What the scheduler does with a task, given the record it starts from. */
export type StartingPoint = "submit" | "follow" | "done";

export function startingPoint(record: TaskRecord, polled = true): StartingPoint {
  // A family that is not polled (a text answer) has no task to re-attach to (see resumedText).
  if (record.status === "pending" && record.taskId) return polled ? "follow" : "done";
  // A skipped task with a file is unchanged (skip-existing); without one it was never sent.
  if (record.status === "skipped") return record.file ? "done" : "submit";
  return "done";
}
