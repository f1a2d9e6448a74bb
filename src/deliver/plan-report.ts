import type { Task } from "../plan/tasks.ts";
import { escapeMarkdown } from "./markdown.ts";

/** The dry-run report: every task with the exact request it would send, and where. */
export function renderPlan(tasks: readonly Task[], hosts: { baseUrl: string; textBaseUrl: string }): string {
  const lines = [
    "## Generated media: dry run",
    "",
    `${tasks.filter((t) => t.selected).length} of ${tasks.length} tasks would be submitted; nothing was sent.`,
    "",
  ];
  for (const task of tasks) {
    const base = task.kind === "text" ? hosts.textBaseUrl : hosts.baseUrl;
    lines.push(
      `### ${escapeMarkdown(task.name)}${task.selected ? "" : " (not selected)"}`,
      "",
      `${escapeMarkdown(task.model)} (${task.kind}) → \`POST ${base}${task.endpoint}\``,
      "",
      "```json",
      // The body holds no key; a fence inside a prompt must not end the block early.
      JSON.stringify(task.body, null, 2).replace(/```/g, "`\u200b``"),
      "```",
      "",
    );
  }
  return lines.join("\n");
}
