import type { Pricing } from "../plan/estimate.ts";
import type { Settings } from "../plan/inputs.ts";
import { formatMoney } from "../plan/prices.ts";
import { shownBody, type Task } from "../plan/tasks.ts";
import { planTotals } from "../run/sends.ts";
import { redact } from "../secrets.ts";
import { escapeMarkdown, fencedBlock, keepWhatFits } from "./markdown.ts";
import { summaryLimitBytes } from "./summary.ts";

/** A string in a shown request body longer than this is shortened; the request itself sends it whole. */
export const shownValueLength = 1_000;

/**
 * The dry-run report: every task with the request it would send, and where, and with `prices` each task's
 * estimate and the total; always under the summary limit.
 */
export function renderPlan(
  tasks: readonly Task[],
  settings: Pick<Settings, "baseUrl" | "textBaseUrl" | "maxTasks" | "budget">,
  pricing?: Pricing,
): string {
  const hosts = settings;
  const money = (micros: number) => escapeMarkdown(formatMoney(micros, pricing?.table.currency ?? ""));
  const head = [
    "## Generated media: dry run",
    "",
    `${tasks.filter((t) => t.selected).length} of ${tasks.length} tasks would be submitted; nothing was sent.`,
    "",
    ...limitLines(tasks, settings, pricing, money),
  ];
  const sections = tasks.map((task) => {
    // A polled family is one of the asynchronous media endpoints; the others answer from the text base URL.
    const base = task.family.polling ? hosts.baseUrl : hosts.textBaseUrl;
    return [
      `### ${escapeMarkdown(task.name)}${task.selected ? "" : " (not selected)"}`,
      "",
      `${escapeMarkdown(task.model)} (${task.kind}) → \`POST ${base}${task.endpoint}\``,
      "",
      ...estimateLine(task, pricing, money),
      ...(task.notices ?? []).map((line) => `> ${escapeMarkdown(redact(line))}`),
      ...(task.notices?.length ? [""] : []),
      ...(task.voice !== undefined && task.family.voiceField !== undefined
        ? [
            `Sent after task ${escapeMarkdown(task.voice)} completed, with its voice as \`${task.family.voiceField}\`.`,
            "",
          ]
        : []),
      // The body holds no key; no text in it (a prompt with a fence) can end the block early.
      fencedBlock(JSON.stringify(shownBody(task.body, shownValueLength, redact), null, 2), "json"),
      "",
    ].join("\n");
  });
  return keepWhatFits(
    sections.length,
    (keep) =>
      [
        ...head,
        ...sections.slice(0, keep),
        ...(keep < sections.length
          ? [
              `_${sections.length - keep} more tasks are not shown (summary size limit); run with \`only\` to see them._`,
            ]
          : []),
      ].join("\n"),
    (text) => Buffer.byteLength(text) <= summaryLimitBytes,
  );
}

/** The estimate of the whole plan and how it stands against `max-tasks` and `budget`. */
function limitLines(
  tasks: readonly Task[],
  settings: Pick<Settings, "maxTasks" | "budget">,
  pricing: Pricing | undefined,
  money: (micros: number) => string,
): string[] {
  const { creates, cost, maxTasks } = planTotals(tasks, settings, pricing);
  const lines: string[] = [];
  if (cost && pricing) {
    const uploads = cost.pricedUploads
      ? ` and ${cost.pricedUploads} asset upload${cost.pricedUploads === 1 ? "" : "s"}`
      : "";
    const budget =
      cost.budget === undefined
        ? ""
        : cost.budget.over
          ? `, **over** the budget of ${money(cost.budget.micros)}: a real run sending all of them would be refused`
          : `, within the budget of ${money(cost.budget.micros)}`;
    lines.push(
      `**Estimated cost: ${money(cost.micros)}** for ${creates} task${creates === 1 ? "" : "s"}${uploads}${budget} (by ${escapeMarkdown(pricing.table.file)}).`,
      "",
    );
    if (creates > 1) {
      const list = cost.costliest.map(
        ({ task, estimate }) =>
          `${escapeMarkdown(task.name)} ${money(estimate.micros)} (${escapeMarkdown(estimate.basis)})`,
      );
      lines.push(`Costliest: ${list.join(", ")}.`, "");
    }
  }
  if (maxTasks) {
    lines.push(
      maxTasks.over
        ? `**Over max-tasks**: ${creates} creates and max-tasks is ${maxTasks.limit}: a real run sending all of them would be refused.`
        : `${creates} creates, within max-tasks (${maxTasks.limit}).`,
      "",
    );
  }
  if (lines.length > 0) {
    lines.push(
      "_A dry run does not read earlier results, so it counts every selected task; a real run does not count tasks it resumes or that are unchanged._",
      "",
    );
  }
  return lines;
}

function estimateLine(task: Task, pricing: Pricing | undefined, money: (micros: number) => string): string[] {
  const estimate = task.selected ? pricing?.estimates.get(task.name) : undefined;
  return estimate ? [`Estimate: **${money(estimate.micros)}** (${escapeMarkdown(estimate.basis)})`, ""] : [];
}

/** The body with every long string shortened, saying how much was left out. */
