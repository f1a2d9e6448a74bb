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
 * Simulated ms per real ms for the action: its 3 s interval is 300 ms real. Each real ms the action spends
 * on its own work (a request, a timer firing late on a busy machine) costs this many simulated ms, so the
 * scale is kept low enough for that to stay small next to a 2 s interval (at 20, the hand-off from a freed
 * slot to the next create measured 0.16–0.20 simulated seconds, 10 tasks deep per slot), and high enough
 * for the 6 runs to take about 100 s.
 */
const actionTimeScale = 10;
/** The design's default image interval (3 s), in simulated ms. */
const intervalMs = 3_000;

/** The two ways the action is run: the default interval, and the API's documented image range. */
const pollSettings = [
  { label: "poll-interval 3s (default)", minMs: 3_000, maxMs: 3_000 },
  { label: "poll-interval 2s-5s", minMs: 2_000, maxMs: 5_000 },
] as const;
type PollSetting = (typeof pollSettings)[number];

/** The input's value in real time: `150ms`, or `100ms-250ms` at scale 20. */
function pollInput(setting: PollSetting): string {
  const real = (ms: number) => `${ms / actionTimeScale}ms`;
  return setting.minMs === setting.maxMs
    ? real(setting.minMs)
    : `${real(setting.minMs)}-${real(setting.maxMs)}`;
}
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
  // Keystream files, as before real media: painting 200 PNGs would add CPU to the measured process.
  fileBytes: { image: 30_000 },
  outcomes: imageDurations(taskCount).map((d, taskIndex) => ({ taskIndex, ...d })),
});

async function measureAction(durations: readonly number[], setting: PollSetting): Promise<ActionMeasure> {
  const workspace = makeWorkspace("s1");
  const timed = await startTimedSimulator({ timeScale: actionTimeScale, scenario: scenario() });
  try {
    workspace.write("media.json", manifestOf());
    const run = await runAction(workspace, {
      "api-key": benchApiKey,
      "base-url": timed.sim.url,
      manifest: "media.json",
      concurrency: String(concurrency),
      "poll-interval": pollInput(setting),
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
  // A run in which the action fails is reported, not hidden: the other runs still give the numbers.
  const failures: string[] = [];
  const measured: { setting: PollSetting; runs: ActionMeasure[] }[] = pollSettings.map((setting) => ({
    setting,
    runs: [],
  }));
  // Alternated, so both settings see the same machine load.
  for (let run = 1; run <= actionRuns; run++) {
    for (const { setting, runs } of measured) {
      log(`S1: action run ${run}/${actionRuns}, ${setting.label}`);
      try {
        runs.push(await measureAction(durations, setting));
      } catch (error) {
        failures.push(
          `${setting.label}, run ${run}: ${(error as Error).message.split("\n").slice(0, 8).join(" / ")}`,
        );
      }
    }
  }
  if (measured.some((m) => m.runs.length === 0))
    throw new Error(`action runs failed: ${failures.join("; ")}`);

  const makespanTarget = ideal * 1.05 + intervalMs;
  const requestsTarget = minimumPerTask + 2;
  const results = measured.map(({ setting, runs }) => {
    const of = (pick: (a: ActionMeasure) => number) => runs.map(pick);
    const makespan = median(of((a) => a.makespanMs));
    const requests = median(of((a) => a.perTask));
    return {
      setting,
      runs,
      of,
      makespan,
      requests,
      met: makespan <= makespanTarget && requests <= requestsTarget,
    };
  });

  const schedules: Table = {
    title: `S1 — ${taskCount} image tasks, concurrency ${concurrency} (simulated seconds)`,
    header: ["schedule", "makespan (s)", "vs ideal", "requests/task", "how"],
    rows: [
      ["ideal", seconds(ideal), "1.00x", fixed(minimumPerTask, 2), "computed (requests: the minimum at 3 s)"],
      [
        "ideal, polling every 3 s",
        seconds(pollingIdeal),
        ratio(pollingIdeal, ideal),
        fixed(minimumPerTask, 2),
        "computed",
      ],
      ...results.map((r) => [
        `**action**, ${r.setting.label}`,
        spread(r.of((a) => a.makespanMs / 1000)),
        ratio(r.makespan, ideal),
        spread(
          r.of((a) => a.perTask),
          2,
        ),
        `median (min–max) of ${r.runs.length} runs`,
      ]),
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
    rows: results.flatMap((r) => [
      [
        `makespan, ${r.setting.label}`,
        `${seconds(r.makespan)} s`,
        `≤ ideal × 1.05 + 3 s = ${seconds(makespanTarget)} s`,
        verdict(r.makespan <= makespanTarget),
      ],
      [
        `requests per task, ${r.setting.label}`,
        fixed(r.requests, 2),
        `≤ minimum + 2 = ${fixed(requestsTarget, 2)}`,
        verdict(r.requests <= requestsTarget),
      ],
      [
        `speed-up over the sequential loop, ${r.setting.label}`,
        ratio(loop.makespanMs, r.makespan),
        "(none)",
        "",
      ],
      [
        `makespan vs ideal polling every 3 s, ${r.setting.label}`,
        ratio(r.makespan, pollingIdeal),
        "(none)",
        "",
      ],
    ]),
  };
  const step = (label: string, pick: (a: ActionMeasure) => number, ideal: string) => [
    label,
    ...results.map((r) =>
      spread(
        r.of((a) => pick(a) / 1000),
        2,
      ),
    ),
    ideal,
  ];
  const where: Table = {
    title: "S1 — where the action's time goes (mean per task, simulated seconds)",
    header: ["step", ...results.map((r) => `action, ${r.setting.label}`), "ideal polling every 3 s"],
    rows: [
      step("completion → download request (noticing)", (a) => a.noticeMs, seconds(idealNotice)),
      step("download request → last byte", (a) => a.downloadMs, "0"),
      step("slot freed → next create received", (a) => a.handoffMs, "0"),
    ],
  };
  const worst = results.map((r) => `${r.setting.label} ${median(r.of((a) => a.worstExcess))}`).join(", ");
  return {
    id: "S1",
    title: "scheduling 200 images",
    tables: [schedules, targets, where],
    notes: [
      `Time scale ${actionTimeScale} for the action: one real ms is ${actionTimeScale} simulated ms; \`poll-interval: ${intervalMs / actionTimeScale}ms\` stands for 3 s and \`${pollInput(pollSettings[1])}\` for 2s-5s (the API's documented image range; the action learns when tasks of the model finish and polls at the short end once they may be done). Real makespan ≈ ${fixed(results[0] ? results[0].makespan / actionTimeScale / 1000 : 0, 1)} s. All figures are simulated time (real × scale), so 1 ms of the action's own work shows as ${actionTimeScale} ms.`,
      `The guide's loop sleeps the documented 3 s by moving the simulator's clock forward (its requests run at scale 1, at their real latency): a perfect loop would take ${seconds(pollingIdealMakespan(durations, 1, intervalMs))} s.`,
      `Durations: seed ${seed}, queued 0.5–2 s + log-normal generation (median 10 s, σ 0.45, 3–45 s); mean ${seconds(mean(durations))} s, sum ${seconds(durations.reduce((a, b) => a + b, 0))} s.`,
      "Makespan: from the simulator receiving the first create to it finishing the last result file (the action's process start is not included).",
      "Minimum requests per task: 1 create + ceil(duration / 3 s) polls (the k-th poll, at k × 3 s, is the first to see completion; at least 1) + 1 download; never below 3. The same minimum is used for both settings.",
      ...failures.map((failure) => `**The action failed** in ${failure}`),
      `Worst single task, requests over its minimum (median of runs): ${worst}; loop ${loop.worstExcess}.`,
    ],
    passed: failures.length === 0 && results.some((r) => r.met),
  };
}
