/**
 * `release-assets`: uploads a run's files to a GitHub release, replacing an asset of the same name, so a
 * re-run of a release workflow leaves one copy of each file.
 *
 * Immutable releases (a repository or organisation setting) freeze a release's assets the moment it is
 * published: GitHub then answers 422 "Cannot upload assets to an immutable release." Such a release has to
 * be created as a draft, given its assets, and published afterwards; the error says so instead of failing
 * half-way through.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { BackoffOptions } from "../api/backoff.ts";
import { gitHubBackoff, gitHubRetryVerdict, withRetries } from "../api/transport.ts";
import { docsHint, type ReleaseTarget } from "./github-context.ts";
import type { GitHubSession } from "./github-session.ts";
import { describeGitHubError, isPermissionDenied, messageOf, type Octokit, statusOf } from "./octokit.ts";
import { type StepReport, startReport } from "./step.ts";

/** An upload that failed is tried again (after removing what it may have left) at most this many times. */
const uploadRetries = 2;

export interface ReleaseFile {
  absolutePath: string;
  /** Workspace-relative, as in results.json. */
  sourcePath: string;
  /** The asset's name: the file's name. */
  name: string;
  contentType: string;
}

export interface AttachedAsset {
  sourcePath: string;
  name: string;
  /** The asset's download URL. */
  url: string;
  /** True when an asset of the same name was replaced. */
  replaced: boolean;
}

export interface ReleaseAttachment {
  release: { id: number; tag: string; url: string; draft: boolean };
  assets: AttachedAsset[];
}

/** A release that cannot take the assets, for a reason the user must fix: fails the step. */
export class ReleaseError extends Error {
  readonly reason: "not-found" | "immutable";

  constructor(reason: "not-found" | "immutable", message: string) {
    super(message);
    this.name = "ReleaseError";
    this.reason = reason;
  }
}

interface Release {
  id: number;
  tag_name: string;
  html_url: string;
  upload_url: string;
  draft: boolean;
  /** Present on GitHub since immutable releases exist; true for a release whose assets are frozen. */
  immutable?: boolean;
}

/** What the release step produced. */
export interface ReleaseDelivery {
  report: StepReport;
  /** Files attached to the release, with their download URLs. */
  assets: { sourcePath: string; name: string; url: string }[];
}

/**
 * The `release-assets` step: every file of the session attached to its release. A release that cannot take
 * the assets is an error (those assets are what a release workflow is for); lacking permission, a notice.
 */
export async function deliverToRelease(session: GitHubSession): Promise<ReleaseDelivery> {
  const { octokit, context, release, log } = session;
  const { report, notice, error: fail } = startReport(log);
  const delivery: ReleaseDelivery = { report, assets: [] };
  if (!release) return delivery;
  const label = release.tag;
  try {
    const attached = await attachToRelease(
      octokit,
      context.repo,
      release,
      session.files.map((f) => ({ ...f, name: path.posix.basename(f.sourcePath) })),
      session.backoff,
    );
    delivery.assets = attached.assets.map(({ sourcePath, name, url }) => ({ sourcePath, name, url }));
    const replaced = attached.assets.filter((a) => a.replaced).length;
    log.info(
      `Attached ${attached.assets.length} files to release "${label}"${replaced ? ` (${replaced} replaced)` : ""}: ${attached.release.url}`,
    );
  } catch (error) {
    if (error instanceof ReleaseError) {
      fail(error.message);
    } else if (isPermissionDenied(error)) {
      notice(
        `Did not attach the files to release "${label}": the token may not write releases (${describeGitHubError(error)}). Give the job \`permissions: contents: write\` (${docsHint}).`,
      );
    } else {
      fail(`The files could not be attached to release "${label}": ${describeGitHubError(error)}.`);
    }
  }
  return delivery;
}

/**
 * Uploads every file to the release, replacing same-name assets. Throws ReleaseError or the API's error.
 * `backoff` paces the retries of a failed upload (the transport's policy; its `maxRetries` is not used).
 */
export async function attachToRelease(
  octokit: Octokit,
  repository: { owner: string; repo: string },
  target: ReleaseTarget,
  files: readonly ReleaseFile[],
  backoff: BackoffOptions = gitHubBackoff,
): Promise<ReleaseAttachment> {
  const release = await findRelease(octokit, repository, target);
  const summary = { id: release.id, tag: release.tag_name, url: release.html_url, draft: release.draft };
  if (!release.draft && release.immutable === true) throw immutable(release.tag_name);
  const assets: AttachedAsset[] = [];
  let existing = await assetsByName(octokit, repository, release.id);
  for (const file of files) {
    const bytes = await readFile(file.absolutePath);
    const replaced = existing.has(file.name);
    // Octokit's hook never repeats an upload (it could leave a second asset); here an upload is tried
    // again only after what the failed one may have left is removed. The listing and deleting are
    // retried by the hook; only the upload's own failure is retried here.
    let uploadFailure: unknown;
    const data = await withRetries(
      async (attempt) => {
        if (attempt > 0) existing = await assetsByName(octokit, repository, release.id);
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
            data: bytes as unknown as string,
            // The release's own upload URL: uploads.github.com on github.com, /api/uploads on GHES.
            url: release.upload_url,
            headers: { "content-type": file.contentType },
          });
          return data;
        } catch (error) {
          if (isImmutable(error)) throw immutable(release.tag_name);
          uploadFailure = error;
          throw error;
        }
      },
      {
        backoff: { ...backoff, maxRetries: uploadRetries },
        retryable: (error) => {
          if (error !== uploadFailure) return false;
          // 422 already_exists: another run uploaded the same name meanwhile. 5xx or no answer: the upload
          // may have left an empty asset behind (state "starter"). Either way, list again and replace.
          return statusOf(error) === 422 ? {} : gitHubRetryVerdict(error);
        },
      },
    );
    assets.push({ sourcePath: file.sourcePath, name: data.name, url: data.browser_download_url, replaced });
  }
  return { release: summary, assets };
}

/**
 * The release by id (from a `release` event), or by tag. "Get a release by tag name" never returns a draft,
 * so a tag it does not know is looked up among all releases, drafts included.
 */
async function findRelease(
  octokit: Octokit,
  repository: { owner: string; repo: string },
  target: ReleaseTarget,
): Promise<Release> {
  if (target.id !== undefined) {
    try {
      return (await octokit.rest.repos.getRelease({ ...repository, release_id: target.id })).data as Release;
    } catch (error) {
      if (statusOf(error) !== 404) throw error;
      throw new ReleaseError(
        "not-found",
        `The release "${target.tag}" (id ${target.id}) that triggered this run no longer exists.`,
      );
    }
  }
  try {
    return (await octokit.rest.repos.getReleaseByTag({ ...repository, tag: target.tag })).data as Release;
  } catch (error) {
    if (statusOf(error) !== 404) throw error;
  }
  const releases = await octokit.paginate(octokit.rest.repos.listReleases, { ...repository, per_page: 100 });
  const found = releases.find((r) => r.tag_name === target.tag);
  if (found) return found as Release;
  throw new ReleaseError(
    "not-found",
    `No release has the tag "${target.tag}" in ${repository.owner}/${repository.repo}. Create the release first (a draft is fine: attach the assets, then publish it), or correct \`release-tag\`.`,
  );
}

async function assetsByName(
  octokit: Octokit,
  repository: { owner: string; repo: string },
  releaseId: number,
): Promise<Map<string, number>> {
  const assets = await octokit.paginate(octokit.rest.repos.listReleaseAssets, {
    ...repository,
    release_id: releaseId,
    per_page: 100,
  });
  return new Map(assets.map((a) => [a.name, a.id] as const));
}

async function deleteAsset(
  octokit: Octokit,
  repository: { owner: string; repo: string },
  assetId: number,
  tag: string,
): Promise<void> {
  try {
    await octokit.rest.repos.deleteReleaseAsset({ ...repository, asset_id: assetId });
  } catch (error) {
    if (statusOf(error) === 404) return; // another run replaced it first
    if (isImmutable(error)) throw immutable(tag);
    throw error;
  }
}

function immutable(tag: string): ReleaseError {
  return new ReleaseError(
    "immutable",
    `The release "${tag}" is published and immutable: GitHub accepts no new or replaced assets on it. Create the release as a draft, run this workflow with \`release-tag: ${tag}\` to attach the assets, then publish the draft.`,
  );
}

function isImmutable(error: unknown): boolean {
  return statusOf(error) === 422 && /immutable/i.test(messageOf(error));
}
