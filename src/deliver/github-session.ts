/**
 * The start of delivery to GitHub: which deliveries the settings and the event call for (`media-branch`,
 * `release-assets`, `comment`), a client when there is a token for them, and the run's files that exist.
 * The steps after it (media-branch.ts, release.ts, sticky-comment.ts) each take the session and return
 * what they produced.
 */
import { stat } from "node:fs/promises";
import path from "node:path";
import type { BackoffOptions } from "../api/backoff.ts";
import type { GitHubDeliverySettings } from "../plan/inputs.ts";
import type { TaskRecord } from "../run/record.ts";
import {
  type GitHubContext,
  type PullRequestRef,
  pullRequestOf,
  type ReleaseTarget,
  releaseTargetOf,
} from "./github-context.ts";
import { connectToGitHub, type Octokit } from "./octokit.ts";
import { type StepLog, type StepReport, startReport } from "./step.ts";

export interface GitHubSessionInput {
  records: readonly TaskRecord[];
  /** Absolute; `file.path` of the records is relative to it. */
  workspace: string;
  settings: GitHubDeliverySettings;
  context: GitHubContext;
  log: StepLog;
  /** Retries of a request that failed in transit, with a 5xx or a rate limit; default `gitHubBackoff`. */
  backoff?: BackoffOptions;
}

export interface FileOnDisk {
  absolutePath: string;
  /** Workspace-relative, as in results.json. */
  sourcePath: string;
  contentType: string;
}

/** What every GitHub step works from: plain data and one client. */
export interface GitHubSession {
  octokit: Octokit;
  records: readonly TaskRecord[];
  settings: GitHubDeliverySettings;
  context: GitHubContext;
  /** The pull request to comment on, when there is one. */
  pr?: PullRequestRef;
  /** The release to attach to, when `release-assets` is on and there is one. */
  release?: ReleaseTarget;
  files: FileOnDisk[];
  log: StepLog;
  backoff?: BackoffOptions;
}

/**
 * Says what will not be delivered and why (not a pull request, no release, no token), and opens a session
 * when something is left to deliver. Lacking a token or an event is a notice, never a failure.
 */
export async function openGitHub(
  input: GitHubSessionInput,
): Promise<{ session?: GitHubSession; report: StepReport }> {
  const { settings, context, log } = input;
  const { report, notice } = startReport(log);
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
  if (wanted.length === 0) return { report };
  if (!settings.token) {
    notice(
      `github-token is empty, so ${wanted.join(", ")} was skipped. Leave it at its default (github.token).`,
    );
    return { report };
  }
  const octokit = await connectToGitHub(settings.token, context.apiUrl, {
    backoff: input.backoff,
    info: (line) => log.info(line),
  });
  const files = await filesOnDisk(input.records, input.workspace);
  const session: GitHubSession = {
    octokit,
    records: input.records,
    settings,
    context,
    pr,
    release,
    files,
    log,
    backoff: input.backoff,
  };
  return { session, report };
}

/** The records' files that exist: a resumed record can name a file an earlier job left elsewhere. */
async function filesOnDisk(records: readonly TaskRecord[], workspace: string): Promise<FileOnDisk[]> {
  const found: FileOnDisk[] = [];
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
