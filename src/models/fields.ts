import { z } from "zod";
import { closestMatch, editDistance, normalizeId } from "./closest.ts";
import type { CommonFieldName, CommonFields, RequestBody, RequestDraft } from "./family.ts";

/**
 * Frame shapes each family allows, in the reference's order (its default first), so error messages
 * list them the way the vendor does.
 */
export const ratios = {
  landscapeOrPortrait: ["16:9", "9:16"],
  /** Seedance X1, SD2 Manxue and the `videos` model. */
  classic: ["21:9", "16:9", "4:3", "1:1", "3:4", "9:16"],
  seedance15: ["16:9", "4:3", "1:1", "3:4", "9:16", "21:9", "adaptive"],
  vidu: ["16:9", "9:16", "1:1", "4:3", "3:4"],
  grok: ["16:9", "9:16", "1:1", "3:2", "2:3"],
  grokMax: ["16:9", "9:16", "1:1"],
  starVideosO3: ["9:16", "1:1", "16:9"],
  videosStable: ["16:9", "9:16", "1:1"],
  happyHorse: ["16:9", "9:16", "1:1", "4:3", "3:4", "4:5", "5:4", "9:21", "21:9"],
  nanoBanana: ["1:1", "16:9", "9:16", "4:3", "3:4", "3:2", "2:3", "5:4", "4:5", "21:9"],
  gptImage2: ["1:1", "16:9", "9:16", "4:3", "3:4", "3:2", "2:3", "5:4", "4:5", "2:1", "1:2", "21:9", "9:21"],
} as const;

function listOf(values: readonly (string | number)[]): string {
  return values.join(", ");
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** "is required" when the field is missing, otherwise "must be <expected>". */
function typeError(expected: string) {
  return (issue: { input?: unknown }) => (issue.input === undefined ? "is required" : `must be ${expected}`);
}

// ---------------------------------------------------------------------------------------------
// Scalar fields
// ---------------------------------------------------------------------------------------------

/** A string from a fixed list; the message lists the allowed values. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  const allowed = listOf(values);
  return z.enum(values, {
    error: (issue) =>
      issue.input === undefined ? `is required; use one of ${allowed}` : `must be one of ${allowed}`,
  });
}

/** A string from a fixed list, compared without regard to case (the server lower-cases it). */
export function oneOfIgnoringCase(values: readonly string[]) {
  const allowed = new Set(values.map((value) => value.toLowerCase()));
  return z
    .string({ error: typeError(`one of ${listOf(values)}`) })
    .refine((value) => allowed.has(value.toLowerCase()), {
      error: `must be one of ${listOf(values)} (any letter case)`,
    });
}

/** Like wholeNumber, plus -1, which asks the model to pick the length itself. */
export function wholeNumberOrAuto(min: number, max: number) {
  const range = `must be a whole number from ${min} to ${max}, or -1 to let the model choose`;
  return z
    .number({ error: typeError(`a whole number from ${min} to ${max}, or -1`) })
    .refine((value) => value === -1 || (Number.isInteger(value) && value >= min && value <= max), {
      error: range,
    });
}

/** A number from a fixed list, e.g. Sora's 4, 8 or 12 seconds. */
export function numberChoice<const T extends readonly [number, ...number[]]>(values: T) {
  const allowed = listOf(values);
  return z.literal(values, {
    error: (issue) =>
      issue.input === undefined ? `is required; use one of ${allowed}` : `must be one of ${allowed}`,
  });
}

export function wholeNumber(min: number, max: number) {
  const range = `must be a whole number from ${min} to ${max}`;
  return z
    .number({ error: typeError(`a whole number from ${min} to ${max}`) })
    .int({ error: range })
    .min(min, { error: range })
    .max(max, { error: range });
}

export function numberBetween(min: number, max: number) {
  const range = `must be a number from ${min} to ${max}`;
  return z
    .number({ error: typeError(`a number from ${min} to ${max}`) })
    .min(min, { error: range })
    .max(max, { error: range });
}

/** Non-empty text such as a prompt; `maxLength` where the reference gives a limit. */
export function text(maxLength?: number) {
  const base = z
    .string({ error: typeError("text") })
    .refine((value) => value.trim() !== "", { error: "must not be empty" });
  if (maxLength === undefined) return base;
  return base.refine((value) => value.length <= maxLength, {
    error: `must be at most ${maxLength} characters long`,
  });
}

export const toggle = z.boolean({ error: typeError("true or false") });

// ---------------------------------------------------------------------------------------------
// Media URLs
// ---------------------------------------------------------------------------------------------

// `assetId://` is how third-party clients write asset-library ids; the reference says to pass it through.
const assetIdPattern = /^(asset|assetId):\/\/\S+$/i;

/** Why `value` is not an acceptable media reference, or undefined when it is. */
function urlProblem(value: string, allowAssets: boolean): string | undefined {
  // No endpoint promises base64 input, and several reject it outright; catch it before paying for a task.
  if (/^data:/i.test(value.trim())) {
    return "is a base64/data URI, which the API does not accept; host the file and give its public https URL";
  }
  if (assetIdPattern.test(value)) {
    return allowAssets ? undefined : "is an asset id, but this field takes a public http(s) URL only";
  }
  if (URL.canParse(value)) {
    const url = new URL(value);
    if ((url.protocol === "https:" || url.protocol === "http:") && url.hostname !== "") return undefined;
  }
  return allowAssets
    ? "must be a public http(s) URL or an asset:// id"
    : "must be a public http(s) URL (the service downloads it)";
}

function urlSchema(allowAssets: boolean) {
  const expected = typeError(allowAssets ? "a URL or an asset:// id" : "a URL");
  return z
    .string({
      error: (issue) => (Array.isArray(issue.input) ? "takes a single URL, not a list" : expected(issue)),
    })
    .superRefine((value, ctx) => {
      const problem = urlProblem(value, allowAssets);
      if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem });
    });
}

/** A public http(s) URL or an asset-library id (`asset://…`, `assetId://…`). */
export const mediaUrl = urlSchema(true);

/** A public http(s) URL, for the fields the reference documents as URL-only. */
export const httpUrl = urlSchema(false);

/** A list of media URLs with the reference's count limits. An empty list is allowed: it means "none". */
export function urlList(limits: { min?: number; max?: number } = {}) {
  let list = z.array(mediaUrl, { error: typeError("a list of URLs") });
  if (limits.min !== undefined) {
    list = list.min(limits.min, { error: `needs at least ${plural(limits.min, "URL")}` });
  }
  if (limits.max !== undefined) {
    list = list.max(limits.max, { error: `takes at most ${plural(limits.max, "URL")}` });
  }
  return list;
}

// ---------------------------------------------------------------------------------------------
// Whole bodies
// ---------------------------------------------------------------------------------------------

function unknownFieldMessage(familyTitle: string, field: string, known: readonly string[]): string {
  const guess = closestMatch(field, known);
  const close =
    guess !== undefined &&
    editDistance(normalizeId(field), normalizeId(guess)) <= Math.max(2, Math.floor(field.length / 3));
  const hint = close ? ` Did you mean ${guess}?` : "";
  return `is not a field of ${familyTitle} requests.${hint} Known fields: ${listOf(known)}`;
}

/**
 * A strict request body: any field outside `shape` is an error whose path is that field, with a
 * "did you mean" for typos. (`.strict()` would reject it too, but with an empty path and no hint.)
 */
export function wireBody<const Shape extends z.ZodRawShape>(familyTitle: string, shape: Shape) {
  const known = Object.keys(shape);
  const unknownField = z.unknown().refine(() => false, {
    error: (issue) => unknownFieldMessage(familyTitle, String(issue.path?.[0] ?? ""), known),
  });
  return z.object(shape).catchall(unknownField);
}

/** Where cross-field rules report; matches zod's refinement context. */
export interface IssueSink {
  addIssue(issue: { code: "custom"; path: PropertyKey[]; message: string }): void;
}

export function report(ctx: IssueSink, field: string, message: string): void {
  ctx.addIssue({ code: "custom", path: [field], message });
}

/** Whether a field carries something: empty lists mean "none" (the vendor's own examples send `[]`). */
export function isSet(value: unknown): boolean {
  return value !== undefined && !(Array.isArray(value) && value.length === 0);
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Tolerates a field sent under two names (an old and a new revision): both may be present only with
 * the same value. Returns the effective value, the current name winning.
 */
export function resolveAlias(
  ctx: IssueSink,
  body: Record<string, unknown>,
  current: string,
  alias: string,
  equivalent: (a: unknown, b: unknown) => boolean = sameValue,
): unknown {
  const currentValue = body[current];
  const aliasValue = body[alias];
  if (currentValue !== undefined && aliasValue !== undefined && !equivalent(currentValue, aliasValue)) {
    report(
      ctx,
      alias,
      `conflicts with ${current}: both are set, to different values (a parameter conflict); send only ${current}`,
    );
  }
  return currentValue ?? aliasValue;
}

/** Rejects a per-model value that the body schema's union of all models let through. */
export function requireOneOf(
  ctx: IssueSink,
  field: string,
  value: string | number | undefined,
  allowed: readonly (string | number)[],
  model: string,
): void {
  if (value === undefined || allowed.includes(value)) return;
  const expected = allowed.length === 1 ? `${allowed[0]}` : `one of ${listOf(allowed)}`;
  report(ctx, field, `must be ${expected} for ${model}`);
}

export function requireAtMost(
  ctx: IssueSink,
  field: string,
  value: readonly unknown[] | undefined,
  max: number,
  model: string,
): void {
  if (value !== undefined && value.length > max) {
    report(ctx, field, `takes at most ${plural(max, "URL")} for ${model}`);
  }
}

/**
 * The first/last-frame rules most families share: a last frame needs a first frame, and frames
 * cannot be mixed with references.
 */
export function checkFrames(
  ctx: IssueSink,
  frames: { first: string; firstValue: unknown; last: string; lastValue: unknown },
  references: Record<string, unknown> = {},
): void {
  if (isSet(frames.lastValue) && !isSet(frames.firstValue)) {
    report(ctx, frames.last, `needs ${frames.first}: a last frame only works together with a first frame`);
  }
  if (!isSet(frames.firstValue) && !isSet(frames.lastValue)) return;
  for (const [field, value] of Object.entries(references)) {
    if (isSet(value)) {
      report(
        ctx,
        field,
        `cannot be combined with ${frames.first}/${frames.last}; use either first/last frames or references`,
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------
// content[] (Seedance 1.5 and X1 put the prompt and media in typed items instead of top-level fields)
// ---------------------------------------------------------------------------------------------

const textItem = z.object({ type: z.literal("text"), text: text() }).strict();
const imageItem = z
  .object({
    type: z.literal("image_url"),
    image_url: z.object({ url: mediaUrl }).strict(),
    role: oneOf(["first_frame", "last_frame", "reference_image"]).optional(),
  })
  .strict();
const videoItem = z
  .object({
    type: z.literal("video_url"),
    video_url: z.object({ url: mediaUrl }).strict(),
    role: oneOf(["reference_video"]).optional(),
  })
  .strict();
const audioItem = z
  .object({
    type: z.literal("audio_url"),
    audio_url: z.object({ url: mediaUrl }).strict(),
    role: oneOf(["reference_audio"]).optional(),
  })
  .strict();

function itemError(types: readonly string[]) {
  return (issue: { code?: string; input?: unknown }) =>
    issue.code === "invalid_union"
      ? `type must be one of ${listOf(types)}`
      : `must be an object such as {"type":"text","text":"…"}`;
}

/** content[] holding text and images (Seedance 1.5). */
export const textAndImageContent = z.array(
  z.discriminatedUnion("type", [textItem, imageItem], { error: itemError(["text", "image_url"]) }),
  { error: typeError("a list of content items") },
);

/** content[] holding text, images, videos and audio (Seedance X1). */
export const mixedMediaContent = z.array(
  z.discriminatedUnion("type", [textItem, imageItem, videoItem, audioItem], {
    error: itemError(["text", "image_url", "video_url", "audio_url"]),
  }),
  { error: typeError("a list of content items") },
);

export type ContentItem = z.infer<typeof mixedMediaContent>[number];

/** The content[] for a draft: the prompt as a text item first, then media items with their roles. */
export function buildContent(common: CommonFields): ContentItem[] {
  const items: ContentItem[] = [];
  if (common.prompt !== undefined) items.push({ type: "text", text: common.prompt });
  const image = (url: string, role: "first_frame" | "last_frame" | "reference_image"): ContentItem => ({
    type: "image_url",
    image_url: { url },
    role,
  });
  if (common.first_image !== undefined) items.push(image(common.first_image, "first_frame"));
  if (common.last_image !== undefined) items.push(image(common.last_image, "last_frame"));
  for (const url of common.reference_images ?? []) items.push(image(url, "reference_image"));
  for (const url of common.reference_videos ?? []) {
    items.push({ type: "video_url", video_url: { url }, role: "reference_video" });
  }
  for (const url of common.reference_audios ?? []) {
    items.push({ type: "audio_url", audio_url: { url }, role: "reference_audio" });
  }
  return items;
}

/** Rules on a content[] list: a text item, at most one first and last frame, frames xor references. */
export function checkContent(
  ctx: IssueSink,
  content: readonly ContentItem[],
  options: { needsMedia: boolean },
): void {
  const count = (predicate: (item: ContentItem) => boolean) => content.filter(predicate).length;
  // An image without a role is a first frame, per the reference.
  const firsts = count((item) => item.type === "image_url" && (item.role ?? "first_frame") === "first_frame");
  const lasts = count((item) => item.type === "image_url" && item.role === "last_frame");
  const references = count(
    (item) => item.type !== "text" && (item.type !== "image_url" || item.role === "reference_image"),
  );
  if (count((item) => item.type === "text") === 0) {
    report(ctx, "content", 'needs a text item with the prompt, {"type":"text","text":"…"}');
  }
  if (options.needsMedia && firsts + lasts + references === 0) {
    report(ctx, "content", "needs at least one image, video or audio item besides the text");
  }
  if (firsts > 1) report(ctx, "content", "has more than one first_frame image; give at most one");
  if (lasts > 1) report(ctx, "content", "has more than one last_frame image; give at most one");
  if (lasts > 0 && firsts === 0) {
    report(
      ctx,
      "content",
      "has a last_frame image but no first_frame image; a last frame needs a first frame",
    );
  }
  if (firsts + lasts > 0 && references > 0) {
    report(
      ctx,
      "content",
      "mixes first_frame/last_frame images with references; use either first/last frames or references",
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Building bodies
// ---------------------------------------------------------------------------------------------

type CommonValue = NonNullable<CommonFields[CommonFieldName]>;

export interface BuildOptions {
  /** SoundClone is the one API without a `model` field on the wire. */
  sendModel?: boolean;
  /** Rewrites a common value where the family's wire type differs (e.g. Omni Flash's string seconds). */
  convert?: Partial<Record<CommonFieldName, (value: CommonValue) => unknown>>;
}

/**
 * `model` first, then each common field that is set under its wire name, then `params` as given.
 * Labels such as "content[] first_frame" are not wire fields; content families build those items
 * themselves.
 */
export function buildFlatBody(
  draft: RequestDraft,
  accepts: Partial<Record<CommonFieldName, string>>,
  options: BuildOptions = {},
): RequestBody {
  const body: RequestBody = {};
  if (options.sendModel !== false) body.model = draft.model;
  for (const [field, wireName] of Object.entries(accepts) as [CommonFieldName, string][]) {
    const value = draft.common[field];
    if (value === undefined || wireName.startsWith("content[]")) continue;
    const convert = options.convert?.[field];
    body[wireName] = convert === undefined ? value : convert(value);
  }
  Object.assign(body, draft.params);
  // The task's model is what the plan, the ledger and the dry run show, so params cannot swap it.
  if (options.sendModel !== false) body.model = draft.model;
  return body;
}

/** Like buildFlatBody, with the prompt and media gathered into `content[]` right after `model`. */
export function buildContentBody(
  draft: RequestDraft,
  accepts: Partial<Record<CommonFieldName, string>>,
): RequestBody {
  const content = buildContent(draft.common);
  const { model, ...rest } = buildFlatBody({ ...draft, params: {} }, accepts);
  const body: RequestBody = { model, ...(content.length > 0 ? { content } : {}), ...rest };
  Object.assign(body, draft.params);
  body.model = draft.model;
  return body;
}
