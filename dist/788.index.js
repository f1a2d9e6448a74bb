export const id = 788;
export const ids = [788];
export const modules = {

/***/ 50304:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Jb: () => (/* binding */ retryPolicy),
/* harmony export */   Li: () => (/* binding */ serverWait),
/* harmony export */   Oo: () => (/* binding */ idempotentRetry),
/* harmony export */   bI: () => (/* binding */ nextRetryWait),
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
    return (0,_timer_limit_js__WEBPACK_IMPORTED_MODULE_0__/* .timerDelay */ .n)(Math.max(0, reset * 1000 - now));
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

/***/ 98318:
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

/***/ 53841:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   LH: () => (/* binding */ withRetries),
/* harmony export */   VT: () => (/* binding */ retryRepeatableGitHubRequests),
/* harmony export */   ZS: () => (/* binding */ gitHubRetryVerdict),
/* harmony export */   kS: () => (/* binding */ gitHubBackoff),
/* harmony export */   oK: () => (/* binding */ Transport)
/* harmony export */ });
/* unused harmony exports gitHubMaxWaitMs, isRepeatableGitHubRequest */
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(58500);
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_timers_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var undici__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(24371);
/* harmony import */ var _timer_limit_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(69392);
/* harmony import */ var _backoff_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(50304);
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
            const wait = verdict ? (0,_backoff_js__WEBPACK_IMPORTED_MODULE_2__/* .nextRetryWait */ .bI)(retry, options, verdict.retryAfterMs, options.random) : undefined;
            if (!verdict || wait === undefined)
                throw error;
            options.onWait?.(wait, error, verdict.retryAfterMs);
            await (options.wait ?? node_timers_promises__WEBPACK_IMPORTED_MODULE_0__.setTimeout)((0,_timer_limit_js__WEBPACK_IMPORTED_MODULE_3__/* .timerDelay */ .n)(wait));
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
    const retryAfterMs = (0,_backoff_js__WEBPACK_IMPORTED_MODULE_2__/* .serverWait */ .Li)(e?.response?.headers, Date.now());
    if (status === undefined || status >= 500 || status === 429)
        return { retryAfterMs };
    if (status === 403 && retryAfterMs !== undefined)
        return { retryAfterMs };
    return false;
}


/***/ }),

/***/ 53788:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  DownloadError: () => (/* binding */ DownloadError),
  Downloader: () => (/* binding */ Downloader)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/api/backoff.ts
var backoff = __webpack_require__(50304);
// EXTERNAL MODULE: ./src/api/bounded-body.ts
var bounded_body = __webpack_require__(98318);
// EXTERNAL MODULE: ./src/api/transport.ts
var transport = __webpack_require__(53841);
// EXTERNAL MODULE: ./src/safe-fs.ts
var safe_fs = __webpack_require__(41168);
;// CONCATENATED MODULE: ./src/run/media-type.ts

/** The types whose usual extension is not the subtype itself (or that CDNs spell several ways). */
const knownExtensions = {
    "image/png": ".png",
    "image/apng": ".apng",
    "image/jpeg": ".jpg",
    "image/jpg": ".jpg",
    "image/pjpeg": ".jpg",
    "image/webp": ".webp",
    "image/gif": ".gif",
    "image/avif": ".avif",
    "image/heic": ".heic",
    "image/heif": ".heif",
    "image/jxl": ".jxl",
    "image/bmp": ".bmp",
    "image/x-ms-bmp": ".bmp",
    "image/tiff": ".tiff",
    "image/svg+xml": ".svg",
    "image/x-icon": ".ico",
    "image/vnd.microsoft.icon": ".ico",
    "video/mp4": ".mp4",
    "video/quicktime": ".mov",
    "video/webm": ".webm",
    "video/x-matroska": ".mkv",
    "video/x-msvideo": ".avi",
    "video/x-m4v": ".m4v",
    "video/mpeg": ".mpeg",
    "video/mp2t": ".ts",
    "video/ogg": ".ogv",
    "video/3gpp": ".3gp",
    "video/x-flv": ".flv",
    "audio/mpeg": ".mp3",
    "audio/mp3": ".mp3",
    "audio/mpeg3": ".mp3",
    "audio/wav": ".wav",
    "audio/x-wav": ".wav",
    "audio/wave": ".wav",
    "audio/vnd.wave": ".wav",
    "audio/mp4": ".m4a",
    "audio/m4a": ".m4a",
    "audio/x-m4a": ".m4a",
    "audio/aac": ".aac",
    "audio/x-aac": ".aac",
    "audio/ogg": ".ogg",
    "audio/opus": ".opus",
    "audio/flac": ".flac",
    "audio/x-flac": ".flac",
    "audio/webm": ".webm",
    "audio/aiff": ".aiff",
    "audio/x-aiff": ".aiff",
    "audio/amr": ".amr",
    "audio/3gpp": ".3gp",
};
/** What a CDN sends when it does not know (or say) what the file is. */
const genericTypes = new Set(["", "application/octet-stream", "binary/octet-stream", "application/binary"]);
const kindDefaults = { video: ".mp4", image: ".png", audio: ".mp3" };
/** Extensions a URL path may lend a file served with a generic type; `.jpeg` is spelled `.jpg`. */
const urlExtensions = new Map([
    ...Object.values(knownExtensions).map((ext) => [ext, ext]),
    [".jpeg", ".jpg"],
    [".tif", ".tiff"],
]);
/** `IMAGE/PNG; charset=binary` → `image/png`. */
function normalizeContentType(contentType) {
    return (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}
/**
 * The media decision: media iff the type is image/*, video/* or audio/*, or generic binary (absent,
 * octet-stream); anything else (text, JSON, XML, HTML, JavaScript, PDF, ...) is not a generated file.
 * The extension comes from the content type, never from the URL's text (which the API controls and could
 * carry `../`), except that a generic type may take a known media extension from the URL path; otherwise
 * the task's kind decides.
 */
function mediaTypeOf(contentType, url, kind) {
    const type = normalizeContentType(contentType);
    if (genericTypes.has(type)) {
        const fromUrl = urlExtensions.get(external_node_path_default().posix.extname(pathnameOf(url)).toLowerCase());
        return {
            media: true,
            kind,
            extension: fromUrl ?? kindDefaults[kind],
            contentType: type || "application/octet-stream",
        };
    }
    const [top = "", subtype = ""] = type.split("/", 2);
    if (top !== "image" && top !== "video" && top !== "audio")
        return { media: false, contentType: type };
    return {
        media: true,
        kind: top,
        extension: knownExtensions[type] ?? derivedExtension(subtype, top),
        contentType: type,
    };
}
/** Whether a recorded content type is a generated file (for code that has no URL or kind at hand). */
function isMediaType(contentType) {
    const type = normalizeContentType(contentType);
    return genericTypes.has(type) || /^(image|video|audio)\//.test(type);
}
/**
 * An unknown subtype still names its own extension (`image/x-portable-pixmap` → `.portable`): lowercase
 * letters and digits only, at most 8, the `x-` and `vnd.` prefixes and any `+suffix` dropped, so it can
 * never carry a path.
 */
function derivedExtension(subtype, kind) {
    const stem = subtype
        .replace(/^(x-|vnd\.)/, "")
        .split("+")[0]
        ?.replace(/[^a-z0-9]/g, "")
        .slice(0, 8);
    return stem ? `.${stem}` : kindDefaults[kind];
}
function pathnameOf(url) {
    try {
        return new URL(url).pathname;
    }
    catch {
        return "";
    }
}
const subtitleExtensions = {
    "application/x-subrip": ".srt",
    "application/srt": ".srt",
    "text/srt": ".srt",
    "text/x-srt": ".srt",
    "text/vtt": ".vtt",
    "application/json": ".json",
    "text/json": ".json",
};
/** The extensions a plain-text or generic subtitle file may take from its URL path. */
const subtitleUrlExtensions = new Set([".srt", ".vtt", ".lrc", ".ass", ".ssa", ".json", ".txt"]);
/**
 * The subtitle decision (SoundClone's `subtitleFile`): a known subtitle or JSON type gives its extension;
 * plain text and generic binary may take a subtitle extension from the URL path, else `.txt`. Anything
 * else (HTML, XML, media) is an error page or not subtitles at all.
 */
function subtitleTypeOf(contentType, url) {
    const type = normalizeContentType(contentType);
    const known = subtitleExtensions[type];
    if (known)
        return { media: true, extension: known, contentType: type };
    if (type === "text/plain" || genericTypes.has(type)) {
        const fromUrl = external_node_path_default().posix.extname(pathnameOf(url)).toLowerCase();
        return {
            media: true,
            extension: subtitleUrlExtensions.has(fromUrl) ? fromUrl : ".txt",
            contentType: type || "application/octet-stream",
        };
    }
    return { media: false, contentType: type };
}

// EXTERNAL MODULE: external "node:v8"
var external_node_v8_ = __webpack_require__(78877);
// EXTERNAL MODULE: external "node:vm"
var external_node_vm_ = __webpack_require__(30714);
;// CONCATENATED MODULE: ./src/run/scavenger.ts
/**
 * Frees the chunk buffers of downloads while they stream, instead of 60–70 MB later.
 *
 * Each socket read hands undici a fresh 64 KiB buffer, garbage once it is written to disk. Its bytes live
 * outside V8's heap and leave only a few small objects in the young generation, which therefore fills slowly:
 * V8 frees the chunks only when external memory has grown by about 64 MB, with a full collection. Eight
 * 256 MiB downloads at once held ~60 MB of dead chunks that way (peak RSS ~190 MiB), and cost ~90 full
 * collections. A scavenge (young-generation collection, about a millisecond) every 8 MiB frees the chunks
 * while they are young, and costs less CPU than the full collections it replaces.
 *
 * Two full, memory-reducing collections bracket the streaming: before the first download, to return the
 * young generation that start-up grew (~15 MB of RSS), and when the last stream closes, for the chunks
 * promoted meanwhile, before delivery loads its modules.
 *
 * V8 lets a program ask for a collection only through the `gc` function of `--expose-gc`, a flag that can be
 * set at run time for new contexts. Where that fails, downloads stream as before, just with more memory.
 */


/** Measured on S2: 16 MiB frees too little; with 4 MiB, V8 grows the young generation more than it saves. */
const scavengeEveryBytes = 8 * 1024 * 1024;
/** Below this, the chunks promoted since the last full collection are not worth one. */
const collectAfterBytes = 64 * 1024 * 1024;
/** Told by every download as it streams; asks V8 for collections at the points described above. */
class Scavenger {
    collect;
    findCollector;
    streamedBefore = false;
    openStreams = 0;
    sinceScavenge = 0;
    sinceFullCollection = 0;
    /** `findCollector` is asked once, at the first download: a dry run never touches V8's flags. */
    constructor(findCollector = exposeCollector) {
        this.findCollector = findCollector;
    }
    streamOpened() {
        this.openStreams++;
        if (this.streamedBefore)
            return;
        this.streamedBefore = true;
        this.collectFully();
    }
    /** A chunk of `bytes` was written and is garbage now. */
    chunkWritten(bytes) {
        this.sinceScavenge += bytes;
        this.sinceFullCollection += bytes;
        if (this.sinceScavenge < scavengeEveryBytes)
            return;
        this.sinceScavenge = 0;
        this.collector()?.({ type: "minor" });
    }
    streamClosed() {
        this.openStreams--;
        if (this.openStreams === 0 && this.sinceFullCollection >= collectAfterBytes)
            this.collectFully();
    }
    collectFully() {
        this.sinceFullCollection = 0;
        this.collector()?.({ type: "major", flavor: "last-resort" });
    }
    collector() {
        if (this.collect === undefined)
            this.collect = this.findCollector();
        return this.collect;
    }
}
/** node's own `gc` when started with --expose-gc, else one exposed now; null where neither works. */
function exposeCollector() {
    try {
        const global = globalThis.gc;
        if (typeof global === "function")
            return global;
        (0,external_node_v8_.setFlagsFromString)("--expose-gc");
        const exposed = (0,external_node_vm_.runInNewContext)("gc");
        return typeof exposed === "function" ? exposed : null;
    }
    catch {
        // No collector here: chunks wait for V8's own collections.
        return null;
    }
}

;// CONCATENATED MODULE: ./src/run/download.ts









/** An error page is only ever shown as a short preview: a few KiB are read of it, never the whole. */
const errorPreviewBytes = 4 * 1024;
/**
 * How many times a download starts over from byte 0 when a CDN answers a resuming Range request with
 * the whole file (or a different one): undici's retry cannot splice that, so the file is fetched anew.
 * Not a retry of a failure (the transport's retries come first, inside each start) but a new request for
 * an answer that came whole: it starts at once, with no wait.
 */
const maxRestarts = 2;
/** Subtitles of a speech of at most 10,000 characters are a few KiB; a larger answer is not subtitles. */
const maxSubtitleBytes = 16 * 1024 * 1024;
class DownloadError extends Error {
    constructor(message) {
        super(message);
        this.name = "DownloadError";
    }
}
const processScavenger = new Scavenger();
const downloadBackoff = { baseMs: 500, capMs: 10_000, maxRetries: 5 };
/**
 * Streams result files to disk. Result URLs are public CDN links: no Authorization header is ever sent,
 * so the key cannot leak to a third party, even through a redirect.
 */
class Downloader {
    transport;
    dispatcher;
    maxBytes;
    scavenger;
    constructor(options = {}) {
        this.scavenger = options.scavenger ?? processScavenger;
        this.transport = new transport/* Transport */.oK({
            connections: options.connections ?? 8,
            timeoutMs: options.requestTimeoutMs ?? 60_000,
        });
        // RetryAgent resumes an interrupted body with a Range request instead of starting over; when to retry
        // is ours, as for the API's polls (a CDN's 429 does not pause the API's requests, though).
        // The transient codes include timeouts, which undici's defaults leave out: a CDN that stalls once must
        // not fail the task.
        this.dispatcher = this.transport.retrying({
            methods: ["GET"],
            ...backoff/* idempotentRetry */.Oo,
            backoff: options.backoff ?? downloadBackoff,
            deadline: options.deadline,
            redirects: 5,
        });
        this.maxBytes = options.maxBytes ?? 2 * 1024 ** 3;
    }
    /** Downloads `url` to `<dir>/<stem><ext>`; the final path only ever holds a complete, hashed file. */
    async download(url, dir, stem, kind, signal) {
        if (!/^https?:\/\//i.test(url))
            throw new DownloadError(`the result URL is not http(s): ${url.slice(0, 100)}`);
        // Each attempt hashes and counts from byte 0 into a fresh `.part`, so a restart leaves exactly the file.
        for (let restarts = 0;; restarts++) {
            try {
                return await this.fetchOnce(url, dir, stem, kind, signal);
            }
            catch (error) {
                if (!(error instanceof ResumeRefusedError) || restarts >= maxRestarts || signal?.aborted) {
                    throw error instanceof ResumeRefusedError
                        ? new DownloadError(`downloading the result failed: ${error.message}`)
                        : error;
                }
            }
        }
    }
    async fetchOnce(url, dir, stem, kind, signal) {
        let response;
        try {
            response = await this.dispatcher.request({ ...splitUrl(url), method: "GET", signal });
        }
        catch (error) {
            throw asDownloadError(error);
        }
        const status = response.statusCode;
        if (status !== 200) {
            await response.body.dump({ limit: errorPreviewBytes }).catch(() => undefined);
            if (status === 403 || status === 404 || status === 410) {
                throw new DownloadError(`the result URL answered HTTP ${status}: it has expired (result URLs last about 24 hours) or was never valid`);
            }
            throw new DownloadError(`downloading the result failed with HTTP ${status}`);
        }
        const header = response.headers["content-type"];
        const contentType = Array.isArray(header) ? header[0] : header;
        const type = kind === "subtitles" ? subtitleTypeOf(contentType, url) : mediaTypeOf(contentType, url, kind);
        // Error pages come as HTML, JSON or plain text, and a CDN may serve anything else (XML, scripts, PDF):
        // none of them is a generated file.
        if (!type.media) {
            const page = await readPreview(response.body, errorPreviewBytes);
            throw new DownloadError(`the ${kind === "subtitles" ? "subtitle" : "result"} URL returned ${type.contentType || "an unknown type"} instead of ${kind === "subtitles" ? "subtitles" : "media"}: ${page.slice(0, 200)}`);
        }
        const maxBytes = kind === "subtitles" ? Math.min(this.maxBytes, maxSubtitleBytes) : this.maxBytes;
        const declared = Number(response.headers["content-length"]);
        if (Number.isFinite(declared) && declared > maxBytes) {
            (0,bounded_body/* discard */.v)(response.body);
            throw new DownloadError(`the result is ${declared} bytes, over the ${maxBytes}-byte download limit`);
        }
        const finalPath = fileIn(dir, stem, type.extension);
        // A fresh name, created exclusively; the rename replaces whatever is at the final name (a planted
        // link included) instead of writing through it.
        const temporary = (0,safe_fs/* temporaryNameFor */.Of)(finalPath);
        const hash = (0,external_node_crypto_.createHash)("sha256");
        let bytes = 0;
        try {
            bytes = await saveBody(response.body, temporary, hash, maxBytes, this.scavenger);
            if (Number.isFinite(declared) && declared !== bytes) {
                throw new DownloadError(`the download was cut short: got ${bytes} of ${declared} bytes`);
            }
            if (bytes === 0)
                throw new DownloadError("the result URL returned an empty file");
            await (0,promises_.rename)(temporary, finalPath);
        }
        catch (error) {
            await (0,promises_.rm)(temporary, { force: true });
            throw asDownloadError(error);
        }
        return { absolutePath: finalPath, bytes, sha256: hash.digest("hex"), contentType: type.contentType };
    }
    /** Writes a text answer to `<dir>/<stem>.md`, the same way: a temporary name, then a rename. */
    async saveText(text, dir, stem) {
        const finalPath = fileIn(dir, stem, ".md");
        const content = Buffer.from(text.endsWith("\n") ? text : `${text}\n`, "utf8");
        await (0,safe_fs/* writeFileAtomic */.Zf)(finalPath, content);
        return {
            absolutePath: finalPath,
            bytes: content.length,
            sha256: (0,external_node_crypto_.createHash)("sha256").update(content).digest("hex"),
            contentType: "text/markdown",
        };
    }
    async close() {
        await this.transport.close();
    }
}
/**
 * Meters, hashes and writes each chunk in one loop rather than through a Transform and a write stream: fewer
 * hops per chunk, and the point where a chunk becomes garbage is the loop's own (see scavenger.ts).
 * The request's signal destroys the body, which ends the loop.
 */
async function saveBody(body, file, hash, maxBytes, scavenger) {
    let bytes = 0;
    let handle;
    try {
        handle = await (0,safe_fs/* createExclusive */.H0)(file);
    }
    catch (error) {
        (0,bounded_body/* discard */.v)(body);
        throw error;
    }
    scavenger.streamOpened();
    try {
        for await (const chunk of body) {
            bytes += chunk.length;
            if (bytes > maxBytes)
                throw new DownloadError(`the result is over the ${maxBytes}-byte download limit`);
            hash.update(chunk);
            // write(2) may take part of a chunk (a full disk, a signal); what it left is written next.
            for (let offset = 0; offset < chunk.length;) {
                offset += (await handle.write(chunk, offset)).bytesWritten;
            }
            scavenger.chunkWritten(chunk.length);
        }
    }
    finally {
        scavenger.streamClosed();
        await handle.close();
    }
    return bytes;
}
/** A resume (Range request) the CDN did not honour: the whole file must be fetched again. */
class ResumeRefusedError extends Error {
    constructor(message) {
        super(message);
        this.name = "ResumeRefusedError";
    }
}
/**
 * undici's RetryAgent gives up with UND_ERR_REQ_RETRY when the answer to its Range request cannot be
 * spliced onto what was read: a 200 with the whole body, or a different range, length or ETag. Its
 * other UND_ERR_REQ_RETRY ("Request failed") is a plain HTTP failure.
 */
function asDownloadError(error) {
    if (error instanceof DownloadError)
        return error;
    const e = error;
    if (e.code === "UND_ERR_REQ_RETRY" && e.message !== "Request failed") {
        return new ResumeRefusedError(`the CDN did not resume the download where it broke off (${e.message})`);
    }
    return new DownloadError(`downloading the result failed: ${e.message ?? String(error)}`);
}
/** Up to `limit` bytes of an answer as text, best effort; the rest is not read (the connection is dropped). */
async function readPreview(body, limit) {
    return (await (0,bounded_body/* readBounded */.C)(body, limit).catch(() => ({ text: "" }))).text;
}
function splitUrl(url) {
    const parsed = new URL(url);
    return { origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` };
}
/**
 * `<dir>/<stem><extension>`, where the stem is one plain name: a stem that came from an edited record with a
 * separator or a dot-only name in it would otherwise place the file outside `dir`.
 */
function fileIn(dir, stem, extension) {
    if (stem === "" || stem === "." || stem === ".." || /[/\\\0]/.test(stem)) {
        throw new DownloadError(`"${stem}" cannot name a file: it is not one plain file name`);
    }
    return external_node_path_default().join(dir, `${stem}${extension}`);
}


/***/ })

};
