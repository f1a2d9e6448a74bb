/**
 * S4: cold start. `node dist/index.js` in dry-run with one prompt task, as a runner starts it, against the
 * start of a bare node process on the same machine; and the size of the bundle that is loaded.
 */
import { spawn } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { distEntry, makeWorkspace, runAction } from "../support/action.ts";
import { fixed, median, ratio, type ScenarioReport, spread, type Table, verdict } from "../support/report.ts";

const runs = 10;
const targetMs = 400;

const dryRunInputs = { prompt: "A lighthouse at dusk", model: "nano-banana-2", "dry-run": "true" };

async function bareNodeMs(): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, ["-e", "0"], { stdio: "ignore" });
  await new Promise((resolve) => child.on("close", resolve));
  return performance.now() - started;
}

export async function runS4(log: (line: string) => void): Promise<ScenarioReport> {
  const workspace = makeWorkspace("s4");
  try {
    log(`S4: ${runs} dry runs of ${distEntry}, each after a bare node start`);
    // One of each first, not counted: the file cache then holds node and the bundle, as on a runner that
    // has just checked the action out.
    await runAction(workspace, dryRunInputs);
    await bareNodeMs();
    const action: number[] = [];
    const bare: number[] = [];
    for (let run = 0; run < runs; run++) {
      const result = await runAction(workspace, dryRunInputs);
      if (result.code !== 0)
        throw new Error(`S4: the dry run exited with ${result.code}:\n${result.logTail}`);
      action.push(result.wallMs);
      bare.push(await bareNodeMs());
    }
    const probed = await runAction(workspace, dryRunInputs, { probe: true });
    const usage = probed.usage;
    const actionMs = median(action);
    const bareMs = median(bare);
    const bundleBytes = statSync(distEntry).size;
    // The chunks ncc splits off for dynamic imports (the API client and undici, the artifact and Octokit
    // clients): loaded only by the runs that need them.
    const distDir = path.dirname(distEntry);
    const chunkBytes = readdirSync(distDir)
      .filter((file) => /^\d+\.index\.js$/.test(file))
      .reduce((sum, file) => sum + statSync(path.join(distDir, file)).size, 0);
    const table: Table = {
      title: `S4 — cold start, dry-run with one task (median (min–max) of ${runs} runs, ms)`,
      header: ["metric", "action", "bare node (-e 0)", "ratio", "target", "result"],
      rows: [
        [
          "wall time, spawn to exit",
          spread(action, 0),
          spread(bare, 0),
          ratio(actionMs, bareMs),
          `< ${targetMs} ms`,
          verdict(actionMs < targetMs),
        ],
        ["the action's own share (action − bare node)", fixed(actionMs - bareMs, 0), "", "", "", ""],
        [
          "CPU time, user + system (one run)",
          usage ? fixed(usage.userMs + usage.systemMs, 0) : "n/a",
          "",
          "",
          "",
          "",
        ],
        ["peak RSS (one run)", usage ? `${fixed(usage.maxRssKb / 1024, 0)} MiB` : "n/a", "", "", "", ""],
        [
          "bundle size (dist/index.js, what a dry run loads)",
          `${fixed(bundleBytes / 2 ** 20, 2)} MiB (${bundleBytes} bytes)`,
          "",
          "",
          "",
          "",
        ],
        [
          "chunks loaded on demand (dist/*.index.js)",
          `${fixed(chunkBytes / 2 ** 20, 2)} MiB`,
          "",
          "",
          "",
          "",
        ],
      ],
    };
    return {
      id: "S4",
      title: "cold start",
      tables: [table],
      notes: [
        "Wall time from spawn to exit, seen from the parent, with the runner's environment (INPUT_*, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY); the dry run plans the task and writes the plan to the log and the job summary.",
        "Runs alternate with a bare `node -e 0`, so both see the same machine load; the ratio says how much of the start is node's own.",
      ],
      passed: actionMs < targetMs,
    };
  } finally {
    workspace.remove();
  }
}
