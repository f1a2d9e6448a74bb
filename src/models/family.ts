import type { z } from "zod";

/** What a task produces; decides the poll interval and the result field. */
export type Kind = "video" | "image" | "audio" | "text";

/** Kinds made by an asynchronous task: created, polled, then downloaded. */
export type MediaKind = Exclude<Kind, "text">;

/** The kind of a media family; text families never reach the code paths that ask. */
export function mediaKindOf(family: { kind: Kind; id: string }): MediaKind {
  if (family.kind === "text") throw new Error(`${family.id} is a text family, not a media family`);
  return family.kind;
}

/**
 * The common task fields of the manifest (design section 3), after `prompt-file` has been read.
 * Each family maps them onto its own request fields.
 */
export interface CommonFields {
  prompt?: string;
  first_image?: string;
  last_image?: string;
  reference_images?: string[];
  reference_videos?: string[];
  reference_audios?: string[];
  duration?: number;
  aspect_ratio?: string;
  resolution?: string;
}

export type CommonFieldName = keyof CommonFields;

export const commonFieldNames: readonly CommonFieldName[] = [
  "prompt",
  "first_image",
  "last_image",
  "reference_images",
  "reference_videos",
  "reference_audios",
  "duration",
  "aspect_ratio",
  "resolution",
];

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
 * One API family: a create endpoint and the models behind it.
 * The registry is data: adding a family is adding one of these, never a branch in the scheduler.
 */
export interface Family {
  /** Stable id, used in logs and tests, e.g. "sora". */
  id: string;
  /** Name as the API reference writes it, e.g. "Seedance 1.5". */
  title: string;
  kind: Kind;
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
  /** Where the poll result carries the file URL; "text" for the synchronous text families. */
  resultField: "video_url" | "image_url" | "audioUrl" | "text";
  /** Text families answer at once: the answer's text from the response body, or undefined. */
  answerOf?(json: unknown): string | undefined;
  /** Builds the wire body (including `model` where the family sends one) from a draft. */
  buildBody(draft: RequestDraft): RequestBody;
  /**
   * Validates a whole wire body: allowed values, required fields and cross-field rules.
   * Issue paths name wire fields (top-level keys of the body) so errors can be mapped back to
   * the manifest's vocabulary. The simulator (simulator/) checks what it receives against its own reading
   * of the reference, so a mistake here fails a test instead of passing unseen.
   */
  body: z.ZodType<RequestBody>;
}
