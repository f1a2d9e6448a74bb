/**
 * SoundClone end to end through the built action: a clone and a speech task that names it in one manifest,
 * a clone that fails, subtitles downloaded beside the audio, and the usage the API reports in results.json
 * and the job summary.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Scenario } from "../../simulator/scenario.ts";
import { type Simulator, startSimulator } from "../../simulator/server.ts";
import type { TaskRecord } from "../../src/run/record.ts";
import { makeWorkspace, runAction, type Workspace } from "../support/action-runner.ts";

const apiKey = "voices-key-4c7e";
let simulator: Simulator | undefined;
afterEach(async () => {
  await simulator?.close();
  simulator = undefined;
});

/** Audio takes 10 ms of real time, video 120 ms. */
async function simulate(scenario: Scenario = {}): Promise<Simulator> {
  simulator = await startSimulator({
    apiKey,
    timeScale: 1000,
    scenario: {
      latency: { queuedMs: 1000, processingMs: { video: 120_000, image: 5000, audio: 10_000 }, jitter: 0 },
      ...scenario,
    },
  });
  return simulator;
}

function inputs(sim: Simulator, extra: Record<string, string> = {}): Record<string, string> {
  return { "api-key": apiKey, "base-url": sim.url, manifest: "m.yml", "poll-interval": "50ms", ...extra };
}

function records(ws: Workspace): TaskRecord[] {
  return JSON.parse(readFileSync(path.join(ws.dir, "generated-media/results.json"), "utf8"))
    .tasks as TaskRecord[];
}

function recordOf(ws: Workspace, name: string): TaskRecord {
  const record = records(ws).find((r) => r.name === name);
  if (!record) throw new Error(`no record of ${name}`);
  return record;
}

const speechPath = "/v1/soundCloning/audios";
const clonePath = "/v1/soundCloning/clones";

// The speech task comes first, so it must wait for the clone, not merely run after it.
const manifest = `tasks:
  - name: hello
    model: soundCloningAudio
    prompt: Welcome to the release notes.
    voice: my-voice
    params: { subtitleEnable: true, subtitleType: word, speed: 1.25, vol: 5, pitch: -2 }
  - name: my-voice
    model: soundCloningClone
    prompt: This is my voice.
    params: { fileUrl: "https://example.com/me.mp3" }
`;

describe("a cloned voice used in the same run", () => {
  it("sends the speech task after the clone completed, with its modelId, and gives the voice as an output", async () => {
    const sim = await simulate();
    const ws = makeWorkspace();
    ws.write("m.yml", manifest);
    const run = await runAction(ws, inputs(sim, { concurrency: "2" }));
    expect(run.code, run.stdout).toBe(0);

    const clone = recordOf(ws, "my-voice");
    expect(clone.status).toBe("completed");
    expect(clone.voice).toMatch(/^voice_/);
    expect(JSON.parse(run.outputs.voices ?? "")).toEqual({ "my-voice": clone.voice });
    expect(recordOf(ws, "hello").voice ?? null).toBeNull();

    const speechCreates = sim.creates().filter((r) => r.path === speechPath);
    expect(speechCreates).toHaveLength(1);
    const speechCreate = speechCreates[0];
    expect(speechCreate?.body).toEqual({
      modelId: clone.voice,
      contentText: "Welcome to the release notes.",
      subtitleEnable: true,
      subtitleType: "word",
      speed: 1.25,
      vol: 5,
      pitch: -2,
    });
    // The poll that saw the clone completed came before the speech's create.
    const clonePolls = sim.requests.filter((r) => r.route === "poll" && r.taskId === clone.taskId);
    const lastClonePoll = clonePolls.at(-1);
    expect(lastClonePoll).toBeDefined();
    expect(speechCreate?.at ?? 0).toBeGreaterThanOrEqual(lastClonePoll?.at ?? Number.POSITIVE_INFINITY);
    expect(sim.requests.indexOf(speechCreate as never)).toBeGreaterThan(
      sim.requests.indexOf(lastClonePoll as never),
    );
  });

  it("downloads the speech's subtitles beside its audio and records them", async () => {
    const sim = await simulate();
    const ws = makeWorkspace();
    ws.write("m.yml", manifest);
    const run = await runAction(ws, inputs(sim));
    expect(run.code, run.stdout).toBe(0);
    const hello = recordOf(ws, "hello");
    expect(hello.status).toBe("completed");
    expect(hello.file?.path).toBe("generated-media/hello.wav");
    expect(hello.subtitles).toMatchObject({ path: "generated-media/hello.srt", contentType: "text/plain" });
    const text = readFileSync(path.join(ws.dir, "generated-media/hello.srt"));
    expect(text.toString("utf8")).toMatch(/^1\r?\n00:00:00,000 --> /);
    expect(hello.subtitles?.sha256).toBe(createHash("sha256").update(text).digest("hex"));
    expect(hello.subtitles?.bytes).toBe(text.length);
    expect(run.outputs.files?.split("\n")).toContain("generated-media/hello.srt");
    // The clone asked for no subtitles and gets none.
    expect(recordOf(ws, "my-voice").subtitles ?? null).toBeNull();
  });

  it("keeps the audio when the subtitles fail to download, and a re-run fetches them without a new create", async () => {
    const sim = await simulate({
      // The speech's first file request (its audio) succeeds; the next ones (its subtitles) find it expired.
      faults: [{ route: "file", kind: "expired", family: "soundclone-speech", after: 1 }],
    });
    const ws = makeWorkspace();
    ws.write("m.yml", manifest);
    const first = await runAction(ws, inputs(sim, { "fail-on": "never" }));
    expect(first.code, first.stdout).toBe(0);
    const kept = recordOf(ws, "hello");
    expect(kept.status).toBe("pending");
    expect(kept.file?.path).toBe("generated-media/hello.wav");
    expect(kept.subtitles ?? null).toBeNull();
    expect(kept.error).toMatch(/^the audio is downloaded, but its subtitles failed: .*task id \S+ is kept/);

    sim.setScenario({ latency: { queuedMs: 1000, processingMs: { video: 1, image: 1, audio: 10_000 } } });
    const second = await runAction(ws, inputs(sim));
    expect(second.code, second.stdout).toBe(0);
    expect(recordOf(ws, "hello")).toMatchObject({
      status: "completed",
      taskId: kept.taskId,
      subtitles: { path: "generated-media/hello.srt" },
    });
    expect(sim.creates().filter((r) => r.path === speechPath)).toHaveLength(1);
  });

  it("fails the speech task with the clone's reason, and creates no speech", async () => {
    const sim = await simulate({
      outcomes: [
        { family: "soundclone-clone", status: "failed", error: "the recording has less than 15 s of speech" },
      ],
    });
    const ws = makeWorkspace();
    ws.write("m.yml", manifest);
    const run = await runAction(ws, inputs(sim, { "fail-on": "never" }));
    expect(run.code, run.stdout).toBe(0);
    expect(recordOf(ws, "my-voice").status).toBe("failed");
    expect(recordOf(ws, "my-voice").voice ?? null).toBeNull();
    expect(recordOf(ws, "hello")).toMatchObject({
      status: "failed",
      taskId: null,
      error: 'the voice clone task "my-voice" failed: the recording has less than 15 s of speech',
    });
    expect(sim.requests.filter((r) => r.path === speechPath)).toHaveLength(0);
    expect(sim.creates().filter((r) => r.path === clonePath)).toHaveLength(1);
    expect(JSON.parse(run.outputs.voices ?? "")).toEqual({});
  });

  it("takes the voice of a clone completed by an earlier run from its record, without cloning again", async () => {
    const sim = await simulate();
    const ws = makeWorkspace();
    ws.write("m.yml", manifest);
    expect((await runAction(ws, inputs(sim))).code).toBe(0);
    const voice = recordOf(ws, "my-voice").voice;
    ws.write(
      "m.yml",
      `${manifest}  - name: goodbye
    model: soundCloningAudio
    prompt: Thanks for reading.
    voice: my-voice
`,
    );
    const second = await runAction(ws, inputs(sim));
    expect(second.code, second.stdout).toBe(0);
    expect(sim.creates().filter((r) => r.path === clonePath)).toHaveLength(1);
    const speeches = sim.creates().filter((r) => r.path === speechPath);
    expect(speeches.map((r) => (r.body as { contentText: string }).contentText)).toEqual([
      "Welcome to the release notes.",
      "Thanks for reading.",
    ]);
    expect(speeches[1]?.body).toMatchObject({ modelId: voice });
    expect(JSON.parse(second.outputs.voices ?? "")).toEqual({ "my-voice": voice });
  });
});

describe("usage and immediate refusals", () => {
  it("records what the API reported each task consumed, and totals it in the summary", async () => {
    const sim = await simulate({
      outcomes: [{ promptContains: "priced", status: "completed", amount: 1.25 }],
      // Vidu's tokens arrive as strings, as third-party clients have seen.
      faults: [{ route: "poll", kind: "string-numbers", family: "vidu" }],
    });
    const ws = makeWorkspace();
    ws.write(
      "m.yml",
      `tasks:
  - name: dance
    model: seedance_2_0_pro
    prompt: A cat dancing in the rain
    duration: 10
  - name: fox
    model: viduq3-pro
    prompt: A priced fox in the snow
    duration: 4
  - name: cat
    model: nano-banana-2
    prompt: An orange cat
`,
    );
    const run = await runAction(ws, inputs(sim));
    expect(run.code, run.stdout).toBe(0);
    expect(recordOf(ws, "dance").usage).toEqual({ seconds: 10, tokens: 12_500 });
    expect(recordOf(ws, "fox").usage).toEqual({ seconds: 4, tokens: 5000, amount: 1.25 });
    expect(recordOf(ws, "cat").usage ?? null).toBeNull();
    expect(run.summary).toContain("Usage reported by the API: 14 s of output · 17,500 tokens · amount 1.25");
  });

  it("fails a task whose create is answered status failed with its reason, and never polls it", async () => {
    const sim = await simulate({
      outcomes: [
        {
          family: "sd2-manxue",
          promptContains: "face",
          status: "failed",
          atCreate: true,
          error: "Content policy violation: a real face was detected.",
        },
      ],
    });
    const ws = makeWorkspace();
    ws.write(
      "m.yml",
      `tasks:
  - name: portrait
    model: sd2_manxue_1080p
    prompt: A real face smiling at the camera
`,
    );
    const run = await runAction(ws, inputs(sim, { "fail-on": "never" }));
    expect(run.code, run.stdout).toBe(0);
    const portrait = recordOf(ws, "portrait");
    expect(portrait).toMatchObject({
      status: "failed",
      error: "Content policy violation: a real face was detected.",
    });
    expect(portrait.taskId).toBe(sim.creates()[0]?.taskId);
    expect(sim.requests.filter((r) => r.route === "poll")).toHaveLength(0);
  });
});
