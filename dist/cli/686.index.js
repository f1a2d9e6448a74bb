export const id = 686;
export const ids = [686];
export const modules = {

/***/ 304:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Jb: () => (/* binding */ retryPolicy),
/* harmony export */   Oo: () => (/* binding */ idempotentRetry),
/* harmony export */   ks: () => (/* binding */ defaultBackoff)
/* harmony export */ });
/* unused harmony exports backoffDelay, parseRetryAfter, transientStatusCodes, transientErrorCodes, nextRetryWait, serverWait */
/* harmony import */ var _timer_limit_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9392);

const defaultBackoff = { baseMs: 1_000, capMs: 60_000, maxRetries: 5 };
/** Delay before retry number `attempt` (1-based); a server's Retry-After is a floor, not a suggestion. */
function backoffDelay(attempt, options, retryAfterMs, random = Math.random) {
    const ceiling = Math.min(options.capMs, options.baseMs * 2 ** Math.max(0, attempt - 1));
    const jittered = Math.round(random() * ceiling);
    return Math.max(jittered, retryAfterMs ?? 0);
}
/** Retry-After is either delta-seconds or an HTTP-date (RFC 9110 10.2.3). */
function parseRetryAfter(value, now) {
    const text = Array.isArray(value) ? value[0] : value;
    if (text === undefined || text.trim() === "")
        return undefined;
    // A hostile or broken server may ask for years: clamped to what a timer can hold (the deadline ends
    // the wait long before).
    if (/^\d+(\.\d+)?$/.test(text.trim()))
        return (0,_timer_limit_js__WEBPACK_IMPORTED_MODULE_0__/* .timerDelay */ .n)(Math.round(Number(text) * 1000));
    const date = Date.parse(text);
    return Number.isNaN(date) ? undefined : (0,_timer_limit_js__WEBPACK_IMPORTED_MODULE_0__/* .timerDelay */ .n)(date - now);
}
/** Statuses that say "not now": retried for idempotent requests (polls, downloads). */
const transientStatusCodes = [408, 425, 429, 500, 502, 503, 504];
/** Network failures worth another try for idempotent requests; undici's own list leaves out timeouts. */
const transientErrorCodes = [
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
const idempotentRetry = { statusCodes: transientStatusCodes, errorCodes: transientErrorCodes };
/**
 * The wait before retry number `retry` (1-based), or undefined when none is due: the retries are used up,
 * the deadline has passed or would pass during the wait, or the server asks for longer than `maxWaitMs`.
 * The one rule every retry in the code follows (undici's RetryAgents and the promise retries of
 * transport.ts alike).
 */
function nextRetryWait(retry, limits, retryAfterMs, random = Math.random) {
    const { backoff, deadline, maxWaitMs } = limits;
    if (retry > backoff.maxRetries || deadline?.passed())
        return undefined;
    const wait = backoffDelay(retry, backoff, retryAfterMs, random);
    if (deadline && wait >= deadline.remaining())
        return undefined;
    if (maxWaitMs !== undefined && wait > maxWaitMs)
        return undefined;
    return wait;
}
/**
 * How long a server asked to be left alone: its Retry-After, else, when its rate limit is used up
 * (`x-ratelimit-remaining: 0`, as GitHub answers), the time until `x-ratelimit-reset` (epoch seconds).
 */
function serverWait(headers, now) {
    if (!headers)
        return undefined;
    const text = (value) => Array.isArray(value) ? text(value[0]) : value === undefined ? undefined : String(value);
    const retryAfter = parseRetryAfter(text(headers["retry-after"]), now);
    if (retryAfter !== undefined)
        return retryAfter;
    const reset = Number(text(headers["x-ratelimit-reset"]));
    if (text(headers["x-ratelimit-remaining"]) !== "0" || !Number.isFinite(reset))
        return undefined;
    return timerDelay(Math.max(0, reset * 1000 - now));
}
/**
 * The `retry` function of an undici RetryAgent with our rules instead of undici's (which has no jitter and
 * caps Retry-After at its maximum delay): full jitter, Retry-After as a floor, and the deadline as a ceiling.
 */
function retryPolicy(options) {
    const { statusCodes, errorCodes } = options;
    return (err, context, callback) => {
        const e = err;
        const method = context.opts?.method;
        const retryable = (options.methods === undefined || method === undefined || options.methods.includes(method)) &&
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
        return setTimeout(() => callback(null), (0,_timer_limit_js__WEBPACK_IMPORTED_MODULE_0__/* .timerDelay */ .n)(wait));
    };
}


/***/ }),

/***/ 8318:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   C: () => (/* binding */ readBounded),
/* harmony export */   v: () => (/* binding */ discard)
/* harmony export */ });
/**
 * Reads an answer up to `limit` bytes. Past it the body is dropped (the connection closed rather than
 * drained) and what was read comes back marked incomplete: enough for an error's preview, never a whole
 * hostile answer in memory.
 */
async function readBounded(body, limit) {
    const chunks = [];
    let size = 0;
    for await (const chunk of body) {
        if (size + chunk.length > limit) {
            chunks.push(chunk.subarray(0, limit - size));
            discard(body);
            return { text: Buffer.concat(chunks).toString("utf8"), complete: false };
        }
        chunks.push(chunk);
        size += chunk.length;
    }
    return { text: Buffer.concat(chunks).toString("utf8"), complete: true };
}
/**
 * Drops an answer's connection without reading the rest. undici's body reports its own abort as an
 * `error` event, which would crash the process without a listener.
 */
function discard(body) {
    body.on("error", () => undefined);
    body.destroy();
}


/***/ }),

/***/ 686:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  ApiClient: () => (/* binding */ ApiClient),
  answerLimits: () => (/* binding */ answerLimits),
  createGraceMs: () => (/* binding */ createGraceMs)
});

// EXTERNAL MODULE: ./src/models/answers.ts
var answers = __webpack_require__(3169);
// EXTERNAL MODULE: ./src/models/polling.ts
var models_polling = __webpack_require__(7933);
// EXTERNAL MODULE: ./src/secrets.ts
var secrets = __webpack_require__(7194);
// EXTERNAL MODULE: ./src/api/backoff.ts
var api_backoff = __webpack_require__(304);
// EXTERNAL MODULE: ./src/api/bounded-body.ts
var bounded_body = __webpack_require__(8318);
// EXTERNAL MODULE: ./src/api/errors.ts
var errors = __webpack_require__(3249);
// EXTERNAL MODULE: external "node:timers/promises"
var promises_ = __webpack_require__(8500);
// EXTERNAL MODULE: ./src/timer-limit.ts
var timer_limit = __webpack_require__(9392);
;// CONCATENATED MODULE: ./src/api/pause-gate.ts


/**
 * One budget for the whole batch: when the API answers 429 to any task, every request waits, so a
 * rate-limited API is not hammered by the other tasks' polls. The API client pauses it from its retry
 * policy's waits and waits on it before each create and poll.
 */
class PauseGate {
    until = 0;
    log;
    constructor(log) {
        this.log = log;
    }
    pause(ms, reason) {
        const until = Date.now() + (0,timer_limit/* timerDelay */.n)(ms);
        if (until <= this.until)
            return;
        if (this.until < Date.now())
            this.log(`The API asked to slow down (${reason}): pausing every request for ${Math.ceil(ms / 1000)}s.`);
        this.until = until;
    }
    /** Until the pause ends, or `signal` (the deadline's) aborts: a long pause never outlives the run. */
    async wait(signal) {
        while (this.until > Date.now() && !signal?.aborted) {
            await (0,promises_.setTimeout)((0,timer_limit/* timerDelay */.n)(this.until - Date.now()), undefined, { signal }).catch(() => undefined);
        }
    }
}

// EXTERNAL MODULE: ./src/api/transport.ts
var transport = __webpack_require__(3841);
;// CONCATENATED MODULE: ./src/api/client.ts








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
const answerLimits = {
    create: 1024 ** 2,
    poll: 1024 ** 2,
    text: 8 * 1024 ** 2,
    error: 16 * 1024,
};
/**
 * How long a create or text request may run past the deadline. Its answer may be arriving, and it
 * carries the id that keeps a later run from paying twice; a request still unanswered then is abandoned
 * as "may be billed".
 */
const createGraceMs = 2_000;
/** The only code that speaks HTTP to the API: auth, timeouts, retries, Retry-After, no double creates. */
class ApiClient {
    media;
    text;
    headers;
    transport;
    creates;
    polls;
    queries;
    deadline;
    gate;
    constructor(options) {
        this.media = hostOf(options.baseUrl);
        this.text = hostOf(options.textBaseUrl ?? options.baseUrl);
        // The client holds the key: what it says about the API's answers is redacted with it wherever the
        // client is used (the action registers it too, at the edge).
        (0,secrets/* registerSecret */.cl)(options.apiKey);
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
        this.transport = new transport/* Transport */.oK({
            connections: options.connections ?? 8,
            timeoutMs: timeout,
            connectTimeoutMs: Math.min(timeout, 30_000),
            attemptTimeLimitMs: timeout,
        });
        const backoff = options.backoff ?? api_backoff/* defaultBackoff */.ks;
        this.creates = this.transport.retrying({
            methods: ["POST"],
            ...createRetry,
            ...this.pausingTheBatch(backoff, log),
        });
        this.polls = this.transport.retrying({
            methods: ["GET"],
            ...api_backoff/* idempotentRetry */.Oo,
            ...this.pausingTheBatch(backoff, log),
        });
        this.queries = this.transport.retrying({
            methods: ["POST"],
            ...api_backoff/* idempotentRetry */.Oo,
            ...this.pausingTheBatch(backoff, log),
        });
    }
    /**
     * Submits one task. Resolves with its id and, when the API failed it in its very answer, the reason
     * (the task exists, so there is nothing to poll); rejects with NotSentError, RejectedError or
     * AmbiguousCreateError.
     */
    async createTask(endpoint, body, signal, readAnswer = answers/* parseCreateResponse */.bM) {
        const json = await this.postOnce(this.media, endpoint, body, "create request", answerLimits.create, signal);
        const outcome = readAnswer(json);
        if (!outcome.ok) {
            if (outcome.taskId === undefined)
                throw new errors/* RejectedError */.zs((0,secrets/* redact */.E$)(outcome.error));
            return { taskId: outcome.taskId, failure: (0,secrets/* redact */.E$)(outcome.error) };
        }
        return { taskId: outcome.taskId, created: outcome.created };
    }
    /**
     * Asks a synchronous text endpoint; resolves with the answer's text and the response id, if any. The
     * same rules as a create apply: a completion is billed, so an ambiguous failure is not repeated.
     */
    async completeText(endpoint, body, answerOf, signal) {
        const json = await this.postOnce(this.text, endpoint, body, "text request", answerLimits.text, signal);
        const text = answerOf(json);
        if (text === undefined || text.trim() === "") {
            throw new errors/* RejectedError */.zs(`the text API answered without any text: ${(0,secrets/* redact */.E$)((0,answers/* preview */.VH)(json, 200))}`);
        }
        const id = json?.id;
        return { id: typeof id === "string" ? id : undefined, text };
    }
    /**
     * A billed POST to a media path other than a create (an asset upload pays for moderation), under the
     * create's rules: retried only when provably not sent. Resolves with the parsed JSON answer.
     */
    async postBilled(endpoint, body, what, signal) {
        return this.postOnce(this.media, endpoint, body, what, answerLimits.create, signal);
    }
    /**
     * A POST that only reads (an asset library's batch status check): whatever its outcome, asking again
     * costs nothing, so it is retried like a poll. Resolves with the parsed JSON answer.
     */
    async postQuery(endpoint, body, what, signal) {
        return this.read("POST", endpoint, what, signal, body);
    }
    /** A GET on a media path (an asset's detail), retried like a poll. Resolves with the parsed JSON answer. */
    async getJson(endpoint, what, signal) {
        return this.read("GET", endpoint, what, signal);
    }
    async read(method, endpoint, what, signal, body) {
        const { response, answer } = await this.fetchAnswer(method, endpoint, what, signal, body);
        const text = answer.text;
        if (response.statusCode === 401 || response.statusCode === 403) {
            throw new errors/* RejectedError */.zs(`the API refused the key on the ${what} (HTTP ${response.statusCode}): check the "api-key" input`, response.statusCode);
        }
        if (response.statusCode === 404)
            throw new errors/* UnknownTaskError */.QG(`the API does not know the ${what} (HTTP 404)`);
        if (response.statusCode !== 200 || !answer.complete) {
            throw new errors/* TransientError */.N_(`the ${what} answered HTTP ${response.statusCode}: ${(0,secrets/* redact */.E$)((0,answers/* preview */.VH)(text))}`, response.statusCode);
        }
        try {
            return JSON.parse(text);
        }
        catch {
            throw new errors/* TransientError */.N_(`the ${what} answered a body that is not JSON: ${(0,secrets/* redact */.E$)((0,answers/* preview */.VH)(text, 80))}`);
        }
    }
    /**
     * One billed POST with the no-double-billing rules. `signal` (the run's deadline or a stop) ends the
     * wait before sending at once, but a request in flight only `createGraceMs` later: its answer may be
     * arriving with the id. Whatever cuts a request after it left makes the outcome ambiguous.
     */
    async postOnce(host, endpoint, body, what, limit, signal) {
        await this.gate.wait(signal);
        if (signal?.aborted || this.deadline.passed())
            throw new errors/* NotSentError */.SD("the run stopped before this task was sent");
        const cut = this.cutOff([signal, this.deadline.signal], createGraceMs);
        const ambiguous = (how) => new errors/* AmbiguousCreateError */.J$(`the ${what} was sent but ${how}; the task may exist and be billed, so it was not resubmitted`);
        try {
            let response;
            try {
                response = await this.creates.request({
                    origin: host.origin,
                    path: `${host.basePath}${endpoint}`,
                    method: "POST",
                    headers: this.headers,
                    body: JSON.stringify(body),
                    signal: cut.signal,
                });
            }
            catch (error) {
                const e = error;
                if (cut.signal.aborted)
                    throw ambiguous(`no answer came ${cut.why()}`);
                if (e.statusCode !== undefined) {
                    throw new errors/* RejectedError */.zs(`the API kept answering HTTP ${e.statusCode} to the ${what}; nothing was created`, e.statusCode);
                }
                if (e.code && createRetry.errorCodes.includes(e.code)) {
                    throw new errors/* NotSentError */.SD(`could not connect to the API (${e.code}); nothing was sent`);
                }
                if (e.code && notSentCodes.includes(e.code)) {
                    throw new errors/* NotSentError */.SD(`the ${what} could not be sent (${(0,secrets/* redact */.E$)(describe(e))}); nothing was sent`);
                }
                throw ambiguous(`its answer was lost (${(0,secrets/* redact */.E$)(describe(e))})`);
            }
            const ok = response.statusCode >= 200 && response.statusCode < 300;
            let answer;
            try {
                answer = await (0,bounded_body/* readBounded */.C)(response.body, ok ? limit : answerLimits.error);
            }
            catch (error) {
                if (cut.signal.aborted)
                    throw ambiguous(`its answer did not arrive ${cut.why()}`);
                // A refusal stays a refusal when its explanation is cut off.
                if (ok || response.statusCode >= 500)
                    throw ambiguous(`its answer was cut off (${describe(error)})`);
                answer = { text: "", complete: false };
            }
            const text = answer.text;
            if (response.statusCode === 401 || response.statusCode === 403) {
                throw new errors/* RejectedError */.zs(`the API refused the key (HTTP ${response.statusCode}): check the "api-key" input and that the key is enabled for this model. ${(0,secrets/* redact */.E$)((0,answers/* preview */.VH)(text))}`, response.statusCode);
            }
            if (response.statusCode >= 400 && response.statusCode < 500) {
                throw new errors/* RejectedError */.zs(`the API rejected the request (HTTP ${response.statusCode}): ${(0,secrets/* redact */.E$)((0,answers/* preview */.VH)(text))}`, response.statusCode);
            }
            if (!ok) {
                // A 5xx other than 503 may come after the task was made: ambiguous, not retried.
                throw new errors/* AmbiguousCreateError */.J$(`the API answered HTTP ${response.statusCode} to the ${what}; the task may exist and be billed, so it was not resubmitted: ${(0,secrets/* redact */.E$)((0,answers/* preview */.VH)(text))}`);
            }
            if (!answer.complete) {
                throw new errors/* AmbiguousCreateError */.J$(`the API's answer to the ${what} was over ${sizeOf(limit)}, so it was not read and the task id is unknown; the task may exist and be billed, so it was not resubmitted`);
            }
            try {
                return JSON.parse(text);
            }
            catch {
                throw new errors/* AmbiguousCreateError */.J$(`the API answered the ${what} with a body that is not JSON, so the task id is unknown and it was not resubmitted: ${(0,secrets/* redact */.E$)((0,answers/* preview */.VH)(text))}`);
            }
        }
        finally {
            cut.dispose();
        }
    }
    /**
     * One poll, at the family's route. Transient failures are retried inside; rejects with TransientError when they persist. The
     * deadline cuts it at once: a poll carries nothing that could be lost.
     */
    async pollTask(polling, taskId, signal) {
        const { response, answer } = await this.fetchAnswer("GET", (0,models_polling/* pollPathOf */.o)(polling, taskId), "polling", signal);
        const text = answer.text;
        if (response.statusCode === 404)
            throw new errors/* UnknownTaskError */.QG(`the API does not know task ${taskId} (HTTP 404)`);
        if (response.statusCode === 401 || response.statusCode === 403) {
            throw new errors/* RejectedError */.zs(`the API refused the key while polling (HTTP ${response.statusCode}): check the "api-key" input`, response.statusCode);
        }
        if (response.statusCode !== 200) {
            throw new errors/* TransientError */.N_(`polling answered HTTP ${response.statusCode}: ${(0,secrets/* redact */.E$)((0,answers/* preview */.VH)(text))}`, response.statusCode);
        }
        if (!answer.complete) {
            throw new errors/* TransientError */.N_(`the API's answer to the poll was over ${sizeOf(answerLimits.poll)}; it was not read further, and the task is polled again until the deadline`);
        }
        let json;
        try {
            json = JSON.parse(text);
        }
        catch {
            throw new errors/* TransientError */.N_(`polling answered a body that is not JSON: ${(0,secrets/* redact */.E$)((0,answers/* preview */.VH)(text, 80))}`);
        }
        const result = (0,answers/* parsePollResponse */.OP)(json, polling.resultField, { anyTopLevelUrl: polling.anyTopLevelUrl });
        if (!result)
            throw new errors/* TransientError */.N_(`polling answered without a status: ${(0,secrets/* redact */.E$)((0,answers/* preview */.VH)(json, 200))}`);
        return result;
    }
    /**
     * One request that only reads, on the media host: retried inside like a poll (asking again costs
     * nothing), cut at once by the deadline or a stop, its answer read up to the poll limit (an error's up
     * to the error limit). Rejects with TransientError when it never got an answer.
     */
    async fetchAnswer(method, endpoint, what, signal, body) {
        await this.gate.wait(signal);
        // A cancel or the deadline that released the batch-wide pause must not let the request go out.
        if (signal?.aborted || this.deadline.passed())
            throw new errors/* TransientError */.N_(`${what} stopped: the run is ending`);
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
            const answer = await (0,bounded_body/* readBounded */.C)(response.body, response.statusCode === 200 ? answerLimits.poll : answerLimits.error);
            return { response, answer };
        }
        catch (error) {
            const e = error;
            const how = cut.signal.aborted ? `no answer came ${cut.why()}` : (0,secrets/* redact */.E$)(describe(e));
            throw new errors/* TransientError */.N_(`${what} failed (${how})`, e.statusCode);
        }
        finally {
            cut.dispose();
        }
    }
    async close() {
        await this.transport.close();
    }
    /**
     * The signal that ends one request at the run's end: `graceMs` after any of `signals` (the deadline,
     * a stop) aborts. The request time limit is per attempt, in the transport (transport.ts).
     */
    cutOff(signals, graceMs) {
        const stop = AbortSignal.any(signals.filter((s) => s !== undefined));
        const late = new AbortController();
        let timer;
        const onStop = () => {
            timer = setTimeout(() => late.abort(stop.reason), graceMs);
            timer.unref();
        };
        // Without a grace, a stop that already happened cuts the request before it is sent, not a tick later.
        if (stop.aborted && graceMs === 0)
            late.abort(stop.reason);
        else if (stop.aborted)
            onStop();
        else
            stop.addEventListener("abort", onStop, { once: true });
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
    pausingTheBatch(backoff, log) {
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
function hostOf(baseUrl) {
    const url = new URL(baseUrl);
    return { origin: url.origin, basePath: url.pathname.replace(/\/+$/, "") };
}
function sizeOf(bytes) {
    return bytes >= 1024 ** 2 ? `${bytes / 1024 ** 2} MiB` : `${bytes / 1024} KiB`;
}
function describe(error) {
    if (error.statusCode !== undefined)
        return `HTTP ${error.statusCode}`;
    return error.code ? `${error.code}: ${error.message}` : error.message;
}


/***/ }),

/***/ 3841:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   oK: () => (/* binding */ Transport)
/* harmony export */ });
/* unused harmony exports withRetries, gitHubBackoff, gitHubMaxWaitMs, retryRepeatableGitHubRequests, isRepeatableGitHubRequest, gitHubRetryVerdict */
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8500);
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_timers_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var undici__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4371);
/* harmony import */ var _timer_limit_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9392);
/* harmony import */ var _backoff_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(304);
/**
 * The transport: the one place that builds HTTP connections (undici, for the API client and the
 * downloader) and the one place that retries, for them and for Octokit. Every retry follows one rule
 * (backoff.ts `nextRetryWait`): exponential backoff with full jitter, a server's Retry-After as a floor,
 * the run's deadline (or a longest wait) as a ceiling. The batch-wide 429 pause is beside it
 * (pause-gate.ts).
 */




/**
 * A pool of connections to any origin, honouring HTTP(S)_PROXY and NO_PROXY as self-hosted runners behind
 * a proxy need, and the retrying dispatchers built on it. Close it once its dispatchers are done.
 */
class Transport {
    pool;
    attempts;
    constructor(options) {
        this.pool = new undici__WEBPACK_IMPORTED_MODULE_1__/* .EnvHttpProxyAgent */ .J2({
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
    retrying(rule) {
        const agent = new undici__WEBPACK_IMPORTED_MODULE_1__/* .RetryAgent */ .cg(this.attempts, {
            methods: rule.methods,
            maxRetries: rule.backoff.maxRetries,
            statusCodes: [...rule.statusCodes],
            errorCodes: [...rule.errorCodes],
            retry: (0,_backoff_js__WEBPACK_IMPORTED_MODULE_2__/* .retryPolicy */ .Jb)(rule),
        });
        return rule.redirects ? agent.compose(undici__WEBPACK_IMPORTED_MODULE_1__/* .interceptors */ .dY.redirect({ maxRedirections: rule.redirects })) : agent;
    }
    async close() {
        await this.pool.close();
    }
}
/** The request time limit ran out: the code lets the retry policies and the messages tell it apart. */
class RequestTimeLimitError extends Error {
    code = "UND_ERR_REQUEST_TIME_LIMIT";
    constructor(ms) {
        super(`no complete answer within the ${sizeOfTime(ms)} request time limit`);
        this.name = "RequestTimeLimitError";
    }
}
/**
 * An undici interceptor: each attempt of a request ends `ms` after it starts (headers and body
 * together), where undici's own timeouts only bound the wait for the headers and the gap between two
 * chunks, so an answer drip-fed a byte at a time never ends.
 */
function attemptTimeLimit(ms) {
    return (dispatch) => (options, handler) => {
        let timer;
        const settle = () => clearTimeout(timer);
        return dispatch(options, {
            onRequestStart: (controller, context) => {
                timer = setTimeout(() => controller.abort(new RequestTimeLimitError(ms)), (0,_timer_limit_js__WEBPACK_IMPORTED_MODULE_3__/* .timerDelay */ .n)(ms));
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
function sizeOfTime(ms) {
    return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
/**
 * Runs `attempt` (given its 0-based number) until it succeeds or `options` says to stop: the retry of
 * work that is not a single undici request (an Octokit request, a release upload with its clean-up).
 */
async function withRetries(attempt, options) {
    for (let retry = 1;; retry++) {
        try {
            return await attempt(retry - 1);
        }
        catch (error) {
            const verdict = options.retryable(error);
            const wait = verdict ? nextRetryWait(retry, options, verdict.retryAfterMs, options.random) : undefined;
            if (!verdict || wait === undefined)
                throw error;
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
const gitHubBackoff = { baseMs: 2_000, capMs: 30_000, maxRetries: 3 };
const gitHubMaxWaitMs = 60_000;
/**
 * A wrapper for `octokit.hook.wrap("request", …)`: retries a GitHub request that failed in transit, with
 * a 5xx, a 429 or a rate-limited 403, for requests that are safe to repeat: reads, updates, deletes, the
 * content-addressed Git objects and GraphQL (read-only here). Never a comment creation or an upload, which
 * could happen twice.
 */
function retryRepeatableGitHubRequests(options = {}) {
    const rule = {
        backoff: options.backoff ?? gitHubBackoff,
        maxWaitMs: options.maxWaitMs ?? gitHubMaxWaitMs,
        retryable: gitHubRetryVerdict,
        onWait: options.onWait,
        random: options.random,
        wait: options.wait,
    };
    return (request, requestOptions) => isRepeatableGitHubRequest(requestOptions)
        ? withRetries(async () => request(requestOptions), rule)
        : Promise.resolve(request(requestOptions));
}
function isRepeatableGitHubRequest(request) {
    const method = String(request.method ?? "GET").toUpperCase();
    const url = String(request.url ?? "");
    return method !== "POST" || /\/git\/(blobs|trees|commits)$/.test(url) || /\/graphql$/.test(url);
}
/**
 * Octokit's RequestError carries `status` and `response.headers`; a failure in transit comes as a 500
 * (or with no status at all). A 403 is a rate limit only when GitHub says how long to wait; otherwise
 * it is a permission, which waiting does not grant.
 */
function gitHubRetryVerdict(error) {
    const e = error;
    const status = typeof e?.status === "number" ? e.status : undefined;
    const retryAfterMs = serverWait(e?.response?.headers, Date.now());
    if (status === undefined || status >= 500 || status === 429)
        return { retryAfterMs };
    if (status === 403 && retryAfterMs !== undefined)
        return { retryAfterMs };
    return false;
}


/***/ })

};
