import type { Task } from "../plan/tasks.ts";
import { escapeMarkdown } from "./markdown.ts";

/** The dry-run report: every task with the exact request it would send. */
export function renderPlan(tasks: readonly Task[], baseUrl: string): string {
  const lines = [
    "## Generated media: dry run",
    "",
    `${tasks.filter((t) => t.selected).length} of ${tasks.length} tasks would be submitted to \`${baseUrl}\`; nothing was sent.`,
    "",
  ];
  for (const task of tasks) {
    lines.push(
      `### ${escapeMarkdown(task.name)}${task.selected ? "" : " (not selected)"}`,
      "",
      `${escapeMarkdown(task.model)} (${task.kind}) → \`POST ${task.endpoint}\``,
      "",
      "```json",
      JSON.stringify(task.body, null, 2).replace(/```/g, "`\u200b``"),
      "```",
      "",
    );
  }
  return lines.join("\n");
}
