import { type TaskRecord, wasLeftUnsent } from "../run/record.ts";
import { redact } from "../secrets.ts";

/**
 * Line breaks in every spelling a renderer or the runner may honour, and the other control characters: in a
 * table cell, any of them could end the row and let what follows become raw HTML, a link or a heading.
 */
const breaksAndControls = /[\p{Cc}\u2028\u2029]+/gu;

/**
 * Untrusted text as one line: secrets redacted (before any escaping, which would hide their spelling), every
 * line break and control character a space. Every escape below starts here.
 */
export function oneLine(text: string): string {
  return redact(text).replace(breaksAndControls, " ");
}

/**
 * Escapes untrusted text (prompts, API error strings, task ids, names from earlier records) for
 * GitHub-flavoured Markdown inside a table cell: one line, no HTML, no formatting, no links, no @mentions that
 * would notify people, no pipes that break the row.
 */
export function escapeMarkdown(text: string): string {
  // Markdown punctuation first: the entities below contain `#`, which must stay as it is.
  return oneLine(text)
    .replace(/([\\`*_[\]{}()#+!~])/g, "\\$1")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\|/g, "&#124;")
    .replace(/@/g, "&#64;");
}

/**
 * Untrusted text as an inline code span in a table cell, e.g. a task id: one line, no backtick that could
 * close the span, no pipe that would split the cell (GFM splits cells before it reads code spans), at most
 * `max` characters. Inside a code span HTML and mentions are inert.
 */
export function codeSpan(text: string, max = 100): string {
  const inner = truncate(oneLine(text).replace(/[`|]/g, "").trim(), max);
  return inner ? `\`${inner}\`` : "";
}

/**
 * A URL as a Markdown link target, or undefined when it is not http(s) (a `javascript:` URL from an earlier
 * record must not become a link). Characters that would end the target, the row or an HTML attribute are
 * percent-encoded.
 */
export function linkTarget(url: string | null | undefined): string | undefined {
  if (!url || !/^https?:\/\/[^\s/]/i.test(url)) return undefined;
  return oneLine(url).replace(
    /[()<>"'`|\\\s]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`,
  );
}

/**
 * A fenced code block that no content can close early: the fence is longer than the longest run of
 * backticks in the content (CommonMark 4.5).
 */
export function fencedBlock(content: string, info = ""): string {
  const longest = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${content}\n${fence}`;
}

/**
 * The largest `keep` (0 to `total`) whose rendering fits, by bisection: renderings grow with `keep`, and a
 * summary of 10,000 rows should not be rendered a hundred times to find where to cut.
 */
export function keepWhatFits(
  total: number,
  render: (keep: number) => string,
  fits: (text: string) => boolean,
): string {
  const all = render(total);
  if (fits(all)) return all;
  let low = 0;
  let high = total - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fits(render(middle))) low = middle;
    else high = middle - 1;
  }
  return render(low);
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
