export const id = 893;
export const ids = [893];
export const modules = {

/***/ 50304:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Jb: () => (/* binding */ retryPolicy),
/* harmony export */   Oo: () => (/* binding */ idempotentRetry),
/* harmony export */   ks: () => (/* binding */ defaultBackoff)
/* harmony export */ });
/* unused harmony exports backoffDelay, parseRetryAfter, transientStatusCodes, transientErrorCodes */
/* harmony import */ var _timer_limit_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(69392);

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
 * The `retry` function of an undici RetryAgent with our rules instead of undici's (which has no jitter and
 * caps Retry-After at its maximum delay): full jitter, Retry-After as a floor, and the deadline as a ceiling.
 */
function retryPolicy(options) {
    const { statusCodes, errorCodes, backoff, deadline } = options;
    return (err, context, callback) => {
        const e = err;
        const retryable = e.statusCode !== undefined
            ? statusCodes.includes(e.statusCode)
            : e.code !== undefined && errorCodes.includes(e.code);
        if (!retryable || context.state.counter > backoff.maxRetries || deadline?.passed()) {
            callback(err);
            return undefined;
        }
        const retryAfter = parseRetryAfter(e.headers?.["retry-after"], Date.now());
        const wait = backoffDelay(context.state.counter, backoff, retryAfter);
        if (deadline && wait >= deadline.remaining()) {
            callback(err);
            return undefined;
        }
        options.onWait?.(wait, e, retryAfter);
        return setTimeout(() => callback(null), (0,_timer_limit_js__WEBPACK_IMPORTED_MODULE_0__/* .timerDelay */ .n)(wait));
    };
}


/***/ }),

/***/ 55893:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  ApiClient: () => (/* binding */ ApiClient),
  PauseGate: () => (/* binding */ PauseGate)
});

// EXTERNAL MODULE: external "node:timers/promises"
var promises_ = __webpack_require__(58500);
// EXTERNAL MODULE: ./node_modules/undici/index.js
var undici = __webpack_require__(24371);
// EXTERNAL MODULE: ./src/timer-limit.ts
var timer_limit = __webpack_require__(69392);
// EXTERNAL MODULE: ./src/api/backoff.ts
var api_backoff = __webpack_require__(50304);
// EXTERNAL MODULE: ./src/api/errors.ts
var errors = __webpack_require__(53249);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 17 modules
var schemas = __webpack_require__(38816);
;// CONCATENATED MODULE: ./src/api/responses.ts

const looseNumber = schemas/* preprocess */.vkY((v) => (typeof v === "string" && v.trim() !== "" ? Number(v) : v), schemas/* number */.aig().finite().optional().catch(undefined));
/** Both create shapes (reference section 3), read tolerantly: the docs disagree on which one is live. */
const createBodySchema = schemas/* object */.Ikc({
    id: schemas/* union */.KCZ([schemas/* string */.YjP(), schemas/* number */.aig()]).optional().catch(undefined),
    task_id: schemas/* union */.KCZ([schemas/* string */.YjP(), schemas/* number */.aig()]).optional().catch(undefined),
    code: schemas/* union */.KCZ([schemas/* string */.YjP(), schemas/* number */.aig()]).nullish().catch(undefined),
    msg: schemas/* unknown */.L5J().optional(),
    error: schemas/* unknown */.L5J().optional(),
    created: looseNumber,
    data: schemas/* object */.Ikc({
        projectId: schemas/* union */.KCZ([schemas/* string */.YjP(), schemas/* number */.aig()]).optional().catch(undefined),
        id: schemas/* union */.KCZ([schemas/* string */.YjP(), schemas/* number */.aig()]).optional().catch(undefined),
    })
        .loose()
        .nullish()
        .catch(undefined),
})
    .loose();
const pollBodySchema = schemas/* object */.Ikc({
    status: schemas/* unknown */.L5J(),
    created: looseNumber,
    error: schemas/* unknown */.L5J().optional(),
    video_url: schemas/* unknown */.L5J().optional(),
    image_url: schemas/* unknown */.L5J().optional(),
    audioUrl: schemas/* unknown */.L5J().optional(),
    result_url: schemas/* unknown */.L5J().optional(),
    url: schemas/* unknown */.L5J().optional(),
})
    .loose();
const successCodes = new Set(["0", "200"]);
function parseCreateResponse(json) {
    const parsed = createBodySchema.safeParse(json);
    if (!parsed.success)
        return { ok: false, error: `the API answered with an unexpected body: ${preview(json)}` };
    const body = parsed.data;
    if (body.code !== undefined && body.code !== null && !successCodes.has(String(body.code))) {
        const message = errorText(body.msg) ?? errorText(body.error) ?? preview(json);
        return { ok: false, error: `the API refused the task (code ${body.code}): ${message}` };
    }
    const id = [body.id, body.data?.projectId, body.data?.id, body.task_id]
        .map((v) => (typeof v === "number" ? String(v) : v))
        .find((v) => typeof v === "string" && v.trim() !== "");
    if (!id) {
        return { ok: false, error: `the API answered without a task id: ${preview(json)}` };
    }
    return { ok: true, taskId: id, created: body.created };
}
const statusSynonyms = {
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
function parsePollResponse(json) {
    const parsed = pollBodySchema.safeParse(json);
    if (!parsed.success || typeof parsed.data.status !== "string")
        return undefined;
    const body = parsed.data;
    const rawStatus = body.status;
    const status = statusSynonyms[rawStatus.trim().toLowerCase()] ?? "running";
    const url = [body.video_url, body.image_url, body.audioUrl, body.result_url, body.url].find((v) => typeof v === "string" && v.trim() !== "");
    return { status, rawStatus, url, error: errorText(body.error), created: body.created };
}
/** `error` arrives as a string, null, or an object; users need one sentence. */
function errorText(value) {
    if (value === null || value === undefined || value === "")
        return undefined;
    if (typeof value === "string")
        return value;
    if (typeof value === "object" && typeof value.message === "string") {
        return value.message;
    }
    return JSON.stringify(value);
}
function preview(value, max = 300) {
    const text = typeof value === "string" ? value : JSON.stringify(value);
    return text === undefined ? String(value) : text.length > max ? `${text.slice(0, max)}…` : text;
}

;// CONCATENATED MODULE: ./src/api/client.ts






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
/** The only code that speaks HTTP to the API: auth, timeouts, retries, Retry-After, no double creates. */
class ApiClient {
    media;
    text;
    headers;
    transport;
    creates;
    polls;
    deadline;
    apiKey;
    gate;
    constructor(options) {
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
        this.transport = new undici/* EnvHttpProxyAgent */.J2({
            connections: options.connections ?? 8,
            headersTimeout: timeout,
            bodyTimeout: timeout,
            connectTimeout: Math.min(timeout, 30_000),
        });
        const backoff = options.backoff ?? api_backoff/* defaultBackoff */.ks;
        this.creates = new undici/* RetryAgent */.cg(this.transport, {
            methods: ["POST"],
            maxRetries: backoff.maxRetries,
            ...createRetry,
            retry: this.retryPolicy(createRetry, backoff, log),
        });
        this.polls = new undici/* RetryAgent */.cg(this.transport, {
            methods: ["GET"],
            maxRetries: backoff.maxRetries,
            ...api_backoff/* idempotentRetry */.Oo,
            retry: this.retryPolicy(api_backoff/* idempotentRetry */.Oo, backoff, log),
        });
    }
    /**
     * Submits one task. Resolves with its id; rejects with NotSentError, RejectedError or AmbiguousCreateError.
     */
    async createTask(endpoint, body, signal) {
        const json = await this.postOnce(this.media, endpoint, body, "create request", signal);
        const outcome = parseCreateResponse(json);
        if (!outcome.ok)
            throw new errors/* RejectedError */.zs(this.redact(outcome.error));
        return { taskId: outcome.taskId, created: outcome.created };
    }
    /**
     * Asks a synchronous text endpoint; resolves with the answer's text and the response id, if any. The
     * same rules as a create apply: a completion is billed, so an ambiguous failure is not repeated.
     */
    async completeText(endpoint, body, answerOf, signal) {
        const json = await this.postOnce(this.text, endpoint, body, "text request", signal);
        const text = answerOf(json);
        if (text === undefined || text.trim() === "") {
            throw new errors/* RejectedError */.zs(`the text API answered without any text: ${this.redact(preview(json, 200))}`);
        }
        const id = json?.id;
        return { id: typeof id === "string" ? id : undefined, text };
    }
    /**
     * One billed POST with the no-double-billing rules. `signal` stops the wait before sending, never the
     * request itself: aborting a create in flight would leave a task that may exist (and be billed)
     * without its id.
     */
    async postOnce(host, endpoint, body, what, signal) {
        await this.gate.wait(signal);
        if (signal?.aborted)
            throw new errors/* NotSentError */.SD("the run stopped before this task was sent");
        let response;
        try {
            response = await this.creates.request({
                origin: host.origin,
                path: `${host.basePath}${endpoint}`,
                method: "POST",
                headers: this.headers,
                body: JSON.stringify(body),
            });
        }
        catch (error) {
            const e = error;
            if (e.statusCode !== undefined) {
                throw new errors/* RejectedError */.zs(`the API kept answering HTTP ${e.statusCode} to the ${what}; nothing was created`, e.statusCode);
            }
            if (e.code && createRetry.errorCodes.includes(e.code)) {
                throw new errors/* NotSentError */.SD(`could not connect to the API (${e.code}); nothing was sent`);
            }
            throw new errors/* AmbiguousCreateError */.J$(`the ${what} was sent but its answer was lost (${describe(e)}); the task may exist and be billed, so it was not resubmitted`);
        }
        const text = await readText(response).catch((error) => {
            throw new errors/* AmbiguousCreateError */.J$(`the ${what} was sent but its answer was cut off (${describe(error)}); the task may exist and be billed, so it was not resubmitted`);
        });
        if (response.statusCode === 401 || response.statusCode === 403) {
            throw new errors/* RejectedError */.zs(`the API refused the key (HTTP ${response.statusCode}): check the "api-key" input and that the key is enabled for this model. ${this.redact(preview(text))}`, response.statusCode);
        }
        if (response.statusCode >= 400 && response.statusCode < 500) {
            throw new errors/* RejectedError */.zs(`the API rejected the request (HTTP ${response.statusCode}): ${this.redact(preview(text))}`, response.statusCode);
        }
        if (response.statusCode < 200 || response.statusCode >= 300) {
            // A 5xx other than 503 may come after the task was made: ambiguous, not retried.
            throw new errors/* AmbiguousCreateError */.J$(`the API answered HTTP ${response.statusCode} to the ${what}; the task may exist and be billed, so it was not resubmitted: ${this.redact(preview(text))}`);
        }
        try {
            return JSON.parse(text);
        }
        catch {
            throw new errors/* AmbiguousCreateError */.J$(`the API answered the ${what} with a body that is not JSON, so the task id is unknown and it was not resubmitted: ${this.redact(preview(text))}`);
        }
    }
    /** One poll. Transient failures are retried inside; rejects with TransientError when they persist. */
    async pollTask(taskId, signal) {
        await this.gate.wait(signal);
        let response;
        let text;
        try {
            response = await this.polls.request({
                origin: this.media.origin,
                path: `${this.media.basePath}/v1/result/${encodeURIComponent(taskId)}`,
                method: "GET",
                headers: this.headers,
                signal,
            });
            text = await readText(response);
        }
        catch (error) {
            const e = error;
            throw new errors/* TransientError */.N_(`polling failed (${describe(e)})`, e.statusCode);
        }
        if (response.statusCode === 404)
            throw new errors/* UnknownTaskError */.QG(`the API does not know task ${taskId} (HTTP 404)`);
        if (response.statusCode === 401 || response.statusCode === 403) {
            throw new errors/* RejectedError */.zs(`the API refused the key while polling (HTTP ${response.statusCode}): check the "api-key" input`, response.statusCode);
        }
        if (response.statusCode !== 200) {
            throw new errors/* TransientError */.N_(`polling answered HTTP ${response.statusCode}: ${this.redact(preview(text))}`, response.statusCode);
        }
        let json;
        try {
            json = JSON.parse(text);
        }
        catch {
            throw new errors/* TransientError */.N_(`polling answered a body that is not JSON: ${this.redact(preview(text, 80))}`);
        }
        const result = parsePollResponse(json);
        if (!result)
            throw new errors/* TransientError */.N_(`polling answered without a status: ${this.redact(preview(json, 200))}`);
        return result;
    }
    async close() {
        await this.transport.close();
    }
    redact(text) {
        return this.apiKey ? text.split(this.apiKey).join("***") : text;
    }
    /** A 429 or a Retry-After from the API pauses every request of the batch for as long (see PauseGate). */
    retryPolicy(codes, backoff, log) {
        return (0,api_backoff/* retryPolicy */.Jb)({
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
function hostOf(baseUrl) {
    const url = new URL(baseUrl);
    return { origin: url.origin, basePath: url.pathname.replace(/\/+$/, "") };
}
async function readText(response) {
    return await response.body.text();
}
function describe(error) {
    if (error.statusCode !== undefined)
        return `HTTP ${error.statusCode}`;
    return error.code ? `${error.code}: ${error.message}` : error.message;
}


/***/ })

};
