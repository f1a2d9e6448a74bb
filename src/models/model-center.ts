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
import { buildFlatBody, mediaUrl, oneOf, report, requireAtMost, text, toggle, urlList } from "./fields.ts";
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
  /** Most URLs per reference list. */
  references?: { images: number; videos: number; audios: number };
}

/** 0–9 images, 0–3 videos, 0–3 audios: what most clients allow. */
const typicalReferences = { images: 9, videos: 3, audios: 3 };
/** One client allows 30/10/10 for Seedance 2.5; the looser reading wins, so no valid task is refused. */
const seedance25 = {
  kind: "video",
  duration: [4, 30],
  references: { images: 30, videos: 10, audios: 10 },
} as const;
const video = { kind: "video", references: typicalReferences } as const;

/**
 * The model ids third-party clients use on Model Center v2, with the limits they state (api-reference
 * 5.16). The one place to adjust when the official pages say more. `videos_stable` and
 * `videos_stable_fast` appear there too, but are documented on the v1 Videos route, where the registry
 * keeps them; an `endpoint` task reaches their v2 route.
 */
export const modelCenterModels: Record<string, ModelLimits> = {
  "minimax-h3": video,
  "MiniMax-H3-c1": video,
  "MiniMax-H3-c4": { ...video, duration: [5, 15], resolutions: ["1440P"] },
  "MiniMax-H3-768p": video,
  "hh-1.1-t2v-o": video,
  "hh-1.1-i2v-o": video,
  "hh-1.1-r2v-o": video,
  "happyhorse-1.1-r2v": video,
  "wan2.7-t2v": video,
  "wan2.7-i2v": video,
  "wan2.7-r2v": video,
  "wan2.7-videoedit": video,
  "wan3.0-r2v": video,
  KlingO3: video,
  "seedance-2.5-c1": { ...seedance25, resolutions: ["480p", "720p"] },
  "seedance-2.5-c3": seedance25,
  "sd_2.5_discount_v1": seedance25,
  "sd_2.5_special_v1": seedance25,
  "sd_2.0_special": video,
  "sd_2.0_fast_special": video,
  "sd_2.0_discount": video,
  "sd_2.0_fast_discount": video,
  videos_933_c1: video,
  videos_fast_933_c1: video,
  video_30_10_10: video,
  "seedream-5.0": { kind: "image" },
  "seedream_5.0Pro": { kind: "image" },
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
  const references = limits.references;
  if (references) {
    requireAtMost(ctx, "reference_images", body.reference_images as unknown[], references.images, model);
    requireAtMost(ctx, "reference_videos", body.reference_videos as unknown[], references.videos, model);
    requireAtMost(ctx, "reference_audios", body.reference_audios as unknown[], references.audios, model);
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
