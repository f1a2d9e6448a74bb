import { createHash } from "node:crypto";
import type { Family, Kind, RequestBody } from "../models/family.ts";

/** One validated unit of work: a request ready to be sent, and where its file will go. */
export interface Task {
  /** Unique; the output file stem. */
  name: string;
  model: string;
  family: Family;
  kind: Kind;
  /** Create path relative to the base URL. */
  endpoint: string;
  body: RequestBody;
  /** Hash of everything that decides the output (model, endpoint, body). */
  inputHash: string;
  /** False when `only` leaves the task out: it is recorded as skipped. */
  selected: boolean;
  /** Where the task was declared, for messages: "the prompt input" or the manifest's path. */
  origin: string;
  /**
   * What the plan says about the task without refusing it (fields sent unchecked, a body sent
   * unvalidated): shown in the log and the dry run.
   */
  notices?: string[];
  /**
   * The clone task whose voice this speech task speaks in (`voice:` in the manifest): its body lacks the
   * family's `voiceField` until that task has completed (run/voices.ts).
   */
  voice?: string;
  /** The `assets` entries its body references as `asset:<name>` (design 9); absent when none. */
  assets?: PlannedAsset[];
  /** The workspace files its body references as `file:<path>`; absent when none. */
  files?: PlannedFile[];
}

/** An entry of the manifest's `assets`, as a task that uses it needs it at run time. */
export interface PlannedAsset {
  name: string;
  type: "image" | "video" | "audio";
  library: "seedance2" | "sd2-manxue";
  /** Where the library downloads it from: a public URL, or a workspace file published on the media branch. */
  source: { url: string } | { file: PlannedFile };
  /** Hash of the type and the source (the URL, or the file's content): the same source is never uploaded twice. */
  sourceHash: string;
}

/** A workspace file a task references, by its path relative to the workspace (forward slashes). */
export interface PlannedFile {
  path: string;
  sha256: string;
  /** The path as the reference wrote it (`file:<written>`), which the run replaces with the file's URL. */
  written: string;
}

/** JSON with sorted keys, so the same request always hashes the same. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

/**
 * What a task's output depends on beyond its model, endpoint and body: an endpoint task's poll route, what
 * its `asset:`/`file:` references stand for (definitions, file contents). Each is left out when absent, so
 * other tasks keep their earlier hashes.
 */
export interface HashedBesides {
  poll?: string;
  references?: unknown;
}

export function hashInputs(
  model: string,
  endpoint: string,
  body: RequestBody,
  besides: HashedBesides = {},
): string {
  const inputs = { model, endpoint, body, ...withoutUndefined(besides) };
  return createHash("sha256").update(stableJson(inputs)).digest("hex");
}

function withoutUndefined(value: HashedBesides): HashedBesides {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}

/** A task's hash extended with what it depends on outside its own declaration (the clone task it speaks with). */
export function hashAlso(inputHash: string, dependency: unknown): string {
  return createHash("sha256").update(stableJson({ inputHash, dependency })).digest("hex");
}

/**
 * A request body as a plan shows it (the dry run, `genmedia plan`): every string over `max` characters cut,
 * saying how many more there were; `prepare` runs on each string first (redaction, before a cut could split
 * a secret). The request itself sends the body whole.
 */
export function shownBody(
  value: unknown,
  max: number,
  prepare: (text: string) => string = (t) => t,
): unknown {
  if (typeof value === "string") {
    const text = prepare(value);
    return text.length > max ? `${text.slice(0, max)}… (${text.length - max} more characters)` : text;
  }
  if (Array.isArray(value)) return value.map((item) => shownBody(item, max, prepare));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, shownBody(v, max, prepare)]));
  }
  return value;
}
