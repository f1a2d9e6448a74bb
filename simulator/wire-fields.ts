/**
 * The building blocks of the simulator's request schemas (wire-schemas.ts): field types, cross-field rules
 * and the Endpoint record. They are written here, apart from the client's src/models/fields.ts, on
 * purpose: the simulator reads api-reference.md on its own, so a client schema that drifts from the
 * reference gets a 400 in the tests instead of an echo of itself.
 */
import { z } from "zod";

/** "is required" for a missing field, "must be <expected>" for a wrong one. */
function expecting(expected: string) {
  return (issue: { input?: unknown }) => (issue.input === undefined ? "is required" : `must be ${expected}`);
}

/** A non-empty string; `max` where the reference gives a length limit. */
export function nonEmpty(max?: number) {
  return z
    .string({ error: expecting("a string") })
    .refine((value) => value.trim() !== "", { error: "must not be empty" })
    .refine((value) => max === undefined || value.length <= max, {
      error: `must be at most ${max} characters`,
    });
}

/** A string from the values the reference lists. */
export function anyOf(values: readonly string[], options: { ignoreCase?: boolean } = {}) {
  const fold = (value: string) => (options.ignoreCase ? value.toLowerCase() : value);
  const allowed = new Set(values.map(fold));
  return z
    .string({ error: expecting(`one of ${values.join(", ")}`) })
    .refine((value) => allowed.has(fold(value)), { error: `must be one of ${values.join(", ")}` });
}

export function integer(min: number, max: number) {
  return z
    .number({ error: expecting(`an integer from ${min} to ${max}`) })
    .refine((value) => Number.isInteger(value) && value >= min && value <= max, {
      error: `must be an integer from ${min} to ${max}`,
    });
}

export function numberIn(min: number, max: number) {
  return z
    .number({ error: expecting(`a number from ${min} to ${max}`) })
    .refine((value) => value >= min && value <= max, { error: `must be a number from ${min} to ${max}` });
}

export function integerOf(values: readonly number[]) {
  return z
    .number({ error: expecting(`one of ${values.join(", ")}`) })
    .refine((value) => values.includes(value), { error: `must be one of ${values.join(", ")}` });
}

export const boolean = z.boolean({ error: expecting("true or false") });

function isHttpUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
}

// Reference 6.1 writes asset ids as asset://<id>; 6.3 says third-party clients write assetId://<id>.
const assetId = /^(asset|assetId):\/\/\S+$/;

/** A well-formed public http(s) URL (the simulator fetches nothing, reference section 6). */
export const url = z
  .string({ error: expecting("a URL") })
  .refine(isHttpUrl, { error: "must be a public http(s) URL" });

/** A URL or an asset-library id: only where section 6.1 documents asset ids. */
export const urlOrAsset = z
  .string({ error: expecting("a URL or an asset:// id") })
  .refine((value) => isHttpUrl(value) || assetId.test(value), {
    error: "must be a public http(s) URL or an asset:// id",
  });

export function urls(item: z.ZodType<string> = url, limits: { min?: number; max?: number } = {}) {
  const { min = 0, max = Number.POSITIVE_INFINITY } = limits;
  return z
    .array(item, { error: expecting("a list of URLs") })
    .refine((list) => list.length >= min, { error: `needs at least ${min} URL(s)` })
    .refine((list) => list.length <= max, { error: `takes at most ${max} URL(s)` });
}

/** Where a cross-field rule reports: zod's refinement context. */
export interface Sink {
  addIssue(issue: { code: "custom"; path: PropertyKey[]; message: string }): void;
}

export function reject(ctx: Sink, field: string, message: string): void {
  ctx.addIssue({ code: "custom", path: [field], message });
}

/** Present and not an empty list (the vendor's own examples send `image_urls: []` for "none"). */
export function given(value: unknown): boolean {
  return value !== undefined && !(Array.isArray(value) && value.length === 0);
}

/**
 * First/last-frame mode: a last frame needs a first frame, and frames do not mix with references
 * (reference 5.2, 5.4, 5.6, 5.8–5.11).
 */
export function frameRules(
  ctx: Sink,
  body: Record<string, unknown>,
  first: string,
  last: string,
  references: readonly string[],
): void {
  if (given(body[last]) && !given(body[first])) reject(ctx, last, `needs ${first}`);
  if (!given(body[first]) && !given(body[last])) return;
  for (const field of references) {
    if (given(body[field])) reject(ctx, field, `cannot be combined with ${first}/${last}`);
  }
}

/**
 * One field under two names (reference section 9, rows 7 and 8): either may be sent, both only with the
 * same meaning; otherwise a parameter conflict. Returns the effective value, the current name winning.
 */
export function twoNames(
  ctx: Sink,
  body: Record<string, unknown>,
  current: string,
  other: string,
  same: (a: unknown, b: unknown) => boolean = (a, b) => JSON.stringify(a) === JSON.stringify(b),
): unknown {
  const a = body[current];
  const b = body[other];
  if (a !== undefined && b !== undefined && !same(a, b)) {
    reject(ctx, other, `parameter conflict: ${current} and ${other} are both set, to different values`);
  }
  return a ?? b;
}

/** A per-model limit on a list or a value the endpoint-wide schema let through. */
export function perModel(ctx: Sink, field: string, ok: boolean, model: string, expected: string): void {
  if (!ok) reject(ctx, field, `must be ${expected} for ${model}`);
}

// ---------------------------------------------------------------------------------------------
// Endpoints
// ---------------------------------------------------------------------------------------------

export type Kind = "video" | "image" | "audio" | "text";
export type MediaKind = Exclude<Kind, "text">;

export interface Endpoint {
  /** The name scenarios match with `family` (the same short names the client's registry uses). */
  id: string;
  /** As the reference's headings write it. */
  title: string;
  kind: Kind;
  /** `{model}` stands for one path segment: the model id (Gemini). */
  createPath: string;
  /**
   * Accepted model ids, newest revision first, then older ones. An endpoint whose body carries no
   * `model` (SoundClone) lists the one id its results report.
   */
  models: readonly string[];
  body: z.ZodType<Record<string, unknown>>;
  /** Where its tasks are polled, `{id}` standing for the task id; default `/v1/result/{id}` (reference 2.1). */
  pollPath?: string;
  /**
   * How its answers are written: the v1 shapes of reference 2.3 and 3 (default), Model Center v2's
   * (5.16), or a scenario route's (scenario.ts `routes`), whose result URL is under `resultField`.
   */
  dialect?: "v1" | "model-center" | "route";
  /** A scenario route's key for the result URL, instead of the kind's field. */
  resultField?: string;
  /** Any non-empty `model` is taken (Model Center v2 adds models faster than any list of them). */
  anyModel?: boolean;
  /** Several kinds behind one path (Model Center v2): the endpoint that serves this model. */
  forModel?(model: string): Endpoint;
}

export function mediaKindOf(endpoint: Endpoint): MediaKind {
  if (endpoint.kind === "text") throw new Error(`${endpoint.id} is a text endpoint`);
  return endpoint.kind;
}

export type Body = Record<string, unknown>;
/** `model` and `prompt` as most endpoints take them; the catalogue check on `model` is bodyIssues's. */
export const model = nonEmpty();
export const prompt = nonEmpty();
export const modelOf = (body: Body) => String(body.model);

/** An endpoint whose body is strict: a field the schema does not name is refused. */
export function endpoint(
  id: string,
  title: string,
  kind: Kind,
  createPath: string,
  models: readonly string[],
  fields: z.ZodRawShape,
  rules?: (body: Body, ctx: Sink) => void,
): Endpoint {
  const strict = z.strictObject(fields);
  const body = rules === undefined ? strict : strict.superRefine((value, ctx) => rules(value, ctx));
  return { id, title, kind, createPath, models, body: body as z.ZodType<Body> };
}
