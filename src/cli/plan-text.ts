/**
 * `genmedia plan` on a terminal: the dry run's content (plan-report.ts renders it as Markdown for the job
 * summary) as plain text: each task, where its request goes, what the plan says about it, and its body.
 */
import type { Settings } from "../plan/inputs.ts";
import type { Task } from "../plan/tasks.ts";

/** Longer strings of a shown body are cut; the request itself sends them whole. */
const shownLength = 200;

export function planText(
  tasks: readonly Task[],
  settings: Pick<Settings, "baseUrl" | "textBaseUrl">,
): string {
  const selected = tasks.filter((t) => t.selected).length;
  const lines = [`${selected} of ${tasks.length} tasks would be submitted; nothing was sent.`];
  for (const task of tasks) {
    // A polled family is one of the asynchronous media endpoints; the others answer from the text base URL.
    const base = task.family.polling ? settings.baseUrl : settings.textBaseUrl;
    lines.push(
      "",
      `${task.name}${task.selected ? "" : " (not selected)"}: ${task.model} (${task.kind}) → POST ${base}${task.endpoint}`,
      ...(task.notices ?? []).map((notice) => `  note: ${notice}`),
      ...(task.voice !== undefined ? [`  sent after task ${task.voice} completed, in its voice`] : []),
      ...JSON.stringify(shortened(task.body), null, 2)
        .split("\n")
        .map((line) => `  ${line}`),
    );
  }
  return lines.join("\n");
}

function shortened(value: unknown): unknown {
  if (typeof value === "string")
    return value.length > shownLength
      ? `${value.slice(0, shownLength)}… (${value.length} characters)`
      : value;
  if (Array.isArray(value)) return value.map(shortened);
  if (value !== null && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shortened(v)]));
  return value;
}
