import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type Simulator, startSimulator } from "../../simulator/server.ts";
import type { TaskRecord } from "../../src/run/record.ts";
import { makeWorkspace, runAction, type Workspace } from "../support/action-runner.ts";
import { type ArtifactService, startArtifactService, unzip } from "../support/artifact-service.ts";

const apiKey = "attempt-key-33aa";
let simulator: Simulator | undefined;
let service: ArtifactService | undefined;
afterEach(async () => {
  await simulator?.close();
  await service?.close();
  simulator = undefined;
  service = undefined;
});

const names = ["quick-1", "quick-2", "slow-1", "slow-2"];

function workspace(): Workspace {
  const ws = makeWorkspace();
  ws.write(
    "m.yml",
    `tasks:\n${names.map((n) => `  - name: ${n}\n    model: nano-banana-2\n    prompt: ${n.replace("-", " ")}\n`).join("")}`,
  );
  return ws;
}

function completedSoFar(ws: Workspace): number {
  try {
    return readResults(ws).filter((r) => r.status === "completed").length;
  } catch {
    return 0;
  }
}

function readResults(ws: Workspace): TaskRecord[] {
  return JSON.parse(readFileSync(path.join(ws.dir, "generated-media/results.json"), "utf8"))
    .tasks as TaskRecord[];
}

describe("a killed main step, its post step, and the next attempt", () => {
  it("delivers from the post step, then resumes from the artifact on attempt 2 without a second create", async () => {
    const sim = await startSimulator({
      apiKey,
      timeScale: 1000,
      scenario: {
        latency: { queuedMs: 100, processingMs: { video: 1000, image: 200, audio: 200 }, jitter: 0 },
        outcomes: [{ promptContains: "slow", status: "completed", processingMs: 4_000_000 }],
      },
    });
    simulator = sim;
    const artifacts = await startArtifactService();
    service = artifacts;
    const inputs = { "api-key": apiKey, "base-url": sim.url, manifest: "m.yml", "poll-interval": "50ms" };

    // Attempt 1: killed without warning once the quick tasks are done.
    const ws1 = workspace();
    const main = await runAction(ws1, inputs, {
      env: artifacts.env(),
      whileRunning: (child) => {
        if (completedSoFar(ws1) === 2) child.kill("SIGKILL");
      },
    });
    expect(main.signal).toBe("SIGKILL");
    expect(main.state["results-file"]).toBe(path.join(ws1.dir, "generated-media/results.json"));
    expect(artifacts.artifacts()).toEqual([]);

    // Its post step delivers what results.json recorded.
    const post = await runAction(ws1, inputs, { env: artifacts.env(), post: { state: main.state } });
    expect(post.stdout).toMatch(/::warning::The main step ended before it could deliver/);
    expect(post.summary).toContain("written by the post step");
    const [artifact] = artifacts.artifacts();
    expect(artifact?.name).toBe("generated-media");
    const zipped = unzip(artifact?.bytes ?? Buffer.alloc(0));
    const saved = JSON.parse(zipped.get("results.json")?.toString("utf8") ?? "{}").tasks as TaskRecord[];
    expect(saved.map((r) => [r.name, r.status])).toEqual([
      ["quick-1", "completed"],
      ["quick-2", "completed"],
      ["slow-1", "pending"],
      ["slow-2", "pending"],
    ]);
    expect(zipped.has("quick-1.png") && zipped.has("quick-2.png")).toBe(true);
    const fileRequestsBefore = sim.requests.filter((r) => r.route === "file").length;

    // Attempt 2: a fresh runner. It restores the artifact, keeps the quick files and re-attaches the slow tasks.
    const ws2 = workspace();
    const token = artifacts.tokenFor({ run: "run-1", job: "job-1-attempt-2" });
    const second = await runAction(ws2, inputs, {
      env: { ...artifacts.env(token), GITHUB_RUN_ATTEMPT: "2" },
    });
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/Resuming from .*: 4 task ids from an earlier run are reused/);
    const final = readResults(ws2);
    expect(final.every((r) => r.status === "completed" && r.file)).toBe(true);
    const creates = sim
      .creates()
      .map((r) => (r.body as { prompt: string }).prompt)
      .sort();
    expect(creates).toEqual(["quick 1", "quick 2", "slow 1", "slow 2"]);
    const newFileRequests = sim.requests.filter((r) => r.route === "file").slice(fileRequestsBefore);
    expect(newFileRequests.map((r) => r.taskId).sort()).toEqual(
      final
        .filter((r) => r.name.startsWith("slow"))
        .map((r) => r.taskId)
        .sort(),
    );
    for (const record of final.filter((r) => r.name.startsWith("quick"))) {
      expect(
        readFileSync(path.join(ws2.dir, record.file?.path ?? "")).equals(
          zipped.get(`${record.name}.png`) ?? Buffer.alloc(0),
        ),
      ).toBe(true);
    }
  });

  it("does nothing in the post step when the main step delivered", async () => {
    const sim = await startSimulator({ apiKey, timeScale: 1000 });
    simulator = sim;
    const ws = workspace();
    const main = await runAction(ws, {
      "api-key": apiKey,
      "base-url": sim.url,
      manifest: "m.yml",
      "poll-interval": "50ms",
    });
    expect(main.code).toBe(0);
    expect(main.state.delivered).toBe("true");
    const requests = sim.requests.length;
    const post = await runAction(
      ws,
      { "api-key": apiKey, "base-url": sim.url, manifest: "m.yml" },
      { post: { state: main.state } },
    );
    expect(post.code).toBe(0);
    expect(post.stdout).toBe("");
    expect(sim.requests.length).toBe(requests);
  });
});
