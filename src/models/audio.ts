import { z } from "zod";
import { type Family, kindPolling } from "./family.ts";
import { buildFlatBody, httpUrl, numberBetween, oneOf, text, toggle, wireBody } from "./fields.ts";

// SoundClone requests carry no `model`: the manifest names each endpoint by the model id the API
// reports for its tasks, and the prompt becomes the text to speak.
const soundCloneAccepts = { prompt: "contentText" } as const;

const soundVersion = oneOf(["v1", "v2"]);

// `<#x#>` inserts a pause of x seconds.
const pauseMarker = /<#(.*?)#>/g;

function hasOnlyValidPauses(content: string): boolean {
  for (const [, seconds] of content.matchAll(pauseMarker)) {
    const value = Number(seconds);
    if (seconds === undefined || seconds.trim() === "" || !(value >= 0.01 && value <= 99.99)) return false;
  }
  return true;
}

// The service rejects file URLs that contain Chinese characters.
const chineseCharacter = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;

// Volume is documented as "up to 10"; 0 would be silence, which no one pays for on purpose.
const loudness = numberBetween(0, 10).refine((value) => value > 0, {
  error: "must be a number above 0, at most 10",
});

const soundCloningClone: Family = {
  id: "soundclone-clone",
  title: "SoundClone clone",
  kind: "audio",
  createPath: "/v1/soundCloning/clones",
  models: ["soundCloningClone"],
  accepts: soundCloneAccepts,
  polling: kindPolling.audio,
  clonesVoice: true,
  buildBody: (draft) => buildFlatBody(draft, soundCloneAccepts, { sendModel: false }),
  body: wireBody("SoundClone clone", {
    // 15–60 s of speech, as audio (mp3/ogg/wav/m4a/aac) or video (mp4/avi/mov/mkv/flv).
    fileUrl: httpUrl.refine((url) => !chineseCharacter.test(url), {
      error: "must not contain Chinese characters; rename the file or percent-encode its URL",
    }),
    // Left out, the preview speaks a built-in Chinese sentence.
    contentText: text(269).optional(),
    soundVersion: soundVersion.optional(),
    language: text().optional(),
  }),
};

const soundCloningAudio: Family = {
  id: "soundclone-speech",
  title: "SoundClone speech",
  kind: "audio",
  createPath: "/v1/soundCloning/audios",
  models: ["soundCloningAudio"],
  accepts: soundCloneAccepts,
  polling: kindPolling.audio,
  voiceField: "modelId",
  buildBody: (draft) => buildFlatBody(draft, soundCloneAccepts, { sendModel: false }),
  body: wireBody("SoundClone speech", {
    // From a clone task's result; it lapses 3 days after cloning unless used once.
    modelId: z
      .string({
        error: (issue) =>
          issue.input === undefined
            ? "is required: the cloned voice's modelId from a soundCloningClone task"
            : "must be text: the cloned voice's modelId",
      })
      .min(1, { error: "must not be empty: give the cloned voice's modelId" }),
    contentText: text(9999).refine(hasOnlyValidPauses, {
      error: "has a pause marker <#x#> whose x is not a number of seconds from 0.01 to 99.99",
    }),
    soundVersion: soundVersion.optional(),
    language: text().optional(),
    emotion: oneOf(["neutral", "happy", "sad", "angry", "fearful", "disgusted", "surprised"]).optional(),
    // The official page is cut off after `emotion`; these come from a reseller of the same endpoint.
    speed: numberBetween(0.5, 2).optional(),
    vol: loudness.optional(),
    pitch: numberBetween(-12, 12).optional(),
    // True makes the result carry `subtitleFile`, which is downloaded beside the audio.
    subtitleEnable: toggle.optional(),
    subtitleType: oneOf(["word"]).optional(),
  }),
};

export const audioFamilies: Family[] = [soundCloningClone, soundCloningAudio];
