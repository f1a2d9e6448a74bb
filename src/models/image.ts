import { z } from "zod";
import { type CommonFieldName, type Family, kindPolling } from "./family.ts";
import {
  buildFlatBody,
  isSet,
  oneOf,
  ratios,
  report,
  requireAtMost,
  text,
  urlList,
  wireBody,
} from "./fields.ts";

type Accepts = Partial<Record<CommonFieldName, string>>;

// ---------------------------------------------------------------------------------------------
// Nano Banana
// ---------------------------------------------------------------------------------------------

const nanoBananaModels = [
  "nano-banana",
  "nano-banana-2",
  "nano-banana-2-stable",
  "nano-banana-pro",
  "nano-banana-pro-stable",
] as const;

// Nano Banana's `size` is an aspect ratio, not a pixel size.
const nanoBananaAccepts: Accepts = {
  prompt: "prompt",
  aspect_ratio: "size",
  resolution: "resolution",
  reference_images: "image_urls",
};

const nanoBanana: Family = {
  id: "nano-banana",
  title: "Nano Banana",
  kind: "image",
  createPath: "/v1/banana/images",
  models: nanoBananaModels,
  accepts: nanoBananaAccepts,
  polling: kindPolling.image,
  buildBody: (draft) => buildFlatBody(draft, nanoBananaAccepts),
  body: wireBody("Nano Banana", {
    model: oneOf(nanoBananaModels),
    prompt: text(),
    // One revision limits 2k and 4k to the pro models, another only advises 1k for the others:
    // the server decides.
    resolution: oneOf(["1k", "2k", "4k"]).optional(),
    size: oneOf(ratios.nanoBanana).optional(),
    image_urls: urlList({ max: 6 }).optional(),
  }),
};

// ---------------------------------------------------------------------------------------------
// GPT Image 2
// ---------------------------------------------------------------------------------------------

const gptImage2Models = ["gpt-image-2", "gpt-image-2-r"] as const;

const gptImage2Accepts: Accepts = {
  prompt: "prompt",
  aspect_ratio: "ratio",
  resolution: "resolution",
  reference_images: "image_urls",
};

const gptImage2ReferenceLimit: Record<(typeof gptImage2Models)[number], number> = {
  "gpt-image-2": 6,
  "gpt-image-2-r": 16,
};

const gptImage2: Family = {
  id: "gpt-image-2",
  title: "GPT Image 2",
  kind: "image",
  createPath: "/v1/image2/images",
  models: gptImage2Models,
  accepts: gptImage2Accepts,
  polling: kindPolling.image,
  buildBody: (draft) => buildFlatBody(draft, gptImage2Accepts),
  body: wireBody("GPT Image 2", {
    model: oneOf(gptImage2Models),
    prompt: text(),
    quality: oneOf(["low", "medium", "high"]).optional(),
    ratio: oneOf(ratios.gptImage2).optional(),
    // The reference lists "1k, 2k, … up to 4K" without the full set, so any step in that range passes.
    resolution: z
      .string({ error: "must be a resolution such as 1k, 2k or 4k" })
      .regex(/^[1-4]k$/i, { error: "must be one of 1k, 2k, 3k, 4k" })
      .optional(),
    // Pixel sizes such as 1024x1024 in third-party clients; the documented values are unknown.
    size: text().optional(),
    image_urls: urlList().optional(),
  }).superRefine((body, ctx) => {
    if (body.resolution !== undefined && body.ratio === undefined) {
      report(ctx, "resolution", "needs ratio: send ratio together with resolution");
    }
    if (body.resolution !== undefined && isSet(body.size)) {
      report(ctx, "size", "cannot be combined with resolution; send either resolution (with ratio) or size");
    }
    if (
      body.model === "gpt-image-2-r" &&
      body.resolution !== undefined &&
      body.resolution.toLowerCase() !== "1k"
    ) {
      report(ctx, "resolution", "must be 1k for gpt-image-2-r, which makes 1k images at most");
    }
    requireAtMost(ctx, "image_urls", body.image_urls, gptImage2ReferenceLimit[body.model], body.model);
  }),
};

export const imageFamilies: Family[] = [nanoBanana, gptImage2];
