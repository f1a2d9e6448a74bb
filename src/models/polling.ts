import type { CreateOutcome, ResultUrlField } from "./answers.ts";

/** The gaps allowed between two polls of a task: one gap when the ends are equal, else a range (PollTiming). */
export interface PollInterval {
  minMs: number;
  maxMs: number;
}

export const fixedInterval = (ms: number): PollInterval => ({ minMs: ms, maxMs: ms });

/** How a task of an asynchronous family is followed once created: where to poll, what to read, how often. */
export interface Polling {
  /** GET path relative to the base URL; `{id}` stands for the URL-encoded task id. */
  path: string;
  /** The result field the family documents for its media URL; the other `resultUrlFields` come after it. */
  resultField: ResultUrlField;
  /** The gap between two polls when the `poll-interval` input is not set. */
  interval: PollInterval;
  /** The short end of the documented guidance: polling faster may get the key rate-limited. */
  minimumMs: number;
  /** How the family's create answer is read: the task id, or the API's refusal. */
  readCreateAnswer(json: unknown): CreateOutcome;
  /**
   * Whether, after every known result field, the first http(s) URL among the result's top-level values is
   * the media URL: for `endpoint` tasks (design 8), whose routes may name it anything. Never for a registry
   * family, whose result field is known: a stray URL there (a thumbnail) must not become the file.
   */
  anyTopLevelUrl?: boolean;
}

/** What a poll request needs of a family: where to ask, and which field holds the media URL. */
export type PollRoute = Pick<Polling, "path" | "resultField" | "anyTopLevelUrl">;

/** The poll path of one task. Ids are opaque (reference 2.4): encoded, never parsed. */
export function pollPathOf(polling: Pick<Polling, "path">, taskId: string): string {
  return polling.path.replace("{id}", encodeURIComponent(taskId));
}
