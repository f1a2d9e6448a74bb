import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type Simulator, startSimulator } from "../../simulator/server.ts";
import { journalOf } from "../../src/run/ledger.ts";
import { readResultsFile } from "../../src/run/previous-results.ts";
import type { TaskRecord } from "../../src/run/record.ts";
import { makeWorkspace, runAction, type Workspace } from "../support/action-runner.ts";

const apiKey = "resume-key-91b2";
let simulator: Simulator | undefined;
afterEach(async () => {
  await simulator?.close();
  simulator = undefined;
});

/** Images finish at once, but those whose prompt says "slow" take about 4 s of real time. */
async function quickAndSlow(): Promise<Simulator> {
  simulator = await startSimulator({
    apiKey,
    timeScale: 1000,
    scenario: {
      latency: { queuedMs: 100, processingMs: { video: 1_500_000, image: 200, audio: 200 }, jitter: 0 },
      outcomes: [{ promptContains: "slow", status: "completed", processingMs: 4_000_000 }],
    },
  });
  return simulator;
}

/** Two quick images and three slow ones. */
async function batch(): Promise<{ sim: Simulator; ws: Workspace; inputs: Record<string, string> }> {
  const sim = await quickAndSlow();
  const ws = makeWorkspace();
  const names = ["quick-1", "quick-2", "slow-1", "slow-2", "slow-3"];
  ws.write(
    "m.yml",
    `tasks:\n${names.map((n) => `  - name: ${n}\n    model: nano-banana-2\n    prompt: ${n.replace("-", " ")}\n`).join("")}`,
  );
  return {
    sim,
    ws,
    inputs: {
      "api-key": apiKey,
      "base-url": sim.url,
      manifest: "m.yml",
      "poll-interval": "50ms",
      concurrency: "5",
    },
  };
}

function results(ws: Workspace): TaskRecord[] {
  return JSON.parse(readFileSync(path.join(ws.dir, "generated-media/results.json"), "utf8"))
    .tasks as TaskRecord[];
}

/** Tolerates the file not being there yet: the action writes it once it has planned. */
function completedSoFar(ws: Workspace): number {
  try {
    return results(ws).filter((r) => r.status === "completed").length;
  } catch {
    return 0;
  }
}

function createsPerPrompt(sim: Simulator): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const request of sim.creates()) {
    const prompt = (request.body as { prompt: string }).prompt;
    counts[prompt] = (counts[prompt] ?? 0) + 1;
  }
  return counts;
}

describe("interrupted runs resume without paying twice", () => {
  it("after a kill -9 mid-batch, a re-run re-attaches in-flight tasks and keeps completed files", async () => {
    const { sim, ws, inputs } = await batch();
    let killed = false;
    const first = await runAction(ws, inputs, {
      whileRunning: (child) => {
        // Once both quick tasks are done, the slow ones are in flight: kill without warning.
        if (!killed && completedSoFar(ws) === 2) {
          killed = true;
          child.kill("SIGKILL");
        }
      },
    });
    expect(first.signal).toBe("SIGKILL");
    const afterKill = results(ws);
    expect(afterKill.filter((r) => r.status === "pending").map((r) => r.name)).toEqual([
      "slow-1",
      "slow-2",
      "slow-3",
    ]);
    const fileRequestsBefore = sim.requests.filter((r) => r.route === "file").length;

    const second = await runAction(ws, inputs);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(
      "Resuming from generated-media/results.json: 5 task ids from an earlier run are reused",
    );
    const final = results(ws);
    expect(final.every((r) => r.status === "completed")).toBe(true);
    // Zero second creates.
    expect(Object.values(createsPerPrompt(sim))).toEqual([1, 1, 1, 1, 1]);
    // In-flight tasks kept their ids; completed ones were not downloaded again.
    for (const name of ["slow-1", "slow-2", "slow-3"]) {
      expect(final.find((r) => r.name === name)?.taskId).toBe(afterKill.find((r) => r.name === name)?.taskId);
    }
    const fileRequestsAfter = sim.requests.filter((r) => r.route === "file").slice(fileRequestsBefore);
    const quickIds = final.filter((r) => r.name.startsWith("quick")).map((r) => r.taskId);
    expect(fileRequestsAfter.filter((r) => quickIds.includes(r.taskId ?? ""))).toEqual([]);
    expect(fileRequestsAfter).toHaveLength(3);
  });

  it("after a kill -9 of a big batch, the post step folds the journal into results.json and a re-run pays for nothing twice", async () => {
    const sim = await quickAndSlow();
    const ws = makeWorkspace();
    // 400 records are well over the 64 KiB up to which results.json is rewritten on every change.
    const names = Array.from(
      { length: 400 },
      (_, i) => `${i % 2 ? "slow" : "quick"}-${String(i).padStart(3, "0")}`,
    );
    ws.write(
      "m.yml",
      `defaults:\n  model: nano-banana-2\ntasks:\n${names.map((n) => `  - name: ${n}\n    prompt: ${n.replace("-", " ")} of a long batch\n`).join("")}`,
    );
    const inputs = {
      "api-key": apiKey,
      "base-url": sim.url,
      manifest: "m.yml",
      "poll-interval": "50ms",
      concurrency: "256",
    };
    const file = path.join(ws.dir, "generated-media/results.json");
    const recorded = () => {
      const read = existsSync(file) ? readResultsFile(file, "results.json", false) : [];
      return typeof read === "string" ? [] : read;
    };
    let killed = false;
    const first = await runAction(ws, inputs, {
      whileRunning: (child) => {
        if (!killed && recorded().filter((r) => r.status === "completed").length === 200) {
          killed = true;
          child.kill("SIGKILL");
        }
      },
    });
    expect(first.signal, first.stdout.slice(-2000)).toBe("SIGKILL");
    // What the killed step left: results.json alone lags behind; with its journal it holds every id.
    expect(existsSync(journalOf(file))).toBe(true);
    const afterKill = recorded();
    expect(afterKill.filter((r) => r.status === "pending").length).toBe(200);
    expect(new Set(afterKill.map((r) => r.taskId)).size).toBe(400);
    expect(sim.creates()).toHaveLength(400);

    const post = await runAction(ws, inputs, { post: { state: first.state } });
    expect(post.stdout).toContain("delivering what it recorded");
    // 200 tasks are still pending: fail-on: any fails the step, as it would have failed the main one.
    expect(post.code).toBe(1);
    expect(existsSync(journalOf(file))).toBe(false);
    const folded = results(ws);
    expect(folded.map((r) => [r.name, r.taskId])).toEqual(afterKill.map((r) => [r.name, r.taskId]));

    const second = await runAction(ws, inputs);
    expect(second.code).toBe(0);
    expect(results(ws).every((r) => r.status === "completed")).toBe(true);
    expect(sim.creates()).toHaveLength(400);
    expect(existsSync(journalOf(file))).toBe(false);
  });

  it("on SIGTERM mid-poll, records pending ids and exits non-zero within 5 s; a re-run gets every file", async () => {
    const { sim, ws, inputs } = await batch();
    let signalledAt = 0;
    const first = await runAction(ws, inputs, {
      whileRunning: (child) => {
        if (!signalledAt && completedSoFar(ws) === 2) {
          signalledAt = Date.now();
          child.kill("SIGTERM");
        }
      },
    });
    expect(Date.now() - signalledAt).toBeLessThan(5_000);
    expect(first.code).not.toBe(0);
    expect(first.stdout).toMatch(/::warning::Received SIGTERM/);
    expect(first.summary).toContain("stopped by SIGTERM");
    const afterStop = results(ws);
    expect(afterStop.filter((r) => r.status === "pending" && r.taskId).map((r) => r.name)).toEqual([
      "slow-1",
      "slow-2",
      "slow-3",
    ]);

    const second = await runAction(ws, inputs);
    expect(second.code).toBe(0);
    expect(results(ws).every((r) => r.status === "completed" && r.file)).toBe(true);
    expect(Object.values(createsPerPrompt(sim))).toEqual([1, 1, 1, 1, 1]);
  });

  it("resumes from an explicit resume-from file, and resubmits everything with resume: false", async () => {
    const { sim, ws, inputs } = await batch();
    const first = await runAction(ws, { ...inputs, only: "quick-*" });
    expect(first.code).toBe(0);
    ws.write("saved/results.json", readFileSync(path.join(ws.dir, "generated-media/results.json"), "utf8"));
    const second = await runAction(ws, {
      ...inputs,
      "output-dir": "elsewhere",
      "resume-from": "saved/results.json",
      only: "quick-*",
    });
    expect(second.code).toBe(0);
    // The files are in the old place, not in `elsewhere`: they are fetched again by id, not recreated.
    expect(createsPerPrompt(sim)).toEqual({ "quick 1": 1, "quick 2": 1 });
    const third = await runAction(ws, { ...inputs, resume: "false", only: "quick-1" });
    expect(third.code).toBe(0);
    expect(createsPerPrompt(sim)).toEqual({ "quick 1": 2, "quick 2": 1 });
  });
});
