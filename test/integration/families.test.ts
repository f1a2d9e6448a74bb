/**
 * Every API family, end to end through the built action: the manifest's common fields become exactly the
 * request body api-reference.md section 5 documents; an invalid value stops the plan before anything is
 * sent; an unknown model id gets the closest family's ids; and the examples/ manifests plan cleanly.
 *
 * The expected bodies are literals copied from the reference (its documented or inferred examples where
 * it gives one), never computed from the registry: these tests check the registry against the reference.
 */
import { cpSync, existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { type Simulator, startSimulator } from "../../simulator/server.ts";
import { families, findFamily } from "../../src/models/registry.ts";
import type { TaskRecord } from "../../src/run/record.ts";
import {
  type ActionRun,
  makeWorkspace,
  repoRoot,
  runAction,
  type Workspace,
} from "../support/action-runner.ts";

const apiKey = "sk-test-families-5d1e";

/** A simulator where two minutes of video generation take 120 ms of real time. */
function simulate(): Promise<Simulator> {
  return startSimulator({
    apiKey,
    timeScale: 1000,
    scenario: {
      latency: {
        queuedMs: 1000,
        processingMs: { video: 120_000, image: 5000, audio: 10_000 },
        jitter: 0.2,
        seed: 11,
      },
    },
  });
}

function inputs(sim: Simulator, extra: Record<string, string>): Record<string, string> {
  return { "api-key": apiKey, "base-url": sim.url, "poll-interval": "50ms", ...extra };
}

/** The log with the runner's workflow-command escapes undone, so multi-line messages read as written. */
function decodedLog(run: ActionRun): string {
  return run.stdout.replace(/%0D/g, "\r").replace(/%0A/g, "\n").replace(/%25/g, "%");
}

/** A manifest task: `  - name: <name>` followed by the case's own lines (indented four spaces). */
function taskYaml(name: string, lines: string): string {
  return `  - name: ${name}${lines}\n`;
}

/**
 * The 1-based line a problem should point at: the line of the manifest key `at` inside the named task,
 * or the task's first line when the problem is a field that is missing.
 */
function expectedLine(manifest: string, name: string, at?: string): number {
  const lines = manifest.split("\n");
  const start = lines.indexOf(`  - name: ${name}`);
  if (start < 0) throw new Error(`task ${name} is not in the manifest`);
  if (at === undefined) return start + 1;
  const offset = lines.slice(start + 1).findIndex((line) => line.startsWith(`    ${at}:`));
  if (offset < 0) throw new Error(`task ${name} has no ${at}`);
  return start + 2 + offset;
}

const mediaKinds: readonly string[] = ["video", "image", "audio"];
const extensions: Record<string, string> = { video: "mp4", image: "png", audio: "wav" };

// ---------------------------------------------------------------------------------------------
// 1. Common fields → the wire body of api-reference.md section 5
// ---------------------------------------------------------------------------------------------

interface WireCase {
  /** The family as api-reference.md section 4 names it (a variant in parentheses). */
  family: string;
  name: string;
  kind: "video" | "image" | "audio";
  endpoint: string;
  /** The task's manifest lines after its name. */
  task: string;
  /** The request body the reference says the API takes. */
  body: Record<string, unknown>;
}

const wireCases: WireCase[] = [
  {
    // 5.1, the documented request: `seconds`, not `duration`, and the reference image as input_reference.
    family: "Sora",
    name: "sora",
    kind: "video",
    endpoint: "/v1/sora/videos",
    task: `
    model: openAiSora2Plus
    prompt: A cat dancing in the rain, cinematic style
    aspect_ratio: "16:9"
    duration: 8
    reference_images: [https://example.com/reference1.jpg]`,
    body: {
      model: "openAiSora2Plus",
      prompt: "A cat dancing in the rain, cinematic style",
      aspect_ratio: "16:9",
      seconds: 8,
      input_reference: ["https://example.com/reference1.jpg"],
    },
  },
  {
    // 5.2, the documented request: reference mode, no duration field.
    family: "VEO",
    name: "veo",
    kind: "video",
    endpoint: "/v1/veo/videos",
    task: `
    model: veo_3_1_fast
    prompt: A slow dolly shot across a misty pine forest at sunrise
    aspect_ratio: "16:9"
    resolution: 1080p
    reference_images: [https://example.com/reference1.jpg, https://example.com/reference2.jpg]`,
    body: {
      model: "veo_3_1_fast",
      prompt: "A slow dolly shot across a misty pine forest at sunrise",
      aspect_ratio: "16:9",
      resolution: "1080p",
      input_reference: ["https://example.com/reference1.jpg", "https://example.com/reference2.jpg"],
    },
  },
  {
    family: "VEO (first/last-frame mode)",
    name: "veo-frames",
    kind: "video",
    endpoint: "/v1/veo/videos",
    task: `
    model: veo_3_1_fast_stable
    prompt: The flower opens as the sun comes up
    first_image: https://example.com/bud.jpg
    last_image: https://example.com/bloom.jpg
    resolution: 720p`,
    body: {
      model: "veo_3_1_fast_stable",
      prompt: "The flower opens as the sun comes up",
      first_image: "https://example.com/bud.jpg",
      last_image: "https://example.com/bloom.jpg",
      resolution: "720p",
    },
  },
  {
    // 5.3: the prompt and the frames go inside content[], with roles; `ratio`, not aspect_ratio.
    family: "Seedance 1.5",
    name: "seedance-1-5",
    kind: "video",
    endpoint: "/v1/seedance/videos",
    task: `
    model: seedance_1_5_pro_720p
    prompt: A cat yawning at the camera
    first_image: https://example.com/first.jpg
    last_image: https://example.com/last.jpg
    aspect_ratio: adaptive
    duration: 5`,
    body: {
      model: "seedance_1_5_pro_720p",
      content: [
        { type: "text", text: "A cat yawning at the camera" },
        { type: "image_url", image_url: { url: "https://example.com/first.jpg" }, role: "first_frame" },
        { type: "image_url", image_url: { url: "https://example.com/last.jpg" }, role: "last_frame" },
      ],
      ratio: "adaptive",
      duration: 5,
    },
  },
  {
    // 5.4: camelCase references and generateAudio; seedance_2_0 needs a reference video (newer text).
    family: "Seedance 2.0",
    name: "seedance-2-0",
    kind: "video",
    endpoint: "/v1/kyyvideo2/videos",
    task: `
    model: seedance_2_0
    prompt: A cat dancing in the rain, cinematic style
    duration: 10
    aspect_ratio: "16:9"
    reference_images: [https://example.com/cat.png]
    reference_videos: [https://example.com/dance.mp4]
    reference_audios: [asset://asset_audio_001]
    params: { generateAudio: true }`,
    body: {
      model: "seedance_2_0",
      prompt: "A cat dancing in the rain, cinematic style",
      duration: 10,
      aspect_ratio: "16:9",
      generateAudio: true,
      referenceImages: ["https://example.com/cat.png"],
      referenceVideos: ["https://example.com/dance.mp4"],
      referenceAudios: ["asset://asset_audio_001"],
    },
  },
  {
    // 5.5, the inferred request: content[] with a text item and a first frame.
    family: "Seedance X1",
    name: "seedance-x1",
    kind: "video",
    endpoint: "/v1/seedance-x1/videos",
    task: `
    model: seedance_2_0_x1_official
    prompt: The dancer spins and the camera follows
    first_image: https://example.com/dancer.jpg
    resolution: 720p
    aspect_ratio: "16:9"
    duration: 5`,
    body: {
      model: "seedance_2_0_x1_official",
      resolution: "720p",
      ratio: "16:9",
      duration: 5,
      content: [
        { type: "text", text: "The dancer spins and the camera follows" },
        { type: "image_url", image_url: { url: "https://example.com/dancer.jpg" }, role: "first_frame" },
      ],
    },
  },
  {
    // 5.5: references become image_url, video_url and audio_url items with their reference roles.
    family: "Seedance X1 (references)",
    name: "seedance-x1-references",
    kind: "video",
    endpoint: "/v1/seedance-x1/videos",
    task: `
    model: seedance_fast_2_0_x1_discount
    prompt: The dancer copies the moves of the reference to its music
    reference_images: [https://example.com/dancer.jpg]
    reference_videos: [https://example.com/moves.mp4]
    reference_audios: [https://example.com/song.mp3]`,
    body: {
      model: "seedance_fast_2_0_x1_discount",
      content: [
        { type: "text", text: "The dancer copies the moves of the reference to its music" },
        { type: "image_url", image_url: { url: "https://example.com/dancer.jpg" }, role: "reference_image" },
        { type: "video_url", video_url: { url: "https://example.com/moves.mp4" }, role: "reference_video" },
        { type: "audio_url", audio_url: { url: "https://example.com/song.mp3" }, role: "reference_audio" },
      ],
    },
  },
  {
    // 5.6, the inferred request plus first/last frames.
    family: "Vidu",
    name: "vidu",
    kind: "video",
    endpoint: "/v1/vidu/videos",
    task: `
    model: viduq3-pro
    prompt: A paper boat drifting down a rainy street
    duration: 5
    aspect_ratio: "16:9"
    resolution: 720p
    first_image: https://example.com/boat-start.jpg
    last_image: https://example.com/boat-end.jpg`,
    body: {
      model: "viduq3-pro",
      prompt: "A paper boat drifting down a rainy street",
      duration: 5,
      aspect_ratio: "16:9",
      resolution: "720p",
      first_image: "https://example.com/boat-start.jpg",
      last_image: "https://example.com/boat-end.jpg",
    },
  },
  {
    // 5.7, the inferred request plus a reference image, which Grok calls image_urls.
    family: "Grok",
    name: "grok",
    kind: "video",
    endpoint: "/v1/grok/videos",
    task: `
    model: grok_video3
    prompt: A fox running through snow at dusk
    duration: 10
    aspect_ratio: "16:9"
    resolution: 720p
    reference_images: [https://example.com/fox.jpg]`,
    body: {
      model: "grok_video3",
      prompt: "A fox running through snow at dusk",
      duration: 10,
      aspect_ratio: "16:9",
      resolution: "720p",
      image_urls: ["https://example.com/fox.jpg"],
    },
  },
  {
    // 5.8, starvideos_o3: `ratio`, camelCase references.
    family: "StarVideos",
    name: "starvideos",
    kind: "video",
    endpoint: "/v1/starvideos/videos",
    task: `
    model: starvideos_o3
    prompt: A cyberpunk city at night with a slow camera push-in
    duration: 5
    aspect_ratio: "9:16"
    reference_images: [https://example.com/city.jpg]
    reference_videos: [https://example.com/push-in.mp4]`,
    body: {
      model: "starvideos_o3",
      prompt: "A cyberpunk city at night with a slow camera push-in",
      duration: 5,
      ratio: "9:16",
      referenceImages: ["https://example.com/city.jpg"],
      referenceVideos: ["https://example.com/push-in.mp4"],
    },
  },
  {
    // 5.8, the documented starvideos_v3 request, whose frames travel as images: [first, last].
    family: "StarVideos (legacy starvideos_v3)",
    name: "starvideos-v3",
    kind: "video",
    endpoint: "/v1/starvideos/videos",
    task: `
    model: starvideos_v3
    prompt: A cyberpunk city at night with a slow camera push-in
    duration: 5
    aspect_ratio: "16:9"
    first_image: https://example.com/street.jpg
    last_image: https://example.com/skyline.jpg`,
    body: {
      prompt: "A cyberpunk city at night with a slow camera push-in",
      model: "starvideos_v3",
      duration: 5,
      ratio: "16:9",
      images: ["https://example.com/street.jpg", "https://example.com/skyline.jpg"],
    },
  },
  {
    // 5.9, the inferred request with the newer frame names (not image/lastFrameImage).
    family: "Videos",
    name: "videos",
    kind: "video",
    endpoint: "/v1/videos/videos",
    task: `
    model: videos
    prompt: Waves crashing on black sand, slow motion
    duration: 5
    aspect_ratio: "16:9"
    resolution: 720p
    first_image: https://example.com/calm.jpg
    last_image: https://example.com/storm.jpg`,
    body: {
      model: "videos",
      prompt: "Waves crashing on black sand, slow motion",
      duration: 5,
      ratio: "16:9",
      resolution: "720p",
      first_image: "https://example.com/calm.jpg",
      last_image: "https://example.com/storm.jpg",
    },
  },
  {
    // 5.10, the inferred request: an asset-library id passes through unchanged.
    family: "SD2 Manxue",
    name: "sd2-manxue",
    kind: "video",
    endpoint: "/v1/sd2_manxue/videos",
    task: `
    model: sd2_manxue_1080p
    prompt: A lantern festival over a river
    duration: 5
    aspect_ratio: "16:9"
    reference_images: [asset://asset_img_001]`,
    body: {
      model: "sd2_manxue_1080p",
      prompt: "A lantern festival over a river",
      duration: 5,
      ratio: "16:9",
      referenceImages: ["asset://asset_img_001"],
    },
  },
  {
    // 5.11: `seconds` as a string, frames as first_image_url/last_image_url.
    family: "Omni Flash",
    name: "omni-flash",
    kind: "video",
    endpoint: "/v1/omni-flash/videos",
    task: `
    model: omni-flash
    prompt: A hummingbird hovering over a red flower
    duration: 10
    aspect_ratio: "16:9"
    resolution: 720p
    first_image: https://example.com/hover.jpg
    last_image: https://example.com/sip.jpg`,
    body: {
      model: "omni-flash",
      prompt: "A hummingbird hovering over a red flower",
      seconds: "10",
      aspect_ratio: "16:9",
      resolution: "720p",
      first_image_url: "https://example.com/hover.jpg",
      last_image_url: "https://example.com/sip.jpg",
    },
  },
  {
    // 5.12: `ratio`, and resolutions with an upper-case P.
    family: "Happy Horse T2V",
    name: "happyhorse-t2v",
    kind: "video",
    endpoint: "/v1/happyhorse-t2v/videos",
    task: `
    model: happyhorse-1.0-t2v
    prompt: A white horse galloping along a beach at golden hour
    duration: 5
    aspect_ratio: "16:9"
    resolution: 1080p
    params: { seed: 42 }`,
    body: {
      model: "happyhorse-1.0-t2v",
      prompt: "A white horse galloping along a beach at golden hour",
      duration: 5,
      ratio: "16:9",
      resolution: "1080P",
      seed: 42,
    },
  },
  {
    // 5.12, the inferred request, word for word.
    family: "Happy Horse I2V",
    name: "happyhorse-i2v",
    kind: "video",
    endpoint: "/v1/happyhorse-i2v/videos",
    task: `
    model: happyhorse-1.0-i2v
    prompt: The horse turns its head toward the camera
    first_image: https://example.com/horse.jpg
    duration: 5
    resolution: 720p
    params: { seed: 0 }`,
    body: {
      model: "happyhorse-1.0-i2v",
      prompt: "The horse turns its head toward the camera",
      first_image: "https://example.com/horse.jpg",
      duration: 5,
      resolution: "720P",
      seed: 0,
    },
  },
  {
    family: "Happy Horse R2V",
    name: "happyhorse-r2v",
    kind: "video",
    endpoint: "/v1/happyhorse-r2v/videos",
    task: `
    model: happyhorse-1.0-r2v
    prompt: "[Image 1] gallops past [Image 2] in a storm"
    reference_images: [https://example.com/horse.jpg, https://example.com/lighthouse.jpg]
    duration: 5
    aspect_ratio: "9:16"
    resolution: 720p`,
    body: {
      model: "happyhorse-1.0-r2v",
      prompt: "[Image 1] gallops past [Image 2] in a storm",
      referenceImages: ["https://example.com/horse.jpg", "https://example.com/lighthouse.jpg"],
      duration: 5,
      ratio: "9:16",
      resolution: "720P",
    },
  },
  {
    family: "Happy Horse edit",
    name: "happyhorse-edit",
    kind: "video",
    endpoint: "/v1/happyhorse-edit/videos",
    task: `
    model: happyhorse-1.0-video-edit
    prompt: Turn the horse's coat jet black, keep everything else
    reference_videos: [https://example.com/ride.mp4]
    reference_images: [https://example.com/black-coat.jpg]
    resolution: 1080p
    params: { audioSetting: origin }`,
    body: {
      model: "happyhorse-1.0-video-edit",
      prompt: "Turn the horse's coat jet black, keep everything else",
      referenceVideos: ["https://example.com/ride.mp4"],
      referenceImages: ["https://example.com/black-coat.jpg"],
      resolution: "1080P",
      audioSetting: "origin",
    },
  },
  {
    // 5.13, the documented request with a reference image: `size` is a ratio.
    family: "Nano Banana",
    name: "nano-banana",
    kind: "image",
    endpoint: "/v1/banana/images",
    task: `
    model: nano-banana-2
    prompt: A cute orange cat sitting on a windowsill looking at the scenery outside
    resolution: 2k
    aspect_ratio: "16:9"
    reference_images: [https://example.com/cat.jpg]`,
    body: {
      model: "nano-banana-2",
      prompt: "A cute orange cat sitting on a windowsill looking at the scenery outside",
      resolution: "2k",
      size: "16:9",
      image_urls: ["https://example.com/cat.jpg"],
    },
  },
  {
    // 5.14, the documented request: `ratio` with `resolution`, quality from params.
    family: "GPT Image 2",
    name: "gpt-image-2",
    kind: "image",
    endpoint: "/v1/image2/images",
    task: `
    model: gpt-image-2
    prompt: A watercolor fox in a snowy forest
    aspect_ratio: "16:9"
    resolution: 2k
    reference_images: [https://example.com/sketch.png]
    params: { quality: high }`,
    body: {
      model: "gpt-image-2",
      prompt: "A watercolor fox in a snowy forest",
      quality: "high",
      ratio: "16:9",
      resolution: "2k",
      image_urls: ["https://example.com/sketch.png"],
    },
  },
  {
    // 5.16 (inferred): flat snake_case, the common fields under their own names, per-model fields beside.
    family: "Model Center v2 video",
    name: "model-center-video",
    kind: "video",
    endpoint: "/v2/model-center/tasks",
    task: `
    model: seedance-2.5-c1
    prompt: A paper boat drifting down a rain gutter
    reference_images: [https://example.com/boat.jpg, asset://asset-7f3a]
    duration: 10
    aspect_ratio: "16:9"
    resolution: 720p
    params: { seed: 42, watermark: false }`,
    body: {
      model: "seedance-2.5-c1",
      prompt: "A paper boat drifting down a rain gutter",
      reference_images: ["https://example.com/boat.jpg", "asset://asset-7f3a"],
      duration: 10,
      aspect_ratio: "16:9",
      resolution: "720p",
      seed: 42,
      watermark: false,
    },
  },
  {
    family: "Model Center v2 image",
    name: "model-center-image",
    kind: "image",
    endpoint: "/v2/model-center/tasks",
    task: `
    model: seedream_5.0Pro
    prompt: A lighthouse at dawn
    aspect_ratio: "3:4"`,
    body: { model: "seedream_5.0Pro", prompt: "A lighthouse at dawn", aspect_ratio: "3:4" },
  },
  {
    // 5.15: no `model` on the wire; the prompt is the preview's contentText.
    family: "SoundClone clone",
    name: "soundclone-clone",
    kind: "audio",
    endpoint: "/v1/soundCloning/clones",
    task: `
    model: soundCloningClone
    prompt: Hello, this is a preview of my cloned voice.
    params: { fileUrl: "https://example.com/voice-sample.mp3", soundVersion: v2 }`,
    body: {
      fileUrl: "https://example.com/voice-sample.mp3",
      contentText: "Hello, this is a preview of my cloned voice.",
      soundVersion: "v2",
    },
  },
  {
    // 5.15, the inferred request, word for word: no `model`, the prompt as contentText.
    family: "SoundClone speech",
    name: "soundclone-speech",
    kind: "audio",
    endpoint: "/v1/soundCloning/audios",
    task: `
    model: soundCloningAudio
    prompt: Welcome to the release notes.<#0.5#>Here is what changed.
    params: { modelId: voice_abc123, emotion: neutral }`,
    body: {
      modelId: "voice_abc123",
      contentText: "Welcome to the release notes.<#0.5#>Here is what changed.",
      emotion: "neutral",
    },
  },
];

// ---------------------------------------------------------------------------------------------
// 2. One instructive mistake per family
// ---------------------------------------------------------------------------------------------

interface InvalidCase {
  family: string;
  name: string;
  task: string;
  /** The manifest key the problem points at; absent when the problem is a missing field. */
  at?: string;
  /** The problem after `task "<name>": `: the field, and the allowed values where they are a list. */
  problem: RegExp;
}

const invalidCases: InvalidCase[] = [
  {
    family: "Sora",
    name: "sora-ten-seconds",
    task: `
    model: openAiSora2Plus
    prompt: A cat dancing in the rain
    duration: 10`,
    at: "duration",
    problem: /^field "duration" \(sent as "seconds"\): must be one of 4, 8, 12$/,
  },
  {
    family: "VEO",
    name: "veo-stable-with-references",
    task: `
    model: veo_3_1_fast_stable
    prompt: A misty pine forest
    reference_images: [https://example.com/forest.jpg]`,
    at: "reference_images",
    problem:
      /^field "reference_images" \(sent as "input_reference"\): is not allowed on veo_3_1_fast_stable, which works in first\/last-frame mode only/,
  },
  {
    family: "Seedance 1.5",
    name: "seedance-1-5-wide",
    task: `
    model: seedance_1_5_pro_720p
    prompt: A cat yawning at the camera
    aspect_ratio: "2:1"`,
    at: "aspect_ratio",
    problem:
      /^field "aspect_ratio" \(sent as "ratio"\): must be one of 16:9, 4:3, 1:1, 3:4, 9:16, 21:9, adaptive$/,
  },
  {
    family: "Seedance 2.0",
    name: "seedance-2-0-frames-and-references",
    task: `
    model: seedance_2_0_pro
    prompt: A cat dancing in the rain
    first_image: https://example.com/cat.jpg
    reference_audios: [https://example.com/beat.mp3]`,
    at: "reference_audios",
    problem:
      /^field "reference_audios" \(sent as "referenceAudios"\): cannot be combined with first_image\/last_image/,
  },
  {
    // X1 needs media besides the text. content[] is built from the prompt and media fields, which the
    // message names, and the annotation points at the prompt.
    family: "Seedance X1",
    name: "seedance-x1-text-only",
    task: `
    model: seedance_2_0_x1_official
    prompt: The dancer spins and the camera follows`,
    at: "prompt",
    problem:
      /^the prompt and media fields \(prompt, first_image, [^)]*; sent as "content\[\]"\): needs at least one image, video or audio item besides the text$/,
  },
  {
    family: "Vidu",
    name: "vidu-4k",
    task: `
    model: viduq3-turbo
    prompt: A paper boat drifting down a rainy street
    resolution: 4K`,
    at: "resolution",
    problem: /^field "resolution": must be one of 540p, 720p, 1080p$/,
  },
  {
    family: "Grok",
    name: "grok-max-eight-seconds",
    task: `
    model: grok_video3_max
    prompt: A fox running through snow at dusk
    duration: 8`,
    at: "duration",
    problem: /^field "duration": must be one of 6, 10, 12, 16, 20, 30 for grok_video3_max$/,
  },
  {
    family: "StarVideos",
    name: "starvideos-four-three",
    task: `
    model: starvideos_o3
    prompt: A cyberpunk city at night
    aspect_ratio: "4:3"`,
    at: "aspect_ratio",
    problem: /^field "aspect_ratio" \(sent as "ratio"\): must be one of 9:16, 1:1, 16:9$/,
  },
  {
    // The one family whose duration is required.
    family: "Videos",
    name: "videos-no-duration",
    task: `
    model: videos
    prompt: Waves crashing on black sand`,
    problem: /^field "duration": is required/,
  },
  {
    family: "SD2 Manxue",
    name: "sd2-manxue-video-reference",
    task: `
    model: sd2_manxue_720p
    prompt: A lantern festival over a river
    reference_videos: [https://example.com/lanterns.mp4]`,
    at: "reference_videos",
    problem:
      /^field "reference_videos" \(sent as "referenceVideos"\): needs an sd2_manxue_video_\* model .*sd2_manxue_720p takes no reference videos$/,
  },
  {
    family: "Omni Flash",
    name: "omni-flash-five-seconds",
    task: `
    model: omni-flash
    prompt: A hummingbird hovering over a red flower
    duration: 5`,
    at: "duration",
    problem: /^field "duration" \(sent as "seconds"\): must be "10", as a string/,
  },
  {
    family: "Happy Horse T2V",
    name: "happyhorse-t2v-wide",
    task: `
    model: happyhorse-1.0-t2v
    prompt: A white horse on a beach
    aspect_ratio: "2:1"`,
    at: "aspect_ratio",
    problem:
      /^field "aspect_ratio" \(sent as "ratio"\): must be one of 16:9, 9:16, 1:1, 4:3, 3:4, 4:5, 5:4, 9:21, 21:9$/,
  },
  {
    family: "Happy Horse I2V",
    name: "happyhorse-i2v-no-image",
    task: `
    model: happyhorse-1.0-i2v
    prompt: The horse turns its head toward the camera`,
    problem: /^field "first_image": is required/,
  },
  {
    family: "Happy Horse R2V",
    name: "happyhorse-r2v-ten-images",
    task: `
    model: happyhorse-1.0-r2v
    prompt: "[Image 1] in a field"
    reference_images: [${Array.from({ length: 10 }, (_, i) => `https://example.com/ref${i + 1}.jpg`).join(", ")}]`,
    at: "reference_images",
    problem: /^field "reference_images" \(sent as "referenceImages"\): takes at most 9 URLs$/,
  },
  {
    family: "Happy Horse edit",
    name: "happyhorse-edit-two-videos",
    task: `
    model: happyhorse-1.0-video-edit
    prompt: Turn the horse's coat jet black
    reference_videos: [https://example.com/ride1.mp4, https://example.com/ride2.mp4]`,
    at: "reference_videos",
    problem: /^field "reference_videos" \(sent as "referenceVideos"\): takes at most 1 URL$/,
  },
  {
    family: "Nano Banana",
    name: "nano-banana-seven-five",
    task: `
    model: nano-banana-2
    prompt: A cute orange cat on a windowsill
    aspect_ratio: "7:5"`,
    at: "aspect_ratio",
    problem:
      /^field "aspect_ratio" \(sent as "size"\): must be one of 1:1, 16:9, 9:16, 4:3, 3:4, 3:2, 2:3, 5:4, 4:5, 21:9$/,
  },
  {
    family: "GPT Image 2",
    name: "gpt-image-2-resolution-alone",
    task: `
    model: gpt-image-2
    prompt: A watercolor fox
    resolution: 2k`,
    at: "resolution",
    problem: /^field "resolution": needs ratio/,
  },
  {
    family: "Model Center v2 video",
    name: "model-center-too-long",
    task: `
    model: seedance-2.5-c1
    prompt: A paper boat
    duration: 45`,
    at: "duration",
    problem: /^field "duration": must be from 4 to 30 seconds for seedance-2\.5-c1$/,
  },
  {
    family: "Model Center v2 image",
    name: "model-center-image-first-frame",
    task: `
    model: seedream-5.0
    prompt: A lighthouse
    first_image: https://example.com/l.jpg`,
    at: "first_image",
    problem: /^field "first_image": Model Center v2 image \(seedream-5\.0\) does not take it/,
  },
  {
    family: "SoundClone clone",
    name: "soundclone-clone-no-file",
    task: `
    model: soundCloningClone
    prompt: Hello, this is my voice.`,
    problem: /^field "(params\.)?fileUrl": is required/,
  },
  {
    family: "SoundClone speech",
    name: "soundclone-speech-no-voice",
    task: `
    model: soundCloningAudio
    prompt: Welcome to the release notes.`,
    problem:
      /^field "(params\.)?modelId": is required: the cloned voice's modelId from a soundCloningClone task$/,
  },
];

/** A task that is fine on its own: a broken plan must stop it too. */
const validTask = taskYaml(
  "fine",
  `
    model: nano-banana-2
    prompt: A cute orange cat on a windowsill`,
);

/** The line of the log that reports `name`'s problem, with the problem after `task "<name>": `. */
function problemOf(log: string, file: string, line: number, name: string): string | undefined {
  const prefix = `::error file=${file},line=${line}::${file}:${line}: task "${name}": `;
  return log
    .split("\n")
    .find((entry) => entry.startsWith(prefix))
    ?.slice(prefix.length);
}

function expectNoStackTrace(run: ActionRun): void {
  expect(run.stderr).toBe("");
  expect(decodedLog(run)).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  expect(run.stdout).not.toContain("failed unexpectedly");
}

// ---------------------------------------------------------------------------------------------
// 3. Unknown ids near a family
// ---------------------------------------------------------------------------------------------

const unknownIds = [
  { name: "sora", typed: "sora-2", family: "Sora", models: ["openAiSora2Plus", "openAiSora2Pro"] },
  {
    name: "veo",
    typed: "veo3",
    family: "VEO",
    models: ["veo_3_1_fast", "veo_3_1_pro", "veo_3_1_fast_stable", "veo_3_1_pro_stable"],
  },
  {
    name: "seedance",
    typed: "seedance_2_0_turbo",
    family: "Seedance 2.0",
    models: ["seedance_2_0", "seedance_2_0_fast", "seedance_2_0_pro", "seedance_2_0_fast_pro"],
    older: ["kyyvideo2", "kyyvideo2_fast", "kyyvideo2_pro", "kyyvideo2_fast_pro"],
  },
  {
    name: "banana",
    typed: "nano-banana-3",
    family: "Nano Banana",
    models: [
      "nano-banana",
      "nano-banana-2",
      "nano-banana-2-stable",
      "nano-banana-pro",
      "nano-banana-pro-stable",
    ],
    suggestion: "nano-banana-2",
  },
  {
    name: "grok",
    typed: "grok_video4",
    family: "Grok",
    models: ["grok_video3", "grok_video3_pro", "grok_video3_max", "grok_video3_stable"],
    suggestion: "grok_video3",
  },
  {
    name: "horse",
    typed: "happyhorse-t2v",
    family: "Happy Horse T2V",
    models: ["happyhorse-1.0-t2v"],
    suggestion: "happyhorse-1.0-t2v",
  },
  {
    name: "starvideos",
    typed: "starvideos",
    family: "StarVideos",
    models: ["starvideos_o3"],
    older: ["starvideos_v3"],
  },
];

// ---------------------------------------------------------------------------------------------

describe("every API family through the built action", () => {
  it("has a wire test and an invalid-value test for each of the registry's 21 media families", () => {
    const media = families.filter((family) => mediaKinds.includes(family.kind));
    expect(media).toHaveLength(21);
    expect(new Set(wireCases.map((c) => c.endpoint))).toEqual(new Set(media.map((f) => f.createPath)));
    const invalidFamilies = invalidCases.map((c) => c.family);
    expect(invalidFamilies.sort()).toEqual(media.map((family) => family.title).sort());
  });

  describe("turns the manifest's common fields into each family's documented request body", () => {
    let sim: Simulator;
    let ws: Workspace;
    let run: ActionRun;
    let records: TaskRecord[];

    beforeAll(async () => {
      sim = await simulate();
      ws = makeWorkspace();
      ws.write("media.yml", `tasks:\n${wireCases.map((c) => taskYaml(c.name, c.task)).join("")}`);
      run = await runAction(ws, inputs(sim, { manifest: "media.yml", concurrency: "8" }));
      const results = JSON.parse(readFileSync(path.join(ws.dir, "generated-media/results.json"), "utf8"));
      records = results.tasks as TaskRecord[];
    });

    afterAll(async () => {
      await sim?.close();
    });

    it("completes every task with one create each", () => {
      expect(run.stderr).toBe("");
      expect(records.map((r) => [r.name, r.status])).toEqual(wireCases.map((c) => [c.name, "completed"]));
      expect(run.code).toBe(0);
      expect(sim.creates()).toHaveLength(wireCases.length);
      expect(sim.requests.filter((r) => r.route === "create" && r.status !== 200)).toEqual([]);
    });

    it.each(wireCases)("$family: POST $endpoint with the reference's body", (c) => {
      const record = records.find((r) => r.name === c.name);
      expect(record).toMatchObject({ status: "completed", kind: c.kind, error: null });
      const request = sim.creates().find((r) => r.taskId === record?.taskId);
      expect(request?.method).toBe("POST");
      expect(request?.path).toBe(c.endpoint);
      expect(request?.body).toEqual(c.body);
      const file = record?.file;
      expect(file?.path).toBe(`generated-media/${c.name}.${extensions[c.kind]}`);
      const onDisk = path.join(ws.dir, file?.path ?? "missing");
      expect(existsSync(onDisk)).toBe(true);
      expect(statSync(onDisk).size).toBe(file?.bytes);
    });
  });

  describe("stops the plan on an invalid value, naming the task, the field and the allowed values", () => {
    let sim: Simulator | undefined;

    afterEach(async () => {
      await sim?.close();
      sim = undefined;
    });

    it.each(invalidCases)("$family: $name sends nothing and exits 1", async (c) => {
      sim = await simulate();
      const ws = makeWorkspace();
      const manifest = `tasks:\n${taskYaml(c.name, c.task)}${validTask}`;
      ws.write("invalid.yml", manifest);
      const run = await runAction(ws, inputs(sim, { manifest: "invalid.yml" }));
      expect(run.code).toBe(1);
      expect(sim.requests).toEqual([]);
      expectNoStackTrace(run);
      const line = expectedLine(manifest, c.name, c.at);
      const problem = problemOf(decodedLog(run), "invalid.yml", line, c.name);
      expect(problem, `an annotation at invalid.yml:${line} for task "${c.name}"`).toBeDefined();
      expect(problem).toMatch(c.problem);
      expect(existsSync(path.join(ws.dir, "generated-media"))).toBe(false);
    });

    it("lists every broken task of a manifest in one failure, annotating only the first few", async () => {
      sim = await simulate();
      const ws = makeWorkspace();
      ws.write(
        "invalid.yml",
        `tasks:\n${validTask}${invalidCases.map((c) => taskYaml(c.name, c.task)).join("")}`,
      );
      const run = await runAction(ws, inputs(sim, { manifest: "invalid.yml" }));
      expect(run.code).toBe(1);
      expect(sim.requests).toEqual([]);
      expectNoStackTrace(run);
      const log = decodedLog(run);
      // Every broken task is listed (a task with two mistakes lists both).
      const count = Number(/(\d+) problems:/.exec(log)?.[1]);
      expect(count).toBeGreaterThanOrEqual(invalidCases.length);
      for (const c of invalidCases) {
        const reported = log.split("\n").find((entry) => entry.includes(`: task "${c.name}": `));
        expect(reported?.split(`: task "${c.name}": `)[1], c.name).toMatch(c.problem);
      }
      const annotations = log.split("\n").filter((entry) => entry.startsWith("::error file=invalid.yml,"));
      expect(annotations.length).toBeGreaterThan(0);
      expect(annotations.length).toBeLessThanOrEqual(5);
    });
  });

  describe("answers an unknown model id with the models of the nearest family", () => {
    let sim: Simulator;
    let log: string;
    let run: ActionRun;

    beforeAll(async () => {
      sim = await simulate();
      const ws = makeWorkspace();
      ws.write(
        "unknown.yml",
        `tasks:\n${unknownIds.map((u) => taskYaml(u.name, `\n    model: ${u.typed}\n    prompt: anything`)).join("")}`,
      );
      run = await runAction(ws, inputs(sim, { manifest: "unknown.yml" }));
      log = decodedLog(run);
    });

    afterAll(async () => {
      await sim?.close();
    });

    it("fails before sending anything", () => {
      expect(run.code).toBe(1);
      expect(sim.requests).toEqual([]);
      expectNoStackTrace(run);
    });

    it.each(unknownIds)('"$typed" → the $family models', (u) => {
      const reported = log.split("\n").find((entry) => entry.includes(`: task "${u.name}": `));
      const message = reported?.split(`: task "${u.name}": `)[1] ?? "";
      const older = u.older ? ` (older: ${u.older.join(", ")})` : "";
      expect(message).toMatch(
        new RegExp(`^field "model": Unknown model "${u.typed}"\\. Did you mean "([^"]+)"\\? `),
      );
      expect(message, message).toContain(`${u.family} models: ${u.models.join(", ")}${older}. `);
      // A model the registry does not know yet is not a dead end (design 8).
      expect(message).toMatch(
        /send it as an endpoint task \(endpoint: \/v2\/model-center\/tasks, kind, body with its model\)\.$/,
      );
      const suggestion = /Did you mean "([^"]+)"/.exec(message)?.[1] ?? "";
      expect([...u.models, ...(u.older ?? [])]).toContain(suggestion);
      if (u.suggestion) expect(suggestion).toBe(u.suggestion);
    });
  });

  describe("the examples/ manifests", () => {
    let sim: Simulator | undefined;

    afterEach(async () => {
      await sim?.close();
      sim = undefined;
    });

    it.each(["video", "image", "audio", "text"])(
      "examples/%s.yml plans in a dry run without sending anything",
      async (kind) => {
        sim = await simulate();
        const ws = makeWorkspace();
        cpSync(path.join(repoRoot, "examples"), path.join(ws.dir, "examples"), { recursive: true });
        const file = `examples/${kind}.yml`;
        const run = await runAction(ws, {
          "base-url": sim.url,
          "text-base-url": sim.url,
          manifest: file,
          "dry-run": "true",
        });
        expect(run.stderr).toBe("");
        expect(run.stdout).not.toMatch(/::(error|warning)/);
        expect(run.code).toBe(0);
        expect(sim.requests).toEqual([]);
        // One example per kind: every task's model makes that kind, and the plan shows each task.
        const manifest = parse(readFileSync(path.join(ws.dir, file), "utf8")) as {
          defaults?: { model?: string };
          tasks: { name: string; model?: string }[];
        };
        expect(manifest.tasks.length).toBeGreaterThan(1);
        for (const task of manifest.tasks) {
          const family = findFamily(task.model ?? manifest.defaults?.model ?? "");
          expect(family?.kind, task.name).toBe(kind);
          expect(run.summary).toContain(task.name);
          const endpoint = family?.createPath.replace("{model}", encodeURIComponent(task.model ?? ""));
          expect(run.summary).toContain(`POST ${sim?.url ?? ""}${endpoint}`);
        }
      },
    );
  });
});
