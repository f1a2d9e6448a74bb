/**
 * S3: 10,000 image tasks that complete at once (zero latency, tiny files): what the action itself costs per
 * task, in CPU time of its own process and in wall time.
 */
import { expectSuccess, makeWorkspace, runAction } from "../support/action.ts";
import { fixed, type ScenarioReport, type Table, verdict } from "../support/report.ts";
import { benchApiKey, startTimedSimulator } from "../support/timed-simulator.ts";

const defaultTaskCount = 10_000;
const concurrency = 64;
const cpuTargetMsPerTask = 2;
/**
 * A build whose cost per task grows with the number of tasks can take many minutes here; `npm run bench`
 * must stay under 5. At the budget the action's figures are read from /proc and it is killed, and the
 * report says how far it got. BENCH_S3_BUDGET_S=0 lifts the limit.
 */
const defaultBudgetS = 140;

export async function runS3(log: (line: string) => void): Promise<ScenarioReport> {
  const taskCount = Number(process.env.BENCH_S3_TASKS) || defaultTaskCount;
  const budgetS = Number(process.env.BENCH_S3_BUDGET_S ?? defaultBudgetS);
  const workspace = makeWorkspace("s3");
  const timed = await startTimedSimulator({
    timeScale: 1,
    scenario: {
      latency: { queuedMs: 0, processingMs: { video: 0, image: 0, audio: 0 }, jitter: 0 },
      fileBytes: { video: 256, image: 256, audio: 256 },
    },
  });
  try {
    const tasks = Array.from({ length: taskCount }, (_, index) => ({
      name: `t${String(index).padStart(5, "0")}`,
      prompt: `p${index}`,
    }));
    workspace.write("media.json", JSON.stringify({ defaults: { model: "nano-banana-2" }, tasks }));
    log(
      `S3: ${taskCount} tasks, concurrency ${concurrency}${budgetS > 0 ? `, stopped after ${budgetS} s` : ""}`,
    );
    const run = await runAction(
      workspace,
      {
        "api-key": benchApiKey,
        "base-url": timed.sim.url,
        manifest: "media.json",
        concurrency: String(concurrency),
        "poll-interval": "50ms", // the floor: as fast as the action allows, so the figures are its own cost
      },
      { probe: true, ...(budgetS > 0 && { timeLimitMs: budgetS * 1000 }) },
    );
    if (!run.stopped) expectSuccess(run, "S3");
    const usage = run.usage;
    if (!usage) throw new Error(`S3: the usage probe wrote nothing (exit ${run.code}):\n${run.logTail}`);
    const done = timed.sim.requests.filter((r) => r.route === "file" && r.status === 200).length;
    if (!run.stopped && done !== taskCount) throw new Error(`S3: ${done} of ${taskCount} tasks downloaded`);
    const cpuMs = usage.userMs + usage.systemMs;
    const cpuPerTask = cpuMs / done;
    const met = !run.stopped && cpuPerTask <= cpuTargetMsPerTask;
    const requests = timed.sim.requests.length;
    const stoppedNote = run.stopped ? ` (stopped at ${budgetS} s: ${done} of ${taskCount} done)` : "";
    const table: Table = {
      title: `S3 — ${taskCount.toLocaleString("en")} tasks, zero latency, concurrency ${concurrency}, poll interval 50 ms (the floor)`,
      header: ["metric", "action", "per task", "target", "result"],
      rows: [
        [
          "wall time, spawn to exit",
          `${fixed(run.wallMs / 1000, 1)} s${stoppedNote}`,
          `${fixed(run.wallMs / done, 2)} ms`,
          "",
          "",
        ],
        [
          "CPU time, user + system",
          `${fixed(cpuMs / 1000, 1)} s (${fixed(usage.userMs / 1000, 1)} + ${fixed(usage.systemMs / 1000, 1)})`,
          `${fixed(cpuPerTask, 2)} ms`,
          `≤ ${cpuTargetMsPerTask} ms per task`,
          run.stopped ? "MISS (did not finish)" : verdict(met),
        ],
        ["peak RSS", `${fixed(usage.maxRssKb / 1024, 0)} MiB`, "", "", ""],
        ["requests to the API", String(requests), fixed(requests / done, 2), "", ""],
        [
          "results.json rewrites",
          `${usage.resultsWrites} (${fixed(usage.resultsBytes / 2 ** 30, 2)} GiB written)`,
          fixed(usage.resultsWrites / done, 2),
          "",
          "",
        ],
        [
          "results.json.journal appends",
          `${usage.journalAppends ?? 0} (${fixed((usage.journalBytes ?? 0) / 2 ** 20, 1)} MiB written)`,
          fixed((usage.journalAppends ?? 0) / done, 2),
          "",
          "",
        ],
      ],
    };
    return {
      id: "S3",
      title: "the action's own cost per task",
      tables: [table],
      notes: [
        run.stopped
          ? `The action did not finish within the ${budgetS} s budget: at the limit its CPU time and peak RSS were read from /proc/<pid>/stat and status, then it was killed; the figures cover the ${done} tasks downloaded by then (results.json rewrites: the probe's last snapshot, up to 1 s old). \`BENCH_S3_BUDGET_S=0 npm run bench -- S3\` runs it to the end.`
          : "CPU time and peak RSS are the action process's own getrusage figures at exit, written by a preloaded probe (bench/support/usage-probe.ts).",
        "The probe also counts renames onto results.json and the characters written to it, and the appends to the journal beside it (each change, between rewrites); the simulator runs in the benchmark's process and is not counted.",
        `Per task: divided by the tasks downloaded (${done}). The wall time includes node's start and planning the ${taskCount.toLocaleString("en")}-task manifest${run.stopped ? "" : ", and writing the summary and outputs"}.`,
      ],
      passed: met,
    };
  } finally {
    await timed.sim.close();
    workspace.remove();
  }
}
