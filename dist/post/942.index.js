export const id = 942;
export const ids = [942];
export const modules = {

/***/ 36749:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  kS: () => (/* binding */ gitHubBackoff),
  ZS: () => (/* binding */ gitHubRetryVerdict),
  VT: () => (/* binding */ retryRepeatableGitHubRequests),
  LH: () => (/* binding */ withRetries)
});

// UNUSED EXPORTS: Transport, gitHubMaxWaitMs, isRepeatableGitHubRequest

// EXTERNAL MODULE: external "node:timers/promises"
var promises_ = __webpack_require__(58500);
// EXTERNAL MODULE: ./node_modules/undici/index.js
var undici = __webpack_require__(24371);
;// CONCATENATED MODULE: ./src/timer-limit.ts
/**
 * The longest delay Node's timers take: 2^31-1 ms, about 24.8 days. A longer one is not an error in
 * Node but a 1 ms timer (with a TimeoutOverflowWarning), so a wait meant to be long becomes a tight loop.
 */
const maxTimerMs = 2 ** 31 - 1;
/** A delay a timer can hold: never negative, never past the overflow, never NaN. */
function timer_limit_timerDelay(ms) {
    return Number.isNaN(ms) ? 0 : Math.min(Math.max(ms, 0), maxTimerMs);
}

;// CONCATENATED MODULE: ./src/api/backoff.ts

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
        return timer_limit_timerDelay(Math.round(Number(text) * 1000));
    const date = Date.parse(text);
    return Number.isNaN(date) ? undefined : timer_limit_timerDelay(date - now);
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
    return timer_limit_timerDelay(Math.max(0, reset * 1000 - now));
}
/**
 * The `retry` function of an undici RetryAgent with our rules instead of undici's (which has no jitter and
 * caps Retry-After at its maximum delay): full jitter, Retry-After as a floor, and the deadline as a ceiling.
 */
function backoff_retryPolicy(options) {
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
        return setTimeout(() => callback(null), timerDelay(wait));
    };
}

;// CONCATENATED MODULE: ./src/api/transport.ts
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
    retrying(rule) {
        const agent = new RetryAgent(this.attempts, {
            methods: rule.methods,
            maxRetries: rule.backoff.maxRetries,
            statusCodes: [...rule.statusCodes],
            errorCodes: [...rule.errorCodes],
            retry: retryPolicy(rule),
        });
        return rule.redirects ? agent.compose(interceptors.redirect({ maxRedirections: rule.redirects })) : agent;
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
            await (options.wait ?? promises_.setTimeout)(timer_limit_timerDelay(wait));
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


/***/ }),

/***/ 25744:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   T1: () => (/* binding */ isPermissionDenied),
/* harmony export */   bD: () => (/* binding */ messageOf),
/* harmony export */   c2: () => (/* binding */ statusOf),
/* harmony export */   dZ: () => (/* binding */ describeGitHubError),
/* harmony export */   tZ: () => (/* binding */ connectToGitHub)
/* harmony export */ });
/* harmony import */ var _api_transport_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(36749);
/* harmony import */ var _secrets_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(27194);


/**
 * A client for `token` at `apiUrl`: a request that failed in transit, with a 5xx or a rate limit is retried
 * with `backoff` (default `gitHubBackoff`), and a rate limit's wait is logged.
 */
async function connectToGitHub(token, apiUrl, options) {
    const { getOctokit } = await __webpack_require__.e(/* import() */ 351).then(__webpack_require__.bind(__webpack_require__, 61351));
    const octokit = getOctokit(token, { baseUrl: apiUrl });
    redactRequestText(octokit);
    octokit.hook.wrap("request", (0,_api_transport_js__WEBPACK_IMPORTED_MODULE_0__/* .retryRepeatableGitHubRequests */ .VT)({
        backoff: options.backoff,
        onWait: (wait, _error, retryAfter) => {
            if (retryAfter !== undefined)
                options.info(`GitHub asked to slow down: retrying in ${Math.ceil(wait / 1000)}s.`);
        },
    }));
    return octokit;
}
/**
 * What this run writes to GitHub (comment bodies, commit messages, asset names) is redacted on its way out:
 * the one exit for text sent to GitHub. File contents and the request's own headers are left alone.
 */
function redactRequestText(octokit) {
    octokit.hook.before("request", (options) => {
        const fields = options;
        for (const key of ["body", "message", "name", "label", "title"]) {
            const value = fields[key];
            if (typeof value === "string")
                fields[key] = (0,_secrets_js__WEBPACK_IMPORTED_MODULE_1__/* .redact */ .E$)(value);
        }
    });
}
function statusOf(error) {
    const status = error?.status;
    return typeof status === "number" ? status : undefined;
}
/** GitHub's own message (`response.data.message`) when there is one, else the error's. */
function messageOf(error) {
    const data = error?.response?.data;
    const message = data?.message;
    if (typeof message === "string")
        return message;
    return error instanceof Error ? error.message : String(error);
}
/** A 403 that is not a rate limit: the token lacks a permission, which is a notice, never a failure. */
function isPermissionDenied(error) {
    return statusOf(error) === 403 && !/rate limit/i.test(messageOf(error));
}
/** "403 Resource not accessible by integration", or the error's first line. */
function describeGitHubError(error) {
    const status = statusOf(error);
    const message = (messageOf(error).split("\n")[0] ?? "").trim().replace(/\.$/, "");
    const short = message.length > 300 ? `${message.slice(0, 299)}…` : message;
    return status ? `${status} ${short}` : short;
}


/***/ }),

/***/ 2942:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   actionsBotLogin: () => (/* binding */ actionsBotLogin),
/* harmony export */   deliverComment: () => (/* binding */ deliverComment),
/* harmony export */   writeStickyComment: () => (/* binding */ writeStickyComment)
/* harmony export */ });
/* harmony import */ var _comment_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(62116);
/* harmony import */ var _github_context_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(44704);
/* harmony import */ var _octokit_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(25744);
/* harmony import */ var _step_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(50275);




/** The author of comments made with a workflow's GITHUB_TOKEN, when the token's identity cannot be read. */
const actionsBotLogin = "github-actions[bot]";
/**
 * The `comment` step: the sticky comment on the session's pull request. Lacking permission is a notice, any
 * other failure a warning; neither fails the step.
 */
async function deliverComment(session, links) {
    const { octokit, context, settings, pr, log } = session;
    const { report, notice, warning } = (0,_step_js__WEBPACK_IMPORTED_MODULE_3__/* .startReport */ .F)(log);
    if (!settings.comment || !pr)
        return { report };
    const notes = links.costNote ? [`💰 ${links.costNote}`] : [];
    if (links.mediaNote)
        notes.push(links.mediaNote);
    else if (!settings.mediaBranch && session.files.some((f) => (0,_comment_js__WEBPACK_IMPORTED_MODULE_0__/* .isImage */ .wu)(f.contentType))) {
        notes.push("> Images are not shown inline: GitHub cannot show artifact files in a comment. Set `media-branch` to show them here.");
    }
    const body = (0,_comment_js__WEBPACK_IMPORTED_MODULE_0__/* .renderComment */ .wQ)({
        tag: settings.commentTag,
        records: session.records,
        runUrl: (0,_github_context_js__WEBPACK_IMPORTED_MODULE_1__/* .runUrlOf */ .Qm)(context),
        sha: pr.headSha ?? context.sha,
        mediaUrls: links.mediaUrls,
        artifactLinks: links.artifactLinks,
        artifactUrl: links.artifactUrl,
        posters: postersOf(session.records),
        notes,
    });
    try {
        const written = await writeStickyComment(octokit, context.repo, pr.number, settings.commentTag, body);
        log.info(`${written.created ? "Posted" : "Updated"} the comment on pull request #${pr.number}: ${written.url}`);
        return { report, url: written.url };
    }
    catch (error) {
        if ((0,_octokit_js__WEBPACK_IMPORTED_MODULE_2__/* .isPermissionDenied */ .T1)(error)) {
            notice(`Skipped the pull request comment: ${pr.fork ? (0,_github_context_js__WEBPACK_IMPORTED_MODULE_1__/* .forkReason */ .xy)(pr.fork) : `the token may not write to pull requests (${(0,_octokit_js__WEBPACK_IMPORTED_MODULE_2__/* .describeGitHubError */ .dZ)(error)}). Give the job \`permissions: pull-requests: write\` (${_github_context_js__WEBPACK_IMPORTED_MODULE_1__/* .docsHint */ .jU})`}.`);
        }
        else {
            warning(`Could not write the comment on pull request #${pr.number}: ${(0,_octokit_js__WEBPACK_IMPORTED_MODULE_2__/* .describeGitHubError */ .dZ)(error)}.`);
        }
        return { report };
    }
}
/** A video's poster: the image of the task named `<video task>-poster`, when there is one. */
function postersOf(records) {
    const images = new Map(records.flatMap((r) => (r.file && (0,_comment_js__WEBPACK_IMPORTED_MODULE_0__/* .isImage */ .wu)(r.file.contentType) ? [[r.name, r.file.path]] : [])));
    return new Map(records.flatMap((r) => {
        const poster = r.file && (0,_comment_js__WEBPACK_IMPORTED_MODULE_0__/* .isVideo */ .cZ)(r.file.contentType) ? images.get(`${r.name}-poster`) : undefined;
        return r.file && poster ? [[r.file.path, poster]] : [];
    }));
}
/**
 * Creates or updates the one comment of `tag` on the pull request: a comment by this token's own identity
 * carrying the tag's marker. Two runs that both find none both create one; each then lists again and keeps
 * only the oldest, which takes the body of whichever run writes last.
 */
async function writeStickyComment(octokit, repository, issueNumber, tag, body) {
    const marker = (0,_comment_js__WEBPACK_IMPORTED_MODULE_0__/* .commentMarker */ .Ql)(tag);
    const ours = async (login) => {
        const all = await octokit.paginate(octokit.rest.issues.listComments, {
            ...repository,
            issue_number: issueNumber,
            per_page: 100,
        });
        return all
            .filter((c) => c.body?.includes(marker) && sameLogin(c.user?.login, login))
            .sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id - b.id);
    };
    const remove = async (comments) => {
        for (const comment of comments) {
            try {
                await octokit.rest.issues.deleteComment({ ...repository, comment_id: comment.id });
            }
            catch (error) {
                if ((0,_octokit_js__WEBPACK_IMPORTED_MODULE_2__/* .statusOf */ .c2)(error) !== 404)
                    throw error; // the other run removed it first
            }
        }
    };
    const update = async (comment) => {
        const { data } = await octokit.rest.issues.updateComment({ ...repository, comment_id: comment.id, body });
        return { id: data.id, url: data.html_url, created: false };
    };
    const [existing, ...duplicates] = await ours(await ownLogin(octokit));
    if (existing) {
        const written = await update(existing);
        await remove(duplicates);
        return written;
    }
    const { data: created } = await octokit.rest.issues.createComment({
        ...repository,
        issue_number: issueNumber,
        body,
    });
    // The author GitHub recorded is the token's identity, whatever ownLogin guessed.
    const [oldest, ...newer] = await ours(created.user?.login ?? actionsBotLogin);
    if (!oldest || oldest.id === created.id) {
        await remove(newer);
        return { id: created.id, url: created.html_url, created: true };
    }
    // Another run's comment is older: it stays and takes this run's body; ours (and any other) goes.
    await remove(newer);
    return update(oldest);
}
/**
 * The login comments made with this token carry. GraphQL `viewer` answers for every kind of token; REST
 * `GET /user` refuses installation tokens such as GITHUB_TOKEN ("Resource not accessible by integration").
 */
async function ownLogin(octokit) {
    try {
        const data = await octokit.graphql("query { viewer { login } }");
        if (data.viewer.login)
            return data.viewer.login;
    }
    catch {
        // GraphQL unavailable (an old GHES, a stand-in): try REST.
    }
    try {
        return (await octokit.rest.users.getAuthenticated()).data.login;
    }
    catch {
        return actionsBotLogin;
    }
}
/** GraphQL names bots without the `[bot]` suffix that REST authors carry. */
function sameLogin(a, b) {
    const plain = (login) => login.replace(/\[bot\]$/i, "").toLowerCase();
    return a !== undefined && plain(a) === plain(b);
}


/***/ })

};
