/**
 * Octokit as the GitHub deliveries use it: the client's type, and what its RequestError says, read without
 * depending on its class (it crosses bundle chunks). Type-only at run time: Octokit itself is loaded on demand.
 */
import type { getOctokit } from "@actions/github";

export type Octokit = ReturnType<typeof getOctokit>;

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
