import type { FailOn } from "../plan/inputs.ts";
import { countRecords, type TaskRecord, wasLeftUnsent } from "../run/record.ts";

/**
 * Why the step fails under `fail-on`, or undefined when it passes. Tasks that `only` left out do not
 * count; tasks that were wanted but never sent (the time ran out) count as not completed.
 */
export function failureReason(records: readonly TaskRecord[], failOn: FailOn): string | undefined {
  if (failOn === "never") return undefined;
  const counts = countRecords(records);
  const unsent = records.filter(wasLeftUnsent).length;
  const wanted = records.filter((r) => r.status !== "skipped").length + unsent;
  const unfinished = counts.failed + counts.pending + unsent;
  if (failOn === "any" && unfinished > 0) {
    return `${unfinished} of ${wanted} tasks did not complete (${counts.failed} failed, ${counts.pending} pending, ${unsent} not submitted); see the job summary and results.json (fail-on: any)`;
  }
  if (failOn === "all" && wanted > 0 && counts.succeeded === 0) {
    return `none of the ${wanted} tasks completed; see the job summary and results.json (fail-on: all)`;
  }
  return undefined;
}
