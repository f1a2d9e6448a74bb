import { formatDuration } from "../plan/duration.ts";
import { countRecords, type TaskRecord } from "../run/record.ts";
import {
  codeSpan,
  errorDetails,
  escapeMarkdown,
  formatBytes,
  keepWhatFits,
  linkTarget,
  statusCell,
} from "./markdown.ts";

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
  /** The run's estimated cost (safe Markdown), shown beside the amount the API reported. */
  cost?: string;
}

/** Renders the job summary: counts, one row per task, errors folded away. Always under the size limit. */
export function renderSummary(input: SummaryInput): string {
  const counts = countRecords(input.records);
  const head = [
    "## Generated media",
    "",
    ...(input.notice ? [`> ${escapeMarkdown(input.notice)}`, ""] : []),
    `**${counts.succeeded}** completed · **${counts.failed}** failed · **${counts.pending}** pending · **${counts.skipped}** skipped · ${formatDuration(input.elapsedMs)} · results in ${codeSpan(input.resultsFile, 300)}`,
    "",
    "| Task | Model | Status | Time | File | Size |",
    "| --- | --- | --- | --- | --- | --- |",
  ];
  // Each line a paragraph of its own between the counts and the table; Markdown would join adjacent lines.
  const usage = usageLine(input.records);
  if (usage) head.splice(head.length - 2, 0, usage, "");
  if (input.cost) head.splice(head.length - 2, 0, costLine(input.cost, input.records), "");
  if (input.delivery) head.splice(head.length - 2, 0, input.delivery, "");
  const rows = input.records.map((record) => row(record, input.links));
  const errors = errorDetails(input.records, 1000);
  return fitToLimit(head, rows, errors);
}

/** The run's usage as the API reported it (design 10), summed per measure; undefined when none was. */
export function usageTotals(
  records: readonly TaskRecord[],
): { seconds?: number; tokens?: number; amount?: number } | undefined {
  const totals: { seconds?: number; tokens?: number; amount?: number } = {};
  let reported = false;
  for (const record of records) {
    for (const measure of ["seconds", "tokens", "amount"] as const) {
      const value = record.usage?.[measure];
      if (value === undefined) continue;
      reported = true;
      totals[measure] = (totals[measure] ?? 0) + value;
    }
  }
  return reported ? totals : undefined;
}

/**
 * The estimate and what the API reported, side by side, so a team can check its table against the bills.
 * The API states no currency for `amount`: it is shown as a bare number.
 */
function costLine(cost: string, records: readonly TaskRecord[]): string {
  const amount = usageTotals(records)?.amount;
  const reported =
    amount === undefined
      ? "the API reported no amount"
      : `amount reported by the API: **${amount.toLocaleString("en-US", { maximumFractionDigits: 6 })}** (its currency is not stated)`;
  return `${cost} · ${reported}`;
}

/** The job summary of a run refused before anything was sent (over max-tasks or budget). */
export function renderRefusal(problems: readonly { message: string }[]): string {
  return [
    "## Generated media: not run",
    "",
    ...problems.map((problem) => `> ${escapeMarkdown(problem.message)}`),
    "",
    "Nothing was sent to the API.",
    "",
  ].join("\n");
}

function usageLine(records: readonly TaskRecord[]): string | undefined {
  const totals = usageTotals(records);
  if (!totals) return undefined;
  const number = (value: number, digits: number) =>
    value.toLocaleString("en-US", { maximumFractionDigits: digits });
  const parts = [
    totals.seconds !== undefined ? `${number(totals.seconds, 1)} s of output` : undefined,
    totals.tokens !== undefined ? `${number(totals.tokens, 0)} tokens` : undefined,
    totals.amount !== undefined ? `amount ${number(totals.amount, 4)}` : undefined,
  ].filter((part) => part !== undefined);
  return `Usage reported by the API: ${parts.join(" · ")}`;
}

function row(record: TaskRecord, links?: ReadonlyMap<string, string>): string {
  const time =
    record.submittedAt && record.finishedAt
      ? formatDuration(Date.parse(record.finishedAt) - Date.parse(record.submittedAt))
      : "";
  // Escaped text, not a code span: escapes inside a code span would show as backslashes.
  const link = record.file ? linkTarget(links?.get(record.file.path) ?? record.file.artifactUrl) : undefined;
  const file = record.file
    ? link
      ? `[${escapeMarkdown(record.file.path)}](${link})`
      : escapeMarkdown(record.file.path)
    : record.taskId
      ? `id ${codeSpan(record.taskId)}`
      : "";
  const size = record.file ? formatBytes(record.file.bytes) : "";
  return `| ${escapeMarkdown(record.name)} | ${escapeMarkdown(record.model)} | ${statusCell(record.status)} | ${time} | ${file} | ${size} |`;
}

/** Drops rows (and then error lines) from the end, with a note, until the summary fits. */
function fitToLimit(head: string[], rows: string[], errors: string[]): string {
  return keepWhatFits(
    rows.length,
    (keep) => {
      if (keep === rows.length) return `${[...head, ...rows, ...errors].join("\n")}\n`;
      const errs = errors.length > keep + 6 ? [...errors.slice(0, keep + 4), "", "</details>"] : errors;
      const note = `\n_${rows.length - keep} more tasks are not shown (summary size limit); see results.json._`;
      return `${[...head, ...rows.slice(0, keep), note, ...errs].join("\n")}\n`;
    },
    (text) => Buffer.byteLength(text) <= summaryLimitBytes,
  );
}
