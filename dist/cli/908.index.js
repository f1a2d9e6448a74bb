export const id = 908;
export const ids = [908];
export const modules = {

/***/ 9908:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AssetResolver: () => (/* binding */ AssetResolver),
/* harmony export */   defaultAssetPollMs: () => (/* binding */ defaultAssetPollMs),
/* harmony export */   earlierUpload: () => (/* binding */ earlierUpload)
/* harmony export */ });
/* harmony import */ var _api_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3249);
/* harmony import */ var _plan_references_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7469);
/* harmony import */ var _secrets_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7194);
/* harmony import */ var _record_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1624);




/**
 * The reuse rules: an earlier upload of the same source (same library and sourceHash, under any name) that
 * is Active is used as it is; one still in review is asked about again, not uploaded again; a Failed one
 * fails again with its reason, since the same source would fail the same review (change the source to try
 * again). Anything else is uploaded.
 */
function earlierUpload(asset, records) {
    const same = records.filter((r) => r.library === asset.library && r.sourceHash === asset.sourceHash && r.assetId !== null);
    const active = same.find((r) => r.status === "Active");
    if (active?.assetId)
        return { use: "active", assetId: active.assetId };
    const reviewing = same.find((r) => r.status === "Processing");
    if (reviewing?.assetId)
        return { use: "poll", assetId: reviewing.assetId };
    const failed = same.find((r) => r.status === "Failed");
    if (failed) {
        return {
            use: "failed",
            assetId: failed.assetId,
            error: failed.error || "the asset library did not say why",
        };
    }
    return { use: "upload" };
}
/** Asset libraries review in seconds to minutes; a check every few seconds finds the result soon enough. */
const defaultAssetPollMs = 5_000;
class AssetResolver {
    options;
    ready = new Map();
    /** Per library, the assets waiting for review and what to tell each when it ends. */
    waiting = new Map();
    constructor(options) {
        this.options = options;
    }
    /** The scheduler's prerequisite: the body to send, with every reference replaced, or why it cannot be. */
    prerequisite = async (task, body) => {
        if (!task.assets?.length && !task.files?.length)
            return { body };
        const ids = new Map();
        for (const asset of task.assets ?? []) {
            const readiness = await this.readiness(asset);
            if ("error" in readiness)
                return { error: readiness.error };
            ids.set(asset.name, readiness.assetId);
        }
        const urls = this.options.fileUrls ?? new Map();
        const unpublished = (task.files ?? []).find((file) => !urls.has(file.path));
        if (unpublished) {
            // Unsent, not failed: a re-run once the branch can be written sends it.
            return notSubmitted(`file:${unpublished.written} has no public URL: ${this.unpublishedReason()}`);
        }
        return { body: substitute(task, body, ids, urls) };
    };
    unpublishedReason() {
        const problem = this.options.fileProblem;
        return problem
            ? `it was not published on the media branch (${problem})`
            : "it was not published on the media branch";
    }
    readiness(asset) {
        let ready = this.ready.get(asset.name);
        if (ready === undefined) {
            ready = this.prepare(asset).catch((error) => ({
                error: `asset "${asset.name}": ${(0,_secrets_js__WEBPACK_IMPORTED_MODULE_2__/* .redact */ .E$)(error.message ?? String(error))}`,
            }));
            this.ready.set(asset.name, ready);
        }
        return ready;
    }
    async prepare(asset) {
        const { ledger, log } = this.options;
        const reuse = earlierUpload(asset, ledger.assets());
        const record = (change) => ledger.recordAsset({
            name: asset.name,
            library: asset.library,
            sourceHash: asset.sourceHash,
            ...change,
        });
        switch (reuse.use) {
            case "active":
                log(`asset "${asset.name}": reusing ${reuse.assetId}, which passed review in an earlier run`);
                record({ assetId: reuse.assetId, status: "Active", error: null });
                return { assetId: reuse.assetId };
            case "failed":
                record({ assetId: reuse.assetId, status: "Failed", error: reuse.error });
                return {
                    error: `asset "${asset.name}" failed review in an earlier run and its source is unchanged: ${reuse.error}`,
                };
            case "poll":
                log(`asset "${asset.name}": ${reuse.assetId} was still in review in an earlier run; asking again`);
                record({ assetId: reuse.assetId, status: "Processing", error: null });
                return this.review(asset, reuse.assetId, record);
            case "upload":
                return this.upload(asset, record);
        }
    }
    async upload(asset, record) {
        const { api, deadline, log } = this.options;
        const url = "url" in asset.source ? asset.source.url : this.options.fileUrls?.get(asset.source.file.path);
        if (url === undefined) {
            return notSubmitted(`asset "${asset.name}": its file has no public URL: ${this.unpublishedReason()}`);
        }
        if (deadline.passed())
            return notSubmitted(`asset "${asset.name}" was not uploaded: the time budget ran out`);
        let assetId;
        try {
            assetId = await api.upload({ library: asset.library, type: asset.type, url, name: asset.name }, deadline.signal);
        }
        catch (error) {
            const message = (0,_secrets_js__WEBPACK_IMPORTED_MODULE_2__/* .redact */ .E$)(error.message);
            if (error instanceof _api_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .NotSentError */ .SD)
                return notSubmitted(`asset "${asset.name}" was not uploaded: ${message}`);
            return { error: `asset "${asset.name}" could not be uploaded: ${message}` };
        }
        // The id is on disk before anything else: a later run asks about it instead of paying a second review.
        record({ assetId, status: "Processing", error: null });
        log(`asset "${asset.name}": uploaded to ${asset.library} as ${assetId}; waiting for review`);
        return this.review(asset, assetId, record);
    }
    async review(asset, assetId, record) {
        const review = await this.watch(asset.library, assetId);
        if (review === undefined) {
            return notSubmitted(`asset "${asset.name}" (${assetId}) was still in review when the time budget ran out; its id is kept, and a later run uses it once it is active`);
        }
        if (review.status === "Active") {
            record({ assetId, status: "Active", error: null });
            this.options.log(`asset "${asset.name}": ${assetId} is active`);
            return { assetId };
        }
        const reason = (0,_secrets_js__WEBPACK_IMPORTED_MODULE_2__/* .redact */ .E$)(review.error || "the asset library did not say why");
        record({ assetId, status: "Failed", error: reason });
        return { error: `asset "${asset.name}" failed review in the ${asset.library} library: ${reason}` };
    }
    /**
     * Resolves once the library has decided (Active or Failed), or with undefined at the deadline. The assets
     * of one library in review at the same time are asked about together: SD2 Manxue in one call.
     */
    watch(library, assetId) {
        return new Promise((resolve) => {
            let waiting = this.waiting.get(library);
            const start = waiting === undefined;
            waiting ??= new Map();
            this.waiting.set(library, waiting);
            const earlier = waiting.get(assetId);
            waiting.set(assetId, (review) => {
                earlier?.(review);
                resolve(review);
            });
            if (start)
                void this.checkUntilDecided(library, waiting);
        });
    }
    async checkUntilDecided(library, waiting) {
        const { api, clock, deadline, log } = this.options;
        const pollMs = this.options.pollMs ?? defaultAssetPollMs;
        const random = this.options.random ?? Math.random;
        try {
            while (waiting.size > 0) {
                await clock.sleep(pollMs * (0.8 + 0.4 * random()), deadline.signal);
                if (deadline.passed())
                    break;
                let reviews;
                try {
                    reviews = await api.reviews(library, [...waiting.keys()], deadline.signal);
                }
                catch (error) {
                    // A status check costs nothing: it is asked again until the deadline.
                    log(`asset status check (${library}) failed, will retry: ${(0,_secrets_js__WEBPACK_IMPORTED_MODULE_2__/* .redact */ .E$)(error.message)}`);
                    continue;
                }
                for (const [id, review] of reviews) {
                    const tell = waiting.get(id);
                    if (tell === undefined || review.status === "Processing")
                        continue;
                    waiting.delete(id);
                    tell(review);
                }
            }
        }
        finally {
            for (const tell of waiting.values())
                tell(undefined);
            waiting.clear();
            this.waiting.delete(library);
        }
    }
}
/** A task that waited for an asset the run could not get ready: skipped as not submitted, nothing was paid. */
function notSubmitted(reason) {
    return { error: `${_record_js__WEBPACK_IMPORTED_MODULE_1__/* .notSubmittedPrefix */ .Lq}: ${reason}` };
}
/** The body as sent: `asset:<name>` → `asset://<id>`, `file:<path>` → the file's public URL. */
function substitute(task, body, ids, urls) {
    const fileUrls = new Map((task.files ?? []).map((file) => [file.written, urls.get(file.path)]));
    return (0,_plan_references_js__WEBPACK_IMPORTED_MODULE_3__/* .replaceReferences */ .TH)(body, (reference) => reference.kind === "asset"
        ? `asset://${ids.get(reference.name) ?? reference.name}`
        : (fileUrls.get(reference.path) ?? `file:${reference.path}`));
}


/***/ })

};
