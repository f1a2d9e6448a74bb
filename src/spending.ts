/**
 * The team's limits on what a run may spend (design 10), shared by both entry points: the estimate of every
 * selected task by the `prices` table, and the `max-tasks`/`budget` check against what this run would
 * actually send, made once the starting records are known and before anything is sent.
 */
import type { RunCost } from "./deliver/pipeline.ts";
import type { Start } from "./engine.ts";
import { checkSpending, costOf, estimateTasks, type Pricing } from "./plan/estimate.ts";
import type { Settings } from "./plan/inputs.ts";
import { formatMoney, readPrices, toMicros } from "./plan/prices.ts";
import type { Task } from "./plan/tasks.ts";
import type { TaskRecord } from "./run/record.ts";
import { plannedSends } from "./run/sends.ts";

/** The estimate of every selected task by the `prices` table; undefined without one. */
export function priceTasks(tasks: readonly Task[], settings: Settings): Pricing | undefined {
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

/**
 * `max-tasks` and `budget` against the creates and uploads this run would send (resumed, kept and skipped
 * tasks cost nothing): throws a ConfigError over either. Otherwise the records to start from carry each
 * task's estimate, and the cost of the run is given for the log, the summary and the comment.
 */
export function checkRun(
  tasks: readonly Task[],
  settings: Settings,
  pricing: Pricing | undefined,
  start: Start,
): { start: Start; cost?: RunCost } {
  const sends = plannedSends(tasks, start.records, start.assets);
  checkSpending(sends, settings, pricing);
  if (!pricing) return { start };
  const { micros, pricedUploads } = costOf(sends, pricing);
  const money = (amount: number) => formatMoney(amount, pricing.table.currency);
  const uploads = pricedUploads ? ` and ${pricedUploads} asset upload${pricedUploads === 1 ? "" : "s"}` : "";
  const budget = settings.budget === undefined ? "" : ` (budget ${money(toMicros(settings.budget))})`;
  const creates = sends.creates.length;
  return {
    start: { ...start, records: withEstimates(start.records, pricing) },
    cost: {
      currency: pricing.table.currency,
      micros,
      creates,
      line: `Estimated cost: ${money(micros)} for ${creates} create${creates === 1 ? "" : "s"}${uploads}${budget}, by ${pricing.table.file}.`,
    },
  };
}

/** Each selected task's record carries its own estimate, in the table's currency. */
function withEstimates(records: readonly TaskRecord[], pricing: Pricing): TaskRecord[] {
  return records.map((record) => {
    const estimate = pricing.estimates.get(record.name);
    return estimate ? { ...record, estimate: estimate.micros / 1e6 } : record;
  });
}
