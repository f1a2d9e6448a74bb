import type { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { type ActionRun, distEntry, runAction, type Workspace } from "../../support/action-runner.ts";

/** The bundle under test: dist/index.js, or the one GENMEDIA_DIST names (e.g. /work/base/dist/index.js). */
export const actionEntry = process.env.GENMEDIA_DIST ? path.resolve(process.env.GENMEDIA_DIST) : distEntry;

export interface MeasuredRun extends ActionRun {
  elapsedMs: number;
  /** The child's peak resident set size in bytes (process.resourceUsage().maxRSS at exit). */
  peakRss: number;
  /** Whether the test had to kill the run for overrunning `killAfterMs`. */
  killed: boolean;
}

/**
 * Runs the bundle under test through a wrapper that records the process's peak RSS when it exits, and
 * kills it after `killAfterMs` (an old build that hangs fails the test in seconds, not minutes).
 */
export async function runMeasured(
  workspace: Workspace,
  inputs: Record<string, string>,
  options: { env?: Record<string, string>; killAfterMs?: number } = {},
): Promise<MeasuredRun> {
  const dir = mkdtempSync(path.join(tmpdir(), "genmedia-rss-"));
  const wrapper = path.join(dir, "measure.mjs");
  const rssFile = path.join(dir, "rss.txt");
  writeFileSync(
    wrapper,
    [
      'import { writeFileSync } from "node:fs";',
      `process.on("exit", () => writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS * 1024)));`,
      `await import(${JSON.stringify(pathToFileURL(actionEntry).href)});`,
    ].join("\n"),
  );
  const started = Date.now();
  let killed = false;
  const run = await runAction(workspace, inputs, {
    entry: wrapper,
    env: options.env,
    whileRunning: (child: ReturnType<typeof spawn>) => {
      if (!killed && Date.now() - started > (options.killAfterMs ?? 20_000)) {
        killed = true;
        child.kill("SIGKILL");
      }
    },
  });
  const elapsedMs = Date.now() - started;
  const peakRss = existsSync(rssFile) ? Number(readFileSync(rssFile, "utf8")) : Number.NaN;
  return { ...run, elapsedMs, peakRss, killed };
}
