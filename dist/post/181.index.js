export const id = 181;
export const ids = [181];
export const modules = {

/***/ 25181:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   restoreEarlierAttempt: () => (/* binding */ restoreEarlierAttempt)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(48161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _actions_artifact__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9645);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(83916);
/* harmony import */ var _safe_fs_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(41168);
/* harmony import */ var _artifact_names_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(23898);







/**
 * A re-run attempt starts on a fresh runner: what the earlier attempt paid for is only in its artifact.
 * With the `archive` layout the whole output folder comes back (files and results.json), so completed
 * files are kept without a download; with `per-file` only results.json comes back, and completed tasks are
 * fetched again by id. Returns the path of the restored results.json, or why there is none.
 *
 * The artifact is extracted into a scratch folder, never into output-dir: the library writes through
 * whatever is at a file's name, and the checkout may have a link planted there. Its regular files are then
 * moved into output-dir by rename, which replaces such a link instead of following it.
 */
async function restoreEarlierAttempt(name, layout, outputDir, client = new _actions_artifact__WEBPACK_IMPORTED_MODULE_3__/* .DefaultArtifactClient */ .t9()) {
    const artifactName = layout === "archive" ? name : (0,_artifact_names_js__WEBPACK_IMPORTED_MODULE_6__/* .perFileArtifactName */ .Nx)(name, _artifact_names_js__WEBPACK_IMPORTED_MODULE_6__/* .resultsFileName */ .qS);
    let id;
    try {
        id = (await client.getArtifact(artifactName)).artifact.id;
    }
    catch (error) {
        return { reason: `no artifact "${artifactName}" from an earlier attempt (${(0,_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .firstLineOf */ .Q)(error)})` };
    }
    let scratch;
    try {
        scratch = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdtempSync)(node_path__WEBPACK_IMPORTED_MODULE_2___default().join(process.env.RUNNER_TEMP || (0,node_os__WEBPACK_IMPORTED_MODULE_1__.tmpdir)(), "genmedia-earlier-"));
        await client.downloadArtifact(id, { path: scratch });
        const restored = node_path__WEBPACK_IMPORTED_MODULE_2___default().join(outputDir, _artifact_names_js__WEBPACK_IMPORTED_MODULE_6__/* .resultsFileName */ .qS);
        if (layout === "per-file") {
            (0,_safe_fs_js__WEBPACK_IMPORTED_MODULE_5__/* .moveFileInto */ .ag)(node_path__WEBPACK_IMPORTED_MODULE_2___default().join(scratch, artifactName), restored);
            return { resultsFile: restored };
        }
        // The archive's root is output-dir, whose files all sit at its top level (task names have no `/`).
        for (const entry of (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readdirSync)(scratch)) {
            const source = node_path__WEBPACK_IMPORTED_MODULE_2___default().join(scratch, entry);
            if ((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.lstatSync)(source).isFile())
                (0,_safe_fs_js__WEBPACK_IMPORTED_MODULE_5__/* .moveFileInto */ .ag)(source, node_path__WEBPACK_IMPORTED_MODULE_2___default().join(outputDir, entry));
        }
        return { resultsFile: restored };
    }
    catch (error) {
        return {
            reason: `the earlier attempt's artifact "${artifactName}" could not be downloaded (${(0,_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .firstLineOf */ .Q)(error)})`,
        };
    }
    finally {
        if (scratch)
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.rmSync)(scratch, { recursive: true, force: true });
    }
}


/***/ })

};
