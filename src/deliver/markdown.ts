import { type TaskRecord, wasLeftUnsent } from "../run/record.ts";

/**
 * Escapes untrusted text (prompts, API error strings) for GitHub-flavoured Markdown inside a table cell:
 * no HTML, no formatting, no links, no @mentions that would notify people, no pipes that break the row.
 */
export function escapeMarkdown(text: string): string {
  // Markdown punctuation first: the entities below contain `#`, which must stay as it is.
  return text
    .replace(/[\r\n]+/g, " ")
    .replace(/([\\`*_[\]{}()#+!~])/g, "\\$1")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\|/g, "&#124;")
    .replace(/@/g, "&#64;");
}

/**
 * The folded list of tasks with errors, for the summary and the comment: failed, cancelled and pending
 * tasks, and wanted tasks that were never sent. Skips on purpose (`only`, skip-existing) are not errors.
 */
export function errorDetails(records: readonly TaskRecord[], maxErrorLength: number): string[] {
  const failures = records.filter(
    (r) => r.error && ((r.status !== "completed" && r.status !== "skipped") || wasLeftUnsent(r)),
  );
  if (failures.length === 0) return [];
  return [
    "",
    `<details><summary>${failures.length} task${failures.length === 1 ? "" : "s"} with errors</summary>`,
    "",
    ...failures.map(
      (r) =>
        `- **${escapeMarkdown(r.name)}** (${r.status}): ${escapeMarkdown(truncate(r.error ?? "", maxErrorLength))}`,
    ),
    "",
    "</details>",
  ];
}

const statusIcon: Record<TaskRecord["status"], string> = {
  completed: "✅",
  failed: "❌",
  cancelled: "🚫",
  pending: "⏳",
  skipped: "⏭️",
};

/** A task's status as a table cell, e.g. "✅ completed". */
export function statusCell(status: TaskRecord["status"]): string {
  return `${statusIcon[status]} ${status}`;
}

/** Shortens text to `max` characters, with an ellipsis. */
export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, Math.max(0, max - 1))}…` : text;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KiB", "MiB", "GiB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
