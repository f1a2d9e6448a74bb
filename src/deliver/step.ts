/**
 * What a delivery step hands back besides its own product: the sentences it had for the user. Each step
 * logs its notices and warnings as it goes (so the log reads in order) and returns them too, so the
 * pipeline decides what fails the step and what the summary says.
 */

export interface StepLog {
  info(line: string): void;
  notice(line: string): void;
  warning(line: string): void;
}

export interface StepReport {
  /** Already logged with `log.notice`: what was skipped for lack of permission, and how to allow it. */
  notices: string[];
  /** Already logged with `log.warning`: what failed without failing the step. */
  warnings: string[];
  /** Not logged: sentences that should fail the step (a release that cannot take its assets). */
  errors: string[];
}

/** A fresh report for one step, and the functions that log a sentence and keep it in the report. */
export function startReport(log: StepLog): {
  report: StepReport;
  notice(line: string): void;
  warning(line: string): void;
  error(line: string): void;
} {
  const report: StepReport = { notices: [], warnings: [], errors: [] };
  return {
    report,
    notice: (line) => {
      report.notices.push(line);
      log.notice(line);
    },
    warning: (line) => {
      report.warnings.push(line);
      log.warning(line);
    },
    error: (line) => {
      report.errors.push(line);
    },
  };
}

/** The reports of several steps, in the order the steps ran. */
export function joinReports(...reports: readonly StepReport[]): StepReport {
  return {
    notices: reports.flatMap((r) => r.notices),
    warnings: reports.flatMap((r) => r.warnings),
    errors: reports.flatMap((r) => r.errors),
  };
}
