/**
 * A cloned voice used in the same run (design 9.1): a speech task that names a clone task (`voice:`) is
 * created only once that task has its voice, and is sent with it. A clone this run does not run (left out
 * by `only`, or completed by an earlier run) lends the voice its record holds.
 */
import type { TaskRecord } from "./record.ts";
import type { Prerequisite } from "./scheduler.ts";

export const voiceOfCloneTask: Prerequisite = async (task, body, context) => {
  const field = task.family.voiceField;
  if (task.voice === undefined || field === undefined) return { body };
  const clone = await context.finished(task.voice);
  if (clone.voice) return { body: { ...body, [field]: clone.voice } };
  return { error: `the voice clone task "${task.voice}" ${whyNoVoice(clone)}` };
};

/** Why a clone task's record holds no voice, as the end of a sentence. */
function whyNoVoice(clone: TaskRecord): string {
  const reason = clone.error ?? "no reason was given";
  switch (clone.status) {
    case "failed":
      return `failed: ${reason}`;
    case "cancelled":
      return `was cancelled: ${reason}`;
    case "pending":
      return `did not finish in this run: ${reason}`;
    case "skipped":
      return `was not run (${reason}), and no earlier run recorded its voice`;
    case "completed":
      return "completed without a voice id (modelId) in its result";
  }
}
