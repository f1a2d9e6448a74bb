import type { Task } from "../plan/tasks.ts";
import { redact } from "../secrets.ts";
import { escapeMarkdown, fencedBlock, keepWhatFits, truncate } from "./markdown.ts";
import { summaryLimitBytes } from "./summary.ts";

/** A string in a shown request body longer than this is shortened; the request itself sends it whole. */
export const shownValueLength = 1_000;

/** The dry-run report: every task with the request it would send, and where; always under the summary limit. */
export function renderPlan(tasks: readonly Task[], hosts: { baseUrl: string; textBaseUrl: string }): string {
  const head = [
    "## Generated media: dry run",
    "",
    `${tasks.filter((t) => t.selected).length} of ${tasks.length} tasks would be submitted; nothing was sent.`,
    "",
  ];
  const sections = tasks.map((task) => {
    // A polled family is one of the asynchronous media endpoints; the others answer from the text base URL.
    const base = task.family.polling ? hosts.baseUrl : hosts.textBaseUrl;
    return [
      `### ${escapeMarkdown(task.name)}${task.selected ? "" : " (not selected)"}`,
      "",
      `${escapeMarkdown(task.model)} (${task.kind}) → \`POST ${base}${task.endpoint}\``,
      "",
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
