/**
 * What a run would send, known once its starting records are (design 10: resumed, skipped and unchanged
 * tasks cost nothing). The scheduler's own rules decide it, so the count checked against `max-tasks` and
 * `budget` is the count the scheduler then sends.
 */
import { costliest, costOf, type Estimate, type PlannedSends, type Pricing } from "../plan/estimate.ts";
import { toMicros } from "../plan/prices.ts";
import type { PlannedAsset, Task } from "../plan/tasks.ts";
import { earlierUpload } from "./assets.ts";
import type { AssetRecord, TaskRecord } from "./record.ts";
import { startingPoint } from "./resume.ts";

/**
 * The creates and asset uploads of the selected tasks, given the records the run starts from and the
 * earlier uploads it may reuse. Every task that is not created is counted as resumed (it has a task id to
 * follow) or unchanged (done earlier with the same inputs).
 */
export function plannedSends(
  tasks: readonly Task[],
  records: readonly TaskRecord[],
  earlierAssets: readonly AssetRecord[],
): PlannedSends {
  const byName = new Map(records.map((record) => [record.name, record]));
  const creates: Task[] = [];
  let resumed = 0;
  let unchanged = 0;
  for (const task of tasks) {
    const record = byName.get(task.name);
    if (!task.selected || record === undefined) continue;
    const start = startingPoint(record, task.family.polling !== undefined);
    if (start === "submit") creates.push(task);
    else if (start === "follow") resumed++;
    else unchanged++;
  }
  // An asset is uploaded once, before the first task that needs it, unless an earlier upload of the same
  // source is reused (assets.ts, earlierUpload); two names for one source share its upload.
  const uploads = new Map<string, PlannedAsset>();
  for (const asset of creates.flatMap((task) => task.assets ?? [])) {
    const source = `${asset.library} ${asset.sourceHash}`;
    if (uploads.has(source)) continue;
    if (earlierUpload(asset, earlierAssets).use === "upload") uploads.set(source, asset);
  }
  return { creates, resumed, unchanged, uploads: [...uploads.values()] };
}

/** For a dry run, which has no earlier records: every selected task is a create, every asset an upload. */
export function sendsWithoutHistory(tasks: readonly Task[]): PlannedSends {
  const creates = tasks.filter((task) => task.selected);
  const uploads = new Map(
    creates
      .flatMap((task) => task.assets ?? [])
      .map((asset) => [`${asset.library} ${asset.sourceHash}`, asset]),
  );
  return { creates, resumed: 0, unchanged: 0, uploads: [...uploads.values()] };
}

/** What a plan shown before any run (the dry run, `genmedia plan`) says of its cost and limits. */
export interface PlanTotals {
  creates: number;
  /** With a price table: the estimate of every create and priced upload, and the costliest tasks. */
  cost?: {
    micros: number;
    pricedUploads: number;
    costliest: { task: Task; estimate: Estimate }[];
    /** With `budget`: the budget, and whether sending every selected task would be refused. */
    budget?: { micros: number; over: boolean };
  };
  /** With `max-tasks`: whether sending every selected task would be refused. */
  maxTasks?: { limit: number; over: boolean };
}

/**
 * The totals of a plan with no earlier records to consult: every selected task counts, as in a run that
 * resumes nothing, which is the most a real run with these tasks could send.
 */
export function planTotals(
  tasks: readonly Task[],
  limits: { maxTasks?: number; budget?: number },
  pricing: Pricing | undefined,
): PlanTotals {
  const sends = sendsWithoutHistory(tasks);
  const creates = sends.creates.length;
  const totals: PlanTotals = { creates };
  if (pricing) {
    const { micros, pricedUploads } = costOf(sends, pricing);
    const budget = limits.budget === undefined ? undefined : toMicros(limits.budget);
    totals.cost = {
      micros,
      pricedUploads,
      costliest: costliest(sends.creates, pricing),
      ...(budget !== undefined && { budget: { micros: budget, over: micros > budget } }),
    };
  }
  if (limits.maxTasks !== undefined) {
    totals.maxTasks = { limit: limits.maxTasks, over: creates > limits.maxTasks };
  }
  return totals;
}
