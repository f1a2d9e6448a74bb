import type { Dispatcher } from "undici";
import {
  type CreateOutcome,
  type PollResult,
  parseCreateResponse,
  parsePollResponse,
  preview,
} from "../models/answers.ts";
import { type PollRoute, pollPathOf } from "../models/polling.ts";
import { redact, registerSecret } from "../secrets.ts";
import {
  type BackoffOptions,
  defaultBackoff,
  idempotentRetry,
  type RequestDeadline,
  type RetryableError,
  type RetryPolicyOptions,
} from "./backoff.ts";
import { readBounded } from "./bounded-body.ts";
import {
  AmbiguousCreateError,
  NotSentError,
  RejectedError,
  TransientError,
  UnknownTaskError,
} from "./errors.ts";
import { PauseGate } from "./pause-gate.ts";
import { Transport } from "./transport.ts";

export interface ClientOptions {
  /** Base of the asynchronous media endpoints. */
  baseUrl: string;
  /** Base of the synchronous text endpoints; defaults to `baseUrl`. */
  textBaseUrl?: string;
  apiKey: string;
  deadline: RequestDeadline;
  /**
   * Per API request, headers and body together (undici's headers and body timeouts use it too); the
   * run's deadline cuts a request earlier (see `createGraceMs`).
   */
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
 * Failures raised before a byte of the request was written: undici refuses the request itself (a header
 * with a newline, an unsupported option) or never finishes connecting. Nothing exists, nothing is billed.
 */
const notSentCodes = ["UND_ERR_INVALID_ARG", "UND_ERR_NOT_SUPPORTED", "UND_ERR_CONNECT_TIMEOUT"];

/**
 * The most of an answer that is read. A create or poll answer is a small JSON object (a few hundred
 * bytes; a poll with every field is under 4 KiB), so 1 MiB is generous. A text completion carries the
 * model's whole answer: the largest output limits (~128k tokens, about 0.5 MB of text) can double with
 * JSON escaping and carry reasoning and metadata, so 8 MiB. An error answer is only ever shown as a
 * preview of 300 characters.
 */
export const answerLimits = {
  create: 1024 ** 2,
  poll: 1024 ** 2,
  text: 8 * 1024 ** 2,
  error: 16 * 1024,
} as const;

/**
 * How long a create or text request may run past the deadline. Its answer may be arriving, and it
 * carries the id that keeps a later run from paying twice; a request still unanswered then is abandoned
 * as "may be billed".
 */
export const createGraceMs = 2_000;

/** The only code that speaks HTTP to the API: auth, timeouts, retries, Retry-After, no double creates. */
export class ApiClient {
  private readonly media: { origin: string; basePath: string };
  private readonly text: { origin: string; basePath: string };
  private readonly headers: Record<string, string>;
  private readonly transport: Transport;
  private readonly creates: Dispatcher;
  private readonly polls: Dispatcher;
  private readonly queries: Dispatcher;
  private readonly deadline: RequestDeadline;
  readonly gate: PauseGate;

  constructor(options: ClientOptions) {
    this.media = hostOf(options.baseUrl);
    this.text = hostOf(options.textBaseUrl ?? options.baseUrl);
    // The client holds the key: what it says about the API's answers is redacted with it wherever the
    // client is used (the action registers it too, at the edge).
    registerSecret(options.apiKey);
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
    this.transport = new Transport({
      connections: options.connections ?? 8,
      timeoutMs: timeout,
      connectTimeoutMs: Math.min(timeout, 30_000),
      attemptTimeLimitMs: timeout,
    });
    const backoff = options.backoff ?? defaultBackoff;
    this.creates = this.transport.retrying({
      methods: ["POST"],
      ...createRetry,
      ...this.pausingTheBatch(backoff, log),
    });
    this.polls = this.transport.retrying({
      methods: ["GET"],
      ...idempotentRetry,
      ...this.pausingTheBatch(backoff, log),
    });
    this.queries = this.transport.retrying({
      methods: ["POST"],
      ...idempotentRetry,
      ...this.pausingTheBatch(backoff, log),
    });
  }

  /**
   * Submits one task. Resolves with its id and, when the API failed it in its very answer, the reason
   * (the task exists, so there is nothing to poll); rejects with NotSentError, RejectedError or
   * AmbiguousCreateError.
   */
  async createTask(
    endpoint: string,
    body: unknown,
    signal?: AbortSignal,
    readAnswer: (json: unknown) => CreateOutcome = parseCreateResponse,
  ): Promise<{ taskId: string; created?: number; failure?: string }> {
    const json = await this.postOnce(
      this.media,
      endpoint,
      body,
      "create request",
      answerLimits.create,
      signal,
    );
    const outcome: CreateOutcome = readAnswer(json);
    if (!outcome.ok) {
      if (outcome.taskId === undefined) throw new RejectedError(redact(outcome.error));
      return { taskId: outcome.taskId, failure: redact(outcome.error) };
    }
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
    const json = await this.postOnce(this.text, endpoint, body, "text request", answerLimits.text, signal);
    const text = answerOf(json);
    if (text === undefined || text.trim() === "") {
      throw new RejectedError(`the text API answered without any text: ${redact(preview(json, 200))}`);
    }
    const id = (json as { id?: unknown } | null)?.id;
    return { id: typeof id === "string" ? id : undefined, text };
  }

  /**
   * A billed POST to a media path other than a create (an asset upload pays for moderation), under the
   * create's rules: retried only when provably not sent. Resolves with the parsed JSON answer.
   */
  async postBilled(endpoint: string, body: unknown, what: string, signal?: AbortSignal): Promise<unknown> {
    return this.postOnce(this.media, endpoint, body, what, answerLimits.create, signal);
  }

  /**
   * A POST that only reads (an asset library's batch status check): whatever its outcome, asking again
   * costs nothing, so it is retried like a poll. Resolves with the parsed JSON answer.
   */
  async postQuery(endpoint: string, body: unknown, what: string, signal?: AbortSignal): Promise<unknown> {
    return this.read("POST", endpoint, what, signal, body);
  }

  /** A GET on a media path (an asset's detail), retried like a poll. Resolves with the parsed JSON answer. */
  async getJson(endpoint: string, what: string, signal?: AbortSignal): Promise<unknown> {
    return this.read("GET", endpoint, what, signal);
  }

  private async read(
    method: "GET" | "POST",
    endpoint: string,
    what: string,
    signal?: AbortSignal,
    body?: unknown,
  ): Promise<unknown> {
    const { response, answer } = await this.fetchAnswer(method, endpoint, what, signal, body);
    const text = answer.text;
    if (response.statusCode === 401 || response.statusCode === 403) {
      throw new RejectedError(
        `the API refused the key on the ${what} (HTTP ${response.statusCode}): check the "api-key" input`,
        response.statusCode,
      );
    }
    if (response.statusCode === 404)
      throw new UnknownTaskError(`the API does not know the ${what} (HTTP 404)`);
    if (response.statusCode !== 200 || !answer.complete) {
      throw new TransientError(
        `the ${what} answered HTTP ${response.statusCode}: ${redact(preview(text))}`,
        response.statusCode,
      );
    }
    try {
      return JSON.parse(text);
    } catch {
      throw new TransientError(`the ${what} answered a body that is not JSON: ${redact(preview(text, 80))}`);
    }
  }

  /**
   * One billed POST with the no-double-billing rules. `signal` (the run's deadline or a stop) ends the
   * wait before sending at once, but a request in flight only `createGraceMs` later: its answer may be
   * arriving with the id. Whatever cuts a request after it left makes the outcome ambiguous.
   */
  private async postOnce(
    host: { origin: string; basePath: string },
    endpoint: string,
    body: unknown,
    what: string,
    limit: number,
    signal?: AbortSignal,
  ): Promise<unknown> {
    await this.gate.wait(signal);
    if (signal?.aborted || this.deadline.passed())
      throw new NotSentError("the run stopped before this task was sent");
    const cut = this.cutOff([signal, this.deadline.signal], createGraceMs);
    const ambiguous = (how: string) =>
      new AmbiguousCreateError(
        `the ${what} was sent but ${how}; the task may exist and be billed, so it was not resubmitted`,
      );
    try {
      let response: Dispatcher.ResponseData;
      try {
        response = await this.creates.request({
          origin: host.origin,
          path: `${host.basePath}${endpoint}`,
          method: "POST",
          headers: this.headers,
          body: JSON.stringify(body),
          signal: cut.signal,
        });
      } catch (error) {
        const e = error as RetryableError;
        if (cut.signal.aborted) throw ambiguous(`no answer came ${cut.why()}`);
        if (e.statusCode !== undefined) {
          throw new RejectedError(
            `the API kept answering HTTP ${e.statusCode} to the ${what}; nothing was created`,
            e.statusCode,
          );
        }
        if (e.code && createRetry.errorCodes.includes(e.code)) {
          throw new NotSentError(`could not connect to the API (${e.code}); nothing was sent`);
        }
        if (e.code && notSentCodes.includes(e.code)) {
          throw new NotSentError(`the ${what} could not be sent (${redact(describe(e))}); nothing was sent`);
        }
        throw ambiguous(`its answer was lost (${redact(describe(e))})`);
      }
      const ok = response.statusCode >= 200 && response.statusCode < 300;
      let answer: { text: string; complete: boolean };
      try {
        answer = await readBounded(response.body, ok ? limit : answerLimits.error);
      } catch (error) {
        if (cut.signal.aborted) throw ambiguous(`its answer did not arrive ${cut.why()}`);
        // A refusal stays a refusal when its explanation is cut off.
        if (ok || response.statusCode >= 500)
          throw ambiguous(`its answer was cut off (${describe(error as Error)})`);
        answer = { text: "", complete: false };
      }
      const text = answer.text;
      if (response.statusCode === 401 || response.statusCode === 403) {
        throw new RejectedError(
          `the API refused the key (HTTP ${response.statusCode}): check the "api-key" input and that the key is enabled for this model. ${redact(preview(text))}`,
          response.statusCode,
        );
      }
      if (response.statusCode >= 400 && response.statusCode < 500) {
        throw new RejectedError(
          `the API rejected the request (HTTP ${response.statusCode}): ${redact(preview(text))}`,
          response.statusCode,
        );
      }
      if (!ok) {
        // A 5xx other than 503 may come after the task was made: ambiguous, not retried.
        throw new AmbiguousCreateError(
          `the API answered HTTP ${response.statusCode} to the ${what}; the task may exist and be billed, so it was not resubmitted: ${redact(preview(text))}`,
        );
      }
      if (!answer.complete) {
        throw new AmbiguousCreateError(
          `the API's answer to the ${what} was over ${sizeOf(limit)}, so it was not read and the task id is unknown; the task may exist and be billed, so it was not resubmitted`,
        );
      }
      try {
        return JSON.parse(text);
      } catch {
        throw new AmbiguousCreateError(
          `the API answered the ${what} with a body that is not JSON, so the task id is unknown and it was not resubmitted: ${redact(preview(text))}`,
        );
      }
    } finally {
      cut.dispose();
    }
  }

  /**
   * One poll, at the family's route. Transient failures are retried inside; rejects with TransientError when they persist. The
   * deadline cuts it at once: a poll carries nothing that could be lost.
   */
  async pollTask(polling: PollRoute, taskId: string, signal?: AbortSignal): Promise<PollResult> {
    const { response, answer } = await this.fetchAnswer(
      "GET",
      pollPathOf(polling, taskId),
      "polling",
      signal,
    );
    const text = answer.text;
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
        `polling answered HTTP ${response.statusCode}: ${redact(preview(text))}`,
        response.statusCode,
      );
    }
    if (!answer.complete) {
      throw new TransientError(
        `the API's answer to the poll was over ${sizeOf(answerLimits.poll)}; it was not read further, and the task is polled again until the deadline`,
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new TransientError(`polling answered a body that is not JSON: ${redact(preview(text, 80))}`);
    }
    const result = parsePollResponse(json, polling.resultField, { anyTopLevelUrl: polling.anyTopLevelUrl });
    if (!result) throw new TransientError(`polling answered without a status: ${redact(preview(json, 200))}`);
    return result;
  }

  /**
   * One request that only reads, on the media host: retried inside like a poll (asking again costs
   * nothing), cut at once by the deadline or a stop, its answer read up to the poll limit (an error's up
   * to the error limit). Rejects with TransientError when it never got an answer.
   */
  private async fetchAnswer(
    method: "GET" | "POST",
    endpoint: string,
    what: string,
    signal?: AbortSignal,
    body?: unknown,
  ): Promise<{ response: Dispatcher.ResponseData; answer: { text: string; complete: boolean } }> {
    await this.gate.wait(signal);
    // A cancel or the deadline that released the batch-wide pause must not let the request go out.
    if (signal?.aborted || this.deadline.passed())
      throw new TransientError(`${what} stopped: the run is ending`);
    const cut = this.cutOff([signal, this.deadline.signal], 0);
    try {
      const response = await (method === "GET" ? this.polls : this.queries).request({
        origin: this.media.origin,
        path: `${this.media.basePath}${endpoint}`,
        method,
        headers: this.headers,
        ...(body !== undefined && { body: JSON.stringify(body) }),
        signal: cut.signal,
      });
      const answer = await readBounded(
        response.body,
        response.statusCode === 200 ? answerLimits.poll : answerLimits.error,
      );
      return { response, answer };
    } catch (error) {
      const e = error as RetryableError;
      const how = cut.signal.aborted ? `no answer came ${cut.why()}` : redact(describe(e));
      throw new TransientError(`${what} failed (${how})`, e.statusCode);
    } finally {
      cut.dispose();
    }
  }

  async close(): Promise<void> {
    await this.transport.close();
  }

  /**
   * The signal that ends one request at the run's end: `graceMs` after any of `signals` (the deadline,
   * a stop) aborts. The request time limit is per attempt, in the transport (transport.ts).
   */
  private cutOff(
    signals: readonly (AbortSignal | undefined)[],
    graceMs: number,
  ): { signal: AbortSignal; why(): string; dispose(): void } {
    const stop = AbortSignal.any(signals.filter((s): s is AbortSignal => s !== undefined));
    const late = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const onStop = (): void => {
      timer = setTimeout(() => late.abort(stop.reason), graceMs);
      timer.unref();
    };
    // Without a grace, a stop that already happened cuts the request before it is sent, not a tick later.
    if (stop.aborted && graceMs === 0) late.abort(stop.reason);
    else if (stop.aborted) onStop();
    else stop.addEventListener("abort", onStop, { once: true });
    return {
      signal: late.signal,
      why: () => `before the time budget ran out${graceMs > 0 ? ` and ${graceMs / 1000}s past it` : ""}`,
      dispose: () => {
        clearTimeout(timer);
        stop.removeEventListener("abort", onStop);
      },
    };
  }

  /** A 429 or a Retry-After from the API pauses every request of the batch for as long (see PauseGate). */
  private pausingTheBatch(
    backoff: BackoffOptions,
    log: (l: string) => void,
  ): Pick<RetryPolicyOptions, "backoff" | "deadline" | "onWait"> {
    return {
      backoff,
      deadline: this.deadline,
      onWait: (wait, error, retryAfter) => {
        if (error.statusCode === 429 || retryAfter !== undefined) {
          this.gate.pause(wait, error.statusCode ? `HTTP ${error.statusCode}` : "Retry-After");
        }
        log(`retrying after ${describe(error)} in ${wait}ms`);
      },
    };
  }
}

function hostOf(baseUrl: string): { origin: string; basePath: string } {
  const url = new URL(baseUrl);
  return { origin: url.origin, basePath: url.pathname.replace(/\/+$/, "") };
}

function sizeOf(bytes: number): string {
  return bytes >= 1024 ** 2 ? `${bytes / 1024 ** 2} MiB` : `${bytes / 1024} KiB`;
}

function describe(error: RetryableError): string {
  if (error.statusCode !== undefined) return `HTTP ${error.statusCode}`;
  return error.code ? `${error.code}: ${error.message}` : error.message;
}
