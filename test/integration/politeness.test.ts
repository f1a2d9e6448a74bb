import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type Simulator, startSimulator } from "../../simulator/server.ts";
import type { TaskRecord } from "../../src/run/record.ts";
import { makeWorkspace, runAction } from "../support/action-runner.ts";

const apiKey = "polite-key-71f0";
let simulator: Simulator | undefined;
afterEach(async () => {
  await simulator?.close();
  simulator = undefined;
});

describe("one request budget for the whole batch", () => {
  it("pauses every task's requests after a 429 with Retry-After: 2 on one task, and logs the pause once", async () => {
    const sim = await startSimulator({
      apiKey,
      timeScale: 100,
      scenario: {
        latency: { queuedMs: 0, processingMs: { video: 1000, image: 450_000, audio: 1000 }, jitter: 0 },
        // The third poll of task "a" is refused; the other tasks are polling at the same time.
        faults: [{ route: "poll", status: 429, retryAfter: 2, times: 1, after: 2, promptContains: "task a" }],
      },
    });
    simulator = sim;
    const ws = makeWorkspace();
    ws.write(
      "m.yml",
      `tasks:\n${["a", "b", "c", "d"].map((n) => `  - name: ${n}\n    model: nano-banana-2\n    prompt: task ${n}\n`).join("")}`,
    );
    const run = await runAction(ws, {
      "api-key": apiKey,
      "base-url": sim.url,
      manifest: "m.yml",
      "poll-interval": "100ms",
      concurrency: "4",
    });
    expect(run.code).toBe(0);
    const records = JSON.parse(readFileSync(path.join(ws.dir, "generated-media/results.json"), "utf8"))
      .tasks as TaskRecord[];
    expect(records.every((r) => r.status === "completed")).toBe(true);

    const refused = sim.requests.find((r) => r.status === 429);
    expect(refused).toBeDefined();
    const refusedAt = refused?.at ?? 0;
    const api = sim.requests.filter((r) => r.route === "poll" || r.route === "create");
    // Requests that were already on the wire when the 429 went out may land just after it; none may be
    // *started* in the 2 s that follow. The simulator stamps arrival, so allow a few ms of travel.
    const during = api.filter((r) => r.at > refusedAt + 50 && r.at < refusedAt + 1_990);
    expect(during).toEqual([]);
    for (const id of new Set(records.map((r) => r.taskId))) {
      const next = api.find((r) => r.taskId === id && r.at > refusedAt + 50);
      expect(next && next.at - refusedAt).toBeGreaterThanOrEqual(1_990);
    }
    expect(
      run.stdout.match(/^The API asked to slow down \(HTTP 429\): pausing every request for 2s\.$/gm),
    ).toHaveLength(1);
  });
});

describe("poll-interval as a range", () => {
  /** 40 images of 6–14 simulated seconds, 20× faster than real time: a second is 50 real ms. */
  async function runWith(pollInterval: string) {
    const sim = await startSimulator({
      apiKey,
      timeScale: 20,
      scenario: {
        latency: { queuedMs: 0, processingMs: { video: 1000, image: 10_000, audio: 1000 }, jitter: 0 },
        outcomes: Array.from({ length: 40 }, (_, taskIndex) => ({
          taskIndex,
          status: "completed" as const,
          processingMs: 6_000 + ((taskIndex * 7) % 9) * 1_000,
        })),
      },
    });
    simulator = sim;
    const ws = makeWorkspace();
    ws.write(
      "m.yml",
      `defaults:\n  model: nano-banana-2\ntasks:\n${Array.from({ length: 40 }, (_, i) => `  - name: t${i}\n    prompt: image ${i}\n`).join("")}`,
    );
    const run = await runAction(ws, {
      "api-key": apiKey,
      "base-url": sim.url,
      manifest: "m.yml",
      "poll-interval": pollInterval,
      concurrency: "10",
    });
    expect(run.code, run.stdout.slice(-1000)).toBe(0);
    const byTask = new Map<string, number[]>();
    for (const request of sim.requests) {
      if (!request.taskId || (request.route !== "create" && request.route !== "poll")) continue;
      byTask.set(request.taskId, [...(byTask.get(request.taskId) ?? []), request.at]);
    }
    await sim.close();
    simulator = undefined;
    // In creation order: [create, poll, poll, ...] arrival times.
    return [...byTask.values()].sort((a, b) => (a[0] as number) - (b[0] as number));
  }

  it("never polls a task faster than the short end, and waits for the learned early age before a first poll", async () => {
    // 2–5 simulated seconds.
    const range = await runWith("100ms-250ms");
    expect(range).toHaveLength(40);
    for (const times of range) {
      for (let i = 2; i < times.length; i++) {
        // Arrival stamps: a poll that travelled slowly can land closer to the next one; allow a quarter.
        expect((times[i] as number) - (times[i - 1] as number)).toBeGreaterThanOrEqual(75);
      }
    }
    // The last 20 tasks start after many completions: their first poll waits for the age by which about a
    // tenth had finished (the first of these 6–14 s tasks finish at about 6 s, 300 ms), well past the 100 ms
    // at which they poll afterwards.
    const late = range.slice(20);
    const median = (values: number[]) =>
      [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
    const firstWait = median(late.map((times) => (times[1] as number) - (times[0] as number)));
    const laterGap = median(
      late.flatMap((times) => times.slice(2).map((at, i) => at - (times[i + 1] as number))),
    );
    expect(firstWait).toBeGreaterThan(200);
    expect(laterGap).toBeLessThan(150);
  });
});
