import { timerDelay } from "../timer-limit.ts";

/** Exponential backoff with full jitter, after AWS's analysis: spreads retries of concurrent tasks apart. */
export interface BackoffOptions {
  baseMs: number;
  capMs: number;
  maxRetries: number;
}

export const defaultBackoff: BackoffOptions = { baseMs: 1_000, capMs: 60_000, maxRetries: 5 };

/** Delay before retry number `attempt` (1-based); a server's Retry-After is a floor, not a suggestion. */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.round(random() * ceiling);
  return Math.max(jittered, retryAfterMs ?? 0);
}

/** Retry-After is either delta-seconds or an HTTP-date (RFC 9110 10.2.3). */
export function parseRetryAfter(value: string | string[] | undefined, now: number): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || text.trim() === "") return undefined;
  // A hostile or broken server may ask for years: clamped to what a timer can hold (the deadline ends
  // the wait long before).
  if (/^\d+(\.\d+)?$/.test(text.trim())) return timerDelay(Math.round(Number(text) * 1000));
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : timerDelay(date - now);
}

/** Statuses that say "not now": retried for idempotent requests (polls, downloads). */
export const transientStatusCodes = [408, 425, 429, 500, 502, 503, 504];

/** Network failures worth another try for idempotent requests; undici's own list leaves out timeouts. */
export const transientErrorCodes = [
  "ECONNRESET",
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENETDOWN",
  "ENETUNREACH",
  "EHOSTDOWN",
  "EHOSTUNREACH",
  "EPIPE",
  "ETIMEDOUT",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
];

/** What idempotent requests (polls, downloads) retry on: every transient failure. */
export const idempotentRetry = { statusCodes: transientStatusCodes, errorCodes: transientErrorCodes };

export type RetryCallback = (err: Error | null) => void;
export type RetryContext = { state: { counter: number }; opts?: { method?: string } };
/** What undici's RetryAgent hands a retry policy: an HTTP status with its headers, or a network code. */
export interface RetryableError extends Error {
  statusCode?: number;
  code?: string;
  headers?: Record<string, string | string[] | undefined>;
}

/**
 * The run's time budget as the transport sees it: how long is left, and a signal that aborts when it runs out
 * or the run is stopped. The run's clock (run/clock.ts) provides it; the transport only reads it.
 */
export interface RequestDeadline {
  readonly signal: AbortSignal;
  passed(): boolean;
  remaining(): number;
}

/** When a retry is not worth waiting for: too many already, or a wait that would end too late. */
export interface RetryLimits {
  backoff: BackoffOptions;
  /** No retry whose wait would end past it. */
  deadline?: Pick<RequestDeadline, "passed" | "remaining">;
  /** No single wait longer than this, where there is no deadline to bound a server's Retry-After. */
  maxWaitMs?: number;
}

/**
 * The wait before retry number `retry` (1-based), or undefined when none is due: the retries are used up,
 * the deadline has passed or would pass during the wait, or the server asks for longer than `maxWaitMs`.
 * The one rule every retry in the code follows (undici's RetryAgents and the promise retries of
 * transport.ts alike).
 */
export function nextRetryWait(
  retry: number,
  limits: RetryLimits,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number | undefined {
  const { backoff, deadline, maxWaitMs } = limits;
  if (retry > backoff.maxRetries || deadline?.passed()) return undefined;
  const wait = backoffDelay(retry, backoff, retryAfterMs, random);
  if (deadline && wait >= deadline.remaining()) return undefined;
  if (maxWaitMs !== undefined && wait > maxWaitMs) return undefined;
  return wait;
}

/**
 * How long a server asked to be left alone: its Retry-After, else, when its rate limit is used up
 * (`x-ratelimit-remaining: 0`, as GitHub answers), the time until `x-ratelimit-reset` (epoch seconds).
 */
export function serverWait(
  headers: Record<string, string | string[] | number | undefined> | undefined,
  now: number,
): number | undefined {
  if (!headers) return undefined;
  const text = (value: unknown): string | undefined =>
    Array.isArray(value) ? text(value[0]) : value === undefined ? undefined : String(value);
  const retryAfter = parseRetryAfter(text(headers["retry-after"]), now);
  if (retryAfter !== undefined) return retryAfter;
  const reset = Number(text(headers["x-ratelimit-reset"]));
  if (text(headers["x-ratelimit-remaining"]) !== "0" || !Number.isFinite(reset)) return undefined;
  return timerDelay(Math.max(0, reset * 1000 - now));
}

export interface RetryPolicyOptions extends RetryLimits {
  statusCodes: readonly number[];
  errorCodes: readonly string[];
  /** Only requests of these methods are retried, when given (undici checks its own list only without a policy). */
  methods?: readonly string[];
  /** Told before each wait. */
  onWait?: (wait: number, error: RetryableError, retryAfterMs: number | undefined) => void;
}

/**
 * The `retry` function of an undici RetryAgent with our rules instead of undici's (which has no jitter and
 * caps Retry-After at its maximum delay): full jitter, Retry-After as a floor, and the deadline as a ceiling.
 */
export function retryPolicy(options: RetryPolicyOptions) {
  const { statusCodes, errorCodes } = options;
  return (err: Error, context: RetryContext, callback: RetryCallback): NodeJS.Timeout | undefined => {
    const e = err as RetryableError;
    const method = context.opts?.method;
    const retryable =
      (options.methods === undefined || method === undefined || options.methods.includes(method)) &&
      (e.statusCode !== undefined
        ? statusCodes.includes(e.statusCode)
        : e.code !== undefined && errorCodes.includes(e.code));
    const retryAfter = retryable ? parseRetryAfter(e.headers?.["retry-after"], Date.now()) : undefined;
    const wait = retryable ? nextRetryWait(context.state.counter, options, retryAfter) : undefined;
    if (wait === undefined) {
      callback(err);
      return undefined;
    }
    options.onWait?.(wait, e, retryAfter);
    return setTimeout(() => callback(null), timerDelay(wait));
  };
}
