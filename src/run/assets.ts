/**
 * Assets at run time (design 9): an asset a selected task uses is uploaded once, before the first task that
 * needs it is submitted, and asked about until it passed review; then the task's `asset:<name>` becomes
 * `asset://<assetId>` in the body it sends. Tasks that share an asset share its one upload. Every upload and
 * every status change is in the ledger (results.json) before it is acted on, so a later run reuses an asset
 * instead of paying its moderation again.
 */
import type { AssetApi, AssetLibrary, Review } from "../api/assets.ts";
import { NotSentError } from "../api/errors.ts";
import type { RequestBody } from "../models/family.ts";
import { replaceReferences } from "../plan/references.ts";
import type { PlannedAsset, Task } from "../plan/tasks.ts";
import { redact } from "../secrets.ts";
import type { Clock, Deadline } from "./clock.ts";
import type { Ledger } from "./ledger.ts";
import { type AssetRecord, notSubmittedPrefix } from "./record.ts";
import type { Prerequisite } from "./scheduler.ts";

/** Where an asset stands for the tasks that use it. */
type Readiness = { assetId: string } | { error: string };

/** What a run may do with an earlier record of the same source (pure; see `earlierUpload`). */
export type Reuse =
  | { use: "active"; assetId: string }
  | { use: "poll"; assetId: string }
  | { use: "failed"; assetId: string | null; error: string }
  | { use: "upload" };

/**
 * The reuse rules: an earlier upload of the same source (same library and sourceHash, under any name) that
 * is Active is used as it is; one still in review is asked about again, not uploaded again; a Failed one
 * fails again with its reason, since the same source would fail the same review (change the source to try
 * again). Anything else is uploaded.
 */
export function earlierUpload(asset: PlannedAsset, records: readonly AssetRecord[]): Reuse {
  const same = records.filter(
    (r) => r.library === asset.library && r.sourceHash === asset.sourceHash && r.assetId !== null,
  );
  const active = same.find((r) => r.status === "Active");
  if (active?.assetId) return { use: "active", assetId: active.assetId };
  const reviewing = same.find((r) => r.status === "Processing");
  if (reviewing?.assetId) return { use: "poll", assetId: reviewing.assetId };
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

export interface AssetResolverOptions {
  api: AssetApi;
  ledger: Ledger;
  clock: Clock;
  deadline: Deadline;
  log: (line: string) => void;
  /** Commit-pinned public URLs of the workspace files published on the media branch, by workspace path. */
  fileUrls?: ReadonlyMap<string, string>;
  /** Why the files could not be published, when they could not: said by every task that needs one. */
  fileProblem?: string;
  /** Between two status checks of an asset library (with jitter). */
  pollMs?: number;
  random?: () => number;
}

/** Asset libraries review in seconds to minutes; a check every few seconds finds the result soon enough. */
export const defaultAssetPollMs = 5_000;

export class AssetResolver {
  private readonly options: AssetResolverOptions;
  private readonly ready = new Map<string, Promise<Readiness>>();
  /** Per library, the assets waiting for review and what to tell each when it ends. */
  private readonly waiting = new Map<AssetLibrary, Map<string, (review: Review | undefined) => void>>();

  constructor(options: AssetResolverOptions) {
    this.options = options;
  }

  /** The scheduler's prerequisite: the body to send, with every reference replaced, or why it cannot be. */
  readonly prerequisite: Prerequisite = async (task, body) => {
    if (!task.assets?.length && !task.files?.length) return { body };
    const ids = new Map<string, string>();
    for (const asset of task.assets ?? []) {
      const readiness = await this.readiness(asset);
      if ("error" in readiness) return { error: readiness.error };
      ids.set(asset.name, readiness.assetId);
    }
    const urls = this.options.fileUrls ?? new Map<string, string>();
    const unpublished = (task.files ?? []).find((file) => !urls.has(file.path));
    if (unpublished) {
      // Unsent, not failed: a re-run once the branch can be written sends it.
      return notSubmitted(`file:${unpublished.written} has no public URL: ${this.unpublishedReason()}`);
    }
    return { body: substitute(task, body, ids, urls) };
  };

  private unpublishedReason(): string {
    const problem = this.options.fileProblem;
    return problem
      ? `it was not published on the media branch (${problem})`
      : "it was not published on the media branch";
  }

  private readiness(asset: PlannedAsset): Promise<Readiness> {
    let ready = this.ready.get(asset.name);
    if (ready === undefined) {
      ready = this.prepare(asset).catch((error: unknown) => ({
        error: `asset "${asset.name}": ${redact((error as Error).message ?? String(error))}`,
      }));
      this.ready.set(asset.name, ready);
    }
    return ready;
  }

  private async prepare(asset: PlannedAsset): Promise<Readiness> {
    const { ledger, log } = this.options;
    const reuse = earlierUpload(asset, ledger.assets());
    const record = (change: Pick<AssetRecord, "assetId" | "status" | "error">): void =>
      ledger.recordAsset({
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

  private async upload(
    asset: PlannedAsset,
    record: (change: Pick<AssetRecord, "assetId" | "status" | "error">) => void,
  ): Promise<Readiness> {
    const { api, deadline, log } = this.options;
    const url = "url" in asset.source ? asset.source.url : this.options.fileUrls?.get(asset.source.file.path);
    if (url === undefined) {
      return notSubmitted(`asset "${asset.name}": its file has no public URL: ${this.unpublishedReason()}`);
    }
    if (deadline.passed())
      return notSubmitted(`asset "${asset.name}" was not uploaded: the time budget ran out`);
    let assetId: string;
    try {
      assetId = await api.upload(
        { library: asset.library, type: asset.type, url, name: asset.name },
        deadline.signal,
      );
    } catch (error) {
      const message = redact((error as Error).message);
      if (error instanceof NotSentError)
        return notSubmitted(`asset "${asset.name}" was not uploaded: ${message}`);
      return { error: `asset "${asset.name}" could not be uploaded: ${message}` };
    }
    // The id is on disk before anything else: a later run asks about it instead of paying a second review.
    record({ assetId, status: "Processing", error: null });
    log(`asset "${asset.name}": uploaded to ${asset.library} as ${assetId}; waiting for review`);
    return this.review(asset, assetId, record);
  }

  private async review(
    asset: PlannedAsset,
    assetId: string,
    record: (change: Pick<AssetRecord, "assetId" | "status" | "error">) => void,
  ): Promise<Readiness> {
    const review = await this.watch(asset.library, assetId);
    if (review === undefined) {
      return notSubmitted(
        `asset "${asset.name}" (${assetId}) was still in review when the time budget ran out; its id is kept, and a later run uses it once it is active`,
      );
    }
    if (review.status === "Active") {
      record({ assetId, status: "Active", error: null });
      this.options.log(`asset "${asset.name}": ${assetId} is active`);
      return { assetId };
    }
    const reason = redact(review.error || "the asset library did not say why");
    record({ assetId, status: "Failed", error: reason });
    return { error: `asset "${asset.name}" failed review in the ${asset.library} library: ${reason}` };
  }

  /**
   * Resolves once the library has decided (Active or Failed), or with undefined at the deadline. The assets
   * of one library in review at the same time are asked about together: SD2 Manxue in one call.
   */
  private watch(library: AssetLibrary, assetId: string): Promise<Review | undefined> {
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
      if (start) void this.checkUntilDecided(library, waiting);
    });
  }

  private async checkUntilDecided(
    library: AssetLibrary,
    waiting: Map<string, (review: Review | undefined) => void>,
  ): Promise<void> {
    const { api, clock, deadline, log } = this.options;
    const pollMs = this.options.pollMs ?? defaultAssetPollMs;
    const random = this.options.random ?? Math.random;
    try {
      while (waiting.size > 0) {
        await clock.sleep(pollMs * (0.8 + 0.4 * random()), deadline.signal);
        if (deadline.passed()) break;
        let reviews: Map<string, Review>;
        try {
          reviews = await api.reviews(library, [...waiting.keys()], deadline.signal);
        } catch (error) {
          // A status check costs nothing: it is asked again until the deadline.
          log(`asset status check (${library}) failed, will retry: ${redact((error as Error).message)}`);
          continue;
        }
        for (const [id, review] of reviews) {
          const tell = waiting.get(id);
          if (tell === undefined || review.status === "Processing") continue;
          waiting.delete(id);
          tell(review);
        }
      }
    } finally {
      for (const tell of waiting.values()) tell(undefined);
      waiting.clear();
      this.waiting.delete(library);
    }
  }
}

/** A task that waited for an asset the run could not get ready: skipped as not submitted, nothing was paid. */
function notSubmitted(reason: string): { error: string } {
  return { error: `${notSubmittedPrefix}: ${reason}` };
}

/** The body as sent: `asset:<name>` → `asset://<id>`, `file:<path>` → the file's public URL. */
function substitute(
  task: Task,
  body: RequestBody,
  ids: ReadonlyMap<string, string>,
  urls: ReadonlyMap<string, string>,
): RequestBody {
  const fileUrls = new Map((task.files ?? []).map((file) => [file.written, urls.get(file.path)]));
  return replaceReferences(body, (reference) =>
    reference.kind === "asset"
      ? `asset://${ids.get(reference.name) ?? reference.name}`
      : (fileUrls.get(reference.path) ?? `file:${reference.path}`),
  );
}
