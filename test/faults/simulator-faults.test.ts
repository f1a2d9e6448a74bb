/** The simulator fault the matrix added: `unknown-status` (a poll status the reference does not list). */
import { afterEach, describe, expect, it } from "vitest";
import { resolveScenario } from "../../simulator/scenario.ts";
import { type Simulator, startSimulator } from "../../simulator/server.ts";

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const headers = { Authorization: "Bearer sim-key", "Content-Type": "application/json" };

describe("the simulator's unknown-status fault", () => {
  it("answers polls with `in_progress` as often as `times` says, then the real status", async () => {
    sim = await startSimulator({
      timeScale: 1000,
      scenario: {
        latency: { queuedMs: 0, processingMs: { video: 0, image: 0, audio: 0 } },
        faults: [{ route: "poll", kind: "unknown-status", times: 2 }],
      },
    });
    const created = await fetch(`${sim.url}/v1/banana/images`, {
      method: "POST",
      headers,
      body: JSON.stringify({ model: "nano-banana-2", prompt: "a cat" }),
    });
    const { id } = (await created.json()) as { id: string };
    const statuses: string[] = [];
    for (let i = 0; i < 3; i++) {
      const polled = await fetch(`${sim.url}/v1/result/${id}`, { headers });
      statuses.push(((await polled.json()) as { status: string }).status);
    }
    expect(statuses).toEqual(["in_progress", "in_progress", "completed"]);
  });

  it("applies to polls only", () => {
    expect(() => resolveScenario({ faults: [{ route: "create", kind: "unknown-status" }] })).toThrow(
      /"unknown-status" applies to poll requests, not "create"/,
    );
    expect(() => resolveScenario({ faults: [{ route: "file", kind: "unknown-status" }] })).toThrow(/poll/);
  });
});
