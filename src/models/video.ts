import { z } from "zod";
import {
  type CommonFieldName,
  type Family,
  kindPolling,
  type RequestBody,
  type RequestDraft,
} from "./family.ts";
import {
  buildContentBody,
  buildFlatBody,
  checkContent,
  checkFrames,
  httpUrl,
  type IssueSink,
  isSet,
  mediaUrl,
  mixedMediaContent,
  numberBetween,
  numberChoice,
  oneOf,
  oneOfIgnoringCase,
  ratios,
  report,
  requireAtMost,
  requireOneOf,
  resolveAlias,
  text,
  textAndImageContent,
  toggle,
  urlList,
  wholeNumber,
  wholeNumberOrAuto,
  wireBody,
} from "./fields.ts";

type Accepts = Partial<Record<CommonFieldName, string>>;

// ---------------------------------------------------------------------------------------------
// Sora
// ---------------------------------------------------------------------------------------------

const soraModels = ["openAiSora2Plus", "openAiSora2Pro"] as const;
const soraSeconds = numberChoice([4, 8, 12]);
// `size` is the older, pixel spelling of the frame shape.
const soraSizeRatio: Record<string, string> = { "1280x720": "16:9", "720x1280": "9:16" };

// Sora's fields come in pairs of names from two doc revisions; the client sends the first of each pair.
const soraAccepts: Accepts = {
  prompt: "prompt",
  aspect_ratio: "aspect_ratio",
  duration: "seconds",
  reference_images: "input_reference",
};

const sora: Family = {
  id: "sora",
  title: "Sora",
  kind: "video",
  createPath: "/v1/sora/videos",
  models: soraModels,
  accepts: soraAccepts,
  typicalSeconds: 120,
  polling: kindPolling.video,
  buildBody: (draft) => buildFlatBody(draft, soraAccepts),
  body: wireBody("Sora", {
    model: oneOf(soraModels),
    prompt: text(),
    aspect_ratio: oneOf(ratios.landscapeOrPortrait).optional(),
    size: oneOf(["720x1280", "1280x720"]).optional(),
    seconds: soraSeconds.optional(),
    duration: soraSeconds.optional(),
    // The current revision allows one reference image; an older one allowed three.
    input_reference: urlList({ max: 1 }).optional(),
    image_urls: urlList({ max: 1 }).optional(),
  }).superRefine((body, ctx) => {
    resolveAlias(ctx, body, "aspect_ratio", "size", (ratio, size) => soraSizeRatio[String(size)] === ratio);
    resolveAlias(ctx, body, "seconds", "duration");
    resolveAlias(ctx, body, "input_reference", "image_urls");
  }),
};

// ---------------------------------------------------------------------------------------------
// VEO
// ---------------------------------------------------------------------------------------------

const veoModels = ["veo_3_1_fast", "veo_3_1_pro", "veo_3_1_fast_stable", "veo_3_1_pro_stable"] as const;

const veoAccepts: Accepts = {
  prompt: "prompt",
  aspect_ratio: "aspect_ratio",
  resolution: "resolution",
  first_image: "first_image",
  last_image: "last_image",
  reference_images: "input_reference",
};

const veo: Family = {
  id: "veo",
  title: "VEO",
  kind: "video",
  createPath: "/v1/veo/videos",
  models: veoModels,
  accepts: veoAccepts,
  // No duration field: every VEO video is 8 s (reference 5.2).
  defaultSeconds: 8,
  typicalSeconds: 120,
  polling: kindPolling.video,
  buildBody: (draft) => buildFlatBody(draft, veoAccepts),
  body: wireBody("VEO", {
    model: oneOf(veoModels),
    prompt: text(),
    // The server ignores case here ("4k" and "4K" both work).
    resolution: oneOfIgnoringCase(["720p", "1080p", "4K"]).optional(),
    aspect_ratio: oneOf(ratios.landscapeOrPortrait).optional(),
    input_reference: urlList({ max: 3 }).optional(),
    image_urls: urlList({ max: 3 }).optional(),
    // Names from an older revision; the current ones are unknown, so these are assumed unchanged.
    first_image: mediaUrl.optional(),
    last_image: mediaUrl.optional(),
  }).superRefine((body, ctx) => {
    resolveAlias(ctx, body, "input_reference", "image_urls");
    const stable = body.model === "veo_3_1_fast_stable" || body.model === "veo_3_1_pro_stable";
    if (stable && body.resolution?.toLowerCase() === "4k") {
      report(ctx, "resolution", `4K is not available on ${body.model}; use 720p or 1080p`);
    }
    const references = { input_reference: body.input_reference, image_urls: body.image_urls };
    if (body.model === "veo_3_1_fast_stable") {
      for (const [field, value] of Object.entries(references)) {
        if (isSet(value)) {
          report(
            ctx,
            field,
            "is not allowed on veo_3_1_fast_stable, which works in first/last-frame mode only",
          );
        }
      }
      if (!isSet(body.first_image)) {
        report(
          ctx,
          "first_image",
          "is required by veo_3_1_fast_stable, which works in first/last-frame mode only",
        );
      }
    }
    checkFrames(
      ctx,
      { first: "first_image", firstValue: body.first_image, last: "last_image", lastValue: body.last_image },
      body.model === "veo_3_1_fast_stable" ? {} : references,
    );
  }),
};

// ---------------------------------------------------------------------------------------------
// Seedance 1.5 (prompt and images travel inside content[])
// ---------------------------------------------------------------------------------------------

const seedance15Models = [
  "seedance_1_5_pro_480p",
  "seedance_1_5_pro_720p",
  "seedance_1_5_pro_1080p",
] as const;

const seedance15Accepts: Accepts = {
  prompt: "content[] text",
  first_image: "content[] first_frame",
  last_image: "content[] last_frame",
  reference_images: "content[] reference_image",
  aspect_ratio: "ratio",
  duration: "duration",
};

const seedance15: Family = {
  id: "seedance-1.5",
  title: "Seedance 1.5",
  kind: "video",
  createPath: "/v1/seedance/videos",
  models: seedance15Models,
  accepts: seedance15Accepts,
  defaultSeconds: 5,
  // `-1` lets the model pick 4–12 s (reference 5.3).
  longestSeconds: 12,
  typicalSeconds: 120,
  polling: kindPolling.video,
  buildBody: (draft) => buildContentBody(draft, seedance15Accepts),
  body: wireBody("Seedance 1.5", {
    model: oneOf(seedance15Models),
    content: textAndImageContent,
    ratio: oneOf(ratios.seedance15).optional(),
    // Revisions say 2–12 and 4–12 for the same pro models; the wider range lets the server decide.
    duration: wholeNumberOrAuto(2, 12).optional(),
    // The audio toggle and the flex tier exist, but the docs do not name their fields; these are the
    // names third-party clients use, let through so a user can try them.
    generate_audio: toggle.optional(),
    service_tier: text().optional(),
  }).superRefine((body, ctx) => checkContent(ctx, body.content, { needsMedia: false })),
};

// ---------------------------------------------------------------------------------------------
// Seedance 2.0 ("KyyVideo2")
// ---------------------------------------------------------------------------------------------

const seedance20Models = [
  "seedance_2_0",
  "seedance_2_0_fast",
  "seedance_2_0_pro",
  "seedance_2_0_fast_pro",
] as const;
const seedance20LegacyModels = [
  "kyyvideo2",
  "kyyvideo2_fast",
  "kyyvideo2_pro",
  "kyyvideo2_fast_pro",
] as const;

const seedance20Accepts: Accepts = {
  prompt: "prompt",
  duration: "duration",
  aspect_ratio: "aspect_ratio",
  first_image: "first_image",
  last_image: "last_image",
  reference_images: "referenceImages",
  reference_videos: "referenceVideos",
  reference_audios: "referenceAudios",
};

const seedance20: Family = {
  id: "seedance-2.0",
  title: "Seedance 2.0",
  kind: "video",
  createPath: "/v1/kyyvideo2/videos",
  models: seedance20Models,
  legacyModels: seedance20LegacyModels,
  accepts: seedance20Accepts,
  defaultSeconds: 5,
  // Standard models take 2–5 min, fast ones 1–3 min: one value per family, so the fast models' lower end,
  // which never keeps a task from being submitted when it could still finish.
  typicalSeconds: 60,
  // Its query page says to poll every 20–40 s (the kind's guidance is 30–60 s).
  polling: { ...kindPolling.video, interval: { minMs: 20_000, maxMs: 40_000 }, minimumMs: 20_000 },
  buildBody: (draft) => buildFlatBody(draft, seedance20Accepts),
  body: wireBody("Seedance 2.0", {
    model: oneOf([...seedance20Models, ...seedance20LegacyModels]),
    prompt: text(),
    duration: wholeNumber(4, 15).optional(),
    // Allowed values are not documented; the server judges them.
    aspect_ratio: text().optional(),
    generateAudio: toggle.optional(),
    first_image: mediaUrl.optional(),
    last_image: mediaUrl.optional(),
    // Whether non-pro models require reference videos differs between revisions, so the server decides.
    referenceImages: urlList().optional(),
    referenceVideos: urlList().optional(),
    referenceAudios: urlList().optional(),
  }).superRefine((body, ctx) =>
    checkFrames(
      ctx,
      { first: "first_image", firstValue: body.first_image, last: "last_image", lastValue: body.last_image },
      {
        referenceImages: body.referenceImages,
        referenceVideos: body.referenceVideos,
        referenceAudios: body.referenceAudios,
      },
    ),
  ),
};

// ---------------------------------------------------------------------------------------------
// Seedance X1 (content[] with images, videos and audio)
// ---------------------------------------------------------------------------------------------

const seedanceX1Models = [
  "seedance_2_0_x1_official",
  "seedance_2_0_x1_discount",
  "seedance_fast_2_0_x1_official",
  "seedance_fast_2_0_x1_discount",
] as const;

const seedanceX1Accepts: Accepts = {
  prompt: "content[] text",
  first_image: "content[] first_frame",
  last_image: "content[] last_frame",
  reference_images: "content[] reference_image",
  reference_videos: "content[] reference_video",
  reference_audios: "content[] reference_audio",
  resolution: "resolution",
  aspect_ratio: "ratio",
  duration: "duration",
};

const seedanceX1: Family = {
  id: "seedance-x1",
  title: "Seedance X1",
  kind: "video",
  createPath: "/v1/seedance-x1/videos",
  models: seedanceX1Models,
  accepts: seedanceX1Accepts,
  defaultSeconds: 5,
  polling: kindPolling.video,
  buildBody: (draft) => buildContentBody(draft, seedanceX1Accepts),
  body: wireBody("Seedance X1", {
    model: oneOf(seedanceX1Models),
    content: mixedMediaContent,
    resolution: oneOf(["480p", "720p", "1080p"]).optional(),
    ratio: oneOf(ratios.classic).optional(),
    duration: wholeNumber(4, 15).optional(),
  }).superRefine((body, ctx) => checkContent(ctx, body.content, { needsMedia: true })),
};

// ---------------------------------------------------------------------------------------------
// Vidu
// ---------------------------------------------------------------------------------------------

const viduModels = ["viduq3-pro", "viduq3-turbo"] as const;

const viduAccepts: Accepts = {
  prompt: "prompt",
  duration: "duration",
  aspect_ratio: "aspect_ratio",
  resolution: "resolution",
  first_image: "first_image",
  last_image: "last_image",
};

const vidu: Family = {
  id: "vidu",
  title: "Vidu",
  kind: "video",
  createPath: "/v1/vidu/videos",
  models: viduModels,
  accepts: viduAccepts,
  defaultSeconds: 5,
  typicalSeconds: 120,
  polling: kindPolling.video,
  buildBody: (draft) => buildFlatBody(draft, viduAccepts),
  body: wireBody("Vidu", {
    model: oneOf(viduModels),
    prompt: text(),
    // Vidu is the one family whose duration is documented as a number rather than an integer.
    duration: numberBetween(1, 16).optional(),
    aspect_ratio: oneOf(ratios.vidu).optional(),
    resolution: oneOf(["540p", "720p", "1080p"]).optional(),
    first_image: mediaUrl.optional(),
    last_image: mediaUrl.optional(),
  }).superRefine((body, ctx) =>
    checkFrames(ctx, {
      first: "first_image",
      firstValue: body.first_image,
      last: "last_image",
      lastValue: body.last_image,
    }),
  ),
};

// ---------------------------------------------------------------------------------------------
// Grok (each model has its own durations, ratios and reference limits)
// ---------------------------------------------------------------------------------------------

const grokModels = ["grok_video3", "grok_video3_pro", "grok_video3_max", "grok_video3_stable"] as const;

interface GrokLimits {
  durations?: readonly number[];
  ratios?: readonly string[];
  maxImages?: number;
}

const grokLimits: Record<(typeof grokModels)[number], GrokLimits> = {
  grok_video3: { maxImages: 7 },
  grok_video3_pro: { durations: [10] },
  grok_video3_max: { durations: [6, 10, 12, 16, 20, 30], ratios: ratios.grokMax, maxImages: 5 },
  // Revisions disagree (fixed 10 s at 720p, or 6/10 s at 480p/720p): accept the looser one.
  grok_video3_stable: { durations: [6, 10], maxImages: 7 },
};

const grokAccepts: Accepts = {
  prompt: "prompt",
  duration: "duration",
  aspect_ratio: "aspect_ratio",
  resolution: "resolution",
  reference_images: "image_urls",
};

const grok: Family = {
  id: "grok",
  title: "Grok",
  kind: "video",
  createPath: "/v1/grok/videos",
  models: grokModels,
  accepts: grokAccepts,
  // Every Grok model defaults to (or is fixed at) 10 s (reference 5.7).
  defaultSeconds: 10,
  typicalSeconds: 120,
  polling: kindPolling.video,
  buildBody: (draft) => buildFlatBody(draft, grokAccepts),
  body: wireBody("Grok", {
    model: oneOf(grokModels),
    prompt: text(),
    duration: wholeNumber(6, 30).optional(),
    aspect_ratio: oneOf(ratios.grok).optional(),
    resolution: oneOf(["480p", "720p"]).optional(),
    image_urls: urlList().optional(),
  }).superRefine((body, ctx) => {
    const limits = grokLimits[body.model];
    if (limits.durations !== undefined) {
      requireOneOf(ctx, "duration", body.duration, limits.durations, body.model);
    }
    if (limits.ratios !== undefined) {
      requireOneOf(ctx, "aspect_ratio", body.aspect_ratio, limits.ratios, body.model);
    }
    if (limits.maxImages !== undefined) {
      requireAtMost(ctx, "image_urls", body.image_urls, limits.maxImages, body.model);
    }
  }),
};

// ---------------------------------------------------------------------------------------------
// StarVideos (o3 current; v3 legacy, with frames as images[])
// ---------------------------------------------------------------------------------------------

const starVideosAccepts: Accepts = {
  prompt: "prompt",
  duration: "duration",
  aspect_ratio: "ratio",
  first_image: "first_image",
  last_image: "last_image",
  reference_images: "referenceImages",
  reference_videos: "referenceVideos",
};

const o3OnlyFields = ["first_image", "last_image", "referenceImages", "referenceVideos"] as const;

// starvideos_v3 reads frames from `images`: one image is a first frame, two are first and last.
function buildStarVideosBody(draft: RequestDraft): RequestBody {
  const { first_image, last_image, ...common } = draft.common;
  if (draft.model !== "starvideos_v3" || first_image === undefined) {
    return buildFlatBody(draft, starVideosAccepts);
  }
  const body = buildFlatBody({ ...draft, common, params: {} }, starVideosAccepts);
  body.images = last_image === undefined ? [first_image] : [first_image, last_image];
  return { ...body, ...draft.params, model: draft.model };
}

const starVideos: Family = {
  id: "starvideos",
  title: "StarVideos",
  kind: "video",
  createPath: "/v1/starvideos/videos",
  models: ["starvideos_o3"],
  legacyModels: ["starvideos_v3"],
  accepts: starVideosAccepts,
  // The default changed between revisions: o3 3 s, the older v3 5 s (reference 5.8).
  defaultSeconds: { byModel: { starvideos_o3: 3, starvideos_v3: 5 } },
  polling: kindPolling.video,
  buildBody: buildStarVideosBody,
  body: wireBody("StarVideos", {
    model: oneOf(["starvideos_o3", "starvideos_v3"]),
    prompt: text(),
    // Defaults changed between revisions (5 → 3 s, 16:9 → 9:16), so set these explicitly to be sure.
    duration: wholeNumber(3, 15).optional(),
    ratio: oneOf(ratios.starVideosO3).optional(),
    first_image: mediaUrl.optional(),
    last_image: mediaUrl.optional(),
    referenceImages: urlList({ max: 7 }).optional(),
    referenceVideos: urlList().optional(),
    images: urlList().optional(),
  }).superRefine((body, ctx) => {
    if (body.model === "starvideos_v3") {
      requireOneOf(ctx, "ratio", body.ratio, ratios.landscapeOrPortrait, body.model);
      for (const field of o3OnlyFields) {
        if (isSet(body[field])) {
          report(ctx, field, "is for starvideos_o3; starvideos_v3 takes frames as images: [first, last]");
        }
      }
      return;
    }
    if (isSet(body.images)) {
      report(
        ctx,
        "images",
        "is for starvideos_v3; starvideos_o3 takes first_image/last_image or referenceImages",
      );
    }
    if (isSet(body.referenceVideos) && (body.referenceImages?.length ?? 0) > 4) {
      report(ctx, "referenceImages", "takes at most 4 URLs together with referenceVideos");
    }
    checkFrames(
      ctx,
      { first: "first_image", firstValue: body.first_image, last: "last_image", lastValue: body.last_image },
      { referenceImages: body.referenceImages },
    );
  }),
};

// ---------------------------------------------------------------------------------------------
// Videos and SD2 Manxue: frame fields under a current and a legacy name
// ---------------------------------------------------------------------------------------------

type FrameAliases = Record<string, unknown> & {
  first_image?: string;
  last_image?: string;
  image?: string;
  lastFrameImage?: string;
};

/**
 * Applies the frame rules to whichever names a body uses: `first_image`/`last_image` win, and the
 * legacy `image`/`lastFrameImage` may repeat them only with the same value.
 */
function checkAliasedFrames(ctx: IssueSink, body: FrameAliases, references: Record<string, unknown>): void {
  const first = resolveAlias(ctx, body, "first_image", "image");
  const last = resolveAlias(ctx, body, "last_image", "lastFrameImage");
  checkFrames(
    ctx,
    {
      first: body.first_image === undefined && body.image !== undefined ? "image" : "first_image",
      firstValue: first,
      last:
        body.last_image === undefined && body.lastFrameImage !== undefined ? "lastFrameImage" : "last_image",
      lastValue: last,
    },
    references,
  );
}

const flatReferenceAccepts: Accepts = {
  first_image: "first_image",
  last_image: "last_image",
  reference_images: "referenceImages",
  reference_videos: "referenceVideos",
  reference_audios: "referenceAudios",
};

const videosModels = ["videos", "videos_stable", "videos_stable_fast"] as const;

const videosAccepts: Accepts = {
  prompt: "prompt",
  duration: "duration",
  aspect_ratio: "ratio",
  resolution: "resolution",
  ...flatReferenceAccepts,
};

const videos: Family = {
  id: "videos",
  title: "Videos",
  kind: "video",
  createPath: "/v1/videos/videos",
  models: videosModels,
  legacyModels: ["videos_fast"],
  accepts: videosAccepts,
  polling: kindPolling.video,
  buildBody: (draft) => buildFlatBody(draft, videosAccepts),
  body: wireBody("Videos", {
    model: oneOf([...videosModels, "videos_fast"]),
    // The older text capped `videos` at 1500 characters; the newer allows 5000 on the stable models.
    prompt: text(5000),
    // Unlike the other families, Videos requires a duration.
    duration: wholeNumber(4, 15),
    ratio: oneOf(ratios.classic).optional(),
    resolution: oneOf(["720p"]).optional(),
    first_image: mediaUrl.optional(),
    last_image: mediaUrl.optional(),
    image: mediaUrl.optional(),
    lastFrameImage: mediaUrl.optional(),
    referenceImages: urlList().optional(),
    referenceVideos: urlList().optional(),
    referenceAudios: urlList({ max: 3 }).optional(),
  }).superRefine((body, ctx) => {
    const stable = body.model === "videos_stable" || body.model === "videos_stable_fast";
    if (stable) {
      requireOneOf(ctx, "ratio", body.ratio, ratios.videosStable, body.model);
      requireAtMost(ctx, "referenceAudios", body.referenceAudios, 1, body.model);
    }
    if (body.model === "videos_fast") {
      requireOneOf(ctx, "ratio", body.ratio, ratios.landscapeOrPortrait, body.model);
    }
    // In the older revision the two legacy frame names only worked as a pair.
    if (body.first_image === undefined && body.last_image === undefined) {
      if (body.image !== undefined && body.lastFrameImage === undefined) {
        report(
          ctx,
          "image",
          "needs lastFrameImage as well (the older names go in pairs); or use first_image",
        );
      }
      if (body.lastFrameImage !== undefined && body.image === undefined) {
        report(ctx, "lastFrameImage", "needs image as well (the older names go in pairs); or use last_image");
      }
    }
    checkAliasedFrames(ctx, body, {
      referenceImages: body.referenceImages,
      referenceVideos: body.referenceVideos,
      referenceAudios: body.referenceAudios,
    });
  }),
};

const sd2ManxueModels = [
  "sd2_manxue_720p",
  "sd2_manxue_1080p",
  "sd2_manxue_2k",
  "sd2_manxue_4k",
  "sd2_manxue_fast_720p",
  "sd2_manxue_fast_1080p",
  "sd2_manxue_video_720p",
  "sd2_manxue_video_1080p",
  "sd2_manxue_video_2k",
  "sd2_manxue_video_4k",
  "sd2_manxue_video_fast_720p",
  "sd2_manxue_video_fast_1080p",
] as const;

const sd2ManxueAccepts: Accepts = {
  prompt: "prompt",
  duration: "duration",
  aspect_ratio: "ratio",
  ...flatReferenceAccepts,
};

const sd2Manxue: Family = {
  id: "sd2-manxue",
  title: "SD2 Manxue",
  kind: "video",
  createPath: "/v1/sd2_manxue/videos",
  models: sd2ManxueModels,
  accepts: sd2ManxueAccepts,
  defaultSeconds: 5,
  polling: kindPolling.video,
  buildBody: (draft) => buildFlatBody(draft, sd2ManxueAccepts),
  body: wireBody("SD2 Manxue", {
    model: oneOf(sd2ManxueModels),
    prompt: text(),
    duration: wholeNumber(4, 15).optional(),
    ratio: oneOf(ratios.classic).optional(),
    first_image: mediaUrl.optional(),
    last_image: mediaUrl.optional(),
    image: mediaUrl.optional(),
    lastFrameImage: mediaUrl.optional(),
    referenceImages: urlList({ max: 9 }).optional(),
    referenceVideos: urlList({ max: 3 }).optional(),
    referenceAudios: urlList({ max: 3 }).optional(),
  }).superRefine((body, ctx) => {
    if (isSet(body.referenceVideos) && !body.model.startsWith("sd2_manxue_video_")) {
      report(
        ctx,
        "referenceVideos",
        `needs an sd2_manxue_video_* model (e.g. sd2_manxue_video_720p); ${body.model} takes no reference videos`,
      );
    }
    checkAliasedFrames(ctx, body, {
      referenceImages: body.referenceImages,
      referenceVideos: body.referenceVideos,
      referenceAudios: body.referenceAudios,
    });
  }),
};

// ---------------------------------------------------------------------------------------------
// Omni Flash
// ---------------------------------------------------------------------------------------------

const omniFlashAccepts: Accepts = {
  prompt: "prompt",
  duration: "seconds",
  aspect_ratio: "aspect_ratio",
  resolution: "resolution",
  first_image: "first_image_url",
  last_image: "last_image_url",
  reference_images: "images",
  reference_videos: "input_video",
};

const omniFlash: Family = {
  id: "omni-flash",
  title: "Omni Flash",
  kind: "video",
  createPath: "/v1/omni-flash/videos",
  models: ["omni-flash"],
  accepts: omniFlashAccepts,
  // 10 s is its only length (reference 5.11).
  defaultSeconds: 10,
  polling: kindPolling.video,
  buildBody: (draft) =>
    buildFlatBody(draft, omniFlashAccepts, {
      convert: {
        // Omni Flash alone takes `seconds` as a string.
        duration: (seconds) => String(seconds),
        // input_video is a single URL; a longer list is passed on as a list so validation names it.
        reference_videos: (urls) => (Array.isArray(urls) && urls.length === 1 ? urls[0] : urls),
      },
    }),
  body: wireBody("Omni Flash", {
    model: oneOf(["omni-flash"]),
    prompt: text(),
    seconds: z
      .literal("10", { error: 'must be "10", as a string: 10 s is the only length Omni Flash makes' })
      .optional(),
    aspect_ratio: oneOf(ratios.landscapeOrPortrait).optional(),
    resolution: oneOf(["720p"]).optional(),
    // Sending it switches the service to video-reference mode.
    input_video: mediaUrl.optional(),
    first_image_url: mediaUrl.optional(),
    last_image_url: mediaUrl.optional(),
    images: urlList().optional(),
    // Named only in the note on first_image_url, as something frames cannot be combined with.
    referenceImages: urlList().optional(),
  }).superRefine((body, ctx) =>
    checkFrames(
      ctx,
      {
        first: "first_image_url",
        firstValue: body.first_image_url,
        last: "last_image_url",
        lastValue: body.last_image_url,
      },
      { images: body.images, referenceImages: body.referenceImages },
    ),
  ),
};

// ---------------------------------------------------------------------------------------------
// Happy Horse: four endpoints sharing model, prompt, resolution and seed
// ---------------------------------------------------------------------------------------------

interface HappyHorseEndpoint {
  id: string;
  title: string;
  path: string;
  model: string;
  accepts: Accepts;
  fields: z.ZodRawShape;
  /** Only the T2V page documents a default length (reference 5.12). */
  defaultSeconds?: number;
}

function happyHorseFamily(endpoint: HappyHorseEndpoint): Family {
  const accepts: Accepts = { prompt: "prompt", ...endpoint.accepts, resolution: "resolution" };
  return {
    id: endpoint.id,
    title: endpoint.title,
    kind: "video",
    createPath: endpoint.path,
    models: [endpoint.model],
    accepts,
    ...(endpoint.defaultSeconds !== undefined && { defaultSeconds: endpoint.defaultSeconds }),
    polling: kindPolling.video,
    buildBody: (draft) =>
      buildFlatBody(draft, accepts, {
        // Happy Horse spells resolutions with an upper-case P; the manifest's "1080p" is meant the same.
        convert: { resolution: (resolution) => String(resolution).replace(/^(\d+)p$/, "$1P") },
      }),
    body: wireBody(endpoint.title, {
      model: oneOf([endpoint.model]),
      prompt: text(5000),
      resolution: oneOf(["720P", "1080P"]).optional(),
      seed: wholeNumber(0, 2147483647).optional(),
      ...endpoint.fields,
    }),
  };
}

const happyHorseDuration = wholeNumber(3, 15).optional();

const happyHorseFamilies: Family[] = [
  happyHorseFamily({
    id: "happyhorse-t2v",
    title: "Happy Horse T2V",
    path: "/v1/happyhorse-t2v/videos",
    model: "happyhorse-1.0-t2v",
    accepts: { duration: "duration", aspect_ratio: "ratio" },
    defaultSeconds: 5,
    fields: { duration: happyHorseDuration, ratio: oneOf(ratios.happyHorse).optional() },
  }),
  happyHorseFamily({
    id: "happyhorse-i2v",
    title: "Happy Horse I2V",
    path: "/v1/happyhorse-i2v/videos",
    model: "happyhorse-1.0-i2v",
    // No ratio: the first image sets the frame shape.
    accepts: { first_image: "first_image", duration: "duration" },
    // Documented as an http(s) URL only, no base64.
    fields: { first_image: httpUrl, duration: happyHorseDuration },
  }),
  happyHorseFamily({
    id: "happyhorse-r2v",
    title: "Happy Horse R2V",
    path: "/v1/happyhorse-r2v/videos",
    model: "happyhorse-1.0-r2v",
    accepts: { reference_images: "referenceImages", duration: "duration", aspect_ratio: "ratio" },
    fields: {
      referenceImages: urlList({ min: 1, max: 9 }),
      duration: happyHorseDuration,
      ratio: oneOf(ratios.happyHorse).optional(),
    },
  }),
  happyHorseFamily({
    id: "happyhorse-edit",
    title: "Happy Horse edit",
    path: "/v1/happyhorse-edit/videos",
    model: "happyhorse-1.0-video-edit",
    accepts: { reference_videos: "referenceVideos", reference_images: "referenceImages" },
    fields: {
      referenceVideos: urlList({ min: 1, max: 1 }),
      referenceImages: urlList({ max: 5 }).optional(),
      audioSetting: oneOf(["auto", "origin"]).optional(),
    },
  }),
];

export const videoFamilies: Family[] = [
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
  ...happyHorseFamilies,
];
