export const id = 749;
export const ids = [749];
export const modules = {

/***/ 3749:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  startSimulator: () => (/* binding */ startSimulator)
});

// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
;// CONCATENATED MODULE: ./simulator/asset-route.ts
/** Which asset-library route a request is (reference 6.1, 6.2); the handlers are in assets.ts. */
function assetRouteOf(method, pathname) {
    if (method === "POST" && pathname === "/kyyVideo2/asset/upload") {
        return { name: "asset", action: "seedance2-upload" };
    }
    if (method === "POST" && pathname === "/asset/sd2Manxue/assetUpload")
        return { name: "asset", action: "sd2-upload" };
    if (method === "POST" && pathname === "/asset/sd2Manxue/assetStatus")
        return { name: "asset", action: "sd2-status" };
    const detail = /^\/kyyVideo2\/asset\/([^/]+)$/.exec(pathname);
    const id = detail?.[1] === undefined ? undefined : decoded(detail[1]);
    if (method === "GET" && id !== undefined)
        return { name: "asset", action: "seedance2-detail", id };
    return undefined;
}
function decoded(segment) {
    try {
        return decodeURIComponent(segment);
    }
    catch {
        return undefined;
    }
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./simulator/text.ts
/**
 * The synchronous text endpoints (reference section 7) with canned answers in each upstream format:
 * OpenAI chat completions, Anthropic messages, Gemini generateContent. The answer echoes the prompt so a
 * test can tell which task a file came from.
 */

/** Matches a request path to a text family; `{model}` in a create path matches one path segment. */
function textRouteOf(pathname, textFamilies) {
    for (const family of textFamilies) {
        if (!family.createPath.includes("{model}")) {
            if (family.createPath === pathname)
                return { family };
            continue;
        }
        const [before, after] = family.createPath.split("{model}");
        if (pathname.startsWith(before) &&
            pathname.endsWith(after) &&
            pathname.length > before.length + after.length) {
            const segment = pathname.slice(before.length, pathname.length - after.length);
            if (segment.includes("/"))
                continue;
            try {
                return { family, pathModel: decodeURIComponent(segment) };
            }
            catch {
                return undefined;
            }
        }
    }
    return undefined;
}
function promptOfText(body) {
    const messages = body.messages;
    if (Array.isArray(messages)) {
        const last = messages.at(-1);
        if (typeof last?.content === "string")
            return last.content;
    }
    const contents = body.contents;
    if (Array.isArray(contents)) {
        const parts = contents.at(-1)?.parts;
        const text = parts?.map((p) => (typeof p.text === "string" ? p.text : "")).join("");
        if (text)
            return text;
    }
    return "";
}
function cannedAnswer(prompt) {
    return `# Answer\n\nThis is the simulator's answer to: ${prompt}\n`;
}
/** The response body in the family's own format. */
function textResponse(family, model, prompt) {
    const answer = cannedAnswer(prompt);
    const created = Math.floor(Date.now() / 1000);
    switch (family.id) {
        case "claude-messages":
            return {
                id: `msg_${(0,external_node_crypto_.randomUUID)().replace(/-/g, "")}`,
                type: "message",
                role: "assistant",
                model,
                content: [{ type: "text", text: answer }],
                stop_reason: "end_turn",
                usage: { input_tokens: prompt.length, output_tokens: answer.length },
            };
        case "gemini":
            return {
                candidates: [{ content: { role: "model", parts: [{ text: answer }] }, finishReason: "STOP" }],
                usageMetadata: {
                    promptTokenCount: prompt.length,
                    candidatesTokenCount: answer.length,
                    totalTokenCount: prompt.length + answer.length,
                },
            };
        default:
            return {
                id: `chatcmpl-${(0,external_node_crypto_.randomUUID)().replace(/-/g, "")}`,
                object: "chat.completion",
                created,
                model,
                choices: [{ index: 0, message: { role: "assistant", content: answer }, finish_reason: "stop" }],
            };
    }
}

// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 15 modules
var schemas = __webpack_require__(9691);
;// CONCATENATED MODULE: ./simulator/wire-fields.ts
/**
 * The building blocks of the simulator's request schemas (wire-schemas.ts): field types, cross-field rules
 * and the Endpoint record. They are written here, apart from the client's src/models/fields.ts, on
 * purpose: the simulator reads api-reference.md on its own, so a client schema that drifts from the
 * reference gets a 400 in the tests instead of an echo of itself.
 */

/** "is required" for a missing field, "must be <expected>" for a wrong one. */
function expecting(expected) {
    return (issue) => (issue.input === undefined ? "is required" : `must be ${expected}`);
}
/** A non-empty string; `max` where the reference gives a length limit. */
function nonEmpty(max) {
    return schemas/* string */.YjP({ error: expecting("a string") })
        .refine((value) => value.trim() !== "", { error: "must not be empty" })
        .refine((value) => max === undefined || value.length <= max, {
        error: `must be at most ${max} characters`,
    });
}
/** A string from the values the reference lists. */
function anyOf(values, options = {}) {
    const fold = (value) => (options.ignoreCase ? value.toLowerCase() : value);
    const allowed = new Set(values.map(fold));
    return schemas/* string */.YjP({ error: expecting(`one of ${values.join(", ")}`) })
        .refine((value) => allowed.has(fold(value)), { error: `must be one of ${values.join(", ")}` });
}
function integer(min, max) {
    return schemas/* number */.aig({ error: expecting(`an integer from ${min} to ${max}`) })
        .refine((value) => Number.isInteger(value) && value >= min && value <= max, {
        error: `must be an integer from ${min} to ${max}`,
    });
}
function numberIn(min, max) {
    return schemas/* number */.aig({ error: expecting(`a number from ${min} to ${max}`) })
        .refine((value) => value >= min && value <= max, { error: `must be a number from ${min} to ${max}` });
}
function integerOf(values) {
    return schemas/* number */.aig({ error: expecting(`one of ${values.join(", ")}`) })
        .refine((value) => values.includes(value), { error: `must be one of ${values.join(", ")}` });
}
const wire_fields_boolean = schemas/* boolean */.zMY({ error: expecting("true or false") });
function isHttpUrl(value) {
    if (!URL.canParse(value))
        return false;
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
}
// Reference 6.1 writes asset ids as asset://<id>; 6.3 says third-party clients write assetId://<id>.
const assetId = /^(asset|assetId):\/\/\S+$/;
/** A well-formed public http(s) URL (the simulator fetches nothing, reference section 6). */
const url = schemas/* string */.YjP({ error: expecting("a URL") })
    .refine(isHttpUrl, { error: "must be a public http(s) URL" });
/** A URL or an asset-library id: only where section 6.1 documents asset ids. */
const urlOrAsset = schemas/* string */.YjP({ error: expecting("a URL or an asset:// id") })
    .refine((value) => isHttpUrl(value) || assetId.test(value), {
    error: "must be a public http(s) URL or an asset:// id",
});
function urls(item = url, limits = {}) {
    const { min = 0, max = Number.POSITIVE_INFINITY } = limits;
    return schemas/* array */.YOg(item, { error: expecting("a list of URLs") })
        .refine((list) => list.length >= min, { error: `needs at least ${min} URL(s)` })
        .refine((list) => list.length <= max, { error: `takes at most ${max} URL(s)` });
}
function reject(ctx, field, message) {
    ctx.addIssue({ code: "custom", path: [field], message });
}
/** Present and not an empty list (the vendor's own examples send `image_urls: []` for "none"). */
function given(value) {
    return value !== undefined && !(Array.isArray(value) && value.length === 0);
}
/**
 * First/last-frame mode: a last frame needs a first frame, and frames do not mix with references
 * (reference 5.2, 5.4, 5.6, 5.8–5.11).
 */
function frameRules(ctx, body, first, last, references) {
    if (given(body[last]) && !given(body[first]))
        reject(ctx, last, `needs ${first}`);
    if (!given(body[first]) && !given(body[last]))
        return;
    for (const field of references) {
        if (given(body[field]))
            reject(ctx, field, `cannot be combined with ${first}/${last}`);
    }
}
/**
 * One field under two names (reference section 9, rows 7 and 8): either may be sent, both only with the
 * same meaning; otherwise a parameter conflict. Returns the effective value, the current name winning.
 */
function twoNames(ctx, body, current, other, same = (a, b) => JSON.stringify(a) === JSON.stringify(b)) {
    const a = body[current];
    const b = body[other];
    if (a !== undefined && b !== undefined && !same(a, b)) {
        reject(ctx, other, `parameter conflict: ${current} and ${other} are both set, to different values`);
    }
    return a ?? b;
}
/** A per-model limit on a list or a value the endpoint-wide schema let through. */
function perModel(ctx, field, ok, model, expected) {
    if (!ok)
        reject(ctx, field, `must be ${expected} for ${model}`);
}
function mediaKindOf(endpoint) {
    if (endpoint.kind === "text")
        throw new Error(`${endpoint.id} is a text endpoint`);
    return endpoint.kind;
}
/** `model` and `prompt` as most endpoints take them; the catalogue check on `model` is bodyIssues's. */
const model = nonEmpty();
const wire_fields_prompt = nonEmpty();
const modelOf = (body) => String(body.model);
/** An endpoint whose body is strict: a field the schema does not name is refused. */
function endpoint(id, title, kind, createPath, models, fields, rules) {
    const strict = schemas/* strictObject */.rej(fields);
    const body = rules === undefined ? strict : strict.superRefine((value, ctx) => rules(value, ctx));
    return { id, title, kind, createPath, models, body: body };
}

;// CONCATENATED MODULE: ./simulator/wire-image-audio.ts

// ---------------------------------------------------------------------------------------------
// Image (5.13, 5.14)
// ---------------------------------------------------------------------------------------------
// Row 17: one revision limits 2k/4k to the pro models, another only advises it; not enforced.
const nanoBanana = endpoint("nano-banana", "Nano Banana", "image", "/v1/banana/images", ["nano-banana", "nano-banana-2", "nano-banana-2-stable", "nano-banana-pro", "nano-banana-pro-stable"], {
    model: model,
    prompt: wire_fields_prompt,
    resolution: anyOf(["1k", "2k", "4k"]).optional(),
    size: anyOf(["1:1", "16:9", "9:16", "4:3", "3:4", "3:2", "2:3", "5:4", "4:5", "21:9"]).optional(),
    image_urls: urls(url, { max: 6 }).optional(),
});
// 5.14: resolution needs ratio and excludes size; the full resolution list is unknown ("1k, 2k, … up to
// 4K"), so 1k–4k in any case; size values are unknown.
const gptImage2 = endpoint("gpt-image-2", "GPT Image 2", "image", "/v1/image2/images", ["gpt-image-2", "gpt-image-2-r"], {
    model: model,
    prompt: wire_fields_prompt,
    quality: anyOf(["low", "medium", "high"]).optional(),
    ratio: anyOf([
        "1:1",
        "16:9",
        "9:16",
        "4:3",
        "3:4",
        "3:2",
        "2:3",
        "5:4",
        "4:5",
        "2:1",
        "1:2",
        "21:9",
        "9:21",
    ]).optional(),
    resolution: anyOf(["1k", "2k", "3k", "4k"], { ignoreCase: true }).optional(),
    size: nonEmpty().optional(),
    image_urls: urls(url).optional(),
}, (body, ctx) => {
    if (body.resolution !== undefined && body.ratio === undefined)
        reject(ctx, "ratio", "is required with resolution");
    if (body.resolution !== undefined && given(body.size))
        reject(ctx, "size", "cannot be sent with resolution");
    const name = modelOf(body);
    const images = body.image_urls?.length ?? 0;
    if (name === "gpt-image-2")
        perModel(ctx, "image_urls", images <= 6, name, "at most 6 URLs");
    if (name === "gpt-image-2-r") {
        perModel(ctx, "image_urls", images <= 16, name, "at most 16 URLs");
        if (body.resolution !== undefined) {
            perModel(ctx, "resolution", String(body.resolution).toLowerCase() === "1k", name, "1k");
        }
    }
});
// ---------------------------------------------------------------------------------------------
// Audio (5.15): no `model` in the body; results report the endpoint's id
// ---------------------------------------------------------------------------------------------
const soundVersion = anyOf(["v1", "v2"]);
const soundClone = endpoint("soundclone-clone", "SoundClone clone", "audio", "/v1/soundCloning/clones", ["soundCloningClone"], {
    fileUrl: url.refine((value) => !/[\u3400-\u9fff\uf900-\ufaff]/.test(value), {
        error: "must be free of Chinese characters",
    }),
    contentText: nonEmpty(269).optional(),
    soundVersion: soundVersion.optional(),
    language: nonEmpty().optional(),
});
// `<#x#>` is a pause of x seconds, 0.01–99.99.
function pausesValid(text) {
    return [...text.matchAll(/<#(.*?)#>/g)].every(([, x]) => {
        const seconds = Number(x);
        return x !== undefined && x.trim() !== "" && seconds >= 0.01 && seconds <= 99.99;
    });
}
const soundSpeech = endpoint("soundclone-speech", "SoundClone speech", "audio", "/v1/soundCloning/audios", ["soundCloningAudio"], {
    modelId: nonEmpty(),
    contentText: nonEmpty(9999).refine(pausesValid, { error: "has a pause <#x#> outside 0.01–99.99 s" }),
    soundVersion: soundVersion.optional(),
    language: nonEmpty().optional(),
    emotion: anyOf(["neutral", "happy", "sad", "angry", "fearful", "disgusted", "surprised"]).optional(),
    speed: numberIn(0.5, 2).optional(),
    // "Up to 10"; 0 would be silence.
    vol: numberIn(0, 10)
        .refine((value) => value > 0, { error: "must be above 0" })
        .optional(),
    pitch: numberIn(-12, 12).optional(),
    subtitleEnable: wire_fields_boolean.optional(),
    subtitleType: anyOf(["word"]).optional(),
});
const imageAudioEndpoints = [nanoBanana, gptImage2, soundClone, soundSpeech];

;// CONCATENATED MODULE: ./simulator/wire-v2.ts
/**
 * Model Center v2 (api-reference 5.16) as the simulator reads it, and the routes a scenario adds
 * (scenario.ts `routes`). v2's official pages were not readable, so its reading is loose where the
 * reference is unsure: any non-empty `model` is taken (the API adds models every month), fields no client
 * has shown pass, and only the shapes every client agrees on are checked.
 */


const modelCenterCreatePath = "/v2/model-center/tasks";
const modelCenterPollPath = "/v2/model-center/tasks/{id}";
const v1PollPath = "/v1/result/{id}";
// 5.16's lists, kept apart from the client's registry on purpose. `videos_stable(_fast)` are listed there
// too, but they are the v1 Videos endpoint's ids; here they still work, as any model does.
const videoModels = [
    "minimax-h3",
    "MiniMax-H3-c1",
    "MiniMax-H3-c4",
    "MiniMax-H3-768p",
    "hh-1.1-t2v-o",
    "hh-1.1-i2v-o",
    "hh-1.1-r2v-o",
    "happyhorse-1.1-r2v",
    "wan2.7-t2v",
    "wan2.7-i2v",
    "wan2.7-r2v",
    "wan2.7-videoedit",
    "wan3.0-r2v",
    "KlingO3",
    "seedance-2.5-c1",
    "seedance-2.5-c3",
    "sd_2.5_discount_v1",
    "sd_2.5_special_v1",
    "sd_2.0_special",
    "sd_2.0_fast_special",
    "sd_2.0_discount",
    "sd_2.0_fast_discount",
    "videos_933_c1",
    "videos_fast_933_c1",
    "video_30_10_10",
];
const imageModels = ["seedream-5.0", "seedream_5.0Pro"];
// Flat snake_case; the largest counts any client allows (30/10/10 for Seedance 2.5), so no valid body is
// refused here; the client's own table is the stricter one.
const modelCenterBody = schemas/* object */.Ikc({
    model: nonEmpty(),
    prompt: nonEmpty(),
    first_image: urlOrAsset.optional(),
    last_image: urlOrAsset.optional(),
    reference_images: urls(urlOrAsset, { max: 30 }).optional(),
    reference_videos: urls(urlOrAsset, { max: 10 }).optional(),
    reference_audios: urls(urlOrAsset, { max: 10 }).optional(),
    duration: integer(1, 60).optional(),
    aspect_ratio: nonEmpty().optional(),
    resolution: nonEmpty().optional(),
    seed: integer(-(2 ** 31), 2 ** 32).optional(),
    generate_audio: wire_fields_boolean.optional(),
    watermark: wire_fields_boolean.optional(),
})
    .catchall(schemas/* unknown */.L5J());
function modelCenter(kind, models) {
    return {
        id: `model-center-${kind}`,
        title: `Model Center v2 ${kind}`,
        kind,
        createPath: modelCenterCreatePath,
        models,
        body: modelCenterBody,
        pollPath: modelCenterPollPath,
        dialect: "model-center",
        anyModel: true,
        // A model no list knows yet makes a video: most of v2's models do.
        forModel: (model) => (imageModels.includes(model) ? modelCenterImage : modelCenterVideo),
    };
}
const modelCenterVideo = modelCenter("video", videoModels);
const modelCenterImage = modelCenter("image", imageModels);
const modelCenterEndpoints = [modelCenterVideo, modelCenterImage];
/** The endpoint of a scenario route: any JSON object, any model; polled where the route says. */
function routeEndpoint(route) {
    return {
        id: route.create,
        title: `route ${route.create}`,
        kind: route.kind,
        createPath: route.create,
        models: [],
        body: schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* unknown */.L5J()),
        // The client's default for an endpoint task (design 8), so a test can leave `poll` out on both sides.
        pollPath: route.poll ?? (route.create.startsWith("/v2/model-center/") ? modelCenterPollPath : v1PollPath),
        dialect: "route",
        resultField: route.resultField,
        anyModel: true,
    };
}
/** Every poll route an endpoint is polled at. */
function pollPathOf(endpoint) {
    return endpoint.pollPath ?? v1PollPath;
}
/** v2's create answer; the other shape names the id `task_id`. */
function modelCenterCreateAnswer(answer, shape) {
    if (shape === "usual")
        return answer;
    const { id, ...rest } = answer;
    return { task_id: id, ...rest };
}
const kindField = { video: "video_url", image: "image_url", audio: "audioUrl" };
/**
 * v2's poll answer from a v1 one: `progress`, `result_url` and `amount` added; the other shape drops the
 * kind's URL field and writes `error` as an object.
 */
function modelCenterPollAnswer(answer, kind, status, fileUrl, shape) {
    const completed = status === "completed";
    const seconds = typeof answer.actualDuration === "number" ? answer.actualDuration : 1;
    const result = {
        ...answer,
        progress: completed ? 100 : status === "processing" ? 50 : 0,
        result_url: fileUrl,
    };
    if (completed)
        result.amount = kind === "video" ? Math.round(seconds * 6.4) / 100 : 0.04;
    if (shape === "other") {
        delete result[kindField[kind]];
        if (typeof answer.error === "string")
            result.error = { code: "generation_failed", message: answer.error };
    }
    return result;
}
/** A scenario route's poll answer: the result URL under its own key, when it names one. */
function routePollAnswer(answer, kind, fileUrl, resultField) {
    if (resultField === undefined)
        return answer;
    const { [kindField[kind]]: _moved, ...rest } = answer;
    return { ...rest, [resultField]: fileUrl };
}

;// CONCATENATED MODULE: ./simulator/wire-video.ts
/** The video endpoints of api-reference.md sections 4 and 5.1–5.12, as the simulator reads them (wire-schemas.ts). */


// ---------------------------------------------------------------------------------------------
// Video (sections 5.1–5.12)
// ---------------------------------------------------------------------------------------------
const sixRatios = ["21:9", "16:9", "4:3", "1:1", "3:4", "9:16"];
const wideOrTall = ["16:9", "9:16"];
const soraSizes = { "1280x720": "16:9", "720x1280": "9:16" };
// 5.1, and section 9 row 8: each of the three pairs may come under either name, both only if they agree.
const sora = endpoint("sora", "Sora", "video", "/v1/sora/videos", ["openAiSora2Plus", "openAiSora2Pro"], {
    model: model,
    prompt: wire_fields_prompt,
    size: anyOf(["720x1280", "1280x720"]).optional(),
    aspect_ratio: anyOf(wideOrTall).optional(),
    duration: integerOf([4, 8, 12]).optional(),
    seconds: integerOf([4, 8, 12]).optional(),
    // Row 16: one image (the legacy three no longer).
    input_reference: urls(url, { max: 1 }).optional(),
    image_urls: urls(url, { max: 1 }).optional(),
}, (body, ctx) => {
    twoNames(ctx, body, "aspect_ratio", "size", (ratio, size) => soraSizes[String(size)] === ratio);
    twoNames(ctx, body, "seconds", "duration");
    twoNames(ctx, body, "input_reference", "image_urls");
});
// 5.2: no duration field (always 8 s); case-insensitive resolution; the stable models have no 4K, and
// veo_3_1_fast_stable works in first/last-frame mode only.
const veo = endpoint("veo", "VEO", "video", "/v1/veo/videos", ["veo_3_1_fast", "veo_3_1_pro", "veo_3_1_fast_stable", "veo_3_1_pro_stable"], {
    model: model,
    prompt: wire_fields_prompt,
    resolution: anyOf(["720p", "1080p", "4K"], { ignoreCase: true }).optional(),
    aspect_ratio: anyOf(wideOrTall).optional(),
    input_reference: urls(url, { max: 3 }).optional(),
    image_urls: urls(url, { max: 3 }).optional(),
    first_image: url.optional(),
    last_image: url.optional(),
}, (body, ctx) => {
    twoNames(ctx, body, "input_reference", "image_urls");
    const name = modelOf(body);
    if (name.endsWith("_stable")) {
        perModel(ctx, "resolution", String(body.resolution).toLowerCase() !== "4k", name, "720p or 1080p");
    }
    if (name === "veo_3_1_fast_stable") {
        for (const field of ["input_reference", "image_urls"]) {
            if (given(body[field]))
                reject(ctx, field, "is not allowed for veo_3_1_fast_stable");
        }
        if (!given(body.first_image))
            reject(ctx, "first_image", "is required for veo_3_1_fast_stable");
    }
    frameRules(ctx, body, "first_image", "last_image", ["input_reference", "image_urls"]);
});
/** content[] items (5.3, 5.5): a role per type; an image without a role is a first frame. */
function contentItem(types, item) {
    const located = schemas/* strictObject */.rej({ url: item });
    const all = {
        text: schemas/* strictObject */.rej({ type: schemas/* literal */.euz("text"), text: nonEmpty() }),
        image_url: schemas/* strictObject */.rej({
            type: schemas/* literal */.euz("image_url"),
            image_url: located,
            role: anyOf(["first_frame", "last_frame", "reference_image"]).optional(),
        }),
        video_url: schemas/* strictObject */.rej({
            type: schemas/* literal */.euz("video_url"),
            video_url: located,
            role: anyOf(["reference_video"]).optional(),
        }),
        audio_url: schemas/* strictObject */.rej({
            type: schemas/* literal */.euz("audio_url"),
            audio_url: located,
            role: anyOf(["reference_audio"]).optional(),
        }),
    };
    const options = types.map((type) => all[type]);
    return schemas/* array */.YOg(schemas/* discriminatedUnion */.gMt("type", options, { error: `each item's type must be one of ${types.join(", ")}` }), { error: (issue) => (issue.input === undefined ? "is required" : "must be a list of items") });
}
function items(body) {
    return Array.isArray(body.content) ? body.content : [];
}
function textItems(body) {
    return items(body).filter((item) => item.type === "text").length;
}
// 5.3: the prompt travels as a text item. The audio toggle and the flex tier have no documented names:
// accepted under the names the reference offers (generate_audio, third-party; service_tier, inferred).
const seedance15 = endpoint("seedance-1.5", "Seedance 1.5", "video", "/v1/seedance/videos", ["seedance_1_5_pro_480p", "seedance_1_5_pro_720p", "seedance_1_5_pro_1080p"], {
    model: model,
    content: contentItem(["text", "image_url"], url),
    ratio: anyOf(["16:9", "4:3", "1:1", "3:4", "9:16", "21:9", "adaptive"]).optional(),
    // Row 14: 2–12, or -1 for "let the model pick".
    duration: schemas/* number */.aig({ error: "must be an integer from 2 to 12, or -1" })
        .refine((value) => value === -1 || (Number.isInteger(value) && value >= 2 && value <= 12), {
        error: "must be an integer from 2 to 12, or -1",
    })
        .optional(),
    generate_audio: wire_fields_boolean.optional(),
    service_tier: nonEmpty().optional(),
}, (body, ctx) => {
    if (textItems(body) === 0)
        reject(ctx, "content", "needs a text item with the prompt");
});
// 5.4. Row 15: whether seedance_2_0(_fast) need a reference video differs between revisions; not enforced.
const seedance20 = endpoint("seedance-2.0", "Seedance 2.0", "video", "/v1/kyyvideo2/videos", [
    "seedance_2_0",
    "seedance_2_0_fast",
    "seedance_2_0_pro",
    "seedance_2_0_fast_pro",
    "kyyvideo2",
    "kyyvideo2_fast",
    "kyyvideo2_pro",
    "kyyvideo2_fast_pro",
], {
    model: model,
    prompt: wire_fields_prompt,
    duration: integer(4, 15).optional(),
    // Allowed values unknown.
    aspect_ratio: nonEmpty().optional(),
    generateAudio: wire_fields_boolean.optional(),
    first_image: urlOrAsset.optional(),
    last_image: urlOrAsset.optional(),
    referenceImages: urls(urlOrAsset).optional(),
    referenceVideos: urls(urlOrAsset).optional(),
    referenceAudios: urls(urlOrAsset).optional(),
}, (body, ctx) => frameRules(ctx, body, "first_image", "last_image", [
    "referenceImages",
    "referenceVideos",
    "referenceAudios",
]));
// 5.5: a text item plus at least one media item.
const seedanceX1 = endpoint("seedance-x1", "Seedance X1", "video", "/v1/seedance-x1/videos", [
    "seedance_2_0_x1_official",
    "seedance_2_0_x1_discount",
    "seedance_fast_2_0_x1_official",
    "seedance_fast_2_0_x1_discount",
], {
    model: model,
    content: contentItem(["text", "image_url", "video_url", "audio_url"], urlOrAsset),
    resolution: anyOf(["480p", "720p", "1080p"]).optional(),
    ratio: anyOf(sixRatios).optional(),
    duration: integer(4, 15).optional(),
}, (body, ctx) => {
    if (textItems(body) === 0)
        reject(ctx, "content", "needs a text item with the prompt");
    if (items(body).length === textItems(body)) {
        reject(ctx, "content", "needs one or more image, video or audio items besides the text");
    }
});
// 5.6: duration is a number, not an integer.
const vidu = endpoint("vidu", "Vidu", "video", "/v1/vidu/videos", ["viduq3-pro", "viduq3-turbo"], {
    model: model,
    prompt: wire_fields_prompt,
    duration: numberIn(1, 16).optional(),
    aspect_ratio: anyOf(["16:9", "9:16", "1:1", "4:3", "3:4"]).optional(),
    resolution: anyOf(["540p", "720p", "1080p"]).optional(),
    first_image: url.optional(),
    last_image: url.optional(),
}, (body, ctx) => frameRules(ctx, body, "first_image", "last_image", []));
// 5.7: every rule is per model. Row 13: `_stable` is read loosely (6 or 10 s, 480p or 720p).
const grokRules = {
    grok_video3: { maxImages: 7 },
    grok_video3_pro: { durations: [10] },
    grok_video3_max: { durations: [6, 10, 12, 16, 20, 30], ratios: ["16:9", "9:16", "1:1"], maxImages: 5 },
    grok_video3_stable: { durations: [6, 10], maxImages: 7 },
};
const grok = endpoint("grok", "Grok", "video", "/v1/grok/videos", Object.keys(grokRules), {
    model: model,
    prompt: wire_fields_prompt,
    duration: integer(6, 30).optional(),
    aspect_ratio: anyOf(["16:9", "9:16", "1:1", "3:2", "2:3"]).optional(),
    resolution: anyOf(["480p", "720p"]).optional(),
    image_urls: urls(url).optional(),
}, (body, ctx) => {
    const name = modelOf(body);
    const rules = grokRules[name];
    if (rules === undefined)
        return;
    const { durations, ratios, maxImages } = rules;
    if (durations !== undefined && body.duration !== undefined) {
        perModel(ctx, "duration", durations.includes(body.duration), name, `one of ${durations.join(", ")}`);
    }
    if (ratios !== undefined && body.aspect_ratio !== undefined) {
        perModel(ctx, "aspect_ratio", ratios.includes(String(body.aspect_ratio)), name, `one of ${ratios.join(", ")}`);
    }
    const images = body.image_urls?.length ?? 0;
    if (maxImages !== undefined)
        perModel(ctx, "image_urls", images <= maxImages, name, `at most ${maxImages} URLs`);
});
// 5.8: starvideos_o3 takes frames and references; the older starvideos_v3 takes frames as `images` only.
const starVideos = endpoint("starvideos", "StarVideos", "video", "/v1/starvideos/videos", ["starvideos_o3", "starvideos_v3"], {
    model: model,
    prompt: wire_fields_prompt,
    duration: integer(3, 15).optional(),
    ratio: anyOf(["9:16", "1:1", "16:9"]).optional(),
    first_image: url.optional(),
    last_image: url.optional(),
    referenceImages: urls(url, { max: 7 }).optional(),
    referenceVideos: urls(url).optional(),
    images: urls(url).optional(),
}, (body, ctx) => {
    if (body.model === "starvideos_v3") {
        if (body.ratio !== undefined)
            perModel(ctx, "ratio", wideOrTall.includes(String(body.ratio)), "starvideos_v3", "16:9 or 9:16");
        for (const field of ["first_image", "last_image", "referenceImages", "referenceVideos"]) {
            if (given(body[field]))
                reject(ctx, field, "is not a field of starvideos_v3 requests (it takes images)");
        }
        return;
    }
    if (given(body.images))
        reject(ctx, "images", `is not a field of ${modelOf(body)} requests`);
    const images = body.referenceImages?.length ?? 0;
    if (given(body.referenceVideos) && images > 4) {
        reject(ctx, "referenceImages", "takes at most 4 URLs together with referenceVideos");
    }
    frameRules(ctx, body, "first_image", "last_image", ["referenceImages"]);
});
/**
 * Row 7: the current frame names (first_image/last_image) and the older ones (image/lastFrameImage) are
 * both accepted; differing values are a parameter conflict.
 */
function legacyFrames(ctx, body, references) {
    const first = twoNames(ctx, body, "first_image", "image");
    const last = twoNames(ctx, body, "last_image", "lastFrameImage");
    // Checked under the current names, which win (row 7).
    frameRules(ctx, { ...body, first_image: first, last_image: last }, "first_image", "last_image", references);
}
const references = ["referenceImages", "referenceVideos", "referenceAudios"];
// 5.9: duration is required here. The prompt limit is the newer 5000 (stable models); `videos_fast` is the
// older revision's id, whose text allowed 16:9 and 9:16 only.
const videos = endpoint("videos", "Videos", "video", "/v1/videos/videos", ["videos", "videos_stable", "videos_stable_fast", "videos_fast"], {
    model: model,
    prompt: nonEmpty(5000),
    duration: integer(4, 15),
    ratio: anyOf(sixRatios).optional(),
    resolution: anyOf(["720p"]).optional(),
    first_image: url.optional(),
    last_image: url.optional(),
    image: url.optional(),
    lastFrameImage: url.optional(),
    referenceImages: urls(url).optional(),
    referenceVideos: urls(url).optional(),
    referenceAudios: urls(url, { max: 3 }).optional(),
}, (body, ctx) => {
    const name = modelOf(body);
    const ratio = body.ratio === undefined ? undefined : String(body.ratio);
    if (name.startsWith("videos_stable")) {
        if (ratio !== undefined)
            perModel(ctx, "ratio", ["16:9", "9:16", "1:1"].includes(ratio), name, "16:9, 9:16 or 1:1");
        const audios = body.referenceAudios?.length ?? 0;
        perModel(ctx, "referenceAudios", audios <= 1, name, "at most 1 URL");
    }
    if (name === "videos_fast" && ratio !== undefined) {
        perModel(ctx, "ratio", wideOrTall.includes(ratio), name, "16:9 or 9:16");
    }
    if (body.first_image === undefined &&
        body.last_image === undefined &&
        given(body.image) !== given(body.lastFrameImage)) {
        reject(ctx, given(body.image) ? "lastFrameImage" : "image", "is required with the other older frame name");
    }
    legacyFrames(ctx, body, references);
});
const sd2Resolutions = ["720p", "1080p", "2k", "4k"];
const sd2Manxue = endpoint("sd2-manxue", "SD2 Manxue", "video", "/v1/sd2_manxue/videos", [
    ...sd2Resolutions.map((r) => `sd2_manxue_${r}`),
    "sd2_manxue_fast_720p",
    "sd2_manxue_fast_1080p",
    ...sd2Resolutions.map((r) => `sd2_manxue_video_${r}`),
    "sd2_manxue_video_fast_720p",
    "sd2_manxue_video_fast_1080p",
], {
    model: model,
    prompt: wire_fields_prompt,
    duration: integer(4, 15).optional(),
    ratio: anyOf(sixRatios).optional(),
    first_image: urlOrAsset.optional(),
    last_image: urlOrAsset.optional(),
    image: urlOrAsset.optional(),
    lastFrameImage: urlOrAsset.optional(),
    referenceImages: urls(urlOrAsset, { max: 9 }).optional(),
    referenceVideos: urls(urlOrAsset, { max: 3 }).optional(),
    referenceAudios: urls(urlOrAsset, { max: 3 }).optional(),
}, (body, ctx) => {
    if (given(body.referenceVideos) && !modelOf(body).startsWith("sd2_manxue_video_")) {
        reject(ctx, "referenceVideos", "needs an sd2_manxue_video_* model");
    }
    legacyFrames(ctx, body, references);
});
// 5.11: `seconds` is the string "10". `referenceImages` is named only in the note on first_image_url.
const omniFlash = endpoint("omni-flash", "Omni Flash", "video", "/v1/omni-flash/videos", ["omni-flash"], {
    model: model,
    prompt: wire_fields_prompt,
    seconds: anyOf(["10"]).optional(),
    aspect_ratio: anyOf(wideOrTall).optional(),
    resolution: anyOf(["720p"]).optional(),
    input_video: url.optional(),
    first_image_url: url.optional(),
    last_image_url: url.optional(),
    images: urls(url).optional(),
    referenceImages: urls(url).optional(),
}, (body, ctx) => frameRules(ctx, body, "first_image_url", "last_image_url", ["images", "referenceImages"]));
// 5.12: four endpoints sharing model, prompt, an upper-case-P resolution and seed.
function happyHorse(kind, modelId, fields) {
    return endpoint(`happyhorse-${kind}`, `Happy Horse ${kind === "edit" ? kind : kind.toUpperCase()}`, "video", `/v1/happyhorse-${kind}/videos`, [modelId], {
        model: model,
        prompt: nonEmpty(5000),
        resolution: anyOf(["720P", "1080P"]).optional(),
        seed: integer(0, 2147483647).optional(),
        ...fields,
    });
}
const happyRatios = anyOf(["16:9", "9:16", "1:1", "4:3", "3:4", "4:5", "5:4", "9:21", "21:9"]);
const happyHorses = [
    happyHorse("t2v", "happyhorse-1.0-t2v", {
        duration: integer(3, 15).optional(),
        ratio: happyRatios.optional(),
    }),
    happyHorse("i2v", "happyhorse-1.0-i2v", { first_image: url, duration: integer(3, 15).optional() }),
    happyHorse("r2v", "happyhorse-1.0-r2v", {
        referenceImages: urls(url, { min: 1, max: 9 }),
        duration: integer(3, 15).optional(),
        ratio: happyRatios.optional(),
    }),
    happyHorse("edit", "happyhorse-1.0-video-edit", {
        referenceVideos: urls(url, { min: 1, max: 1 }),
        referenceImages: urls(url, { max: 5 }).optional(),
        audioSetting: anyOf(["auto", "origin"]).optional(),
    }),
];
const videoEndpoints = [
    sora,
    veo,
    seedance15,
    seedance20,
    seedanceX1,
    vidu,
    grok,
    starVideos,
    videos,
    sd2Manxue,
    omniFlash,
    ...happyHorses,
];

;// CONCATENATED MODULE: ./simulator/wire-text.ts
/** The synchronous text endpoints of api-reference.md section 7, as the simulator reads them. */


// ---------------------------------------------------------------------------------------------
// Text (section 7): the upstream formats, with the options each commonly takes
// ---------------------------------------------------------------------------------------------
function withSuffixes(bases, suffixes) {
    return bases.flatMap((base) => [base, ...suffixes.map((suffix) => `${base}${suffix}`)]);
}
const messages = (roles) => schemas/* array */.YOg(schemas/* strictObject */.rej({
    role: anyOf(roles),
    content: schemas/* union */.KCZ([nonEmpty(), schemas/* array */.YOg(schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* unknown */.L5J())).min(1)], {
        error: "must be text or a list of content parts",
    }),
}), { error: (issue) => (issue.input === undefined ? "is required" : "must be a list of messages") })
    .min(1, { error: "needs at least one message" });
const unit = numberIn(0, 1);
const chat = endpoint("openai-chat", "OpenAI chat completions", "text", "/v1/chat/completions", withSuffixes(["gpt-5.4", "gpt-5.5"], ["-official", "-hc", "-fd", "-low"]), {
    model: model,
    messages: messages(["system", "developer", "user", "assistant"]),
    temperature: numberIn(0, 2).optional(),
    top_p: unit.optional(),
    max_tokens: integer(1, Number.MAX_SAFE_INTEGER).optional(),
    max_completion_tokens: integer(1, Number.MAX_SAFE_INTEGER).optional(),
    reasoning_effort: anyOf(["minimal", "low", "medium", "high"]).optional(),
    stream: wire_fields_boolean.optional(),
});
// The Anthropic format requires max_tokens and puts the system prompt beside the messages, not in them.
const claude = endpoint("claude-messages", "Claude messages", "text", "/v1/messages", withSuffixes([
    "claude-haiku-4-5",
    "claude-opus-4-5",
    "claude-opus-4-6",
    "claude-opus-4-7",
    "claude-sonnet-4-5",
    "claude-sonnet-4-6",
], ["-official", "-hc", "-fd"]), {
    model: model,
    max_tokens: integer(1, Number.MAX_SAFE_INTEGER),
    messages: messages(["user", "assistant"]),
    system: nonEmpty().optional(),
    temperature: unit.optional(),
    top_p: unit.optional(),
    top_k: integer(1, Number.MAX_SAFE_INTEGER).optional(),
    stream: wire_fields_boolean.optional(),
});
// The model is in the path (note `/v1/`, not Google's `/v1beta/`).
const gemini = endpoint("gemini", "Gemini generateContent", "text", "/v1/models/{model}:generateContent", withSuffixes([
    "gemini-2.5-flash-lite",
    "gemini-2.5-pro",
    "gemini-3-flash-preview",
    "gemini-3.1-flash-lite-preview",
    "gemini-3.1-pro-preview",
], ["-official", "-low"]), {
    contents: schemas/* array */.YOg(schemas/* strictObject */.rej({
        role: anyOf(["user", "model"]).optional(),
        parts: schemas/* array */.YOg(schemas/* strictObject */.rej({ text: nonEmpty() })).min(1, { error: "needs a part" }),
    }), { error: (issue) => (issue.input === undefined ? "is required" : "must be a list of contents") })
        .min(1, { error: "needs at least one entry" }),
    generationConfig: schemas/* strictObject */.rej({
        temperature: numberIn(0, 2).optional(),
        topP: unit.optional(),
        topK: integer(1, Number.MAX_SAFE_INTEGER).optional(),
        maxOutputTokens: integer(1, Number.MAX_SAFE_INTEGER).optional(),
    })
        .optional(),
});
const textEndpoints = [chat, claude, gemini];

;// CONCATENATED MODULE: ./simulator/wire-schemas.ts





const mediaEndpoints = [
    ...videoEndpoints,
    ...imageAudioEndpoints,
    ...modelCenterEndpoints,
];
/**
 * Why the endpoint would refuse `body`, field by field; empty when it takes it. `model` is checked
 * against the catalogue unless `acceptUnknownModels`.
 */
function bodyIssues(endpoint, body, options = {}) {
    const issues = [];
    const parsed = endpoint.body.safeParse(body);
    for (const issue of parsed.success ? [] : parsed.error.issues) {
        const at = issue.path.map(String);
        if (issue.code === "unrecognized_keys") {
            for (const key of issue.keys) {
                issues.push({
                    field: [...at, key].join("."),
                    message: `is not a field of ${endpoint.title} requests`,
                });
            }
        }
        else {
            issues.push({ field: at.join(".") || "body", message: issue.message });
        }
    }
    const sent = body.model;
    const known = issues.some((issue) => issue.field === "model") || endpoint.models.includes(String(sent));
    if (typeof sent === "string" && !known && !options.acceptUnknownModels && !endpoint.anyModel) {
        issues.unshift({
            field: "model",
            message: `unknown model "${sent}" for ${endpoint.createPath}; expected one of ${endpoint.models.join(", ")}`,
        });
    }
    return issues;
}

;// CONCATENATED MODULE: ./simulator/http.ts



const maxBodyBytes = 16 * 1024 * 1024;
function decodeSegment(segment) {
    try {
        return decodeURIComponent(segment);
    }
    catch {
        return undefined;
    }
}
/** The task id a poll path's `{id}` matches in `pathname`, decoded; undefined when it does not match. */
function pollIdOf(template, pathname) {
    const [before, after] = template.split("{id}");
    if (!pathname.startsWith(before) || !pathname.endsWith(after))
        return undefined;
    const segment = pathname.slice(before.length, pathname.length - after.length);
    if (segment === "" || segment.includes("/"))
        return undefined;
    return decodeSegment(segment);
}
function routeOf(method, pathname, table) {
    const asset = assetRouteOf(method, pathname);
    if (asset !== undefined)
        return asset;
    const text = method === "POST" ? textRouteOf(pathname, textEndpoints) : undefined;
    if (text !== undefined)
        return { name: "text", ...text };
    const family = table.creates.get(pathname);
    if (family !== undefined && method === "POST")
        return { name: "create", family };
    if (method === "GET") {
        for (const pollPath of table.polls) {
            const id = pollIdOf(pollPath, pathname);
            if (id !== undefined)
                return { name: "poll", id, pollPath };
        }
    }
    const file = /^\/files\/([^/]+)\/(.*)$/.exec(pathname);
    const fileId = file?.[1] === undefined ? undefined : decodeSegment(file[1]);
    if (fileId !== undefined && (method === "GET" || method === "HEAD")) {
        return { name: "file", id: fileId, fileName: file?.[2] ?? "" };
    }
    return { name: "other" };
}
function parseJson(raw) {
    try {
        return { ok: true, value: JSON.parse(raw) };
    }
    catch (error) {
        return { ok: false, message: error.message };
    }
}
function isObject(value) {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}
async function readBody(req) {
    const chunks = [];
    let size = 0;
    for await (const chunk of req) {
        size += chunk.length;
        if (size > maxBodyBytes)
            return "too-large";
        chunks.push(chunk);
    }
    return Buffer.concat(chunks).toString("utf8");
}
const reasonPhrases = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    408: "Request Timeout",
    409: "Conflict",
    410: "Gone",
    413: "Payload Too Large",
    422: "Unprocessable Entity",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
};

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./node_modules/zod/v4/core/core.js
var core = __webpack_require__(8532);
;// CONCATENATED MODULE: ./simulator/scenario.ts
/**
 * Scenarios: what the simulator does with time, outcomes and faults. A scenario is plain JSON, so tests,
 * the demo and benchmarks can keep theirs in files (`loadScenario`). Every field is optional; the defaults
 * below are what you get with `{}`.
 *
 * ```jsonc
 * {
 *   // Simulated ms. A task is `queued` for queuedMs, then `processing` for processingMs[kind], then terminal.
 *   // Each duration is scaled by a factor in [1 - jitter, 1 + jitter], drawn from `seed` and the task's index,
 *   // so a run is reproducible.
 *   "latency": { "queuedMs": 2000, "processingMs": { "video": 180000, "image": 8000, "audio": 15000 },
 *                "jitter": 0.2, "seed": 1 },
 *
 *   // How tasks end. The first rule whose matchers all hold decides; no rule = `completed`.
 *   // status: "completed" | "failed" | "cancelled" | "processing" ("processing" never finishes: for deadlines).
 *   // Optional per rule: error (text of a failed task), noUrl (completed without a result URL),
 *   // queuedMs / processingMs (override the latency, e.g. 0 for "fails at once"), fileBytes (as below), actualDuration,
 *   // amount (a completed result reports it, as third-party clients read it), atCreate (with status
 *   // "failed": the create's own answer says `status: "failed"` with the error, as SD2 Manxue documents for
 *   // content-policy refusals).
 *   "outcomes": [
 *     { "promptContains": "FAIL", "status": "failed", "error": "Content policy violation: the prompt was rejected." },
 *     { "model": "seedance_1_5_pro_720p", "promptContains": "CANCEL", "status": "cancelled" },
 *     { "promptContains": "NOURL", "status": "completed", "noUrl": true },
 *     { "family": "sd2-manxue", "promptContains": "POLICY", "status": "failed", "atCreate": true,
 *       "error": "Content policy violation" }
 *   ],
 *
 *   // Faults, tried in order for every request on their `route` ("create" | "poll" | "file").
 *   "faults": [
 *     { "route": "poll", "status": 429, "retryAfter": 1, "times": 2 },
 *     { "route": "poll", "kind": "reset", "times": 1 },
 *     { "route": "file", "kind": "expired", "status": 410 },
 *     { "route": "poll", "kind": "uppercase" }
 *   ],
 *
 *   // Size of each result file. Without it a result is real media built from the task (a PNG of the asked
 *   // size showing the prompt, a WAV chord, a 2 s MP4: see real-media.ts); with it, that many deterministic
 *   // pseudo-random bytes behind the kind's magic header, streamed at memory speed (for large files).
 *   "fileBytes": { "video": 200000, "image": 30000, "audio": 20000 },
 *   "urlTtlMs": 86400000,   // simulated ms after completion until the result URL answers 404
 *   "taskTtlMs": 86400000,  // optional: simulated ms after creation until polling the id answers 404 (default never)
 *   "acceptUnknownModels": false, // true: a `model` outside the family's catalogue is accepted
 *   // Model Center v2 (wire-v2.ts): "usual" answers as reference 5.16's example; "other" answers the other
 *   // shape clients tolerate: `task_id` instead of `id`, `error` as an object, `result_url` without the kind's field.
 *   "modelCenterShape": "usual",
 *   // Routes no family of the reference has, for `endpoint` tasks: created at `create`, polled at `poll`
 *   // (default: /v2/model-center/tasks/{id} under /v2/model-center/, else /v1/result/{id}), the result URL
 *   // under `resultField` (default: the kind's field). Any JSON object body and any model are taken.
 *   "routes": [{ "create": "/v9/labs/foo", "poll": "/v9/labs/foo/{id}", "kind": "video", "resultField": "output_link" }]
 *
 *   // The asset libraries (reference 6.1, 6.2): an upload is `Processing` for reviewMs (simulated), then
 *   // `Failed` with `error` when its URL contains a rule's `urlContains`, else `Active`.
 *   "assets": { "reviewMs": 2000, "fail": [{ "urlContains": "face-of-someone", "error": "Real face detected." }] }
 * }
 * ```
 *
 * Matchers (on outcomes and faults; written at the top level of the rule or inside a `match` object):
 * `promptContains` (substring of the task's prompt), `model`, `family` (the endpoint id of wire-schemas.ts), `taskIndex` (0-based
 * creation order). A fault with a matcher never fires for a request whose task is unknown.
 *
 * Fault kinds (`kind` may be left out when `status` is given, meaning "status", or when only `delayMs` is):
 * - `status` (any route): answer `status` with `body` (JSON; a string is sent as text; default
 *   `{"error": "<reason>"}`), plus `Retry-After` from `retryAfter` (seconds, or an HTTP-date string, sent
 *   verbatim and not time-scaled) and any `headers`. A create answered this way creates no task, so
 *   `{"route":"create","status":200,"body":{"code":"1001","msg":"Insufficient balance"}}` is a business error.
 * - `reset` (any): destroy the socket without an answer. On create the body is read and the task IS created
 *   first: the ambiguous case a client must not resubmit. (A connection refused before the request is sent
 *   cannot be produced by a live server; test it against a closed port.)
 * - `hang` (any): hold the request unanswered until the client gives up. On create the task is still created.
 * - `malformed` (create, poll): answer 200 with a JSON body cut in half. On create the task is created.
 * - `delay` (any): wait `delayMs`, then answer normally. `delayMs` on any other kind waits before acting.
 * - `uppercase` (create, poll): statuses in upper case (`COMPLETED`).
 * - `string-numbers` (create, poll): `created`, `actualDuration`, `totalTokens` and `amount` as strings.
 * - `truncate` (file): send the headers with the full Content-Length, half the bytes, then close the connection.
 * - `expired` (file): the result URL answers `status` (404 or 410; default 404) as if its TTL had passed.
 * - `forget` (poll): 404 `{"error":"task not found"}`, as for an id whose record has expired.
 * - `unknown-status` (poll): the status is a string the reference does not list (`in_progress`), which a
 *   client must treat as still running.
 *
 * Counting: `after` skips the first N requests that reach the fault; `times` (absent = always) caps how often it
 * fires. The first answering fault that fires handles the request, and the faults after it do not see that
 * request. `delay`, `uppercase`, `string-numbers` and `unknown-status` never stop the search: every one that
 * fires applies.
 *
 * All times are simulated ms: the server divides them by its time scale to get real time.
 * scenarios/example.json uses every section.
 */


const kindSchema = schemas/* enum */.k5n(["video", "image", "audio"]);
const nonNegativeMs = schemas/* number */.aig().min(0);
const matchFields = {
    promptContains: schemas/* string */.YjP().optional(),
    model: schemas/* string */.YjP().optional(),
    family: schemas/* string */.YjP().optional(),
    taskIndex: schemas/* number */.aig().int().min(0).optional(),
};
const matchSchema = schemas/* strictObject */.rej(matchFields);
/** Lets a rule write its matchers at the top level or inside `match`, and folds the two together. */
function withMatch(rule) {
    const { match, ...rest } = rule;
    return { ...match, ...rest };
}
const outcomeSchema = schemas/* strictObject */.rej({
    ...matchFields,
    match: matchSchema.optional(),
    status: schemas/* enum */.k5n(["completed", "failed", "cancelled", "processing"]).default("completed"),
    error: schemas/* string */.YjP().optional(),
    noUrl: schemas/* boolean */.zMY().optional(),
    queuedMs: nonNegativeMs.optional(),
    processingMs: nonNegativeMs.optional(),
    fileBytes: schemas/* number */.aig().int().min(0).optional(),
    actualDuration: schemas/* number */.aig().optional(),
    amount: schemas/* number */.aig().min(0).optional(),
    atCreate: schemas/* boolean */.zMY().optional(),
})
    .transform(withMatch);
const faultRoutes = ["create", "poll", "file"];
const faultKinds = [
    "status",
    "reset",
    "hang",
    "malformed",
    "delay",
    "uppercase",
    "string-numbers",
    "truncate",
    "expired",
    "forget",
    "unknown-status",
];
/** Kinds that change an otherwise normal answer instead of replacing it. */
const modifierKinds = new Set(["uppercase", "string-numbers", "unknown-status"]);
const routesOfKind = {
    status: faultRoutes,
    reset: faultRoutes,
    hang: faultRoutes,
    delay: faultRoutes,
    malformed: ["create", "poll"],
    uppercase: ["create", "poll"],
    "string-numbers": ["create", "poll"],
    truncate: ["file"],
    expired: ["file"],
    forget: ["poll"],
    "unknown-status": ["poll"],
};
const faultSchema = schemas/* strictObject */.rej({
    ...matchFields,
    match: matchSchema.optional(),
    route: schemas/* enum */.k5n(faultRoutes),
    kind: schemas/* enum */.k5n(faultKinds).optional(),
    status: schemas/* number */.aig().int().min(100).max(599).optional(),
    body: schemas/* unknown */.L5J().optional(),
    retryAfter: schemas/* union */.KCZ([schemas/* number */.aig().min(0), schemas/* string */.YjP().min(1)]).optional(),
    headers: schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* string */.YjP()).optional(),
    delayMs: nonNegativeMs.optional(),
    times: schemas/* number */.aig().int().min(1).optional(),
    after: schemas/* number */.aig().int().min(0).optional(),
})
    .transform((rule, ctx) => {
    const kind = rule.kind ?? (rule.status !== undefined ? "status" : rule.delayMs !== undefined ? "delay" : undefined);
    if (kind === undefined) {
        ctx.addIssue({ code: "custom", message: "a fault needs a `kind`, a `status` or a `delayMs`" });
        return core/* NEVER */.tm;
    }
    if (!routesOfKind[kind].includes(rule.route)) {
        ctx.addIssue({
            code: "custom",
            path: ["kind"],
            message: `"${kind}" applies to ${routesOfKind[kind].join("/")} requests, not "${rule.route}"`,
        });
        return core/* NEVER */.tm;
    }
    if (kind === "status" && rule.status === undefined) {
        ctx.addIssue({ code: "custom", path: ["status"], message: 'kind "status" needs a `status`' });
        return core/* NEVER */.tm;
    }
    if (kind === "expired" && rule.status !== undefined && rule.status !== 404 && rule.status !== 410) {
        ctx.addIssue({ code: "custom", path: ["status"], message: 'kind "expired" answers 404 or 410' });
        return core/* NEVER */.tm;
    }
    return { ...withMatch(rule), kind };
});
const perKindMs = (video, image, audio) => schemas/* strictObject */.rej({
    video: nonNegativeMs.default(video),
    image: nonNegativeMs.default(image),
    audio: nonNegativeMs.default(audio),
})
    .prefault({});
const scenarioSchema = schemas/* strictObject */.rej({
    latency: schemas/* strictObject */.rej({
        queuedMs: nonNegativeMs.default(2000),
        processingMs: perKindMs(180_000, 8_000, 15_000),
        jitter: schemas/* number */.aig().min(0).max(1).default(0.2),
        seed: schemas/* number */.aig().int().default(1),
    })
        .prefault({}),
    outcomes: schemas/* array */.YOg(outcomeSchema).default([]),
    faults: schemas/* array */.YOg(faultSchema).default([]),
    // A kind without a size gets real media (real-media.ts); a size asks for keystream bytes of that length.
    fileBytes: schemas/* strictObject */.rej({
        video: schemas/* number */.aig().int().min(0).optional(),
        image: schemas/* number */.aig().int().min(0).optional(),
        audio: schemas/* number */.aig().int().min(0).optional(),
    })
        .prefault({}),
    urlTtlMs: nonNegativeMs.default(86_400_000),
    taskTtlMs: nonNegativeMs.optional(),
    acceptUnknownModels: schemas/* boolean */.zMY().default(false),
    modelCenterShape: schemas/* enum */.k5n(["usual", "other"]).default("usual"),
    routes: schemas/* array */.YOg(schemas/* strictObject */.rej({
        create: schemas/* string */.YjP().regex(/^\/[^?#\s]*$/, { error: "must be a path starting with /" }),
        poll: schemas/* string */.YjP()
            .regex(/^\/[^?#\s]*\{id\}[^?#\s]*$/, { error: "must be a path with {id} in it" })
            .optional(),
        kind: kindSchema,
        resultField: schemas/* string */.YjP().min(1).optional(),
    }))
        .default([]),
    assets: schemas/* strictObject */.rej({
        reviewMs: nonNegativeMs.default(2000),
        fail: schemas/* array */.YOg(schemas/* strictObject */.rej({ urlContains: schemas/* string */.YjP().min(1), error: schemas/* string */.YjP() })).default([]),
    })
        .prefault({}),
});
function resolveScenario(scenario = {}) {
    const parsed = scenarioSchema.safeParse(scenario);
    if (!parsed.success)
        throw new Error(`invalid simulator scenario: ${describeIssues(parsed.error)}`);
    return parsed.data;
}
async function loadScenario(path) {
    let json;
    try {
        json = JSON.parse(await readFile(path, "utf8"));
    }
    catch (error) {
        throw new Error(`cannot read simulator scenario ${path}: ${error.message}`);
    }
    const parsed = scenarioSchema.safeParse(json);
    if (!parsed.success)
        throw new Error(`invalid simulator scenario ${path}: ${describeIssues(parsed.error)}`);
    return parsed.data;
}
function describeIssues(error) {
    return error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`).join("; ");
}
function matches(rule, subject) {
    const scoped = rule.promptContains !== undefined ||
        rule.model !== undefined ||
        rule.family !== undefined ||
        rule.taskIndex !== undefined;
    if (!scoped)
        return true;
    if (subject === undefined)
        return false;
    return ((rule.promptContains === undefined || subject.prompt.includes(rule.promptContains)) &&
        (rule.model === undefined || subject.model === rule.model) &&
        (rule.family === undefined || subject.familyId === rule.family) &&
        (rule.taskIndex === undefined || subject.taskIndex === rule.taskIndex));
}
function outcomeFor(outcomes, subject) {
    return outcomes.find((outcome) => matches(outcome, subject));
}
function newFaultCounters(faults) {
    return faults.map(() => ({ reached: 0, fired: 0 }));
}
/** Picks the faults for one request and counts it. Mutates `counters`. */
function selectFaults(faults, counters, route, subject) {
    const selection = { modifiers: new Set(), delayMs: 0 };
    for (const [index, fault] of faults.entries()) {
        const counter = counters[index];
        if (counter === undefined || fault.route !== route || !matches(fault, subject))
            continue;
        counter.reached += 1;
        if (counter.reached <= (fault.after ?? 0))
            continue;
        if (fault.times !== undefined && counter.fired >= fault.times)
            continue;
        counter.fired += 1;
        selection.delayMs += fault.delayMs ?? 0;
        if (modifierKinds.has(fault.kind)) {
            selection.modifiers.add(fault.kind);
            continue;
        }
        if (fault.kind === "delay")
            continue;
        selection.action = fault;
        break;
    }
    return selection;
}

;// CONCATENATED MODULE: ./simulator/tasks.ts
/**
 * Simulated tasks and the simulated clock. A task's whole life is fixed when it is created (its schedule);
 * its status at any moment is then a pure function of the simulated time since creation.
 */


const defaultFailureText = "Generation failed.";
/** A uniform number in [0, 1) from the scenario seed, the task index and a salt: reproducible jitter. */
function seededUnit(seed, index, salt) {
    const digest = (0,external_node_crypto_.createHash)("sha256").update(`${seed}:${index}:${salt}`).digest();
    return digest.readUInt32BE(0) / 2 ** 32;
}
function jittered(ms, scenario, index, salt) {
    const { jitter, seed } = scenario.latency;
    return Math.round(ms * (1 + jitter * (2 * seededUnit(seed, index, salt) - 1)));
}
/** Fixes how a new task will progress and end, from the scenario's latency and outcome rules. */
function planSchedule(scenario, subject, kind) {
    const outcome = outcomeFor(scenario.outcomes, subject);
    const queuedMs = outcome?.queuedMs ?? jittered(scenario.latency.queuedMs, scenario, subject.taskIndex, "queued");
    const processingMs = outcome?.processingMs ??
        jittered(scenario.latency.processingMs[kind], scenario, subject.taskIndex, "processing");
    const final = outcome?.status ?? "completed";
    const fileBytes = outcome?.fileBytes ?? scenario.fileBytes[kind];
    return {
        queuedMs,
        processingMs,
        final,
        error: final === "failed" ? (outcome?.error ?? defaultFailureText) : null,
        noUrl: outcome?.noUrl ?? false,
        ...(fileBytes !== undefined && { fileBytes }),
        ...(outcome?.actualDuration !== undefined && { actualDuration: outcome.actualDuration }),
        ...(outcome?.amount !== undefined && { amount: outcome.amount }),
        ...(final === "failed" && outcome?.atCreate && { failsAtCreate: true, queuedMs: 0, processingMs: 0 }),
    };
}
/** The status of a task `elapsedMs` simulated ms after its creation. */
function statusAt(schedule, elapsedMs) {
    if (elapsedMs < schedule.queuedMs)
        return "queued";
    if (schedule.final === "processing" || elapsedMs < schedule.queuedMs + schedule.processingMs) {
        return "processing";
    }
    return schedule.final;
}
/** Simulated ms after creation at which the task reached its terminal status; undefined if it never does. */
function finishedAfterMs(schedule) {
    return schedule.final === "processing" ? undefined : schedule.queuedMs + schedule.processingMs;
}
/** Whether the task has a result file to serve at all (its URL may still have expired). */
function hasResultFile(schedule) {
    return schedule.final === "completed" && !schedule.noUrl;
}
/**
 * The prompt a task is matched on: `prompt`, else the text items of `content[]` (Seedance 1.5, X1),
 * else SoundClone's `contentText`.
 */
function promptOf(body) {
    if (typeof body.prompt === "string")
        return body.prompt;
    if (Array.isArray(body.content)) {
        return body.content
            .map((item) => typeof item === "object" && item !== null && "text" in item && typeof item.text === "string"
            ? item.text
            : "")
            .filter((text) => text !== "")
            .join("\n");
    }
    return typeof body.contentText === "string" ? body.contentText : "";
}
/** The model a task reports: the body's `model`, or the family's first id for families that send none. */
function tasks_modelOf(family, body) {
    return typeof body.model === "string" ? body.model : (family.models[0] ?? family.id);
}
function createClock(timeScale, realNow = () => performance.now()) {
    if (!(timeScale > 0) || !Number.isFinite(timeScale))
        throw new Error(`timeScale must be > 0, got ${timeScale}`);
    const start = realNow();
    return {
        nowSimMs: () => (realNow() - start) * timeScale,
        realMsFor: (simMs) => simMs / timeScale,
    };
}

;// CONCATENATED MODULE: ./simulator/wire.ts
/**
 * What the simulator sends: task ids, create responses (Shape A and B, api-reference section 3) and poll
 * results (section 2.3), including the per-family quirks a request schema has no reason to hold
 * (`object` values, id styles, Vidu's and Seedance 2.0's `totalTokens`, VEO's fixed 8 s).
 */



const hex = (length) => (0,external_node_crypto_.randomBytes)(Math.ceil(length / 2))
    .toString("hex")
    .slice(0, length);
const digits = (length) => Array.from({ length }, (_, index) => String((0,external_node_crypto_.randomInt)(index === 0 ? 1 : 0, 10))).join("");
const quirksByPath = {
    "/v1/sora/videos": {
        createObject: "video.generation",
        resultObject: "video.generation",
        newId: () => `sora_${hex(12)}`,
    },
    "/v1/veo/videos": { newId: () => `vgen_${hex(12)}`, fixedDuration: 8 },
    "/v1/vidu/videos": { resultObject: "Video", reportsTokens: true },
    "/v1/kyyvideo2/videos": { reportsTokens: true },
    "/v1/starvideos/videos": { newId: () => `video_starvideos_${digits(10)}`, defaultDuration: 3 },
    "/v1/videos/videos": { legacyShapeB: true },
    "/v1/sd2_manxue/videos": { legacyShapeB: true, projectPrefix: "proj_sd2manxue_" },
    "/v1/omni-flash/videos": { defaultDuration: 10 },
    "/v1/banana/images": { newId: () => hex(12) },
    "/v1/image2/images": { newId: () => `image_${(0,external_node_crypto_.randomUUID)()}` },
    "/v1/soundCloning/clones": { clonesVoice: true },
    // The id style of 5.16's example.
    "/v2/model-center/tasks": { newId: () => `mcp_${hex(12)}` },
};
const quirksByKind = {
    video: { createObject: "video", resultObject: "video", newId: () => `video_${(0,external_node_crypto_.randomUUID)()}` },
    image: { createObject: "image", resultObject: "image.generation", newId: () => `img_${hex(12)}` },
    audio: { createObject: "audio", resultObject: "audio", newId: () => `audio_${hex(12)}` },
};
function quirksOf(family) {
    return { ...quirksByKind[mediaKindOf(family)], ...quirksByPath[family.createPath] };
}
function answersShapeB(family, shape) {
    return shape === "B" || (shape === "B-legacy-families" && quirksOf(family).legacyShapeB === true);
}
function newTaskId(family, shapeB) {
    const quirks = quirksOf(family);
    return shapeB ? `${quirks.projectPrefix ?? "proj_"}${digits(10)}` : quirks.newId();
}
const unixSeconds = (epochMs) => Math.floor(epochMs / 1000);
function createResponse(task, shapeB, modifiers) {
    if (shapeB)
        return { code: "0", msg: null, data: { projectId: task.id } };
    const created = unixSeconds(task.createdAt);
    const status = task.schedule.failsAtCreate ? "failed" : "queued";
    return {
        id: task.id,
        object: quirksOf(task.family).createObject,
        created: modifiers.has("string-numbers") ? String(created) : created,
        model: task.model,
        status: modifiers.has("uppercase") ? status.toUpperCase() : status,
        error: task.schedule.failsAtCreate ? task.schedule.error : null,
    };
}
/** Output length in seconds: the requested one, the family's fixed or default one, or 4–12 for "auto" (-1). */
function actualDurationOf(task) {
    if (task.schedule.actualDuration !== undefined)
        return task.schedule.actualDuration;
    const quirks = quirksOf(task.family);
    if (quirks.fixedDuration !== undefined)
        return quirks.fixedDuration;
    const requested = Number(task.body.duration ?? task.body.seconds);
    if (requested === -1)
        return 4 + Math.floor(seededUnit(0, task.index, task.id) * 9);
    if (Number.isFinite(requested) && requested > 0)
        return requested;
    return quirks.defaultDuration ?? 5;
}
/** SoundClone speech asked for subtitles: its result carries `subtitleFile` (reference 5.15). */
function wantsSubtitles(task) {
    return task.family.kind === "audio" && task.body.subtitleEnable === true;
}
/** The status an `unknown-status` fault sends: not one of the reference's, so a client keeps polling. */
const unknownStatusText = "in_progress";
function pollResult(task, status, urls, modifiers) {
    const quirks = quirksOf(task.family);
    const completed = status === "completed";
    const asNumber = (value) => (modifiers.has("string-numbers") ? String(value) : value);
    const result = {
        id: task.id,
        object: quirks.resultObject,
        created: asNumber(unixSeconds(task.createdAt)),
        model: task.model,
        status: modifiers.has("unknown-status")
            ? unknownStatusText
            : modifiers.has("uppercase")
                ? status.toUpperCase()
                : status,
    };
    if (task.family.kind === "video") {
        result.video_url = urls.file;
        if (completed) {
            const seconds = actualDurationOf(task);
            result.actualDuration = asNumber(seconds);
            if (quirks.reportsTokens)
                result.totalTokens = asNumber(Math.round(seconds * 1250));
        }
    }
    else if (task.family.kind === "image") {
        result.image_url = urls.file;
    }
    else {
        result.audioUrl = urls.file;
        result.modelId = quirks.clonesVoice
            ? completed
                ? `voice_${task.id.replace(/^audio_/, "")}`
                : null
            : (task.body.modelId ?? null);
        result.subtitleFile = urls.subtitle;
    }
    if (completed && task.schedule.amount !== undefined)
        result.amount = asNumber(task.schedule.amount);
    result.error = status === "failed" ? task.schedule.error : null;
    return result;
}

;// CONCATENATED MODULE: ./simulator/api-routes.ts






async function handleCreate(ctx, req, res, record, route, json) {
    if (!ctx.authorized(req))
        return ctx.send(res, record, 401, { error: "invalid api key" });
    if (!json.ok)
        return ctx.send(res, record, 400, { error: `invalid JSON body: ${json.message}` });
    if (!isObject(json.value))
        return ctx.send(res, record, 400, { error: "body: expected a JSON object" });
    const body = json.value;
    const family = route.forModel?.(typeof body.model === "string" ? body.model : "") ?? route;
    const subject = {
        prompt: promptOf(body),
        model: tasks_modelOf(family, body),
        familyId: family.id,
        taskIndex: ctx.tasks.size,
    };
    const faults = ctx.select("create", subject);
    await ctx.sleep(faults.delayMs);
    if (faults.action?.kind === "status") {
        ctx.answerWithFault(req, res, record, faults.action);
        return;
    }
    const problem = validationProblem(ctx, family, body);
    if (problem !== undefined) {
        if (ctx.answerWithFault(req, res, record, faults.action))
            return;
        return ctx.send(res, record, 400, problem);
    }
    // Another create may have landed during a fault's delay: the index is the creation order.
    subject.taskIndex = ctx.tasks.size;
    // Shape B is the older v1 revision's; v2 and scenario routes have their own.
    const shapeB = (family.dialect ?? "v1") === "v1" && answersShapeB(family, ctx.shape);
    let id = newTaskId(family, shapeB);
    while (ctx.tasks.has(id))
        id = newTaskId(family, shapeB);
    const task = {
        id,
        index: subject.taskIndex,
        family,
        model: subject.model,
        prompt: subject.prompt,
        body,
        createdAt: Date.now(),
        createdSimMs: ctx.clock.nowSimMs(),
        schedule: planSchedule(ctx.scenario, subject, mediaKindOf(family)),
    };
    ctx.tasks.set(id, task);
    record.taskId = id;
    if (ctx.answerWithFault(req, res, record, faults.action))
        return;
    const v1Answer = createResponse(task, shapeB, faults.modifiers);
    const answer = family.dialect === "model-center"
        ? modelCenterCreateAnswer(v1Answer, ctx.scenario.modelCenterShape)
        : v1Answer;
    if (faults.action?.kind === "malformed")
        return ctx.sendMalformed(res, record, answer);
    ctx.send(res, record, 200, answer);
}
/** A text completion answers in the same request; faults of the "create" route apply to it too. */
async function handleText(ctx, req, res, record, route, json) {
    if (!ctx.authorized(req))
        return ctx.send(res, record, 401, { error: "invalid api key" });
    if (!json.ok)
        return ctx.send(res, record, 400, { error: `invalid JSON body: ${json.message}` });
    if (!isObject(json.value))
        return ctx.send(res, record, 400, { error: "body: expected a JSON object" });
    const body = json.value;
    const model = route.pathModel ?? (typeof body.model === "string" ? body.model : "");
    const prompt = promptOfText(body);
    const faults = ctx.select("create", {
        prompt,
        model,
        familyId: route.family.id,
        taskIndex: ctx.tasks.size,
    });
    await ctx.sleep(faults.delayMs);
    if (faults.action?.kind === "status") {
        ctx.answerWithFault(req, res, record, faults.action);
        return;
    }
    const problem = route.pathModel !== undefined && !route.family.models.includes(route.pathModel)
        ? {
            error: `model: unknown model "${route.pathModel}"; expected one of ${route.family.models.join(", ")}`,
        }
        : validationProblem(ctx, route.family, body);
    if (problem !== undefined)
        return ctx.send(res, record, 400, problem);
    record.taskId = `text_${ctx.requests.indexOf(record)}`;
    if (ctx.answerWithFault(req, res, record, faults.action))
        return;
    ctx.send(res, record, 200, textResponse(route.family, model, prompt));
}
/** The 400 body for a request the endpoint refuses: every problem, each naming its field. */
function validationProblem(ctx, family, body) {
    const issues = bodyIssues(family, body, { acceptUnknownModels: ctx.scenario.acceptUnknownModels });
    if (issues.length === 0)
        return undefined;
    return { error: issues.map((issue) => `${issue.field}: ${issue.message}`).join("; "), issues };
}
async function handlePoll(ctx, req, res, record, id, pollPath) {
    if (!ctx.authorized(req))
        return ctx.send(res, record, 401, { error: "invalid api key" });
    // A task is found only at its own family's poll route: a client polling v2 tasks at /v1/result gets 404.
    const found = ctx.liveTask(id);
    const task = found !== undefined && pollPathOf(found.family) === pollPath ? found : undefined;
    if (task !== undefined)
        record.taskId = task.id;
    const faults = ctx.select("poll", task && ctx.subjectOf(task));
    await ctx.sleep(faults.delayMs);
    if (ctx.answerWithFault(req, res, record, faults.action))
        return;
    if (faults.action?.kind === "forget") {
        record.fault = "forget";
        return ctx.notFound(res, record, "task");
    }
    if (task === undefined)
        return ctx.notFound(res, record, "task");
    const status = statusAt(task.schedule, ctx.elapsedMs(task));
    const withFile = status === "completed" && hasResultFile(task.schedule);
    const urls = {
        file: withFile ? `${ctx.baseUrl}${ctx.filePath(task)}` : null,
        subtitle: withFile && wantsSubtitles(task)
            ? `${ctx.baseUrl}/files/${encodeURIComponent(task.id)}/subtitle.srt`
            : null,
    };
    const v1Answer = pollResult(task, status, urls, faults.modifiers);
    const answer = dialectOf(task, v1Answer, status, urls.file, ctx.scenario.modelCenterShape);
    if (faults.action?.kind === "malformed")
        return ctx.sendMalformed(res, record, answer);
    ctx.send(res, record, 200, answer);
}
/** A v1 poll answer rewritten in the dialect of the task's endpoint. */
function dialectOf(task, answer, status, fileUrl, modelCenterShape) {
    const kind = mediaKindOf(task.family);
    if (task.family.dialect === "model-center") {
        return modelCenterPollAnswer(answer, kind, status, fileUrl, modelCenterShape);
    }
    if (task.family.dialect === "route")
        return routePollAnswer(answer, kind, fileUrl, task.family.resultField);
    return answer;
}

;// CONCATENATED MODULE: ./simulator/assets.ts

const httpUrl = schemas/* string */.YjP().refine((value) => /^https?:\/\/[^\s/]+/i.test(value), "must be an http(s) URL");
const seedance2UploadBody = schemas/* strictObject */.rej({
    assetType: schemas/* enum */.k5n(["Image", "Video", "Audio", "Document"]),
    url: httpUrl,
    name: schemas/* string */.YjP().min(1),
});
const sd2UploadBody = schemas/* strictObject */.rej({
    imageUrls: schemas/* array */.YOg(httpUrl).optional(),
    videoUrls: schemas/* array */.YOg(httpUrl).optional(),
    audioUrls: schemas/* array */.YOg(httpUrl).optional(),
})
    .refine((b) => (b.imageUrls?.length ?? 0) + (b.videoUrls?.length ?? 0) + (b.audioUrls?.length ?? 0) > 0, {
    message: "at least one of imageUrls, videoUrls, audioUrls must be non-empty",
});
const sd2StatusBody = schemas/* strictObject */.rej({ assetIds: schemas/* array */.YOg(schemas/* string */.YjP().min(1)).min(1) });
function handleAsset(ctx, req, res, record, route, json) {
    const sd2 = route.action.startsWith("sd2");
    const code = (value) => (sd2 ? String(value) : value);
    const refuse = (status, msg) => ctx.send(res, record, status, { code: code(status), msg, data: null });
    if (!ctx.authorized(req))
        return refuse(401, "invalid api key");
    const ok = (data) => ctx.send(res, record, 200, { code: code(0), msg: null, data });
    if (route.action === "seedance2-detail") {
        const asset = ctx.assets.get(route.id);
        if (asset === undefined || asset.library !== "seedance2")
            return refuse(404, "asset not found");
        const { status, error } = reviewOf(ctx, asset);
        return ok({
            name: asset.name,
            assetId: asset.id,
            status,
            assetType: asset.assetType,
            url: asset.url,
            createTime: "2026-03-30 14:21:58",
            ...(error !== undefined && { errorMessage: error }),
        });
    }
    if (!json.ok)
        return refuse(400, `invalid JSON body: ${json.message}`);
    if (route.action === "seedance2-upload") {
        const body = seedance2UploadBody.safeParse(json.value);
        if (!body.success)
            return refuse(400, issues(body.error));
        const asset = newAsset(ctx, "seedance2", body.data.assetType, body.data.url, body.data.name);
        record.taskId = asset.id;
        return ok({ assetId: asset.id });
    }
    if (route.action === "sd2-upload") {
        const body = sd2UploadBody.safeParse(json.value);
        if (!body.success)
            return refuse(400, issues(body.error));
        const lists = [
            ["Image", body.data.imageUrls],
            ["Video", body.data.videoUrls],
            ["Audio", body.data.audioUrls],
        ];
        const items = lists.flatMap(([type, urls]) => (urls ?? []).map((url) => {
            const asset = newAsset(ctx, "sd2-manxue", type, url, url);
            return { assetType: type, originalUrl: url, assetId: asset.id, status: "submitted" };
        }));
        record.taskId = items.map((item) => item.assetId).join(",");
        return ok({ items });
    }
    const body = sd2StatusBody.safeParse(json.value);
    if (!body.success)
        return refuse(400, issues(body.error));
    const items = [];
    const failedItems = [];
    for (const id of body.data.assetIds) {
        const asset = ctx.assets.get(id);
        if (asset === undefined || asset.library !== "sd2-manxue") {
            failedItems.push({ assetId: id, errorMessage: "asset not found" });
            continue;
        }
        const { status, error } = reviewOf(ctx, asset);
        if (status === "Failed")
            failedItems.push({ assetId: id, errorMessage: error ?? "review failed" });
        else
            items.push({ assetId: id, status });
    }
    return ok({ items, failedItems });
}
function newAsset(ctx, library, assetType, url, name) {
    const prefix = library === "seedance2" ? "asset-" : `asset_${assetType.toLowerCase()}_`;
    const asset = {
        id: `${prefix}${String(ctx.assets.size + 1).padStart(4, "0")}`,
        library,
        assetType,
        url,
        name,
        uploadedSimMs: ctx.nowSimMs(),
    };
    ctx.assets.set(asset.id, asset);
    return asset;
}
/** Processing until the review time has passed, then Failed for a URL a `fail` rule names, else Active. */
function reviewOf(ctx, asset) {
    const { reviewMs, fail } = ctx.scenario.assets;
    if (ctx.nowSimMs() - asset.uploadedSimMs < reviewMs)
        return { status: "Processing" };
    const rule = fail.find((r) => asset.url.includes(r.urlContains));
    return rule ? { status: "Failed", error: rule.error } : { status: "Active" };
}
function issues(error) {
    return error.issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`).join("; ");
}

// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(6466);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
;// CONCATENATED MODULE: ./simulator/media.ts
/**
 * Deterministic result files, of two sorts. By default a file is real media built from the task
 * (real-media.ts): a PNG, WAV or MP4 that opens in a viewer or player. When a scenario sets `fileBytes`, the
 * bytes are instead an AES-128-CTR keystream keyed by the task id, with a plausible magic header laid over the
 * start: CTR mode gives random access (a Range request starts the keystream at any block) and runs at memory
 * speed, so files of hundreds of MB stream without being built. Either way the same task always yields the
 * same bytes and sha256.
 */



function isReal(file) {
    return "content" in file;
}
const realTypes = {
    video: ["video/mp4", "mp4"],
    image: ["image/png", "png"],
    audio: ["audio/wav", "wav"],
};
function realFile(kind, content) {
    const [contentType, extension] = realTypes[kind];
    return { kind, bytes: content.length, content, contentType, extension };
}
const contentTypes = {
    video: "video/mp4",
    image: "image/png",
    audio: "audio/mpeg",
};
const extensions = { video: "mp4", image: "png", audio: "mp3" };
function contentTypeOf(file) {
    return isReal(file) ? file.contentType : contentTypes[file.kind];
}
/** The last segment of a result URL: only decorative, the file route ignores it. */
function fileNameOf(file) {
    return `result.${isReal(file) ? file.extension : extensions[file.kind]}`;
}
function pngHeader() {
    const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(1024, 0); // width
    ihdr.writeUInt32BE(1024, 4); // height
    ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, deflate, no filter, no interlace
    const type = Buffer.from("IHDR", "latin1");
    const length = Buffer.alloc(4);
    length.writeUInt32BE(ihdr.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE((0,external_node_zlib_.crc32)(Buffer.concat([type, ihdr])));
    return Buffer.concat([signature, length, type, ihdr, crc]);
}
function mp4Header() {
    const box = Buffer.alloc(32);
    box.writeUInt32BE(32, 0);
    box.write("ftypisom", 4, "latin1");
    box.writeUInt32BE(0x200, 12); // minor version
    box.write("isomiso2avc1mp41", 16, "latin1");
    return box;
}
function mp3Header() {
    // An empty ID3v2.4 tag, then the sync word of an MPEG-1 Layer III frame (128 kbit/s, 44.1 kHz).
    return Buffer.from([0x49, 0x44, 0x33, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xfb, 0x90, 0x64]);
}
const headers = { video: mp4Header(), image: pngHeader(), audio: mp3Header() };
function magicHeaderOf(kind) {
    return headers[kind];
}
const chunkBytes = 64 * 1024;
const zeros = Buffer.alloc(chunkBytes);
/** A keystream positioned at byte `offset` of the file. */
function keystreamAt(seed, offset) {
    const key = (0,external_node_crypto_.createHash)("sha256").update(`genmedia-simulator:${seed}`).digest().subarray(0, 16);
    const iv = Buffer.alloc(16);
    iv.writeBigUInt64BE(BigInt(Math.floor(offset / 16)), 8);
    const cipher = (0,external_node_crypto_.createCipheriv)("aes-128-ctr", key, iv);
    cipher.update(zeros.subarray(0, offset % 16));
    return cipher;
}
/** Bytes [position, position + length) of the file, produced by `cipher` positioned at `position`. */
function nextChunk(file, cipher, position, length) {
    const chunk = cipher.update(zeros.subarray(0, length));
    const header = headers[file.kind];
    if (position < header.length) {
        header.copy(chunk, 0, position, Math.min(header.length, position + length));
    }
    return chunk;
}
/** Streams bytes `start..end` (inclusive) of the file, 64 KiB at a time, honouring back-pressure. */
function mediaStream(file, start = 0, end = file.bytes - 1) {
    if (isReal(file))
        return external_node_stream_.Readable.from([file.content.subarray(start, end + 1)]);
    const cipher = keystreamAt(file.seed, start);
    let position = start;
    return new external_node_stream_.Readable({
        read() {
            if (position > end) {
                this.push(null);
                return;
            }
            const length = Math.min(chunkBytes, end - position + 1);
            const chunk = nextChunk(file, cipher, position, length);
            position += length;
            this.push(chunk);
        },
    });
}
/** The whole file in memory: for tests and small files only. */
function mediaBytes(file) {
    if (isReal(file))
        return file.content;
    const cipher = keystreamAt(file.seed, 0);
    const parts = [];
    for (let position = 0; position < file.bytes; position += chunkBytes) {
        parts.push(nextChunk(file, cipher, position, Math.min(chunkBytes, file.bytes - position)));
    }
    return Buffer.concat(parts, file.bytes);
}
/** The sha256 (hex) of the file, computed without holding it in memory. */
function mediaSha256(file) {
    if (isReal(file))
        return (0,external_node_crypto_.createHash)("sha256").update(file.content).digest("hex");
    const cipher = keystreamAt(file.seed, 0);
    const hash = (0,external_node_crypto_.createHash)("sha256");
    for (let position = 0; position < file.bytes; position += chunkBytes) {
        hash.update(nextChunk(file, cipher, position, Math.min(chunkBytes, file.bytes - position)));
    }
    return hash.digest("hex");
}
/**
 * Parses a `Range` header for a file of `size` bytes. Returns undefined when the whole file should be sent
 * (no header, another unit, several ranges or a malformed value: RFC 9110 lets a server ignore those).
 */
function parseRange(header, size) {
    const match = header === undefined ? null : /^bytes=(\d*)-(\d*)$/.exec(header.trim());
    if (match === null)
        return undefined;
    const [, first = "", last = ""] = match;
    if (first === "" && last === "")
        return undefined;
    if (first === "") {
        const suffix = Number(last);
        if (suffix === 0 || size === 0)
            return "unsatisfiable";
        return { start: Math.max(0, size - suffix), end: size - 1 };
    }
    const start = Number(first);
    if (last !== "" && Number(last) < start)
        return undefined;
    if (start >= size)
        return "unsatisfiable";
    return { start, end: last === "" ? size - 1 : Math.min(Number(last), size - 1) };
}
/** A small SubRip file for SoundClone's `subtitleFile`. */
function subtitleText(text) {
    const line = text.replace(/<#[\d.]+#>/g, " ").trim() || "…";
    return `1\n00:00:00,000 --> 00:00:05,000\n${line}\n`;
}

;// CONCATENATED MODULE: ./simulator/file-route.ts




async function serveFile(ctx, req, res, record, id, fileName) {
    // Result URLs are public CDN links: clients must not send the key there. Recorded, and logged loudly.
    if (req.headers.authorization !== undefined) {
        ctx.log(`WARNING: ${req.method} ${record.path} carries an Authorization header (the key must not leave the API)`);
    }
    const task = ctx.liveTask(id);
    if (task !== undefined)
        record.taskId = task.id;
    const faults = ctx.select("file", task && ctx.subjectOf(task));
    await ctx.sleep(faults.delayMs);
    if (ctx.answerWithFault(req, res, record, faults.action))
        return;
    if (task === undefined ||
        !hasResultFile(task.schedule) ||
        statusAt(task.schedule, ctx.elapsedMs(task)) !== "completed") {
        return ctx.notFound(res, record, "file");
    }
    if (faults.action?.kind === "expired" || ctx.urlExpired(task)) {
        if (faults.action?.kind === "expired")
            record.fault = "expired";
        return ctx.send(res, record, faults.action?.status ?? 404, { error: "url expired" });
    }
    if (fileName.endsWith(".srt")) {
        if (!wantsSubtitles(task))
            return ctx.notFound(res, record, "file");
        const text = subtitleText(task.prompt);
        record.status = 200;
        // As object stores commonly serve .srt: plain text, the format told only by the name.
        res.writeHead(200, {
            "Content-Type": "text/plain; charset=utf-8",
            "Content-Length": String(Buffer.byteLength(text)),
        });
        res.end(req.method === "HEAD" ? undefined : text);
        return;
    }
    const file = ctx.fileOf(task);
    const range = parseRange(req.headers.range, file.bytes);
    if (range === "unsatisfiable") {
        return ctx.send(res, record, 416, { error: "range not satisfiable" }, { "Content-Range": `bytes */${file.bytes}` });
    }
    const start = range?.start ?? 0;
    const end = range?.end ?? file.bytes - 1;
    const length = end - start + 1;
    const headers = {
        "Content-Type": contentTypeOf(file),
        "Content-Length": String(length),
        "Accept-Ranges": "bytes",
    };
    if (range !== undefined)
        headers["Content-Range"] = `bytes ${start}-${end}/${file.bytes}`;
    record.status = range === undefined ? 200 : 206;
    res.writeHead(record.status, headers);
    if (req.method === "HEAD" || length <= 0) {
        res.end();
        return;
    }
    if (faults.action?.kind === "truncate") {
        record.fault = "truncate";
        const half = Math.floor(length / 2);
        res.flushHeaders();
        if (half > 0) {
            const partial = mediaStream(file, start, start + half - 1);
            partial.pipe(res, { end: false });
            await new Promise((resolve) => partial.once("end", resolve).once("error", resolve));
        }
        // Ending the socket (not destroying it) lets the bytes already written leave first.
        res.socket?.end();
        return;
    }
    await (0,external_node_stream_promises_.pipeline)(mediaStream(file, start, end), res).catch(() => {
        // The client went away mid-download: nothing to answer.
    });
}

;// CONCATENATED MODULE: ./simulator/mp4.ts
/**
 * A video that plays, without a codec library: H.264 Constrained Baseline whose every macroblock is I_PCM (the
 * raw samples, no prediction and no transform), in an MP4 (ISO BMFF) file. Nothing is compressed, so the
 * frames must stay small; the bitstream is still standard and any player decodes it.
 * (H.264 = ITU-T Rec. H.264 §7.3; MP4 = ISO/IEC 14496-12 and 14496-15 for `avcC`.)
 */
/** Writes bits most significant first, with Exp-Golomb codes (H.264 §9.1). */
class BitWriter {
    bytes = [];
    current = 0;
    used = 0;
    bits(value, count) {
        for (let i = count - 1; i >= 0; i--) {
            this.current = (this.current << 1) | ((value >>> i) & 1);
            this.used++;
            if (this.used === 8) {
                this.bytes.push(this.current);
                this.current = 0;
                this.used = 0;
            }
        }
    }
    /** ue(v) */
    ue(value) {
        const code = value + 1;
        const length = 32 - Math.clz32(code);
        this.bits(0, length - 1);
        this.bits(code, length);
    }
    /** se(v) */
    se(value) {
        this.ue(value <= 0 ? -2 * value : 2 * value - 1);
    }
    get aligned() {
        return this.used === 0;
    }
    /** Whole bytes, written straight (the writer must be aligned). */
    bytesAligned(data) {
        if (!this.aligned)
            throw new Error("BitWriter: not byte-aligned");
        for (const byte of data)
            this.bytes.push(byte);
    }
    /** rbsp_trailing_bits: a stop bit, then zeros to the byte boundary. */
    trailing() {
        this.bits(1, 1);
        while (!this.aligned)
            this.bits(0, 1);
        return Uint8Array.from(this.bytes);
    }
}
/** A NAL unit: its header byte, then the payload with emulation prevention (§7.4.1). */
function nalUnit(refIdc, type, rbsp) {
    const out = [(refIdc << 5) | type];
    let zeros = 0;
    for (const byte of rbsp) {
        if (zeros >= 2 && byte <= 3) {
            out.push(3);
            zeros = 0;
        }
        out.push(byte);
        zeros = byte === 0 ? zeros + 1 : 0;
    }
    return Buffer.from(out);
}
const profileIdc = 66; // Baseline
const constraintFlags = 0xc0; // constraint_set0 and set1: Constrained Baseline
const levelIdc = 30; // 3.0: room for the bit rate of uncompressed macroblocks
const log2MaxFrameNum = 8;
function codedSize({ width, height }) {
    if (width % 2 !== 0 || height % 2 !== 0 || width <= 0 || height <= 0) {
        throw new Error(`encodeMp4: ${width}×${height} must be even and positive`);
    }
    return { mbWidth: Math.ceil(width / 16), mbHeight: Math.ceil(height / 16) };
}
function sequenceParameterSet(format) {
    const { mbWidth, mbHeight } = codedSize(format);
    const w = new BitWriter();
    w.bits(profileIdc, 8);
    w.bits(constraintFlags, 8);
    w.bits(levelIdc, 8);
    w.ue(0); // seq_parameter_set_id
    w.ue(log2MaxFrameNum - 4);
    w.ue(2); // pic_order_cnt_type 2: output order is decoding order
    w.ue(1); // max_num_ref_frames
    w.bits(0, 1); // gaps_in_frame_num_value_allowed_flag
    w.ue(mbWidth - 1);
    w.ue(mbHeight - 1);
    w.bits(1, 1); // frame_mbs_only_flag
    w.bits(1, 1); // direct_8x8_inference_flag
    // The coded picture is whole macroblocks; cropping (in 2-pixel units for 4:2:0) gives the asked size.
    const cropRight = (mbWidth * 16 - format.width) / 2;
    const cropBottom = (mbHeight * 16 - format.height) / 2;
    const cropped = cropRight > 0 || cropBottom > 0;
    w.bits(cropped ? 1 : 0, 1);
    if (cropped) {
        w.ue(0);
        w.ue(cropRight);
        w.ue(0);
        w.ue(cropBottom);
    }
    w.bits(0, 1); // vui_parameters_present_flag: the MP4 carries the timing
    return nalUnit(3, 7, w.trailing());
}
function pictureParameterSet() {
    const w = new BitWriter();
    w.ue(0); // pic_parameter_set_id
    w.ue(0); // seq_parameter_set_id
    w.bits(0, 1); // entropy_coding_mode_flag: CAVLC
    w.bits(0, 1); // bottom_field_pic_order_in_frame_present_flag
    w.ue(0); // num_slice_groups_minus1
    w.ue(0); // num_ref_idx_l0_default_active_minus1
    w.ue(0); // num_ref_idx_l1_default_active_minus1
    w.bits(0, 1); // weighted_pred_flag
    w.bits(0, 2); // weighted_bipred_idc
    w.se(0); // pic_init_qp_minus26
    w.se(0); // pic_init_qs_minus26
    w.se(0); // chroma_qp_index_offset
    w.bits(1, 1); // deblocking_filter_control_present_flag: lets the slices switch the filter off
    w.bits(0, 1); // constrained_intra_pred_flag
    w.bits(0, 1); // redundant_pic_cnt_present_flag
    return nalUnit(3, 8, w.trailing());
}
const iPcm = 25; // mb_type of I_PCM in an I slice
/** One frame as a single I slice: an IDR for the first frame, a reference I picture after it. */
function slice(format, frame, index) {
    const { mbWidth, mbHeight } = codedSize(format);
    const idr = index === 0;
    const w = new BitWriter();
    w.ue(0); // first_mb_in_slice
    w.ue(7); // slice_type: I, as are all slices of the picture
    w.ue(0); // pic_parameter_set_id
    w.bits(index % (1 << log2MaxFrameNum), log2MaxFrameNum); // frame_num
    if (idr)
        w.ue(0); // idr_pic_id
    if (idr) {
        w.bits(0, 1); // no_output_of_prior_pics_flag
        w.bits(0, 1); // long_term_reference_flag
    }
    else {
        w.bits(0, 1); // adaptive_ref_pic_marking_mode_flag
    }
    w.se(0); // slice_qp_delta
    w.ue(1); // disable_deblocking_filter_idc: I_PCM samples are final
    const luma = new Uint8Array(256);
    const cb = new Uint8Array(64);
    const cr = new Uint8Array(64);
    for (let mbY = 0; mbY < mbHeight; mbY++) {
        for (let mbX = 0; mbX < mbWidth; mbX++) {
            w.ue(iPcm);
            while (!w.aligned)
                w.bits(0, 1); // pcm_alignment_zero_bit
            for (let y = 0; y < 16; y++) {
                for (let x = 0; x < 16; x++)
                    luma[y * 16 + x] = frame.lumaAt(mbX * 16 + x, mbY * 16 + y);
            }
            for (let y = 0; y < 8; y++) {
                for (let x = 0; x < 8; x++) {
                    const [u, v] = frame.chromaAt(mbX * 8 + x, mbY * 8 + y);
                    cb[y * 8 + x] = u;
                    cr[y * 8 + x] = v;
                }
            }
            w.bytesAligned(luma);
            w.bytesAligned(cb);
            w.bytesAligned(cr);
        }
    }
    return nalUnit(idr ? 3 : 2, idr ? 5 : 1, w.trailing());
}
/** A 4:2:0 frame converted from RGB (BT.601, studio range); samples outside the picture repeat its edge. */
class YuvFrame {
    y;
    u;
    v;
    chromaWidth;
    width;
    height;
    constructor(width, height, rgb) {
        this.width = width;
        this.height = height;
        this.y = new Uint8Array(width * height);
        this.chromaWidth = width / 2;
        this.u = new Uint8Array((width / 2) * (height / 2));
        this.v = new Uint8Array((width / 2) * (height / 2));
        const clamp = (value) => Math.min(240, Math.max(16, Math.round(value)));
        for (let i = 0; i < width * height; i++) {
            const r = rgb[i * 3] ?? 0;
            const g = rgb[i * 3 + 1] ?? 0;
            const b = rgb[i * 3 + 2] ?? 0;
            this.y[i] = Math.min(235, clamp(16 + 0.257 * r + 0.504 * g + 0.098 * b));
        }
        for (let cy = 0; cy < height / 2; cy++) {
            for (let cx = 0; cx < width / 2; cx++) {
                let r = 0;
                let g = 0;
                let b = 0;
                for (const [dx, dy] of [
                    [0, 0],
                    [1, 0],
                    [0, 1],
                    [1, 1],
                ]) {
                    const at = ((cy * 2 + dy) * width + cx * 2 + dx) * 3;
                    r += (rgb[at] ?? 0) / 4;
                    g += (rgb[at + 1] ?? 0) / 4;
                    b += (rgb[at + 2] ?? 0) / 4;
                }
                this.u[cy * this.chromaWidth + cx] = clamp(128 - 0.148 * r - 0.291 * g + 0.439 * b);
                this.v[cy * this.chromaWidth + cx] = clamp(128 + 0.439 * r - 0.368 * g - 0.071 * b);
            }
        }
    }
    lumaAt(x, y) {
        return this.y[Math.min(y, this.height - 1) * this.width + Math.min(x, this.width - 1)] ?? 16;
    }
    chromaAt(x, y) {
        const at = Math.min(y, this.height / 2 - 1) * this.chromaWidth + Math.min(x, this.chromaWidth - 1);
        return [this.u[at] ?? 128, this.v[at] ?? 128];
    }
}
// ---------------------------------------------------------------------------------------------
// MP4
// ---------------------------------------------------------------------------------------------
function box(type, ...parts) {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(8 + parts.reduce((sum, part) => sum + part.length, 0), 0);
    head.write(type, 4, "latin1");
    return Buffer.concat([head, ...parts]);
}
function fullBox(type, version, flags, ...parts) {
    const head = Buffer.alloc(4);
    head.writeUInt32BE(((version << 24) | flags) >>> 0, 0);
    return box(type, head, ...parts);
}
function u32s(...values) {
    const out = Buffer.alloc(values.length * 4);
    values.forEach((value, i) => {
        out.writeUInt32BE(value >>> 0, i * 4);
    });
    return out;
}
function u16s(...values) {
    const out = Buffer.alloc(values.length * 2);
    values.forEach((value, i) => {
        out.writeUInt16BE(value & 0xffff, i * 2);
    });
    return out;
}
const identityMatrix = u32s(0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000);
/** The clip as an MP4 with one H.264 track, `moov` before `mdat` so a player can start at once. */
function encodeMp4(clip) {
    const sps = sequenceParameterSet(clip);
    const pps = pictureParameterSet();
    const samples = clip.frames.map((rgb, index) => {
        const nal = slice(clip, new YuvFrame(clip.width, clip.height, rgb), index);
        return Buffer.concat([u32s(nal.length), nal]);
    });
    const timescale = clip.fps * 100;
    const durationTicks = samples.length * 100;
    const movieTimescale = 1000;
    const movieDuration = Math.round((samples.length / clip.fps) * 1000);
    const ftyp = box("ftyp", Buffer.from("isom", "latin1"), u32s(0x200), Buffer.from("isomiso2avc1mp41", "latin1"));
    const avcC = box("avcC", Buffer.from([1, profileIdc, constraintFlags, levelIdc, 0xff, 0xe1]), // 4-byte NAL lengths, 1 SPS
    u16s(sps.length), sps, Buffer.from([1]), u16s(pps.length), pps);
    const compressor = Buffer.alloc(32);
    compressor.write("\x0egenmedia I_PCM", 0, "latin1");
    const avc1 = box("avc1", Buffer.alloc(6), u16s(1), // data_reference_index
    Buffer.alloc(16), u16s(clip.width, clip.height), u32s(0x480000, 0x480000, 0), // 72 dpi, reserved
    u16s(1), // frame_count
    compressor, u16s(0x18, 0xffff), // depth, pre_defined = -1
    avcC);
    const moovFor = (chunkOffset) => box("moov", fullBox("mvhd", 0, 0, u32s(0, 0, movieTimescale, movieDuration, 0x10000), u16s(0x100, 0), u32s(0, 0), identityMatrix, Buffer.alloc(24), u32s(2)), box("trak", fullBox("tkhd", 0, 3, u32s(0, 0, 1, 0, movieDuration, 0, 0), u16s(0, 0, 0, 0), identityMatrix, u32s(clip.width << 16, clip.height << 16)), box("mdia", fullBox("mdhd", 0, 0, u32s(0, 0, timescale, durationTicks), u16s(0x55c4, 0)), // language "und"
    fullBox("hdlr", 0, 0, u32s(0), Buffer.from("vide", "latin1"), u32s(0, 0, 0), Buffer.from("VideoHandler\0", "latin1")), box("minf", fullBox("vmhd", 0, 1, u16s(0, 0, 0, 0)), box("dinf", fullBox("dref", 0, 0, u32s(1), fullBox("url ", 0, 1))), box("stbl", fullBox("stsd", 0, 0, u32s(1), avc1), fullBox("stts", 0, 0, u32s(1, samples.length, 100)), fullBox("stss", 0, 0, u32s(1, 1)), // only the IDR is a sync sample
    fullBox("stsc", 0, 0, u32s(1, 1, samples.length, 1)), fullBox("stsz", 0, 0, u32s(0, samples.length, ...samples.map((sample) => sample.length))), fullBox("stco", 0, 0, u32s(1, chunkOffset)))))));
    // The chunk offset does not change the size of `moov`, so measure it once with a placeholder.
    const moovLength = moovFor(0).length;
    const mdat = box("mdat", ...samples);
    return Buffer.concat([ftyp, moovFor(ftyp.length + moovLength + 8), mdat]);
}

;// CONCATENATED MODULE: ./simulator/png.ts
/** PNG encoding with node:zlib alone: 8-bit RGB, no interlace, every row with filter 0. */

function chunk(type, data) {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, "latin1");
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE((0,external_node_zlib_.crc32)(Buffer.concat([head.subarray(4), data])));
    return Buffer.concat([head, data, crc]);
}
function encodePng(width, height, rgb, options = {}) {
    if (rgb.length !== width * height * 3) {
        throw new Error(`encodePng: ${rgb.length} bytes for ${width}×${height} RGB`);
    }
    const header = Buffer.alloc(13);
    header.writeUInt32BE(width, 0);
    header.writeUInt32BE(height, 4);
    header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, deflate, adaptive filtering, no interlace
    const stride = width * 3;
    const raw = Buffer.alloc((stride + 1) * height);
    for (let y = 0; y < height; y++) {
        // Filter byte 0 (None) leads each row.
        raw.set(rgb.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
    }
    const texts = Object.entries(options.text ?? {}).map(([keyword, value]) => chunk("tEXt", Buffer.from(`${keyword}\0${value}`, "latin1")));
    return Buffer.concat([
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
        chunk("IHDR", header),
        ...texts,
        // Level 1: five times faster than the default on these flat pictures, for files a few KB larger.
        chunk("IDAT", (0,external_node_zlib_.deflateSync)(raw, { level: 1 })),
        chunk("IEND", Buffer.alloc(0)),
    ]);
}

;// CONCATENATED MODULE: ./simulator/raster.ts
/**
 * A tiny RGB canvas with a 5×7 bitmap font: enough to paint a result picture that shows what the task asked
 * for, without an image library (the simulator takes no runtime dependency).
 */
/** Rows of each glyph, top to bottom; bit 4 is the leftmost of the 5 columns. */
const glyphs = {
    A: [0x0e, 0x11, 0x11, 0x1f, 0x11, 0x11, 0x11],
    B: [0x1e, 0x11, 0x11, 0x1e, 0x11, 0x11, 0x1e],
    C: [0x0e, 0x11, 0x10, 0x10, 0x10, 0x11, 0x0e],
    D: [0x1e, 0x11, 0x11, 0x11, 0x11, 0x11, 0x1e],
    E: [0x1f, 0x10, 0x10, 0x1e, 0x10, 0x10, 0x1f],
    F: [0x1f, 0x10, 0x10, 0x1e, 0x10, 0x10, 0x10],
    G: [0x0e, 0x11, 0x10, 0x17, 0x11, 0x11, 0x0f],
    H: [0x11, 0x11, 0x11, 0x1f, 0x11, 0x11, 0x11],
    I: [0x0e, 0x04, 0x04, 0x04, 0x04, 0x04, 0x0e],
    J: [0x07, 0x02, 0x02, 0x02, 0x02, 0x12, 0x0c],
    K: [0x11, 0x12, 0x14, 0x18, 0x14, 0x12, 0x11],
    L: [0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x1f],
    M: [0x11, 0x1b, 0x15, 0x15, 0x11, 0x11, 0x11],
    N: [0x11, 0x11, 0x19, 0x15, 0x13, 0x11, 0x11],
    O: [0x0e, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0e],
    P: [0x1e, 0x11, 0x11, 0x1e, 0x10, 0x10, 0x10],
    Q: [0x0e, 0x11, 0x11, 0x11, 0x15, 0x12, 0x0d],
    R: [0x1e, 0x11, 0x11, 0x1e, 0x14, 0x12, 0x11],
    S: [0x0f, 0x10, 0x10, 0x0e, 0x01, 0x01, 0x1e],
    T: [0x1f, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04],
    U: [0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0e],
    V: [0x11, 0x11, 0x11, 0x11, 0x11, 0x0a, 0x04],
    W: [0x11, 0x11, 0x11, 0x15, 0x15, 0x15, 0x0a],
    X: [0x11, 0x11, 0x0a, 0x04, 0x0a, 0x11, 0x11],
    Y: [0x11, 0x11, 0x0a, 0x04, 0x04, 0x04, 0x04],
    Z: [0x1f, 0x01, 0x02, 0x04, 0x08, 0x10, 0x1f],
    "0": [0x0e, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0e],
    "1": [0x04, 0x0c, 0x04, 0x04, 0x04, 0x04, 0x0e],
    "2": [0x0e, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1f],
    "3": [0x1f, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0e],
    "4": [0x02, 0x06, 0x0a, 0x12, 0x1f, 0x02, 0x02],
    "5": [0x1f, 0x10, 0x1e, 0x01, 0x01, 0x11, 0x0e],
    "6": [0x06, 0x08, 0x10, 0x1e, 0x11, 0x11, 0x0e],
    "7": [0x1f, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08],
    "8": [0x0e, 0x11, 0x11, 0x0e, 0x11, 0x11, 0x0e],
    "9": [0x0e, 0x11, 0x11, 0x0f, 0x01, 0x02, 0x0c],
    " ": [0, 0, 0, 0, 0, 0, 0],
    ".": [0, 0, 0, 0, 0, 0x0c, 0x0c],
    ",": [0, 0, 0, 0, 0x0c, 0x04, 0x08],
    ":": [0, 0x0c, 0x0c, 0, 0x0c, 0x0c, 0],
    ";": [0, 0x0c, 0x0c, 0, 0x0c, 0x04, 0x08],
    "!": [0x04, 0x04, 0x04, 0x04, 0x04, 0, 0x04],
    "?": [0x0e, 0x11, 0x01, 0x02, 0x04, 0, 0x04],
    "-": [0, 0, 0, 0x1f, 0, 0, 0],
    _: [0, 0, 0, 0, 0, 0, 0x1f],
    "'": [0x0c, 0x04, 0x08, 0, 0, 0, 0],
    '"': [0x0a, 0x0a, 0x0a, 0, 0, 0, 0],
    "/": [0, 0x01, 0x02, 0x04, 0x08, 0x10, 0],
    "(": [0x02, 0x04, 0x08, 0x08, 0x08, 0x04, 0x02],
    ")": [0x08, 0x04, 0x02, 0x02, 0x02, 0x04, 0x08],
    "<": [0x02, 0x04, 0x08, 0x10, 0x08, 0x04, 0x02],
    ">": [0x08, 0x04, 0x02, 0x01, 0x02, 0x04, 0x08],
    "&": [0x0c, 0x12, 0x14, 0x08, 0x15, 0x12, 0x0d],
    "+": [0, 0x04, 0x04, 0x1f, 0x04, 0x04, 0],
    "=": [0, 0, 0x1f, 0, 0x1f, 0, 0],
    "#": [0x0a, 0x0a, 0x1f, 0x0a, 0x1f, 0x0a, 0x0a],
    "%": [0x18, 0x19, 0x02, 0x04, 0x08, 0x13, 0x03],
    "*": [0, 0x04, 0x15, 0x0e, 0x15, 0x04, 0],
};
const glyphWidth = 5;
const glyphHeight = 7;
/** What the font can draw of `text`: upper case, accents dropped, anything else as `?`. */
function printable(text) {
    return [...text.normalize("NFKD").replace(/\p{M}/gu, "").toUpperCase().replace(/\s+/g, " ")]
        .map((char) => (glyphs[char] === undefined ? "?" : char))
        .join("")
        .trim();
}
class Canvas {
    pixels;
    width;
    height;
    constructor(width, height) {
        this.width = width;
        this.height = height;
        this.pixels = Buffer.alloc(width * height * 3);
    }
    fillRect(x0, y0, w, h, color) {
        const left = Math.max(0, Math.floor(x0));
        const right = Math.min(this.width, Math.floor(x0 + w));
        const top = Math.max(0, Math.floor(y0));
        const bottom = Math.min(this.height, Math.floor(y0 + h));
        if (right <= left)
            return;
        // Buffer.fill repeats the 3-byte pattern natively: a 1024-pixel row costs about as much as one pixel.
        const pattern = Buffer.from(color);
        for (let y = top; y < bottom; y++) {
            const row = y * this.width * 3;
            this.pixels.fill(pattern, row + left * 3, row + right * 3);
        }
    }
    /** A top-to-bottom blend of two colours, one colour per row (rows compress to almost nothing). */
    verticalGradient(from, to) {
        const stride = this.width * 3;
        let previous = "";
        for (let y = 0; y < this.height; y++) {
            const t = this.height === 1 ? 0 : y / (this.height - 1);
            const mix = (i) => Math.round(from[i] + (to[i] - from[i]) * t);
            const color = [mix(0), mix(1), mix(2)];
            // Neighbouring rows mostly share a colour: copying the row above is cheaper than filling.
            if (String(color) === previous)
                this.pixels.copyWithin(y * stride, (y - 1) * stride, y * stride);
            else
                this.fillRect(0, y, this.width, 1, color);
            previous = String(color);
        }
    }
    /** Draws `text` (already `printable`) with its top-left corner at (x, y), each font pixel `scale` wide. */
    drawText(text, x, y, scale, color) {
        let left = x;
        for (const char of text) {
            const rows = glyphs[char] ?? glyphs["?"] ?? [];
            rows.forEach((bits, row) => {
                for (let column = 0; column < glyphWidth; column++) {
                    if (bits & (1 << (glyphWidth - 1 - column))) {
                        this.fillRect(left + column * scale, y + row * scale, scale, scale, color);
                    }
                }
            });
            left += (glyphWidth + 1) * scale;
        }
    }
}
/** Width in pixels of `chars` characters at `scale`, without the trailing gap. */
function textWidth(chars, scale) {
    return chars === 0 ? 0 : (chars * (glyphWidth + 1) - 1) * scale;
}
/**
 * Breaks `text` into lines of at most `perLine` characters at spaces (a longer word is cut), keeping at
 * most `maxLines`; a cut-off text ends in `...`.
 */
function wrap(text, perLine, maxLines) {
    const lines = [];
    let line = "";
    for (const word of text.split(" ")) {
        let rest = word;
        while (rest.length > 0) {
            const room = line === "" ? perLine : perLine - line.length - 1;
            if (rest.length <= room) {
                line = line === "" ? rest : `${line} ${rest}`;
                rest = "";
            }
            else if (line !== "") {
                lines.push(line);
                line = "";
            }
            else {
                lines.push(rest.slice(0, perLine));
                rest = rest.slice(perLine);
            }
        }
    }
    if (line !== "")
        lines.push(line);
    if (lines.length <= maxLines)
        return lines;
    const kept = lines.slice(0, maxLines);
    const last = kept[maxLines - 1] ?? "";
    kept[maxLines - 1] = `${last.slice(0, Math.max(0, perLine - 3))}...`;
    return kept;
}
/** A colour from three bytes of a digest, kept dark enough for white text to read on it. */
function darkColor(digest, at) {
    const channel = (i) => 24 + Math.round(((digest[at + i] ?? 0) / 255) * 120);
    return [channel(0), channel(1), channel(2)];
}

;// CONCATENATED MODULE: ./simulator/wav.ts
/** WAV encoding: RIFF/WAVE, PCM 16-bit little-endian, mono, with an optional LIST/INFO chunk. */
function encodeWav(samples, sampleRate, info = {}) {
    const format = Buffer.alloc(16);
    format.writeUInt16LE(1, 0); // PCM
    format.writeUInt16LE(1, 2); // mono
    format.writeUInt32LE(sampleRate, 4);
    format.writeUInt32LE(sampleRate * 2, 8); // byte rate
    format.writeUInt16LE(2, 12); // block align
    format.writeUInt16LE(16, 14); // bits per sample
    const data = Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
    const entries = Object.entries(info).map(([id, value]) => riffChunk(id, Buffer.from(`${value}\0`, "latin1")));
    const list = entries.length === 0
        ? []
        : [riffChunk("LIST", Buffer.concat([Buffer.from("INFO", "latin1"), ...entries]))];
    const body = Buffer.concat([
        Buffer.from("WAVE", "latin1"),
        riffChunk("fmt ", format),
        ...list,
        riffChunk("data", data),
    ]);
    return riffChunk("RIFF", body);
}
/** A chunk: id, little-endian size, data, and a pad byte when the size is odd. */
function riffChunk(id, data) {
    const head = Buffer.alloc(8);
    head.write(id, 0, "latin1");
    head.writeUInt32LE(data.length, 4);
    return Buffer.concat(data.length % 2 === 1 ? [head, data, Buffer.alloc(1)] : [head, data]);
}

;// CONCATENATED MODULE: ./simulator/real-media.ts
/**
 * Result files a person can open: a PNG that shows the prompt, a WAV chord whose pitch comes from the prompt,
 * and a short MP4 whose colours come from the prompt. Each also carries the task id (drawn, or in metadata),
 * so two tasks with one prompt still get different files, as from a real API. Everything is derived from the
 * task alone: the same task always yields the same bytes.
 */





function digestOf(text) {
    return (0,external_node_crypto_.createHash)("sha256").update(text).digest();
}
// ---------------------------------------------------------------------------------------------
// Size
// ---------------------------------------------------------------------------------------------
/**
 * The largest picture the simulator paints, in pixels: a 4k request is scaled down (keeping its aspect ratio)
 * so a result stays a few milliseconds of work and a few hundred KB.
 */
const maxImagePixels = 2048 * 1152;
/** Without a resolution: small, as tests create hundreds of images and each is painted and deflated. */
const defaultLongEdge = 512;
function ratioOf(value) {
    const match = typeof value === "string" ? /^\s*(\d+(?:\.\d+)?)\s*:\s*(\d+(?:\.\d+)?)\s*$/.exec(value) : null;
    if (match === null)
        return undefined;
    const ratio = Number(match[1]) / Number(match[2]);
    return Number.isFinite(ratio) && ratio > 0 ? ratio : undefined;
}
function explicitSize(value) {
    const match = typeof value === "string" ? /^\s*(\d+)\s*[x×*]\s*(\d+)\s*$/i.exec(value) : null;
    if (match === null)
        return undefined;
    const width = Number(match[1]);
    const height = Number(match[2]);
    return width > 0 && height > 0 ? { width, height } : undefined;
}
/**
 * The picture size a task asks for, as the wire schemas spell it: `size` as `W:H` (Nano Banana) or `WxH`
 * (GPT Image 2), `ratio` or `aspect_ratio` as `W:H`, `resolution` as `1k`..`4k` (the long edge in units of
 * 1024) or `720p`/`1080p` (the short edge). Default: 512 on the long edge, square.
 */
function imageSizeOf(body) {
    const exact = explicitSize(body.size);
    let width;
    let height;
    if (exact !== undefined) {
        ({ width, height } = exact);
    }
    else {
        const ratio = ratioOf(body.size) ?? ratioOf(body.ratio) ?? ratioOf(body.aspect_ratio) ?? 1;
        const resolution = typeof body.resolution === "string" ? body.resolution.trim().toLowerCase() : "";
        const k = /^(\d+(?:\.\d+)?)k$/.exec(resolution);
        const p = /^(\d+)p$/.exec(resolution);
        if (p !== null) {
            const short = Number(p[1]);
            [width, height] = ratio >= 1 ? [short * ratio, short] : [short, short / ratio];
        }
        else {
            const long = k !== null ? Number(k[1]) * 1024 : defaultLongEdge;
            [width, height] = ratio >= 1 ? [long, long / ratio] : [long * ratio, long];
        }
    }
    const shrink = Math.min(1, Math.sqrt(maxImagePixels / (width * height)));
    return { width: Math.max(1, Math.round(width * shrink)), height: Math.max(1, Math.round(height * shrink)) };
}
// ---------------------------------------------------------------------------------------------
// Image
// ---------------------------------------------------------------------------------------------
const white = [255, 255, 255];
const shadow = [0, 0, 0];
/** Paints the prompt, word-wrapped and as large as fits, over a gradient from the prompt's hash. */
function paintPrompt(canvas, prompt, footer) {
    const digest = digestOf(prompt);
    canvas.verticalGradient(darkColor(digest, 0), darkColor(digest, 3));
    const { width, height } = canvas;
    const margin = Math.max(2, Math.round(Math.min(width, height) / 16));
    const text = printable(prompt) || "(NO PROMPT)";
    // The largest scale at which the text fits in the margins, at least 12 characters a line.
    let scale = Math.max(1, Math.floor((width - 2 * margin) / textWidth(12, 1)));
    let lines = [];
    for (; scale >= 1; scale--) {
        const perLine = Math.max(1, Math.floor((width - 2 * margin + scale) / (6 * scale)));
        const maxLines = Math.max(1, Math.floor((height - 2 * margin) / (10 * scale)));
        lines = wrap(text, perLine, maxLines);
        if (scale === 1 || lines.join(" ") === text)
            break;
    }
    const lineHeight = 10 * scale;
    const blockHeight = lines.length * lineHeight - 3 * scale;
    const top = Math.round((height - blockHeight) / 2);
    const offset = Math.max(1, Math.round(scale / 3));
    lines.forEach((line, i) => {
        const left = Math.round((width - textWidth(line.length, scale)) / 2);
        canvas.drawText(line, left + offset, top + i * lineHeight + offset, scale, shadow);
        canvas.drawText(line, left, top + i * lineHeight, scale, white);
    });
    const small = Math.max(1, Math.floor(scale / 3));
    const footerText = printable(footer);
    if (height > 2 * glyphHeight * small + margin) {
        canvas.drawText(footerText, margin / 2, height - margin / 2 - glyphHeight * small, small, [200, 200, 200]);
    }
}
/** A PNG of the size the task asks for, showing its prompt, with the task id in a corner. */
function realImage(subject) {
    const { width, height } = imageSizeOf(subject.body);
    const canvas = new Canvas(width, height);
    paintPrompt(canvas, subject.prompt, subject.id);
    return encodePng(width, height, canvas.pixels, {
        text: { Title: latin1(subject.prompt), Comment: `genmedia simulator, task ${latin1(subject.id)}` },
    });
}
function latin1(text) {
    return text.replace(/[^\x20-\x7e\xa0-\xff]/g, "?").slice(0, 500);
}
// ---------------------------------------------------------------------------------------------
// Audio
// ---------------------------------------------------------------------------------------------
const audioSampleRate = 22_050;
const audioSeconds = 1.5;
/**
 * A major or minor triad, its root a semitone between A3 and A5 picked by the prompt's hash, with a soft
 * attack and a fading tail so it does not click.
 */
function realAudio(subject) {
    const digest = digestOf(subject.prompt);
    const rootSemitone = (digest[0] ?? 0) % 25; // 0..24 above A3
    const minor = ((digest[1] ?? 0) & 1) === 1;
    const root = 220 * 2 ** (rootSemitone / 12);
    const notes = [root, root * 2 ** ((minor ? 3 : 4) / 12), root * 2 ** (7 / 12)];
    const count = Math.round(audioSampleRate * audioSeconds);
    const samples = new Int16Array(count);
    for (let i = 0; i < count; i++) {
        const t = i / audioSampleRate;
        const envelope = Math.min(1, t / 0.02) * Math.exp(-2 * t) * Math.min(1, (audioSeconds - t) / 0.05);
        let value = 0;
        for (const frequency of notes)
            value += Math.sin(2 * Math.PI * frequency * t);
        samples[i] = Math.round((value / notes.length) * envelope * 0.6 * 32767);
    }
    return encodeWav(samples, audioSampleRate, {
        INAM: latin1(subject.prompt),
        ICMT: `genmedia simulator, task ${latin1(subject.id)}`,
    });
}
// ---------------------------------------------------------------------------------------------
// Video
// ---------------------------------------------------------------------------------------------
const videoFps = 8;
const videoSeconds = 2;
/** Frames are stored uncompressed (I_PCM): the long edge stays small to keep a clip near 200 KB. */
const videoLongEdge = 96;
/** The clip's size: the asked aspect ratio on a 96-pixel long edge, both sides even. */
function videoSizeOf(body) {
    const ratio = ratioOf(body.aspect_ratio) ?? ratioOf(body.ratio) ?? ratioOf(body.size) ?? 16 / 9;
    const even = (value) => Math.max(16, 2 * Math.round(value / 2));
    return ratio >= 1
        ? { width: videoLongEdge, height: even(videoLongEdge / ratio) }
        : { width: even(videoLongEdge * ratio), height: videoLongEdge };
}
/**
 * Two seconds of a square gliding across the prompt's colours under the prompt's first words; where the
 * square starts comes from the task id.
 */
function realVideo(subject) {
    const { width, height } = videoSizeOf(subject.body);
    const digest = digestOf(subject.prompt);
    const start = (digestOf(subject.id)[0] ?? 0) / 255;
    const side = Math.max(8, Math.round(height / 3));
    const label = wrap(printable(subject.prompt) || "GENMEDIA", Math.floor((width - 4) / 6), 2);
    const frameCount = videoFps * videoSeconds;
    const frames = [];
    for (let f = 0; f < frameCount; f++) {
        const canvas = new Canvas(width, height);
        canvas.verticalGradient(darkColor(digest, 0), darkColor(digest, 3));
        const travel = (start + f / frameCount) % 1;
        const x = Math.round(travel * (width + side)) - side;
        canvas.fillRect(x, Math.round(height / 2 - side / 4), side, side, [255, 200, 40]);
        label.forEach((line, i) => {
            canvas.drawText(line, 2, 2 + i * 9, 1, white);
        });
        frames.push(canvas.pixels);
    }
    return encodeMp4({ width, height, fps: videoFps, frames });
}
/** The real file of a task's kind. */
function realMediaOf(kind, subject) {
    if (kind === "image")
        return realImage(subject);
    if (kind === "audio")
        return realAudio(subject);
    return realVideo(subject);
}

;// CONCATENATED MODULE: ./simulator/server.ts
/**
 * The API simulator: an HTTP server on 127.0.0.1 that speaks the GlobalAI OPC wire format of
 * api-reference.md (create on every family's path, `GET /v1/result/{id}`, Model Center v2's own routes,
 * routes a scenario adds, result files), with scriptable
 * latency, outcomes and faults (scenario.ts). The media base path is the root, so clients use `url` as their
 * base URL. Requests are validated with the simulator's own schemas (wire-schemas.ts), written from the
 * reference rather than taken from the client, so a client whose schema drifts from the reference gets a 400.
 */











async function startSimulator(options = {}) {
    const apiKey = options.apiKey === undefined ? "sim-key" : options.apiKey;
    const shape = options.createShape ?? "A";
    const log = options.log ?? (() => { });
    const clock = createClock(options.timeScale ?? 1, options.clock);
    let scenario = resolveScenario(options.scenario);
    let counters = newFaultCounters(scenario.faults);
    const tasks = new Map();
    const assets = new Map();
    const requests = [];
    const sha256s = new Map();
    const timers = new Set();
    const held = new Set();
    let baseUrl = "";
    const subjectOf = (task) => ({
        prompt: task.prompt,
        model: task.model,
        familyId: task.family.id,
        taskIndex: task.index,
    });
    const elapsedMs = (task) => clock.nowSimMs() - task.createdSimMs;
    /** The task an id names, unless its record has expired (`taskTtlMs`). */
    const liveTask = (id) => {
        const task = tasks.get(id);
        if (task === undefined)
            return undefined;
        if (scenario.taskTtlMs !== undefined && elapsedMs(task) > scenario.taskTtlMs)
            return undefined;
        return task;
    };
    // Real media is built on first use and kept: a task's file is asked for at every poll and download.
    const realFiles = new Map();
    const fileOf = (task) => {
        const kind = mediaKindOf(task.family);
        if (task.schedule.fileBytes !== undefined)
            return { seed: task.id, kind, bytes: task.schedule.fileBytes };
        let file = realFiles.get(task.id);
        if (file === undefined) {
            file = realFile(kind, realMediaOf(kind, task));
            realFiles.set(task.id, file);
        }
        return file;
    };
    const filePath = (task) => `/files/${encodeURIComponent(task.id)}/${fileNameOf(fileOf(task))}`;
    const urlExpired = (task) => {
        const finished = finishedAfterMs(task.schedule);
        return finished !== undefined && elapsedMs(task) - finished > scenario.urlTtlMs;
    };
    /** Waits `simMs` simulated ms; cut short when the simulator closes. */
    const sleep = (simMs) => simMs <= 0
        ? Promise.resolve()
        : new Promise((resolve) => {
            const entry = {
                resolve,
                timer: setTimeout(() => {
                    timers.delete(entry);
                    resolve();
                }, clock.realMsFor(simMs)),
            };
            timers.add(entry);
        });
    const send = (res, record, status, body, headers = {}) => {
        if (res.destroyed || res.headersSent)
            return;
        const text = typeof body === "string" ? body : JSON.stringify(body);
        const contentType = typeof body === "string" ? "text/plain; charset=utf-8" : "application/json";
        record.status = status;
        res.writeHead(status, {
            "Content-Type": contentType,
            "Content-Length": String(Buffer.byteLength(text)),
            ...headers,
        });
        res.end(text);
    };
    const notFound = (res, record, what) => send(res, record, 404, { error: `${what} not found` });
    /** Applies a fault that answers by itself (status, reset, hang). Returns false for any other kind. */
    const answerWithFault = (req, res, record, fault) => {
        if (fault === undefined)
            return false;
        if (fault.kind === "status") {
            record.fault = "status";
            const status = fault.status ?? 500;
            const headers = { ...fault.headers };
            if (fault.retryAfter !== undefined)
                headers["Retry-After"] = String(fault.retryAfter);
            send(res, record, status, fault.body ?? { error: reasonPhrases[status] ?? `HTTP ${status}` }, headers);
            return true;
        }
        if (fault.kind === "reset") {
            record.fault = "reset";
            log(`${record.method} ${record.path} -> connection reset (fault)`);
            req.socket.destroy();
            return true;
        }
        if (fault.kind === "hang") {
            record.fault = "hang";
            log(`${record.method} ${record.path} -> held without an answer (fault)`);
            held.add(res);
            res.on("close", () => held.delete(res));
            return true;
        }
        return false;
    };
    const sendMalformed = (res, record, payload) => {
        record.fault = "malformed";
        const text = JSON.stringify(payload);
        send(res, record, 200, text.slice(0, Math.max(1, Math.floor(text.length / 2))), {
            "Content-Type": "application/json",
        });
    };
    const select = (route, subject) => selectFaults(scenario.faults, counters, route, subject);
    const authorized = (req) => {
        if (apiKey === null)
            return true;
        const match = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? "");
        return match?.[1]?.trim() === apiKey;
    };
    const routes = {
        get scenario() {
            return scenario;
        },
        get baseUrl() {
            return baseUrl;
        },
        tasks,
        requests,
        shape,
        clock,
        authorized,
        select,
        sleep,
        send,
        sendMalformed,
        answerWithFault,
        notFound,
        liveTask,
        subjectOf,
        elapsedMs,
        filePath,
        urlExpired,
        fileOf,
        log,
    };
    const assetRoutes = {
        get scenario() {
            return scenario;
        },
        assets,
        nowSimMs: () => clock.nowSimMs(),
        authorized,
        send,
    };
    async function handle(req, res) {
        const method = req.method ?? "GET";
        const target = req.url ?? "/";
        const pathname = new URL(target, "http://127.0.0.1").pathname;
        const route = routeOf(method, pathname, routeTable(scenario));
        const record = {
            method,
            path: target,
            headers: req.headers,
            body: undefined,
            route: route.name,
            at: Date.now(),
        };
        requests.push(record);
        res.on("finish", () => log(`${method} ${target} -> ${record.status ?? res.statusCode}${faultNote(record)}`));
        const raw = await readBody(req);
        if (raw === "too-large")
            return send(res, record, 413, { error: "request body too large" });
        const json = parseJson(raw);
        if (raw !== "")
            record.body = json.ok ? json.value : raw;
        switch (route.name) {
            case "create":
                return handleCreate(routes, req, res, record, route.family, json);
            case "text":
                return handleText(routes, req, res, record, route, json);
            case "poll":
                return handlePoll(routes, req, res, record, route.id, route.pollPath);
            case "file":
                return serveFile(routes, req, res, record, route.id, route.fileName);
            case "asset":
                return handleAsset(assetRoutes, req, res, record, route, json);
            default:
                return send(res, record, 404, { message: `No handler found for ${method} ${pathname}` });
        }
    }
    const server = (0,external_node_http_.createServer)((req, res) => {
        handle(req, res).catch((error) => {
            log(`simulator error on ${req.method} ${req.url}: ${error.stack ?? String(error)}`);
            if (!res.headersSent && !res.destroyed) {
                res.writeHead(500, { "Content-Type": "application/json" });
                res.end(JSON.stringify({ error: `simulator error: ${error.message}` }));
            }
            else {
                res.destroy();
            }
        });
    });
    await new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(options.port ?? 0, "127.0.0.1", () => {
            server.off("error", reject);
            resolve();
        });
    });
    const port = server.address().port;
    baseUrl = `http://127.0.0.1:${port}`;
    const snapshot = (task) => {
        const status = statusAt(task.schedule, elapsedMs(task));
        const snap = {
            id: task.id,
            index: task.index,
            model: task.model,
            familyId: task.family.id,
            kind: task.family.kind,
            prompt: task.prompt,
            status,
            error: status === "failed" ? task.schedule.error : null,
            createdAt: task.createdAt,
            body: task.body,
        };
        if (status === "completed" && hasResultFile(task.schedule)) {
            const file = fileOf(task);
            let sha256 = sha256s.get(task.id);
            if (sha256 === undefined) {
                sha256 = mediaSha256(file);
                sha256s.set(task.id, sha256);
            }
            const path = filePath(task);
            snap.file = {
                path,
                url: `${baseUrl}${path}`,
                bytes: file.bytes,
                sha256,
                contentType: contentTypeOf(file),
            };
        }
        return snap;
    };
    return {
        url: baseUrl,
        port,
        requests,
        creates: () => requests.filter((request) => (request.route === "create" || request.route === "text") && request.taskId !== undefined),
        // Only an upload names the assets it made.
        assetUploads: () => requests.filter((request) => request.route === "asset" && request.taskId !== undefined),
        assets: () => [...assets.values()],
        tasks: () => [...tasks.values()].map(snapshot),
        setScenario(next) {
            scenario = resolveScenario(next);
            counters = newFaultCounters(scenario.faults);
        },
        close: () => new Promise((resolve, reject) => {
            for (const entry of timers) {
                clearTimeout(entry.timer);
                entry.resolve();
            }
            timers.clear();
            for (const res of held)
                res.destroy();
            held.clear();
            server.close((error) => (error ? reject(error) : resolve()));
            server.closeAllConnections();
        }),
    };
}
/**
 * What is served under the current scenario: every endpoint of the reference (the first of a path answers
 * it; Model Center v2's picks by model), then the scenario's own routes.
 */
function routeTable(scenario) {
    const endpoints = [...mediaEndpoints, ...scenario.routes.map(routeEndpoint)];
    const creates = new Map();
    for (const endpoint of endpoints) {
        if (!creates.has(endpoint.createPath))
            creates.set(endpoint.createPath, endpoint);
    }
    return { creates, polls: [...new Set(endpoints.map(pollPathOf))] };
}
function faultNote(record) {
    return record.fault === undefined ? "" : ` (fault: ${record.fault})`;
}


/***/ })

};
