import { z } from "zod";
import { parseCreateResponse } from "./answers.ts";
import { fixedInterval, type Polling } from "./polling.ts";

/** What a task produces: the default poll timing, the file-name fallback and the summary's wording. */
export type Kind = "video" | "image" | "audio" | "text";

/** Kinds made by an asynchronous task: created, polled, then downloaded. */
export type MediaKind = Exclude<Kind, "text">;

/** The one poll route of every v1 video, image and audio family (reference 2.1). */
const resultPath = "/v1/result/{id}";

/**
 * Per kind, how a family's tasks are followed unless the family documents its own (reference 2.5: video
 * 30–60 s, image 2–5 s, audio 5–10 s; the defaults are the design's 30 s, 3 s and 5 s).
 */
export const kindPolling: Record<MediaKind, Polling> = {
  video: {
    path: resultPath,
    resultField: "video_url",
    interval: fixedInterval(30_000),
    minimumMs: 30_000,
    readCreateAnswer: parseCreateResponse,
  },
  image: {
    path: resultPath,
    resultField: "image_url",
    interval: fixedInterval(3_000),
    minimumMs: 2_000,
    readCreateAnswer: parseCreateResponse,
  },
  audio: {
    path: resultPath,
    resultField: "audioUrl",
    interval: fixedInterval(5_000),
    minimumMs: 5_000,
    readCreateAnswer: parseCreateResponse,
  },
};

/**
 * The common task fields of the manifest (design section 3), after `prompt-file` has been read, with the
 * values the manifest allows. Each family maps them onto its own request fields. The one list of them:
 * the manifest's schema, the planner and the types below all come from it.
 */
export const commonFieldSchemas = {
  prompt: z.string().min(1),
  first_image: z.string().min(1),
  last_image: z.string().min(1),
  reference_images: z.array(z.string().min(1)),
  reference_videos: z.array(z.string().min(1)),
  reference_audios: z.array(z.string().min(1)),
  duration: z.number(),
  aspect_ratio: z.string().min(1),
  resolution: z.string().min(1),
};

export type CommonFieldName = keyof typeof commonFieldSchemas;

export type CommonFields = { [F in CommonFieldName]?: z.infer<(typeof commonFieldSchemas)[F]> };

export const commonFieldNames = Object.keys(commonFieldSchemas) as readonly CommonFieldName[];

/** What the planner hands a family to turn into a request body. */
export interface RequestDraft {
  model: string;
  common: CommonFields;
  /** Family-specific request fields from the manifest's `params`, passed through after validation. */
  params: Record<string, unknown>;
}

/** A JSON request body as sent on the wire. */
export type RequestBody = Record<string, unknown>;

/**
 * One API family: a create endpoint, the models behind it, and its whole protocol.
 * The registry is data: adding a family is adding one of these, never a branch in the scheduler.
 */
interface FamilyBase {
  /** Stable id, used in logs and tests, e.g. "sora". */
  id: string;
  /** Name as the API reference writes it, e.g. "Seedance 1.5". */
  title: string;
  /**
   * POST path relative to the base URL, e.g. "/v1/sora/videos". `{model}` stands for the URL-encoded
   * model id (Gemini puts it in the path). Text families use the text base URL.
   */
  createPath: string;
  /** Model ids of the newest doc revision. */
  models: readonly string[];
  /** Older ids the reference still lists; accepted and sent unchanged. */
  legacyModels?: readonly string[];
  /**
   * Which common fields this family accepts, and the request field each one becomes.
   * Used to reject a common field the family cannot take, and to name fields in errors.
   */
  accepts: Partial<Record<CommonFieldName, string>>;
  /** Lower end of the documented typical run time, in seconds (submit cut-off); absent when undocumented. */
  typicalSeconds?: number;
  /**
   * Length of the output when a task sets none, as the reference documents it (a price per second is
   * multiplied by it); absent when undocumented. `byModel` where a family's models differ.
   */
  defaultSeconds?: number | { byModel: Readonly<Record<string, number>> };
  /**
   * The documented upper bound of a duration the model picks itself (Seedance 1.5's `-1`): the estimate
   * takes it, so it never comes out lower than the bill.
   */
  longestSeconds?: number;
  /** Builds the wire body (including `model` where the family sends one) from a draft. */
  buildBody(draft: RequestDraft): RequestBody;
  /**
   * Validates a whole wire body: allowed values, required fields and cross-field rules.
   * Issue paths name wire fields (top-level keys of the body) so errors can be mapped back to
   * the manifest's vocabulary. The simulator (simulator/) checks what it receives against its own reading
   * of the reference, so a mistake here fails a test instead of passing unseen.
   */
  body: z.ZodType<RequestBody>;
  /**
   * The wire fields of a valid body that `body` let through without checking them, for a family whose
   * field rules are inferred (Model Center v2): the plan names them in a notice instead of refusing them.
   * Absent for families whose schema is strict.
   */
  fieldsSentUnchecked?(body: RequestBody): string[];
}

/** A family whose create answers with a task id: the task is polled until done, then its file downloaded. */
export interface MediaFamily extends FamilyBase {
  kind: MediaKind;
  polling: Polling;
  answerOf?: undefined;
  /** SoundClone clone: a completed result's `modelId` is a new voice, recorded as the task's `voice`. */
  clonesVoice?: boolean;
  /**
   * SoundClone speech: the request field a cloned voice is sent in, so a task may name a clone task of
   * its manifest (`voice: <task>`) instead of setting it.
   */
  voiceField?: string;
}

/** A synchronous text family (reference 7): it answers in the create's own response, on the text host. */
export interface TextFamily extends FamilyBase {
  kind: "text";
  polling?: undefined;
  clonesVoice?: undefined;
  voiceField?: undefined;
  /** The answer's text from the response body, or undefined. */
  answerOf(json: unknown): string | undefined;
}

export type Family = MediaFamily | TextFamily;

/** A family that is followed after its create; text families never reach the code that asks. */
export function polledFamily(family: Family): MediaFamily {
  if (family.polling === undefined) throw new Error(`${family.id} answers at once; it is never polled`);
  return family;
}
