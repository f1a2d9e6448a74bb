/**
 * Everything the action says to the runner — log lines, groups, annotations, outputs, state, the job summary
 * and the step's failure — goes out through here, so that each exit redacts secrets (secrets.ts) and
 * neutralises text that the runner would otherwise read as a workflow command. The entry points use these
 * functions instead of @actions/core's, and nothing below them writes to the runner.
 *
 * The runner reads a line as a command when it starts with `::` (after spaces) or, in the legacy syntax, holds
 * `##[`. @actions/core escapes the text of commands it issues itself (annotations, groups, debug lines), but a
 * plain log line is written as it is, and text from the API (an error message, a status, a task id) or from
 * an earlier record can hold `\n::set-output …` or `::add-mask::…`. Such a line is written between
 * `::stop-commands::<token>` and `::<token>::`, the runner's own way to print untrusted text, with a token
 * nobody can guess.
 */
import { randomBytes } from "node:crypto";
import * as core from "@actions/core";
import { redact, registerSecret } from "./secrets.ts";

/** Any line the runner might take for a command: `::` at a line's start, or the legacy `##[` anywhere. */
const commandLike = /^[ \t]*::|##\[/m;

/** Log text that cannot start a workflow command, whatever it holds. */
export function inertLogText(text: string): string {
  const safe = redact(text);
  if (!commandLike.test(safe)) return safe;
  const token = randomBytes(16).toString("hex");
  return `::stop-commands::${token}\n${safe}\n::${token}::`;
}

/** A value the runner must mask and this process must never write. */
export function maskSecret(value: string | undefined): void {
  if (!value) return;
  core.setSecret(value);
  registerSecret(value);
}

export function info(text: string): void {
  core.info(inertLogText(text));
}

export function debug(text: string): void {
  core.debug(redact(text));
}

type Annotation = core.AnnotationProperties;

function annotationProperties(properties: Annotation = {}): Annotation {
  return Object.fromEntries(
    Object.entries(properties).map(([key, value]) => [
      key,
      typeof value === "string" ? redact(value) : value,
    ]),
  );
}

export function notice(text: string, properties?: Annotation): void {
  core.notice(redact(text), annotationProperties(properties));
}

export function warning(text: string, properties?: Annotation): void {
  core.warning(redact(text), annotationProperties(properties));
}

export function error(text: string, properties?: Annotation): void {
  core.error(redact(text), annotationProperties(properties));
}

/** A collapsible group of lines, printed at once so that concurrent tasks do not interleave. */
export function group(title: string, lines: readonly string[]): void {
  core.startGroup(redact(title));
  for (const line of lines) info(line);
  core.endGroup();
}

export function setOutput(name: string, value: string | number): void {
  core.setOutput(name, typeof value === "string" ? redact(value) : value);
}

export function setFailed(message: string): void {
  core.setFailed(redact(message));
}

export function saveState(name: string, value: string): void {
  core.saveState(name, redact(value));
}

/**
 * Appends to the job summary. Outside a runner (a local run) there is no summary file: says where the record
 * is instead of failing.
 */
export async function writeSummary(markdown: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) {
    info("No job summary file (GITHUB_STEP_SUMMARY is not set): see results.json for the record.");
    return;
  }
  await core.summary.addRaw(redact(markdown)).write();
}
