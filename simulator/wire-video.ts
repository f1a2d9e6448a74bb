/** The video endpoints of api-reference.md sections 4 and 5.1–5.12, as the simulator reads them (wire-schemas.ts). */
import { z } from "zod";
import {
  anyOf,
  type Body,
  boolean,
  type Endpoint,
  endpoint,
  frameRules,
  given,
  integer,
  integerOf,
  model,
  modelOf,
  nonEmpty,
  numberIn,
  perModel,
  prompt,
  reject,
  type Sink,
  twoNames,
  url,
  urlOrAsset,
  urls,
} from "./wire-fields.ts";

// ---------------------------------------------------------------------------------------------
// Video (sections 5.1–5.12)
// ---------------------------------------------------------------------------------------------

const sixRatios = ["21:9", "16:9", "4:3", "1:1", "3:4", "9:16"];
const wideOrTall = ["16:9", "9:16"];
const soraSizes: Record<string, string> = { "1280x720": "16:9", "720x1280": "9:16" };

// 5.1, and section 9 row 8: each of the three pairs may come under either name, both only if they agree.
const sora = endpoint(
  "sora",
  "Sora",
  "video",
  "/v1/sora/videos",
  ["openAiSora2Plus", "openAiSora2Pro"],
  {
    model,
    prompt,
    size: anyOf(["720x1280", "1280x720"]).optional(),
    aspect_ratio: anyOf(wideOrTall).optional(),
    duration: integerOf([4, 8, 12]).optional(),
    seconds: integerOf([4, 8, 12]).optional(),
    // Row 16: one image (the legacy three no longer).
    input_reference: urls(url, { max: 1 }).optional(),
    image_urls: urls(url, { max: 1 }).optional(),
  },
  (body, ctx) => {
    twoNames(ctx, body, "aspect_ratio", "size", (ratio, size) => soraSizes[String(size)] === ratio);
    twoNames(ctx, body, "seconds", "duration");
    twoNames(ctx, body, "input_reference", "image_urls");
  },
);

// 5.2: no duration field (always 8 s); case-insensitive resolution; the stable models have no 4K, and
// veo_3_1_fast_stable works in first/last-frame mode only.
const veo = endpoint(
  "veo",
  "VEO",
  "video",
  "/v1/veo/videos",
  ["veo_3_1_fast", "veo_3_1_pro", "veo_3_1_fast_stable", "veo_3_1_pro_stable"],
  {
    model,
    prompt,
    resolution: anyOf(["720p", "1080p", "4K"], { ignoreCase: true }).optional(),
    aspect_ratio: anyOf(wideOrTall).optional(),
    input_reference: urls(url, { max: 3 }).optional(),
    image_urls: urls(url, { max: 3 }).optional(),
    first_image: url.optional(),
    last_image: url.optional(),
  },
  (body, ctx) => {
    twoNames(ctx, body, "input_reference", "image_urls");
    const name = modelOf(body);
    if (name.endsWith("_stable")) {
      perModel(ctx, "resolution", String(body.resolution).toLowerCase() !== "4k", name, "720p or 1080p");
    }
    if (name === "veo_3_1_fast_stable") {
      for (const field of ["input_reference", "image_urls"]) {
        if (given(body[field])) reject(ctx, field, "is not allowed for veo_3_1_fast_stable");
      }
      if (!given(body.first_image)) reject(ctx, "first_image", "is required for veo_3_1_fast_stable");
    }
    frameRules(ctx, body, "first_image", "last_image", ["input_reference", "image_urls"]);
  },
);

/** content[] items (5.3, 5.5): a role per type; an image without a role is a first frame. */
function contentItem(
  types: readonly ("text" | "image_url" | "video_url" | "audio_url")[],
  item: z.ZodType<string>,
) {
  const located = z.strictObject({ url: item });
  const all = {
    text: z.strictObject({ type: z.literal("text"), text: nonEmpty() }),
    image_url: z.strictObject({
      type: z.literal("image_url"),
      image_url: located,
      role: anyOf(["first_frame", "last_frame", "reference_image"]).optional(),
    }),
    video_url: z.strictObject({
      type: z.literal("video_url"),
      video_url: located,
      role: anyOf(["reference_video"]).optional(),
    }),
    audio_url: z.strictObject({
      type: z.literal("audio_url"),
      audio_url: located,
      role: anyOf(["reference_audio"]).optional(),
    }),
  };
  type Item = (typeof all)[keyof typeof all];
  const options = types.map((type) => all[type]) as [Item, ...Item[]];
  return z.array(
    z.discriminatedUnion("type", options, { error: `each item's type must be one of ${types.join(", ")}` }),
    { error: (issue) => (issue.input === undefined ? "is required" : "must be a list of items") },
  );
}

function items(body: Body): { type: string }[] {
  return Array.isArray(body.content) ? body.content : [];
}

function textItems(body: Body): number {
  return items(body).filter((item) => item.type === "text").length;
}

// 5.3: the prompt travels as a text item. The audio toggle and the flex tier have no documented names:
// accepted under the names the reference offers (generate_audio, third-party; service_tier, inferred).
const seedance15 = endpoint(
  "seedance-1.5",
  "Seedance 1.5",
  "video",
  "/v1/seedance/videos",
  ["seedance_1_5_pro_480p", "seedance_1_5_pro_720p", "seedance_1_5_pro_1080p"],
  {
    model,
    content: contentItem(["text", "image_url"], url),
    ratio: anyOf(["16:9", "4:3", "1:1", "3:4", "9:16", "21:9", "adaptive"]).optional(),
    // Row 14: 2–12, or -1 for "let the model pick".
    duration: z
      .number({ error: "must be an integer from 2 to 12, or -1" })
      .refine((value) => value === -1 || (Number.isInteger(value) && value >= 2 && value <= 12), {
        error: "must be an integer from 2 to 12, or -1",
      })
      .optional(),
    generate_audio: boolean.optional(),
    service_tier: nonEmpty().optional(),
  },
  (body, ctx) => {
    if (textItems(body) === 0) reject(ctx, "content", "needs a text item with the prompt");
  },
);

// 5.4. Row 15: whether seedance_2_0(_fast) need a reference video differs between revisions; not enforced.
const seedance20 = endpoint(
  "seedance-2.0",
  "Seedance 2.0",
  "video",
  "/v1/kyyvideo2/videos",
  [
    "seedance_2_0",
    "seedance_2_0_fast",
    "seedance_2_0_pro",
    "seedance_2_0_fast_pro",
    "kyyvideo2",
    "kyyvideo2_fast",
    "kyyvideo2_pro",
    "kyyvideo2_fast_pro",
  ],
  {
    model,
    prompt,
    duration: integer(4, 15).optional(),
    // Allowed values unknown.
    aspect_ratio: nonEmpty().optional(),
    generateAudio: boolean.optional(),
    first_image: urlOrAsset.optional(),
    last_image: urlOrAsset.optional(),
    referenceImages: urls(urlOrAsset).optional(),
    referenceVideos: urls(urlOrAsset).optional(),
    referenceAudios: urls(urlOrAsset).optional(),
  },
  (body, ctx) =>
    frameRules(ctx, body, "first_image", "last_image", [
      "referenceImages",
      "referenceVideos",
      "referenceAudios",
    ]),
);

// 5.5: a text item plus at least one media item.
const seedanceX1 = endpoint(
  "seedance-x1",
  "Seedance X1",
  "video",
  "/v1/seedance-x1/videos",
  [
    "seedance_2_0_x1_official",
    "seedance_2_0_x1_discount",
    "seedance_fast_2_0_x1_official",
    "seedance_fast_2_0_x1_discount",
  ],
  {
    model,
    content: contentItem(["text", "image_url", "video_url", "audio_url"], urlOrAsset),
    resolution: anyOf(["480p", "720p", "1080p"]).optional(),
    ratio: anyOf(sixRatios).optional(),
    duration: integer(4, 15).optional(),
  },
  (body, ctx) => {
    if (textItems(body) === 0) reject(ctx, "content", "needs a text item with the prompt");
    if (items(body).length === textItems(body)) {
      reject(ctx, "content", "needs one or more image, video or audio items besides the text");
    }
  },
);

// 5.6: duration is a number, not an integer.
const vidu = endpoint(
  "vidu",
  "Vidu",
  "video",
  "/v1/vidu/videos",
  ["viduq3-pro", "viduq3-turbo"],
  {
    model,
    prompt,
    duration: numberIn(1, 16).optional(),
    aspect_ratio: anyOf(["16:9", "9:16", "1:1", "4:3", "3:4"]).optional(),
    resolution: anyOf(["540p", "720p", "1080p"]).optional(),
    first_image: url.optional(),
    last_image: url.optional(),
  },
  (body, ctx) => frameRules(ctx, body, "first_image", "last_image", []),
);

// 5.7: every rule is per model. Row 13: `_stable` is read loosely (6 or 10 s, 480p or 720p).
const grokRules: Record<string, { durations?: number[]; ratios?: string[]; maxImages?: number }> = {
  grok_video3: { maxImages: 7 },
  grok_video3_pro: { durations: [10] },
  grok_video3_max: { durations: [6, 10, 12, 16, 20, 30], ratios: ["16:9", "9:16", "1:1"], maxImages: 5 },
  grok_video3_stable: { durations: [6, 10], maxImages: 7 },
};

const grok = endpoint(
  "grok",
  "Grok",
  "video",
  "/v1/grok/videos",
  Object.keys(grokRules),
  {
    model,
    prompt,
    duration: integer(6, 30).optional(),
    aspect_ratio: anyOf(["16:9", "9:16", "1:1", "3:2", "2:3"]).optional(),
    resolution: anyOf(["480p", "720p"]).optional(),
    image_urls: urls(url).optional(),
  },
  (body, ctx) => {
    const name = modelOf(body);
    const rules = grokRules[name];
    if (rules === undefined) return;
    const { durations, ratios, maxImages } = rules;
    if (durations !== undefined && body.duration !== undefined) {
      perModel(
        ctx,
        "duration",
        durations.includes(body.duration as number),
        name,
        `one of ${durations.join(", ")}`,
      );
    }
    if (ratios !== undefined && body.aspect_ratio !== undefined) {
      perModel(
        ctx,
        "aspect_ratio",
        ratios.includes(String(body.aspect_ratio)),
        name,
        `one of ${ratios.join(", ")}`,
      );
    }
    const images = (body.image_urls as unknown[] | undefined)?.length ?? 0;
    if (maxImages !== undefined)
      perModel(ctx, "image_urls", images <= maxImages, name, `at most ${maxImages} URLs`);
  },
);

// 5.8: starvideos_o3 takes frames and references; the older starvideos_v3 takes frames as `images` only.
const starVideos = endpoint(
  "starvideos",
  "StarVideos",
  "video",
  "/v1/starvideos/videos",
  ["starvideos_o3", "starvideos_v3"],
  {
    model,
    prompt,
    duration: integer(3, 15).optional(),
    ratio: anyOf(["9:16", "1:1", "16:9"]).optional(),
    first_image: url.optional(),
    last_image: url.optional(),
    referenceImages: urls(url, { max: 7 }).optional(),
    referenceVideos: urls(url).optional(),
    images: urls(url).optional(),
  },
  (body, ctx) => {
    if (body.model === "starvideos_v3") {
      if (body.ratio !== undefined)
        perModel(ctx, "ratio", wideOrTall.includes(String(body.ratio)), "starvideos_v3", "16:9 or 9:16");
      for (const field of ["first_image", "last_image", "referenceImages", "referenceVideos"]) {
        if (given(body[field]))
          reject(ctx, field, "is not a field of starvideos_v3 requests (it takes images)");
      }
      return;
    }
    if (given(body.images)) reject(ctx, "images", `is not a field of ${modelOf(body)} requests`);
    const images = (body.referenceImages as unknown[] | undefined)?.length ?? 0;
    if (given(body.referenceVideos) && images > 4) {
      reject(ctx, "referenceImages", "takes at most 4 URLs together with referenceVideos");
    }
    frameRules(ctx, body, "first_image", "last_image", ["referenceImages"]);
  },
);

/**
 * Row 7: the current frame names (first_image/last_image) and the older ones (image/lastFrameImage) are
 * both accepted; differing values are a parameter conflict.
 */
function legacyFrames(ctx: Sink, body: Body, references: readonly string[]): void {
  const first = twoNames(ctx, body, "first_image", "image");
  const last = twoNames(ctx, body, "last_image", "lastFrameImage");
  // Checked under the current names, which win (row 7).
  frameRules(ctx, { ...body, first_image: first, last_image: last }, "first_image", "last_image", references);
}

const references = ["referenceImages", "referenceVideos", "referenceAudios"];

// 5.9: duration is required here. The prompt limit is the newer 5000 (stable models); `videos_fast` is the
// older revision's id, whose text allowed 16:9 and 9:16 only.
const videos = endpoint(
  "videos",
  "Videos",
  "video",
  "/v1/videos/videos",
  ["videos", "videos_stable", "videos_stable_fast", "videos_fast"],
  {
    model,
    prompt: nonEmpty(5000),
    duration: integer(4, 15),
    ratio: anyOf(sixRatios).optional(),
    resolution: anyOf(["720p"]).optional(),
    first_image: url.optional(),
    last_image: url.optional(),
    image: url.optional(),
    lastFrameImage: url.optional(),
    referenceImages: urls(url).optional(),
    referenceVideos: urls(url).optional(),
    referenceAudios: urls(url, { max: 3 }).optional(),
  },
  (body, ctx) => {
    const name = modelOf(body);
    const ratio = body.ratio === undefined ? undefined : String(body.ratio);
    if (name.startsWith("videos_stable")) {
      if (ratio !== undefined)
        perModel(ctx, "ratio", ["16:9", "9:16", "1:1"].includes(ratio), name, "16:9, 9:16 or 1:1");
      const audios = (body.referenceAudios as unknown[] | undefined)?.length ?? 0;
      perModel(ctx, "referenceAudios", audios <= 1, name, "at most 1 URL");
    }
    if (name === "videos_fast" && ratio !== undefined) {
      perModel(ctx, "ratio", wideOrTall.includes(ratio), name, "16:9 or 9:16");
    }
    if (
      body.first_image === undefined &&
      body.last_image === undefined &&
      given(body.image) !== given(body.lastFrameImage)
    ) {
      reject(
        ctx,
        given(body.image) ? "lastFrameImage" : "image",
        "is required with the other older frame name",
      );
    }
    legacyFrames(ctx, body, references);
  },
);

const sd2Resolutions = ["720p", "1080p", "2k", "4k"];
const sd2Manxue = endpoint(
  "sd2-manxue",
  "SD2 Manxue",
  "video",
  "/v1/sd2_manxue/videos",
  [
    ...sd2Resolutions.map((r) => `sd2_manxue_${r}`),
    "sd2_manxue_fast_720p",
    "sd2_manxue_fast_1080p",
    ...sd2Resolutions.map((r) => `sd2_manxue_video_${r}`),
    "sd2_manxue_video_fast_720p",
    "sd2_manxue_video_fast_1080p",
  ],
  {
    model,
    prompt,
    duration: integer(4, 15).optional(),
    ratio: anyOf(sixRatios).optional(),
    first_image: urlOrAsset.optional(),
    last_image: urlOrAsset.optional(),
    image: urlOrAsset.optional(),
    lastFrameImage: urlOrAsset.optional(),
    referenceImages: urls(urlOrAsset, { max: 9 }).optional(),
    referenceVideos: urls(urlOrAsset, { max: 3 }).optional(),
    referenceAudios: urls(urlOrAsset, { max: 3 }).optional(),
  },
  (body, ctx) => {
    if (given(body.referenceVideos) && !modelOf(body).startsWith("sd2_manxue_video_")) {
      reject(ctx, "referenceVideos", "needs an sd2_manxue_video_* model");
    }
    legacyFrames(ctx, body, references);
  },
);

// 5.11: `seconds` is the string "10". `referenceImages` is named only in the note on first_image_url.
const omniFlash = endpoint(
  "omni-flash",
  "Omni Flash",
  "video",
  "/v1/omni-flash/videos",
  ["omni-flash"],
  {
    model,
    prompt,
    seconds: anyOf(["10"]).optional(),
    aspect_ratio: anyOf(wideOrTall).optional(),
    resolution: anyOf(["720p"]).optional(),
    input_video: url.optional(),
    first_image_url: url.optional(),
    last_image_url: url.optional(),
    images: urls(url).optional(),
    referenceImages: urls(url).optional(),
  },
  (body, ctx) => frameRules(ctx, body, "first_image_url", "last_image_url", ["images", "referenceImages"]),
);

// 5.12: four endpoints sharing model, prompt, an upper-case-P resolution and seed.
function happyHorse(kind: string, modelId: string, fields: z.ZodRawShape): Endpoint {
  return endpoint(
    `happyhorse-${kind}`,
    `Happy Horse ${kind === "edit" ? kind : kind.toUpperCase()}`,
    "video",
    `/v1/happyhorse-${kind}/videos`,
    [modelId],
    {
      model,
      prompt: nonEmpty(5000),
      resolution: anyOf(["720P", "1080P"]).optional(),
      seed: integer(0, 2147483647).optional(),
      ...fields,
    },
  );
}

const happyRatios = anyOf(["16:9", "9:16", "1:1", "4:3", "3:4", "4:5", "5:4", "9:21", "21:9"]);
const happyHorses = [
  happyHorse("t2v", "happyhorse-1.0-t2v", {
    duration: integer(3, 15).optional(),
    ratio: happyRatios.optional(),
  }),
  happyHorse("i2v", "happyhorse-1.0-i2v", { first_image: url, duration: integer(3, 15).optional() }),
  happyHorse("r2v", "happyhorse-1.0-r2v", {
    referenceImages: urls(url, { min: 1, max: 9 }),
    duration: integer(3, 15).optional(),
    ratio: happyRatios.optional(),
  }),
  happyHorse("edit", "happyhorse-1.0-video-edit", {
    referenceVideos: urls(url, { min: 1, max: 1 }),
    referenceImages: urls(url, { max: 5 }).optional(),
    audioSetting: anyOf(["auto", "origin"]).optional(),
  }),
];

export const videoEndpoints: readonly Endpoint[] = [
  sora,
  veo,
  seedance15,
  seedance20,
  seedanceX1,
  vidu,
  grok,
  starVideos,
  videos,
  sd2Manxue,
  omniFlash,
  ...happyHorses,
];
