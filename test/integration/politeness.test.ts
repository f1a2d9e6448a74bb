import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { TaskRecord } from "../../src/run/record.ts";
import { type Simulator, startSimulator } from "../../src/simulator/server.ts";
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
