/**
 * The simulator reads the API reference on its own (simulator/wire-schemas.ts) instead of borrowing the
 * client's schemas. Two things follow, and this file shows both:
 * - every body the client's builders make for a valid task is one the simulator takes (the two readings
 *   agree, family by family and model by model);
 * - a client whose schema is wrong (a misspelt field, a value outside the documented set, a required field
 *   left out) gets a 400 naming that field, even though its own schema passed the body.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Simulator, startSimulator } from "../../simulator/server.ts";
import { bodyIssues, type Endpoint, mediaEndpoints, textEndpoints } from "../../simulator/wire-schemas.ts";
import type { CommonFields, Family, RequestBody } from "../../src/models/family.ts";
import { oneOf, text, urlList, wireBody } from "../../src/models/fields.ts";
import { modelCenterModels } from "../../src/models/model-center.ts";
import { families, findFamily } from "../../src/models/registry.ts";

const key = "sim-key";

/** The smallest valid task per family: what every one of its models takes. */
const minimalTasks: Record<string, { common: CommonFields; params?: Record<string, unknown> }> = {
  sora: { common: { prompt: "A cat in the rain" } },
  // veo_3_1_fast_stable works in first/last-frame mode only; the others take a first frame too.
  veo: { common: { prompt: "A pine forest", first_image: "https://example.com/first.jpg" } },
  "seedance-1.5": { common: { prompt: "A cat yawning" } },
  "seedance-2.0": { common: { prompt: "A cat dancing" } },
  "seedance-x1": { common: { prompt: "The dancer spins", first_image: "https://example.com/dancer.jpg" } },
  vidu: { common: { prompt: "A paper boat" } },
  grok: { common: { prompt: "A fox in the snow" } },
  starvideos: { common: { prompt: "A city at night" } },
  videos: { common: { prompt: "Waves on black sand", duration: 5 } },
  "sd2-manxue": { common: { prompt: "A lantern festival" } },
  "omni-flash": { common: { prompt: "A hummingbird" } },
  "happyhorse-t2v": { common: { prompt: "A horse" } },
  "happyhorse-i2v": { common: { prompt: "A horse turns", first_image: "https://example.com/horse.jpg" } },
  "happyhorse-r2v": { common: { prompt: "[Image 1] runs", reference_images: ["https://example.com/h.jpg"] } },
  "happyhorse-edit": { common: { prompt: "Make it snow", reference_videos: ["https://example.com/h.mp4"] } },
  "nano-banana": { common: { prompt: "An orange cat" } },
  "gpt-image-2": { common: { prompt: "A lighthouse" } },
  "model-center-video": { common: { prompt: "A paper boat in a rain gutter" } },
  "model-center-image": { common: { prompt: "A lighthouse at dawn" } },
  "soundclone-clone": { common: {}, params: { fileUrl: "https://example.com/voice.wav" } },
  "soundclone-speech": { common: { prompt: "Welcome." }, params: { modelId: "voice_123" } },
  "openai-chat": { common: { prompt: "Hello" } },
  "claude-messages": { common: { prompt: "Hello" } },
  gemini: { common: { prompt: "Hello" } },
};

/** A fuller task per family, as a user would write it: the body every mutation below starts from. */
const fullTasks: Record<string, { model: string; common: CommonFields; params?: Record<string, unknown> }> = {
  "nano-banana": {
    model: "nano-banana-2",
    common: { prompt: "An orange cat on a windowsill", resolution: "2k", aspect_ratio: "16:9" },
  },
  "omni-flash": {
    model: "omni-flash",
    common: { prompt: "A hummingbird", duration: 10, aspect_ratio: "16:9" },
  },
  "happyhorse-t2v": {
    model: "happyhorse-1.0-t2v",
    common: { prompt: "A horse on a beach", resolution: "1080p", duration: 5 },
  },
  videos: { model: "videos", common: { prompt: "Waves on black sand", duration: 5, aspect_ratio: "16:9" } },
  "soundclone-speech": {
    model: "soundCloningAudio",
    common: { prompt: "Welcome to the release notes." },
    params: {
      modelId: "voice_123",
      emotion: "happy",
      speed: 1.25,
      vol: 10,
      pitch: -12,
      subtitleEnable: true,
      subtitleType: "word",
    },
  },
  "soundclone-clone": {
    model: "soundCloningClone",
    common: {},
    params: { fileUrl: "https://example.com/voice.wav" },
  },
  "seedance-1.5": { model: "seedance_1_5_pro_720p", common: { prompt: "A cat yawning", duration: 5 } },
  veo: {
    model: "veo_3_1_fast",
    common: { prompt: "A pine forest", aspect_ratio: "16:9", resolution: "1080p" },
  },
  grok: { model: "grok_video3", common: { prompt: "A fox", duration: 10, aspect_ratio: "16:9" } },
  sora: { model: "openAiSora2Plus", common: { prompt: "A cat in the rain", duration: 8 } },
  "seedance-2.0": {
    model: "seedance_2_0_pro",
    common: { prompt: "A cat dancing" },
    params: { generateAudio: true },
  },
  "claude-messages": { model: "claude-sonnet-4-5", common: { prompt: "Hello" } },
};

function familyById(id: string): Family {
  const family = families.find((candidate) => candidate.id === id);
  if (family === undefined) throw new Error(`no family ${id}`);
  return family;
}

function endpointFor(family: Family): Endpoint {
  // Model Center v2 serves two kinds on one path: the endpoint of the same id.
  const endpoint = [...mediaEndpoints, ...textEndpoints].find(
    (e) => e.createPath === family.createPath && e.id === family.id,
  );
  if (endpoint === undefined) throw new Error(`the simulator has no endpoint at ${family.createPath}`);
  return endpoint;
}

function fullBody(id: string): RequestBody {
  const task = fullTasks[id];
  if (task === undefined) throw new Error(`no full task for ${id}`);
  return familyById(id).buildBody({ model: task.model, common: task.common, params: task.params ?? {} });
}

describe("the client's bodies and the simulator's reading agree", () => {
  it("serves every create path of the registry, and no other", () => {
    const registryPaths = families.map((family) => family.createPath).sort();
    const simulatorPaths = [...mediaEndpoints, ...textEndpoints]
      .map((endpoint) => endpoint.createPath)
      .sort();
    expect(simulatorPaths).toEqual(registryPaths);
  });

  it("takes the same model ids on each endpoint, under the same name (scenarios match on it)", () => {
    for (const family of families) {
      expect(endpointFor(family).id).toBe(family.id);
      const ids = [...family.models, ...(family.legacyModels ?? [])];
      expect([...endpointFor(family).models].sort(), family.id).toEqual(ids.sort());
    }
  });

  const cases = families.flatMap((family) =>
    [...family.models, ...(family.legacyModels ?? [])].map((model) => ({ family, model })),
  );
  it.each(cases.map((c) => [c.family.id, c.model, c] as const))(
    "%s: a valid %s body from the client's builder passes both schemas",
    (_id, model, { family }) => {
      const task = minimalTasks[family.id];
      if (task === undefined) throw new Error(`no minimal task for ${family.id}`);
      // A v2 model that cannot run without a frame or a reference gets one, as its users must give it.
      const required = Object.fromEntries(
        (modelCenterModels[model]?.requires ?? []).map((field) => [
          field,
          field.startsWith("reference_") ? ["https://example.com/r.mp4"] : "https://example.com/f.jpg",
        ]),
      );
      const common = { ...task.common, ...required };
      const body = family.buildBody({ model, common, params: task.params ?? {} });
      expect(family.body.safeParse(body).error?.issues ?? [], "the client's own schema").toEqual([]);
      expect(bodyIssues(endpointFor(family), body), "the simulator's schema").toEqual([]);
    },
  );

  it.each(Object.keys(fullTasks))("%s: a fuller body passes both schemas", (id) => {
    const body = fullBody(id);
    expect(familyById(id).body.safeParse(body).success).toBe(true);
    expect(bodyIssues(endpointFor(familyById(id)), body)).toEqual([]);
  });
});

interface WrongClient {
  what: string;
  family: string;
  /** What the wrong client schema would have sent instead of the builder's body. */
  mutate: (body: RequestBody) => RequestBody;
  /** The field the 400 must name, and what it must say about it. */
  field: string;
  message: RegExp;
}

const without = (body: RequestBody, field: string) => {
  const { [field]: _dropped, ...rest } = body;
  return rest;
};

const wrongClients: WrongClient[] = [
  {
    what: "a wrong field name: Nano Banana's frame shape as aspect_ratio (it is `size`)",
    family: "nano-banana",
    mutate: ({ size, ...body }) => ({ ...body, aspect_ratio: size }),
    field: "aspect_ratio",
    message: /is not a field of Nano Banana requests/,
  },
  {
    what: "a wrong field name: Seedance 2.0's audio toggle in snake_case (it is camelCase)",
    family: "seedance-2.0",
    mutate: ({ generateAudio, ...body }) => ({ ...body, generate_audio: generateAudio }),
    field: "generate_audio",
    message: /is not a field/,
  },
  {
    what: 'a wrong type: Omni Flash\'s seconds as a number (it is the string "10")',
    family: "omni-flash",
    mutate: (body) => ({ ...body, seconds: 10 }),
    field: "seconds",
    message: /must be one of 10/,
  },
  {
    what: "a value outside the documented set: Happy Horse's resolution with a lower-case p",
    family: "happyhorse-t2v",
    mutate: (body) => ({ ...body, resolution: "1080p" }),
    field: "resolution",
    message: /must be one of 720P, 1080P/,
  },
  {
    what: "a value outside the documented set: Grok at 4:3",
    family: "grok",
    mutate: (body) => ({ ...body, aspect_ratio: "4:3" }),
    field: "aspect_ratio",
    message: /must be one of/,
  },
  {
    what: "a model the endpoint does not take: Sora's older id sora-2",
    family: "sora",
    mutate: (body) => ({ ...body, model: "sora-2" }),
    field: "model",
    message: /unknown model "sora-2"/,
  },
  {
    what: "a missing required field: Videos without duration (required there, unlike elsewhere)",
    family: "videos",
    mutate: (body) => without(body, "duration"),
    field: "duration",
    message: /is required/,
  },
  {
    what: "a missing required field: SoundClone speech without the voice's modelId",
    family: "soundclone-speech",
    mutate: (body) => without(body, "modelId"),
    field: "modelId",
    message: /is required/,
  },
  {
    what: "a value outside the documented range: SoundClone speech at volume 0 (it is above 0, up to 10)",
    family: "soundclone-speech",
    mutate: (body) => ({ ...body, vol: 0 }),
    field: "vol",
    message: /above 0/,
  },
  {
    what: "a field the endpoint has none of: a model on SoundClone clone",
    family: "soundclone-clone",
    mutate: (body) => ({ model: "soundCloningClone", ...body }),
    field: "model",
    message: /is not a field of SoundClone clone requests/,
  },
  {
    what: "a field the endpoint has none of: a duration on VEO (always 8 s)",
    family: "veo",
    mutate: (body) => ({ ...body, duration: 8 }),
    field: "duration",
    message: /is not a field of VEO requests/,
  },
  {
    what: "the wrong body layout: Seedance 1.5's prompt at the top level instead of in content[]",
    family: "seedance-1.5",
    mutate: ({ content, ...body }) => ({ ...body, prompt: "A cat yawning" }),
    field: "content",
    message: /is required/,
  },
  {
    what: "a missing required field: Claude messages without max_tokens",
    family: "claude-messages",
    mutate: (body) => without(body, "max_tokens"),
    field: "max_tokens",
    message: /is required/,
  },
];

describe("a wrong client schema gets a 400 from the simulator", () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ apiKey: key, timeScale: 1000 });
  });
  afterAll(() => sim.close());

  async function create(family: Family, body: RequestBody) {
    const res = await fetch(`${sim.url}${family.createPath}`, {
      method: "POST",
      headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as { error?: string; issues?: unknown[] } };
  }

  it.each(wrongClients.map((c) => [c.what, c] as const))("%s", async (_what, c) => {
    const family = familyById(c.family);
    const right = fullBody(c.family);
    expect((await create(family, right)).status, "the right body").toBe(200);

    const wrong = c.mutate(right);
    const answer = await create(family, wrong);
    expect(answer.status).toBe(400);
    expect(answer.body.issues).toContainEqual({ field: c.field, message: expect.stringMatching(c.message) });
    expect(answer.body.error).toContain(`${c.field}: `);
  });

  it("refuses a body that a wrong client schema accepted, which sharing that schema could never do", async () => {
    // A Nano Banana family as a client would write it with the frame shape misnamed: its builder and its
    // schema agree with each other, so checking requests with the client's schema would answer 200.
    const right = familyById("nano-banana");
    const wrongSchema = wireBody("Nano Banana", {
      model: oneOf(["nano-banana-2"]),
      prompt: text(),
      aspect_ratio: oneOf(["16:9", "9:16"]).optional(),
      image_urls: urlList().optional(),
    });
    const wrongFamily: Family = {
      ...right,
      accepts: { prompt: "prompt", aspect_ratio: "aspect_ratio" },
      buildBody: ({ model, common }) => ({ model, prompt: common.prompt, aspect_ratio: common.aspect_ratio }),
      body: wrongSchema,
    };
    const body = wrongFamily.buildBody({
      model: "nano-banana-2",
      common: { prompt: "An orange cat", aspect_ratio: "16:9" },
      params: {},
    });
    expect(wrongFamily.body.safeParse(body).success, "the wrong client's own check").toBe(true);

    const answer = await create(wrongFamily, body);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe("aspect_ratio: is not a field of Nano Banana requests");
    expect(sim.tasks().filter((task) => task.familyId === "nano-banana" && task.body.aspect_ratio)).toEqual(
      [],
    );
    expect(findFamily("nano-banana-2")?.accepts.aspect_ratio).toBe("size");
  });
});

describe("the simulator's tolerance rules (reference section 9)", () => {
  const at = (path: string) => {
    const endpoint = mediaEndpoints.find((e) => e.createPath === path);
    if (endpoint === undefined) throw new Error(path);
    return endpoint;
  };
  const manxue = { model: "sd2_manxue_720p", prompt: "A lantern festival" };
  const first = "https://example.com/a.jpg";

  it("row 7: takes the older frame names, alone or agreeing with the current ones; differing is a conflict", () => {
    const sd2 = at("/v1/sd2_manxue/videos");
    expect(bodyIssues(sd2, { ...manxue, image: first })).toEqual([]);
    expect(bodyIssues(sd2, { ...manxue, image: first, first_image: first })).toEqual([]);
    expect(bodyIssues(sd2, { ...manxue, image: first, first_image: "https://example.com/b.jpg" })).toEqual([
      { field: "image", message: expect.stringMatching(/^parameter conflict/) },
    ]);
    expect(bodyIssues(sd2, { ...manxue, lastFrameImage: first })).toContainEqual({
      field: "last_image",
      message: "needs first_image",
    });
  });

  it("row 8: Sora takes either name of each pair, both only when they mean the same", () => {
    const sora = at("/v1/sora/videos");
    const body = { model: "openAiSora2Plus", prompt: "A cat" };
    expect(bodyIssues(sora, { ...body, size: "1280x720", aspect_ratio: "16:9", duration: 8 })).toEqual([]);
    expect(bodyIssues(sora, { ...body, size: "720x1280", aspect_ratio: "16:9" })).toEqual([
      { field: "size", message: expect.stringMatching(/^parameter conflict/) },
    ]);
    expect(bodyIssues(sora, { ...body, seconds: 4, duration: 8 }).map((issue) => issue.field)).toEqual([
      "duration",
    ]);
  });

  it("takes a model outside the catalogue when the scenario says acceptUnknownModels", () => {
    const vidu = at("/v1/vidu/videos");
    const body = { model: "viduq4-preview", prompt: "A paper boat" };
    expect(bodyIssues(vidu, body).map((issue) => issue.field)).toEqual(["model"]);
    expect(bodyIssues(vidu, body, { acceptUnknownModels: true })).toEqual([]);
  });
});
