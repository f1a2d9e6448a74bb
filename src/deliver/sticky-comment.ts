/**
 * The sticky pull request comment, written: one comment per `comment-tag`, by this token's identity, created
 * once and then updated in place, whatever runs race for it. The body is rendered by comment.ts.
 */
import type { TaskRecord } from "../run/record.ts";
import { commentMarker, isImage, isVideo, renderComment } from "./comment.ts";
import { docsHint, forkReason, runUrlOf } from "./github-context.ts";
import type { GitHubSession } from "./github-session.ts";
import { describeGitHubError, isPermissionDenied, type Octokit, statusOf } from "./octokit.ts";
import { type StepReport, startReport } from "./step.ts";

/** The author of comments made with a workflow's GITHUB_TOKEN, when the token's identity cannot be read. */
export const actionsBotLogin = "github-actions[bot]";

/** What the earlier steps give the comment to link and show. */
export interface CommentLinks {
  /** Workspace-relative file path → its URL on `media-branch`. */
  mediaUrls: ReadonlyMap<string, string>;
  /** Why images are not inline although `media-branch` is set (the media branch step's note). */
  mediaNote?: string;
  /** Workspace-relative file path → its own artifact's page (`artifact-layout: per-file`). */
  artifactLinks?: ReadonlyMap<string, string>;
  /** The (first) artifact's page. */
  artifactUrl?: string;
  /** The run's estimated cost (safe Markdown), shown above the other notes. */
  costNote?: string;
}

/** What the comment step produced. */
export interface CommentDelivery {
  report: StepReport;
  /** The sticky comment's page, when one was written. */
  url?: string;
}

/**
 * The `comment` step: the sticky comment on the session's pull request. Lacking permission is a notice, any
 * other failure a warning; neither fails the step.
 */
export async function deliverComment(session: GitHubSession, links: CommentLinks): Promise<CommentDelivery> {
  const { octokit, context, settings, pr, log } = session;
  const { report, notice, warning } = startReport(log);
  if (!settings.comment || !pr) return { report };
  const notes: string[] = links.costNote ? [`💰 ${links.costNote}`] : [];
  if (links.mediaNote) notes.push(links.mediaNote);
  else if (!settings.mediaBranch && session.files.some((f) => isImage(f.contentType))) {
    notes.push(
      "> Images are not shown inline: GitHub cannot show artifact files in a comment. Set `media-branch` to show them here.",
    );
  }
  const body = renderComment({
    tag: settings.commentTag,
    records: session.records,
    runUrl: runUrlOf(context),
    sha: pr.headSha ?? context.sha,
    mediaUrls: links.mediaUrls,
    artifactLinks: links.artifactLinks,
    artifactUrl: links.artifactUrl,
    posters: postersOf(session.records),
    notes,
  });
  try {
    const written = await writeStickyComment(octokit, context.repo, pr.number, settings.commentTag, body);
    log.info(
      `${written.created ? "Posted" : "Updated"} the comment on pull request #${pr.number}: ${written.url}`,
    );
    return { report, url: written.url };
  } catch (error) {
    if (isPermissionDenied(error)) {
      notice(
        `Skipped the pull request comment: ${pr.fork ? forkReason(pr.fork) : `the token may not write to pull requests (${describeGitHubError(error)}). Give the job \`permissions: pull-requests: write\` (${docsHint})`}.`,
      );
    } else {
      warning(`Could not write the comment on pull request #${pr.number}: ${describeGitHubError(error)}.`);
    }
    return { report };
  }
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
