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

/** `poll` only for endpoint tasks, whose poll route is theirs to choose; other tasks hash as they always did. */
export function hashInputs(model: string, endpoint: string, body: RequestBody, poll?: string): string {
  const inputs = poll === undefined ? { model, endpoint, body } : { model, endpoint, body, poll };
  return createHash("sha256").update(stableJson(inputs)).digest("hex");
}
