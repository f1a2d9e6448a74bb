/**
 * `genmedia plan` on a terminal: the dry run's content (plan-report.ts renders it as Markdown for the job
 * summary) as plain text: each task, where its request goes, what the plan says about it, and its body.
 */
import type { Pricing } from "../plan/estimate.ts";
import type { Settings } from "../plan/inputs.ts";
import { formatMoney } from "../plan/prices.ts";
import { shownBody, type Task } from "../plan/tasks.ts";
import { planTotals } from "../run/sends.ts";

/** Longer strings of a shown body are cut; the request itself sends them whole. */
const shownLength = 200;

export function planText(
  tasks: readonly Task[],
  settings: Pick<Settings, "baseUrl" | "textBaseUrl" | "budget" | "maxTasks">,
  pricing?: Pricing,
): string {
  const selected = tasks.filter((t) => t.selected).length;
  const lines = [
    `${selected} of ${tasks.length} tasks would be submitted; nothing was sent.`,
    ...totalLines(tasks, settings, pricing),
  ];
  for (const task of tasks) {
    // A polled family is one of the asynchronous media endpoints; the others answer from the text base URL.
    const base = task.family.polling ? settings.baseUrl : settings.textBaseUrl;
    lines.push(
      "",
      `${task.name}${task.selected ? "" : " (not selected)"}: ${task.model} (${task.kind}) → POST ${base}${task.endpoint}`,
      ...estimateLines(task, pricing),
      ...(task.notices ?? []).map((notice) => `  note: ${notice}`),
      ...(task.voice !== undefined ? [`  sent after task ${task.voice} completed, in its voice`] : []),
      ...JSON.stringify(shownBody(task.body, shownLength), null, 2)
        .split("\n")
        .map((line) => `  ${line}`),
    );
  }
  return lines.join("\n");
}

function estimateLines(task: Task, pricing: Pricing | undefined): string[] {
  const estimate = task.selected ? pricing?.estimates.get(task.name) : undefined;
  if (!estimate || !pricing) return [];
  return [`  estimate: ${formatMoney(estimate.micros, pricing.table.currency)} (${estimate.basis})`];
}

/** The plan's estimate and how it stands against --budget and --max-tasks, as the dry run says it. */
function totalLines(
  tasks: readonly Task[],
  settings: Pick<Settings, "budget" | "maxTasks">,
  pricing: Pricing | undefined,
): string[] {
  const { creates, cost, maxTasks } = planTotals(tasks, settings, pricing);
  const lines: string[] = [];
  if (cost && pricing) {
    const money = (amount: number) => formatMoney(amount, pricing.table.currency);
    const budget =
      cost.budget === undefined
        ? ""
        : cost.budget.over
          ? `, over the budget of ${money(cost.budget.micros)}: a run sending all of them would be refused`
          : `, within the budget of ${money(cost.budget.micros)}`;
    lines.push(
      `Estimated cost: ${money(cost.micros)} for ${creates} creates${budget} (by ${pricing.table.file}).`,
    );
  }
  if (maxTasks?.over) lines.push(`Over --max-tasks: ${creates} creates and the limit is ${maxTasks.limit}.`);
  return lines;
}
