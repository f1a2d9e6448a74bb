export const id = 555;
export const ids = [555];
export const modules = {

/***/ 91555:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   perFileDelivery: () => (/* binding */ perFileDelivery),
/* harmony export */   uploadArchive: () => (/* binding */ uploadArchive),
/* harmony export */   uploadEachFile: () => (/* binding */ uploadEachFile)
/* harmony export */ });
/* unused harmony exports noUploads, explainFailure */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(48161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _actions_artifact__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9645);
/* harmony import */ var p_limit__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(70370);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(83916);
/* harmony import */ var _run_artifact_names_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(23898);
/* harmony import */ var _artifact_links_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(87287);
/**
 * Uploads `output-dir` as workflow artifacts with the real `@actions/artifact` client: one zip (`archive`), or
 * one unzipped artifact per file (`per-file`, so the browser previews images and videos). Never throws: a
 * failure comes back as a sentence the user can act on, next to whatever did upload, so the caller can still
 * write the summary and results.json before failing the step.
 */








/** At most this many per-file uploads at once (each already streams its blocks concurrently). */
const perFileConcurrency = 4;
/**
 * `archive`: every file in one zip artifact, `rootDirectory` its root. Resolves in every case; see
 * `ArtifactDelivery.error`.
 */
async function uploadArchive(files, rootDirectory, settings, client = new _actions_artifact__WEBPACK_IMPORTED_MODULE_3__/* .DefaultArtifactClient */ .t9(), log) {
    if (settings.name === "" || files.length === 0)
        return { artifacts: [] };
    const options = { compressionLevel: settings.compressionLevel };
    if (settings.retentionDays !== undefined)
        options.retentionDays = settings.retentionDays;
    try {
        const paths = files.map((f) => f.absolutePath);
        return { artifacts: [await upload(client, settings, settings.name, paths, rootDirectory, options, log)] };
    }
    catch (error) {
        return { artifacts: [], error: explainFailure(error, settings.name, settings.runAttempt) };
    }
}
const noUploads = { artifacts: [], failures: [], stopped: false, files: 0 };
/**
 * `per-file`: each file as its own unzipped artifact (so the browser previews it), after `earlier`, and
 * nothing once an earlier failure stopped the uploads. Never throws.
 */
async function uploadEachFile(files, settings, earlier = noUploads, client = new _actions_artifact__WEBPACK_IMPORTED_MODULE_3__/* .DefaultArtifactClient */ .t9(), log) {
    const options = { skipArchive: true };
    if (settings.retentionDays !== undefined)
        options.retentionDays = settings.retentionDays;
    const artifacts = [];
    const failures = [];
    let stopped = earlier.stopped;
    let stage;
    const uploadOne = async (file) => {
        if (stopped)
            return;
        const name = (0,_run_artifact_names_js__WEBPACK_IMPORTED_MODULE_5__/* .perFileArtifactName */ .Nx)(settings.name, file.absolutePath);
        try {
            stage ??= await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.mkdtemp)(node_path__WEBPACK_IMPORTED_MODULE_2___default().join(process.env.RUNNER_TEMP || (0,node_os__WEBPACK_IMPORTED_MODULE_1__.tmpdir)(), "genmedia-artifact-"));
            // Linked (or copied) just before its upload: results.json is rewritten by a rename, which a link
            // made earlier would not follow.
            const staged = await stageAs(file.absolutePath, node_path__WEBPACK_IMPORTED_MODULE_2___default().join(stage, name));
            const uploaded = await upload(client, settings, name, [staged], stage, options, log);
            artifacts.push({ ...uploaded, file: file.relativePath });
        }
        catch (error) {
            failures.push(explainFailure(error, name, settings.runAttempt));
            // Quota, missing token, GHES or the artifact limit fail every upload alike: say it once.
            if (failsEveryUpload(error))
                stopped = true;
        }
    };
    try {
        // The first upload alone, so an error that fails them all is met once, not once per concurrent upload.
        const [first, ...rest] = files;
        if (first)
            await uploadOne(first);
        const limit = (0,p_limit__WEBPACK_IMPORTED_MODULE_7__/* ["default"] */ .A)(perFileConcurrency);
        await Promise.all(rest.map((file) => limit(() => uploadOne(file))));
    }
    finally {
        if (stage)
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.rm)(stage, { recursive: true, force: true });
    }
    return {
        artifacts: [...earlier.artifacts, ...sortedLike(artifacts, files)],
        failures: [...earlier.failures, ...failures],
        stopped,
        files: earlier.files + files.length,
    };
}
/** The per-file uploads as one delivery: every artifact, and one sentence for all that failed. */
function perFileDelivery(uploads) {
    const { artifacts, failures, files } = uploads;
    if (failures.length === 0)
        return { artifacts };
    const failed = files - artifacts.length;
    const head = artifacts.length
        ? `${failed} of ${files} files were not uploaded as artifacts: `
        : failed > 1
            ? `None of the ${files} files was uploaded as an artifact: `
            : "";
    return { artifacts, error: `${head}${[...new Set(failures)].join(" ")}` };
}
/** One artifact: a copy from an earlier attempt of this run deleted first, then created. */
async function upload(client, settings, name, paths, rootDirectory, options, log) {
    if (settings.runAttempt > 1)
        await deleteEarlierAttempt(client, name, log);
    const response = await client.uploadArtifact(name, paths, rootDirectory, options);
    if (response.id === undefined)
        throw new Error("the artifact service returned no artifact id");
    return { name, id: response.id, url: (0,_artifact_links_js__WEBPACK_IMPORTED_MODULE_6__/* .artifactUrl */ .Wk)(response.id) };
}
/**
 * Without `findBy` the library's deleteArtifact lists and deletes through the results service's Twirp
 * routes with the runtime token alone (ListArtifacts by name, newest first, then DeleteArtifact), so no
 * `actions: write` token is needed. Not finding one is the normal case.
 */
async function deleteEarlierAttempt(client, name, log) {
    try {
        const { id } = await client.deleteArtifact(name);
        log?.(`Deleted artifact "${name}" (id ${id}) left by an earlier attempt of this run.`);
    }
    catch (error) {
        if (errorName(error) === "ArtifactNotFoundError")
            return;
        if (failsEveryUpload(error))
            throw error;
        log?.(`Could not delete an earlier attempt's artifact "${name}": ${firstLine(error)}`);
    }
}
/** Links a file under the name the artifact must have, or copies it where a link is impossible. */
async function stageAs(source, target) {
    try {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.link)(source, target);
    }
    catch {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.copyFile)(source, target);
    }
    return target;
}
function sortedLike(artifacts, files) {
    const order = new Map(files.map((f, i) => [f.relativePath, i]));
    return [...artifacts].sort((a, b) => (order.get(a.file ?? "") ?? 0) - (order.get(b.file ?? "") ?? 0));
}
function errorName(error) {
    return error instanceof Error ? error.name : "";
}
function errorMessage(error) {
    if (!(error instanceof Error))
        return String(error);
    if (error.message.trim())
        return error.message;
    // Azure's storage errors can come without a message: the status still says what happened.
    const status = error.statusCode;
    const code = error.code;
    return `${error.name}${status ? ` (HTTP ${status})` : ""}${code ? ` ${code}` : ""}`;
}
function firstLine(error) {
    return (0,_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .firstLineOf */ .Q)(errorMessage(error));
}
/**
 * The library's Twirp client rewraps every error as `Failed to <Method>: <message>`, so its UsageError and
 * NetworkError arrive as plain Errors: classify by name and by message. The service's wording for its
 * per-job artifact limit is not documented, so that one is matched loosely.
 */
function classify(error) {
    const name = errorName(error);
    const message = error instanceof Error ? error.message : String(error);
    if (name === "UsageError" || /storage quota has been hit|insufficient usage/i.test(message))
        return "quota";
    if (name === "GHESNotSupportedError" || /not currently supported on GHES/i.test(message))
        return "ghes";
    if (name === "NetworkError" || /Unable to make request: E[A-Z]+/.test(message))
        return "network";
    if (/ACTIONS_RUNTIME_TOKEN|ACTIONS_RESULTS_URL|Failed to get backend IDs/.test(message))
        return "runtime";
    if (/\(409\)|already exists/i.test(message))
        return "conflict";
    if (/too many artifacts|(maximum|limit)[^.]*artifacts|artifacts?[^.]*(limit|maximum)/i.test(message)) {
        return "too-many";
    }
    return "other";
}
/** Failures that every further upload would meet too: report them once and stop. */
function failsEveryUpload(error) {
    return ["quota", "ghes", "network", "runtime", "too-many"].includes(classify(error));
}
/** Turns the library's errors into one sentence that says what happened and what to do; no stack. */
function explainFailure(error, name, runAttempt) {
    const what = `The upload of artifact "${name}" failed`;
    const skip = "or set `artifact-name: ''` to skip the upload";
    switch (classify(error)) {
        case "quota":
            return `${what}: the artifact storage quota of this account has been hit. Delete old artifacts or lower \`retention-days\` (GitHub recalculates usage every few hours), ${skip}.`;
        case "ghes":
            return `${what}: GitHub Enterprise Server does not support this artifact service (GITHUB_SERVER_URL is ${process.env.GITHUB_SERVER_URL}). Set \`artifact-name: ''\` and upload the output directory with the upload-artifact version your server supports.`;
        case "network": {
            const code = /Unable to make request: (E[A-Z]+)/.exec(errorMessage(error))?.[1] ?? firstLine(error);
            return `${what}: the artifact service could not be reached (${code}). On a self-hosted runner, allow access to GitHub's artifact endpoints, ${skip}.`;
        }
        case "runtime":
            return `${what}: the artifact service is only available to JavaScript actions run by the runner, and ACTIONS_RUNTIME_TOKEN / ACTIONS_RESULTS_URL are missing or invalid here (a \`run:\` script, a container or a local run does not get them). Run the action as a \`uses:\` step, ${skip}.`;
        case "conflict":
            return runAttempt > 1
                ? `${what}: an artifact with this name already exists in this workflow run and the one from an earlier attempt could not be replaced. Delete it on the run's page and re-run, or set a different \`artifact-name\`.`
                : `${what}: an artifact with this name already exists in this workflow run. Give each step or matrix job its own \`artifact-name\` (with a matrix, set \`shard\`).`;
        case "too-many":
            return `${what}: this job has reached the artifact service's limit on the number of artifacts (500 per job). Use \`artifact-layout: archive\` (one artifact for every file), or upload fewer files.`;
        case "other": {
            const detail = firstLine(error)
                .replace(/^Failed to (\w+): Received non-retryable error: Failed request: /, "$1 answered ")
                .replace(/\.$/, "");
            return `${what}: ${detail}.`;
        }
    }
}


/***/ })

};
