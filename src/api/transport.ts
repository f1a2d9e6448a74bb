/**
 * The transport: the one place that builds HTTP connections (undici, for the API client and the
 * downloader) and the one place that retries, for them and for Octokit. Every retry follows one rule
 * (backoff.ts `nextRetryWait`): exponential backoff with full jitter, a server's Retry-After as a floor,
 * the run's deadline (or a longest wait) as a ceiling. The batch-wide 429 pause is beside it
 * (pause-gate.ts).
 */
import { setTimeout as sleep } from "node:timers/promises";
import { type Dispatcher, EnvHttpProxyAgent, interceptors, RetryAgent } from "undici";
import { timerDelay } from "../timer-limit.ts";
import {
  type BackoffOptions,
  nextRetryWait,
  type RetryLimits,
  type RetryPolicyOptions,
  retryPolicy,
  serverWait,
} from "./backoff.ts";

export interface ConnectionOptions {
  /** Connections per origin; sized to the concurrency. */
  connections: number;
  /** undici's headers and body timeouts: the wait for the headers, and for each next chunk of the body. */
  timeoutMs: number;
  /** undici's own default (10 s) when left out. */
  connectTimeoutMs?: number;
  /** Each attempt of a request ends this long after it starts, headers and body together. */
  attemptTimeLimitMs?: number;
}

export interface RetryRule extends RetryPolicyOptions {
  /** Only these methods are retried: the ones whose requests are safe to send again. */
  methods: Dispatcher.HttpMethod[];
  /** Redirects followed (each hop retried on its own); none when left out. */
  redirects?: number;
}

/**
 * A pool of connections to any origin, honouring HTTP(S)_PROXY and NO_PROXY as self-hosted runners behind
 * a proxy need, and the retrying dispatchers built on it. Close it once its dispatchers are done.
 */
export class Transport {
  private readonly pool: EnvHttpProxyAgent;
  private readonly attempts: Dispatcher;

  constructor(options: ConnectionOptions) {
    this.pool = new EnvHttpProxyAgent({
      connections: options.connections,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      ...(options.connectTimeoutMs !== undefined ? { connectTimeout: options.connectTimeoutMs } : {}),
    });
    // The limit is per attempt, below the retries: a request waiting out a 429's Retry-After has not
    // been answered late.
    this.attempts =
      options.attemptTimeLimitMs === undefined
        ? this.pool
        : this.pool.compose(attemptTimeLimit(options.attemptTimeLimitMs));
  }

  /**
   * A dispatcher that retries by `rule` (undici's RetryAgent with our policy). For a GET it also resumes
   * an interrupted body with a Range request instead of starting over.
   */
  retrying(rule: RetryRule): Dispatcher {
    const agent = new RetryAgent(this.attempts, {
      methods: rule.methods,
      maxRetries: rule.backoff.maxRetries,
      statusCodes: [...rule.statusCodes],
      errorCodes: [...rule.errorCodes],
      retry: retryPolicy(rule),
    });
    return rule.redirects ? agent.compose(interceptors.redirect({ maxRedirections: rule.redirects })) : agent;
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}

/** The request time limit ran out: the code lets the retry policies and the messages tell it apart. */
class RequestTimeLimitError extends Error {
  readonly code = "UND_ERR_REQUEST_TIME_LIMIT";
  constructor(ms: number) {
    super(`no complete answer within the ${sizeOfTime(ms)} request time limit`);
    this.name = "RequestTimeLimitError";
  }
}

/**
 * An undici interceptor: each attempt of a request ends `ms` after it starts (headers and body
 * together), where undici's own timeouts only bound the wait for the headers and the gap between two
 * chunks, so an answer drip-fed a byte at a time never ends.
 */
function attemptTimeLimit(ms: number): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) => (options, handler) => {
    let timer: NodeJS.Timeout | undefined;
    const settle = (): void => clearTimeout(timer);
    return dispatch(options, {
      onRequestStart: (controller, context) => {
        timer = setTimeout(() => controller.abort(new RequestTimeLimitError(ms)), timerDelay(ms));
        timer.unref();
        handler.onRequestStart?.(controller, context);
      },
      onRequestUpgrade: (...args) => handler.onRequestUpgrade?.(...args),
      onResponseStart: (...args) => handler.onResponseStart?.(...args),
      onResponseData: (...args) => handler.onResponseData?.(...args),
      onResponseEnd: (controller, trailers) => {
        settle();
        handler.onResponseEnd?.(controller, trailers);
      },
      onResponseError: (controller, error) => {
        settle();
        handler.onResponseError?.(controller, error);
      },
      onResponseStarted: () => handler.onResponseStarted?.(),
      onBodySent: (chunk) => handler.onBodySent?.(chunk),
      onRequestSent: () => handler.onRequestSent?.(),
    });
  };
}

function sizeOfTime(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

export interface RetryOptions extends RetryLimits {
  /**
   * Whether `error` is worth another try, with how long the server asked to wait (a floor), if it did;
   * `false` ends the retries with that error.
   */
  retryable(error: unknown): { retryAfterMs?: number } | false;
  /** Told before each wait. */
  onWait?: (wait: number, error: unknown, retryAfterMs: number | undefined) => void;
  /** Tests only: the jitter's source and the wait itself. */
  random?: () => number;
  wait?: (ms: number) => Promise<unknown>;
}

/**
 * Runs `attempt` (given its 0-based number) until it succeeds or `options` says to stop: the retry of
 * work that is not a single undici request (an Octokit request, a release upload with its clean-up).
 */
export async function withRetries<T>(
  attempt: (index: number) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  for (let retry = 1; ; retry++) {
    try {
      return await attempt(retry - 1);
    } catch (error) {
      const verdict = options.retryable(error);
      const wait = verdict ? nextRetryWait(retry, options, verdict.retryAfterMs, options.random) : undefined;
      if (!verdict || wait === undefined) throw error;
      options.onWait?.(wait, error, verdict.retryAfterMs);
      await (options.wait ?? sleep)(timerDelay(wait));
    }
  }
}

/**
 * GitHub's REST API: a few retries over a few seconds (ceilings of 2, 4 and 8 s), and a rate limit's
 * wait honoured up to a minute (GitHub asks for a minute after a secondary rate limit); longer than that,
 * the delivery reports the error instead of holding the job.
 */
export const gitHubBackoff: BackoffOptions = { baseMs: 2_000, capMs: 30_000, maxRetries: 3 };
export const gitHubMaxWaitMs = 60_000;

/** What Octokit's `request` hook is given; `url` is the route's template (`/repos/{owner}/{repo}/…`). */
interface GitHubRequest {
  method?: string;
  url?: string;
}

export interface GitHubRetryOptions {
  backoff?: BackoffOptions;
  maxWaitMs?: number;
  onWait?: RetryOptions["onWait"];
  random?: () => number;
  wait?: RetryOptions["wait"];
}

/**
 * A wrapper for `octokit.hook.wrap("request", …)`: retries a GitHub request that failed in transit, with
 * a 5xx, a 429 or a rate-limited 403, for requests that are safe to repeat: reads, updates, deletes, the
 * content-addressed Git objects and GraphQL (read-only here). Never a comment creation or an upload, which
 * could happen twice.
 */
export function retryRepeatableGitHubRequests(options: GitHubRetryOptions = {}) {
  const rule: RetryOptions = {
    backoff: options.backoff ?? gitHubBackoff,
    maxWaitMs: options.maxWaitMs ?? gitHubMaxWaitMs,
    retryable: gitHubRetryVerdict,
    onWait: options.onWait,
    random: options.random,
    wait: options.wait,
  };
  return <O extends GitHubRequest, R>(
    request: (options: O) => R | Promise<R>,
    requestOptions: O,
  ): Promise<R> =>
    isRepeatableGitHubRequest(requestOptions)
      ? withRetries(async () => request(requestOptions), rule)
      : Promise.resolve(request(requestOptions));
}

export function isRepeatableGitHubRequest(request: GitHubRequest): boolean {
  const method = String(request.method ?? "GET").toUpperCase();
  const url = String(request.url ?? "");
  return method !== "POST" || /\/git\/(blobs|trees|commits)$/.test(url) || /\/graphql$/.test(url);
}

/**
 * Octokit's RequestError carries `status` and `response.headers`; a failure in transit comes as a 500
 * (or with no status at all). A 403 is a rate limit only when GitHub says how long to wait; otherwise
 * it is a permission, which waiting does not grant.
 */
export function gitHubRetryVerdict(error: unknown): { retryAfterMs?: number } | false {
  const e = error as {
    status?: unknown;
    response?: { headers?: Record<string, string | number | undefined> };
  };
  const status = typeof e?.status === "number" ? e.status : undefined;
  const retryAfterMs = serverWait(e?.response?.headers, Date.now());
  if (status === undefined || status >= 500 || status === 429) return { retryAfterMs };
  if (status === 403 && retryAfterMs !== undefined) return { retryAfterMs };
  return false;
}
