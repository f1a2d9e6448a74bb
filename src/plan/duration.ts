import { ConfigError } from "../errors.ts";

const unitMs: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** The durations an input accepts, both ends included. */
export interface DurationRange {
  minMs: number;
  maxMs: number;
  /** Why the range is what it is, for the error message. */
  why: string;
}

/**
 * `timeout`: 1 s to 5 days. A GitHub job runs at most 5 days on a self-hosted runner (6 hours on a hosted
 * one), so a longer budget is a typo; and Node's timers overflow past 2^31-1 ms (24.8 days) into a 1 ms
 * timer, which would end the run as soon as its first task was paid for.
 */
export const timeoutRange: DurationRange = {
  minMs: 1_000,
  maxMs: 5 * 24 * 3_600_000,
  why: "a GitHub job runs at most 5 days",
};

/**
 * `poll-interval` (each end of a range): 50 ms to 1 h. The floor is hard: nothing polls a task more than
 * 20 times a second, even against a local simulator. Past an hour a result URL (valid 24 h) could lapse
 * between noticing and downloading, and a longer wait is a typo for a shorter one.
 */
export const pollIntervalRange: DurationRange = {
  minMs: 50,
  maxMs: 3_600_000,
  why: "each task is polled at most 20 times a second and at least once an hour",
};

/**
 * Parses durations as users write them in workflow files: `30s`, `500ms`, `2m`, `5h30m`, `1.5s`.
 * A bare number means seconds, as `timeout-minutes` users would guess wrong otherwise either way.
 * With a `range`, a duration outside it is refused with the limit it crossed.
 */
export function parseDuration(text: string, inputName: string, range?: DurationRange): number {
  const ms = readDuration(text, inputName);
  if (range && !(ms >= range.minMs && ms <= range.maxMs)) {
    const [side, limit] = ms < range.minMs ? ["shorter", range.minMs] : ["longer", range.maxMs];
    throw new ConfigError(
      `input "${inputName}": "${text.trim()}" is ${side} than the limit of ${formatDuration(limit)}; ` +
        `it must be from ${formatDuration(range.minMs)} to ${formatDuration(range.maxMs)} (${range.why}).`,
    );
  }
  return ms;
}

function readDuration(text: string, inputName: string): number {
  const value = text.trim();
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const part = /(\d+(?:\.\d+)?)(ms|h|m|s)/gy;
  let total = 0;
  let consumed = 0;
  for (const match of value.matchAll(part)) {
    total += Number(match[1]) * (unitMs[match[2] ?? "s"] ?? 1000);
    consumed += match[0].length;
  }
  if (value === "" || consumed !== value.length) {
    throw new ConfigError(
      `input "${inputName}": "${text}" is not a duration; write it like 30s, 500ms, 2m or 5h30m`,
    );
  }
  return Math.round(total);
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const seconds = Math.round(ms / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return [h ? `${h}h` : "", m ? `${m}m` : "", s || (!h && !m) ? `${s}s` : ""].join("");
}
