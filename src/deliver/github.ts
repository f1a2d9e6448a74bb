/**
 * Delivery to GitHub itself: the run's files committed to `media-branch`, attached to a release
 * (`release-assets`), and a sticky pull request comment (`comment`) that shows them. Takes plain data (the
 * task records, settings, the event context) and a token; never reads action inputs.
 *
 * Lacking permission is a notice, never a failure: a read-only token (a fork's pull request, or a workflow
 * whose `permissions:` leave it out) still gets its generation, its artifact and its summary. Only a release
 * that cannot take its assets fails the step, since those assets are what a release workflow is for.
 */
import { readFileSync } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import type { BackoffOptions } from "../api/backoff.ts";
import { retryRepeatableGitHubRequests } from "../api/transport.ts";
import type { GitHubDeliverySettings } from "../plan/inputs.ts";
import type { TaskRecord } from "../run/record.ts";
import { redact } from "../secrets.ts";
import { commentMarker, isImage, isVideo, renderComment } from "./comment.ts";
import { commitToMediaBranch, type MediaBranchFile, mediaFolder } from "./media-branch.ts";
import { messageOf, type Octokit, statusOf } from "./octokit.ts";
import { attachToRelease, ReleaseError, type ReleaseTarget } from "./release.ts";

/** The author of comments made with a workflow's GITHUB_TOKEN, when the token's identity cannot be read. */
export const actionsBotLogin = "github-actions[bot]";

/** Where the docs explain permissions and forks; named in notices. */
const docsHint = "see docs/github.md in genmedia-action";

/** The event a run was triggered by, as the runner describes it (GITHUB_* variables and the event payload). */
export interface GitHubContext {
  eventName: string;
  repo: { owner: string; repo: string };
  runId: number;
  runAttempt: number;
  /** GITHUB_SERVER_URL, e.g. https://github.com. */
  serverUrl: string;
  /** GITHUB_API_URL, e.g. https://api.github.com. */
  apiUrl: string;
  sha: string;
  /** GITHUB_REF, e.g. refs/heads/main or refs/pull/12/merge. */
  ref: string;
  /** The webhook payload of GITHUB_EVENT_PATH. */
  payload: Record<string, unknown>;
}

export interface GitHubDeliveryLog {
  info(line: string): void;
  notice(line: string): void;
  warning(line: string): void;
}

export interface GitHubDeliveryInput {
  records: readonly TaskRecord[];
  /** Absolute; `file.path` of the records is relative to it. */
  workspace: string;
  settings: GitHubDeliverySettings;
  context: GitHubContext;
  /** Workspace-relative file path → its own artifact's page (`artifact-layout: per-file`). */
  artifactLinks?: ReadonlyMap<string, string>;
  /** The (first) artifact's page. */
  artifactUrl?: string;
  log: GitHubDeliveryLog;
  /** Retries of a request that failed in transit, with a 5xx or a rate limit; default `gitHubBackoff`. */
  backoff?: BackoffOptions;
}

export interface GitHubDelivery {
  /** The sticky comment's page, when one was written. */
  commentUrl?: string;
  /** Workspace-relative file path → its URL on `media-branch` (images render inline from it). */
  mediaUrls: Map<string, string>;
  /** The `media-branch` commit of this run. */
  mediaCommit?: string;
  /** Files attached to the release, with their download URLs. */
  releaseAssets: { sourcePath: string; name: string; url: string }[];
  /** Already logged with `log.notice`: what was skipped for lack of permission, and how to allow it. */
  notices: string[];
  /** Already logged with `log.warning`: what failed without failing the step. */
  warnings: string[];
  /** Not logged: sentences that should fail the step (a release that cannot take its assets). */
  errors: string[];
}

/** Runs every GitHub delivery the settings ask for: media branch first, then the release, then the comment. */
export async function deliverToGitHub(input: GitHubDeliveryInput): Promise<GitHubDelivery> {
  const { settings, context, log } = input;
  const result: GitHubDelivery = {
    mediaUrls: new Map(),
    releaseAssets: [],
    notices: [],
    warnings: [],
    errors: [],
  };
  const notice = (line: string) => {
    result.notices.push(line);
    log.notice(line);
  };
  const warning = (line: string) => {
    result.warnings.push(line);
    log.warning(line);
  };
  const pr = pullRequestOf(context, settings.prNumber);
  const release = settings.releaseAssets ? releaseTargetOf(context, settings.releaseTag) : undefined;
  if (settings.comment && !pr) {
    log.info(
      `comment: this run (event "${context.eventName}") is not for a pull request, so no comment is written.`,
    );
  }
  if (settings.releaseAssets && !release) {
    notice(
      `release-assets: this run (event "${context.eventName}") was not triggered by a release and \`release-tag\` is empty, so no release assets were uploaded.`,
    );
  }
  const wanted = [
    settings.mediaBranch ? "media-branch" : "",
    release ? "release-assets" : "",
    settings.comment && pr ? "comment" : "",
  ].filter(Boolean);
  if (wanted.length === 0) return result;
  if (!settings.token) {
    notice(
      `github-token is empty, so ${wanted.join(", ")} was skipped. Leave it at its default (github.token).`,
    );
    return result;
  }
  // Loaded only now: Octokit is a megabyte of code (and ~8 MiB of memory) that most runs never need.
  const { getOctokit } = await import("@actions/github");
  const octokit = getOctokit(settings.token, { baseUrl: context.apiUrl });
  redactRequestText(octokit);
  octokit.hook.wrap(
    "request",
    retryRepeatableGitHubRequests({
      backoff: input.backoff,
      onWait: (wait, _error, retryAfter) => {
        if (retryAfter !== undefined)
          log.info(`GitHub asked to slow down: retrying in ${Math.ceil(wait / 1000)}s.`);
      },
    }),
  );
  const files = await filesOnDisk(input.records, input.workspace);
  const fork = pr?.fork;
  const commentNotes: string[] = [];

  if (settings.mediaBranch && files.length > 0) {
    const branch = settings.mediaBranch;
    const folder = mediaFolder({ prNumber: pr?.number, ref: context.ref }, context.runId);
    const branchFiles: MediaBranchFile[] = files.map((f) => ({
      absolutePath: f.absolutePath,
      sourcePath: f.sourcePath,
      branchPath: `${folder}/${path.posix.basename(f.sourcePath)}`,
    }));
    try {
      const commit = await commitToMediaBranch(
        octokit,
        { ...context.repo, branch, serverUrl: context.serverUrl },
        branchFiles,
        `genmedia: ${branchFiles.length} files of run ${context.runId} (${folder}) [skip ci]`,
      );
      result.mediaCommit = commit.commitSha;
      for (const [file, url] of commit.urls) result.mediaUrls.set(file, url);
      log.info(
        `${commit.created ? "Created" : "Updated"} branch "${branch}": ${commit.urls.size} files in ${folder}/ (commit ${commit.commitSha.slice(0, 7)}).`,
      );
      for (const skip of commit.skipped) warning(`media-branch: ${skip.reason}; it is in the artifact only.`);
    } catch (error) {
      if (isPermissionDenied(error)) {
        notice(
          `Did not commit the media to branch "${branch}": ${fork ? forkReason(fork) : `the token may not push to the repository (${describe(error)}). Give the job \`permissions: contents: write\` (${docsHint})`}.`,
        );
      } else {
        warning(`Could not commit the media to branch "${branch}": ${describe(error)}.`);
      }
      commentNotes.push(
        `> Images are not shown inline: they could not be committed to \`${escapeCode(branch)}\` (see the run's log).`,
      );
    }
  } else if (!settings.mediaBranch && files.some((f) => isImage(f.contentType))) {
    commentNotes.push(
      "> Images are not shown inline: GitHub cannot show artifact files in a comment. Set `media-branch` to show them here.",
    );
  }

  if (release) {
    const label = release.tag;
    try {
      const attached = await attachToRelease(
        octokit,
        context.repo,
        release,
        files.map((f) => ({ ...f, name: path.posix.basename(f.sourcePath) })),
        input.backoff,
      );
      result.releaseAssets = attached.assets.map(({ sourcePath, name, url }) => ({ sourcePath, name, url }));
      const replaced = attached.assets.filter((a) => a.replaced).length;
      log.info(
        `Attached ${attached.assets.length} files to release "${label}"${replaced ? ` (${replaced} replaced)` : ""}: ${attached.release.url}`,
      );
    } catch (error) {
      if (error instanceof ReleaseError) {
        result.errors.push(error.message);
      } else if (isPermissionDenied(error)) {
        notice(
          `Did not attach the files to release "${label}": the token may not write releases (${describe(error)}). Give the job \`permissions: contents: write\` (${docsHint}).`,
        );
      } else {
        result.errors.push(`The files could not be attached to release "${label}": ${describe(error)}.`);
      }
    }
  }

  if (settings.comment && pr) {
    const body = renderComment({
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
      log.info(
        `${written.created ? "Posted" : "Updated"} the comment on pull request #${pr.number}: ${written.url}`,
      );
    } catch (error) {
      if (isPermissionDenied(error)) {
        notice(
          `Skipped the pull request comment: ${fork ? forkReason(fork) : `the token may not write to pull requests (${describe(error)}). Give the job \`permissions: pull-requests: write\` (${docsHint})`}.`,
        );
      } else {
        warning(`Could not write the comment on pull request #${pr.number}: ${describe(error)}.`);
      }
    }
  }
  return result;
}

/** The context from the runner's variables and event file; safe to call outside a workflow. */
export function gitHubContextFromEnvironment(env: NodeJS.ProcessEnv = process.env): GitHubContext {
  const [owner = "", repo = ""] = (env.GITHUB_REPOSITORY ?? "").split("/");
  let payload: Record<string, unknown> = {};
  if (env.GITHUB_EVENT_PATH) {
    try {
      const parsed: unknown = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, "utf8"));
      if (parsed && typeof parsed === "object") payload = parsed as Record<string, unknown>;
    } catch {
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

export function runUrlOf(context: GitHubContext): string {
  return `${context.serverUrl}/${context.repo.owner}/${context.repo.repo}/actions/runs/${context.runId}`;
}

const repoName = z.object({ full_name: z.string() });
const pullRequestSchema = z.object({
  number: z.number().int().positive(),
  head: z.object({ sha: z.string().optional(), repo: repoName.nullish() }).optional(),
  base: z.object({ repo: repoName.nullish() }).optional(),
});
const pullRequestEvents = new Set([
  "pull_request",
  "pull_request_target",
  "pull_request_review",
  "pull_request_review_comment",
]);

export interface PullRequestRef {
  number: number;
  headSha?: string;
  /** `owner/repo` of the head when it is a fork (a `pull_request` run from it gets a read-only token). */
  fork?: string;
}

/**
 * The pull request to comment on: the explicit number, else the event's pull request (also an
 * `issue_comment` on a pull request, and a same-repository `workflow_run`; GitHub leaves
 * `workflow_run.pull_requests` empty for forks, which is why `prNumber` exists).
 */
export function pullRequestOf(context: GitHubContext, explicit?: number): PullRequestRef | undefined {
  const payload = context.payload;
  if (explicit !== undefined) {
    // From a `workflow_run`, the commit is the one the triggering run built, not this run's default branch.
    const headSha =
      context.eventName === "workflow_run"
        ? z.object({ head_sha: z.string() }).safeParse(payload.workflow_run).data?.head_sha
        : undefined;
    return headSha ? { number: explicit, headSha } : { number: explicit };
  }
  if (pullRequestEvents.has(context.eventName)) {
    const parsed = pullRequestSchema.safeParse(payload.pull_request);
    if (!parsed.success) return undefined;
    const pr = parsed.data;
    const head = pr.head?.repo?.full_name;
    const base = pr.base?.repo?.full_name ?? repoName.safeParse(payload.repository).data?.full_name;
    // Only `pull_request` runs get the restricted token; `pull_request_target` runs in the base repository.
    const fork =
      context.eventName === "pull_request" && pr.head && head !== base
        ? (head ?? "a deleted fork")
        : undefined;
    return { number: pr.number, headSha: pr.head?.sha, fork };
  }
  if (context.eventName === "issue_comment") {
    const issue = z
      .object({ number: z.number().int().positive(), pull_request: z.object({}).loose() })
      .safeParse(payload.issue);
    return issue.success ? { number: issue.data.number } : undefined;
  }
  if (context.eventName === "workflow_run") {
    const run = z
      .object({
        head_sha: z.string().optional(),
        pull_requests: z.array(z.object({ number: z.number().int().positive() })),
      })
      .safeParse(payload.workflow_run);
    const first = run.success ? run.data.pull_requests[0] : undefined;
    return first ? { number: first.number, headSha: run.data?.head_sha } : undefined;
  }
  return undefined;
}

/** The release to attach to: `release-tag`, else the release of a `release` event. */
export function releaseTargetOf(context: GitHubContext, releaseTag?: string): ReleaseTarget | undefined {
  if (releaseTag) return { tag: releaseTag };
  if (context.eventName !== "release") return undefined;
  const release = z
    .object({ id: z.number().int().positive(), tag_name: z.string() })
    .safeParse(context.payload.release);
  return release.success ? { id: release.data.id, tag: release.data.tag_name } : undefined;
}

/**
 * For the empty-`api-key` error: on a `pull_request` run from a fork, GitHub passes no secrets, and the
 * reason deserves saying. Undefined for any other run.
 */
export function forkSecretsHint(context: GitHubContext): string | undefined {
  const fork = pullRequestOf(context)?.fork;
  if (!fork) return undefined;
  return `This run is for a pull request from the fork ${fork}: GitHub passes no secrets (so no API key) to workflows that pull requests from forks trigger. Generate in a workflow that runs in this repository instead: the two-workflow \`workflow_run\` pattern (${docsHint}).`;
}

function forkReason(fork: string): string {
  return `this run is for a pull request from the fork ${fork}, and GitHub gives such runs a read-only token and no secrets. To comment on pull requests from forks, post from a second workflow triggered by \`workflow_run\` that runs in this repository (${docsHint})`;
}

interface OnDisk {
  absolutePath: string;
  sourcePath: string;
  contentType: string;
}

/** The records' files that exist: a resumed record can name a file an earlier job left elsewhere. */
async function filesOnDisk(records: readonly TaskRecord[], workspace: string): Promise<OnDisk[]> {
  const found: OnDisk[] = [];
  for (const record of records) {
    if (!record.file) continue;
    const absolutePath = path.resolve(workspace, record.file.path);
    const exists = await stat(absolutePath).then(
      (s) => s.isFile(),
      () => false,
    );
    if (exists)
      found.push({ absolutePath, sourcePath: record.file.path, contentType: record.file.contentType });
  }
  return found;
}

/** A video's poster: the image of the task named `<video task>-poster`, when there is one. */
function postersOf(records: readonly TaskRecord[]): Map<string, string> {
  const images = new Map(
    records.flatMap((r) => (r.file && isImage(r.file.contentType) ? [[r.name, r.file.path] as const] : [])),
  );
  return new Map(
    records.flatMap((r) => {
      const poster = r.file && isVideo(r.file.contentType) ? images.get(`${r.name}-poster`) : undefined;
      return r.file && poster ? [[r.file.path, poster] as const] : [];
    }),
  );
}

interface WrittenComment {
  id: number;
  url: string;
  created: boolean;
}

interface IssueComment {
  id: number;
  body?: string;
  created_at: string;
  html_url: string;
  user: { login: string } | null;
}

/**
 * Creates or updates the one comment of `tag` on the pull request: a comment by this token's own identity
 * carrying the tag's marker. Two runs that both find none both create one; each then lists again and keeps
 * only the oldest, which takes the body of whichever run writes last.
 */
export async function writeStickyComment(
  octokit: Octokit,
  repository: { owner: string; repo: string },
  issueNumber: number,
  tag: string,
  body: string,
): Promise<WrittenComment> {
  const marker = commentMarker(tag);
  const ours = async (login: string): Promise<IssueComment[]> => {
    const all: IssueComment[] = await octokit.paginate(octokit.rest.issues.listComments, {
      ...repository,
      issue_number: issueNumber,
      per_page: 100,
    });
    return all
      .filter((c) => c.body?.includes(marker) && sameLogin(c.user?.login, login))
      .sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id - b.id);
  };
  const remove = async (comments: readonly IssueComment[]): Promise<void> => {
    for (const comment of comments) {
      try {
        await octokit.rest.issues.deleteComment({ ...repository, comment_id: comment.id });
      } catch (error) {
        if (statusOf(error) !== 404) throw error; // the other run removed it first
      }
    }
  };
  const update = async (comment: IssueComment): Promise<WrittenComment> => {
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
async function ownLogin(octokit: Octokit): Promise<string> {
  try {
    const data = await octokit.graphql<{ viewer: { login: string } }>("query { viewer { login } }");
    if (data.viewer.login) return data.viewer.login;
  } catch {
    // GraphQL unavailable (an old GHES, a stand-in): try REST.
  }
  try {
    return (await octokit.rest.users.getAuthenticated()).data.login;
  } catch {
    return actionsBotLogin;
  }
}

/** GraphQL names bots without the `[bot]` suffix that REST authors carry. */
function sameLogin(a: string | undefined, b: string): boolean {
  const plain = (login: string) => login.replace(/\[bot\]$/i, "").toLowerCase();
  return a !== undefined && plain(a) === plain(b);
}

/**
 * What this run writes to GitHub (comment bodies, commit messages, asset names) is redacted on its way out:
 * the one exit for text sent to GitHub. File contents and the request's own headers are left alone.
 */
function redactRequestText(octokit: Octokit): void {
  octokit.hook.before("request", (options) => {
    const fields = options as Record<string, unknown>;
    for (const key of ["body", "message", "name", "label", "title"]) {
      const value = fields[key];
      if (typeof value === "string") fields[key] = redact(value);
    }
  });
}

function isPermissionDenied(error: unknown): boolean {
  return statusOf(error) === 403 && !/rate limit/i.test(messageOf(error));
}

/** "403 Resource not accessible by integration", or the error's first line. */
function describe(error: unknown): string {
  const status = statusOf(error);
  const message = (messageOf(error).split("\n")[0] ?? "").trim().replace(/\.$/, "");
  const short = message.length > 300 ? `${message.slice(0, 299)}…` : message;
  return status ? `${status} ${short}` : short;
}

function escapeCode(text: string): string {
  return text.replace(/`/g, "");
}
