/**
 * The command's subcommands. Each returns its exit code: 0 done, 1 tasks did not complete under --fail-on,
 * 2 a usage or plan error (thrown as UsageError or ConfigError, turned into the code by cli.ts), 130 stopped
 * by Ctrl-C. Progress goes to stderr; stdout carries the plan, the final table, or with --json only the
 * results array.
 */
import path from "node:path";
import { failureReason } from "../deliver/outcome.ts";
import { type EngineLog, type RunningRun, runEngine, type Start } from "../engine.ts";
import { ConfigError } from "../errors.ts";
import { formatDuration } from "../plan/duration.ts";
import type { Pricing } from "../plan/estimate.ts";
import type { Settings } from "../plan/inputs.ts";
import { planTasks } from "../plan/planner.ts";
import type { Task } from "../plan/tasks.ts";
import type { Ledger } from "../run/ledger.ts";
import { readResults } from "../run/previous-results.ts";
import { countRecords, type TaskRecord } from "../run/record.ts";
import { checkRun, priceTasks } from "../spending.ts";
import { createView } from "./live-view.ts";
import { type ParsedCommand, UsageError } from "./options.ts";
import { planText } from "./plan-text.ts";
import { resumePlan } from "./resume-tasks.ts";
import { commandSettings, refuseFileReferences, simulatorKey } from "./settings.ts";
import { terminalText } from "./terminal-text.ts";

/** Where the command writes: injectable so that nothing but these two streams is ever written to. */
export interface Streams {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

function say(stream: NodeJS.WritableStream, text: string): void {
  stream.write(`${terminalText(text)}\n`);
}

/** `genmedia plan`: the tasks and the requests they would send; no key, no request. */
export async function planCommand(parsed: ParsedCommand, io: Streams): Promise<number> {
  if (parsed.simulate || parsed.json) {
    throw new UsageError(
      `--${parsed.simulate ? "simulate" : "json"} belongs to run: plan sends nothing and prints the plan`,
    );
  }
  const settings = commandSettings({ parsed, planOnly: true });
  const tasks = planTasks(settings);
  refuseFileReferences(tasks);
  for (const line of tasks.flatMap((task) => (task.selected ? (task.notices ?? []) : [])))
    say(io.stderr, `notice: ${line}`);
  say(io.stdout, planText(tasks, settings, priceTasks(tasks, settings)));
  return 0;
}

/** `genmedia run`: plan, then generate, against the API or (`--simulate`) an in-process simulator. */
export async function runCommand(parsed: ParsedCommand, io: Streams): Promise<number> {
  const simulator = parsed.simulate ? await startLocalSimulator(io) : undefined;
  try {
    const settings = commandSettings({
      parsed,
      simulator: simulator && { url: simulator.url, key: simulator.key },
    });
    const tasks = planTasks(settings);
    refuseFileReferences(tasks);
    for (const line of tasks.flatMap((task) => (task.selected ? (task.notices ?? []) : [])))
      say(io.stderr, `notice: ${line}`);
    return await generate(tasks, settings, parsed, io, undefined, priceTasks(tasks, settings));
  } finally {
    await simulator?.close();
  }
}

/**
 * `genmedia resume <results.json>`: follows an earlier run's pending tasks to their files in --output-dir.
 * No manifest: the tasks come from the records, and nothing is created.
 */
export async function resumeCommand(parsed: ParsedCommand, io: Streams): Promise<number> {
  const [file, ...rest] = parsed.positionals;
  if (file === undefined)
    throw new UsageError("resume needs the results.json to finish: genmedia resume results.json");
  if (rest.length > 0) throw new UsageError(`unexpected arguments: ${rest.join(" ")}`);
  if (parsed.simulate) {
    throw new UsageError(
      "--simulate starts an empty simulator, which knows none of the earlier run's task ids",
    );
  }
  for (const name of [
    "prompt",
    "model",
    "params",
    "name",
    "manifest",
    "only",
    "shard",
    "resume",
    "resume-from",
    "skip-existing",
  ]) {
    if (parsed.inputs.has(name)) {
      throw new UsageError(
        `--${name} does not apply to resume: its tasks are the pending records of ${file}`,
      );
    }
  }
  const source = path.resolve(file);
  const earlier = readResults(source, file, true, path.dirname(source));
  if (typeof earlier === "string") throw new ConfigError(earlier);
  const plan = resumePlan(earlier.tasks, file);
  // readSettings wants something to do; the tasks here come from the records, never from a prompt.
  const settings = commandSettings({
    parsed: { ...parsed, positionals: [] },
    extra: { prompt: "(resumed from results.json)" },
  });
  for (const { name, reason } of plan.unresumable) say(io.stderr, `${name}: cannot be resumed: ${reason}`);
  say(
    io.stderr,
    `Resuming ${plan.tasks.length} pending tasks of ${file} by their ids (nothing is created); files go to ${path.relative(process.cwd(), settings.outputDir) || "."}.`,
  );
  return generate(plan.tasks, settings, parsed, io, { records: plan.records, assets: earlier.assets });
}

/** Runs the tasks with a view on stderr, then reports; Ctrl-C stops like a cancelled workflow (exit 130). */
async function generate(
  tasks: readonly Task[],
  settings: Settings,
  parsed: ParsedCommand,
  io: Streams,
  start?: Start,
  pricing?: Pricing,
): Promise<number> {
  const started = Date.now();
  // Redrawing in place needs a terminal of known width (a pseudo-terminal nobody sized reports 0 columns).
  const live = io.stderr.isTTY === true && (io.stderr.columns ?? 0) > 0;
  const view = createView(io.stderr, { live });
  const log: EngineLog = {
    info: (line) => {
      // The live view's bar says what the scheduler's periodic progress line says.
      if (live && line.startsWith("progress:")) return;
      view.line(line);
    },
    warning: (line) => view.line(`warning: ${line}`),
    // The view prints each task's changes as they happen; the action's per-task log groups would repeat them.
    group: () => {},
    debug: () => {},
  };
  let ledger: Ledger | undefined;
  let interrupted: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (interrupted) return;
    interrupted = signal;
    view.line(
      `${signal === "SIGINT" ? "Ctrl-C" : signal}: stopping; every task id is recorded in results.json.`,
    );
    running?.stop(signal);
    // A create still awaiting its answer could hold the exit: the record is final on disk first.
    setTimeout(() => {
      view.close();
      try {
        ledger?.compact();
      } catch (error) {
        // Every change is in the journal beside results.json already; a later run reads both.
        say(
          io.stderr,
          `results.json could not be rewritten (${(error as Error).message}); its journal holds every change`,
        );
      }
      process.exit(130);
    }, 4_000).unref();
  };
  let running: RunningRun | undefined;
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    ledger = await runEngine(tasks, settings, {
      log,
      ...(start && { start }),
      // The limits on what the run may send (max-tasks, budget), once the records it starts from are known.
      beforeRun: (found) => {
        const checked = checkRun(tasks, settings, pricing, found);
        if (checked.cost) view.line(checked.cost.line);
        return checked.start;
      },
      started: (run) => {
        running = run;
        ledger = run.ledger;
        view.watch(
          run.ledger,
          tasks.filter((t) => t.selected).map((t) => t.name),
        );
        if (interrupted) run.stop(interrupted);
      },
    });
  } finally {
    view.close();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
  const records = ledger.all();
  report(records, settings, Date.now() - started, parsed.json, io, ledger.file);
  if (interrupted) return 130;
  const reason = failureReason(records, settings.failOn);
  if (reason) {
    say(
      io.stderr,
      reason.replace(
        "see the job summary and results.json",
        `see ${workspaceRelative(settings, ledger.file)}`,
      ),
    );
    return 1;
  }
  return 0;
}

function workspaceRelative(settings: Settings, file: string): string {
  return path.relative(settings.workspace, file) || file;
}

/** The end of a run: one line per task and the counts, or with --json only the records on stdout. */
function report(
  records: readonly TaskRecord[],
  settings: Settings,
  elapsedMs: number,
  json: boolean,
  io: Streams,
  resultsFile: string,
): void {
  const counts = countRecords(records);
  const summary = `${counts.succeeded} completed, ${counts.failed} failed, ${counts.pending} pending, ${counts.skipped} skipped in ${formatDuration(elapsedMs)}; results.json: ${workspaceRelative(settings, resultsFile)}`;
  if (json) {
    say(io.stderr, summary);
    // Records are redacted where they enter the ledger; JSON is one line, nothing else on stdout.
    io.stdout.write(`${JSON.stringify(records)}\n`);
    return;
  }
  const width = Math.min(24, Math.max(4, ...records.map((r) => r.name.length)));
  for (const r of records) {
    const detail = r.file ? r.file.path : (r.error ?? "");
    say(io.stdout, `${r.name.padEnd(width)}  ${r.status.padEnd(9)}  ${detail}`);
  }
  say(io.stdout, summary);
}

interface LocalSimulator {
  url: string;
  key: string;
  close(): Promise<void>;
}

/** An in-process simulator on 127.0.0.1 for `--simulate`: a fresh key, minutes of generation in a second. */
async function startLocalSimulator(io: Streams): Promise<LocalSimulator> {
  const { startSimulator } = await import("../../simulator/server.ts");
  const key = simulatorKey();
  const timeScale = Number(process.env.GENMEDIA_SIMULATE_TIME_SCALE) || 60;
  const simulator = await startSimulator({ port: 0, apiKey: key, timeScale });
  say(
    io.stderr,
    `--simulate: an API simulator on ${simulator.url} (no key, no network; a minute of generation takes a second)`,
  );
  return { url: simulator.url, key, close: () => simulator.close() };
}

/** `genmedia simulator [--port N]`: the API simulator until Ctrl-C, for runs pointed at it with --base-url. */
export async function simulatorCommand(parsed: ParsedCommand, io: Streams): Promise<number> {
  if (parsed.positionals.length > 0 || parsed.inputs.size > 0 || parsed.simulate || parsed.json) {
    throw new UsageError("simulator takes only --port N and --time-scale X");
  }
  const port = parsed.port === undefined ? 0 : Number(parsed.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError("--port must be a port number, 0 to 65535");
  const timeScale = parsed.timeScale === undefined ? 60 : Number(parsed.timeScale);
  if (!(timeScale > 0)) throw new UsageError("--time-scale must be a number > 0");
  const { startSimulator } = await import("../../simulator/server.ts");
  const key = process.env.GENMEDIA_API_KEY?.trim() || "sim-key";
  const simulator = await startSimulator({ port, apiKey: key, timeScale });
  say(io.stdout, simulator.url);
  say(
    io.stderr,
    `API simulator listening on ${simulator.url} (time scale ${timeScale}); it accepts the key in GENMEDIA_API_KEY, or "sim-key" when unset. Try: genmedia run tasks.yml --base-url ${simulator.url}. Ctrl-C stops it.`,
  );
  await new Promise<void>((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
  });
  await simulator.close();
  return 0;
}
