/**
 * The sticky pull request comment, rendered: a hidden marker that finds it again, one table row per task,
 * images inline where a durable URL exists, everything else as a link, the run link, and a body that always
 * fits GitHub's limit. Pure: records and URLs in, Markdown out.
 *
 * GitHub offers no API to attach files to a comment, strips `data:` images and `<video>` tags, and an
 * artifact link needs a login and never renders as an image; provider URLs expire after 24 h. So an image
 * is shown inline only from a URL that lives in the repository itself (the `media-branch` commit), and
 * anything else is a link.
 */
import type { TaskRecord } from "../run/record.ts";
import {
  codeSpan,
  errorDetails,
  escapeMarkdown,
  formatBytes,
  keepWhatFits,
  linkTarget,
  statusCell,
} from "./markdown.ts";

/** GitHub refuses a comment body over 65,536 characters. */
export const commentLimit = 65_536;
/**
 * What a rendered body is held to. JavaScript counts UTF-16 code units, never fewer than the characters
 * GitHub counts, and the margin leaves room for a wrapper to add a line.
 */
export const commentBudget = commentLimit - 1_024;

/** An error sentence in the comment is cut to this many characters; the job summary has more. */
const maxErrorLength = 300;
/** Width of an inline image, so a batch of images stays a readable table. */
const imageWidth = 240;

/**
 * The hidden first line that identifies the comment of one `comment-tag`. The tag is percent-encoded, so no
 * tag can close the HTML comment early or be a prefix of another tag's marker.
 */
export function commentMarker(tag: string): string {
  return `<!-- genmedia-action:${encodeURIComponent(tag)} -->`;
}

export interface CommentInput {
  /** `comment-tag`: one sticky comment per pull request and tag. */
  tag: string;
  records: readonly TaskRecord[];
  /** The workflow run's page. */
  runUrl: string;
  /** The commit the media was generated for (the pull request's head), shown shortened. */
  sha?: string;
  /** Workspace-relative file path → a durable URL in the repository (`media-branch`): shown inline. */
  mediaUrls?: ReadonlyMap<string, string>;
  /** Workspace-relative file path → its own artifact (`artifact-layout: per-file`): linked. */
  artifactLinks?: ReadonlyMap<string, string>;
  /** The (first) artifact's page, linked when a file has neither of the above. */
  artifactUrl?: string;
  /** Video file path → the image file path shown as its poster. */
  posters?: ReadonlyMap<string, string>;
  /** Sentences for the foot of the comment (already safe Markdown), e.g. why images are not inline. */
  notes?: readonly string[];
}

/** The comment body: marker, counts, one row per task, errors folded away, the run link. */
export function renderComment(input: CommentInput): string {
  const records = input.records;
  const counts = countByStatus(records);
  const sha = input.sha ? ` for \`${input.sha.slice(0, 7).replace(/[^0-9a-f]/gi, "")}\`` : "";
  const head = [
    commentMarker(input.tag),
    "### 🎬 Generated media",
    "",
    `${counts} · [workflow run](${safeUrl(input.runUrl)})${sha}`,
    "",
    "| Task | Model | Status | Media |",
    "| --- | --- | --- | --- |",
  ];
  const rows = records.map((record) => row(record, input));
  const errors = errorDetails(records, maxErrorLength);
  const foot = [
    "",
    ...(input.notes ?? []).flatMap((note) => [note, ""]),
    filesLine(input),
    "",
    "<sub>Posted by genmedia-action; updated in place on every run.</sub>",
  ];
  return fitToBudget(head, rows, errors, foot);
}

function countByStatus(records: readonly TaskRecord[]): string {
  const order: TaskRecord["status"][] = ["completed", "failed", "cancelled", "pending", "skipped"];
  const parts = order.flatMap((status) => {
    const n = records.filter((r) => r.status === status).length;
    return n > 0 || status === "completed" ? [`**${n}** ${status}`] : [];
  });
  return parts.join(" · ");
}

function row(record: TaskRecord, input: CommentInput): string {
  return `| ${escapeMarkdown(record.name)} | ${escapeMarkdown(record.model)} | ${statusCell(record.status)} | ${mediaCell(record, input)} |`;
}

/** An image inline, a video as a link (over its poster when there is one), anything else as a link. */
function mediaCell(record: TaskRecord, input: CommentInput): string {
  const file = record.file;
  if (!file) return record.taskId ? `id ${codeSpan(record.taskId)}` : "";
  const name = escapeMarkdown(baseName(file.path));
  const durable = input.mediaUrls?.get(file.path);
  const size = formatBytes(file.bytes);
  if (durable && isImage(file.contentType)) {
    return `<a href="${attribute(durable)}"><img src="${attribute(durable)}" alt="${attribute(record.name)}" width="${imageWidth}"></a>`;
  }
  const link = linkTarget(durable ?? input.artifactLinks?.get(file.path) ?? file.artifactUrl);
  if (isVideo(file.contentType)) {
    const posterPath = input.posters?.get(file.path);
    const poster = posterPath ? input.mediaUrls?.get(posterPath) : undefined;
    if (link && poster) {
      return `<a href="${attribute(link)}"><img src="${attribute(poster)}" alt="${attribute(`▶ ${record.name}`)}" width="${imageWidth}"></a><br>[▶️ ${name}](${safeUrl(link)}) (${size})`;
    }
    return link ? `[▶️ ${name}](${safeUrl(link)}) (${size})` : `▶️ ${name} (${size})${inArtifact(input)}`;
  }
  const icon = isAudio(file.contentType) ? "🔊 " : isImage(file.contentType) ? "🖼️ " : "📄 ";
  return link
    ? `[${icon}${name}](${safeUrl(link)}) (${size})`
    : `${icon}${name} (${size})${inArtifact(input)}`;
}

function inArtifact(input: CommentInput): string {
  return input.artifactUrl ? `, in the [artifact](${safeUrl(input.artifactUrl)})` : "";
}

function filesLine(input: CommentInput): string {
  if (input.artifactUrl) {
    return `📦 Every file and \`results.json\`: [artifact](${safeUrl(input.artifactUrl)}) (needs a GitHub login) · [run](${safeUrl(input.runUrl)})`;
  }
  return `📦 Files and \`results.json\`: see the [workflow run](${safeUrl(input.runUrl)}).`;
}

/**
 * Drops rows from the end (and then error lines), with a note, until the body fits. The marker is the first
 * line and always stays, so a truncated comment is still found and updated.
 */
function fitToBudget(head: string[], rows: string[], errors: string[], foot: string[]): string {
  const text = keepWhatFits(
    rows.length,
    (keep) => {
      if (keep === rows.length) return [...head, ...rows, ...errors, ...foot].join("\n");
      const errs = errors.length > keep + 6 ? [...errors.slice(0, keep + 4), "", "</details>"] : errors;
      const note = [
        "",
        `_${rows.length - keep} more task${rows.length - keep === 1 ? " is" : "s are"} not shown (GitHub's comment size limit); see the job summary and \`results.json\`._`,
      ];
      return [...head, ...rows.slice(0, keep), ...note, ...errs, ...foot].join("\n");
    },
    (body) => body.length <= commentBudget,
  );
  // Only the head, the note and the foot are left; the foot's notes are ours and short.
  return text.slice(0, commentBudget);
}

/**
 * The images of the run as a Markdown block (for the job summary): each image with a durable URL, inline.
 * Empty when there is none.
 */
export function renderGallery(
  records: readonly TaskRecord[],
  mediaUrls: ReadonlyMap<string, string>,
): string {
  const images = records.flatMap((r) => {
    const url = r.file && isImage(r.file.contentType) ? mediaUrls.get(r.file.path) : undefined;
    return url
      ? [
          `<a href="${attribute(url)}"><img src="${attribute(url)}" alt="${attribute(r.name)}" width="${imageWidth}"></a>`,
        ]
      : [];
  });
  return images.length ? `${images.join("\n")}\n` : "";
}

export function isImage(contentType: string): boolean {
  return /^image\//i.test(contentType);
}

export function isVideo(contentType: string): boolean {
  return /^video\//i.test(contentType);
}

function isAudio(contentType: string): boolean {
  return /^audio\//i.test(contentType);
}

function baseName(file: string): string {
  return file.slice(file.lastIndexOf("/") + 1);
}

/** A URL inside Markdown link parentheses: no character that would end the link early; "#" when not http(s). */
function safeUrl(url: string): string {
  return linkTarget(url) ?? "#";
}

/** Text inside a double-quoted HTML attribute. */
function attribute(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/"/g, "&quot;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\|/g, "&#124;");
}
