import { costliest, costOf, type Pricing } from "../plan/estimate.ts";
import type { Settings } from "../plan/inputs.ts";
import { formatMoney, toMicros } from "../plan/prices.ts";
import type { Task } from "../plan/tasks.ts";
import { sendsWithoutHistory } from "../run/sends.ts";
import { redact } from "../secrets.ts";
import { escapeMarkdown, fencedBlock, keepWhatFits, truncate } from "./markdown.ts";
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
      fencedBlock(JSON.stringify(shortened(task.body), null, 2), "json"),
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

/**
 * The estimate of the whole plan and how it stands against `max-tasks` and `budget`. A dry run reads no
 * earlier results.json, so it counts every selected task, as a run that resumes nothing would send them.
 */
function limitLines(
  tasks: readonly Task[],
  settings: Pick<Settings, "maxTasks" | "budget">,
  pricing: Pricing | undefined,
  money: (micros: number) => string,
): string[] {
  const sends = sendsWithoutHistory(tasks);
  const creates = sends.creates.length;
  const lines: string[] = [];
  if (pricing) {
    const { micros, pricedUploads } = costOf(sends, pricing);
    const uploads = pricedUploads
      ? ` and ${pricedUploads} asset upload${pricedUploads === 1 ? "" : "s"}`
      : "";
    const budget =
      settings.budget === undefined
        ? ""
        : micros > toMicros(settings.budget)
          ? `, **over** the budget of ${money(toMicros(settings.budget))}: a real run sending all of them would be refused`
          : `, within the budget of ${money(toMicros(settings.budget))}`;
    lines.push(
      `**Estimated cost: ${money(micros)}** for ${creates} task${creates === 1 ? "" : "s"}${uploads}${budget} (by ${escapeMarkdown(pricing.table.file)}).`,
      "",
    );
    if (creates > 1) {
      const list = costliest(sends.creates, pricing).map(
        ({ task, estimate }) =>
          `${escapeMarkdown(task.name)} ${money(estimate.micros)} (${escapeMarkdown(estimate.basis)})`,
      );
      lines.push(`Costliest: ${list.join(", ")}.`, "");
    }
  }
  if (settings.maxTasks !== undefined) {
    lines.push(
      creates > settings.maxTasks
        ? `**Over max-tasks**: ${creates} creates and max-tasks is ${settings.maxTasks}: a real run sending all of them would be refused.`
        : `${creates} creates, within max-tasks (${settings.maxTasks}).`,
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
function shortened(value: unknown): unknown {
  if (typeof value === "string") {
    const text = redact(value);
    return text.length > shownValueLength
      ? `${truncate(text, shownValueLength)} (${text.length - shownValueLength + 1} more characters)`
      : text;
  }
  if (Array.isArray(value)) return value.map(shortened);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, shortened(v)]));
  }
  return value;
}
