/**
 * What the command shows while a run goes. On a terminal, a view redrawn in place (log-update does the
 * cursor work): a done/total bar with the elapsed time and an estimate of what is left, one line per running
 * task with its status and age, and each finished task printed above it as it ends. Elsewhere (a pipe, a CI
 * log) the same events as plain lines, one per change, with no escape codes. The view reads the ledger's
 * changes: the records are the run's truth, the same ones results.json holds.
 */
import { createLogUpdate } from "log-update";
import { formatDuration } from "../plan/duration.ts";
import type { Ledger } from "../run/ledger.ts";
import { notSubmittedPrefix, type TaskRecord } from "../run/record.ts";
import { interruptedCreate } from "../run/scheduler.ts";
import { terminalText } from "./terminal-text.ts";

type Phase = "queued" | "sending" | "running" | "done" | "failed" | "unsent";

/** Where a task stands, read from its record alone. */
export function phaseOf(record: TaskRecord): Phase {
  switch (record.status) {
    case "completed":
      return "done";
    case "pending":
      return record.taskId ? "running" : "queued";
    case "failed":
      // Marked so while its create is in flight: a crash then must not resubmit it (scheduler.ts).
      return record.error === interruptedCreate && record.finishedAt === null ? "sending" : "failed";
    case "cancelled":
      return "failed";
    case "skipped":
      if (record.file) return "done";
      if ((record.error ?? "").startsWith(`${notSubmittedPrefix}:`)) return "unsent";
      return record.submittedAt ? "sending" : "queued";
  }
}

export interface RunView {
  /** A line that stays: a notice, a warning. */
  line(text: string): void;
  /** Follows the run's tasks (the selected ones) through the ledger until `close`. */
  watch(ledger: Ledger, names: readonly string[]): void;
  /** Stops redrawing and leaves the last state on screen. */
  close(): void;
}

interface Watched {
  phase: Phase;
  taskId: string | null;
  /** When it entered its phase (for a running task: its age in this run). */
  since: number;
}

export interface ViewOptions {
  /** Redraw in place (a terminal) or print plain lines. */
  live: boolean;
  now?: () => number;
  /** How often a live view redraws the ages and the elapsed time. */
  tickMs?: number;
}

export function createView(stream: NodeJS.WritableStream, options: ViewOptions): RunView {
  const now = options.now ?? Date.now;
  const started = now();
  const tasks = new Map<string, Watched>();
  const write = (text: string) => stream.write(`${terminalText(text)}\n`);
  const update = options.live ? createLogUpdate(stream as NodeJS.WriteStream) : undefined;
  let timer: NodeJS.Timeout | undefined;

  const render = (): void => {
    if (!update) return;
    update(terminalText(frame(tasks, now() - started, now())));
  };
  /** A line above the live part, or a plain line. */
  const persist = (text: string): void => {
    if (update) update.persist(terminalText(text));
    else write(text);
  };

  const changed = (record: TaskRecord): void => {
    const watched = tasks.get(record.name);
    if (!watched) return;
    const phase = phaseOf(record);
    watched.taskId = record.taskId;
    if (phase === watched.phase) return;
    // A task's age counts from its create, not from the answer that gave it an id.
    if (!(watched.phase === "sending" && phase === "running")) watched.since = now();
    watched.phase = phase;
    const said = transition(record, phase);
    // On a terminal the running tasks are in the redrawn part; only their ends stay above it.
    if (said && !(update && phase === "running")) persist(said);
    render();
  };

  return {
    line(text) {
      persist(text);
      render();
    },
    watch(ledger, names) {
      for (const name of names) {
        const record = ledger.get(name);
        tasks.set(name, { phase: phaseOf(record), taskId: record.taskId, since: now() });
      }
      ledger.onChange(changed);
      if (!update) {
        const counts = tally(tasks);
        write(
          `${names.length} tasks: ${counts.done} done already, ${counts.running} to re-attach, ${counts.queued} to send`,
        );
      }
      render();
      if (update) {
        timer = setInterval(render, options.tickMs ?? 250);
        timer.unref();
      }
    },
    close() {
      clearInterval(timer);
      if (update) {
        render();
        update.done();
      }
    },
  };
}

/** The plain line a change of phase deserves, if any. */
function transition(record: TaskRecord, phase: Phase): string | undefined {
  switch (phase) {
    case "running":
      return `${record.name}: running as task ${record.taskId}`;
    case "done":
      return `${record.name}: completed${record.file ? ` → ${record.file.path} (${record.file.bytes} bytes)` : ""}`;
    case "failed":
      return `${record.name}: ${record.status}: ${record.error ?? "no reason given"}`;
    case "unsent":
      return `${record.name}: ${record.error}`;
    case "sending":
      return undefined;
    case "queued":
      return undefined;
  }
}

function tally(tasks: ReadonlyMap<string, Watched>): Record<Phase, number> {
  const counts: Record<Phase, number> = { queued: 0, sending: 0, running: 0, done: 0, failed: 0, unsent: 0 };
  for (const { phase } of tasks.values()) counts[phase]++;
  return counts;
}

const barWidth = 24;

/** The live part: the bar line, then one line per task in flight. */
export function frame(tasks: ReadonlyMap<string, Watched>, elapsedMs: number, at: number): string {
  const counts = tally(tasks);
  const total = tasks.size;
  const ended = counts.done + counts.failed + counts.unsent;
  const filled = total === 0 ? barWidth : Math.round((counts.done / total) * barWidth);
  const bar = `[${"#".repeat(filled)}${"-".repeat(barWidth - filled)}]`;
  // What is left, at the pace the tasks have ended so far; nothing to say before the first one ends.
  const left =
    ended > 0 && ended < total
      ? ` · about ${formatDuration(Math.round((elapsedMs / ended) * (total - ended)))} left`
      : "";
  const head =
    `${bar} ${counts.done}/${total} done` +
    (counts.failed ? ` · ${counts.failed} failed` : "") +
    (counts.queued ? ` · ${counts.queued} queued` : "") +
    ` · elapsed ${formatDuration(elapsedMs)}${left}`;
  const inFlight = [...tasks]
    .filter(([, t]) => t.phase === "running" || t.phase === "sending")
    .map(
      ([name, t]) =>
        `  ${name.padEnd(20)} ${t.phase.padEnd(8)} ${formatDuration(at - t.since).padStart(7)}  ${t.taskId ?? ""}`,
    );
  return [head, ...inFlight].join("\n");
}
