export const id = 966;
export const ids = [966,762];
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

/***/ 55762:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   commitToMediaBranch: () => (/* binding */ commitToMediaBranch),
/* harmony export */   deliverToMediaBranch: () => (/* binding */ deliverToMediaBranch),
/* harmony export */   maxBlobBytes: () => (/* binding */ maxBlobBytes),
/* harmony export */   mediaFolder: () => (/* binding */ mediaFolder),
/* harmony export */   rawFileUrl: () => (/* binding */ rawFileUrl)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var p_limit__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(70370);
/* harmony import */ var _plan_branch_name_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(94127);
/* harmony import */ var _github_context_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(44704);
/* harmony import */ var _octokit_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(25744);
/* harmony import */ var _step_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(50275);
/**
 * `media-branch`: commits a run's files to a branch of the repository, so comments and summaries can show
 * images from a URL that does not expire and that GitHub renders. One commit per run, made through the Git
 * data API (blobs, a tree on top of the branch's tree, a commit, a ref update), so no checkout, no git
 * binary and no workspace changes are needed.
 *
 * A missing branch is created as an orphan (a root commit holding only a README and the media): the branch
 * never carries the project's code or workflows, so it is small, cannot be merged by accident, and a push
 * to it starts no workflow.
 */







/** The Git data API refuses blobs over 100 MB. */
const maxBlobBytes = 100 * 1000 * 1000;
/**
 * Ref updates lost to a concurrent push (matrix jobs committing at once) are rebuilt on the new head this
 * many times. Not a retry of a failure (Octokit's hook retries those, with the transport's backoff): the
 * 422 says another push has landed, so the head is read again at once and this run's commit made on it.
 */
const refUpdateAttempts = 5;
const blobConcurrency = 4;
/**
 * The `media-branch` step: the session's files committed under this run's folder. Lacking permission is a
 * notice, any other failure a warning; neither fails the step (the files are in the artifact).
 */
async function deliverToMediaBranch(session) {
    const { octokit, context, files, pr, log } = session;
    const { report, notice, warning } = (0,_step_js__WEBPACK_IMPORTED_MODULE_4__/* .startReport */ .F)(log);
    const delivery = { report, urls: new Map() };
    const branch = session.settings.mediaBranch;
    if (!branch || files.length === 0)
        return delivery;
    const folder = mediaFolder({ prNumber: pr?.number, ref: context.ref }, context.runId);
    const branchFiles = files.map((f) => ({
        absolutePath: f.absolutePath,
        sourcePath: f.sourcePath,
        branchPath: `${folder}/${node_path__WEBPACK_IMPORTED_MODULE_1___default().posix.basename(f.sourcePath)}`,
    }));
    try {
        const commit = await commitToMediaBranch(octokit, { ...context.repo, branch, serverUrl: context.serverUrl }, branchFiles, `genmedia: ${branchFiles.length} files of run ${context.runId} (${folder}) [skip ci]`);
        delivery.commit = commit.commitSha;
        for (const [file, url] of commit.urls)
            delivery.urls.set(file, url);
        log.info(`${commit.created ? "Created" : "Updated"} branch "${branch}": ${commit.urls.size} files in ${folder}/ (commit ${commit.commitSha.slice(0, 7)}).`);
        for (const skip of commit.skipped)
            warning(`media-branch: ${skip.reason}; it is in the artifact only.`);
    }
    catch (error) {
        if ((0,_octokit_js__WEBPACK_IMPORTED_MODULE_3__/* .isPermissionDenied */ .T1)(error)) {
            notice(`Did not commit the media to branch "${branch}": ${pr?.fork ? (0,_github_context_js__WEBPACK_IMPORTED_MODULE_2__/* .forkReason */ .xy)(pr.fork) : `the token may not push to the repository (${(0,_octokit_js__WEBPACK_IMPORTED_MODULE_3__/* .describeGitHubError */ .dZ)(error)}). Give the job \`permissions: contents: write\` (${_github_context_js__WEBPACK_IMPORTED_MODULE_2__/* .docsHint */ .jU})`}.`);
        }
        else {
            warning(`Could not commit the media to branch "${branch}": ${(0,_octokit_js__WEBPACK_IMPORTED_MODULE_3__/* .describeGitHubError */ .dZ)(error)}.`);
        }
        delivery.commentNote = `> Images are not shown inline: they could not be committed to \`${branch.replace(/`/g, "")}\` (see the run's log).`;
    }
    return delivery;
}
/**
 * The folder of one run in the branch: `pr-<number>/<run id>` for a pull request, else `<ref name>/<run id>`
 * (`main/1234`, `v1.2.0/1234`). A re-run (a new attempt of the same run) writes over its own folder.
 */
function mediaFolder(where, runId) {
    const scope = where.prNumber !== undefined
        ? `pr-${where.prNumber}`
        : (where.ref ?? "")
            .replace(/^refs\/(heads|tags)\//, "")
            .replace(/[^A-Za-z0-9._-]+/g, "-")
            .replace(/^[.-]+|[.-]+$/g, "") || "run";
    return `${scope}/${runId}`;
}
/**
 * The URL that shows a committed file: `<server>/<owner>/<repo>/raw/<commit>/<path>`. github.com serves it
 * to anyone who can read the repository (for a private one, with the viewer's own session, redirecting to
 * a short-lived raw.githubusercontent.com URL), which is why it renders in comments of private repositories
 * where a raw.githubusercontent.com link would not. Pinned to the commit, it keeps showing this run's file
 * whatever later runs or clean-ups do to the branch head.
 */
function rawFileUrl(target, commitSha, branchPath) {
    const server = target.serverUrl.replace(/\/+$/, "");
    const encoded = branchPath.split("/").map(encodeURIComponent).join("/");
    return `${server}/${encodeURIComponent(target.owner)}/${encodeURIComponent(target.repo)}/raw/${commitSha}/${encoded}`;
}
/**
 * Commits `files` to the branch in one commit and returns the commit and each file's URL. Creates the branch
 * when it is missing; retries when another run moved the branch in between.
 */
async function commitToMediaBranch(octokit, target, files, message) {
    const problem = (0,_plan_branch_name_js__WEBPACK_IMPORTED_MODULE_5__/* .branchNameProblem */ .h)(target.branch);
    if (problem)
        throw new Error(`"${target.branch}" cannot be a branch name: ${problem}.`);
    const { owner, repo } = target;
    const skipped = [];
    const limit = (0,p_limit__WEBPACK_IMPORTED_MODULE_6__/* ["default"] */ .A)(blobConcurrency);
    const entries = (await Promise.all(files.map((file) => limit(async () => {
        const { size } = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.stat)(file.absolutePath);
        if (size > maxBlobBytes) {
            skipped.push({
                sourcePath: file.sourcePath,
                reason: `${file.sourcePath} is larger than the 100 MB GitHub accepts for a file in a repository`,
            });
            return undefined;
        }
        const sha = await createBlob(octokit, owner, repo, await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(file.absolutePath));
        return { file, sha };
    })))).flatMap((entry) => (entry ? [entry] : []));
    const tree = entries.map(({ file, sha }) => ({
        path: file.branchPath,
        mode: "100644",
        type: "blob",
        sha,
    }));
    const ref = `heads/${target.branch}`;
    for (let attempt = 1;; attempt++) {
        const head = await headOf(octokit, owner, repo, ref);
        const treeEntries = head
            ? tree
            : [
                {
                    path: "README.md",
                    mode: "100644",
                    type: "blob",
                    sha: await createBlob(octokit, owner, repo, Buffer.from(branchReadme(target.branch))),
                },
                ...tree,
            ];
        const { data: newTree } = await octokit.rest.git.createTree({
            owner,
            repo,
            tree: treeEntries,
            ...(head ? { base_tree: head.treeSha } : {}),
        });
        const { data: commit } = await octokit.rest.git.createCommit({
            owner,
            repo,
            message,
            tree: newTree.sha,
            parents: head ? [head.commitSha] : [],
        });
        try {
            if (head) {
                await octokit.rest.git.updateRef({ owner, repo, ref, sha: commit.sha, force: false });
            }
            else {
                await octokit.rest.git.createRef({ owner, repo, ref: `refs/${ref}`, sha: commit.sha });
            }
        }
        catch (error) {
            // 422: not a fast-forward (someone pushed since we read the head), or the branch was created since.
            if ((0,_octokit_js__WEBPACK_IMPORTED_MODULE_3__/* .statusOf */ .c2)(error) === 422 && attempt < refUpdateAttempts)
                continue;
            if ((0,_octokit_js__WEBPACK_IMPORTED_MODULE_3__/* .statusOf */ .c2)(error) === 422) {
                throw new Error(`the branch "${target.branch}" kept moving: ${refUpdateAttempts} attempts to add this run's commit lost to other pushes`);
            }
            throw error;
        }
        const urls = new Map(entries.map(({ file }) => [file.sourcePath, rawFileUrl(target, commit.sha, file.branchPath)]));
        return { commitSha: commit.sha, created: !head, urls, skipped };
    }
}
async function createBlob(octokit, owner, repo, bytes) {
    const { data } = await octokit.rest.git.createBlob({
        owner,
        repo,
        content: bytes.toString("base64"),
        encoding: "base64",
    });
    return data.sha;
}
async function headOf(octokit, owner, repo, ref) {
    try {
        const { data } = await octokit.rest.git.getRef({ owner, repo, ref });
        const { data: commit } = await octokit.rest.git.getCommit({ owner, repo, commit_sha: data.object.sha });
        return { commitSha: commit.sha, treeSha: commit.tree.sha };
    }
    catch (error) {
        if ((0,_octokit_js__WEBPACK_IMPORTED_MODULE_3__/* .statusOf */ .c2)(error) === 404)
            return undefined;
        throw error;
    }
}
function branchReadme(branch) {
    return [
        `# ${branch}`,
        "",
        "Media generated by genmedia-action, committed here so that pull request comments and job summaries can",
        "show it. Each run adds a folder `<pr-number or ref>/<run id>/`. This branch holds no code and is not",
        "meant to be merged. Deleting it (or rewriting its history) breaks the images of older comments.",
        "",
    ].join("\n");
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
/* harmony import */ var _api_transport_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(53841);
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

/***/ 95966:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   publishReferenceFiles: () => (/* binding */ publishReferenceFiles)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _media_branch_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(55762);
/* harmony import */ var _octokit_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(25744);
/**
 * `file:` references (design 9): the API downloads reference media from a public URL, and the media branch of
 * a public repository gives a workspace file one. The files are committed before the run sends anything, in
 * one commit, under a folder named by their content hash, so the same file keeps the same path run after run;
 * the URL sent is pinned to the commit.
 */



async function publishReferenceFiles(files, settings, context, log) {
    const branch = settings.github.mediaBranch;
    if (files.length === 0)
        return { urls: new Map() };
    if (!branch)
        return { problem: 'the "media-branch" input is not set' };
    if (!settings.github.token)
        return { problem: "github-token is empty, so nothing can be committed" };
    const target = { ...context.repo, branch, serverUrl: context.serverUrl };
    try {
        const octokit = await (0,_octokit_js__WEBPACK_IMPORTED_MODULE_2__/* .connectToGitHub */ .tZ)(settings.github.token, context.apiUrl, { info: log });
        const commit = await (0,_media_branch_js__WEBPACK_IMPORTED_MODULE_1__.commitToMediaBranch)(octokit, target, files.map((file) => ({
            // The plan resolved links: this is the real file it checked and hashed, inside the workspace.
            absolutePath: node_path__WEBPACK_IMPORTED_MODULE_0___default().join(settings.workspace, file.path),
            sourcePath: file.path,
            branchPath: `reference-media/${file.sha256.slice(0, 16)}/${node_path__WEBPACK_IMPORTED_MODULE_0___default().posix.basename(file.path)}`,
        })), `genmedia: ${files.length} reference files of run ${context.runId} [skip ci]`);
        if (commit.skipped.length)
            return { problem: commit.skipped.map((s) => s.reason).join("; ") };
        const urls = new Map();
        for (const file of files) {
            const branchPath = `reference-media/${file.sha256.slice(0, 16)}/${node_path__WEBPACK_IMPORTED_MODULE_0___default().posix.basename(file.path)}`;
            urls.set(file.path, publicUrl(target, commit.commitSha, branchPath));
        }
        log(`Published ${files.length} reference files on branch "${branch}" (commit ${commit.commitSha.slice(0, 7)}).`);
        return { urls };
    }
    catch (error) {
        return { problem: `they could not be committed to branch "${branch}": ${(0,_octokit_js__WEBPACK_IMPORTED_MODULE_2__/* .describeGitHubError */ .dZ)(error)}` };
    }
}
/**
 * github.com serves a public repository's file at raw.githubusercontent.com without a redirect, which is what
 * a service downloading it is most likely to handle; elsewhere (GitHub Enterprise) the server's raw route.
 */
function publicUrl(target, commitSha, branchPath) {
    if (target.serverUrl.replace(/\/+$/, "") !== "https://github.com") {
        return (0,_media_branch_js__WEBPACK_IMPORTED_MODULE_1__.rawFileUrl)(target, commitSha, branchPath);
    }
    const encoded = branchPath.split("/").map(encodeURIComponent).join("/");
    return `https://raw.githubusercontent.com/${encodeURIComponent(target.owner)}/${encodeURIComponent(target.repo)}/${commitSha}/${encoded}`;
}


/***/ })

};
