/**
 * How the API's answers are read: both documented shapes of a create answer (reference 3) and a poll's
 * result. Part of the families' wire protocol: a family's polling names the reader of its create answer and
 * the field of its media URL.
 */
import { z } from "zod";

/**
 * Where a completed result may carry its media URL, in the order they are tried after the family's own
 * field (reference 2.3): a result that names the URL under another key than documented still downloads.
 */
export const resultUrlFields = ["video_url", "image_url", "audioUrl", "result_url", "url"] as const;

export type ResultUrlField = (typeof resultUrlFields)[number];

/** Normalised poll statuses; anything the API says that is not known stays `running`. */
export type PollStatus = "queued" | "processing" | "completed" | "failed" | "cancelled" | "running";

export interface PollResult {
  status: PollStatus;
  /** The status string as the API sent it, for the log when it is unknown. */
  rawStatus: string;
  url?: string;
  error?: string;
  /** Unix seconds, when the API says. */
  created?: number;
  /** SoundClone: the voice's id (a clone's new voice, or the voice a speech task spoke in). */
  modelId?: string;
  /** SoundClone speech with `subtitleEnable`: the URL of its subtitle file. */
  subtitleUrl?: string;
  /** What the API says the task consumed; absent when it says nothing. */
  usage?: Usage;
}

/**
 * A refusal may still carry an id (a task the API made and failed at once, or a business error naming
 * one): it is kept so the record names the task, and its reason is not lost to a later poll's 404.
 */
export type CreateOutcome =
  | { ok: true; taskId: string; created?: number }
  | { ok: false; error: string; taskId?: string };

const looseNumber = z.preprocess(
  (v) => (typeof v === "string" && v.trim() !== "" ? Number(v) : v),
  z.number().finite().optional().catch(undefined),
);

/** A count the API reports, read leniently (reference 9 row 4: numbers may come as strings). */
const reportedAmount = z.preprocess(
  (v) => (typeof v === "string" && v.trim() !== "" ? Number(v) : v),
  z.number().finite().nonnegative().optional().catch(undefined),
);

/**
 * What the API reported a task consumed (design 10): seconds of output (`actualDuration`), tokens
 * (`totalTokens`, Vidu and Seedance 2.0) and `amount` (read by third-party clients). Each is what the
 * account is billed by on some family; none is computed here.
 */
export const usageSchema = z.object({
  seconds: z.number().finite().nonnegative().optional(),
  tokens: z.number().finite().nonnegative().optional(),
  amount: z.number().finite().nonnegative().optional(),
});

export type Usage = z.infer<typeof usageSchema>;

/** Both create shapes (reference section 3), read tolerantly: the docs disagree on which one is live. */
const createBodySchema = z
  .object({
    id: z.union([z.string(), z.number()]).optional().catch(undefined),
    task_id: z.union([z.string(), z.number()]).optional().catch(undefined),
    code: z.union([z.string(), z.number()]).nullish().catch(undefined),
    msg: z.unknown().optional(),
    error: z.unknown().optional(),
    status: z.unknown().optional(),
    created: looseNumber,
    data: z
      .object({
        projectId: z.union([z.string(), z.number()]).optional().catch(undefined),
        id: z.union([z.string(), z.number()]).optional().catch(undefined),
      })
      .loose()
      .nullish()
      .catch(undefined),
  })
  .loose();

/** An id or URL the API may add to a result: text, else nothing (a wrong type is not worth failing a poll). */
const optionalText = z.string().trim().min(1).max(2048).optional().catch(undefined);

/**
 * A voice id as it is kept and sent on: printable ASCII without spaces, at most 256 characters. The id's
 * form is not documented; this keeps whatever a record carries inert in a request body and an output.
 */
export const voiceIdSchema = z.string().regex(/^[\x21-\x7e]{1,256}$/);

const pollBodySchema = z
  .object({
    status: z.unknown(),
    created: looseNumber,
    error: z.unknown().optional(),
    modelId: voiceIdSchema.optional().catch(undefined),
    subtitleFile: optionalText,
    actualDuration: reportedAmount,
    totalTokens: reportedAmount,
    amount: reportedAmount,
  })
  .loose();

const successCodes = new Set(["0", "200"]);

export function parseCreateResponse(json: unknown): CreateOutcome {
  const parsed = createBodySchema.safeParse(json);
  if (!parsed.success)
    return { ok: false, error: `the API answered with an unexpected body: ${preview(json)}` };
  const body = parsed.data;
  const id = [body.id, body.data?.projectId, body.data?.id, body.task_id]
    .map((v) => (typeof v === "number" ? String(v) : v))
    .find((v): v is string => typeof v === "string" && v.trim() !== "");
  const withId = id === undefined ? {} : { taskId: id };
  if (body.code !== undefined && body.code !== null && !successCodes.has(String(body.code))) {
    const message = errorText(body.msg) ?? errorText(body.error) ?? preview(json);
    return { ok: false, error: `the API refused the task (code ${body.code}): ${message}`, ...withId };
  }
  if (!id) {
    return { ok: false, error: `the API answered without a task id: ${preview(json)}` };
  }
  const status =
    typeof body.status === "string" ? statusSynonyms[body.status.trim().toLowerCase()] : undefined;
  if (status === "failed" || status === "cancelled") {
    const reason = errorText(body.error) ?? errorText(body.msg);
    return {
      ok: false,
      taskId: id,
      error: reason ?? `the API reported the task as ${status} as soon as it was created, without a reason`,
    };
  }
  return { ok: true, taskId: id, created: body.created };
}

const statusSynonyms: Record<string, PollStatus> = {
  queued: "queued",
  processing: "processing",
  completed: "completed",
  succeeded: "completed",
  success: "completed",
  failed: "failed",
  error: "failed",
  cancelled: "cancelled",
  canceled: "cancelled",
};

/**
 * Reads one poll answer. The media URL is the family's own `resultField` when it holds one, else the first
 * non-empty string among the other result fields (reference 2.3), else, with `anyTopLevelUrl` (endpoint
 * tasks, design 8), the first http(s) URL among the answer's top-level values.
 */
export function parsePollResponse(
  json: unknown,
  resultField?: ResultUrlField,
  options: { anyTopLevelUrl?: boolean } = {},
): PollResult | undefined {
  const parsed = pollBodySchema.safeParse(unwrapped(json));
  if (!parsed.success || typeof parsed.data.status !== "string") return undefined;
  const body = parsed.data as Record<string, unknown>;
  const rawStatus = body.status as string;
  const status = statusSynonyms[rawStatus.trim().toLowerCase()] ?? "running";
  const fields = resultField === undefined ? resultUrlFields : [resultField, ...resultUrlFields];
  const named = fields
    .map((field) => body[field])
    .find((v): v is string => typeof v === "string" && v.trim() !== "");
  const url = named ?? (options.anyTopLevelUrl ? Object.values(body).find(isHttpUrl) : undefined);
  const { modelId, subtitleFile, actualDuration, totalTokens, amount, created } = parsed.data;
  const usage = withoutAbsent({ seconds: actualDuration, tokens: totalTokens, amount });
  return {
    status,
    rawStatus,
    url,
    error: errorText(body.error),
    created,
    ...(modelId !== undefined && { modelId }),
    ...(subtitleFile !== undefined && { subtitleUrl: subtitleFile }),
    ...(Object.keys(usage).length > 0 && { usage }),
  };
}

function withoutAbsent<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * One Model Center client reads the poll answer inside a `{code, msg, data}` envelope (docs/model-center-v2.md,
 * S1 and S6): a body with no status of its own but a `data` object that has one is read from `data`.
 */
function unwrapped(json: unknown): unknown {
  if (json === null || typeof json !== "object" || "status" in json) return json;
  const data = (json as { data?: unknown }).data;
  return data !== null && typeof data === "object" && "status" in data ? data : json;
}

function isHttpUrl(value: unknown): value is string {
  if (typeof value !== "string" || !URL.canParse(value)) return false;
  const { protocol, hostname } = new URL(value);
  return (protocol === "https:" || protocol === "http:") && hostname !== "";
}

/** `error` arrives as a string, null, or an object; users need one sentence. */
export function errorText(value: unknown): string | undefined {
  if (value === null || value === undefined || value === "") return undefined;
  if (typeof value === "string") return value;
  if (typeof value === "object" && typeof (value as { message?: unknown }).message === "string") {
    return (value as { message: string }).message;
  }
  return JSON.stringify(value);
}

export function preview(value: unknown, max = 300): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text === undefined ? String(value) : text.length > max ? `${text.slice(0, max)}…` : text;
}
