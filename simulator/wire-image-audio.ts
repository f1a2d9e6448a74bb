import {
  anyOf,
  boolean,
  type Endpoint,
  endpoint,
  given,
  model,
  modelOf,
  nonEmpty,
  numberIn,
  perModel,
  prompt,
  reject,
  url,
  urls,
} from "./wire-fields.ts";

// ---------------------------------------------------------------------------------------------
// Image (5.13, 5.14)
// ---------------------------------------------------------------------------------------------

// Row 17: one revision limits 2k/4k to the pro models, another only advises it; not enforced.
const nanoBanana = endpoint(
  "nano-banana",
  "Nano Banana",
  "image",
  "/v1/banana/images",
  ["nano-banana", "nano-banana-2", "nano-banana-2-stable", "nano-banana-pro", "nano-banana-pro-stable"],
  {
    model,
    prompt,
    resolution: anyOf(["1k", "2k", "4k"]).optional(),
    size: anyOf(["1:1", "16:9", "9:16", "4:3", "3:4", "3:2", "2:3", "5:4", "4:5", "21:9"]).optional(),
    image_urls: urls(url, { max: 6 }).optional(),
  },
);

// 5.14: resolution needs ratio and excludes size; the full resolution list is unknown ("1k, 2k, … up to
// 4K"), so 1k–4k in any case; size values are unknown.
const gptImage2 = endpoint(
  "gpt-image-2",
  "GPT Image 2",
  "image",
  "/v1/image2/images",
  ["gpt-image-2", "gpt-image-2-r"],
  {
    model,
    prompt,
    quality: anyOf(["low", "medium", "high"]).optional(),
    ratio: anyOf([
      "1:1",
      "16:9",
      "9:16",
      "4:3",
      "3:4",
      "3:2",
      "2:3",
      "5:4",
      "4:5",
      "2:1",
      "1:2",
      "21:9",
      "9:21",
    ]).optional(),
    resolution: anyOf(["1k", "2k", "3k", "4k"], { ignoreCase: true }).optional(),
    size: nonEmpty().optional(),
    image_urls: urls(url).optional(),
  },
  (body, ctx) => {
    if (body.resolution !== undefined && body.ratio === undefined)
      reject(ctx, "ratio", "is required with resolution");
    if (body.resolution !== undefined && given(body.size))
      reject(ctx, "size", "cannot be sent with resolution");
    const name = modelOf(body);
    const images = (body.image_urls as unknown[] | undefined)?.length ?? 0;
    if (name === "gpt-image-2") perModel(ctx, "image_urls", images <= 6, name, "at most 6 URLs");
    if (name === "gpt-image-2-r") {
      perModel(ctx, "image_urls", images <= 16, name, "at most 16 URLs");
      if (body.resolution !== undefined) {
        perModel(ctx, "resolution", String(body.resolution).toLowerCase() === "1k", name, "1k");
      }
    }
  },
);

// ---------------------------------------------------------------------------------------------
// Audio (5.15): no `model` in the body; results report the endpoint's id
// ---------------------------------------------------------------------------------------------

const soundVersion = anyOf(["v1", "v2"]);

const soundClone = endpoint(
  "soundclone-clone",
  "SoundClone clone",
  "audio",
  "/v1/soundCloning/clones",
  ["soundCloningClone"],
  {
    fileUrl: url.refine((value) => !/[\u3400-\u9fff\uf900-\ufaff]/.test(value), {
      error: "must be free of Chinese characters",
    }),
    contentText: nonEmpty(269).optional(),
    soundVersion: soundVersion.optional(),
    language: nonEmpty().optional(),
  },
);

// `<#x#>` is a pause of x seconds, 0.01–99.99.
function pausesValid(text: string): boolean {
  return [...text.matchAll(/<#(.*?)#>/g)].every(([, x]) => {
    const seconds = Number(x);
    return x !== undefined && x.trim() !== "" && seconds >= 0.01 && seconds <= 99.99;
  });
}

const soundSpeech = endpoint(
  "soundclone-speech",
  "SoundClone speech",
  "audio",
  "/v1/soundCloning/audios",
  ["soundCloningAudio"],
  {
    modelId: nonEmpty(),
    contentText: nonEmpty(9999).refine(pausesValid, { error: "has a pause <#x#> outside 0.01–99.99 s" }),
    soundVersion: soundVersion.optional(),
    language: nonEmpty().optional(),
    emotion: anyOf(["neutral", "happy", "sad", "angry", "fearful", "disgusted", "surprised"]).optional(),
    speed: numberIn(0.5, 2).optional(),
    // "Up to 10"; 0 would be silence.
    vol: numberIn(0, 10)
      .refine((value) => value > 0, { error: "must be above 0" })
      .optional(),
    pitch: numberIn(-12, 12).optional(),
    subtitleEnable: boolean.optional(),
    subtitleType: anyOf(["word"]).optional(),
  },
);

export const imageAudioEndpoints: readonly Endpoint[] = [nanoBanana, gptImage2, soundClone, soundSpeech];
