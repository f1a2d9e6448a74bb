export const id = 359;
export const ids = [359];
export const modules = {

/***/ 79359:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  deliverToGitHub: () => (/* binding */ deliverToGitHub),
  forkSecretsHint: () => (/* binding */ forkSecretsHint),
  gitHubContextFromEnvironment: () => (/* binding */ gitHubContextFromEnvironment)
});

// UNUSED EXPORTS: actionsBotLogin, pullRequestOf, releaseTargetOf, runUrlOf, writeStickyComment

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 17 modules
var schemas = __webpack_require__(38816);
// EXTERNAL MODULE: external "node:timers/promises"
var external_node_timers_promises_ = __webpack_require__(58500);
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
            await (options.wait ?? external_node_timers_promises_.setTimeout)(timer_limit_timerDelay(wait));
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

// EXTERNAL MODULE: ./src/secrets.ts
var secrets = __webpack_require__(27194);
// EXTERNAL MODULE: ./src/deliver/comment.ts
var comment = __webpack_require__(62116);
// EXTERNAL MODULE: ./node_modules/p-limit/index.js + 1 modules
var p_limit = __webpack_require__(70370);
// EXTERNAL MODULE: ./src/plan/branch-name.ts
var branch_name = __webpack_require__(94127);
;// CONCATENATED MODULE: ./src/deliver/octokit.ts
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

;// CONCATENATED MODULE: ./src/deliver/media-branch.ts
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
    const problem = (0,branch_name/* branchNameProblem */.h)(target.branch);
    if (problem)
        throw new Error(`"${target.branch}" cannot be a branch name: ${problem}.`);
    const { owner, repo } = target;
    const skipped = [];
    const limit = (0,p_limit/* default */.A)(blobConcurrency);
    const entries = (await Promise.all(files.map((file) => limit(async () => {
        const { size } = await (0,promises_.stat)(file.absolutePath);
        if (size > maxBlobBytes) {
            skipped.push({
                sourcePath: file.sourcePath,
                reason: `${file.sourcePath} is larger than the 100 MB GitHub accepts for a file in a repository`,
            });
            return undefined;
        }
        const sha = await createBlob(octokit, owner, repo, await (0,promises_.readFile)(file.absolutePath));
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
            if (statusOf(error) === 422 && attempt < refUpdateAttempts)
                continue;
            if (statusOf(error) === 422) {
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
        if (statusOf(error) === 404)
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

;// CONCATENATED MODULE: ./src/deliver/release.ts
/**
 * `release-assets`: uploads a run's files to a GitHub release, replacing an asset of the same name, so a
 * re-run of a release workflow leaves one copy of each file.
 *
 * Immutable releases (a repository or organisation setting) freeze a release's assets the moment it is
 * published: GitHub then answers 422 "Cannot upload assets to an immutable release." Such a release has to
 * be created as a draft, given its assets, and published afterwards; the error says so instead of failing
 * half-way through.
 */



/** An upload that failed is tried again (after removing what it may have left) at most this many times. */
const uploadRetries = 2;
/** A release that cannot take the assets, for a reason the user must fix: fails the step. */
class ReleaseError extends Error {
    reason;
    constructor(reason, message) {
        super(message);
        this.name = "ReleaseError";
        this.reason = reason;
    }
}
/**
 * Uploads every file to the release, replacing same-name assets. Throws ReleaseError or the API's error.
 * `backoff` paces the retries of a failed upload (the transport's policy; its `maxRetries` is not used).
 */
async function attachToRelease(octokit, repository, target, files, backoff = gitHubBackoff) {
    const release = await findRelease(octokit, repository, target);
    const summary = { id: release.id, tag: release.tag_name, url: release.html_url, draft: release.draft };
    if (!release.draft && release.immutable === true)
        throw immutable(release.tag_name);
    const assets = [];
    let existing = await assetsByName(octokit, repository, release.id);
    for (const file of files) {
        const bytes = await (0,promises_.readFile)(file.absolutePath);
        const replaced = existing.has(file.name);
        // Octokit's hook never repeats an upload (it could leave a second asset); here an upload is tried
        // again only after what the failed one may have left is removed. The listing and deleting are
        // retried by the hook; only the upload's own failure is retried here.
        let uploadFailure;
        const data = await withRetries(async (attempt) => {
            if (attempt > 0)
                existing = await assetsByName(octokit, repository, release.id);
            const old = existing.get(file.name);
            if (old !== undefined) {
                await deleteAsset(octokit, repository, old, release.tag_name);
                existing.delete(file.name);
            }
            try {
                const { data } = await octokit.rest.repos.uploadReleaseAsset({
                    ...repository,
                    release_id: release.id,
                    name: file.name,
                    // Octokit sends a Buffer as is; its types only know string bodies.
                    data: bytes,
                    // The release's own upload URL: uploads.github.com on github.com, /api/uploads on GHES.
                    url: release.upload_url,
                    headers: { "content-type": file.contentType },
                });
                return data;
            }
            catch (error) {
                if (isImmutable(error))
                    throw immutable(release.tag_name);
                uploadFailure = error;
                throw error;
            }
        }, {
            backoff: { ...backoff, maxRetries: uploadRetries },
            retryable: (error) => {
                if (error !== uploadFailure)
                    return false;
                // 422 already_exists: another run uploaded the same name meanwhile. 5xx or no answer: the upload
                // may have left an empty asset behind (state "starter"). Either way, list again and replace.
                return statusOf(error) === 422 ? {} : gitHubRetryVerdict(error);
            },
        });
        assets.push({ sourcePath: file.sourcePath, name: data.name, url: data.browser_download_url, replaced });
    }
    return { release: summary, assets };
}
/**
 * The release by id (from a `release` event), or by tag. "Get a release by tag name" never returns a draft,
 * so a tag it does not know is looked up among all releases, drafts included.
 */
async function findRelease(octokit, repository, target) {
    if (target.id !== undefined) {
        try {
            return (await octokit.rest.repos.getRelease({ ...repository, release_id: target.id })).data;
        }
        catch (error) {
            if (statusOf(error) !== 404)
                throw error;
            throw new ReleaseError("not-found", `The release "${target.tag}" (id ${target.id}) that triggered this run no longer exists.`);
        }
    }
    try {
        return (await octokit.rest.repos.getReleaseByTag({ ...repository, tag: target.tag })).data;
    }
    catch (error) {
        if (statusOf(error) !== 404)
            throw error;
    }
    const releases = await octokit.paginate(octokit.rest.repos.listReleases, { ...repository, per_page: 100 });
    const found = releases.find((r) => r.tag_name === target.tag);
    if (found)
        return found;
    throw new ReleaseError("not-found", `No release has the tag "${target.tag}" in ${repository.owner}/${repository.repo}. Create the release first (a draft is fine: attach the assets, then publish it), or correct \`release-tag\`.`);
}
async function assetsByName(octokit, repository, releaseId) {
    const assets = await octokit.paginate(octokit.rest.repos.listReleaseAssets, {
        ...repository,
        release_id: releaseId,
        per_page: 100,
    });
    return new Map(assets.map((a) => [a.name, a.id]));
}
async function deleteAsset(octokit, repository, assetId, tag) {
    try {
        await octokit.rest.repos.deleteReleaseAsset({ ...repository, asset_id: assetId });
    }
    catch (error) {
        if (statusOf(error) === 404)
            return; // another run replaced it first
        if (isImmutable(error))
            throw immutable(tag);
        throw error;
    }
}
function immutable(tag) {
    return new ReleaseError("immutable", `The release "${tag}" is published and immutable: GitHub accepts no new or replaced assets on it. Create the release as a draft, run this workflow with \`release-tag: ${tag}\` to attach the assets, then publish the draft.`);
}
function isImmutable(error) {
    return statusOf(error) === 422 && /immutable/i.test(messageOf(error));
}

;// CONCATENATED MODULE: ./src/deliver/github.ts
/**
 * Delivery to GitHub itself: the run's files committed to `media-branch`, attached to a release
 * (`release-assets`), and a sticky pull request comment (`comment`) that shows them. Takes plain data (the
 * task records, settings, the event context) and a token; never reads action inputs.
 *
 * Lacking permission is a notice, never a failure: a read-only token (a fork's pull request, or a workflow
 * whose `permissions:` leave it out) still gets its generation, its artifact and its summary. Only a release
 * that cannot take its assets fails the step, since those assets are what a release workflow is for.
 */










/** The author of comments made with a workflow's GITHUB_TOKEN, when the token's identity cannot be read. */
const actionsBotLogin = "github-actions[bot]";
/** Where the docs explain permissions and forks; named in notices. */
const docsHint = "see docs/github.md in genmedia-action";
/** Runs every GitHub delivery the settings ask for: media branch first, then the release, then the comment. */
async function deliverToGitHub(input) {
    const { settings, context, log } = input;
    const result = {
        mediaUrls: new Map(),
        releaseAssets: [],
        notices: [],
        warnings: [],
        errors: [],
    };
    const notice = (line) => {
        result.notices.push(line);
        log.notice(line);
    };
    const warning = (line) => {
        result.warnings.push(line);
        log.warning(line);
    };
    const pr = pullRequestOf(context, settings.prNumber);
    const release = settings.releaseAssets ? releaseTargetOf(context, settings.releaseTag) : undefined;
    if (settings.comment && !pr) {
        log.info(`comment: this run (event "${context.eventName}") is not for a pull request, so no comment is written.`);
    }
    if (settings.releaseAssets && !release) {
        notice(`release-assets: this run (event "${context.eventName}") was not triggered by a release and \`release-tag\` is empty, so no release assets were uploaded.`);
    }
    const wanted = [
        settings.mediaBranch ? "media-branch" : "",
        release ? "release-assets" : "",
        settings.comment && pr ? "comment" : "",
    ].filter(Boolean);
    if (wanted.length === 0)
        return result;
    if (!settings.token) {
        notice(`github-token is empty, so ${wanted.join(", ")} was skipped. Leave it at its default (github.token).`);
        return result;
    }
    // Loaded only now: Octokit is a megabyte of code (and ~8 MiB of memory) that most runs never need.
    const { getOctokit } = await __webpack_require__.e(/* import() */ 351).then(__webpack_require__.bind(__webpack_require__, 61351));
    const octokit = getOctokit(settings.token, { baseUrl: context.apiUrl });
    redactRequestText(octokit);
    octokit.hook.wrap("request", retryRepeatableGitHubRequests({
        backoff: input.backoff,
        onWait: (wait, _error, retryAfter) => {
            if (retryAfter !== undefined)
                log.info(`GitHub asked to slow down: retrying in ${Math.ceil(wait / 1000)}s.`);
        },
    }));
    const files = await filesOnDisk(input.records, input.workspace);
    const fork = pr?.fork;
    const commentNotes = [];
    if (settings.mediaBranch && files.length > 0) {
        const branch = settings.mediaBranch;
        const folder = mediaFolder({ prNumber: pr?.number, ref: context.ref }, context.runId);
        const branchFiles = files.map((f) => ({
            absolutePath: f.absolutePath,
            sourcePath: f.sourcePath,
            branchPath: `${folder}/${external_node_path_default().posix.basename(f.sourcePath)}`,
        }));
        try {
            const commit = await commitToMediaBranch(octokit, { ...context.repo, branch, serverUrl: context.serverUrl }, branchFiles, `genmedia: ${branchFiles.length} files of run ${context.runId} (${folder}) [skip ci]`);
            result.mediaCommit = commit.commitSha;
            for (const [file, url] of commit.urls)
                result.mediaUrls.set(file, url);
            log.info(`${commit.created ? "Created" : "Updated"} branch "${branch}": ${commit.urls.size} files in ${folder}/ (commit ${commit.commitSha.slice(0, 7)}).`);
            for (const skip of commit.skipped)
                warning(`media-branch: ${skip.reason}; it is in the artifact only.`);
        }
        catch (error) {
            if (isPermissionDenied(error)) {
                notice(`Did not commit the media to branch "${branch}": ${fork ? forkReason(fork) : `the token may not push to the repository (${describe(error)}). Give the job \`permissions: contents: write\` (${docsHint})`}.`);
            }
            else {
                warning(`Could not commit the media to branch "${branch}": ${describe(error)}.`);
            }
            commentNotes.push(`> Images are not shown inline: they could not be committed to \`${escapeCode(branch)}\` (see the run's log).`);
        }
    }
    else if (!settings.mediaBranch && files.some((f) => (0,comment/* isImage */.wu)(f.contentType))) {
        commentNotes.push("> Images are not shown inline: GitHub cannot show artifact files in a comment. Set `media-branch` to show them here.");
    }
    if (release) {
        const label = release.tag;
        try {
            const attached = await attachToRelease(octokit, context.repo, release, files.map((f) => ({ ...f, name: external_node_path_default().posix.basename(f.sourcePath) })), input.backoff);
            result.releaseAssets = attached.assets.map(({ sourcePath, name, url }) => ({ sourcePath, name, url }));
            const replaced = attached.assets.filter((a) => a.replaced).length;
            log.info(`Attached ${attached.assets.length} files to release "${label}"${replaced ? ` (${replaced} replaced)` : ""}: ${attached.release.url}`);
        }
        catch (error) {
            if (error instanceof ReleaseError) {
                result.errors.push(error.message);
            }
            else if (isPermissionDenied(error)) {
                notice(`Did not attach the files to release "${label}": the token may not write releases (${describe(error)}). Give the job \`permissions: contents: write\` (${docsHint}).`);
            }
            else {
                result.errors.push(`The files could not be attached to release "${label}": ${describe(error)}.`);
            }
        }
    }
    if (settings.comment && pr) {
        const body = (0,comment/* renderComment */.wQ)({
            tag: settings.commentTag,
            records: input.records,
            runUrl: runUrlOf(context),
            sha: pr.headSha ?? context.sha,
            mediaUrls: result.mediaUrls,
            artifactLinks: input.artifactLinks,
            artifactUrl: input.artifactUrl,
            posters: postersOf(input.records),
            notes: commentNotes,
        });
        try {
            const written = await writeStickyComment(octokit, context.repo, pr.number, settings.commentTag, body);
            result.commentUrl = written.url;
            log.info(`${written.created ? "Posted" : "Updated"} the comment on pull request #${pr.number}: ${written.url}`);
        }
        catch (error) {
            if (isPermissionDenied(error)) {
                notice(`Skipped the pull request comment: ${fork ? forkReason(fork) : `the token may not write to pull requests (${describe(error)}). Give the job \`permissions: pull-requests: write\` (${docsHint})`}.`);
            }
            else {
                warning(`Could not write the comment on pull request #${pr.number}: ${describe(error)}.`);
            }
        }
    }
    return result;
}
/** The context from the runner's variables and event file; safe to call outside a workflow. */
function gitHubContextFromEnvironment(env = process.env) {
    const [owner = "", repo = ""] = (env.GITHUB_REPOSITORY ?? "").split("/");
    let payload = {};
    if (env.GITHUB_EVENT_PATH) {
        try {
            const parsed = JSON.parse((0,external_node_fs_.readFileSync)(env.GITHUB_EVENT_PATH, "utf8"));
            if (parsed && typeof parsed === "object")
                payload = parsed;
        }
        catch {
            // A missing or broken event file leaves an empty payload: no pull request, no release.
        }
    }
    return {
        eventName: env.GITHUB_EVENT_NAME ?? "",
        repo: { owner, repo },
        runId: Number(env.GITHUB_RUN_ID) || 0,
        runAttempt: Number(env.GITHUB_RUN_ATTEMPT) || 1,
        serverUrl: (env.GITHUB_SERVER_URL || "https://github.com").replace(/\/+$/, ""),
        apiUrl: (env.GITHUB_API_URL || "https://api.github.com").replace(/\/+$/, ""),
        sha: env.GITHUB_SHA ?? "",
        ref: env.GITHUB_REF ?? "",
        payload,
    };
}
function runUrlOf(context) {
    return `${context.serverUrl}/${context.repo.owner}/${context.repo.repo}/actions/runs/${context.runId}`;
}
const repoName = schemas/* object */.Ikc({ full_name: schemas/* string */.YjP() });
const pullRequestSchema = schemas/* object */.Ikc({
    number: schemas/* number */.aig().int().positive(),
    head: schemas/* object */.Ikc({ sha: schemas/* string */.YjP().optional(), repo: repoName.nullish() }).optional(),
    base: schemas/* object */.Ikc({ repo: repoName.nullish() }).optional(),
});
const pullRequestEvents = new Set([
    "pull_request",
    "pull_request_target",
    "pull_request_review",
    "pull_request_review_comment",
]);
/**
 * The pull request to comment on: the explicit number, else the event's pull request (also an
 * `issue_comment` on a pull request, and a same-repository `workflow_run`; GitHub leaves
 * `workflow_run.pull_requests` empty for forks, which is why `prNumber` exists).
 */
function pullRequestOf(context, explicit) {
    const payload = context.payload;
    if (explicit !== undefined) {
        // From a `workflow_run`, the commit is the one the triggering run built, not this run's default branch.
        const headSha = context.eventName === "workflow_run"
            ? schemas/* object */.Ikc({ head_sha: schemas/* string */.YjP() }).safeParse(payload.workflow_run).data?.head_sha
            : undefined;
        return headSha ? { number: explicit, headSha } : { number: explicit };
    }
    if (pullRequestEvents.has(context.eventName)) {
        const parsed = pullRequestSchema.safeParse(payload.pull_request);
        if (!parsed.success)
            return undefined;
        const pr = parsed.data;
        const head = pr.head?.repo?.full_name;
        const base = pr.base?.repo?.full_name ?? repoName.safeParse(payload.repository).data?.full_name;
        // Only `pull_request` runs get the restricted token; `pull_request_target` runs in the base repository.
        const fork = context.eventName === "pull_request" && pr.head && head !== base
            ? (head ?? "a deleted fork")
            : undefined;
        return { number: pr.number, headSha: pr.head?.sha, fork };
    }
    if (context.eventName === "issue_comment") {
        const issue = schemas/* object */.Ikc({ number: schemas/* number */.aig().int().positive(), pull_request: schemas/* object */.Ikc({}).loose() })
            .safeParse(payload.issue);
        return issue.success ? { number: issue.data.number } : undefined;
    }
    if (context.eventName === "workflow_run") {
        const run = schemas/* object */.Ikc({
            head_sha: schemas/* string */.YjP().optional(),
            pull_requests: schemas/* array */.YOg(schemas/* object */.Ikc({ number: schemas/* number */.aig().int().positive() })),
        })
            .safeParse(payload.workflow_run);
        const first = run.success ? run.data.pull_requests[0] : undefined;
        return first ? { number: first.number, headSha: run.data?.head_sha } : undefined;
    }
    return undefined;
}
/** The release to attach to: `release-tag`, else the release of a `release` event. */
function releaseTargetOf(context, releaseTag) {
    if (releaseTag)
        return { tag: releaseTag };
    if (context.eventName !== "release")
        return undefined;
    const release = schemas/* object */.Ikc({ id: schemas/* number */.aig().int().positive(), tag_name: schemas/* string */.YjP() })
        .safeParse(context.payload.release);
    return release.success ? { id: release.data.id, tag: release.data.tag_name } : undefined;
}
/**
 * For the empty-`api-key` error: on a `pull_request` run from a fork, GitHub passes no secrets, and the
 * reason deserves saying. Undefined for any other run.
 */
function forkSecretsHint(context) {
    const fork = pullRequestOf(context)?.fork;
    if (!fork)
        return undefined;
    return `This run is for a pull request from the fork ${fork}: GitHub passes no secrets (so no API key) to workflows that pull requests from forks trigger. Generate in a workflow that runs in this repository instead: the two-workflow \`workflow_run\` pattern (${docsHint}).`;
}
function forkReason(fork) {
    return `this run is for a pull request from the fork ${fork}, and GitHub gives such runs a read-only token and no secrets. To comment on pull requests from forks, post from a second workflow triggered by \`workflow_run\` that runs in this repository (${docsHint})`;
}
/** The records' files that exist: a resumed record can name a file an earlier job left elsewhere. */
async function filesOnDisk(records, workspace) {
    const found = [];
    for (const record of records) {
        if (!record.file)
            continue;
        const absolutePath = external_node_path_default().resolve(workspace, record.file.path);
        const exists = await (0,promises_.stat)(absolutePath).then((s) => s.isFile(), () => false);
        if (exists)
            found.push({ absolutePath, sourcePath: record.file.path, contentType: record.file.contentType });
    }
    return found;
}
/** A video's poster: the image of the task named `<video task>-poster`, when there is one. */
function postersOf(records) {
    const images = new Map(records.flatMap((r) => (r.file && (0,comment/* isImage */.wu)(r.file.contentType) ? [[r.name, r.file.path]] : [])));
    return new Map(records.flatMap((r) => {
        const poster = r.file && (0,comment/* isVideo */.cZ)(r.file.contentType) ? images.get(`${r.name}-poster`) : undefined;
        return r.file && poster ? [[r.file.path, poster]] : [];
    }));
}
/**
 * Creates or updates the one comment of `tag` on the pull request: a comment by this token's own identity
 * carrying the tag's marker. Two runs that both find none both create one; each then lists again and keeps
 * only the oldest, which takes the body of whichever run writes last.
 */
async function writeStickyComment(octokit, repository, issueNumber, tag, body) {
    const marker = (0,comment/* commentMarker */.Ql)(tag);
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
                if (statusOf(error) !== 404)
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
                fields[key] = (0,secrets/* redact */.E$)(value);
        }
    });
}
function isPermissionDenied(error) {
    return statusOf(error) === 403 && !/rate limit/i.test(messageOf(error));
}
/** "403 Resource not accessible by integration", or the error's first line. */
function describe(error) {
    const status = statusOf(error);
    const message = (messageOf(error).split("\n")[0] ?? "").trim().replace(/\.$/, "");
    const short = message.length > 300 ? `${message.slice(0, 299)}…` : message;
    return status ? `${status} ${short}` : short;
}
function escapeCode(text) {
    return text.replace(/`/g, "");
}


/***/ })

};
