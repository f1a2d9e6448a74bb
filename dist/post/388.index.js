export const id = 388;
export const ids = [388];
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

/***/ 5388:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  DownloadError: () => (/* binding */ DownloadError),
  Downloader: () => (/* binding */ Downloader),
  extensionFor: () => (/* binding */ extensionFor)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./node_modules/undici/index.js
var undici = __webpack_require__(24371);
// EXTERNAL MODULE: ./src/api/backoff.ts
var api_backoff = __webpack_require__(50304);
// EXTERNAL MODULE: ./src/safe-fs.ts
var safe_fs = __webpack_require__(41168);
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







const extensionByType = {
    "video/mp4": ".mp4",
    "video/quicktime": ".mov",
    "video/webm": ".webm",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/jpg": ".jpg",
    "image/webp": ".webp",
    "image/gif": ".gif",
    "audio/mpeg": ".mp3",
    "audio/mp3": ".mp3",
    "audio/wav": ".wav",
    "audio/x-wav": ".wav",
    "audio/wave": ".wav",
    "audio/mp4": ".m4a",
    "audio/aac": ".aac",
    "audio/ogg": ".ogg",
    "audio/flac": ".flac",
    "text/markdown": ".md",
};
const defaultExtension = { video: ".mp4", image: ".png", audio: ".mp3" };
/**
 * The extension comes from the content type, never from the URL's text (which the API controls and could
 * carry `../`); a generic type falls back to a known extension in the URL path, then to the kind's usual one.
 */
function extensionFor(contentType, url, kind) {
    const type = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
    const known = extensionByType[type];
    if (known)
        return known;
    const fromUrl = external_node_path_default().posix.extname(safePathname(url)).toLowerCase();
    if (Object.values(extensionByType).includes(fromUrl))
        return fromUrl === ".jpeg" ? ".jpg" : fromUrl;
    return defaultExtension[kind];
}
function safePathname(url) {
    try {
        return new URL(url).pathname;
    }
    catch {
        return "";
    }
}
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
        const timeout = options.requestTimeoutMs ?? 60_000;
        this.transport = new undici/* EnvHttpProxyAgent */.J2({
            connections: options.connections ?? 8,
            headersTimeout: timeout,
            bodyTimeout: timeout,
        });
        const backoff = options.backoff ?? downloadBackoff;
        // RetryAgent resumes an interrupted body with a Range request instead of starting over; when to retry
        // is ours, as for the API's polls (a CDN's 429 does not pause the API's requests, though).
        // The transient codes include timeouts, which undici's defaults leave out: a CDN that stalls once must
        // not fail the task.
        this.dispatcher = new undici/* RetryAgent */.cg(this.transport, {
            methods: ["GET"],
            maxRetries: backoff.maxRetries,
            ...api_backoff/* idempotentRetry */.Oo,
            retry: (0,api_backoff/* retryPolicy */.Jb)({ ...api_backoff/* idempotentRetry */.Oo, backoff, deadline: options.deadline }),
        }).compose(undici/* interceptors */.dY.redirect({ maxRedirections: 5 }));
        this.maxBytes = options.maxBytes ?? 2 * 1024 ** 3;
    }
    /** Downloads `url` to `<dir>/<stem><ext>`; the final path only ever holds a complete, hashed file. */
    async download(url, dir, stem, kind, signal) {
        if (!/^https?:\/\//i.test(url))
            throw new DownloadError(`the result URL is not http(s): ${url.slice(0, 100)}`);
        let response;
        try {
            response = await this.dispatcher.request({ ...splitUrl(url), method: "GET", signal });
        }
        catch (error) {
            throw new DownloadError(`downloading the result failed: ${error.message}`);
        }
        const status = response.statusCode;
        if (status !== 200) {
            await response.body.dump().catch(() => undefined);
            if (status === 403 || status === 404 || status === 410) {
                throw new DownloadError(`the result URL answered HTTP ${status}: it has expired (result URLs last about 24 hours) or was never valid`);
            }
            throw new DownloadError(`downloading the result failed with HTTP ${status}`);
        }
        const contentType = String(response.headers["content-type"] ?? "application/octet-stream");
        // Error pages come as HTML, JSON or plain text; none of them is a generated file.
        if (/^(text\/(html|plain)|application\/(json|problem\+json|xml))/i.test(contentType)) {
            const text = (await response.body.text().catch(() => "")).slice(0, 200);
            throw new DownloadError(`the result URL returned ${contentType.split(";")[0]} instead of media: ${text}`);
        }
        const declared = Number(response.headers["content-length"]);
        if (Number.isFinite(declared) && declared > this.maxBytes) {
            await response.body.destroy();
            throw new DownloadError(`the result is ${declared} bytes, over the ${this.maxBytes}-byte download limit`);
        }
        const finalPath = external_node_path_default().join(dir, `${stem}${extensionFor(contentType, url, kind)}`);
        // A fresh name, created exclusively; the rename replaces whatever is at the final name (a planted
        // link included) instead of writing through it.
        const temporary = (0,safe_fs/* temporaryNameFor */.Of)(finalPath);
        const hash = (0,external_node_crypto_.createHash)("sha256");
        let bytes = 0;
        try {
            bytes = await saveBody(response.body, temporary, hash, this.maxBytes, this.scavenger);
            if (Number.isFinite(declared) && declared !== bytes) {
                throw new DownloadError(`the download was cut short: got ${bytes} of ${declared} bytes`);
            }
            if (bytes === 0)
                throw new DownloadError("the result URL returned an empty file");
            await (0,promises_.rename)(temporary, finalPath);
        }
        catch (error) {
            await (0,promises_.rm)(temporary, { force: true });
            if (error instanceof DownloadError)
                throw error;
            throw new DownloadError(`downloading the result failed: ${error.message}`);
        }
        return {
            absolutePath: finalPath,
            bytes,
            sha256: hash.digest("hex"),
            contentType: contentType.split(";")[0]?.trim() ?? contentType,
        };
    }
    /** Writes a text answer to `<dir>/<stem>.md`, the same way: a temporary name, then a rename. */
    async saveText(text, dir, stem) {
        const finalPath = external_node_path_default().join(dir, `${stem}.md`);
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
        body.destroy();
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
function splitUrl(url) {
    const parsed = new URL(url);
    return { origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` };
}


/***/ })

};
