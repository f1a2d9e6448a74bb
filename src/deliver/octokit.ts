/**
 * Octokit as the GitHub deliveries use it: one client per run, with the transport's retries and the one exit
 * for text sent to GitHub, and what its RequestError says, read without depending on its class (it crosses
 * bundle chunks). Octokit itself is loaded on demand: it is a megabyte of code (and ~8 MiB of memory) that
 * most runs never need.
 */
import type { getOctokit } from "@actions/github";
import type { BackoffOptions } from "../api/backoff.ts";
import { retryRepeatableGitHubRequests } from "../api/transport.ts";
import { redact } from "../secrets.ts";

export type Octokit = ReturnType<typeof getOctokit>;

/**
 * A client for `token` at `apiUrl`: a request that failed in transit, with a 5xx or a rate limit is retried
 * with `backoff` (default `gitHubBackoff`), and a rate limit's wait is logged.
 */
export async function connectToGitHub(
  token: string,
  apiUrl: string,
  options: { backoff?: BackoffOptions; info(line: string): void },
): Promise<Octokit> {
  const { getOctokit } = await import("@actions/github");
  const octokit = getOctokit(token, { baseUrl: apiUrl });
  redactRequestText(octokit);
  octokit.hook.wrap(
    "request",
    retryRepeatableGitHubRequests({
      backoff: options.backoff,
      onWait: (wait, _error, retryAfter) => {
        if (retryAfter !== undefined)
          options.info(`GitHub asked to slow down: retrying in ${Math.ceil(wait / 1000)}s.`);
      },
    }),
  );
  return octokit;
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

export function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : undefined;
}

/** GitHub's own message (`response.data.message`) when there is one, else the error's. */
export function messageOf(error: unknown): string {
  const data = (error as { response?: { data?: unknown } } | null)?.response?.data;
  const message = (data as { message?: unknown } | undefined)?.message;
  if (typeof message === "string") return message;
  return error instanceof Error ? error.message : String(error);
}

/** A 403 that is not a rate limit: the token lacks a permission, which is a notice, never a failure. */
export function isPermissionDenied(error: unknown): boolean {
  return statusOf(error) === 403 && !/rate limit/i.test(messageOf(error));
}

/** "403 Resource not accessible by integration", or the error's first line. */
export function describeGitHubError(error: unknown): string {
  const status = statusOf(error);
  const message = (messageOf(error).split("\n")[0] ?? "").trim().replace(/\.$/, "");
  const short = message.length > 300 ? `${message.slice(0, 299)}…` : message;
  return status ? `${status} ${short}` : short;
}
