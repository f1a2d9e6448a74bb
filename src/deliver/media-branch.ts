/**
 * `media-branch`: commits a run's files to a branch of the repository, so comments and summaries can show
 * images from a URL that does not expire and that GitHub renders. One commit per run, made through the Git
 * data API (blobs, a tree on top of the branch's tree, a commit, a ref update), so no checkout, no git
 * binary and no workspace changes are needed.
 *
 * A missing branch is created as an orphan (a root commit holding only a README and the media): the branch
 * never carries the project's code or workflows, so it is small, cannot be merged by accident, and a push
 * to it starts no workflow.
 */
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import pLimit from "p-limit";
import { branchNameProblem } from "../plan/branch-name.ts";
import { docsHint, forkReason } from "./github-context.ts";
import type { GitHubSession } from "./github-session.ts";
import { describeGitHubError, isPermissionDenied, type Octokit, statusOf } from "./octokit.ts";
import { type StepReport, startReport } from "./step.ts";

/** The Git data API refuses blobs over 100 MB. */
export const maxBlobBytes = 100 * 1000 * 1000;

/**
 * Ref updates lost to a concurrent push (matrix jobs committing at once) are rebuilt on the new head this
 * many times. Not a retry of a failure (Octokit's hook retries those, with the transport's backoff): the
 * 422 says another push has landed, so the head is read again at once and this run's commit made on it.
 */
const refUpdateAttempts = 5;
const blobConcurrency = 4;

export interface MediaBranchFile {
  absolutePath: string;
  /** Workspace-relative, as in results.json: the key of the returned URLs. */
  sourcePath: string;
  /** Where the file goes in the branch. */
  branchPath: string;
}

export interface MediaBranchTarget {
  owner: string;
  repo: string;
  branch: string;
  /** GITHUB_SERVER_URL, for the file URLs. */
  serverUrl: string;
}

export interface MediaBranchCommit {
  commitSha: string;
  /** True when this run created the branch. */
  created: boolean;
  /** Workspace-relative path → the file's URL at this commit. */
  urls: Map<string, string>;
  /** Files that were not committed, each with a sentence saying why. */
  skipped: { sourcePath: string; reason: string }[];
}

/** What the media branch step produced. */
export interface MediaBranchDelivery {
  report: StepReport;
  /** Workspace-relative file path → its URL on `media-branch` (images render inline from it). */
  urls: Map<string, string>;
  /** The `media-branch` commit of this run. */
  commit?: string;
  /** A line for the comment when the files could not be committed, so images are not inline. */
  commentNote?: string;
}

/**
 * The `media-branch` step: the session's files committed under this run's folder. Lacking permission is a
 * notice, any other failure a warning; neither fails the step (the files are in the artifact).
 */
export async function deliverToMediaBranch(session: GitHubSession): Promise<MediaBranchDelivery> {
  const { octokit, context, files, pr, log } = session;
  const { report, notice, warning } = startReport(log);
  const delivery: MediaBranchDelivery = { report, urls: new Map() };
  const branch = session.settings.mediaBranch;
  if (!branch || files.length === 0) return delivery;
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
    delivery.commit = commit.commitSha;
    for (const [file, url] of commit.urls) delivery.urls.set(file, url);
    log.info(
      `${commit.created ? "Created" : "Updated"} branch "${branch}": ${commit.urls.size} files in ${folder}/ (commit ${commit.commitSha.slice(0, 7)}).`,
    );
    for (const skip of commit.skipped) warning(`media-branch: ${skip.reason}; it is in the artifact only.`);
  } catch (error) {
    if (isPermissionDenied(error)) {
      notice(
        `Did not commit the media to branch "${branch}": ${pr?.fork ? forkReason(pr.fork) : `the token may not push to the repository (${describeGitHubError(error)}). Give the job \`permissions: contents: write\` (${docsHint})`}.`,
      );
    } else {
      warning(`Could not commit the media to branch "${branch}": ${describeGitHubError(error)}.`);
    }
    delivery.commentNote = `> Images are not shown inline: they could not be committed to \`${branch.replace(/`/g, "")}\` (see the run's log).`;
  }
  return delivery;
}

/**
 * The folder of one run in the branch: `pr-<number>/<run id>` for a pull request, else `<ref name>/<run id>`
 * (`main/1234`, `v1.2.0/1234`). A re-run (a new attempt of the same run) writes over its own folder.
 */
export function mediaFolder(where: { prNumber?: number; ref?: string }, runId: number | string): string {
  const scope =
    where.prNumber !== undefined
      ? `pr-${where.prNumber}`
      : (where.ref ?? "")
          .replace(/^refs\/(heads|tags)\//, "")
          .replace(/[^A-Za-z0-9._-]+/g, "-")
          .replace(/^[.-]+|[.-]+$/g, "") || "run";
  return `${scope}/${runId}`;
}

/**
 * The URL that shows a committed file: `<server>/<owner>/<repo>/raw/<commit>/<path>`. github.com serves it
 * to anyone who can read the repository (for a private one, with the viewer's own session, redirecting to
 * a short-lived raw.githubusercontent.com URL), which is why it renders in comments of private repositories
 * where a raw.githubusercontent.com link would not. Pinned to the commit, it keeps showing this run's file
 * whatever later runs or clean-ups do to the branch head.
 */
export function rawFileUrl(
  target: Pick<MediaBranchTarget, "serverUrl" | "owner" | "repo">,
  commitSha: string,
  branchPath: string,
): string {
  const server = target.serverUrl.replace(/\/+$/, "");
  const encoded = branchPath.split("/").map(encodeURIComponent).join("/");
  return `${server}/${encodeURIComponent(target.owner)}/${encodeURIComponent(target.repo)}/raw/${commitSha}/${encoded}`;
}

/**
 * Commits `files` to the branch in one commit and returns the commit and each file's URL. Creates the branch
 * when it is missing; retries when another run moved the branch in between.
 */
export async function commitToMediaBranch(
  octokit: Octokit,
  target: MediaBranchTarget,
  files: readonly MediaBranchFile[],
  message: string,
): Promise<MediaBranchCommit> {
  const problem = branchNameProblem(target.branch);
  if (problem) throw new Error(`"${target.branch}" cannot be a branch name: ${problem}.`);
  const { owner, repo } = target;
  const skipped: MediaBranchCommit["skipped"] = [];
  const limit = pLimit(blobConcurrency);
  const entries = (
    await Promise.all(
      files.map((file) =>
        limit(async () => {
          const { size } = await stat(file.absolutePath);
          if (size > maxBlobBytes) {
            skipped.push({
              sourcePath: file.sourcePath,
              reason: `${file.sourcePath} is larger than the 100 MB GitHub accepts for a file in a repository`,
            });
            return undefined;
          }
          const sha = await createBlob(octokit, owner, repo, await readFile(file.absolutePath));
          return { file, sha };
        }),
      ),
    )
  ).flatMap((entry) => (entry ? [entry] : []));
  const tree = entries.map(({ file, sha }) => ({
    path: file.branchPath,
    mode: "100644" as const,
    type: "blob" as const,
    sha,
  }));
  const ref = `heads/${target.branch}`;
  for (let attempt = 1; ; attempt++) {
    const head = await headOf(octokit, owner, repo, ref);
    const treeEntries = head
      ? tree
      : [
          {
            path: "README.md",
            mode: "100644" as const,
            type: "blob" as const,
            sha: await createBlob(octokit, owner, repo, Buffer.from(branchReadme(target.branch))),
          },
          ...tree,
        ];
    const { data: newTree } = await octokit.rest.git.createTree({
      owner,
      repo,
      tree: treeEntries,
      ...(head ? { base_tree: head.treeSha } : {}),
    });
    const { data: commit } = await octokit.rest.git.createCommit({
      owner,
      repo,
      message,
      tree: newTree.sha,
      parents: head ? [head.commitSha] : [],
    });
    try {
      if (head) {
        await octokit.rest.git.updateRef({ owner, repo, ref, sha: commit.sha, force: false });
      } else {
        await octokit.rest.git.createRef({ owner, repo, ref: `refs/${ref}`, sha: commit.sha });
      }
    } catch (error) {
      // 422: not a fast-forward (someone pushed since we read the head), or the branch was created since.
      if (statusOf(error) === 422 && attempt < refUpdateAttempts) continue;
      if (statusOf(error) === 422) {
        throw new Error(
          `the branch "${target.branch}" kept moving: ${refUpdateAttempts} attempts to add this run's commit lost to other pushes`,
        );
      }
      throw error;
    }
    const urls = new Map(
      entries.map(({ file }) => [file.sourcePath, rawFileUrl(target, commit.sha, file.branchPath)] as const),
    );
    return { commitSha: commit.sha, created: !head, urls, skipped };
  }
}

async function createBlob(octokit: Octokit, owner: string, repo: string, bytes: Buffer): Promise<string> {
  const { data } = await octokit.rest.git.createBlob({
    owner,
    repo,
    content: bytes.toString("base64"),
    encoding: "base64",
  });
  return data.sha;
}

async function headOf(
  octokit: Octokit,
  owner: string,
  repo: string,
  ref: string,
): Promise<{ commitSha: string; treeSha: string } | undefined> {
  try {
    const { data } = await octokit.rest.git.getRef({ owner, repo, ref });
    const { data: commit } = await octokit.rest.git.getCommit({ owner, repo, commit_sha: data.object.sha });
    return { commitSha: commit.sha, treeSha: commit.tree.sha };
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw error;
  }
}

function branchReadme(branch: string): string {
  return [
    `# ${branch}`,
    "",
    "Media generated by genmedia-action, committed here so that pull request comments and job summaries can",
    "show it. Each run adds a folder `<pr-number or ref>/<run id>/`. This branch holds no code and is not",
    "meant to be merged. Deleting it (or rewriting its history) breaks the images of older comments.",
    "",
  ].join("\n");
}
