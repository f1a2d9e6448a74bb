/**
 * S1: 200 image tasks at concurrency 20. The action's makespan against the guide's sequential loop and
 * against the ideal schedule of the same durations; requests per task against the fewest possible.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { idealMakespan, minimumRequests, pollingIdealMakespan } from "../baselines/ideal-schedule.ts";
import { type GuideTask, runSequentialLoop } from "../baselines/sequential-loop.ts";
import { expectSuccess, makeWorkspace, runAction } from "../support/action.ts";
import {
  fixed,
  mean,
  median,
  ratio,
  type ScenarioReport,
  spread,
  type Table,
  verdict,
} from "../support/report.ts";
import { logNormal, seededRandom } from "../support/seeded.ts";
import {
  apiSideSpan,
  benchApiKey,
  requestsByTask,
  startTimedSimulator,
  type TimedSimulator,
} from "../support/timed-simulator.ts";

const taskCount = 200;
const concurrency = 20;
/**
 * Simulated ms per real ms for the action: its 3 s interval is 150 ms real. Each real ms the action spends
 * on its own work (a request, a write of results.json) costs this many simulated ms, so the scale is kept
 * low enough for that to stay small next to a 3 s interval, and high enough for 3 runs to take ~30 s.
 */
const actionTimeScale = 20;
/** The documented image interval (3 s), in simulated ms. */
const intervalMs = 3_000;
const actionRuns = 3;
const seed = 20_261_125;
const model = "nano-banana-2";
const endpoint = "/v1/banana/images";

/**
 * Durations in simulated ms, fixed by the seed: 0.5–2 s queued, then a log-normal generation time (median
 * 10 s, 3–45 s), the shape of image generation times with a long tail.
 */
export function imageDurations(count: number): { queuedMs: number; processingMs: number }[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => ({
    queuedMs: Math.round(500 + random() * 1_500),
    processingMs: Math.round(logNormal(random, 10_000, 0.45, 3_000, 45_000)),
  }));
}

interface Requests {
  perTask: number;
  /** Largest (requests − minimum) of one task. */
  worstExcess: number;
}

interface ActionMeasure extends Requests {
  /** First create received to last file served, simulated ms. */
  makespanMs: number;
  /** Mean per task, simulated ms: completion to the download request (the poll that saw it, included). */
  noticeMs: number;
  /** Mean per task: the download request to the file's last byte. */
  downloadMs: number;
  /** Mean: a slot's file served to the next task's create received. */
  handoffMs: number;
}

function checkAllCompleted(timed: TimedSimulator): void {
  const tasks = timed.sim.tasks();
  const incomplete = tasks.filter((task) => task.status !== "completed");
  if (tasks.length !== taskCount || incomplete.length > 0) {
    throw new Error(`S1: ${tasks.length} tasks created, ${incomplete.length} not completed`);
  }
}

function countRequests(timed: TimedSimulator, durationByIndex: readonly number[]): Requests {
  const counts = requestsByTask(timed.sim);
  const excess: number[] = [];
  const actual: number[] = [];
  for (const task of timed.sim.tasks()) {
    const count = counts.get(task.id);
    const total = count ? count.create + count.poll + count.file : Number.NaN;
    actual.push(total);
    excess.push(total - minimumRequests(durationByIndex[task.index] as number, intervalMs));
  }
  return { perTask: mean(actual), worstExcess: Math.max(...excess) };
}

/** Where the action's time goes, from the simulator's record (real ms × scale). */
function timeline(timed: TimedSimulator, durationByIndex: readonly number[]) {
  const { sim, finishedAt } = timed;
  const createdAt = new Map<string, number>();
  const fileRequests = sim.requests.filter((request) => request.route === "file");
  for (const request of sim.requests) {
    if (request.route === "create" && request.taskId) createdAt.set(request.taskId, request.at);
  }
  const indexOf = new Map(sim.tasks().map((task) => [task.id, task.index]));
  const notice: number[] = [];
  const download: number[] = [];
  for (const request of fileRequests) {
    const id = request.taskId as string;
    const completedAt =
      (createdAt.get(id) as number) +
      (durationByIndex[indexOf.get(id) as number] as number) / actionTimeScale;
    notice.push((request.at - completedAt) * actionTimeScale);
    download.push(((finishedAt.get(request.path) as number) - request.at) * actionTimeScale);
  }
  // With every slot busy, the n-th slot to free (a file served) is taken by the (20 + n)-th create.
  const frees = fileRequests.map((request) => finishedAt.get(request.path) as number).sort((a, b) => a - b);
  const laterCreates = [...createdAt.values()].sort((a, b) => a - b).slice(concurrency);
  const handoff = laterCreates.map((at, n) => (at - (frees[n] as number)) * actionTimeScale);
  return { noticeMs: mean(notice), downloadMs: mean(download), handoffMs: mean(handoff) };
}

function manifestOf(): string {
  const tasks = Array.from({ length: taskCount }, (_, index) => ({
    name: `img-${String(index).padStart(3, "0")}`,
    model,
    prompt: `Benchmark image ${index}: a lighthouse at dusk`,
  }));
  return JSON.stringify({ tasks }, null, 2);
}

function guideTasks(): GuideTask[] {
  return Array.from({ length: taskCount }, (_, index) => ({
    name: `img-${String(index).padStart(3, "0")}`,
    endpoint,
    body: { model, prompt: `Benchmark image ${index}: a lighthouse at dusk` },
  }));
}

const scenario = () => ({
  latency: { jitter: 0 },
  outcomes: imageDurations(taskCount).map((d, taskIndex) => ({ taskIndex, ...d })),
});

async function measureAction(durations: readonly number[]): Promise<ActionMeasure> {
  const workspace = makeWorkspace("s1");
  const timed = await startTimedSimulator({ timeScale: actionTimeScale, scenario: scenario() });
  try {
    workspace.write("media.json", manifestOf());
    const run = await runAction(workspace, {
      "api-key": benchApiKey,
      "base-url": timed.sim.url,
      manifest: "media.json",
      concurrency: String(concurrency),
      "poll-interval": `${intervalMs / actionTimeScale}ms`,
    });
    expectSuccess(run, "S1");
    checkAllCompleted(timed);
    return {
      makespanMs: apiSideSpan(timed).spanMs * actionTimeScale,
      ...countRequests(timed, durations),
      ...timeline(timed, durations),
    };
  } finally {
    await timed.sim.close();
    workspace.remove();
  }
}

/**
 * The guide's loop runs in this process against a simulator whose clock the loop's sleeps move forward
 * instead of waiting: time scale 1 for everything the loop really does (its requests, at their real
 * loopback latency), and no real time for its 3 s sleeps, during which nothing else happens. Exact, and
 * 200 × 13 s simulated take a second or two.
 */
async function measureSequentialLoop(
  durations: readonly number[],
): Promise<Requests & { makespanMs: number }> {
  const workspace = makeWorkspace("s1-loop");
  let skippedMs = 0;
  const clock = () => performance.now() + skippedMs;
  const timed = await startTimedSimulator({ timeScale: 1, clock, scenario: scenario() });
  try {
    const outputDir = path.join(workspace.dir, "out");
    mkdirSync(outputDir);
    const started = clock();
    await runSequentialLoop({
      baseUrl: timed.sim.url,
      apiKey: benchApiKey,
      tasks: guideTasks(),
      pollIntervalMs: intervalMs,
      outputDir,
      sleep: async (ms) => {
        skippedMs += ms;
      },
    });
    const makespanMs = clock() - started;
    checkAllCompleted(timed);
    return { makespanMs, ...countRequests(timed, durations) };
  } finally {
    await timed.sim.close();
    workspace.remove();
  }
}

const seconds = (simMs: number) => fixed(simMs / 1000, 1);

export async function runS1(log: (line: string) => void): Promise<ScenarioReport> {
  const durations = imageDurations(taskCount).map((d) => d.queuedMs + d.processingMs);
  const ideal = idealMakespan(durations, concurrency);
  const pollingIdeal = pollingIdealMakespan(durations, concurrency, intervalMs);
  const minimumPerTask = mean(durations.map((d) => minimumRequests(d, intervalMs)));
  const idealNotice = mean(durations.map((d) => Math.max(1, Math.ceil(d / intervalMs)) * intervalMs - d));

  log("S1: the guide's sequential loop");
  const loop = await measureSequentialLoop(durations);
  const actions: ActionMeasure[] = [];
  // A run in which the action fails is reported, not hidden: the other runs still give the numbers.
  const failures: string[] = [];
  for (let run = 1; run <= actionRuns; run++) {
    log(`S1: action run ${run}/${actionRuns}`);
    try {
      actions.push(await measureAction(durations));
    } catch (error) {
      failures.push(`run ${run}: ${(error as Error).message.split("\n").slice(0, 8).join(" / ")}`);
    }
  }
  if (actions.length === 0) throw new Error(`every action run failed: ${failures.join("; ")}`);

  const of = (pick: (a: ActionMeasure) => number) => actions.map(pick);
  const makespan = median(of((a) => a.makespanMs));
  const requests = median(of((a) => a.perTask));
  const makespanTarget = ideal * 1.05 + intervalMs;
  const requestsTarget = minimumPerTask + 2;

  const schedules: Table = {
    title: `S1 — ${taskCount} image tasks, concurrency ${concurrency}, poll interval 3 s (simulated seconds)`,
    header: ["schedule", "makespan (s)", "vs ideal", "requests/task", "how"],
    rows: [
      ["ideal", seconds(ideal), "1.00x", fixed(minimumPerTask, 2), "computed (requests: the minimum)"],
      [
        "ideal, polling every 3 s",
        seconds(pollingIdeal),
        ratio(pollingIdeal, ideal),
        fixed(minimumPerTask, 2),
        "computed",
      ],
      [
        "**action**",
        spread(of((a) => a.makespanMs / 1000)),
        ratio(makespan, ideal),
        spread(
          of((a) => a.perTask),
          2,
        ),
        `median (min–max) of ${actions.length} runs${failures.length ? ` (${failures.length} failed)` : ""}`,
      ],
      [
        "guide's sequential loop",
        seconds(loop.makespanMs),
        ratio(loop.makespanMs, ideal),
        fixed(loop.perTask, 2),
        "1 run (deterministic)",
      ],
    ],
  };
  const targets: Table = {
    title: "S1 — targets",
    header: ["metric", "action", "target", "result"],
    rows: [
      [
        "makespan",
        `${seconds(makespan)} s`,
        `≤ ideal × 1.05 + 3 s = ${seconds(makespanTarget)} s`,
        verdict(makespan <= makespanTarget),
      ],
      [
        "requests per task",
        fixed(requests, 2),
        `≤ minimum + 2 = ${fixed(requestsTarget, 2)}`,
        verdict(requests <= requestsTarget),
      ],
      ["speed-up over the sequential loop", ratio(loop.makespanMs, makespan), "(none)", ""],
      ["makespan vs ideal polling every 3 s", ratio(makespan, pollingIdeal), "(none)", ""],
    ],
  };
  const where: Table = {
    title: "S1 — where the action's time goes (mean per task, simulated seconds)",
    header: ["step", "action", "ideal polling every 3 s"],
    rows: [
      [
        "completion → download request (noticing)",
        spread(
          of((a) => a.noticeMs / 1000),
          2,
        ),
        seconds(idealNotice),
      ],
      [
        "download request → last byte",
        spread(
          of((a) => a.downloadMs / 1000),
          2,
        ),
        "0",
      ],
      [
        "slot freed → next create received",
        spread(
          of((a) => a.handoffMs / 1000),
          2,
        ),
        "0",
      ],
    ],
  };
  return {
    id: "S1",
    title: "scheduling 200 images",
    tables: [schedules, targets, where],
    notes: [
      `Time scale ${actionTimeScale} for the action: one real ms is ${actionTimeScale} simulated ms; \`poll-interval: ${intervalMs / actionTimeScale}ms\` is the documented 3 s. Its real makespan is ≈ ${fixed(makespan / actionTimeScale / 1000, 1)} s. All figures are simulated time (real × scale), so 1 ms of the action's own work shows as ${actionTimeScale} ms.`,
      `The guide's loop sleeps the documented 3 s by moving the simulator's clock forward (its requests run at scale 1, at their real latency): a perfect loop would take ${seconds(pollingIdealMakespan(durations, 1, intervalMs))} s.`,
      `Durations: seed ${seed}, queued 0.5–2 s + log-normal generation (median 10 s, σ 0.45, 3–45 s); mean ${seconds(mean(durations))} s, sum ${seconds(durations.reduce((a, b) => a + b, 0))} s.`,
      "Makespan: from the simulator receiving the first create to it finishing the last result file (the action's process start is not included).",
      "Minimum requests per task: 1 create + ceil(duration / 3 s) polls (the k-th poll, at k × 3 s, is the first to see completion; at least 1) + 1 download; never below 3.",
      ...failures.map((failure) => `**The action failed** in ${failure}`),
      `Worst single task, requests over its minimum: action ${median(of((a) => a.worstExcess))} (median of runs), loop ${loop.worstExcess}.`,
    ],
    passed: failures.length === 0 && makespan <= makespanTarget && requests <= requestsTarget,
  };
}
