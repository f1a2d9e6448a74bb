/**
 * The two asset libraries (reference 6.1, 6.2): upload reference media once, then ask until it passed review.
 * Both sit on the media base with no `/v1` and answer in the envelope `{code, msg, data}`. The HTTP is the API
 * client's (auth, retries, bounded reads, redaction); this file only knows the paths and the answers.
 */
import { z } from "zod";
import { preview } from "../models/answers.ts";
import { redact } from "../secrets.ts";
import { RejectedError } from "./errors.ts";

export type AssetLibrary = "seedance2" | "sd2-manxue";
export type AssetType = "image" | "video" | "audio";
export type ReviewStatus = "Processing" | "Active" | "Failed";

/** What the asset client needs of the API client (tests may pass their own). */
export interface AssetTransport {
  postBilled(endpoint: string, body: unknown, what: string, signal?: AbortSignal): Promise<unknown>;
  postQuery(endpoint: string, body: unknown, what: string, signal?: AbortSignal): Promise<unknown>;
  getJson(endpoint: string, what: string, signal?: AbortSignal): Promise<unknown>;
}

export interface AssetUpload {
  library: AssetLibrary;
  type: AssetType;
  url: string;
  /** Shown in the library's own listing (Seedance 2.0 only). */
  name: string;
}

export interface Review {
  status: ReviewStatus;
  /** The library's reason for a `Failed` asset (redacted). */
  error?: string;
}

/** What one run asks of the libraries; the scheduler's asset resolver depends on this, not on HTTP. */
export interface AssetApi {
  /** One billed upload; resolves with the asset id. Rejects like a create (NotSentError when provably unsent). */
  upload(asset: AssetUpload, signal?: AbortSignal): Promise<string>;
  /** The review status of each id asked (ids the answer leaves out are absent from the map). */
  reviews(
    library: AssetLibrary,
    assetIds: readonly string[],
    signal?: AbortSignal,
  ): Promise<Map<string, Review>>;
}

const code = z.union([z.string(), z.number()]).nullish();
const envelope = z.object({ code, msg: z.unknown().optional(), data: z.unknown().optional() });

const seedance2Upload = z.object({ assetId: z.union([z.string().min(1), z.number()]) });
const seedance2Detail = z.object({ status: z.string() });
const sd2Upload = z.object({
  items: z
    .array(z.object({ assetId: z.union([z.string().min(1), z.number()]), status: z.string().nullish() }))
    .min(1),
});
const sd2Status = z.object({
  items: z.array(z.object({ assetId: z.union([z.string(), z.number()]), status: z.string() })).nullish(),
  failedItems: z
    .array(z.object({ assetId: z.union([z.string(), z.number()]), errorMessage: z.unknown().optional() }))
    .nullish(),
});

/** An id as the API sent it, checked before it is ever put in a path or a request body. */
const assetIdPattern = /^[^\s\p{Cc}]{1,256}$/u;

export class AssetClient implements AssetApi {
  private readonly http: AssetTransport;

  constructor(http: AssetTransport) {
    this.http = http;
  }

  async upload(asset: AssetUpload, signal?: AbortSignal): Promise<string> {
    if (asset.library === "seedance2") {
      const data = dataOf(
        await this.http.postBilled(
          "/kyyVideo2/asset/upload",
          { assetType: capitalised(asset.type), url: asset.url, name: asset.name },
          "asset upload",
          signal,
        ),
        "asset upload",
      );
      return checkedId(seedance2Upload.safeParse(data).data?.assetId, data);
    }
    const lists = { imageUrls: [] as string[], videoUrls: [] as string[], audioUrls: [] as string[] };
    lists[`${asset.type}Urls`].push(asset.url);
    const data = dataOf(
      await this.http.postBilled("/asset/sd2Manxue/assetUpload", lists, "asset upload", signal),
      "asset upload",
    );
    return checkedId(sd2Upload.safeParse(data).data?.items[0]?.assetId, data);
  }

  async reviews(
    library: AssetLibrary,
    assetIds: readonly string[],
    signal?: AbortSignal,
  ): Promise<Map<string, Review>> {
    const reviews = new Map<string, Review>();
    if (library === "seedance2") {
      // Seedance 2.0 documents a detail per asset only.
      for (const id of assetIds) {
        const data = dataOf(
          await this.http.getJson(`/kyyVideo2/asset/${encodeURIComponent(id)}`, "asset status check", signal),
          "asset status check",
        );
        const status = reviewStatus(seedance2Detail.safeParse(data).data?.status);
        if (status) reviews.set(id, { status, ...(status === "Failed" && { error: failureText(data) }) });
      }
      return reviews;
    }
    // SD2 Manxue checks many assets in one call, and can fail some of them.
    const data = dataOf(
      await this.http.postQuery("/asset/sd2Manxue/assetStatus", { assetIds }, "asset status check", signal),
      "asset status check",
    );
    const parsed = sd2Status.safeParse(data).data;
    for (const item of parsed?.items ?? []) {
      const status = reviewStatus(item.status);
      if (status) reviews.set(String(item.assetId), { status });
    }
    for (const failed of parsed?.failedItems ?? []) {
      reviews.set(String(failed.assetId), { status: "Failed", error: textOf(failed.errorMessage) });
    }
    for (const [id, review] of reviews) {
      if (review.status === "Failed" && review.error === undefined) reviews.set(id, { ...review, error: "" });
    }
    return reviews;
  }
}

/** The envelope's `data`; a `code` other than 0/"0"/200/"200" is a refusal with `msg` (reference 3, 8.1). */
function dataOf(json: unknown, what: string): unknown {
  const parsed = envelope.safeParse(json);
  if (!parsed.success)
    throw new RejectedError(`the ${what} answered an unexpected body: ${redact(preview(json, 200))}`);
  const { code: value, msg, data } = parsed.data;
  if (value !== undefined && value !== null && !["0", "200"].includes(String(value))) {
    const reason = textOf(msg) || preview(json, 200);
    throw new RejectedError(`the ${what} was refused (code ${redact(String(value))}): ${redact(reason)}`);
  }
  return data;
}

function checkedId(id: string | number | undefined, data: unknown): string {
  const text = id === undefined ? undefined : String(id);
  if (text === undefined || !assetIdPattern.test(text)) {
    throw new RejectedError(`the asset upload answered without an asset id: ${redact(preview(data, 200))}`);
  }
  return text;
}

/** Statuses matched case-insensitively; 6.3's upper-case forms map onto the three of 6.1. */
export function reviewStatus(raw: string | undefined | null): ReviewStatus | undefined {
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

function failureText(data: unknown): string {
  const fields = (data ?? {}) as Record<string, unknown>;
  return textOf(fields.errorMessage ?? fields.error ?? fields.msg ?? fields.reason);
}

function textOf(value: unknown): string {
  if (value === undefined || value === null) return "";
  return redact(typeof value === "string" ? value : JSON.stringify(value)).slice(0, 1000);
}

function capitalised(type: AssetType): string {
  return `${type.charAt(0).toUpperCase()}${type.slice(1)}`;
}
