import { setTimeout as delay } from "node:timers/promises";
import { type Dispatcher, EnvHttpProxyAgent, RetryAgent } from "undici";
import type { Deadline } from "../run/clock.ts";
import { timerDelay } from "../timer-limit.ts";
import {
  type BackoffOptions,
  defaultBackoff,
  idempotentRetry,
  type RetryableError,
  retryPolicy,
} from "./backoff.ts";
import {
  AmbiguousCreateError,
  NotSentError,
  RejectedError,
  TransientError,
  UnknownTaskError,
} from "./errors.ts";
import {
  type CreateOutcome,
  type PollResult,
  parseCreateResponse,
  parsePollResponse,
  preview,
} from "./responses.ts";

export interface ClientOptions {
  /** Base of the asynchronous media endpoints. */
  baseUrl: string;
  /** Base of the synchronous text endpoints; defaults to `baseUrl`. */
  textBaseUrl?: string;
  apiKey: string;
  deadline: Deadline;
  /** Per request: time to the response headers, and between body chunks. */
  requestTimeoutMs?: number;
  /** Connections to the API host; sized to the concurrency. */
  connections?: number;
  backoff?: BackoffOptions;
  /** Details (each retry), for the debug log. */
  log?: (line: string) => void;
  /** What a user should see: a rate-limit pause of the whole batch. */
  notice?: (line: string) => void;
}

/**
 * Statuses and errors after which a create provably did not make a task (reference 8.3, design 6): the
 * API said "not now" (429, 503), or no connection was ever made. Anything else after the body left is
 * ambiguous and is never retried.
 */
const createRetry = { statusCodes: [429, 503], errorCodes: ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"] };

/**
 * One budget for the whole batch: when the API answers 429 to any task, every request waits, so a
 * rate-limited API is not hammered by the other tasks' polls.
 */
export class PauseGate {
  private until = 0;
  private readonly log: (line: string) => void;
  constructor(log: (line: string) => void) {
    this.log = log;
  }
  pause(ms: number, reason: string): void {
    const until = Date.now() + timerDelay(ms);
    if (until <= this.until) return;
    if (this.until < Date.now())
      this.log(`The API asked to slow down (${reason}): pausing every request for ${Math.ceil(ms / 1000)}s.`);
    this.until = until;
  }
  /** Until the pause ends, or `signal` (the deadline's) aborts: a long pause never outlives the run. */
  async wait(signal?: AbortSignal): Promise<void> {
    while (this.until > Date.now() && !signal?.aborted) {
      await delay(timerDelay(this.until - Date.now()), undefined, { signal }).catch(() => undefined);
    }
  }
}

/** The only code that speaks HTTP to the API: auth, timeouts, retries, Retry-After, no double creates. */
export class ApiClient {
  private readonly media: { origin: string; basePath: string };
  private readonly text: { origin: string; basePath: string };
  private readonly headers: Record<string, string>;
  private readonly transport: Dispatcher;
  private readonly creates: Dispatcher;
  private readonly polls: Dispatcher;
  private readonly deadline: Deadline;
  private readonly apiKey: string;
  readonly gate: PauseGate;

  constructor(options: ClientOptions) {
    this.media = hostOf(options.baseUrl);
    this.text = hostOf(options.textBaseUrl ?? options.baseUrl);
    this.apiKey = options.apiKey;
    this.deadline = options.deadline;
    this.headers = {
      authorization: `Bearer ${options.apiKey}`,
      "content-type": "application/json",
      accept: "application/json",
      "user-agent": "genmedia-action",
    };
    const log = options.log ?? (() => undefined);
    this.gate = new PauseGate(options.notice ?? log);
    const timeout = options.requestTimeoutMs ?? 60_000;
    // EnvHttpProxyAgent honours HTTP(S)_PROXY and NO_PROXY, as self-hosted runners behind a proxy need.
    this.transport = new EnvHttpProxyAgent({
      connections: options.connections ?? 8,
      headersTimeout: timeout,
      bodyTimeout: timeout,
      connectTimeout: Math.min(timeout, 30_000),
    });
    const backoff = options.backoff ?? defaultBackoff;
    this.creates = new RetryAgent(this.transport, {
      methods: ["POST"],
      maxRetries: backoff.maxRetries,
      ...createRetry,
      retry: this.retryPolicy(createRetry, backoff, log),
    });
    this.polls = new RetryAgent(this.transport, {
      methods: ["GET"],
      maxRetries: backoff.maxRetries,
      ...idempotentRetry,
      retry: this.retryPolicy(idempotentRetry, backoff, log),
    });
  }

  /**
   * Submits one task. Resolves with its id; rejects with NotSentError, RejectedError or AmbiguousCreateError.
   */
  async createTask(
    endpoint: string,
    body: unknown,
    signal?: AbortSignal,
  ): Promise<{ taskId: string; created?: number }> {
    const json = await this.postOnce(this.media, endpoint, body, "create request", signal);
    const outcome: CreateOutcome = parseCreateResponse(json);
    if (!outcome.ok) throw new RejectedError(this.redact(outcome.error));
    return { taskId: outcome.taskId, created: outcome.created };
  }

  /**
   * Asks a synchronous text endpoint; resolves with the answer's text and the response id, if any. The
   * same rules as a create apply: a completion is billed, so an ambiguous failure is not repeated.
   */
  async completeText(
    endpoint: string,
    body: unknown,
    answerOf: (json: unknown) => string | undefined,
    signal?: AbortSignal,
  ): Promise<{ id?: string; text: string }> {
    const json = await this.postOnce(this.text, endpoint, body, "text request", signal);
    const text = answerOf(json);
    if (text === undefined || text.trim() === "") {
      throw new RejectedError(`the text API answered without any text: ${this.redact(preview(json, 200))}`);
    }
    const id = (json as { id?: unknown } | null)?.id;
    return { id: typeof id === "string" ? id : undefined, text };
  }

  /**
   * One billed POST with the no-double-billing rules. `signal` stops the wait before sending, never the
   * request itself: aborting a create in flight would leave a task that may exist (and be billed)
   * without its id.
   */
  private async postOnce(
    host: { origin: string; basePath: string },
    endpoint: string,
    body: unknown,
    what: string,
    signal?: AbortSignal,
  ): Promise<unknown> {
    await this.gate.wait(signal);
    if (signal?.aborted) throw new NotSentError("the run stopped before this task was sent");
    let response: Dispatcher.ResponseData;
    try {
      response = await this.creates.request({
        origin: host.origin,
        path: `${host.basePath}${endpoint}`,
        method: "POST",
        headers: this.headers,
        body: JSON.stringify(body),
      });
    } catch (error) {
      const e = error as RetryableError;
      if (e.statusCode !== undefined) {
        throw new RejectedError(
          `the API kept answering HTTP ${e.statusCode} to the ${what}; nothing was created`,
          e.statusCode,
        );
      }
      if (e.code && createRetry.errorCodes.includes(e.code)) {
        throw new NotSentError(`could not connect to the API (${e.code}); nothing was sent`);
      }
      throw new AmbiguousCreateError(
        `the ${what} was sent but its answer was lost (${describe(e)}); the task may exist and be billed, so it was not resubmitted`,
      );
    }
    const text = await readText(response).catch((error: Error) => {
      throw new AmbiguousCreateError(
        `the ${what} was sent but its answer was cut off (${describe(error)}); the task may exist and be billed, so it was not resubmitted`,
      );
    });
    if (response.statusCode === 401 || response.statusCode === 403) {
      throw new RejectedError(
        `the API refused the key (HTTP ${response.statusCode}): check the "api-key" input and that the key is enabled for this model. ${this.redact(preview(text))}`,
        response.statusCode,
      );
    }
    if (response.statusCode >= 400 && response.statusCode < 500) {
      throw new RejectedError(
        `the API rejected the request (HTTP ${response.statusCode}): ${this.redact(preview(text))}`,
        response.statusCode,
      );
    }
    if (response.statusCode < 200 || response.statusCode >= 300) {
      // A 5xx other than 503 may come after the task was made: ambiguous, not retried.
      throw new AmbiguousCreateError(
        `the API answered HTTP ${response.statusCode} to the ${what}; the task may exist and be billed, so it was not resubmitted: ${this.redact(preview(text))}`,
      );
    }
    try {
      return JSON.parse(text);
    } catch {
      throw new AmbiguousCreateError(
        `the API answered the ${what} with a body that is not JSON, so the task id is unknown and it was not resubmitted: ${this.redact(preview(text))}`,
      );
    }
  }

  /** One poll. Transient failures are retried inside; rejects with TransientError when they persist. */
  async pollTask(taskId: string, signal?: AbortSignal): Promise<PollResult> {
    await this.gate.wait(signal);
    let response: Dispatcher.ResponseData;
    let text: string;
    try {
      response = await this.polls.request({
        origin: this.media.origin,
        path: `${this.media.basePath}/v1/result/${encodeURIComponent(taskId)}`,
        method: "GET",
        headers: this.headers,
        signal,
      });
      text = await readText(response);
    } catch (error) {
      const e = error as RetryableError;
      throw new TransientError(`polling failed (${describe(e)})`, e.statusCode);
    }
    if (response.statusCode === 404)
      throw new UnknownTaskError(`the API does not know task ${taskId} (HTTP 404)`);
    if (response.statusCode === 401 || response.statusCode === 403) {
      throw new RejectedError(
        `the API refused the key while polling (HTTP ${response.statusCode}): check the "api-key" input`,
        response.statusCode,
      );
    }
    if (response.statusCode !== 200) {
      throw new TransientError(
        `polling answered HTTP ${response.statusCode}: ${this.redact(preview(text))}`,
        response.statusCode,
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new TransientError(`polling answered a body that is not JSON: ${this.redact(preview(text, 80))}`);
    }
    const result = parsePollResponse(json);
    if (!result)
      throw new TransientError(`polling answered without a status: ${this.redact(preview(json, 200))}`);
    return result;
  }

  async close(): Promise<void> {
    await this.transport.close();
  }

  private redact(text: string): string {
    return this.apiKey ? text.split(this.apiKey).join("***") : text;
  }

  /** A 429 or a Retry-After from the API pauses every request of the batch for as long (see PauseGate). */
  private retryPolicy(
    codes: { statusCodes: number[]; errorCodes: string[] },
    backoff: BackoffOptions,
    log: (l: string) => void,
  ) {
    return retryPolicy({
      ...codes,
      backoff,
      deadline: this.deadline,
      onWait: (wait, error, retryAfter) => {
        if (error.statusCode === 429 || retryAfter !== undefined) {
          this.gate.pause(wait, error.statusCode ? `HTTP ${error.statusCode}` : "Retry-After");
        }
        log(`retrying after ${describe(error)} in ${wait}ms`);
      },
    });
  }
}

function hostOf(baseUrl: string): { origin: string; basePath: string } {
  const url = new URL(baseUrl);
  return { origin: url.origin, basePath: url.pathname.replace(/\/+$/, "") };
}

async function readText(response: Dispatcher.ResponseData): Promise<string> {
  return await response.body.text();
}

function describe(error: RetryableError): string {
  if (error.statusCode !== undefined) return `HTTP ${error.statusCode}`;
  return error.code ? `${error.code}: ${error.message}` : error.message;
}
