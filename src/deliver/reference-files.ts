/**
 * `file:` references (design 9): the API downloads reference media from a public URL, and the media branch of
 * a public repository gives a workspace file one. The files are committed before the run sends anything, in
 * one commit, under a folder named by their content hash, so the same file keeps the same path run after run;
 * the URL sent is pinned to the commit.
 */
import path from "node:path";
import type { Settings } from "../plan/inputs.ts";
import type { PlannedFile } from "../plan/tasks.ts";
import type { GitHubContext } from "./github-context.ts";
import { commitToMediaBranch, type MediaBranchTarget, rawFileUrl } from "./media-branch.ts";
import { connectToGitHub, describeGitHubError } from "./octokit.ts";

/** Workspace path → the commit-pinned public URL of the file; or why the files could not be published. */
export type PublishedFiles = { urls: Map<string, string> } | { problem: string };

export async function publishReferenceFiles(
  files: readonly PlannedFile[],
  settings: Settings,
  context: GitHubContext,
  log: (line: string) => void,
): Promise<PublishedFiles> {
  const branch = settings.github.mediaBranch;
  if (files.length === 0) return { urls: new Map() };
  if (!branch) return { problem: 'the "media-branch" input is not set' };
  if (!settings.github.token) return { problem: "github-token is empty, so nothing can be committed" };
  const target: MediaBranchTarget = { ...context.repo, branch, serverUrl: context.serverUrl };
  try {
    const octokit = await connectToGitHub(settings.github.token, context.apiUrl, { info: log });
    const commit = await commitToMediaBranch(
      octokit,
      target,
      files.map((file) => ({
        // The plan resolved links: this is the real file it checked and hashed, inside the workspace.
        absolutePath: path.join(settings.workspace, file.path),
        sourcePath: file.path,
        branchPath: `reference-media/${file.sha256.slice(0, 16)}/${path.posix.basename(file.path)}`,
      })),
      `genmedia: ${files.length} reference files of run ${context.runId} [skip ci]`,
    );
    if (commit.skipped.length) return { problem: commit.skipped.map((s) => s.reason).join("; ") };
    const urls = new Map<string, string>();
    for (const file of files) {
      const branchPath = `reference-media/${file.sha256.slice(0, 16)}/${path.posix.basename(file.path)}`;
      urls.set(file.path, publicUrl(target, commit.commitSha, branchPath));
    }
    log(
      `Published ${files.length} reference files on branch "${branch}" (commit ${commit.commitSha.slice(0, 7)}).`,
    );
    return { urls };
  } catch (error) {
    return { problem: `they could not be committed to branch "${branch}": ${describeGitHubError(error)}` };
  }
}

/**
 * github.com serves a public repository's file at raw.githubusercontent.com without a redirect, which is what
 * a service downloading it is most likely to handle; elsewhere (GitHub Enterprise) the server's raw route.
 */
function publicUrl(target: MediaBranchTarget, commitSha: string, branchPath: string): string {
  if (target.serverUrl.replace(/\/+$/, "") !== "https://github.com") {
    return rawFileUrl(target, commitSha, branchPath);
  }
  const encoded = branchPath.split("/").map(encodeURIComponent).join("/");
  return `https://raw.githubusercontent.com/${encodeURIComponent(target.owner)}/${encodeURIComponent(target.repo)}/${commitSha}/${encoded}`;
}
