/**
 * What the rest of the action needs to know about artifacts without the artifact client: their names, their
 * URLs, and the summary's words for them. Kept apart from artifact.ts so that a run without an upload
 * (`artifact-name: ''`, a local run) never loads `@actions/artifact`, which brings Octokit with it: about
 * 5 MB of code and 10 MiB of memory.
 */
import { escapeMarkdown } from "./markdown.ts";

export type ArtifactLayout = "archive" | "per-file";

export interface ArtifactSettings {
  /** From `artifactName`, so it already carries any shard suffix; "" = no upload. */
  name: string;
  layout: ArtifactLayout;
  /** Undefined: the repository's default retention. */
  retentionDays?: number;
  /** Zip level 0–9 (`archive` only); 0 stores media, which is already compressed, as is. */
  compressionLevel: number;
  /** GITHUB_RUN_ATTEMPT: above 1, an artifact of the same name left by an earlier attempt is replaced. */
  runAttempt: number;
}

export interface UploadedArtifact {
  name: string;
  id: number;
  /** The artifact's page on GitHub; "" when GITHUB_REPOSITORY or GITHUB_RUN_ID is unknown. */
  url: string;
  /** `per-file` only: the workspace-relative path of the one file it holds. */
  file?: string;
}

export interface ArtifactDelivery {
  artifacts: UploadedArtifact[];
  /** A readable sentence when an upload failed; `artifacts` still lists what did upload. */
  error?: string;
}

export interface OutputFile {
  absolutePath: string;
  /** Relative to the workspace, with forward slashes, as in results.json. */
  relativePath: string;
}

/** The artifact's page, as actions/upload-artifact builds its `artifact-url`. */
export function artifactUrl(id: number, env: NodeJS.ProcessEnv = process.env): string {
  const repository = env.GITHUB_REPOSITORY;
  const runId = env.GITHUB_RUN_ID;
  if (!repository || !runId) return "";
  const server = (env.GITHUB_SERVER_URL || "https://github.com").replace(/\/+$/, "");
  return `${server}/${repository}/actions/runs/${runId}/artifacts/${id}`;
}

/** Workspace-relative file path → the URL of its own artifact (`per-file`). */
export function artifactLinksByFile(delivery: ArtifactDelivery): Map<string, string> {
  return new Map(delivery.artifacts.flatMap((a) => (a.file && a.url ? [[a.file, a.url] as const] : [])));
}

/** One Markdown line for the job summary: a link to the artifact(s), and the failure when there was one. */
export function describeDelivery(delivery: ArtifactDelivery, layout: ArtifactLayout): string {
  const lines: string[] = [];
  const [first] = delivery.artifacts;
  if (layout === "archive" && first) {
    const label = `\`${escapeMarkdown(first.name).replace(/`/g, "")}\``;
    lines.push(`📦 Artifact: ${first.url ? `[${label}](${first.url})` : label} (id ${first.id})`);
  } else if (delivery.artifacts.length > 0) {
    lines.push(`📦 ${delivery.artifacts.length} artifacts, one per file (each file's row links its own).`);
  }
  if (delivery.error) lines.push(`> ⚠️ ${escapeMarkdown(delivery.error)}`);
  return lines.join("\n\n");
}
