/** Tables as the benchmark prints them (Markdown, so BENCHMARKS.md can hold them as printed), and statistics. */

export interface Table {
  title: string;
  header: readonly string[];
  rows: readonly (readonly string[])[];
}

export interface ScenarioReport {
  id: string;
  title: string;
  tables: Table[];
  /** How the numbers were taken: printed under the tables. */
  notes: string[];
  /** Every target met. */
  passed: boolean;
}

export function renderTable(table: Table): string {
  const widths = table.header.map((cell, column) =>
    Math.max(cell.length, ...table.rows.map((row) => (row[column] ?? "").length)),
  );
  const line = (cells: readonly string[]) =>
    `| ${widths.map((width, column) => (cells[column] ?? "").padEnd(width)).join(" | ")} |`;
  return [
    `**${table.title}**`,
    "",
    line(table.header),
    `|${widths.map((width) => "-".repeat(width + 2)).join("|")}|`,
    ...table.rows.map(line),
  ].join("\n");
}

export function renderReport(report: ScenarioReport): string {
  return [
    `### ${report.id}: ${report.title}`,
    "",
    ...report.tables.flatMap((table) => [renderTable(table), ""]),
    ...report.notes.map((note) => `- ${note}`),
  ].join("\n");
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

export const verdict = (met: boolean): string => (met ? "PASS" : "MISS");

/** `1.23x` */
export const ratio = (value: number, base: number): string => `${(value / base).toFixed(2)}x`;

export function fixed(value: number, digits = 1): string {
  return Number.isFinite(value) ? value.toFixed(digits) : "n/a";
}

/** "12.3 (11.9–12.8)": the median of several runs with their range. */
export function spread(values: readonly number[], digits = 1): string {
  if (values.length < 2) return fixed(values[0] ?? Number.NaN, digits);
  return `${fixed(median(values), digits)} (${fixed(Math.min(...values), digits)}–${fixed(Math.max(...values), digits)})`;
}

export const mib = (bytes: number): number => bytes / 1024 / 1024;
