/**
 * What the simulator sends: task ids, create responses (Shape A and B, api-reference section 3) and poll
 * results (section 2.3), including the per-family quirks a request schema has no reason to hold
 * (`object` values, id styles, Vidu's and Seedance 2.0's `totalTokens`, VEO's fixed 8 s).
 */
import { randomBytes, randomInt, randomUUID } from "node:crypto";
import type { FaultKind } from "./scenario.ts";
import type { TaskState, TaskStatus } from "./tasks.ts";
import { seededUnit } from "./tasks.ts";
import { type Endpoint, type MediaKind, mediaKindOf } from "./wire-fields.ts";

export type CreateShape = "A" | "B" | "B-legacy-families";

interface Quirks {
  /** `object` in the create response. */
  createObject?: string;
  /** `object` in poll results. */
  resultObject?: string;
  /** A Shape A id in the style the reference shows for this family. */
  newId?: () => string;
  /** Answers Shape B under "B-legacy-families" (the older doc revision). */
  legacyShapeB?: boolean;
  /** Prefix of a Shape B `projectId`. */
  projectPrefix?: string;
  /** Output length when the body sets none (seconds). */
  defaultDuration?: number;
  /** Output length whatever the body says (seconds). */
  fixedDuration?: number;
  /** Poll results carry `totalTokens`. */
  reportsTokens?: boolean;
  /** SoundClone clone: the result carries a new voice `modelId`. */
  clonesVoice?: boolean;
}

const hex = (length: number) =>
  randomBytes(Math.ceil(length / 2))
    .toString("hex")
    .slice(0, length);
const digits = (length: number) =>
  Array.from({ length }, (_, index) => String(randomInt(index === 0 ? 1 : 0, 10))).join("");

const quirksByPath: Record<string, Quirks> = {
  "/v1/sora/videos": {
    createObject: "video.generation",
    resultObject: "video.generation",
    newId: () => `sora_${hex(12)}`,
  },
  "/v1/veo/videos": { newId: () => `vgen_${hex(12)}`, fixedDuration: 8 },
  "/v1/vidu/videos": { resultObject: "Video", reportsTokens: true },
  "/v1/kyyvideo2/videos": { reportsTokens: true },
  "/v1/starvideos/videos": { newId: () => `video_starvideos_${digits(10)}`, defaultDuration: 3 },
  "/v1/videos/videos": { legacyShapeB: true },
  "/v1/sd2_manxue/videos": { legacyShapeB: true, projectPrefix: "proj_sd2manxue_" },
  "/v1/omni-flash/videos": { defaultDuration: 10 },
  "/v1/banana/images": { newId: () => hex(12) },
  "/v1/image2/images": { newId: () => `image_${randomUUID()}` },
  "/v1/soundCloning/clones": { clonesVoice: true },
  // The id style of 5.16's example.
  "/v2/model-center/tasks": { newId: () => `mcp_${hex(12)}` },
};

const quirksByKind: Record<MediaKind, Required<Pick<Quirks, "createObject" | "resultObject" | "newId">>> = {
  video: { createObject: "video", resultObject: "video", newId: () => `video_${randomUUID()}` },
  image: { createObject: "image", resultObject: "image.generation", newId: () => `img_${hex(12)}` },
  audio: { createObject: "audio", resultObject: "audio", newId: () => `audio_${hex(12)}` },
};

function quirksOf(family: Endpoint) {
  return { ...quirksByKind[mediaKindOf(family)], ...quirksByPath[family.createPath] };
}

export function answersShapeB(family: Endpoint, shape: CreateShape): boolean {
  return shape === "B" || (shape === "B-legacy-families" && quirksOf(family).legacyShapeB === true);
}

export function newTaskId(family: Endpoint, shapeB: boolean): string {
  const quirks = quirksOf(family);
  return shapeB ? `${quirks.projectPrefix ?? "proj_"}${digits(10)}` : quirks.newId();
}

const unixSeconds = (epochMs: number) => Math.floor(epochMs / 1000);

export function createResponse(
  task: TaskState,
  shapeB: boolean,
  modifiers: ReadonlySet<FaultKind>,
): Record<string, unknown> {
  if (shapeB) return { code: "0", msg: null, data: { projectId: task.id } };
  const created = unixSeconds(task.createdAt);
  const status = task.schedule.failsAtCreate ? "failed" : "queued";
  return {
    id: task.id,
    object: quirksOf(task.family).createObject,
    created: modifiers.has("string-numbers") ? String(created) : created,
    model: task.model,
    status: modifiers.has("uppercase") ? status.toUpperCase() : status,
    error: task.schedule.failsAtCreate ? task.schedule.error : null,
  };
}

/** Output length in seconds: the requested one, the family's fixed or default one, or 4–12 for "auto" (-1). */
export function actualDurationOf(task: TaskState): number {
  if (task.schedule.actualDuration !== undefined) return task.schedule.actualDuration;
  const quirks = quirksOf(task.family);
  if (quirks.fixedDuration !== undefined) return quirks.fixedDuration;
  const requested = Number(task.body.duration ?? task.body.seconds);
  if (requested === -1) return 4 + Math.floor(seededUnit(0, task.index, task.id) * 9);
  if (Number.isFinite(requested) && requested > 0) return requested;
  return quirks.defaultDuration ?? 5;
}

export interface ResultUrls {
  /** The result file, or null when there is none (yet). */
  file: string | null;
  /** SoundClone's subtitle file, or null. */
  subtitle: string | null;
}

/** SoundClone speech asked for subtitles: its result carries `subtitleFile` (reference 5.15). */
export function wantsSubtitles(task: TaskState): boolean {
  return task.family.kind === "audio" && task.body.subtitleEnable === true;
}

/** The status an `unknown-status` fault sends: not one of the reference's, so a client keeps polling. */
export const unknownStatusText = "in_progress";

export function pollResult(
  task: TaskState,
  status: TaskStatus,
  urls: ResultUrls,
  modifiers: ReadonlySet<FaultKind>,
): Record<string, unknown> {
  const quirks = quirksOf(task.family);
  const completed = status === "completed";
  const asNumber = (value: number) => (modifiers.has("string-numbers") ? String(value) : value);
  const result: Record<string, unknown> = {
    id: task.id,
    object: quirks.resultObject,
    created: asNumber(unixSeconds(task.createdAt)),
    model: task.model,
    status: modifiers.has("unknown-status")
      ? unknownStatusText
      : modifiers.has("uppercase")
        ? status.toUpperCase()
        : status,
  };
  if (task.family.kind === "video") {
    result.video_url = urls.file;
    if (completed) {
      const seconds = actualDurationOf(task);
      result.actualDuration = asNumber(seconds);
      if (quirks.reportsTokens) result.totalTokens = asNumber(Math.round(seconds * 1250));
    }
  } else if (task.family.kind === "image") {
    result.image_url = urls.file;
  } else {
    result.audioUrl = urls.file;
    result.modelId = quirks.clonesVoice
      ? completed
        ? `voice_${task.id.replace(/^audio_/, "")}`
        : null
      : (task.body.modelId ?? null);
    result.subtitleFile = urls.subtitle;
  }
  if (completed && task.schedule.amount !== undefined) result.amount = asNumber(task.schedule.amount);
  result.error = status === "failed" ? task.schedule.error : null;
  return result;
}
