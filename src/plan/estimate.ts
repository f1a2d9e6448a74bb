/**
 * What a run would cost by the team's price table (design 10), and the checks of `max-tasks` and `budget`
 * against what the run would actually send. Pure: tasks and a table in, estimates or one ConfigError out.
 */
import { ConfigError, type Problem } from "../errors.ts";
import type { Family } from "../models/family.ts";
import { Inputs } from "./inputs.ts";
import { formatMoney, type Price, type PriceTable, toMicros } from "./prices.ts";
import type { PlannedAsset, Task } from "./tasks.ts";

/** One task's estimate, and how it was reached, for messages and the dry run. */
export interface Estimate {
  micros: number;
  /** E.g. "per task", "8 s × 0.10 USD/s", "8 s × 0.25 USD/s, VEO's default length". */
  basis: string;
}

/** How long the task's output will be, by its own duration or its family's documented default. */
export type Seconds = { seconds: number; why?: string } | { problem: string };

/** The task's length in seconds: its duration as planned, else its family's documented default. */
export function secondsOf(task: Pick<Task, "family" | "model" | "body">): Seconds | undefined {
  const { family, body } = task;
  // The wire field the common `duration` became, else `duration` itself (an endpoint body, a param).
  const fields = [...new Set([family.accepts.duration, "duration"])].filter((f) => f !== undefined);
  for (const field of fields) {
    const value = body[field];
    const seconds = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
    if (typeof seconds !== "number" || !Number.isFinite(seconds)) continue;
    if (seconds >= 0) return { seconds };
    // Seedance 1.5's -1: the model picks the length; the bill follows what it picked.
    if (family.longestSeconds !== undefined) {
      return { seconds: family.longestSeconds, why: `the longest ${field} ${seconds} lets the model pick` };
    }
    return {
      problem: `its ${field} ${seconds} lets the model choose the length, and ${family.title} documents no upper bound to estimate with`,
    };
  }
  const fallback = defaultSecondsOf(family, task.model);
  return fallback === undefined ? undefined : { seconds: fallback, why: `${family.title}'s default length` };
}

function defaultSecondsOf(family: Family, model: string): number | undefined {
  const value = family.defaultSeconds;
  return typeof value === "object" ? value.byModel[model] : value;
}

/** The price a model is charged at: its own entry, else the table's default. */
function priceOf(table: PriceTable, model: string): Price | undefined {
  return table.models.get(model) ?? table.default;
}

/**
 * Every task's estimate, by name. A task whose model has no price (and no `default`), or a per-second
 * price for a task whose length is unknown, is a plan error: a guard that guessed would not be one.
 */
export function estimateTasks(tasks: readonly Task[], table: PriceTable): Map<string, Estimate> {
  const estimates = new Map<string, Estimate>();
  const unpriced = new Map<string, string[]>();
  const problems: Problem[] = [];
  for (const task of tasks) {
    const price = priceOf(table, task.model);
    if (price === undefined) {
      unpriced.set(task.model, [...(unpriced.get(task.model) ?? []), task.name]);
      continue;
    }
    const estimate = estimateOne(task, price, table);
    if ("problem" in estimate) {
      problems.push({
        message: `${table.file}${price.line ? `:${price.line}` : ""}: task "${task.name}" (${task.model}): ${estimate.problem}`,
        location: { file: table.file, line: price.line },
      });
    } else estimates.set(task.name, estimate);
  }
  if (unpriced.size > 0) {
    const list = [...unpriced]
      .map(([model, names]) => `"${model}" (${names.length === 1 ? "task" : "tasks"} ${names.join(", ")})`)
      .join(", ");
    problems.unshift({
      message: `${table.file}: no price for model${unpriced.size === 1 ? "" : "s"} ${list}, and the table has no "default" entry: add ${unpriced.size === 1 ? "it" : "them"} (e.g. ${[...unpriced.keys()][0]}: { per-task: 0.50 }), or a default: { per-task: … } for every model without its own price`,
      location: { file: table.file },
    });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return estimates;
}

function estimateOne(task: Task, price: Price, table: PriceTable): Estimate | { problem: string } {
  if (price.per === "task") return { micros: price.micros, basis: "per task" };
  const length = secondsOf(task);
  if (length === undefined) {
    return {
      problem: `it is priced per second, but it sets no duration and ${task.family.title} documents no default length; set "duration" on the task, or price ${task.model} per-task`,
    };
  }
  if ("problem" in length) {
    return {
      problem: `it is priced per second, but ${length.problem}; set "duration", or price ${task.model} per-task`,
    };
  }
  const micros = Math.round(price.micros * length.seconds);
  const rate = formatMoney(price.micros, `${table.currency}/s`);
  return { micros, basis: `${length.seconds} s × ${rate}${length.why ? `, ${length.why}` : ""}` };
}

/** What a run would send: the creates, the asset uploads, and what it leaves out. */
export interface PlannedSends {
  /** Selected tasks whose create this run would send (not resumed, not done earlier). */
  creates: readonly Task[];
  /** Tasks re-attached to an earlier task id: no create. */
  resumed: number;
  /** Tasks done earlier with the same inputs (completed, failed, or unchanged under skip-existing). */
  unchanged: number;
  /** Assets this run would upload (not reused from an earlier run). */
  uploads: readonly PlannedAsset[];
}

/** The money side of a plan: the table, the estimate of every selected task. */
export interface Pricing {
  table: PriceTable;
  estimates: ReadonlyMap<string, Estimate>;
}

/** The estimated cost of what the run would send: the creates, then the uploads the table prices. */
export function costOf(sends: PlannedSends, pricing: Pricing): { micros: number; pricedUploads: number } {
  let micros = 0;
  for (const task of sends.creates) micros += pricing.estimates.get(task.name)?.micros ?? 0;
  let pricedUploads = 0;
  for (const asset of sends.uploads) {
    const price = pricing.table.uploads.get(asset.library);
    if (price === undefined) continue;
    micros += price;
    pricedUploads++;
  }
  return { micros, pricedUploads };
}

/**
 * Refuses a run over `max-tasks` or over `budget` before anything is sent, with the numbers that decided
 * it and what to change.
 */
export function checkSpending(
  sends: PlannedSends,
  limits: { maxTasks?: number; budget?: number },
  pricing?: Pricing,
): void {
  const problems: string[] = [];
  const creates = sends.creates.length;
  const leftOut = notCounted(sends);
  if (limits.maxTasks !== undefined && creates > limits.maxTasks) {
    problems.push(
      `${Inputs.maxTasks}: this run would send ${creates} create request${creates === 1 ? "" : "s"} and ${Inputs.maxTasks} is ${limits.maxTasks}${leftOut}; raise ${Inputs.maxTasks} or narrow the run with only/shard. Nothing was sent.`,
    );
  }
  if (limits.budget !== undefined && pricing !== undefined) {
    const budget = toMicros(limits.budget);
    const cost = costOf(sends, pricing);
    if (cost.micros > budget) {
      const money = (micros: number) => formatMoney(micros, pricing.table.currency);
      const uploads = cost.pricedUploads
        ? ` and ${cost.pricedUploads} asset upload${cost.pricedUploads === 1 ? "" : "s"}`
        : "";
      problems.push(
        `${Inputs.budget}: this run would cost an estimated ${money(cost.micros)} (${creates} task${creates === 1 ? "" : "s"}${uploads}, by ${pricing.table.file}) and ${Inputs.budget} is ${money(budget)}${leftOut}. ` +
          `The costliest: ${costliest(sends.creates, pricing)
            .map(({ task, estimate }) => `${task.name} ${money(estimate.micros)} (${estimate.basis})`)
            .join(
              ", ",
            )}. Raise ${Inputs.budget}, lower the durations, or narrow the run with only/shard. Nothing was sent.`,
      );
    }
  }
  if (problems.length > 0) throw new ConfigError(problems.map((message) => ({ message })));
}

function notCounted(sends: PlannedSends): string {
  const parts = [
    sends.resumed ? `${sends.resumed} resumed task${sends.resumed === 1 ? "" : "s"}` : "",
    sends.unchanged ? `${sends.unchanged} unchanged one${sends.unchanged === 1 ? "" : "s"}` : "",
  ].filter(Boolean);
  if (parts.length === 0) return "";
  const plural = sends.resumed + sends.unchanged > 1;
  return ` (${parts.join(" and ")} ${plural ? "are" : "is"} not counted)`;
}

/** The five tasks that cost most, with their estimates. */
export function costliest(
  tasks: readonly Task[],
  pricing: Pricing,
  count = 5,
): { task: Task; estimate: Estimate }[] {
  return tasks
    .map((task) => ({ task, estimate: pricing.estimates.get(task.name) }))
    .filter((entry): entry is { task: Task; estimate: Estimate } => entry.estimate !== undefined)
    .sort((a, b) => b.estimate.micros - a.estimate.micros)
    .slice(0, count);
}
