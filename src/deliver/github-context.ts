/**
 * The event a run was triggered by, read from the runner's variables and event file: the pull request to
 * comment on (and whether it comes from a fork), the release to attach to, and the sentences that explain
 * what a fork's read-only token cannot do. Plain data; no requests.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";

/** A release to attach to: by tag (`release-tag`), or the id and tag of a `release` event's release. */
export type ReleaseTarget = { tag: string; id?: undefined } | { id: number; tag: string };

/** Where the docs explain permissions and forks; named in notices. */
export const docsHint = "see docs/github.md in genmedia-action";

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

/** Why a fork's run could not write to the repository, and the pattern that can. */
export function forkReason(fork: string): string {
  return `this run is for a pull request from the fork ${fork}, and GitHub gives such runs a read-only token and no secrets. To comment on pull requests from forks, post from a second workflow triggered by \`workflow_run\` that runs in this repository (${docsHint})`;
}
