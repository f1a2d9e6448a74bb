/**
 * S2: 8 videos of 256 MiB over loopback. The action's peak RSS, and its download time against a raw undici
 * stream of the same files to disk, at the same concurrency, in the same run.
 */
import { spawn } from "node:child_process";
import { readFileSync, statfsSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expectSuccess, makeWorkspace, repoRoot, runAction, type Usage } from "../support/action.ts";
import { fixed, median, ratio, type ScenarioReport, spread, type Table, verdict } from "../support/report.ts";
import { benchApiKey, startTimedSimulator, type TimedSimulator } from "../support/timed-simulator.ts";

const videoCount = 8;
const defaultFileBytes = 256 * 1024 * 1024;
const rawDownloader = path.join(repoRoot, "bench/baselines/raw-download.ts");
const rssTargetMiB = 150;
const downloadTargetRatio = 1.25;
/** The simulator serves each file as fast as it can: generation takes 1 s simulated, 100 ms real. */
const timeScale = 10;

/** Real ms from the first file request among `requests` to the end of the last file response. */
function downloadSpan(timed: TimedSimulator, fromRequest: number): number {
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const request of timed.sim.requests.slice(fromRequest)) {
    if (request.route !== "file") continue;
    start = Math.min(start, request.at);
    end = Math.max(end, timed.finishedAt.get(request.path) ?? Number.NaN);
  }
  return end - start;
}

interface Phase {
  /** Download time, real ms. */
  ms: number;
  usage: Usage;
}

/** The action downloads `videoCount` new videos; resolves with its figures and the videos' URLs. */
async function actionPhase(timed: TimedSimulator, fileBytes: number): Promise<Phase & { urls: string[] }> {
  const workspace = makeWorkspace("s2");
  try {
    const mark = timed.sim.requests.length;
    const known = new Set(timed.sim.tasks().map((task) => task.id));
    const tasks = Array.from({ length: videoCount }, (_, index) => ({
      name: `clip-${index}`,
      prompt: `Benchmark clip ${index}: waves on black sand`,
    }));
    workspace.write("media.json", JSON.stringify({ defaults: { model: "veo_3_1_fast" }, tasks }));
    const run = await runAction(
      workspace,
      {
        "api-key": benchApiKey,
        "base-url": timed.sim.url,
        manifest: "media.json",
        concurrency: String(videoCount),
        "poll-interval": "50ms",
      },
      { probe: true },
    );
    expectSuccess(run, "S2");
    for (const task of tasks) {
      const bytes = statSync(path.join(workspace.dir, "generated-media", `${task.name}.mp4`)).size;
      if (bytes !== fileBytes) throw new Error(`S2: ${task.name}.mp4 has ${bytes} bytes, not ${fileBytes}`);
    }
    const urls = timed.sim
      .tasks()
      .filter((task) => !known.has(task.id))
      .map((task) => task.file?.url as string);
    return { ms: downloadSpan(timed, mark), usage: run.usage as Usage, urls };
  } finally {
    // Frees the disk (and drops the dirty pages) before the next client writes the same amount.
    workspace.remove();
  }
}

/** The raw baseline downloads the same URLs in its own process, like the action, with the same probe. */
async function rawPhase(timed: TimedSimulator, urls: readonly string[], fileBytes: number): Promise<Phase> {
  const workspace = makeWorkspace("s2-raw");
  try {
    const mark = timed.sim.requests.length;
    const usageFile = path.join(workspace.runnerTemp, "usage.json");
    const child = spawn(
      process.execPath,
      [
        "--import",
        path.join(repoRoot, "bench/support/usage-probe.ts"),
        rawDownloader,
        workspace.dir,
        ...urls,
      ],
      {
        stdio: ["ignore", "inherit", "inherit"],
        env: { ...process.env, GENMEDIA_BENCH_USAGE_FILE: usageFile },
      },
    );
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    if (code !== 0) throw new Error(`S2: the raw download exited with ${code}`);
    for (let index = 0; index < urls.length; index++) {
      const bytes = statSync(path.join(workspace.dir, `raw-${index}.mp4`)).size;
      if (bytes !== fileBytes) throw new Error(`S2: raw-${index}.mp4 has ${bytes} bytes, not ${fileBytes}`);
    }
    return { ms: downloadSpan(timed, mark), usage: JSON.parse(readFileSync(usageFile, "utf8")) as Usage };
  } finally {
    workspace.remove();
  }
}

interface Run {
  actionMs: number;
  rawMs: number;
  actionRssMiB: number;
  rawRssMiB: number;
  actionCpuMs: number;
  rawCpuMs: number;
}

const toRun = (action: Phase, raw: Phase): Run => ({
  actionMs: action.ms,
  rawMs: raw.ms,
  actionRssMiB: action.usage.maxRssKb / 1024,
  rawRssMiB: raw.usage.maxRssKb / 1024,
  actionCpuMs: action.usage.userMs + action.usage.systemMs,
  rawCpuMs: raw.usage.userMs + raw.usage.systemMs,
});

/**
 * Two runs in opposite orders (action then raw, raw then action), so neither client always follows the
 * other's writes: 4 GiB of downloads a run take most of S2's budget on a slow disk.
 */
async function measure(fileBytes: number, log: (line: string) => void): Promise<Run[]> {
  const timed = await startTimedSimulator({
    timeScale,
    scenario: {
      latency: { queuedMs: 0, processingMs: { video: 1_000, image: 1_000, audio: 1_000 }, jitter: 0 },
      fileBytes: { video: fileBytes, image: 1_000, audio: 1_000 },
    },
  });
  try {
    log("S2: run 1/2: the action, then the raw undici stream");
    const first = await actionPhase(timed, fileBytes);
    const firstRaw = await rawPhase(timed, first.urls, fileBytes);
    log("S2: run 2/2: the raw undici stream, then the action");
    const secondRaw = await rawPhase(timed, first.urls, fileBytes);
    const second = await actionPhase(timed, fileBytes);
    return [toRun(first, firstRaw), toRun(second, secondRaw)];
  } finally {
    await timed.sim.close();
  }
}

/** 8 × 256 MiB need 2 GiB free (one set on disk at a time); with less, the files shrink and the report says so. */
function fileBytesForDisk(log: (line: string) => void): number {
  const stats = statfsSync(tmpdir());
  const free = stats.bavail * stats.bsize;
  const needed = videoCount * defaultFileBytes * 1.5;
  if (free >= needed) return defaultFileBytes;
  const reduced = Math.floor(free / 1.5 / videoCount / 1024 / 1024) * 1024 * 1024;
  log(`S2: only ${fixed(free / 2 ** 30, 1)} GiB free: files reduced to ${reduced / 2 ** 20} MiB`);
  return reduced;
}

export async function runS2(log: (line: string) => void): Promise<ScenarioReport> {
  const fileBytes = fileBytesForDisk(log);
  const results = await measure(fileBytes, log);
  const of = (pick: (r: Run) => number) => results.map(pick);
  const actionMs = median(of((r) => r.actionMs));
  const rawMs = median(of((r) => r.rawMs));
  const peakRss = Math.max(...of((r) => r.actionRssMiB));
  const totalMiB = (videoCount * fileBytes) / 2 ** 20;
  const throughput = (ms: number) => `${fixed(totalMiB / (ms / 1000), 0)} MiB/s`;
  const table: Table = {
    title: `S2 — ${videoCount} videos of ${fileBytes / 2 ** 20} MiB over loopback, ${videoCount} at once (median (min–max) of ${results.length} runs)`,
    header: ["metric", "action", "raw undici stream", "ratio", "target", "result"],
    rows: [
      [
        "download time (s)",
        spread(
          of((r) => r.actionMs / 1000),
          2,
        ),
        spread(
          of((r) => r.rawMs / 1000),
          2,
        ),
        ratio(actionMs, rawMs),
        `≤ ${downloadTargetRatio}x raw`,
        verdict(actionMs <= rawMs * downloadTargetRatio),
      ],
      ["throughput", throughput(actionMs), throughput(rawMs), "", "", ""],
      [
        "peak RSS (MiB)",
        spread(
          of((r) => r.actionRssMiB),
          0,
        ),
        spread(
          of((r) => r.rawRssMiB),
          0,
        ),
        ratio(median(of((r) => r.actionRssMiB)), median(of((r) => r.rawRssMiB))),
        `≤ ${rssTargetMiB} MiB (every run)`,
        verdict(peakRss <= rssTargetMiB),
      ],
      [
        "CPU time of the process (s)",
        spread(
          of((r) => r.actionCpuMs / 1000),
          2,
        ),
        spread(
          of((r) => r.rawCpuMs / 1000),
          2,
        ),
        ratio(median(of((r) => r.actionCpuMs)), median(of((r) => r.rawCpuMs))),
        "",
        "",
      ],
    ],
  };
  return {
    id: "S2",
    title: "large files",
    tables: [table],
    notes: [
      "Download time: from the simulator receiving the first file request to it finishing the last file, for both clients. The simulator (in the benchmark's process) generates the bytes as it sends them, for both alike.",
      "The action hashes (sha256), meters and writes each file under a temporary name, then renames it; the raw baseline (bench/baselines/raw-download.ts, its own process) only pipes each body into a file.",
      "Peak RSS and CPU: getrusage of each process at its exit (ru_maxrss, i.e. VmHWM), via bench/support/usage-probe.ts. The action's includes loading its bundle and planning, and the probe costs both processes about 20 MiB (node strips its TypeScript types).",
      `Disk: one set of ${fixed((videoCount * fileBytes) / 2 ** 30, 1)} GiB at a time, deleted after each client.`,
    ],
    passed: actionMs <= rawMs * downloadTargetRatio && peakRss <= rssTargetMiB,
  };
}
