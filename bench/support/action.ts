/**
 * Runs the committed bundle (dist/index.js) the way a runner does: a child process with INPUT_* variables
 * (hyphens kept), GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_WORKSPACE and RUNNER_TEMP. The benchmark never
 * rebuilds dist/: what is measured is what is committed.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** The bundle to run: dist/index.js, or BENCH_ACTION=path/to/index.js to compare another build. */
export const distEntry = process.env.BENCH_ACTION
  ? path.resolve(process.env.BENCH_ACTION)
  : path.join(repoRoot, "dist/index.js");
const usageProbe = path.join(repoRoot, "bench/support/usage-probe.ts");

export interface Usage {
  userMs: number;
  systemMs: number;
  maxRssKb: number;
  uptimeMs: number;
  /** Rewrites of results.json (renames onto it) and the bytes written to it. */
  resultsWrites: number;
  resultsBytes: number;
  /** Appends to results.json.journal and their bytes (0 for builds before the journal). */
  journalAppends: number;
  journalBytes: number;
}

/** What /proc tells about a live process: the probe's counters are not there. */
type ProcUsage = Omit<Usage, "resultsWrites" | "resultsBytes" | "journalAppends" | "journalBytes">;

export interface ActionRun {
  code: number | null;
  /** Sent SIGTERM at the time limit (and SIGKILL if it did not stop in time). */
  stopped: boolean;
  /** Spawn to exit, real ms, as seen from the parent. */
  wallMs: number;
  /** getrusage of the action's own process (undefined when run without the probe). */
  usage?: Usage;
  /** The last few KiB of the log, to explain a failure. */
  logTail: string;
  outputs: string;
}

export interface BenchWorkspace {
  /** GITHUB_WORKSPACE. */
  dir: string;
  runnerTemp: string;
  root: string;
  write(relativePath: string, content: string): string;
  remove(): void;
}

export function makeWorkspace(label: string): BenchWorkspace {
  const root = mkdtempSync(path.join(tmpdir(), `genmedia-bench-${label}-`));
  const dir = path.join(root, "workspace");
  const runnerTemp = path.join(root, "runner-temp");
  mkdirSync(dir, { recursive: true });
  mkdirSync(runnerTemp, { recursive: true });
  return {
    dir,
    runnerTemp,
    root,
    write(relativePath, content) {
      const file = path.join(dir, relativePath);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, content);
      return file;
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

const tailBytes = 8 * 1024;

export async function runAction(
  workspace: BenchWorkspace,
  inputs: Record<string, string>,
  options: {
    probe?: boolean;
    env?: Record<string, string>;
    /** Stop the action after this many ms: its CPU time and peak RSS are read from /proc, then SIGKILL. */
    timeLimitMs?: number;
  } = {},
): Promise<ActionRun> {
  const outputFile = path.join(workspace.runnerTemp, "output.txt");
  const summaryFile = path.join(workspace.runnerTemp, "summary.md");
  const usageFile = path.join(workspace.runnerTemp, "usage.json");
  writeFileSync(outputFile, "");
  writeFileSync(summaryFile, "");
  rmSync(usageFile, { force: true });
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "",
    GITHUB_ACTIONS: "true",
    GITHUB_WORKSPACE: workspace.dir,
    RUNNER_TEMP: workspace.runnerTemp,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_REPOSITORY: "octo/genmedia-bench",
    GITHUB_RUN_ID: "1",
    GITHUB_RUN_ATTEMPT: "1",
    GITHUB_EVENT_NAME: "push",
    ...options.env,
  };
  if (options.probe) env.GENMEDIA_BENCH_USAGE_FILE = usageFile;
  // No artifact service runs here: an empty artifact name skips the upload.
  for (const [name, value] of Object.entries({ "artifact-name": "", ...inputs })) {
    env[`INPUT_${name.toUpperCase()}`] = value;
  }
  // BENCH_NODE_ARGS: extra node flags for the measured process, e.g. `--cpu-prof --cpu-prof-dir=/tmp/p`
  // (node refuses profiling flags in NODE_OPTIONS).
  const extra = process.env.BENCH_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
  const args = [...extra, ...(options.probe ? ["--import", usageProbe] : []), distEntry];
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: workspace.dir, env, stdio: ["ignore", "pipe", "pipe"] });
  // The log of 10,000 tasks is large: keep only its tail, so the harness costs little and holds little.
  let logTail = "";
  const keep = (chunk: string) => {
    logTail = (logTail + chunk).slice(-tailBytes);
  };
  child.stdout.setEncoding("utf8").on("data", keep);
  child.stderr.setEncoding("utf8").on("data", keep);
  // Not SIGTERM: a build's own stop can take long to unwind a large queue (one took over 30 s), and that is
  // not what is measured. The figures are read from outside at the limit, then the process is killed.
  let stoppedAt: { usage: ProcUsage; wallMs: number } | undefined;
  const limit =
    options.timeLimitMs === undefined
      ? undefined
      : setTimeout(() => {
          try {
            stoppedAt = { usage: usageFromProc(child.pid as number), wallMs: performance.now() - started };
          } catch {
            return; // It exited at this very moment: its own figures follow.
          }
          child.kill("SIGKILL");
        }, options.timeLimitMs);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (exitCode) => resolve(exitCode));
  }).finally(() => clearTimeout(limit));
  const wallMs = stoppedAt?.wallMs ?? performance.now() - started;
  const probed = existsSync(usageFile) ? (JSON.parse(readFileSync(usageFile, "utf8")) as Usage) : undefined;
  const usage = stoppedAt
    ? {
        resultsWrites: Number.NaN,
        resultsBytes: Number.NaN,
        journalAppends: Number.NaN,
        journalBytes: Number.NaN,
        ...probed,
        ...stoppedAt.usage,
      }
    : probed;
  const stopped = stoppedAt !== undefined;
  return { code, stopped, wallMs, usage, logTail, outputs: readFileSync(outputFile, "utf8") };
}

/** CPU time and peak RSS of a live process, from /proc (Linux; clock ticks of 10 ms). */
function usageFromProc(pid: number): ProcUsage {
  const ticksMs = 10;
  // Fields after the command name, which is in parentheses and may hold spaces: utime is the 14th field.
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const hwm = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
  return {
    userMs: Number(fields[11]) * ticksMs,
    systemMs: Number(fields[12]) * ticksMs,
    maxRssKb: Number(hwm),
    uptimeMs: Number.NaN,
  };
}

/** Throws with the log's tail when the action did not succeed: a benchmark of a failed run means nothing. */
export function expectSuccess(run: ActionRun, what: string): void {
  if (run.code !== 0) {
    throw new Error(`${what}: the action exited with ${run.code}; last lines of its log:\n${run.logTail}`);
  }
}
