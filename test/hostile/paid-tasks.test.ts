/**
 * Class 4 of issue 11: a task the API accepted is never abandoned. The hostile side is an API and a CDN that
 * fail after the task was paid for (every download retry fails, a poll is refused once), a runner that
 * kills the step while a text request is in flight, and a workspace that lost a text answer's file. Each
 * time the record keeps what a later run needs, and the later run finishes the task without a second create.
 */
import type { spawn } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { type AddressInfo, createServer } from "node:net";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Scenario } from "../../simulator/scenario.ts";
import { type Simulator, startSimulator } from "../../simulator/server.ts";
import type { TaskRecord } from "../../src/run/record.ts";
import { makeWorkspace, runAction, type Workspace } from "../support/action-runner.ts";

const apiKey = "sk-paid-tasks-9e2b71";
let simulator: Simulator | undefined;

afterEach(async () => {
  await simulator?.close();
  simulator = undefined;
});

const quick: Scenario = { latency: { queuedMs: 0, processingMs: { video: 1000, image: 1000, audio: 1000 } } };

async function start(scenario: Scenario): Promise<Simulator> {
  simulator = await startSimulator({ apiKey, timeScale: 1000, scenario: { ...quick, ...scenario } });
  return simulator;
}

function records(ws: Workspace): TaskRecord[] {
  return JSON.parse(readFileSync(path.join(ws.dir, "generated-media/results.json"), "utf8")).tasks;
}

const creates = (sim: Simulator) => sim.requests.filter((r) => r.route === "create" || r.route === "text");

function run(ws: Workspace, sim: Simulator, inputs: Record<string, string> = {}) {
  return runAction(
    ws,
    {
      "api-key": apiKey,
      "base-url": sim.url,
      "text-base-url": sim.url,
      manifest: "m.yml",
      "poll-interval": "50ms",
      ...inputs,
    },
    { env: { GENMEDIA_RETRY_BASE_MS: "5" } },
  );
}

const imageTask = "tasks:\n  - { name: pic, model: nano-banana-2, prompt: a lighthouse }\n";
const textTask = "tasks:\n  - { name: notes, model: gpt-5.4, prompt: write release notes }\n";

describe("a paid task", () => {
  it("whose download fails through every retry stays pending with its id, and a re-run downloads it", async () => {
    const sim = await start({ faults: [{ route: "file", status: 503 }] });
    const ws = makeWorkspace();
    ws.write("m.yml", imageTask);
    const first = await run(ws, sim);
    expect(first.code).toBe(1);
    const [record] = records(ws);
    expect(record).toMatchObject({ status: "pending", file: null });
    expect(record?.error).toMatch(/completed, but the download failed.*task id \S+ is kept/);
    sim.setScenario(quick);
    const second = await run(ws, sim);
    expect(second.code, second.stdout).toBe(0);
    expect(records(ws)[0]).toMatchObject({ status: "completed", taskId: record?.taskId });
    expect(creates(sim)).toHaveLength(1);
  });

  it("refused once while polling (HTTP 401) stays pending with its id, and a re-run collects it", async () => {
    const sim = await start({ faults: [{ route: "poll", status: 401, times: 1 }] });
    const ws = makeWorkspace();
    ws.write("m.yml", imageTask);
    const first = await run(ws, sim);
    expect(first.code).toBe(1);
    const [record] = records(ws);
    expect(record).toMatchObject({ status: "pending" });
    expect(record?.error).toMatch(/refused the key while polling \(HTTP 401\).*is kept/);
    const second = await run(ws, sim);
    expect(second.code, second.stdout).toBe(0);
    expect(records(ws)[0]?.status).toBe("completed");
    expect(creates(sim)).toHaveLength(1);
  });
});

describe("an unpaid task", () => {
  it("whose create never reached the API is sent by a resumed re-run, not left failed", async () => {
    const sim = await start({});
    const ws = makeWorkspace();
    ws.write("m.yml", imageTask);
    // A port nothing listens on: the connection is refused before anything is sent.
    const closed = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const first = await run(ws, sim, { "base-url": `http://127.0.0.1:${closed}` });
    expect(first.code).toBe(1);
    expect(records(ws)[0]).toMatchObject({ status: "skipped", taskId: null });
    expect(records(ws)[0]?.error).toMatch(/^not submitted: could not connect/);
    const second = await run(ws, sim);
    expect(second.code, second.stdout).toBe(0);
    expect(records(ws)[0]?.status).toBe("completed");
    expect(creates(sim)).toHaveLength(1);
  });
});

describe("a text task", () => {
  it("whose answer file is gone is reported, not re-asked and not a crash", async () => {
    const sim = await start({});
    const ws = makeWorkspace();
    ws.write("m.yml", textTask);
    expect((await run(ws, sim)).code).toBe(0);
    rmSync(path.join(ws.dir, "generated-media/notes.md"));
    const second = await run(ws, sim);
    expect(`${second.stdout}${second.stderr}`).not.toMatch(/failed unexpectedly|not a media family|\n\s+at /);
    expect(second.code).toBe(1);
    const [record] = records(ws);
    expect(record?.status).toBe("failed");
    expect(record?.error).toMatch(/was paid for but its file is gone.*resume: false/);
    expect(creates(sim)).toHaveLength(1);
  });

  it("killed while its request is in flight is recorded as maybe billed, and never sent again", async () => {
    const sim = await start({ faults: [{ route: "create", kind: "hang", times: 1 }] });
    const ws = makeWorkspace();
    ws.write("m.yml", textTask);
    // SIGKILL as soon as the request reached the API: nothing of the action runs after it.
    const first = await runAction(
      ws,
      {
        "api-key": apiKey,
        "base-url": sim.url,
        "text-base-url": sim.url,
        manifest: "m.yml",
      },
      {
        whileRunning: (child: ReturnType<typeof spawn>) => {
          if (creates(sim).length > 0) child.kill("SIGKILL");
        },
      },
    );
    expect(first.signal).toBe("SIGKILL");
    const [record] = records(ws);
    expect(record).toMatchObject({ status: "failed" });
    expect(record?.error).toMatch(/may exist and be billed/);
    await run(ws, sim);
    expect(creates(sim)).toHaveLength(1);
  });
});
