/**
 * Model Center v2 (api-reference 5.16) as the simulator reads it, and the routes a scenario adds
 * (scenario.ts `routes`). v2's official pages were not readable, so its reading is loose where the
 * reference is unsure: any non-empty `model` is taken (the API adds models every month), fields no client
 * has shown pass, and only the shapes every client agrees on are checked.
 */
import { z } from "zod";
import type { ResolvedScenario } from "./scenario.ts";
import type { TaskStatus } from "./tasks.ts";
import { boolean, type Endpoint, integer, nonEmpty, urlOrAsset, urls } from "./wire-fields.ts";

export const modelCenterCreatePath = "/v2/model-center/tasks";
export const modelCenterPollPath = "/v2/model-center/tasks/{id}";
const v1PollPath = "/v1/result/{id}";

// 5.16's lists, kept apart from the client's registry on purpose. `videos_stable(_fast)` are listed there
// too, but they are the v1 Videos endpoint's ids; here they still work, as any model does.
const videoModels = [
  "minimax-h3",
  "MiniMax-H3-c1",
  "MiniMax-H3-c4",
  "MiniMax-H3-768p",
  "hh-1.1-t2v-o",
  "hh-1.1-i2v-o",
  "hh-1.1-r2v-o",
  "happyhorse-1.1-r2v",
  "wan2.7-t2v",
  "wan2.7-i2v",
  "wan2.7-r2v",
  "wan2.7-videoedit",
  "wan3.0-r2v",
  "KlingO3",
  "seedance-2.5-c1",
  "seedance-2.5-c3",
  "sd_2.5_discount_v1",
  "sd_2.5_special_v1",
  "sd_2.0_special",
  "sd_2.0_fast_special",
  "sd_2.0_discount",
  "sd_2.0_fast_discount",
  "videos_933_c1",
  "videos_fast_933_c1",
  "video_30_10_10",
];
const imageModels = ["seedream-5.0", "seedream_5.0Pro"];

// Flat snake_case; the largest counts any client allows (30/10/10 for Seedance 2.5), so no valid body is
// refused here; the client's own table is the stricter one.
const modelCenterBody = z
  .object({
    model: nonEmpty(),
    prompt: nonEmpty(),
    first_image: urlOrAsset.optional(),
    last_image: urlOrAsset.optional(),
    reference_images: urls(urlOrAsset, { max: 30 }).optional(),
    reference_videos: urls(urlOrAsset, { max: 10 }).optional(),
    reference_audios: urls(urlOrAsset, { max: 10 }).optional(),
    duration: integer(1, 60).optional(),
    aspect_ratio: nonEmpty().optional(),
    resolution: nonEmpty().optional(),
    seed: integer(-(2 ** 31), 2 ** 32).optional(),
    generate_audio: boolean.optional(),
    watermark: boolean.optional(),
  })
  .catchall(z.unknown()) as z.ZodType<Record<string, unknown>>;

function modelCenter(kind: "video" | "image", models: readonly string[]): Endpoint {
  return {
    id: `model-center-${kind}`,
    title: `Model Center v2 ${kind}`,
    kind,
    createPath: modelCenterCreatePath,
    models,
    body: modelCenterBody,
    pollPath: modelCenterPollPath,
    dialect: "model-center",
    anyModel: true,
    // A model no list knows yet makes a video: most of v2's models do.
    forModel: (model) => (imageModels.includes(model) ? modelCenterImage : modelCenterVideo),
  };
}

const modelCenterVideo: Endpoint = modelCenter("video", videoModels);
const modelCenterImage: Endpoint = modelCenter("image", imageModels);

export const modelCenterEndpoints: readonly Endpoint[] = [modelCenterVideo, modelCenterImage];

/** A route a scenario tells the simulator to serve: one the client's registry has never heard of. */
export type ExtraRoute = ResolvedScenario["routes"][number];

/** The endpoint of a scenario route: any JSON object, any model; polled where the route says. */
export function routeEndpoint(route: ExtraRoute): Endpoint {
  return {
    id: route.create,
    title: `route ${route.create}`,
    kind: route.kind,
    createPath: route.create,
    models: [],
    body: z.record(z.string(), z.unknown()),
    // The client's default for an endpoint task (design 8), so a test can leave `poll` out on both sides.
    pollPath: route.poll ?? (route.create.startsWith("/v2/model-center/") ? modelCenterPollPath : v1PollPath),
    dialect: "route",
    resultField: route.resultField,
    anyModel: true,
  };
}

/** Every poll route an endpoint is polled at. */
export function pollPathOf(endpoint: Endpoint): string {
  return endpoint.pollPath ?? v1PollPath;
}

/** "usual": the shape 5.16's example shows; "other": the other shape clients tolerate. */
export type ModelCenterShape = ResolvedScenario["modelCenterShape"];

/** v2's create answer; the other shape names the id `task_id`. */
export function modelCenterCreateAnswer(
  answer: Record<string, unknown>,
  shape: ModelCenterShape,
): Record<string, unknown> {
  if (shape === "usual") return answer;
  const { id, ...rest } = answer;
  return { task_id: id, ...rest };
}

const kindField = { video: "video_url", image: "image_url", audio: "audioUrl" } as const;

/**
 * v2's poll answer from a v1 one: `progress`, `result_url` and `amount` added; the other shape drops the
 * kind's URL field and writes `error` as an object.
 */
export function modelCenterPollAnswer(
  answer: Record<string, unknown>,
  kind: "video" | "image" | "audio",
  status: TaskStatus,
  fileUrl: string | null,
  shape: ModelCenterShape,
): Record<string, unknown> {
  const completed = status === "completed";
  const seconds = typeof answer.actualDuration === "number" ? answer.actualDuration : 1;
  const result: Record<string, unknown> = {
    ...answer,
    progress: completed ? 100 : status === "processing" ? 50 : 0,
    result_url: fileUrl,
  };
  if (completed) result.amount = kind === "video" ? Math.round(seconds * 6.4) / 100 : 0.04;
  if (shape === "other") {
    delete result[kindField[kind]];
    if (typeof answer.error === "string") result.error = { code: "generation_failed", message: answer.error };
  }
  return result;
}

/** A scenario route's poll answer: the result URL under its own key, when it names one. */
export function routePollAnswer(
  answer: Record<string, unknown>,
  kind: "video" | "image" | "audio",
  fileUrl: string | null,
  resultField: string | undefined,
): Record<string, unknown> {
  if (resultField === undefined) return answer;
  const { [kindField[kind]]: _moved, ...rest } = answer;
  return { ...rest, [resultField]: fileUrl };
}
