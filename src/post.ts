import { existsSync } from "node:fs";
import * as core from "@actions/core";
import { settingsFromInputs } from "./action-inputs.ts";
import { deliverRecords, State } from "./deliver/pipeline.ts";
import { Ledger } from "./run/ledger.ts";
import { readResults } from "./run/previous-results.ts";
import { notSubmittedPrefix, type TaskRecord } from "./run/record.ts";
import * as runner from "./runner-output.ts";

/**
 * The post step (`post-if: always()`): when the main step was killed (a step timeout, a runner that lost
 * patience) before it delivered, deliver what its results.json recorded: the artifact, the summary and the
 * outputs, so the task ids already paid for reach the next run.
 */
export async function post(): Promise<void> {
  try {
    if (core.getState(State.delivered) === "true") return;
    const resultsFile = core.getState(State.resultsFile);
    // No run was started (a dry run, or a plan that failed): nothing to deliver.
    if (!resultsFile || !existsSync(resultsFile)) return;
    const earlier = readResults(resultsFile, resultsFile, false);
    if (typeof earlier === "string") {
      runner.warning(`The main step ended before it delivered, and ${earlier}.`);
      return;
    }
    runner.warning(
      "The main step ended before it could deliver (killed or timed out): delivering what it recorded.",
    );
    const settings = await settingsFromInputs();
    // The asset uploads stay in the file: a later run reuses them instead of paying their review again.
    const ledger = new Ledger(resultsFile, earlier.tasks.map(afterInterruption), earlier.assets);
    await deliverRecords({
      ledger,
      settings,
      elapsedMs: 0,
      notice:
        "The main step was killed before it could finish; this summary was written by the post step from results.json. Pending tasks keep their ids, and a re-run resumes them.",
      stopReason: "the main step ended before it could deliver",
      runner,
    });
  } catch (error) {
    runner.setFailed(`genmedia-action post step failed: ${(error as Error).message}`);
  }
}

/** Rewrites what "still running" meant inside the killed step into what it means now. */
function afterInterruption(record: TaskRecord): TaskRecord {
  if (record.status === "pending" && record.taskId) {
    return {
      ...record,
      error: `the main step was killed while this task was running; task id ${record.taskId} can be resumed by a later run`,
    };
  }
  if (record.status === "skipped" && record.error === `${notSubmittedPrefix} yet`) {
    return { ...record, error: `${notSubmittedPrefix}: the main step was killed before its turn` };
  }
  return record;
}

await post();
