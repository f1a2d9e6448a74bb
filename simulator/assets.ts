/**
 * The two asset libraries of reference 6.1 and 6.2, on the media base without `/v1`: upload, then review that
 * ends `Active` after the scenario's `assets.reviewMs` (simulated) or `Failed` for a URL a `fail` rule names.
 * Every answer is the envelope `{code, msg, data}`; Seedance 2.0 sends `code` as a number, SD2 Manxue as a
 * string, as the reference's examples do.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import type { AssetRoute } from "./asset-route.ts";
import type { ParsedJson, RecordedRequest } from "./http.ts";
import type { ResolvedScenario } from "./scenario.ts";

export interface SimAsset {
  id: string;
  library: "seedance2" | "sd2-manxue";
  assetType: "Image" | "Video" | "Audio" | "Document";
  url: string;
  name: string;
  uploadedSimMs: number;
}

/** What the asset routes need of the running simulator. */
export interface AssetContext {
  readonly scenario: ResolvedScenario;
  assets: Map<string, SimAsset>;
  nowSimMs(): number;
  authorized(req: IncomingMessage): boolean;
  send(res: ServerResponse, record: RecordedRequest, status: number, body: unknown): void;
}

const httpUrl = z.string().refine((value) => /^https?:\/\/[^\s/]+/i.test(value), "must be an http(s) URL");
const seedance2UploadBody = z.strictObject({
  assetType: z.enum(["Image", "Video", "Audio", "Document"]),
  url: httpUrl,
  name: z.string().min(1),
});
const sd2UploadBody = z
  .strictObject({
    imageUrls: z.array(httpUrl).optional(),
    videoUrls: z.array(httpUrl).optional(),
    audioUrls: z.array(httpUrl).optional(),
  })
  .refine((b) => (b.imageUrls?.length ?? 0) + (b.videoUrls?.length ?? 0) + (b.audioUrls?.length ?? 0) > 0, {
    message: "at least one of imageUrls, videoUrls, audioUrls must be non-empty",
  });
const sd2StatusBody = z.strictObject({ assetIds: z.array(z.string().min(1)).min(1) });

export function handleAsset(
  ctx: AssetContext,
  req: IncomingMessage,
  res: ServerResponse,
  record: RecordedRequest,
  route: AssetRoute,
  json: ParsedJson,
) {
  const sd2 = route.action.startsWith("sd2");
  const code = (value: number) => (sd2 ? String(value) : value);
  const refuse = (status: number, msg: string) =>
    ctx.send(res, record, status, { code: code(status), msg, data: null });
  if (!ctx.authorized(req)) return refuse(401, "invalid api key");
  const ok = (data: unknown) => ctx.send(res, record, 200, { code: code(0), msg: null, data });
  if (route.action === "seedance2-detail") {
    const asset = ctx.assets.get(route.id);
    if (asset === undefined || asset.library !== "seedance2") return refuse(404, "asset not found");
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
  if (!json.ok) return refuse(400, `invalid JSON body: ${json.message}`);
  if (route.action === "seedance2-upload") {
    const body = seedance2UploadBody.safeParse(json.value);
    if (!body.success) return refuse(400, issues(body.error));
    const asset = newAsset(ctx, "seedance2", body.data.assetType, body.data.url, body.data.name);
    record.taskId = asset.id;
    return ok({ assetId: asset.id });
  }
  if (route.action === "sd2-upload") {
    const body = sd2UploadBody.safeParse(json.value);
    if (!body.success) return refuse(400, issues(body.error));
    const lists = [
      ["Image", body.data.imageUrls],
      ["Video", body.data.videoUrls],
      ["Audio", body.data.audioUrls],
    ] as const;
    const items = lists.flatMap(([type, urls]) =>
      (urls ?? []).map((url) => {
        const asset = newAsset(ctx, "sd2-manxue", type, url, url);
        return { assetType: type, originalUrl: url, assetId: asset.id, status: "submitted" };
      }),
    );
    record.taskId = items.map((item) => item.assetId).join(",");
    return ok({ items });
  }
  const body = sd2StatusBody.safeParse(json.value);
  if (!body.success) return refuse(400, issues(body.error));
  const items: { assetId: string; status: string }[] = [];
  const failedItems: { assetId: string; errorMessage: string }[] = [];
  for (const id of body.data.assetIds) {
    const asset = ctx.assets.get(id);
    if (asset === undefined || asset.library !== "sd2-manxue") {
      failedItems.push({ assetId: id, errorMessage: "asset not found" });
      continue;
    }
    const { status, error } = reviewOf(ctx, asset);
    if (status === "Failed") failedItems.push({ assetId: id, errorMessage: error ?? "review failed" });
    else items.push({ assetId: id, status });
  }
  return ok({ items, failedItems });
}

function newAsset(
  ctx: AssetContext,
  library: SimAsset["library"],
  assetType: SimAsset["assetType"],
  url: string,
  name: string,
): SimAsset {
  const prefix = library === "seedance2" ? "asset-" : `asset_${assetType.toLowerCase()}_`;
  const asset: SimAsset = {
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
function reviewOf(
  ctx: AssetContext,
  asset: SimAsset,
): { status: "Processing" | "Active" | "Failed"; error?: string } {
  const { reviewMs, fail } = ctx.scenario.assets;
  if (ctx.nowSimMs() - asset.uploadedSimMs < reviewMs) return { status: "Processing" };
  const rule = fail.find((r) => asset.url.includes(r.urlContains));
  return rule ? { status: "Failed", error: rule.error } : { status: "Active" };
}

function issues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`).join("; ");
}
