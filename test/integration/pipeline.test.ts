import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Scenario } from "../../simulator/scenario.ts";
import { type Simulator, startSimulator } from "../../simulator/server.ts";
import type { TaskRecord } from "../../src/run/record.ts";
import { makeWorkspace, runAction, type Workspace } from "../support/action-runner.ts";

const apiKey = "sk-live-SECRET-7f3a9c2e1b";
let simulator: Simulator | undefined;

afterEach(async () => {
  await simulator?.close();
  simulator = undefined;
});

/** A simulator where a minute of generation takes 60 ms of real time. */
async function simulate(
  scenario: Scenario = {},
  createShape: "A" | "B" | "B-legacy-families" = "A",
): Promise<Simulator> {
  simulator = await startSimulator({
    apiKey,
    timeScale: 1000,
    createShape,
    scenario: {
      latency: {
        queuedMs: 1000,
        processingMs: { video: 120_000, image: 5000, audio: 10_000 },
        jitter: 0.2,
        seed: 7,
      },
      ...scenario,
    },
  });
  return simulator;
}

function inputs(sim: Simulator, extra: Record<string, string>): Record<string, string> {
  return { "api-key": apiKey, "base-url": sim.url, "poll-interval": "50ms", ...extra };
}

function readResults(ws: Workspace, dir = "generated-media"): TaskRecord[] {
  return JSON.parse(readFileSync(path.join(ws.dir, dir, "results.json"), "utf8")).tasks as TaskRecord[];
}

const mixedManifest = `
defaults:
  params: {}
tasks:
  - name: sora-clip
    model: openAiSora2Plus
    prompt: A cat dancing in the rain, cinematic style
    aspect_ratio: "16:9"
    duration: 8
  - name: veo-clip
    model: veo_3_1_fast
    prompt: Waves on black sand
    aspect_ratio: "16:9"
    resolution: 1080p
  - name: seedance-clip
    model: seedance_1_5_pro_720p
    prompt: A cat yawning at the camera
    first_image: https://example.com/first.jpg
    duration: 5
  - name: vidu-clip
    model: viduq3-turbo
    prompt: A paper boat drifting down a rainy street
  - name: manxue-clip
    model: sd2_manxue_720p
    prompt: A lantern festival over a river
  - name: banana
    model: nano-banana-2
    prompt-file: prompts/banana.md
    resolution: 2k
  - name: gpt-image
    model: gpt-image-2
    prompt: A watercolor fox
    aspect_ratio: "16:9"
    resolution: 2k
  - name: speech
    model: soundCloningAudio
    prompt: Welcome to the release notes.
    params: { modelId: voice-123 }
`;

describe("the built action against the API simulator", () => {
  it("completes a mixed manifest of every kind, with files whose sha256 matches what the API served", async () => {
    const sim = await simulate({}, "B-legacy-families");
    const ws = makeWorkspace();
    ws.write("media/manifest.yml", mixedManifest);
    ws.write("media/prompts/banana.md", "A cute orange cat on a windowsill\n");
    const run = await runAction(ws, inputs(sim, { manifest: "media/manifest.yml", concurrency: "8" }));
    expect(run.stderr).toBe("");
    const records = readResults(ws);
    expect(records.map((r) => [r.name, r.status])).toEqual(records.map((r) => [r.name, "completed"]));
    expect(run.code).toBe(0);
    const served = new Map(sim.tasks().map((t) => [t.id, t.file?.sha256]));
    for (const record of records) {
      expect(record.file).not.toBeNull();
      const bytes = readFileSync(path.join(ws.dir, record.file?.path ?? ""));
      expect(bytes.length).toBe(record.file?.bytes);
      expect(createHash("sha256").update(bytes).digest("hex")).toBe(record.file?.sha256);
      expect(served.get(record.taskId ?? "")).toBe(record.file?.sha256);
    }
    expect(records.find((r) => r.name === "veo-clip")?.file?.path).toBe("generated-media/veo-clip.mp4");
    expect(records.find((r) => r.name === "banana")?.file?.contentType).toBe("image/png");
    expect(records.find((r) => r.name === "speech")?.file?.path).toBe("generated-media/speech.wav");
    // Shape B (data.projectId) for SD2 Manxue was read and polled.
    expect(records.find((r) => r.name === "manxue-clip")?.taskId).toMatch(/^proj_/);
    // One create per task, and downloads never carry the key.
    expect(sim.creates()).toHaveLength(records.length);
    expect(sim.requests.filter((r) => r.route === "file" && r.headers.authorization)).toEqual([]);
    expect(run.outputs.succeeded).toBe(String(records.length));
    expect(run.outputs.failed).toBe("0");
    expect(run.outputs.pending).toBe("0");
    expect(run.outputs["results-file"]).toBe("generated-media/results.json");
    expect(run.outputs.files?.split("\n").sort()).toEqual(records.map((r) => r.file?.path).sort());
    expect(JSON.parse(run.outputs.results ?? "[]")).toEqual(records);
    expect(run.summary).toContain(`**${records.length}** completed`);
    expect(run.summary).toMatch(
      /\| veo-clip \| veo\\_3\\_1\\_fast \| ✅ completed \| [\dms]+ \| generated-media\/veo-clip\.mp4 \|/,
    );
    // The prompt file's text is what was sent.
    expect(sim.tasks().find((t) => t.model === "nano-banana-2")?.prompt).toBe(
      "A cute orange cat on a windowsill",
    );
    // No temporary files are left next to the results.
    expect(
      readdirSync(path.join(ws.dir, "generated-media")).filter(
        (f) => f.endsWith(".part") || f.endsWith(".tmp"),
      ),
    ).toEqual([]);
  });

  it("reports a failed task with the API's error text, failing the step under fail-on any but not never", async () => {
    const error = "Content policy violation: the prompt was rejected.";
    const sim = await simulate({ outcomes: [{ promptContains: "FAIL", status: "failed", error }] });
    const ws = makeWorkspace();
    ws.write(
      "m.yml",
      "tasks:\n  - name: good\n    model: nano-banana-2\n    prompt: a cat\n  - name: bad\n    model: nano-banana-2\n    prompt: FAIL this one\n",
    );
    const strict = await runAction(ws, inputs(sim, { manifest: "m.yml" }));
    expect(strict.code).toBe(1);
    const bad = readResults(ws).find((r) => r.name === "bad");
    expect(bad).toMatchObject({ status: "failed", error, file: null });
    expect(bad?.taskId).toBeTruthy();
    expect(strict.summary).toContain(error);
    expect(strict.stdout).toContain(`::error title=Task bad failed::bad (nano-banana-2): ${error}`);
    expect(strict.stdout).toMatch(/::error::1 of 2 tasks did not complete/);
    expect(strict.outputs.failed).toBe("1");
    expect(strict.outputs.succeeded).toBe("1");

    const lenient = await runAction(ws, inputs(sim, { manifest: "m.yml", "fail-on": "never" }));
    expect(lenient.code).toBe(0);
    expect(readResults(ws).find((r) => r.name === "bad")?.error).toBe(error);
  });

  it("rides out 429, 503, resets and malformed JSON on polls with exactly one create per task", async () => {
    const sim = await simulate({
      faults: [
        { route: "poll", status: 429, retryAfter: 1, times: 1 },
        { route: "poll", status: 503, times: 2 },
        { route: "poll", kind: "reset", times: 2 },
        { route: "poll", kind: "malformed", times: 2 },
        { route: "poll", status: 502, times: 1 },
        { route: "create", status: 429, retryAfter: 1, times: 1 },
        { route: "create", status: 503, times: 1 },
        { route: "file", kind: "reset", times: 1 },
      ],
    });
    const ws = makeWorkspace();
    ws.write(
      "m.yml",
      `tasks:\n${["a", "b", "c", "d"].map((n) => `  - name: ${n}\n    model: nano-banana-2\n    prompt: picture ${n}\n`).join("")}`,
    );
    const run = await runAction(ws, inputs(sim, { manifest: "m.yml", concurrency: "4" }));
    const records = readResults(ws);
    expect(records.map((r) => r.status)).toEqual(["completed", "completed", "completed", "completed"]);
    expect(run.code).toBe(0);
    // Every fault was actually met.
    const faults = sim.requests.map((r) => `${r.route}:${r.fault ?? r.status}`);
    for (const expected of ["poll:status", "poll:reset", "poll:malformed", "create:status", "file:reset"]) {
      expect(faults).toContain(expected);
    }
    const prompts = sim
      .creates()
      .map((r) => (r.body as { prompt: string }).prompt)
      .sort();
    expect(prompts).toEqual(["picture a", "picture b", "picture c", "picture d"]);
    for (const record of records) {
      const served = sim.tasks().find((t) => t.id === record.taskId);
      expect(record.file?.sha256).toBe(served?.file?.sha256);
    }
  });

  it("never resubmits a create whose answer was lost, and says so", async () => {
    const sim = await simulate({
      faults: [{ route: "create", kind: "reset", times: 1, promptContains: "lost" }],
    });
    const ws = makeWorkspace();
    ws.write(
      "m.yml",
      "tasks:\n  - name: lost\n    model: nano-banana-2\n    prompt: the lost one\n  - name: fine\n    model: nano-banana-2\n    prompt: fine\n",
    );
    const run = await runAction(ws, inputs(sim, { manifest: "m.yml" }));
    expect(run.code).toBe(1);
    const lost = readResults(ws).find((r) => r.name === "lost");
    expect(lost?.status).toBe("failed");
    expect(lost?.error).toMatch(/answer was lost .*may exist and be billed, so it was not resubmitted/);
    expect(
      sim.creates().filter((r) => (r.body as { prompt: string }).prompt === "the lost one"),
    ).toHaveLength(1);
    expect(readResults(ws).find((r) => r.name === "fine")?.status).toBe("completed");
  });

  it("leaves pending records with task ids at the deadline", async () => {
    const sim = await simulate({ outcomes: [{ promptContains: "slow", status: "processing" }] });
    const ws = makeWorkspace();
    ws.write(
      "m.yml",
      "tasks:\n  - name: quick\n    model: nano-banana-2\n    prompt: quick\n  - name: slow1\n    model: nano-banana-2\n    prompt: slow one\n  - name: slow2\n    model: nano-banana-2\n    prompt: slow two\n",
    );
    const started = Date.now();
    const run = await runAction(ws, inputs(sim, { manifest: "m.yml", timeout: "1500ms" }));
    expect(Date.now() - started).toBeLessThan(10_000);
    const records = readResults(ws);
    expect(records.find((r) => r.name === "quick")?.status).toBe("completed");
    for (const name of ["slow1", "slow2"]) {
      const record = records.find((r) => r.name === name);
      expect(record?.status).toBe("pending");
      expect(record?.taskId).toMatch(/\S/);
      expect(sim.tasks().map((t) => t.id)).toContain(record?.taskId);
      expect(record?.error).toMatch(/can be resumed/);
    }
    expect(run.outputs.pending).toBe("2");
    expect(run.code).toBe(1);
    expect(run.summary).toContain("⏳ pending");
  });

  it("sends no request in dry-run and prints each request body", async () => {
    const sim = await simulate();
    const ws = makeWorkspace();
    ws.write(
      "m.yml",
      'tasks:\n  - name: hero\n    model: openAiSora2Plus\n    prompt: A cat\n    aspect_ratio: "16:9"\n    duration: 8\n',
    );
    const run = await runAction(ws, { "base-url": sim.url, manifest: "m.yml", "dry-run": "true" });
    expect(run.code).toBe(0);
    expect(sim.requests).toEqual([]);
    expect(run.summary).toContain(`POST ${sim.url}/v1/sora/videos`);
    expect(run.summary).toContain('"seconds": 8');
    expect(existsSync(path.join(ws.dir, "generated-media"))).toBe(false);
  });

  it("refuses a bad manifest before sending anything, naming the file, task and field", async () => {
    const sim = await simulate();
    const ws = makeWorkspace();
    ws.write(
      "m.yml",
      'tasks:\n  - name: ok\n    model: nano-banana-2\n    prompt: fine\n  - name: wide\n    model: veo_3_1_fast\n    prompt: x\n    aspect_ratio: "4:3"\n',
    );
    const run = await runAction(ws, inputs(sim, { manifest: "m.yml" }));
    expect(run.code).toBe(1);
    expect(sim.requests).toEqual([]);
    expect(run.stdout).toMatch(
      /::error file=m\.yml,line=8::m\.yml:8: task "wide": field "aspect_ratio".*16:9.*9:16/,
    );
    expect(run.stdout).not.toMatch(/\n\s+at .*\.js:\d+/);
  });

  it("names the input to set when the key is missing, and lists models for an unknown one", async () => {
    const ws = makeWorkspace();
    const noKey = await runAction(ws, { prompt: "a cat", model: "nano-banana-2" });
    expect(noKey.code).toBe(1);
    expect(noKey.stdout).toMatch(/::error::input "api-key" is empty: set it to your API key/);
    const unknown = await runAction(ws, { prompt: "a cat", model: "sora-2", "dry-run": "true" });
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toMatch(/Unknown model "sora-2".*openAiSora2Plus, openAiSora2Pro/);
  });

  it("keeps the API key out of logs, summary, outputs and files, even when the API echoes it", async () => {
    const sim = await simulate({
      faults: [
        {
          route: "create",
          status: 400,
          body: { error: `bad request from key ${apiKey}` },
          promptContains: "echo",
        },
      ],
      outcomes: [{ promptContains: "FAIL", status: "failed", error: "rejected" }],
    });
    const ws = makeWorkspace();
    ws.write(
      "m.yml",
      "tasks:\n  - name: a\n    model: nano-banana-2\n    prompt: fine\n  - name: b\n    model: nano-banana-2\n    prompt: echo\n  - name: c\n    model: nano-banana-2\n    prompt: FAIL\n",
    );
    const run = await runAction(ws, inputs(sim, { manifest: "m.yml" }), { env: { RUNNER_DEBUG: "1" } });
    expect(readResults(ws).find((r) => r.name === "b")?.error).toMatch(/HTTP 400/);
    expect(sim.requests.some((r) => r.headers.authorization === `Bearer ${apiKey}`)).toBe(true);
    // The runner consumes `::add-mask::` (it is how the key gets masked); nothing else may carry the key.
    expect(run.stdout.split("\n").filter((line) => line === `::add-mask::${apiKey}`)).toHaveLength(1);
    const everything = run
      .allText()
      .split("\n")
      .filter((line) => line !== `::add-mask::${apiKey}`)
      .join("\n");
    expect(everything).not.toContain(apiKey);
    expect(everything).not.toContain(apiKey.slice(8));
  });
});
