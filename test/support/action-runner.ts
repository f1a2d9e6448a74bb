import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/**
 * The bundle under test: dist/index.js, or the file GENMEDIA_DIST names (e.g. an older commit's dist/, to show
 * that a test fails on the build before a fix).
 */
export const distEntry = process.env.GENMEDIA_DIST
  ? path.resolve(process.env.GENMEDIA_DIST)
  : path.join(repoRoot, "dist/index.js");
export const postEntry = path.join(repoRoot, "dist/post/index.js");

export interface ActionRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  /** What the step saved for its post step (core.saveState). */
  state: Record<string, string>;
  summary: string;
  workspace: string;
  /** Every file the run left anywhere we gave it (workspace, runner temp, output and summary files). */
  allText(): string;
}

export interface Workspace {
  dir: string;
  runnerTemp: string;
  write(relativePath: string, content: string): string;
}

export function makeWorkspace(): Workspace {
  const root = mkdtempSync(path.join(tmpdir(), "genmedia-test-"));
  const dir = path.join(root, "workspace");
  const runnerTemp = path.join(root, "runner-temp");
  mkdirSync(dir, { recursive: true });
  mkdirSync(runnerTemp, { recursive: true });
  return {
    dir,
    runnerTemp,
    write(relativePath, content) {
      const file = path.join(dir, relativePath);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, content);
      return file;
    },
  };
}

/**
 * Runs the bundled action as the runner does: a child process with `INPUT_*` variables (hyphens kept, as
 * the runner does), GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_WORKSPACE and RUNNER_TEMP.
 */
export async function runAction(
  workspace: Workspace,
  inputs: Record<string, string>,
  options: {
    env?: Record<string, string>;
    onStdout?: (chunk: string, child: ReturnType<typeof spawn>) => void;
    /** Called every 25 ms while the action runs (e.g. to signal it once results.json shows some progress). */
    whileRunning?: (child: ReturnType<typeof spawn>) => void;
    /** The post step instead of the main one; pass the main run's `state` to it, as the runner does. */
    post?: { state: Record<string, string> };
    /** Another bundle than dist/index.js (e.g. an older commit's), for the main step. */
    entry?: string;
  } = {},
): Promise<ActionRun> {
  const stateFile = path.join(workspace.runnerTemp, `state-${Date.now()}-${Math.random()}.txt`);
  writeFileSync(stateFile, "");
  const outputFile = path.join(workspace.runnerTemp, `output-${Date.now()}-${Math.random()}.txt`);
  const summaryFile = path.join(workspace.runnerTemp, `summary-${Date.now()}-${Math.random()}.md`);
  writeFileSync(outputFile, "");
  writeFileSync(summaryFile, "");
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "",
    GITHUB_ACTIONS: "true",
    GITHUB_WORKSPACE: workspace.dir,
    RUNNER_TEMP: workspace.runnerTemp,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_REPOSITORY: "octo/genmedia-test",
    GITHUB_RUN_ID: "1001",
    GITHUB_RUN_ATTEMPT: "1",
    GITHUB_EVENT_NAME: "push",
    GITHUB_STATE: stateFile,
    GENMEDIA_RETRY_BASE_MS: "20",
    ...Object.fromEntries(Object.entries(options.post?.state ?? {}).map(([k, v]) => [`STATE_${k}`, v])),
    ...options.env,
  };
  // Without a (local) artifact service there is nothing to upload to; with one, the default name applies.
  const withDefaults = env.ACTIONS_RUNTIME_TOKEN ? inputs : { "artifact-name": "", ...inputs };
  for (const [name, value] of Object.entries(withDefaults)) {
    env[`INPUT_${name.toUpperCase()}`] = value;
  }
  const child = spawn(process.execPath, [options.post ? postEntry : (options.entry ?? distEntry)], {
    cwd: workspace.dir,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
    options.onStdout?.(chunk, child);
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const ticker = options.whileRunning ? setInterval(() => options.whileRunning?.(child), 25) : undefined;
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.on("close", (c, s) => resolve([c, s])),
  );
  clearInterval(ticker);
  const outputs = parseOutputFile(readFileSync(outputFile, "utf8"));
  const state = parseOutputFile(readFileSync(stateFile, "utf8"));
  const summary = readFileSync(summaryFile, "utf8");
  return {
    code,
    signal,
    stdout,
    stderr,
    outputs,
    state,
    summary,
    workspace: workspace.dir,
    allText: () =>
      [
        stdout,
        stderr,
        summary,
        readFileSync(outputFile, "utf8"),
        ...readTree(workspace.dir),
        ...readTree(workspace.runnerTemp),
      ].join("\n"),
  };
}

/** The runner's file command format: `name<<DELIMITER`, the value lines, `DELIMITER`. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<]+)<<(.+)$/.exec(lines[i] ?? "");
    if (!match) continue;
    const [, name, delimiter] = match;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] ?? "");
    outputs[name as string] = value.join("\n");
  }
  return outputs;
}

function readTree(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    const stat = statSync(full);
    if (stat.isDirectory()) out.push(...readTree(full));
    else out.push(readFileSync(full).toString("latin1"));
  }
  return out;
}
