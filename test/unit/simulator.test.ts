import { createHash } from "node:crypto";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { magicHeaderOf, mediaBytes, mediaSha256, mediaStream, parseRange } from "../../simulator/media.ts";
import {
  loadScenario,
  newFaultCounters,
  resolveScenario,
  type Scenario,
  selectFaults,
} from "../../simulator/scenario.ts";
import { type Simulator, type SimulatorOptions, startSimulator } from "../../simulator/server.ts";
import { planSchedule, statusAt } from "../../simulator/tasks.ts";

const key = "sim-key";
const auth = { Authorization: `Bearer ${key}` };
const json = { ...auth, "Content-Type": "application/json" };

const soraBody = (prompt = "A cat dancing in the rain") => ({
  model: "openAiSora2Plus",
  prompt,
  aspect_ratio: "16:9",
  seconds: 8,
});
const videosBody = { model: "videos", prompt: "Waves on black sand", duration: 5, ratio: "16:9" };

let running: Simulator[] = [];

/**
 * A large time scale, and no generation latency unless a test asks for it; with the default 24 h URL
 * lifetime a result URL then lives 86 s of real time, far longer than any test.
 */
async function simulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const immediate = { queuedMs: 0, processingMs: { video: 0, image: 0, audio: 0 } };
  const sim = await startSimulator({
    timeScale: 1000,
    ...options,
    scenario: { latency: immediate, ...options.scenario },
  });
  running.push(sim);
  return sim;
}

afterEach(async () => {
  await Promise.all(running.map((sim) => sim.close()));
  running = [];
});

async function create(sim: Simulator, path: string, body: unknown) {
  const res = await fetch(`${sim.url}${path}`, { method: "POST", headers: json, body: JSON.stringify(body) });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

async function poll(sim: Simulator, id: string) {
  const res = await fetch(`${sim.url}/v1/result/${encodeURIComponent(id)}`, { headers: auth });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

async function pollUntilTerminal(sim: Simulator, id: string): Promise<Record<string, unknown>> {
  for (;;) {
    const { text } = await poll(sim, id);
    const result = JSON.parse(text) as Record<string, unknown>;
    if (["completed", "failed", "cancelled"].includes(String(result.status))) return result;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("simulator over HTTP", () => {
  it("answers 401 with a JSON body when the key is missing or wrong", async () => {
    const sim = await simulator();
    const missing = await fetch(`${sim.url}/v1/sora/videos`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(soraBody()),
    });
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ error: "invalid api key" });
    const wrong = await fetch(`${sim.url}/v1/result/anything`, { headers: { Authorization: "Bearer nope" } });
    expect(wrong.status).toBe(401);
    expect(sim.creates()).toHaveLength(0);
  });

  it("answers a Sora create with Shape A and a Videos create with Shape B under B-legacy-families", async () => {
    const sim = await simulator({ createShape: "B-legacy-families" });
    const sora = await create(sim, "/v1/sora/videos", soraBody());
    expect(sora.status).toBe(200);
    expect(sora.body).toMatchObject({
      object: "video.generation",
      model: "openAiSora2Plus",
      status: "queued",
    });
    expect(sora.body.id).toMatch(/^sora_/);
    expect(sora.body.error).toBeNull();
    expect(typeof sora.body.created).toBe("number");

    const videos = await create(sim, "/v1/videos/videos", videosBody);
    expect(videos.status).toBe(200);
    expect(videos.body).toEqual({
      code: "0",
      msg: null,
      data: { projectId: expect.stringMatching(/^proj_/) },
    });

    expect(sim.creates()).toHaveLength(2);
    expect(sim.tasks().map((task) => task.model)).toEqual(["openAiSora2Plus", "videos"]);
  });

  it("rejects an invalid body with a 400 that names the field", async () => {
    const sim = await simulator();
    const answer = await create(sim, "/v1/sora/videos", { ...soraBody(), aspect_ratio: "4:3" });
    expect(answer.status).toBe(400);
    expect(String(answer.body.error)).toMatch(/^aspect_ratio: /);
    expect(sim.tasks()).toHaveLength(0);
    expect(sim.requests[0]?.body).toMatchObject({ aspect_ratio: "4:3" });
  });

  it("rejects a body that is not JSON", async () => {
    const sim = await simulator();
    const res = await fetch(`${sim.url}/v1/sora/videos`, { method: "POST", headers: json, body: "{nope" });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/^invalid JSON body/);
    expect(sim.requests[0]?.body).toBe("{nope");
  });

  it("moves a task from queued through processing to completed, and serves the recorded bytes", async () => {
    // A hand-driven clock: at time scale 1000 each real ms is a simulated second.
    let now = 0;
    const sim = await simulator({ clock: () => now, scenario: { latency: { jitter: 0 } } });
    const { body } = await create(sim, "/v1/sora/videos", soraBody());
    const id = String(body.id);
    const statusAfter = async (realMs: number) => {
      now = realMs;
      const result = JSON.parse((await poll(sim, id)).text) as Record<string, unknown>;
      if (result.status !== "completed") expect(result.video_url).toBeNull();
      return result;
    };
    // Default latency: 2 s queued, then 180 s processing for a video.
    expect((await statusAfter(1)).status).toBe("queued");
    expect((await statusAfter(2)).status).toBe("processing");
    expect((await statusAfter(181)).status).toBe("processing");
    const result = await statusAfter(182);
    expect(result).toMatchObject({ id, status: "completed", object: "video.generation", error: null });
    expect(result.actualDuration).toBe(8);

    const download = await fetch(String(result.video_url));
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("video/mp4");
    const bytes = Buffer.from(await download.arrayBuffer());
    const [task] = sim.tasks();
    expect(task?.status).toBe("completed");
    expect(task?.file?.bytes).toBe(bytes.length);
    expect(Number(download.headers.get("content-length"))).toBe(bytes.length);
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(task?.file?.sha256);
    expect(bytes.subarray(4, 8).toString("latin1")).toBe("ftyp");
    const fileRequest = sim.requests.find((request) => request.route === "file");
    expect(fileRequest?.headers.authorization).toBeUndefined();
  });

  it("ends a FAIL prompt failed with the scenario's error text", async () => {
    const error = "Content policy violation: the prompt was rejected.";
    const sim = await simulator({
      scenario: { outcomes: [{ promptContains: "FAIL", status: "failed", error }] },
    });
    const { body } = await create(sim, "/v1/sora/videos", soraBody("please FAIL"));
    const result = await pollUntilTerminal(sim, String(body.id));
    expect(result).toMatchObject({ status: "failed", error, video_url: null });
    expect(sim.tasks()[0]?.file).toBeUndefined();
  });

  it("answers a 429 fault with Retry-After, then recovers", async () => {
    const sim = await simulator({
      scenario: { faults: [{ route: "poll", status: 429, retryAfter: 1, times: 2 }] },
    });
    const { body } = await create(sim, "/v1/sora/videos", soraBody());
    const first = await poll(sim, String(body.id));
    const second = await poll(sim, String(body.id));
    const third = await poll(sim, String(body.id));
    expect([first.status, second.status, third.status]).toEqual([429, 429, 200]);
    expect(first.headers.get("retry-after")).toBe("1");
    expect(third.headers.get("retry-after")).toBeNull();
  });

  it("answers a malformed-JSON fault with a 200 whose body does not parse", async () => {
    const sim = await simulator({ scenario: { faults: [{ route: "poll", kind: "malformed", times: 1 }] } });
    const { body } = await create(sim, "/v1/sora/videos", soraBody());
    const broken = await poll(sim, String(body.id));
    expect(broken.status).toBe(200);
    expect(() => JSON.parse(broken.text)).toThrow();
    const healed = await poll(sim, String(body.id));
    expect(() => JSON.parse(healed.text)).not.toThrow();
  });

  it("creates the task even when a reset fault cuts the create's answer", async () => {
    const sim = await simulator({ scenario: { faults: [{ route: "create", kind: "reset", times: 1 }] } });
    await expect(create(sim, "/v1/sora/videos", soraBody())).rejects.toThrow();
    expect(sim.creates()).toHaveLength(1);
    expect(sim.tasks()).toHaveLength(1);
    expect(sim.requests[0]?.fault).toBe("reset");
  });

  it("creates no task for a business error answered with HTTP 200", async () => {
    const sim = await simulator({
      scenario: {
        faults: [{ route: "create", status: 200, body: { code: "1001", msg: "Insufficient balance" } }],
      },
    });
    const answer = await create(sim, "/v1/sora/videos", soraBody());
    expect(answer).toMatchObject({ status: 200, body: { code: "1001", msg: "Insufficient balance" } });
    expect(sim.creates()).toHaveLength(0);
  });

  it("applies upper-case statuses and string numbers together with other faults", async () => {
    const sim = await simulator({
      scenario: {
        faults: [
          { route: "poll", kind: "uppercase" },
          { route: "poll", kind: "string-numbers" },
          { route: "poll", status: 503, times: 1 },
        ],
      },
    });
    const { body } = await create(sim, "/v1/vidu/videos", {
      model: "viduq3-pro",
      prompt: "A paper boat",
      duration: 5,
    });
    expect((await poll(sim, String(body.id))).status).toBe(503);
    const result = JSON.parse((await poll(sim, String(body.id))).text) as Record<string, unknown>;
    expect(result).toMatchObject({ status: "COMPLETED", object: "Video", actualDuration: "5" });
    expect(typeof result.created).toBe("string");
    expect(typeof result.totalTokens).toBe("string");
  });

  it("serves a Range request with 206 and the matching slice", async () => {
    const sim = await simulator();
    const { body } = await create(sim, "/v1/banana/images", { model: "nano-banana-2", prompt: "A cat" });
    const result = await pollUntilTerminal(sim, String(body.id));
    const url = String(result.image_url);
    const whole = Buffer.from(await (await fetch(url)).arrayBuffer());
    expect(whole.subarray(0, 8)).toEqual(magicHeaderOf("image").subarray(0, 8));
    const part = await fetch(url, { headers: { Range: "bytes=100-199" } });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 100-199/${whole.length}`);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(whole.subarray(100, 200));
    const beyond = await fetch(url, { headers: { Range: `bytes=${whole.length}-` } });
    expect(beyond.status).toBe(416);
  });

  it("cuts a truncated download short of its Content-Length", async () => {
    const sim = await simulator({
      scenario: { fileBytes: { video: 200_000 }, faults: [{ route: "file", kind: "truncate", times: 1 }] },
    });
    const { body } = await create(sim, "/v1/sora/videos", soraBody());
    const result = await pollUntilTerminal(sim, String(body.id));
    const res = await fetch(String(result.video_url));
    expect(res.headers.get("content-length")).toBe("200000");
    await expect(res.arrayBuffer()).rejects.toThrow();
    const again = await fetch(String(result.video_url));
    expect((await again.arrayBuffer()).byteLength).toBe(200_000);
  });

  it("expires result URLs after urlTtlMs and forgets tasks after taskTtlMs", async () => {
    let now = 0;
    const day = 86_400_000;
    const sim = await simulator({ clock: () => now, scenario: { urlTtlMs: day, taskTtlMs: 2 * day } });
    const { body } = await create(sim, "/v1/sora/videos", soraBody());
    const result = await pollUntilTerminal(sim, String(body.id));
    now = day / 1000;
    expect((await fetch(String(result.video_url))).status).toBe(200);
    now = day / 1000 + 1;
    expect((await fetch(String(result.video_url))).status).toBe(404);
    expect((await poll(sim, String(body.id))).status).toBe(200);
    now = (2 * day) / 1000 + 1;
    expect((await poll(sim, String(body.id))).status).toBe(404);
  });

  it("records an Authorization header sent to a file URL", async () => {
    const sim = await simulator();
    const { body } = await create(sim, "/v1/sora/videos", soraBody());
    const result = await pollUntilTerminal(sim, String(body.id));
    await (await fetch(String(result.video_url), { headers: auth })).arrayBuffer();
    const leaks = sim.requests.filter((request) => request.route === "file" && request.headers.authorization);
    expect(leaks).toHaveLength(1);
  });

  it("holds a hanging create until the simulator closes, still creating the task", async () => {
    const sim = await startSimulator({ scenario: { faults: [{ route: "create", kind: "hang" }] } });
    const pending = create(sim, "/v1/sora/videos", soraBody());
    while (sim.creates().length === 0) await sleep(5);
    expect(sim.requests[0]?.status).toBeUndefined();
    await sim.close();
    await expect(pending).rejects.toThrow();
  });

  it("reports SoundClone tasks under the family's model id", async () => {
    const sim = await simulator();
    const { body } = await create(sim, "/v1/soundCloning/clones", {
      fileUrl: "https://example.com/voice.mp3",
    });
    expect(body.model).toBe("soundCloningClone");
    const result = await pollUntilTerminal(sim, String(body.id));
    expect(result).toMatchObject({ object: "audio", model: "soundCloningClone", status: "completed" });
    expect(String(result.audioUrl)).toMatch(/^http:\/\/127\.0\.0\.1:/);
    expect(typeof result.modelId).toBe("string");
    const audio = await fetch(String(result.audioUrl));
    expect(audio.headers.get("content-type")).toBe("audio/wav");
  });

  it("answers unknown routes and unknown ids with 404", async () => {
    const sim = await simulator();
    const res = await fetch(`${sim.url}/v1/models`, { headers: auth });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ message: "No handler found for GET /v1/models" });
    const unknown = await poll(sim, "no such id");
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.text)).toEqual({ error: "task not found" });
    expect(sim.requests.map((request) => request.route)).toEqual(["other", "poll"]);
  });

  it("accepts any key, or none, when apiKey is null", async () => {
    const sim = await simulator({ apiKey: null });
    const res = await fetch(`${sim.url}/v1/sora/videos`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(soraBody()),
    });
    expect(res.status).toBe(200);
  });
});

describe("simulator logic", () => {
  const subject = { prompt: "a FAIL here", model: "openAiSora2Plus", familyId: "sora", taskIndex: 0 };

  it("derives the status from the simulated time since creation", () => {
    const scenario = resolveScenario({ latency: { queuedMs: 10, processingMs: { video: 20 }, jitter: 0 } });
    const schedule = planSchedule(scenario, subject, "video");
    expect([0, 9, 10, 29, 30, 1e9].map((ms) => statusAt(schedule, ms))).toEqual([
      "queued",
      "queued",
      "processing",
      "processing",
      "completed",
      "completed",
    ]);
    const stuck = planSchedule(resolveScenario({ outcomes: [{ status: "processing" }] }), subject, "video");
    expect(statusAt(stuck, 1e12)).toBe("processing");
  });

  it("draws the same jitter for the same seed and task index", () => {
    const scenario = resolveScenario({ latency: { jitter: 0.5, seed: 7 } });
    const once = planSchedule(scenario, subject, "image");
    expect(planSchedule(scenario, subject, "image")).toEqual(once);
    expect(once.processingMs).toBeGreaterThanOrEqual(4000);
    expect(once.processingMs).toBeLessThanOrEqual(12000);
  });

  it("counts faults with after and times, and lets modifiers apply alongside", () => {
    const { faults } = resolveScenario({
      faults: [
        { route: "poll", kind: "uppercase" },
        { route: "poll", status: 503, after: 1, times: 1 },
        { route: "poll", kind: "reset", promptContains: "FAIL", times: 1 },
      ],
    });
    const counters = newFaultCounters(faults);
    const picks = [0, 1, 2, 3].map((taskIndex) => {
      const selection = selectFaults(faults, counters, "poll", { ...subject, taskIndex });
      return [selection.action?.kind ?? "none", selection.modifiers.has("uppercase")];
    });
    expect(picks).toEqual([
      ["reset", true],
      ["status", true],
      ["none", true],
      ["none", true],
    ]);
    expect(selectFaults(faults, counters, "create", subject).action).toBeUndefined();
  });

  it("accepts matchers inside match, and rejects faults that cannot apply to their route", () => {
    const { faults } = resolveScenario({ faults: [{ route: "poll", status: 500, match: { model: "x" } }] });
    expect(faults[0]).toMatchObject({ model: "x", kind: "status" });
    expect(() => resolveScenario({ faults: [{ route: "poll", kind: "truncate" }] })).toThrow(/file/);
    expect(() => resolveScenario({ faults: [{ route: "poll" }] } as Scenario)).toThrow(/kind/);
    expect(() => resolveScenario({ latency: { queuedMs: 1 }, typo: 1 } as Scenario)).toThrow(/typo/);
  });

  it("loads the example scenario file and reports bad files by path", async () => {
    const example = fileURLToPath(new URL("../../simulator/scenarios/example.json", import.meta.url));
    const loaded = await loadScenario(example);
    expect(loaded.faults.length).toBeGreaterThan(0);
    const dir = await mkdtemp(join(tmpdir(), "sim-"));
    const bad = join(dir, "bad.json");
    await writeFile(bad, JSON.stringify({ latency: { jitter: 3 } }));
    await expect(loadScenario(bad)).rejects.toThrow(/bad\.json: latency\.jitter/);
  });

  it("makes the same bytes for the same task id, with a magic header and any size", async () => {
    const file = { seed: "sora_abc", kind: "video" as const, bytes: 100_003 };
    const bytes = mediaBytes(file);
    expect(bytes.length).toBe(100_003);
    expect(mediaBytes(file)).toEqual(bytes);
    expect(mediaBytes({ ...file, seed: "sora_abd" })).not.toEqual(bytes);
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(mediaSha256(file));
    const slice: Buffer[] = [];
    for await (const chunk of mediaStream(file, 5, 70_000)) slice.push(chunk as Buffer);
    expect(Buffer.concat(slice)).toEqual(bytes.subarray(5, 70_001));
    expect(mediaBytes({ seed: "x", kind: "audio", bytes: 3 }).toString("latin1")).toBe("ID3");
    expect(mediaBytes({ seed: "x", kind: "image", bytes: 0 })).toHaveLength(0);
  });

  it("parses Range headers", () => {
    expect(parseRange(undefined, 100)).toBeUndefined();
    expect(parseRange("bytes=0-9", 100)).toEqual({ start: 0, end: 9 });
    expect(parseRange("bytes=90-", 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange("bytes=-10", 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange("bytes=50-500", 100)).toEqual({ start: 50, end: 99 });
    expect(parseRange("bytes=100-", 100)).toBe("unsatisfiable");
    expect(parseRange("bytes=0-1,5-6", 100)).toBeUndefined();
  });
});
