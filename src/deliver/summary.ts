import { formatDuration } from "../plan/duration.ts";
import { countRecords, type TaskRecord } from "../run/record.ts";
import { errorDetails, escapeMarkdown, formatBytes, statusCell } from "./markdown.ts";

/** GitHub refuses a step summary over 1 MiB; stay well under it. */
export const summaryLimitBytes = 1024 * 1024 - 16 * 1024;

export interface SummaryInput {
  records: readonly TaskRecord[];
  resultsFile: string;
  elapsedMs: number;
  /** A sentence for the top of the summary, e.g. that the run was stopped by a signal. */
  notice?: string;
  /** Workspace-relative file path → a URL for it (its own artifact with `per-file`). */
  links?: ReadonlyMap<string, string>;
  /** Markdown about the artifact: its link, or why the upload failed. */
  delivery?: string;
}

/** Renders the job summary: counts, one row per task, errors folded away. Always under the size limit. */
export function renderSummary(input: SummaryInput): string {
  const counts = countRecords(input.records);
  const head = [
    "## Generated media",
    "",
    ...(input.notice ? [`> ${escapeMarkdown(input.notice)}`, ""] : []),
    `**${counts.succeeded}** completed · **${counts.failed}** failed · **${counts.pending}** pending · **${counts.skipped}** skipped · ${formatDuration(input.elapsedMs)} · results in \`${input.resultsFile}\``,
    "",
    "| Task | Model | Status | Time | File | Size |",
    "| --- | --- | --- | --- | --- | --- |",
  ];
  if (input.delivery) head.splice(head.length - 2, 0, input.delivery, "");
  const rows = input.records.map((record) => row(record, input.links));
  const errors = errorDetails(input.records, 1000);
  return fitToLimit(head, rows, errors);
}

function row(record: TaskRecord, links?: ReadonlyMap<string, string>): string {
  const time =
    record.submittedAt && record.finishedAt
      ? formatDuration(Date.parse(record.finishedAt) - Date.parse(record.submittedAt))
      : "";
  // Escaped text, not a code span: escapes inside a code span would show as backslashes.
  const link = record.file ? (links?.get(record.file.path) ?? record.file.artifactUrl) : undefined;
  const file = record.file
    ? link
      ? `[${escapeMarkdown(record.file.path)}](${link.replace(/[()\s]/g, encodeURIComponent)})`
      : escapeMarkdown(record.file.path)
    : record.taskId
      ? `id \`${record.taskId.replace(/[`|]/g, "")}\``
      : "";
  const size = record.file ? formatBytes(record.file.bytes) : "";
  return `| ${escapeMarkdown(record.name)} | ${escapeMarkdown(record.model)} | ${statusCell(record.status)} | ${time} | ${file} | ${size} |`;
}

/** Drops rows (and then error lines) from the end, with a note, until the summary fits. */
function fitToLimit(head: string[], rows: string[], errors: string[]): string {
  const render = (r: string[], e: string[], note: string): string =>
    `${[...head, ...r, note, ...e].join("\n")}\n`;
  let text = render(rows, errors, "");
  if (Buffer.byteLength(text) <= summaryLimitBytes) return text;
  let keep = rows.length;
  let errs = errors;
  while (keep > 0) {
    keep = Math.floor(keep * 0.9);
    errs = errors.slice(0, Math.min(errors.length, keep + 4));
    text = render(
      rows.slice(0, keep),
      errs.length < errors.length ? [...errs, "", "</details>"] : errs,
      `\n_${rows.length - keep} more tasks are not shown (summary size limit); see results.json._`,
    );
    if (Buffer.byteLength(text) <= summaryLimitBytes) return text;
  }
  return text;
}
