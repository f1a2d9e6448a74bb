import { describe, expect, it } from "vitest";
import type { CommonFields, Family, RequestBody } from "../../src/models/family.ts";
import {
  allModelIds,
  families,
  findFamily,
  nearestFamily,
  unknownModelMessage,
} from "../../src/models/registry.ts";

function family(model: string): Family {
  const found = findFamily(model);
  if (found === undefined) throw new Error(`no family for ${model}`);
  return found;
}

function build(model: string, common: CommonFields, params: Record<string, unknown> = {}): RequestBody {
  return family(model).buildBody({ model, common, params });
}

function issuesOf(body: RequestBody) {
  const model = typeof body.model === "string" ? body.model : undefined;
  const owner = model === undefined ? undefined : findFamily(model);
  if (owner === undefined) throw new Error("body names no known model");
  return owner.body.safeParse(body).error?.issues ?? [];
}

function issuesFor(target: Family, body: RequestBody) {
  return target.body.safeParse(body).error?.issues ?? [];
}

/** The messages of the issues whose path starts with `field`. */
function messagesAt(issues: readonly { path: readonly PropertyKey[]; message: string }[], field: string) {
  return issues.filter((issue) => issue.path[0] === field).map((issue) => issue.message);
}

function expectValid(target: Family, body: RequestBody): void {
  expect(issuesFor(target, body)).toEqual([]);
}

describe("the registry", () => {
  it("gives every model id, current or legacy, to exactly one family", () => {
    const ids = allModelIds();
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("sends each family to the create path the reference gives it (reference 5 and 7)", () => {
    expect(Object.fromEntries(families.map((entry) => [entry.title, entry.createPath]))).toEqual({
      Sora: "/v1/sora/videos",
      VEO: "/v1/veo/videos",
      "Seedance 1.5": "/v1/seedance/videos",
      "Seedance 2.0": "/v1/kyyvideo2/videos",
      "Seedance X1": "/v1/seedance-x1/videos",
      Vidu: "/v1/vidu/videos",
      Grok: "/v1/grok/videos",
      StarVideos: "/v1/starvideos/videos",
      Videos: "/v1/videos/videos",
      "SD2 Manxue": "/v1/sd2_manxue/videos",
      "Omni Flash": "/v1/omni-flash/videos",
      "Happy Horse T2V": "/v1/happyhorse-t2v/videos",
      "Happy Horse I2V": "/v1/happyhorse-i2v/videos",
      "Happy Horse R2V": "/v1/happyhorse-r2v/videos",
      "Happy Horse edit": "/v1/happyhorse-edit/videos",
      "Nano Banana": "/v1/banana/images",
      "GPT Image 2": "/v1/image2/images",
      "Model Center v2 video": "/v2/model-center/tasks",
      "Model Center v2 image": "/v2/model-center/tasks",
      "SoundClone clone": "/v1/soundCloning/clones",
      "SoundClone speech": "/v1/soundCloning/audios",
      "OpenAI chat completions": "/v1/chat/completions",
      "Claude messages": "/v1/messages",
      "Gemini generateContent": "/v1/models/{model}:generateContent",
    });
    expect(new Set(families.map((entry) => entry.id)).size).toBe(families.length);
  });

  it("polls every media family at /v1/result/{id} and reads the kind's documented URL field (reference 2.3)", () => {
    const documented = { video: "video_url", image: "image_url", audio: "audioUrl" } as const;
    for (const entry of families) {
      if (entry.kind === "text") {
        expect(entry.polling).toBeUndefined();
        expect(entry.answerOf).toBeTypeOf("function");
        continue;
      }
      // Model Center v2 has its own poll route, whose answers put the URL in result_url first (5.16).
      if (entry.id.startsWith("model-center-")) {
        expect(entry.polling).toMatchObject({
          path: "/v2/model-center/tasks/{id}",
          resultField: "result_url",
        });
        expect(entry.polling.anyTopLevelUrl).toBeUndefined();
        continue;
      }
      expect(entry.polling.path).toBe("/v1/result/{id}");
      expect(entry.polling.resultField).toBe(documented[entry.kind]);
      expect(entry.answerOf).toBeUndefined();
    }
  });

  it("polls at the design's 30 s, 3 s and 5 s, never below a family's documented minimum (reference 2.5)", () => {
    const polling = Object.fromEntries(
      families.flatMap((entry) => (entry.polling ? [[entry.id, entry.polling]] : [])),
    );
    const interval = (ms: number) => ({ minMs: ms, maxMs: ms });
    for (const [id, own] of Object.entries(polling)) {
      expect(own.interval.minMs, id).toBeGreaterThanOrEqual(own.minimumMs);
    }
    expect(polling.sora).toMatchObject({ interval: interval(30_000), minimumMs: 30_000 });
    // Seedance 2.0's query page says every 20–40 s: a range, and 20 s is its floor.
    expect(polling["seedance-2.0"]).toMatchObject({
      interval: { minMs: 20_000, maxMs: 40_000 },
      minimumMs: 20_000,
    });
    expect(polling["nano-banana"]).toMatchObject({ interval: interval(3_000), minimumMs: 2_000 });
    expect(polling["gpt-image-2"]).toMatchObject({ interval: interval(3_000), minimumMs: 2_000 });
    expect(polling["soundclone-speech"]).toMatchObject({ interval: interval(5_000), minimumMs: 5_000 });
  });

  it("covers the nineteen media families of the catalogue, Model Center v2 per kind, and the three text APIs", () => {
    expect(families.map((entry) => entry.title)).toEqual([
      "Sora",
      "VEO",
      "Seedance 1.5",
      "Seedance 2.0",
      "Seedance X1",
      "Vidu",
      "Grok",
      "StarVideos",
      "Videos",
      "SD2 Manxue",
      "Omni Flash",
      "Happy Horse T2V",
      "Happy Horse I2V",
      "Happy Horse R2V",
      "Happy Horse edit",
      "Nano Banana",
      "GPT Image 2",
      "Model Center v2 video",
      "Model Center v2 image",
      "SoundClone clone",
      "SoundClone speech",
      "OpenAI chat completions",
      "Claude messages",
      "Gemini generateContent",
    ]);
  });

  it("records the documented typical run times and leaves the rest undefined", () => {
    const typical = Object.fromEntries(families.map((entry) => [entry.id, entry.typicalSeconds]));
    expect(typical).toMatchObject({
      sora: 120,
      veo: 120,
      "seedance-1.5": 120,
      vidu: 120,
      grok: 120,
      // Fast models 1–3 min, standard 2–5 min: the family's one value is the lower end.
      "seedance-2.0": 60,
    });
    expect(typical["nano-banana"]).toBeUndefined();
    expect(typical["soundclone-speech"]).toBeUndefined();
  });

  it("finds families by current and legacy ids, case-sensitively", () => {
    expect(findFamily("openAiSora2Plus")?.id).toBe("sora");
    expect(findFamily("kyyvideo2_fast")?.id).toBe("seedance-2.0");
    expect(findFamily("starvideos_v3")?.id).toBe("starvideos");
    expect(findFamily("videos_fast")?.id).toBe("videos");
    expect(findFamily("soundCloningAudio")?.id).toBe("soundclone-speech");
    expect(findFamily("openaisora2plus")).toBeUndefined();
    expect(findFamily("sora-2")).toBeUndefined();
  });

  it("guesses the nearest family of an unknown id", () => {
    expect(nearestFamily("sora-2").id).toBe("sora");
    expect(nearestFamily("veo3").id).toBe("veo");
    expect(nearestFamily("nano-banana-3").id).toBe("nano-banana");
    expect(nearestFamily("seedance_1_5_pro_4k").id).toBe("seedance-1.5");
    expect(nearestFamily("kyyvideo3").id).toBe("seedance-2.0");
    expect(nearestFamily("gpt-image-2-o").id).toBe("gpt-image-2");
    expect(nearestFamily("grok-video-3").id).toBe("grok");
  });

  it("says an unknown id is unknown, suggests the closest id and lists its family", () => {
    const message = unknownModelMessage("sora-2");
    expect(message).toContain('Unknown model "sora-2"');
    expect(message).toMatch(/Did you mean "openAiSora2(Plus|Pro)"\?/);
    expect(message).toContain("openAiSora2Plus");
    expect(message).toContain("openAiSora2Pro");
    expect(unknownModelMessage("nano-banana-3")).toContain('Did you mean "nano-banana-2"?');
    expect(unknownModelMessage("kyyvideo3")).toContain("older: kyyvideo2, kyyvideo2_fast");
  });

  it("rejects unknown fields with a path naming the field and a did-you-mean", () => {
    const body = build("openAiSora2Plus", { prompt: "A cat" }, { secnds: 8 });
    const messages = messagesAt(issuesOf(body), "secnds");
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain("is not a field of Sora requests");
    expect(messages[0]).toContain("Did you mean seconds?");
  });

  it("rejects data URIs and accepts http(s) URLs and asset ids", () => {
    const dataUri = build("seedance_2_0", {
      prompt: "A cat",
      reference_images: ["data:image/png;base64,AAAA"],
    });
    expect(messagesAt(issuesOf(dataUri), "referenceImages")).toEqual([
      "is a base64/data URI, which the API does not accept; host the file and give its public https URL",
    ]);
    const local = build("seedance_2_0", { prompt: "A cat", first_image: "./cat.png" });
    expect(messagesAt(issuesOf(local), "first_image")).toEqual([
      "must be a public http(s) URL or an asset:// id",
    ]);
    const good = build("seedance_2_0", {
      prompt: "A cat",
      reference_images: [
        "https://example.com/a.jpg",
        "asset://asset-1",
        "assetId://asset-2",
        "http://x.test/b.png",
      ],
    });
    expect(issuesOf(good)).toEqual([]);
  });

  it("puts model first and lets params neither drop nor swap it", () => {
    const body = build("nano-banana-2", { prompt: "A cat" }, { model: "nano-banana-pro", resolution: "2k" });
    expect(Object.keys(body)[0]).toBe("model");
    expect(body.model).toBe("nano-banana-2");
  });

  it("sends no key for a common field that is not set", () => {
    const body = build("viduq3-pro", { prompt: "A cat", duration: undefined });
    expect(body).toEqual({ model: "viduq3-pro", prompt: "A cat" });
    expect(Object.keys(body)).toEqual(["model", "prompt"]);
  });
});

describe("Sora", () => {
  const sora = family("openAiSora2Plus");

  it("sends seconds, aspect_ratio and input_reference, never their aliases", () => {
    const body = build(
      "openAiSora2Plus",
      {
        prompt: "A cat dancing in the rain, cinematic style",
        aspect_ratio: "16:9",
        duration: 8,
        reference_images: ["https://example.com/reference1.jpg"],
      },
      {},
    );
    expect(body).toEqual({
      model: "openAiSora2Plus",
      prompt: "A cat dancing in the rain, cinematic style",
      aspect_ratio: "16:9",
      seconds: 8,
      input_reference: ["https://example.com/reference1.jpg"],
    });
    expectValid(sora, body);
    expect(sora.accepts).toMatchObject({ duration: "seconds", reference_images: "input_reference" });
  });

  it("tolerates the older names when they agree and rejects them when they differ", () => {
    expectValid(sora, {
      model: "openAiSora2Pro",
      prompt: "p",
      size: "1280x720",
      aspect_ratio: "16:9",
      duration: 4,
    });
    const issues = issuesFor(sora, {
      model: "openAiSora2Pro",
      prompt: "p",
      size: "720x1280",
      aspect_ratio: "16:9",
      seconds: 8,
      duration: 12,
      input_reference: ["https://e.com/a.jpg"],
      image_urls: ["https://e.com/b.jpg"],
    });
    for (const field of ["size", "duration", "image_urls"]) {
      expect(messagesAt(issues, field).join()).toContain("parameter conflict");
    }
  });

  it("rejects a length other than 4, 8 or 12 s, and more than one reference image", () => {
    const issues = issuesOf(
      build("openAiSora2Plus", {
        prompt: "p",
        duration: 10,
        aspect_ratio: "1:1",
        reference_images: ["https://e.com/a.jpg", "https://e.com/b.jpg"],
      }),
    );
    expect(messagesAt(issues, "seconds")).toEqual(["must be one of 4, 8, 12"]);
    expect(messagesAt(issues, "aspect_ratio")).toEqual(["must be one of 16:9, 9:16"]);
    expect(messagesAt(issues, "input_reference")).toEqual(["takes at most 1 URL"]);
  });

  it("requires a prompt and a known model", () => {
    const issues = issuesFor(sora, { model: "sora-2" });
    expect(messagesAt(issues, "prompt")).toEqual(["is required"]);
    expect(messagesAt(issues, "model")).toEqual(["must be one of openAiSora2Plus, openAiSora2Pro"]);
  });
});

describe("VEO", () => {
  const veo = family("veo_3_1_fast");

  it("maps references to input_reference and has no duration", () => {
    const body = build("veo_3_1_fast", {
      prompt: "A drone shot over a glacier",
      aspect_ratio: "16:9",
      resolution: "1080p",
      reference_images: ["https://example.com/reference1.jpg", "https://example.com/reference2.jpg"],
    });
    expect(body).toEqual({
      model: "veo_3_1_fast",
      prompt: "A drone shot over a glacier",
      aspect_ratio: "16:9",
      resolution: "1080p",
      input_reference: ["https://example.com/reference1.jpg", "https://example.com/reference2.jpg"],
    });
    expectValid(veo, body);
    expect(veo.accepts.duration).toBeUndefined();
  });

  it("takes first/last frames and any letter case in the resolution", () => {
    const body = build("veo_3_1_pro", {
      prompt: "p",
      resolution: "4k",
      first_image: "https://e.com/first.jpg",
      last_image: "https://e.com/last.jpg",
    });
    expect(body).toEqual({
      model: "veo_3_1_pro",
      prompt: "p",
      resolution: "4k",
      first_image: "https://e.com/first.jpg",
      last_image: "https://e.com/last.jpg",
    });
    expectValid(veo, body);
  });

  it("refuses 4K on the stable models", () => {
    const issues = issuesOf(build("veo_3_1_pro_stable", { prompt: "p", resolution: "4K" }));
    expect(messagesAt(issues, "resolution")).toEqual([
      "4K is not available on veo_3_1_pro_stable; use 720p or 1080p",
    ]);
  });

  it("keeps veo_3_1_fast_stable in first/last-frame mode", () => {
    const issues = issuesOf(
      build("veo_3_1_fast_stable", { prompt: "p", reference_images: ["https://e.com/a.jpg"] }),
    );
    expect(messagesAt(issues, "input_reference")[0]).toContain("not allowed on veo_3_1_fast_stable");
    expect(messagesAt(issues, "first_image")[0]).toContain("is required by veo_3_1_fast_stable");
    expectValid(veo, build("veo_3_1_fast_stable", { prompt: "p", first_image: "https://e.com/f.jpg" }));
  });

  it("needs a first frame for a last frame and keeps frames and references apart", () => {
    const issues = issuesOf(
      build("veo_3_1_fast", {
        prompt: "p",
        last_image: "https://e.com/l.jpg",
        reference_images: ["https://e.com/a.jpg"],
      }),
    );
    expect(messagesAt(issues, "last_image")[0]).toMatch(/^needs first_image/);
    expect(messagesAt(issues, "input_reference")[0]).toContain(
      "cannot be combined with first_image/last_image",
    );
    const tooMany = issuesOf(
      build("veo_3_1_fast", {
        prompt: "p",
        reference_images: [
          "https://e.com/1.jpg",
          "https://e.com/2.jpg",
          "https://e.com/3.jpg",
          "https://e.com/4.jpg",
        ],
      }),
    );
    expect(messagesAt(tooMany, "input_reference")).toEqual(["takes at most 3 URLs"]);
  });
});

describe("Seedance 1.5", () => {
  const seedance = family("seedance_1_5_pro_720p");

  it("builds content[] with the text first and frames by role", () => {
    const body = build(
      "seedance_1_5_pro_720p",
      {
        prompt: "A cat yawning at the camera",
        first_image: "https://example.com/first.jpg",
        last_image: "https://example.com/last.jpg",
        aspect_ratio: "adaptive",
        duration: 5,
      },
      { generate_audio: false },
    );
    expect(body).toEqual({
      model: "seedance_1_5_pro_720p",
      content: [
        { type: "text", text: "A cat yawning at the camera" },
        { type: "image_url", image_url: { url: "https://example.com/first.jpg" }, role: "first_frame" },
        { type: "image_url", image_url: { url: "https://example.com/last.jpg" }, role: "last_frame" },
      ],
      ratio: "adaptive",
      duration: 5,
      generate_audio: false,
    });
    expect(Object.keys(body)).toEqual(["model", "content", "ratio", "duration", "generate_audio"]);
    expectValid(seedance, body);
    expect(seedance.accepts.first_image).toBe("content[] first_frame");
  });

  it("accepts reference images and -1 for an automatic length", () => {
    const body = build("seedance_1_5_pro_1080p", {
      prompt: "p",
      reference_images: ["https://e.com/r.jpg"],
      duration: -1,
    });
    expect(body).toEqual({
      model: "seedance_1_5_pro_1080p",
      content: [
        { type: "text", text: "p" },
        { type: "image_url", image_url: { url: "https://e.com/r.jpg" }, role: "reference_image" },
      ],
      duration: -1,
    });
    expectValid(seedance, body);
  });

  it("rejects a length outside 2–12 and an unknown ratio", () => {
    const issues = issuesOf(
      build("seedance_1_5_pro_480p", { prompt: "p", duration: 13, aspect_ratio: "2:1" }),
    );
    expect(messagesAt(issues, "duration")).toEqual([
      "must be a whole number from 2 to 12, or -1 to let the model choose",
    ]);
    expect(messagesAt(issues, "ratio")).toEqual(["must be one of 16:9, 4:3, 1:1, 3:4, 9:16, 21:9, adaptive"]);
  });

  it("needs a text item, and a first frame before a last frame", () => {
    const noText = issuesOf(build("seedance_1_5_pro_480p", { last_image: "https://e.com/l.jpg" }));
    const messages = messagesAt(noText, "content");
    expect(messages.some((message) => message.startsWith("needs a text item"))).toBe(true);
    expect(messages.some((message) => message.includes("a last frame needs a first frame"))).toBe(true);
  });

  it("names the content item whose type is wrong", () => {
    const issues = issuesFor(seedance, {
      model: "seedance_1_5_pro_480p",
      content: [
        { type: "text", text: "p" },
        { type: "video_url", video_url: { url: "https://e.com/v.mp4" } },
      ],
    });
    expect(issues[0]?.path.slice(0, 2)).toEqual(["content", 1]);
    expect(issues[0]?.message).toBe("type must be one of text, image_url");
  });
});

describe("Seedance 2.0", () => {
  const seedance = family("seedance_2_0");

  it("sends flat fields and camelCase references, and accepts the kyyvideo2 ids", () => {
    const body = build(
      "kyyvideo2_pro",
      {
        prompt: "A cat dancing in the rain, cinematic style",
        duration: 10,
        aspect_ratio: "16:9",
        reference_images: ["asset://asset-20260330142158-q75m8"],
        reference_videos: ["https://e.com/v.mp4"],
      },
      { generateAudio: true },
    );
    expect(body).toEqual({
      model: "kyyvideo2_pro",
      prompt: "A cat dancing in the rain, cinematic style",
      duration: 10,
      aspect_ratio: "16:9",
      referenceImages: ["asset://asset-20260330142158-q75m8"],
      referenceVideos: ["https://e.com/v.mp4"],
      generateAudio: true,
    });
    expectValid(seedance, body);
  });

  it("keeps frames and references apart and bounds the length to 4–15 s", () => {
    const issues = issuesOf(
      build("seedance_2_0_fast", {
        prompt: "p",
        duration: 3,
        first_image: "https://e.com/f.jpg",
        reference_audios: ["https://e.com/a.mp3"],
      }),
    );
    expect(messagesAt(issues, "duration")).toEqual(["must be a whole number from 4 to 15"]);
    expect(messagesAt(issues, "referenceAudios")[0]).toContain(
      "cannot be combined with first_image/last_image",
    );
  });
});

describe("Seedance X1", () => {
  const x1 = family("seedance_2_0_x1_official");

  it("builds content[] with images, videos and audio by role", () => {
    const body = build("seedance_2_0_x1_official", {
      prompt: "The dancer spins and the camera follows",
      reference_images: ["https://example.com/dancer.jpg"],
      reference_videos: ["https://example.com/moves.mp4"],
      reference_audios: ["asset://song"],
      resolution: "720p",
      aspect_ratio: "16:9",
      duration: 5,
    });
    expect(body).toEqual({
      model: "seedance_2_0_x1_official",
      content: [
        { type: "text", text: "The dancer spins and the camera follows" },
        { type: "image_url", image_url: { url: "https://example.com/dancer.jpg" }, role: "reference_image" },
        { type: "video_url", video_url: { url: "https://example.com/moves.mp4" }, role: "reference_video" },
        { type: "audio_url", audio_url: { url: "asset://song" }, role: "reference_audio" },
      ],
      resolution: "720p",
      ratio: "16:9",
      duration: 5,
    });
    expectValid(x1, body);
  });

  it("needs media besides the text and allows only its resolutions", () => {
    const textOnly = issuesOf(build("seedance_fast_2_0_x1_discount", { prompt: "p" }));
    expect(messagesAt(textOnly, "content")).toEqual([
      "needs at least one image, video or audio item besides the text",
    ]);
    const issues = issuesOf(
      build("seedance_fast_2_0_x1_discount", {
        prompt: "p",
        resolution: "4k",
        first_image: "https://e.com/f.jpg",
      }),
    );
    expect(messagesAt(issues, "resolution")).toEqual(["must be one of 480p, 720p, 1080p"]);
  });

  it("keeps first/last frames and references apart", () => {
    const issues = issuesOf(
      build("seedance_2_0_x1_discount", {
        prompt: "p",
        first_image: "https://e.com/f.jpg",
        reference_videos: ["https://e.com/v.mp4"],
      }),
    );
    expect(messagesAt(issues, "content")[0]).toContain("use either first/last frames or references");
  });
});

describe("Vidu", () => {
  const vidu = family("viduq3-pro");

  it("sends the documented flat fields, duration as a number", () => {
    const body = build("viduq3-turbo", {
      prompt: "A paper boat drifting down a rainy street",
      duration: 5.5,
      aspect_ratio: "16:9",
      resolution: "720p",
      first_image: "https://e.com/f.jpg",
      last_image: "https://e.com/l.jpg",
    });
    expect(body).toEqual({
      model: "viduq3-turbo",
      prompt: "A paper boat drifting down a rainy street",
      duration: 5.5,
      aspect_ratio: "16:9",
      resolution: "720p",
      first_image: "https://e.com/f.jpg",
      last_image: "https://e.com/l.jpg",
    });
    expectValid(vidu, body);
  });

  it("rejects a length above 16 s, an unknown resolution and a lone last frame", () => {
    const issues = issuesOf(build("viduq3-pro", { prompt: "p", duration: 20, resolution: "4k" }));
    expect(messagesAt(issues, "duration")).toEqual(["must be a number from 1 to 16"]);
    expect(messagesAt(issues, "resolution")).toEqual(["must be one of 540p, 720p, 1080p"]);
    const lone = issuesOf(build("viduq3-pro", { prompt: "p", last_image: "https://e.com/l.jpg" }));
    expect(messagesAt(lone, "last_image")).toEqual([
      "needs first_image: a last frame only works together with a first frame",
    ]);
  });
});

describe("Grok", () => {
  const grok = family("grok_video3");

  it("maps reference images to image_urls", () => {
    const body = build("grok_video3", {
      prompt: "A fox running through snow at dusk",
      duration: 10,
      aspect_ratio: "16:9",
      resolution: "720p",
      reference_images: ["https://e.com/fox.jpg"],
    });
    expect(body).toEqual({
      model: "grok_video3",
      prompt: "A fox running through snow at dusk",
      duration: 10,
      aspect_ratio: "16:9",
      resolution: "720p",
      image_urls: ["https://e.com/fox.jpg"],
    });
    expectValid(grok, body);
  });

  it("applies each model's own durations, ratios and reference limits", () => {
    const max = issuesOf(
      build("grok_video3_max", {
        prompt: "p",
        duration: 8,
        aspect_ratio: "3:2",
        reference_images: Array.from({ length: 6 }, (_, i) => `https://e.com/${i}.jpg`),
      }),
    );
    expect(messagesAt(max, "duration")).toEqual(["must be one of 6, 10, 12, 16, 20, 30 for grok_video3_max"]);
    expect(messagesAt(max, "aspect_ratio")).toEqual(["must be one of 16:9, 9:16, 1:1 for grok_video3_max"]);
    expect(messagesAt(max, "image_urls")).toEqual(["takes at most 5 URLs for grok_video3_max"]);
    const pro = issuesOf(build("grok_video3_pro", { prompt: "p", duration: 6 }));
    expect(messagesAt(pro, "duration")).toEqual(["must be 10 for grok_video3_pro"]);
    expectValid(grok, build("grok_video3_stable", { prompt: "p", duration: 6, resolution: "480p" }));
  });
});

describe("StarVideos", () => {
  const star = family("starvideos_o3");

  it("sends o3 frames and references under their own names", () => {
    const body = build("starvideos_o3", {
      prompt: "A cyberpunk city at night",
      duration: 3,
      aspect_ratio: "9:16",
      reference_images: ["https://e.com/a.jpg"],
      reference_videos: ["https://e.com/v.mp4"],
    });
    expect(body).toEqual({
      model: "starvideos_o3",
      prompt: "A cyberpunk city at night",
      duration: 3,
      ratio: "9:16",
      referenceImages: ["https://e.com/a.jpg"],
      referenceVideos: ["https://e.com/v.mp4"],
    });
    expectValid(star, body);
  });

  it("sends the legacy v3 frames as images[]", () => {
    const body = build("starvideos_v3", {
      prompt: "A cyberpunk city at night with a slow camera push-in",
      duration: 5,
      aspect_ratio: "16:9",
      first_image: "https://e.com/f.jpg",
      last_image: "https://e.com/l.jpg",
    });
    expect(body).toEqual({
      model: "starvideos_v3",
      prompt: "A cyberpunk city at night with a slow camera push-in",
      duration: 5,
      ratio: "16:9",
      images: ["https://e.com/f.jpg", "https://e.com/l.jpg"],
    });
    expectValid(star, body);
  });

  it("rejects a v3 ratio, o3-only fields on v3, and too many images beside videos", () => {
    const v3 = issuesOf(
      build("starvideos_v3", { prompt: "p", aspect_ratio: "1:1", reference_images: ["https://e.com/a"] }),
    );
    expect(messagesAt(v3, "ratio")).toEqual(["must be one of 16:9, 9:16 for starvideos_v3"]);
    expect(messagesAt(v3, "referenceImages")[0]).toContain("is for starvideos_o3");
    const o3 = issuesOf(
      build("starvideos_o3", {
        prompt: "p",
        reference_images: Array.from({ length: 5 }, (_, i) => `https://e.com/${i}.jpg`),
        reference_videos: ["https://e.com/v.mp4"],
      }),
    );
    expect(messagesAt(o3, "referenceImages")).toEqual(["takes at most 4 URLs together with referenceVideos"]);
  });
});

describe("Videos", () => {
  const videos = family("videos");

  it("sends ratio, resolution and the current frame names", () => {
    const body = build("videos_stable", {
      prompt: "Waves crashing on black sand, slow motion",
      duration: 5,
      aspect_ratio: "16:9",
      resolution: "720p",
      first_image: "https://e.com/f.jpg",
      last_image: "https://e.com/l.jpg",
    });
    expect(body).toEqual({
      model: "videos_stable",
      prompt: "Waves crashing on black sand, slow motion",
      duration: 5,
      ratio: "16:9",
      resolution: "720p",
      first_image: "https://e.com/f.jpg",
      last_image: "https://e.com/l.jpg",
    });
    expectValid(videos, body);
  });

  it("requires a duration", () => {
    const issues = issuesOf(build("videos", { prompt: "p" }));
    expect(messagesAt(issues, "duration")).toEqual(["is required"]);
  });

  it("tolerates the legacy image/lastFrameImage pair and flags a conflict with the current names", () => {
    expectValid(videos, {
      model: "videos_fast",
      prompt: "p",
      duration: 5,
      image: "https://e.com/f.jpg",
      lastFrameImage: "https://e.com/l.jpg",
    });
    const conflict = issuesFor(videos, {
      model: "videos",
      prompt: "p",
      duration: 5,
      first_image: "https://e.com/f.jpg",
      image: "https://e.com/other.jpg",
    });
    expect(messagesAt(conflict, "image")[0]).toContain("parameter conflict");
    const alone = issuesFor(videos, {
      model: "videos",
      prompt: "p",
      duration: 5,
      image: "https://e.com/f.jpg",
    });
    expect(messagesAt(alone, "image")[0]).toContain("needs lastFrameImage as well");
  });

  it("limits the stable models to three ratios and one audio reference", () => {
    const issues = issuesOf(
      build("videos_stable_fast", {
        prompt: "p",
        duration: 5,
        aspect_ratio: "21:9",
        reference_audios: ["https://e.com/1.mp3", "https://e.com/2.mp3"],
      }),
    );
    expect(messagesAt(issues, "ratio")).toEqual(["must be one of 16:9, 9:16, 1:1 for videos_stable_fast"]);
    expect(messagesAt(issues, "referenceAudios")).toEqual(["takes at most 1 URL for videos_stable_fast"]);
  });
});

describe("SD2 Manxue", () => {
  const manxue = family("sd2_manxue_1080p");

  it("sends ratio and camelCase references", () => {
    const body = build("sd2_manxue_1080p", {
      prompt: "A lantern festival over a river",
      duration: 5,
      aspect_ratio: "16:9",
      reference_images: ["asset://asset_img_001"],
    });
    expect(body).toEqual({
      model: "sd2_manxue_1080p",
      prompt: "A lantern festival over a river",
      duration: 5,
      ratio: "16:9",
      referenceImages: ["asset://asset_img_001"],
    });
    expectValid(manxue, body);
  });

  it("needs a video model for reference videos and caps the reference counts", () => {
    const issues = issuesOf(
      build("sd2_manxue_1080p", {
        prompt: "p",
        reference_images: Array.from({ length: 10 }, (_, i) => `https://e.com/${i}.jpg`),
        reference_videos: ["https://e.com/v.mp4"],
        reference_audios: Array.from({ length: 4 }, (_, i) => `https://e.com/${i}.mp3`),
      }),
    );
    expect(messagesAt(issues, "referenceImages")).toEqual(["takes at most 9 URLs"]);
    expect(messagesAt(issues, "referenceAudios")).toEqual(["takes at most 3 URLs"]);
    const wrongModel = issuesOf(
      build("sd2_manxue_1080p", { prompt: "p", reference_videos: ["https://e.com/v.mp4"] }),
    );
    expect(messagesAt(wrongModel, "referenceVideos")).toEqual([
      "needs an sd2_manxue_video_* model (e.g. sd2_manxue_video_720p); sd2_manxue_1080p takes no reference videos",
    ]);
    expectValid(
      manxue,
      build("sd2_manxue_video_fast_720p", { prompt: "p", reference_videos: ["https://e.com/v.mp4"] }),
    );
  });

  it("accepts legacy frame names that agree and rejects ones that differ as a parameter conflict", () => {
    expectValid(manxue, {
      model: "sd2_manxue_720p",
      prompt: "p",
      first_image: "https://e.com/f.jpg",
      image: "https://e.com/f.jpg",
      lastFrameImage: "https://e.com/l.jpg",
    });
    const issues = issuesFor(manxue, {
      model: "sd2_manxue_720p",
      prompt: "p",
      first_image: "https://e.com/f.jpg",
      last_image: "https://e.com/l.jpg",
      lastFrameImage: "https://e.com/other.jpg",
    });
    expect(messagesAt(issues, "lastFrameImage")).toEqual([
      "conflicts with last_image: both are set, to different values (a parameter conflict); send only last_image",
    ]);
  });

  it("keeps frames and references apart, whichever frame names are used", () => {
    const issues = issuesFor(manxue, {
      model: "sd2_manxue_720p",
      prompt: "p",
      lastFrameImage: "https://e.com/l.jpg",
      referenceImages: ["https://e.com/r.jpg"],
    });
    expect(messagesAt(issues, "lastFrameImage")[0]).toMatch(/^needs first_image/);
    expect(messagesAt(issues, "referenceImages")[0]).toContain("cannot be combined");
  });
});

describe("Omni Flash", () => {
  const omni = family("omni-flash");

  it("sends seconds as a string and one input_video URL", () => {
    const body = build("omni-flash", {
      prompt: "A hummingbird hovering over a red flower",
      duration: 10,
      aspect_ratio: "16:9",
      resolution: "720p",
      reference_videos: ["https://e.com/v.mp4"],
    });
    expect(body).toEqual({
      model: "omni-flash",
      prompt: "A hummingbird hovering over a red flower",
      seconds: "10",
      aspect_ratio: "16:9",
      resolution: "720p",
      input_video: "https://e.com/v.mp4",
    });
    expectValid(omni, body);
  });

  it("rejects other lengths, several input videos and frames mixed with images", () => {
    const issues = issuesOf(
      build("omni-flash", {
        prompt: "p",
        duration: 5,
        reference_videos: ["https://e.com/1.mp4", "https://e.com/2.mp4"],
      }),
    );
    expect(messagesAt(issues, "seconds")[0]).toMatch(/^must be "10", as a string/);
    expect(messagesAt(issues, "input_video")).toEqual(["takes a single URL, not a list"]);
    const mixed = issuesOf(
      build("omni-flash", {
        prompt: "p",
        first_image: "https://e.com/f.jpg",
        reference_images: ["https://e.com/r.jpg"],
      }),
    );
    expect(messagesAt(mixed, "images")).toEqual([
      "cannot be combined with first_image_url/last_image_url; use either first/last frames or references",
    ]);
  });

  it("rejects a base64 input video", () => {
    const issues = issuesFor(omni, {
      model: "omni-flash",
      prompt: "p",
      input_video: "data:video/mp4;base64,AAAA",
    });
    expect(messagesAt(issues, "input_video")[0]).toContain("base64/data URI");
  });
});

describe("Happy Horse", () => {
  it("t2v sends ratio, duration and an upper-case resolution", () => {
    const t2v = family("happyhorse-1.0-t2v");
    const body = build(
      "happyhorse-1.0-t2v",
      { prompt: "p", aspect_ratio: "4:5", duration: 5, resolution: "1080p" },
      { seed: 7 },
    );
    expect(body).toEqual({
      model: "happyhorse-1.0-t2v",
      prompt: "p",
      ratio: "4:5",
      duration: 5,
      resolution: "1080P",
      seed: 7,
    });
    expectValid(t2v, body);
    const issues = issuesOf(build("happyhorse-1.0-t2v", { prompt: "p", aspect_ratio: "2:1" }, { seed: -1 }));
    expect(messagesAt(issues, "ratio")).toEqual([
      "must be one of 16:9, 9:16, 1:1, 4:3, 3:4, 4:5, 5:4, 9:21, 21:9",
    ]);
    expect(messagesAt(issues, "seed")).toEqual(["must be a whole number from 0 to 2147483647"]);
  });

  it("i2v needs an http(s) first image and takes no ratio", () => {
    const i2v = family("happyhorse-1.0-i2v");
    const body = build("happyhorse-1.0-i2v", {
      prompt: "The horse turns its head toward the camera",
      first_image: "https://example.com/horse.jpg",
      duration: 5,
      resolution: "720p",
    });
    expect(body).toEqual({
      model: "happyhorse-1.0-i2v",
      prompt: "The horse turns its head toward the camera",
      first_image: "https://example.com/horse.jpg",
      duration: 5,
      resolution: "720P",
    });
    expectValid(i2v, body);
    expect(i2v.accepts.aspect_ratio).toBeUndefined();
    expect(messagesAt(issuesOf(build("happyhorse-1.0-i2v", { prompt: "p" })), "first_image")).toEqual([
      "is required",
    ]);
    const asset = issuesOf(build("happyhorse-1.0-i2v", { prompt: "p", first_image: "asset://a1" }));
    expect(messagesAt(asset, "first_image")[0]).toContain("public http(s) URL only");
  });

  it("r2v needs one to nine reference images", () => {
    const r2v = family("happyhorse-1.0-r2v");
    const body = build("happyhorse-1.0-r2v", {
      prompt: "[Image 1] gallops",
      reference_images: ["https://e.com/1.jpg"],
    });
    expect(body).toEqual({
      model: "happyhorse-1.0-r2v",
      prompt: "[Image 1] gallops",
      referenceImages: ["https://e.com/1.jpg"],
    });
    expectValid(r2v, body);
    expect(
      messagesAt(
        issuesOf(build("happyhorse-1.0-r2v", { prompt: "p", reference_images: [] })),
        "referenceImages",
      ),
    ).toEqual(["needs at least 1 URL"]);
  });

  it("edit needs exactly one reference video", () => {
    const edit = family("happyhorse-1.0-video-edit");
    const body = build(
      "happyhorse-1.0-video-edit",
      { prompt: "Make it snow", reference_videos: ["https://e.com/v.mp4"] },
      { audioSetting: "origin" },
    );
    expect(body).toEqual({
      model: "happyhorse-1.0-video-edit",
      prompt: "Make it snow",
      referenceVideos: ["https://e.com/v.mp4"],
      audioSetting: "origin",
    });
    expectValid(edit, body);
    const issues = issuesOf(
      build(
        "happyhorse-1.0-video-edit",
        { prompt: "p", reference_videos: ["https://e.com/1.mp4", "https://e.com/2.mp4"] },
        { audioSetting: "mute" },
      ),
    );
    expect(messagesAt(issues, "referenceVideos")).toEqual(["takes at most 1 URL"]);
    expect(messagesAt(issues, "audioSetting")).toEqual(["must be one of auto, origin"]);
  });
});

describe("Nano Banana", () => {
  const banana = family("nano-banana-2");

  it("sends the aspect ratio as size", () => {
    const body = build("nano-banana-2", {
      prompt: "A cute orange cat sitting on a windowsill looking at the scenery outside",
      resolution: "2k",
      aspect_ratio: "16:9",
      reference_images: [],
    });
    expect(body).toEqual({
      model: "nano-banana-2",
      prompt: "A cute orange cat sitting on a windowsill looking at the scenery outside",
      size: "16:9",
      resolution: "2k",
      image_urls: [],
    });
    expectValid(banana, body);
  });

  it("rejects an unknown ratio and more than six references", () => {
    const issues = issuesOf(
      build("nano-banana-pro", {
        prompt: "p",
        aspect_ratio: "2:1",
        reference_images: Array.from({ length: 7 }, (_, i) => `https://e.com/${i}.jpg`),
      }),
    );
    expect(messagesAt(issues, "size")).toEqual([
      "must be one of 1:1, 16:9, 9:16, 4:3, 3:4, 3:2, 2:3, 5:4, 4:5, 21:9",
    ]);
    expect(messagesAt(issues, "image_urls")).toEqual(["takes at most 6 URLs"]);
  });
});

describe("GPT Image 2", () => {
  const image2 = family("gpt-image-2");

  it("sends ratio, resolution and params", () => {
    const body = build(
      "gpt-image-2",
      { prompt: "A poster", aspect_ratio: "16:9", resolution: "2k", reference_images: [] },
      { quality: "high" },
    );
    expect(body).toEqual({
      model: "gpt-image-2",
      prompt: "A poster",
      ratio: "16:9",
      resolution: "2k",
      image_urls: [],
      quality: "high",
    });
    expectValid(image2, body);
  });

  it("needs ratio with resolution and refuses resolution with size", () => {
    const issues = issuesOf(build("gpt-image-2", { prompt: "p", resolution: "1k" }, { size: "1024x1024" }));
    expect(messagesAt(issues, "resolution")).toEqual(["needs ratio: send ratio together with resolution"]);
    expect(messagesAt(issues, "size")[0]).toContain("cannot be combined with resolution");
    expectValid(image2, build("gpt-image-2", { prompt: "p" }, { size: "1024x1024" }));
  });

  it("caps gpt-image-2-r at 1k and lists the qualities", () => {
    const issues = issuesOf(build("gpt-image-2-r", { prompt: "p", aspect_ratio: "1:1", resolution: "2k" }));
    expect(messagesAt(issues, "resolution")).toEqual([
      "must be 1k for gpt-image-2-r, which makes 1k images at most",
    ]);
    const quality = issuesOf(build("gpt-image-2-r", { prompt: "p" }, { quality: "ultra" }));
    expect(messagesAt(quality, "quality")).toEqual(["must be one of low, medium, high"]);
  });

  it("allows 16 references on gpt-image-2-r but 6 on gpt-image-2", () => {
    const references = Array.from({ length: 7 }, (_, i) => `https://e.com/${i}.jpg`);
    expectValid(image2, build("gpt-image-2-r", { prompt: "p", reference_images: references }));
    const issues = issuesOf(build("gpt-image-2", { prompt: "p", reference_images: references }));
    expect(messagesAt(issues, "image_urls")).toEqual(["takes at most 6 URLs for gpt-image-2"]);
  });
});

describe("SoundClone", () => {
  const speech = family("soundCloningAudio");
  const clone = family("soundCloningClone");

  it("speech sends the prompt as contentText, modelId from params and no model", () => {
    const body = speech.buildBody({
      model: "soundCloningAudio",
      common: { prompt: "Welcome to the release notes.<#0.5#>Here is what changed." },
      params: { modelId: "voice-123", emotion: "neutral" },
    });
    expect(body).toEqual({
      contentText: "Welcome to the release notes.<#0.5#>Here is what changed.",
      modelId: "voice-123",
      emotion: "neutral",
    });
    expectValid(speech, body);
    expect(speech.createPath).toBe("/v1/soundCloning/audios");
  });

  it("speech needs a modelId, valid pauses and a known emotion", () => {
    const issues = issuesFor(
      speech,
      speech.buildBody({
        model: "soundCloningAudio",
        common: { prompt: "Hi <#120#>" },
        params: { emotion: "bored" },
      }),
    );
    expect(messagesAt(issues, "modelId")[0]).toMatch(/^is required/);
    expect(messagesAt(issues, "contentText")[0]).toContain("pause marker");
    expect(messagesAt(issues, "emotion")).toEqual([
      "must be one of neutral, happy, sad, angry, fearful, disgusted, surprised",
    ]);
    expect(
      messagesAt(
        issuesFor(speech, { contentText: "x", modelId: "v", model: "soundCloningAudio" }),
        "model",
      )[0],
    ).toContain("is not a field of SoundClone speech requests");
  });

  it("clone takes fileUrl from params and an optional preview text", () => {
    const body = clone.buildBody({
      model: "soundCloningClone",
      common: { prompt: "Hello there" },
      params: { fileUrl: "https://e.com/voice.mp3", soundVersion: "v2" },
    });
    expect(body).toEqual({
      contentText: "Hello there",
      fileUrl: "https://e.com/voice.mp3",
      soundVersion: "v2",
    });
    expectValid(clone, body);
    expectValid(
      clone,
      clone.buildBody({ model: "soundCloningClone", common: {}, params: { fileUrl: "https://e.com/a.wav" } }),
    );
  });

  it("clone needs a fileUrl free of Chinese characters and a short preview text", () => {
    expect(messagesAt(issuesFor(clone, {}), "fileUrl")).toEqual(["is required"]);
    const issues = issuesFor(clone, {
      fileUrl: "https://e.com/声音.mp3",
      contentText: "x".repeat(270),
      soundVersion: "v3",
    });
    expect(messagesAt(issues, "fileUrl")[0]).toContain("must not contain Chinese characters");
    expect(messagesAt(issues, "contentText")).toEqual(["must be at most 269 characters long"]);
    expect(messagesAt(issues, "soundVersion")).toEqual(["must be one of v1, v2"]);
  });
});
