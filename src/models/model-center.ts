/**
 * Model Center v2 (api-reference 5.16): one create route for many vendors' models, polled at its own route.
 * Its official pages could not be read; every third-party client seen agrees on the wire format, so the
 * family checks only what they agree on (model id, prompt, media URL shapes, the limits in the table
 * below) and lets any other field through, named in a plan notice (design 8).
 */
import { z } from "zod";
import {
  type CommonFieldName,
  type Family,
  kindPolling,
  type MediaKind,
  type RequestBody,
} from "./family.ts";
import {
  buildFlatBody,
  isSet,
  mediaUrl,
  oneOf,
  report,
  requireAtMost,
  text,
  toggle,
  urlList,
} from "./fields.ts";
import type { Polling } from "./polling.ts";

export const modelCenterCreatePath = "/v2/model-center/tasks";
export const modelCenterPollPath = "/v2/model-center/tasks/{id}";

/** What is known of one model's limits; a limit left out is not checked. */
interface ModelLimits {
  kind: "video" | "image";
  /** Whole seconds, inclusive. */
  duration?: readonly [number, number];
  /** Compared without regard to case: clients write both 1440P and 1440p. */
  resolutions?: readonly string[];
  /** Compared exactly: clients agree on the spelling. */
  aspectRatios?: readonly string[];
  /** Most URLs per reference list. */
  references?: { images: number; videos: number; audios: number };
  /** Media the model cannot run without (an image-to-video model needs its frame). */
  requires?: readonly ("first_image" | "last_image" | "reference_images" | "reference_videos")[];
  /** Frames and references exclude each other; `last_image` needs `first_image`; audio is never alone. */
  framesOrReferences?: boolean;
}

/** 0–9 images, 0–3 videos, 0–3 audios: what api-reference 5.16 gives for most models. */
const typicalReferences = { images: 9, videos: 3, audios: 3 };
const video = { kind: "video", references: typicalReferences } as const;
/** Seedance 2.5 takes more references (30/10/10) and up to 30 s; clients S2, S3, S10 agree. */
const seedance25 = {
  kind: "video",
  duration: [4, 30],
  references: { images: 30, videos: 10, audios: 10 },
} as const;
/** The sd_2.0 Model Center variants: 4–15 s and the frame rules of clients S8, S9 and S11. */
const seedance20 = { ...video, duration: [4, 15], framesOrReferences: true } as const;

/**
 * The model ids third-party clients use on Model Center v2. A limit is here only when two independent
 * clients agree on it, or one agrees with api-reference 5.16 and none contradicts it; the evidence is in
 * docs/model-center-v2.md, the one place to look when the official pages say more. Ids with no stated
 * limit (single-source or conflicting) are planned with the typical reference counts only. `videos_stable`
 * and `videos_stable_fast` appear there too, but are documented on the v1 Videos route, where the registry
 * keeps them; an `endpoint` task reaches their v2 route.
 */
export const modelCenterModels: Record<string, ModelLimits> = {
  "minimax-h3": {
    ...video,
    duration: [5, 15],
    resolutions: ["2k"],
    references: { ...typicalReferences, images: 5 },
  },
  "MiniMax-H3-c1": video,
  "MiniMax-H3-c4": {
    ...video,
    duration: [5, 15],
    resolutions: ["1440P"],
    aspectRatios: ["16:9", "9:16"],
    references: { images: 5, videos: 3, audios: 3 },
  },
  "MiniMax-H3-768p": video,
  "hh-1.1-t2v-o": { ...video, duration: [3, 15] },
  "hh-1.1-i2v-o": { ...video, duration: [3, 15], requires: ["first_image"] },
  "hh-1.1-r2v-o": { ...video, duration: [3, 15], requires: ["reference_images"] },
  "happyhorse-1.1-r2v": video,
  "wan2.7-t2v": { ...video, duration: [4, 15] },
  "wan2.7-i2v": { ...video, duration: [4, 15], requires: ["first_image", "last_image"] },
  "wan2.7-r2v": { ...video, duration: [4, 15], requires: ["reference_images"] },
  "wan2.7-videoedit": { ...video, requires: ["reference_videos"] },
  "wan3.0-r2v": video,
  KlingO3: { ...video, duration: [3, 15] },
  "seedance-2.5-c1": { ...seedance25, resolutions: ["480p", "720p"], aspectRatios: ["16:9", "9:16", "1:1"] },
  "seedance-2.5-c3": seedance25,
  "sd_2.5_discount_v1": {
    ...seedance25,
    aspectRatios: ["16:9", "9:16", "1:1", "4:3", "3:4", "21:9", "adaptive"],
  },
  "sd_2.5_special_v1": seedance25,
  "sd_2.0_special": { ...seedance20, resolutions: ["720p", "1080p", "2k", "4k"] },
  "sd_2.0_fast_special": seedance20,
  "sd_2.0_discount": { ...seedance20, resolutions: ["480p", "720p", "1080p"] },
  "sd_2.0_fast_discount": { ...seedance20, resolutions: ["480p", "720p"] },
  videos_933_c1: { ...video, duration: [4, 15] },
  videos_fast_933_c1: { ...video, duration: [4, 15] },
  video_30_10_10: video,
  "seedream-5.0": { kind: "image", resolutions: ["2K", "3K", "4K"] },
  "seedream_5.0Pro": { kind: "image", resolutions: ["1K", "2K"] },
};

function modelsOf(kind: "video" | "image"): [string, ...string[]] {
  return Object.keys(modelCenterModels).filter((id) => modelCenterModels[id]?.kind === kind) as [
    string,
    ...string[],
  ];
}

/** How a v2 task is followed: its own route, `result_url` first (then the kind's field), the kind's pace. */
export function modelCenterPolling(kind: MediaKind): Polling {
  return { ...kindPolling[kind], path: modelCenterPollPath, resultField: "result_url" };
}

// Flat snake_case, the common fields under their own names.
const videoAccepts: Partial<Record<CommonFieldName, string>> = {
  prompt: "prompt",
  first_image: "first_image",
  last_image: "last_image",
  reference_images: "reference_images",
  reference_videos: "reference_videos",
  reference_audios: "reference_audios",
  duration: "duration",
  aspect_ratio: "aspect_ratio",
  resolution: "resolution",
};

const imageAccepts: Partial<Record<CommonFieldName, string>> = {
  prompt: "prompt",
  reference_images: "reference_images",
  aspect_ratio: "aspect_ratio",
  resolution: "resolution",
};

/** Per-model fields every client sends with the same type. */
const knownExtras = {
  seed: z.number({ error: "must be a whole number" }).int({ error: "must be a whole number" }).optional(),
  generate_audio: toggle.optional(),
  watermark: toggle.optional(),
};

const positiveWholeSeconds = z
  .number({ error: "must be a whole number of seconds" })
  .int({ error: "must be a whole number of seconds" })
  .min(1, { error: "must be at least 1 second" });

function checkLimits(ctx: z.RefinementCtx, body: Record<string, unknown>): void {
  const model = String(body.model);
  const limits = modelCenterModels[model];
  if (limits === undefined) return;
  const duration = body.duration;
  if (limits.duration && typeof duration === "number") {
    const [min, max] = limits.duration;
    if (duration < min || duration > max) {
      report(ctx, "duration", `must be from ${min} to ${max} seconds for ${model}`);
    }
  }
  const resolution = body.resolution;
  if (limits.resolutions && typeof resolution === "string") {
    const allowed = limits.resolutions.map((value) => value.toLowerCase());
    if (!allowed.includes(resolution.toLowerCase())) {
      report(ctx, "resolution", `must be one of ${limits.resolutions.join(", ")} for ${model}`);
    }
  }
  const ratio = body.aspect_ratio;
  if (limits.aspectRatios && typeof ratio === "string" && !limits.aspectRatios.includes(ratio)) {
    report(ctx, "aspect_ratio", `must be one of ${limits.aspectRatios.join(", ")} for ${model}`);
  }
  for (const field of limits.requires ?? []) {
    if (!isSet(body[field])) report(ctx, field, `is required for ${model}`);
  }
  if (limits.framesOrReferences) checkFramesOrReferences(ctx, body, model);
  const references = limits.references;
  if (references) {
    requireAtMost(ctx, "reference_images", body.reference_images as unknown[], references.images, model);
    requireAtMost(ctx, "reference_videos", body.reference_videos as unknown[], references.videos, model);
    requireAtMost(ctx, "reference_audios", body.reference_audios as unknown[], references.audios, model);
  }
}

function checkFramesOrReferences(ctx: z.RefinementCtx, body: Record<string, unknown>, model: string): void {
  const frames = isSet(body.first_image) || isSet(body.last_image);
  const references = ["reference_images", "reference_videos", "reference_audios"].filter((f) =>
    isSet(body[f]),
  );
  if (frames && references.length) {
    report(ctx, references[0] as string, `cannot be combined with first_image/last_image for ${model}`);
  }
  if (isSet(body.last_image) && !isSet(body.first_image)) {
    report(ctx, "last_image", `needs first_image for ${model}`);
  }
  if (isSet(body.reference_audios) && !isSet(body.reference_images) && !isSet(body.reference_videos)) {
    report(ctx, "reference_audios", `needs a reference image or video beside it for ${model}`);
  }
}

function family(kind: "video" | "image"): Family {
  const accepts = kind === "video" ? videoAccepts : imageAccepts;
  const shape = {
    model: oneOf(modelsOf(kind)),
    prompt: text(),
    ...(kind === "video"
      ? {
          first_image: mediaUrl.optional(),
          last_image: mediaUrl.optional(),
          reference_videos: urlList().optional(),
          reference_audios: urlList().optional(),
          duration: positiveWholeSeconds.optional(),
        }
      : {}),
    reference_images: urlList().optional(),
    aspect_ratio: text().optional(),
    resolution: text().optional(),
    ...knownExtras,
  };
  const known = new Set(Object.keys(shape));
  return {
    id: `model-center-${kind}`,
    title: `Model Center v2 ${kind}`,
    kind,
    createPath: modelCenterCreatePath,
    models: modelsOf(kind),
    accepts,
    // "typical 4–15, default 5" (reference 5.16); images have no length.
    ...(kind === "video" && { defaultSeconds: 5 }),
    polling: modelCenterPolling(kind),
    buildBody: (draft) => buildFlatBody(draft, accepts),
    // Loose on purpose: the field rules are inferred, so a field no client has shown yet still reaches the API.
    body: z
      .object(shape)
      .catchall(z.unknown())
      .superRefine((body, ctx) => checkLimits(ctx, body)) as z.ZodType<RequestBody>,
    fieldsSentUnchecked: (body) => Object.keys(body).filter((field) => !known.has(field)),
  };
}

export const modelCenterFamilies: Family[] = [family("video"), family("image")];
