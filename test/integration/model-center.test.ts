/**
 * Model Center v2 and the `endpoint` form (design 8) through the built action: the API's newest models and
 * routes no release of ours has heard of, with the same guarantees as every other task (one create, the
 * file downloaded, results.json complete, a re-run that pays for nothing twice), and a route that could
 * send the key elsewhere refused before any request.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Scenario } from "../../simulator/scenario.ts";
import { type Simulator, startSimulator } from "../../simulator/server.ts";
import type { TaskRecord } from "../../src/run/record.ts";
import { makeWorkspace, runAction, type Workspace } from "../support/action-runner.ts";

const apiKey = "v2-key-4c7e";
let simulator: Simulator | undefined;
afterEach(async () => {
  await simulator?.close();
  simulator = undefined;
});

async function simulate(scenario: Scenario = {}): Promise<Simulator> {
  simulator = await startSimulator({
    apiKey,
    timeScale: 1000,
    scenario: { latency: { queuedMs: 100, jitter: 0 }, ...scenario },
  });
  return simulator;
}

function inputs(sim: Simulator, extra: Record<string, string> = {}): Record<string, string> {
  return { "api-key": apiKey, "base-url": sim.url, manifest: "m.yml", "poll-interval": "50ms", ...extra };
}

function results(ws: Workspace): TaskRecord[] {
  return JSON.parse(readFileSync(path.join(ws.dir, "generated-media/results.json"), "utf8"))
    .tasks as TaskRecord[];
}

function sha256Of(ws: Workspace, relative: string): string {
  return createHash("sha256")
    .update(readFileSync(path.join(ws.dir, relative)))
    .digest("hex");
}

/** Each record completed with its file on disk, the bytes the simulator served for its task. */
function expectDownloaded(ws: Workspace, sim: Simulator, records: TaskRecord[]): void {
  for (const record of records) {
    expect(record.status, record.name).toBe("completed");
    const served = sim.tasks().find((task) => task.id === record.taskId)?.file;
    expect(served, record.name).toBeDefined();
    expect(record.file?.sha256).toBe(served?.sha256);
    expect(sha256Of(ws, record.file?.path ?? "")).toBe(served?.sha256);
  }
}

const v2Manifest = [
  "tasks:",
  "  - name: boat",
  "    model: seedance-2.5-c1",
  "    prompt: A paper boat drifting down a rain gutter",
  "    first_image: https://example.com/boat.jpg",
  "    duration: 10",
  "    resolution: 720p",
  "    params: { generate_audio: true }",
  "  - name: poster",
  "    model: seedream-5.0",
  "    prompt: A lighthouse at dawn",
  "    aspect_ratio: '3:4'",
].join("\n");

describe("Model Center v2 models through the built action", () => {
  it("runs a v2 video and a v2 image task end to end: the body asked for, polled at v2's route, files kept", async () => {
    const sim = await simulate();
    const ws = makeWorkspace();
    ws.write("m.yml", v2Manifest);
    const run = await runAction(ws, inputs(sim));
    expect(run.code, run.stdout).toBe(0);
    const records = results(ws);
    expect(records.map((r) => [r.name, r.model, r.kind, r.file?.path])).toEqual([
      ["boat", "seedance-2.5-c1", "video", "generated-media/boat.mp4"],
      ["poster", "seedream-5.0", "image", "generated-media/poster.png"],
    ]);
    expectDownloaded(ws, sim, records);
    const creates = sim.creates();
    expect(creates.map((r) => [r.path, r.body])).toEqual(
      expect.arrayContaining([
        [
          "/v2/model-center/tasks",
          {
            model: "seedance-2.5-c1",
            prompt: "A paper boat drifting down a rain gutter",
            first_image: "https://example.com/boat.jpg",
            duration: 10,
            resolution: "720p",
            generate_audio: true,
          },
        ],
        [
          "/v2/model-center/tasks",
          { model: "seedream-5.0", prompt: "A lighthouse at dawn", aspect_ratio: "3:4" },
        ],
      ]),
    );
    expect(creates).toHaveLength(2);
    // The simulator finds a v2 task only at v2's poll route, so completing proves the client polled there.
    const polls = sim.requests.filter((r) => r.route === "poll");
    expect(polls.length).toBeGreaterThan(0);
    expect(polls.every((r) => r.path.startsWith("/v2/model-center/tasks/mcp_"))).toBe(true);
  });

  it("completes when v2 answers the other shape: task_id, only result_url, error as an object", async () => {
    const sim = await simulate({
      modelCenterShape: "other",
      outcomes: [{ promptContains: "FAIL", status: "failed", error: "The prompt was rejected." }],
    });
    const ws = makeWorkspace();
    ws.write("m.yml", `${v2Manifest}\n  - name: rejected\n    model: KlingO3\n    prompt: FAIL this one\n`);
    const run = await runAction(ws, inputs(sim, { "fail-on": "never" }));
    expect(run.code, run.stdout).toBe(0);
    const records = results(ws);
    expectDownloaded(
      ws,
      sim,
      records.filter((r) => r.name !== "rejected"),
    );
    expect(records.find((r) => r.name === "rejected")).toMatchObject({
      status: "failed",
      error: expect.stringContaining("The prompt was rejected."),
    });
    // The simulator really answered the other shape.
    const ask = async (method: string, route: string, body?: unknown) =>
      (await (
        await fetch(`${sim.url}${route}`, {
          method,
          headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
          body: body === undefined ? undefined : JSON.stringify(body),
        })
      ).json()) as Record<string, unknown>;
    const poster = records.find((r) => r.name === "poster")?.taskId;
    const completed = await ask("GET", `/v2/model-center/tasks/${poster}`);
    expect(completed).toMatchObject({ status: "completed", result_url: expect.stringMatching(/^http/) });
    expect(completed).not.toHaveProperty("image_url");
    const rejected = records.find((r) => r.name === "rejected")?.taskId;
    expect((await ask("GET", `/v2/model-center/tasks/${rejected}`)).error).toEqual({
      code: "generation_failed",
      message: "The prompt was rejected.",
    });
    const created = await ask("POST", "/v2/model-center/tasks", { model: "KlingO3", prompt: "x" });
    expect(created).toHaveProperty("task_id");
    expect(created).not.toHaveProperty("id");
  });

  it("sends a param it does not know, with a notice in the log", async () => {
    const sim = await simulate();
    const ws = makeWorkspace();
    ws.write(
      "m.yml",
      "tasks:\n  - name: wave\n    model: wan2.7-t2v\n    prompt: A wave\n    params: { camera_motion: dolly }\n",
    );
    const run = await runAction(ws, inputs(sim));
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toMatch(
      /::notice::m\.yml:5: task "wave": "params\.camera_motion" is sent as written, unchecked/,
    );
    expect(sim.creates()[0]?.body).toEqual({ model: "wan2.7-t2v", prompt: "A wave", camera_motion: "dolly" });
    expect(results(ws)[0]?.status).toBe("completed");
  });

  it("names the endpoint form when a model id is unknown, and sends nothing", async () => {
    const sim = await simulate();
    const ws = makeWorkspace();
    ws.write("m.yml", "tasks:\n  - name: next\n    model: seedance-3.0-c1\n    prompt: A boat\n");
    const run = await runAction(ws, inputs(sim));
    expect(run.code).not.toBe(0);
    expect(run.stdout).toMatch(
      /Unknown model "seedance-3\.0-c1".*send it as an endpoint task \(endpoint: \/v2\/model-center\/tasks, kind, body with its model\)/,
    );
    expect(sim.requests).toEqual([]);
  });
});

describe("endpoint tasks through the built action", () => {
  it("completes a task on a route the registry has never heard of, its URL under a key of its own", async () => {
    const sim = await simulate({
      routes: [
        { create: "/v9/labs/foo", poll: "/v9/labs/foo/{id}", kind: "video", resultField: "output_link" },
      ],
    });
    const ws = makeWorkspace();
    ws.write(
      "m.yml",
      [
        "tasks:",
        "  - name: lab",
        "    endpoint: /v9/labs/foo",
        "    poll: /v9/labs/foo/{id}",
        "    kind: video",
        "    body:",
        "      model: foo-1",
        "      input: { text: A paper boat, frames: [1, 2] }",
        "      prompt: A paper boat",
      ].join("\n"),
    );
    const run = await runAction(ws, inputs(sim));
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toMatch(/::notice::m\.yml:2: task "lab": sent unvalidated/);
    const records = results(ws);
    expect(records[0]).toMatchObject({ name: "lab", model: "foo-1", kind: "video" });
    expectDownloaded(ws, sim, records);
    expect(sim.creates().map((r) => [r.path, r.body])).toEqual([
      [
        "/v9/labs/foo",
        { model: "foo-1", input: { text: "A paper boat", frames: [1, 2] }, prompt: "A paper boat" },
      ],
    ]);
    const polls = sim.requests.filter((r) => r.route === "poll");
    expect(polls.every((r) => r.path.startsWith("/v9/labs/foo/"))).toBe(true);
  });

  it("sends a model v2 does not list yet to v2's route and polls v2 by default", async () => {
    const sim = await simulate();
    const ws = makeWorkspace();
    ws.write(
      "m.yml",
      "tasks:\n  - name: next\n    endpoint: /v2/model-center/tasks\n    kind: video\n    body: { model: seedance-3.0-c1, prompt: A boat, duration: 10 }\n",
    );
    const run = await runAction(ws, inputs(sim));
    expect(run.code, run.stdout).toBe(0);
    expectDownloaded(ws, sim, results(ws));
    expect(
      sim.requests
        .filter((r) => r.route === "poll")
        .every((r) => r.path.startsWith("/v2/model-center/tasks/")),
    ).toBe(true);
  });

  it.each([
    ["a host", "https://evil.example/v2/model-center/tasks", /has a scheme \("https:"\)/],
    ["//host", "//evil.example/v2/model-center/tasks", /starts with "\/\/", which names a host/],
    ["a scheme", "http:/v2/model-center/tasks", /has a scheme \("http:"\)/],
    ["..", "/v2/../v1/admin", /contains a "\.\." segment/],
    ["%2e%2e", "/v2/%2e%2e/v1/admin", /percent-encoded/],
  ])("refuses an endpoint with %s before any request", async (_what, endpoint, why) => {
    const sim = await simulate();
    const ws = makeWorkspace();
    ws.write(
      "m.yml",
      [
        "tasks:",
        "  - name: fine",
        "    model: nano-banana-2",
        "    prompt: A cat",
        "  - name: hostile",
        `    endpoint: ${JSON.stringify(endpoint)}`,
        "    kind: video",
        "    body: { model: x, prompt: y }",
      ].join("\n"),
    );
    const run = await runAction(ws, inputs(sim));
    expect(run.code).not.toBe(0);
    const line = run.stdout.split("\n").find((l) => l.startsWith("::error") && l.includes('task "hostile"'));
    expect(line).toMatch(/m\.yml:6: task "hostile": field "endpoint": /);
    expect(line).toMatch(why);
    expect(sim.requests).toEqual([]);
  });

  it("collects an endpoint task left pending with a re-run, creating nothing twice", async () => {
    // Slow at first: the first run's deadline comes while the task processes.
    const sim = await simulate({
      routes: [{ create: "/v9/labs/slow", kind: "image" }],
      latency: { queuedMs: 0, processingMs: { video: 1000, image: 2_000_000, audio: 1000 }, jitter: 0 },
    });
    const ws = makeWorkspace();
    ws.write(
      "m.yml",
      "tasks:\n  - name: slow\n    endpoint: /v9/labs/slow\n    kind: image\n    body: { model: lab-img, prompt: A slow cat }\n",
    );
    const first = await runAction(ws, inputs(sim, { timeout: "1s" }));
    const pending = results(ws)[0];
    expect(pending).toMatchObject({ name: "slow", status: "pending" });
    expect(pending?.taskId).toBeTruthy();
    expect(first.code).not.toBe(0);

    // The re-run polls the recorded id until it is done, and downloads.
    const second = await runAction(ws, inputs(sim));
    expect(second.code, second.stdout).toBe(0);
    const [record] = results(ws);
    expect(record).toMatchObject({ name: "slow", status: "completed", taskId: pending?.taskId });
    expectDownloaded(ws, sim, results(ws));
    expect(sim.creates()).toHaveLength(1);
    // Default poll route of a path outside /v2/model-center/.
    expect(
      sim.requests.filter((r) => r.route === "poll").every((r) => r.path.startsWith("/v1/result/")),
    ).toBe(true);
  });
});
