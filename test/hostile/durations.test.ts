/**
 * Class 6 of issue 11: durations. Played by an unlucky user (a timeout or poll interval far out of range)
 * and by a hostile API (a Retry-After of years). Node's timers overflow past 2^31-1 ms into a 1 ms timer,
 * so an out-of-range duration must be refused before anything is paid, and no wait may reach a timer
 * unclamped. GENMEDIA_DIST runs these against another bundle (e.g. /work/base/dist/index.js).
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Scenario } from "../../simulator/scenario.ts";
import { type Simulator, startSimulator } from "../../simulator/server.ts";
import type { TaskRecord } from "../../src/run/record.ts";
import { type ActionRun, makeWorkspace, runAction } from "../support/action-runner.ts";

const apiKey = "sk-durations-5e1d";
const entry = process.env.GENMEDIA_DIST || undefined;
let simulator: Simulator | undefined;
afterEach(async () => {
  await simulator?.close();
  simulator = undefined;
});

async function simulate(scenario: Scenario = {}, timeScale = 1000): Promise<Simulator> {
  simulator = await startSimulator({ apiKey, timeScale, scenario });
  return simulator;
}

const onePrompt = { prompt: "A lighthouse at dusk", model: "nano-banana-2" };

/** A user mistake: a plain message, exit 1, no stack, no timer warning. */
function expectPlainRefusal(run: ActionRun, message: RegExp): void {
  expect(run.stdout).toMatch(message);
  expect(run.code).toBe(1);
  expect(run.stdout).not.toMatch(/failed unexpectedly|^\s+at /m);
  expect(run.stderr).not.toMatch(/TimeoutOverflowWarning|^\s+at /m);
}

describe("durations out of range are refused before anything is paid", () => {
  it("refuses timeout: 1000h (past Node's 24.8-day timer) instead of paying for a task and abandoning it", async () => {
    const sim = await simulate();
    const ws = makeWorkspace();
    const run = await runAction(
      ws,
      { "api-key": apiKey, "base-url": sim.url, ...onePrompt, timeout: "1000h" },
      { entry },
    );
    expectPlainRefusal(run, /input "timeout": "1000h" is longer than the limit of 120h/);
    expect(sim.requests).toEqual([]);
    expect(existsSync(path.join(ws.dir, "generated-media/results.json"))).toBe(false);
  });

  it("refuses poll-interval: 1000h instead of polling in a tight loop", async () => {
    const sim = await simulate();
    const run = await runAction(
      makeWorkspace(),
      { "api-key": apiKey, "base-url": sim.url, ...onePrompt, "poll-interval": "1000h" },
      { entry },
    );
    expectPlainRefusal(run, /input "poll-interval": "1000h" is longer than the limit of 1h/);
    expect(sim.requests).toEqual([]);
  });

  it("refuses poll-interval: 1ms, below the hard floor of 50ms, instead of polling hundreds of times a second", async () => {
    const sim = await simulate();
    const run = await runAction(
      makeWorkspace(),
      { "api-key": apiKey, "base-url": sim.url, ...onePrompt, "poll-interval": "1ms" },
      { entry },
    );
    expectPlainRefusal(run, /input "poll-interval": "1ms" is shorter than the limit of 50ms/);
    expect(sim.requests).toEqual([]);
  });
});

describe("a hostile Retry-After", () => {
  it("pauses the batch for an hour-long Retry-After, yet a cancel still ends the run at once", async () => {
    // Two tasks that never finish; the third poll is answered 429 with Retry-After: 3600, which pauses
    // every request of the batch. A workflow cancel (SIGTERM) must not wait for the pause to end.
    const sim = await simulate(
      {
        latency: { queuedMs: 0, processingMs: { video: 1e9, image: 1e9, audio: 1e9 }, jitter: 0 },
        faults: [{ route: "poll", status: 429, retryAfter: 3600, times: 1, after: 2 }],
      },
      1,
    );
    const ws = makeWorkspace();
    ws.write(
      "m.yml",
      "tasks:\n  - { name: a, model: nano-banana-2, prompt: a }\n  - { name: b, model: nano-banana-2, prompt: b }\n",
    );
    let refusedAt: number | undefined;
    let signalledAt: number | undefined;
    const run = await runAction(
      ws,
      { "api-key": apiKey, "base-url": sim.url, manifest: "m.yml", "poll-interval": "100ms" },
      {
        entry,
        whileRunning: (child) => {
          refusedAt ??= sim.requests.some((r) => r.status === 429) ? Date.now() : undefined;
          // A moment after the 429, so both tasks are waiting on the pause.
          if (refusedAt !== undefined && signalledAt === undefined && Date.now() - refusedAt > 300) {
            signalledAt = Date.now();
            child.kill("SIGTERM");
          }
        },
      },
    );
    const stoppedAfter = Date.now() - (signalledAt ?? Number.NaN);
    expect(run.code).toBe(1);
    // The runner kills a step 7.5 s after a cancel; a fallback delivers after 4 s. Waiting on the pause
    // until then is what a wait that ignores the deadline's signal does.
    expect(stoppedAfter).toBeLessThan(2_000);
    const records = JSON.parse(readFileSync(path.join(ws.dir, "generated-media/results.json"), "utf8"))
      .tasks as TaskRecord[];
    expect(records.map((r) => r.status)).toEqual(["pending", "pending"]);
    // Polls already on their way when the 429 went out may land just after it (later on a loaded machine);
    // without the pause, each task would poll twice more before the cancel.
    const refused = sim.requests.find((r) => r.status === 429)?.at ?? 0;
    expect(sim.requests.filter((r) => r.at > refused + 250)).toEqual([]);
    expect(run.stderr).not.toMatch(/TimeoutOverflowWarning/);
  });

  it("ends by its timeout when every poll asks to wait 10^9 seconds: no tight loop, no timer overflow", async () => {
    // Guards the clamps: today the deadline already keeps such a wait from reaching a timer.
    const sim = await simulate({
      latency: { queuedMs: 0, processingMs: { video: 1e9, image: 1e9, audio: 1e9 }, jitter: 0 },
      faults: [{ route: "poll", status: 429, retryAfter: 1_000_000_000 }],
    });
    const ws = makeWorkspace();
    const started = Date.now();
    const run = await runAction(
      ws,
      { "api-key": apiKey, "base-url": sim.url, ...onePrompt, timeout: "2s", "poll-interval": "200ms" },
      { entry },
    );
    const elapsed = Date.now() - started;
    expect(run.code).toBe(1);
    expect(elapsed).toBeGreaterThanOrEqual(2_000);
    expect(elapsed).toBeLessThan(6_000);
    // One poll per interval at most, however the API answers: 2 s / 200 ms, plus the create.
    expect(sim.requests.length).toBeLessThanOrEqual(12);
    expect(run.stderr).not.toMatch(/TimeoutOverflowWarning/);
    const [record] = JSON.parse(readFileSync(path.join(ws.dir, "generated-media/results.json"), "utf8"))
      .tasks as TaskRecord[];
    expect(record?.status).toBe("pending");
    expect(record?.taskId).toBeTruthy();
    // The simulator is on loopback: no warning about polling faster than the real API allows.
    expect(run.stdout).not.toMatch(/polls faster than the API documents/);
  });
});
