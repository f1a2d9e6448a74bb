/**
 * The end of every run, main step or post step, as steps in order: the artifact, the media branch, the
 * release, the comment, then the job summary, the step outputs, the annotations and the step's verdict.
 * Each step returns what it produced (links, notices, warnings, errors) and the pipeline passes it on: the
 * ledger is written here, between the media files' upload and results.json's, never by a step.
 * What is said to the runner goes through the `Runner` it is given (the entry points pass
 * runner-output.ts, which redacts and neutralises each text), so this module never writes to the runner
 * itself.
 */
import path from "node:path";
import { firstLineOf } from "../errors.ts";
import type { Settings } from "../plan/inputs.ts";
import { formatAmount } from "../plan/prices.ts";
import { artifactName } from "../run/artifact-names.ts";
import type { Ledger } from "../run/ledger.ts";
import { countRecords, filesOf, type TaskRecord } from "../run/record.ts";
import { workspacePath } from "../safe-fs.ts";
import {
  type ArtifactDelivery,
  type ArtifactSettings,
  artifactLinksByFile,
  describeDelivery,
  type OutputFile,
  type UploadedArtifact,
} from "./artifact-links.ts";
import { renderGallery } from "./comment.ts";
import { gitHubContextFromEnvironment } from "./github-context.ts";
import type { GitHubSessionInput } from "./github-session.ts";
import { escapeMarkdown, linkTarget, truncate } from "./markdown.ts";
import { failureReason } from "./outcome.ts";
import { type ListOutputs, listOutputs } from "./outputs.ts";
import { joinReports, type StepReport } from "./step.ts";
import { renderSummary } from "./summary.ts";

/** Output names of action.yml, in one place. */
export const Outputs = {
  results: "results",
  resultsFile: "results-file",
  files: "files",
  voices: "voices",
  succeeded: "succeeded",
  failed: "failed",
  pending: "pending",
  artifactId: "artifact-id",
  artifactUrl: "artifact-url",
  commentUrl: "comment-url",
} as const;

/** What the main step tells its post step (the runner's saved state). */
export const State = { resultsFile: "results-file", delivered: "delivered" } as const;

/** At most this many annotations, one per failed task, then one aggregate (the UI shows only a few). */
export const maxAnnotations = 5;

/** What delivery says to the runner. */
export interface Runner {
  info(text: string): void;
  notice(text: string): void;
  warning(text: string): void;
  error(text: string, properties?: { title?: string; file?: string; startLine?: number }): void;
  setOutput(name: string, value: string | number): void;
  saveState(name: string, value: string): void;
  setFailed(message: string): void;
  writeSummary(markdown: string): Promise<void>;
}

export interface Delivery {
  ledger: Ledger;
  settings: Settings;
  elapsedMs: number;
  /** A sentence for the top of the summary, e.g. that the run was stopped. */
  notice?: string;
  /** Fails the step with this reason instead of `fail-on`'s (a stopped or killed run). */
  stopReason?: string;
  /** The estimate of what this run sent, by the `prices` table (design 10); absent without one. */
  cost?: RunCost;
  runner: Runner;
}

/** The estimated cost of the creates (and priced asset uploads) this run sent. */
export interface RunCost {
  /** The table's currency: repository text, escaped wherever it is shown. */
  currency: string;
  /** In micro-units of the currency. */
  micros: number;
  /** How many creates the estimate covers. */
  creates: number;
  /** The estimate as a plain sentence, for the log. */
  line: string;
}

/**
 * Delivers what a run left in the ledger: results.json final on disk, the artifact uploaded, the summary
 * written whether or not the upload worked, outputs set, and the step failed by `fail-on`, by `stopReason`
 * or by a failed upload. The main step and the post step (when the main step was killed before it could)
 * both end here.
 */
export async function deliverRecords(delivery: Delivery): Promise<void> {
  const { ledger, settings, elapsedMs, notice, stopReason, cost, runner } = delivery;
  ledger.compact();
  const log = {
    info: (l: string) => runner.info(l),
    notice: (l: string) => runner.notice(l),
    warning: (l: string) => runner.warning(l),
  };
  const upload = await deliverArtifact(ledger, settings, runner);
  ledger.compact();
  const records = ledger.all();
  // After the artifact, so the comment can link each file's own artifact (per-file layout).
  const github = await deliverToGitHub({
    records,
    workspace: settings.workspace,
    settings: settings.github,
    context: gitHubContextFromEnvironment(),
    artifactLinks: artifactLinksByFile(upload),
    artifactUrl: upload.artifacts[0]?.url || undefined,
    costNote: cost && costSentence(cost),
    log,
  });
  if (github.commentUrl) runner.setOutput(Outputs.commentUrl, github.commentUrl);
  const resultsPath = workspacePath(settings.workspace, ledger.file);
  const lists = listOutputs(records, resultsPath);
  const commentLink = linkTarget(github.commentUrl);
  const summary = renderSummary({
    records,
    links: new Map([...artifactLinksByFile(upload), ...github.mediaUrls]),
    delivery: [
      describeDelivery(upload, settings.artifactLayout),
      commentLink ? `💬 [Pull request comment](${commentLink})` : "",
      renderGallery(records, github.mediaUrls),
    ]
      .filter(Boolean)
      .join("\n\n"),
    resultsFile: resultsPath,
    cost: cost && costSentence(cost),
    elapsedMs,
    notice: [notice, ...lists.notes].filter(Boolean).join(" ") || undefined,
  });
  await runner.writeSummary(summary);
  for (const note of lists.notes) runner.notice(note);
  setOutputs(runner, records, lists, resultsPath);
  const [first] = upload.artifacts;
  if (first) {
    runner.setOutput(Outputs.artifactId, first.id);
    runner.setOutput(Outputs.artifactUrl, first.url);
  }
  annotate(runner, records);
  runner.saveState(State.delivered, "true");
  const reasons = [
    stopReason ?? failureReason(records, settings.failOn),
    upload.error,
    ...github.errors,
  ].filter(Boolean);
  if (reasons.length) runner.setFailed(reasons.join("; "));
}

/**
 * The artifact step: output-dir's files and results.json. With `per-file`, the media files go first, each
 * one's artifact id and URL are then recorded in the ledger, and results.json, carrying them, goes last.
 */
async function deliverArtifact(
  ledger: Ledger,
  settings: Settings,
  runner: Runner,
): Promise<ArtifactDelivery> {
  const name = artifactName(settings.artifactName, settings.shard);
  if (!name) return { artifacts: [] };
  // Loaded on demand: the artifact client is most of the bundle, and a dry run, a failed plan or a run that
  // uploads nothing should not pay for parsing it.
  const { perFileDelivery, uploadArchive, uploadEachFile } = await import("./artifact.ts");
  const media: OutputFile[] = ledger
    .all()
    .flatMap(filesOf)
    .map((file) => ({ absolutePath: path.join(settings.workspace, file.path), relativePath: file.path }));
  const results: OutputFile = {
    absolutePath: ledger.file,
    relativePath: workspacePath(settings.workspace, ledger.file),
  };
  const artifactSettings: ArtifactSettings = {
    name,
    layout: settings.artifactLayout,
    retentionDays: settings.retentionDays,
    compressionLevel: settings.compressionLevel,
    runAttempt: Number(process.env.GITHUB_RUN_ATTEMPT) || 1,
  };
  const log = (line: string) => runner.info(line);
  if (artifactSettings.layout === "archive") {
    return uploadArchive([...media, results], settings.outputDir, artifactSettings, undefined, log);
  }
  let uploads = await uploadEachFile(media, artifactSettings, undefined, undefined, log);
  if (uploads.failures.length === 0) {
    try {
      recordArtifacts(ledger, uploads.artifacts);
    } catch (error) {
      uploads = {
        ...uploads,
        failures: [`results.json could not be updated before its upload: ${firstLineOf(error)}.`],
        stopped: true,
      };
    }
  }
  return perFileDelivery(await uploadEachFile([results], artifactSettings, uploads, undefined, log));
}

/** Each file's own artifact, in its record, so the results.json uploaded next links it. */
function recordArtifacts(ledger: Ledger, uploaded: readonly UploadedArtifact[]): void {
  for (const record of ledger.all()) {
    const artifact = uploaded.find((a) => a.file === record.file?.path);
    if (artifact && record.file) {
      ledger.update(record.name, {
        file: { ...record.file, artifactId: artifact.id, artifactUrl: artifact.url },
      });
    }
    const subtitles = uploaded.find((a) => a.file === record.subtitles?.path);
    if (subtitles && record.subtitles) {
      ledger.update(record.name, {
        subtitles: { ...record.subtitles, artifactId: subtitles.id, artifactUrl: subtitles.url },
      });
    }
  }
  ledger.compact();
}

/** The estimate as safe Markdown: the currency is the price table's text. */
function costSentence(cost: RunCost): string {
  return `Estimated cost of the ${cost.creates} task${cost.creates === 1 ? "" : "s"} created this run: **${formatAmount(cost.micros)} ${escapeMarkdown(cost.currency)}** (by the price table)`;
}

export interface GitHubDeliveryInput extends GitHubSessionInput {
  /** Workspace-relative file path → its own artifact's page (`artifact-layout: per-file`). */
  artifactLinks?: ReadonlyMap<string, string>;
  /** The (first) artifact's page. */
  artifactUrl?: string;
  /** The run's estimated cost, as safe Markdown, for the comment. */
  costNote?: string;
}

/** What the GitHub steps produced, and every sentence they had, in the order they ran. */
export interface GitHubDelivery extends StepReport {
  /** The sticky comment's page, when one was written. */
  commentUrl?: string;
  /** Workspace-relative file path → its URL on `media-branch` (images render inline from it). */
  mediaUrls: Map<string, string>;
  /** The `media-branch` commit of this run. */
  mediaCommit?: string;
  /** Files attached to the release, with their download URLs. */
  releaseAssets: { sourcePath: string; name: string; url: string }[];
}

/** The GitHub steps in order: the media branch, then the release, then the comment that shows both. */
export async function deliverToGitHub(input: GitHubDeliveryInput): Promise<GitHubDelivery> {
  // Loaded on demand, as the artifact client is: the steps bring the transport's HTTP stack with them, which a
  // dry run or a failed plan never needs.
  const [{ openGitHub }, { deliverToMediaBranch }, { deliverToRelease }, { deliverComment }] =
    await Promise.all([
      import("./github-session.ts"),
      import("./media-branch.ts"),
      import("./release.ts"),
      import("./sticky-comment.ts"),
    ]);
  const { session, report } = await openGitHub(input);
  if (!session) return { ...report, mediaUrls: new Map(), releaseAssets: [] };
  const media = await deliverToMediaBranch(session);
  const release = await deliverToRelease(session);
  const comment = await deliverComment(session, {
    mediaUrls: media.urls,
    mediaNote: media.commentNote,
    artifactLinks: input.artifactLinks,
    artifactUrl: input.artifactUrl,
    costNote: input.costNote,
  });
  return {
    ...joinReports(report, media.report, release.report, comment.report),
    commentUrl: comment.url,
    mediaUrls: media.urls,
    mediaCommit: media.commit,
    releaseAssets: release.assets,
  };
}

function setOutputs(
  runner: Runner,
  records: readonly TaskRecord[],
  lists: ListOutputs,
  resultsPath: string,
): void {
  const counts = countRecords(records);
  runner.setOutput(Outputs.results, lists.results);
  runner.setOutput(Outputs.resultsFile, resultsPath);
  runner.setOutput(Outputs.files, lists.files);
  runner.setOutput(Outputs.voices, lists.voices);
  runner.setOutput(Outputs.succeeded, counts.succeeded);
  runner.setOutput(Outputs.failed, counts.failed);
  runner.setOutput(Outputs.pending, counts.pending);
}

function annotate(runner: Runner, records: readonly TaskRecord[]): void {
  const failed = records.filter((r) => r.status === "failed" || r.status === "cancelled");
  for (const record of failed.slice(0, maxAnnotations)) {
    runner.error(`${record.name} (${record.model}): ${truncate(record.error ?? "", 1_000)}`, {
      title: `Task ${record.name} ${record.status}`,
    });
  }
  if (failed.length > maxAnnotations) {
    runner.error(`${failed.length - maxAnnotations} more tasks failed; see the job summary.`);
  }
}
