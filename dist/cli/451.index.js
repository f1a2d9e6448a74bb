export const id = 451;
export const ids = [451];
export const modules = {

/***/ 8451:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AssetClient: () => (/* binding */ AssetClient),
/* harmony export */   reviewStatus: () => (/* binding */ reviewStatus)
/* harmony export */ });
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9691);
/* harmony import */ var _models_answers_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3169);
/* harmony import */ var _secrets_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7194);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3249);
/**
 * The two asset libraries (reference 6.1, 6.2): upload reference media once, then ask until it passed review.
 * Both sit on the media base with no `/v1` and answer in the envelope `{code, msg, data}`. The HTTP is the API
 * client's (auth, retries, bounded reads, redaction); this file only knows the paths and the answers.
 */




const code = zod__WEBPACK_IMPORTED_MODULE_2__/* .union */ .KCZ([zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP(), zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig()]).nullish();
const envelope = zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({ code, msg: zod__WEBPACK_IMPORTED_MODULE_2__/* .unknown */ .L5J().optional(), data: zod__WEBPACK_IMPORTED_MODULE_2__/* .unknown */ .L5J().optional() });
const seedance2Upload = zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({ assetId: zod__WEBPACK_IMPORTED_MODULE_2__/* .union */ .KCZ([zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().min(1), zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig()]) });
const seedance2Detail = zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({ status: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP() });
const sd2Upload = zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
    items: zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({ assetId: zod__WEBPACK_IMPORTED_MODULE_2__/* .union */ .KCZ([zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().min(1), zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig()]), status: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().nullish() }))
        .min(1),
});
const sd2Status = zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
    items: zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({ assetId: zod__WEBPACK_IMPORTED_MODULE_2__/* .union */ .KCZ([zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP(), zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig()]), status: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP() })).nullish(),
    failedItems: zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({ assetId: zod__WEBPACK_IMPORTED_MODULE_2__/* .union */ .KCZ([zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP(), zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig()]), errorMessage: zod__WEBPACK_IMPORTED_MODULE_2__/* .unknown */ .L5J().optional() }))
        .nullish(),
});
/** An id as the API sent it, checked before it is ever put in a path or a request body. */
const assetIdPattern = /^[^\s\p{Cc}]{1,256}$/u;
class AssetClient {
    http;
    constructor(http) {
        this.http = http;
    }
    async upload(asset, signal) {
        if (asset.library === "seedance2") {
            const data = dataOf(await this.http.postBilled("/kyyVideo2/asset/upload", { assetType: capitalised(asset.type), url: asset.url, name: asset.name }, "asset upload", signal), "asset upload");
            return checkedId(seedance2Upload.safeParse(data).data?.assetId, data);
        }
        const lists = { imageUrls: [], videoUrls: [], audioUrls: [] };
        lists[`${asset.type}Urls`].push(asset.url);
        const data = dataOf(await this.http.postBilled("/asset/sd2Manxue/assetUpload", lists, "asset upload", signal), "asset upload");
        return checkedId(sd2Upload.safeParse(data).data?.items[0]?.assetId, data);
    }
    async reviews(library, assetIds, signal) {
        const reviews = new Map();
        if (library === "seedance2") {
            // Seedance 2.0 documents a detail per asset only.
            for (const id of assetIds) {
                const data = dataOf(await this.http.getJson(`/kyyVideo2/asset/${encodeURIComponent(id)}`, "asset status check", signal), "asset status check");
                const status = reviewStatus(seedance2Detail.safeParse(data).data?.status);
                if (status)
                    reviews.set(id, { status, ...(status === "Failed" && { error: failureText(data) }) });
            }
            return reviews;
        }
        // SD2 Manxue checks many assets in one call, and can fail some of them.
        const data = dataOf(await this.http.postQuery("/asset/sd2Manxue/assetStatus", { assetIds }, "asset status check", signal), "asset status check");
        const parsed = sd2Status.safeParse(data).data;
        for (const item of parsed?.items ?? []) {
            const status = reviewStatus(item.status);
            if (status)
                reviews.set(String(item.assetId), { status });
        }
        for (const failed of parsed?.failedItems ?? []) {
            reviews.set(String(failed.assetId), { status: "Failed", error: textOf(failed.errorMessage) });
        }
        for (const [id, review] of reviews) {
            if (review.status === "Failed" && review.error === undefined)
                reviews.set(id, { ...review, error: "" });
        }
        return reviews;
    }
}
/** The envelope's `data`; a `code` other than 0/"0"/200/"200" is a refusal with `msg` (reference 3, 8.1). */
function dataOf(json, what) {
    const parsed = envelope.safeParse(json);
    if (!parsed.success)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .RejectedError */ .zs(`the ${what} answered an unexpected body: ${(0,_secrets_js__WEBPACK_IMPORTED_MODULE_3__/* .redact */ .E$)((0,_models_answers_js__WEBPACK_IMPORTED_MODULE_0__/* .preview */ .VH)(json, 200))}`);
    const { code: value, msg, data } = parsed.data;
    if (value !== undefined && value !== null && !["0", "200"].includes(String(value))) {
        const reason = textOf(msg) || (0,_models_answers_js__WEBPACK_IMPORTED_MODULE_0__/* .preview */ .VH)(json, 200);
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .RejectedError */ .zs(`the ${what} was refused (code ${(0,_secrets_js__WEBPACK_IMPORTED_MODULE_3__/* .redact */ .E$)(String(value))}): ${(0,_secrets_js__WEBPACK_IMPORTED_MODULE_3__/* .redact */ .E$)(reason)}`);
    }
    return data;
}
function checkedId(id, data) {
    const text = id === undefined ? undefined : String(id);
    if (text === undefined || !assetIdPattern.test(text)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .RejectedError */ .zs(`the asset upload answered without an asset id: ${(0,_secrets_js__WEBPACK_IMPORTED_MODULE_3__/* .redact */ .E$)((0,_models_answers_js__WEBPACK_IMPORTED_MODULE_0__/* .preview */ .VH)(data, 200))}`);
    }
    return text;
}
/** Statuses matched case-insensitively; 6.3's upper-case forms map onto the three of 6.1. */
function reviewStatus(raw) {
    switch (raw?.trim().toLowerCase()) {
        case "active":
            return "Active";
        case "failed":
        case "expired":
        case "deleted":
            return "Failed";
        case "processing":
        case "uploading":
        case "submitted":
        case "none":
        case "pending":
            return "Processing";
        default:
            return undefined;
    }
}
function failureText(data) {
    const fields = (data ?? {});
    return textOf(fields.errorMessage ?? fields.error ?? fields.msg ?? fields.reason);
}
function textOf(value) {
    if (value === undefined || value === null)
        return "";
    return (0,_secrets_js__WEBPACK_IMPORTED_MODULE_3__/* .redact */ .E$)(typeof value === "string" ? value : JSON.stringify(value)).slice(0, 1000);
}
function capitalised(type) {
    return `${type.charAt(0).toUpperCase()}${type.slice(1)}`;
}


/***/ })

};
