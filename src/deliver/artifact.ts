/**
 * Uploads `output-dir` as workflow artifacts with the real `@actions/artifact` client: one zip (`archive`), or
 * one unzipped artifact per file (`per-file`, so the browser previews images and videos). Never throws: a
 * failure comes back as a sentence the user can act on, next to whatever did upload, so the caller can still
 * write the summary and results.json before failing the step.
 */
import { copyFile, link, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type ArtifactClient, DefaultArtifactClient, type UploadArtifactOptions } from "@actions/artifact";
import pLimit from "p-limit";
import { firstLineOf } from "../errors.ts";
import { perFileArtifactName } from "../run/artifact-names.ts";
import {
  type ArtifactDelivery,
  type ArtifactSettings,
  artifactUrl,
  type OutputFile,
  type UploadedArtifact,
} from "./artifact-links.ts";

/** At most this many per-file uploads at once (each already streams its blocks concurrently). */
const perFileConcurrency = 4;

/**
 * `archive`: every file in one zip artifact, `rootDirectory` its root. Resolves in every case; see
 * `ArtifactDelivery.error`.
 */
export async function uploadArchive(
  files: readonly OutputFile[],
  rootDirectory: string,
  settings: ArtifactSettings,
  client: ArtifactClient = new DefaultArtifactClient(),
  log?: (line: string) => void,
): Promise<ArtifactDelivery> {
  if (settings.name === "" || files.length === 0) return { artifacts: [] };
  const options: UploadArtifactOptions = { compressionLevel: settings.compressionLevel };
  if (settings.retentionDays !== undefined) options.retentionDays = settings.retentionDays;
  try {
    const paths = files.map((f) => f.absolutePath);
    return { artifacts: [await upload(client, settings, settings.name, paths, rootDirectory, options, log)] };
  } catch (error) {
    return { artifacts: [], error: explainFailure(error, settings.name, settings.runAttempt) };
  }
}

/**
 * `per-file` so far: what uploaded, what failed, and whether the rest should be tried at all. Plain data,
 * so the caller can record the ids in results.json between the media files and results.json itself.
 */
export interface PerFileUploads {
  /** In the order of the files given. */
  artifacts: UploadedArtifact[];
  /** One sentence per failed upload. */
  failures: string[];
  /** Set by a failure every further upload would meet too (quota, no token, GHES, the artifact limit). */
  stopped: boolean;
  /** How many files were to be uploaded, uploaded or not. */
  files: number;
}

export const noUploads: PerFileUploads = { artifacts: [], failures: [], stopped: false, files: 0 };

/**
 * `per-file`: each file as its own unzipped artifact (so the browser previews it), after `earlier`, and
 * nothing once an earlier failure stopped the uploads. Never throws.
 */
export async function uploadEachFile(
  files: readonly OutputFile[],
  settings: ArtifactSettings,
  earlier: PerFileUploads = noUploads,
  client: ArtifactClient = new DefaultArtifactClient(),
  log?: (line: string) => void,
): Promise<PerFileUploads> {
  const options: UploadArtifactOptions = { skipArchive: true };
  if (settings.retentionDays !== undefined) options.retentionDays = settings.retentionDays;
  const artifacts: UploadedArtifact[] = [];
  const failures: string[] = [];
  let stopped = earlier.stopped;
  let stage: string | undefined;
  const uploadOne = async (file: OutputFile): Promise<void> => {
    if (stopped) return;
    const name = perFileArtifactName(settings.name, file.absolutePath);
    try {
      stage ??= await mkdtemp(path.join(process.env.RUNNER_TEMP || tmpdir(), "genmedia-artifact-"));
      // Linked (or copied) just before its upload: results.json is rewritten by a rename, which a link
      // made earlier would not follow.
      const staged = await stageAs(file.absolutePath, path.join(stage, name));
      const uploaded = await upload(client, settings, name, [staged], stage, options, log);
      artifacts.push({ ...uploaded, file: file.relativePath });
    } catch (error) {
      failures.push(explainFailure(error, name, settings.runAttempt));
      // Quota, missing token, GHES or the artifact limit fail every upload alike: say it once.
      if (failsEveryUpload(error)) stopped = true;
    }
  };
  try {
    // The first upload alone, so an error that fails them all is met once, not once per concurrent upload.
    const [first, ...rest] = files;
    if (first) await uploadOne(first);
    const limit = pLimit(perFileConcurrency);
    await Promise.all(rest.map((file) => limit(() => uploadOne(file))));
  } finally {
    if (stage) await rm(stage, { recursive: true, force: true });
  }
  return {
    artifacts: [...earlier.artifacts, ...sortedLike(artifacts, files)],
    failures: [...earlier.failures, ...failures],
    stopped,
    files: earlier.files + files.length,
  };
}

/** The per-file uploads as one delivery: every artifact, and one sentence for all that failed. */
export function perFileDelivery(uploads: PerFileUploads): ArtifactDelivery {
  const { artifacts, failures, files } = uploads;
  if (failures.length === 0) return { artifacts };
  const failed = files - artifacts.length;
  const head = artifacts.length
    ? `${failed} of ${files} files were not uploaded as artifacts: `
    : failed > 1
      ? `None of the ${files} files was uploaded as an artifact: `
      : "";
  return { artifacts, error: `${head}${[...new Set(failures)].join(" ")}` };
}

/** One artifact: a copy from an earlier attempt of this run deleted first, then created. */
async function upload(
  client: ArtifactClient,
  settings: ArtifactSettings,
  name: string,
  paths: string[],
  rootDirectory: string,
  options: UploadArtifactOptions,
  log?: (line: string) => void,
): Promise<UploadedArtifact> {
  if (settings.runAttempt > 1) await deleteEarlierAttempt(client, name, log);
  const response = await client.uploadArtifact(name, paths, rootDirectory, options);
  if (response.id === undefined) throw new Error("the artifact service returned no artifact id");
  return { name, id: response.id, url: artifactUrl(response.id) };
}

/**
 * Without `findBy` the library's deleteArtifact lists and deletes through the results service's Twirp
 * routes with the runtime token alone (ListArtifacts by name, newest first, then DeleteArtifact), so no
 * `actions: write` token is needed. Not finding one is the normal case.
 */
async function deleteEarlierAttempt(
  client: ArtifactClient,
  name: string,
  log?: (line: string) => void,
): Promise<void> {
  try {
    const { id } = await client.deleteArtifact(name);
    log?.(`Deleted artifact "${name}" (id ${id}) left by an earlier attempt of this run.`);
  } catch (error) {
    if (errorName(error) === "ArtifactNotFoundError") return;
    if (failsEveryUpload(error)) throw error;
    log?.(`Could not delete an earlier attempt's artifact "${name}": ${firstLine(error)}`);
  }
}

/** Links a file under the name the artifact must have, or copies it where a link is impossible. */
async function stageAs(source: string, target: string): Promise<string> {
  try {
    await link(source, target);
  } catch {
    await copyFile(source, target);
  }
  return target;
}

function sortedLike(artifacts: UploadedArtifact[], files: readonly OutputFile[]): UploadedArtifact[] {
  const order = new Map(files.map((f, i) => [f.relativePath, i]));
  return [...artifacts].sort((a, b) => (order.get(a.file ?? "") ?? 0) - (order.get(b.file ?? "") ?? 0));
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : "";
}

function errorMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.message.trim()) return error.message;
  // Azure's storage errors can come without a message: the status still says what happened.
  const status = (error as { statusCode?: unknown; code?: unknown }).statusCode;
  const code = (error as { code?: unknown }).code;
  return `${error.name}${status ? ` (HTTP ${status})` : ""}${code ? ` ${code}` : ""}`;
}

function firstLine(error: unknown): string {
  return firstLineOf(errorMessage(error));
}

type FailureKind = "quota" | "ghes" | "network" | "runtime" | "conflict" | "too-many" | "other";

/**
 * The library's Twirp client rewraps every error as `Failed to <Method>: <message>`, so its UsageError and
 * NetworkError arrive as plain Errors: classify by name and by message. The service's wording for its
 * per-job artifact limit is not documented, so that one is matched loosely.
 */
function classify(error: unknown): FailureKind {
  const name = errorName(error);
  const message = error instanceof Error ? error.message : String(error);
  if (name === "UsageError" || /storage quota has been hit|insufficient usage/i.test(message)) return "quota";
  if (name === "GHESNotSupportedError" || /not currently supported on GHES/i.test(message)) return "ghes";
  if (name === "NetworkError" || /Unable to make request: E[A-Z]+/.test(message)) return "network";
  if (/ACTIONS_RUNTIME_TOKEN|ACTIONS_RESULTS_URL|Failed to get backend IDs/.test(message)) return "runtime";
  if (/\(409\)|already exists/i.test(message)) return "conflict";
  if (/too many artifacts|(maximum|limit)[^.]*artifacts|artifacts?[^.]*(limit|maximum)/i.test(message)) {
    return "too-many";
  }
  return "other";
}

/** Failures that every further upload would meet too: report them once and stop. */
function failsEveryUpload(error: unknown): boolean {
  return ["quota", "ghes", "network", "runtime", "too-many"].includes(classify(error));
}

/** Turns the library's errors into one sentence that says what happened and what to do; no stack. */
export function explainFailure(error: unknown, name: string, runAttempt: number): string {
  const what = `The upload of artifact "${name}" failed`;
  const skip = "or set `artifact-name: ''` to skip the upload";
  switch (classify(error)) {
    case "quota":
      return `${what}: the artifact storage quota of this account has been hit. Delete old artifacts or lower \`retention-days\` (GitHub recalculates usage every few hours), ${skip}.`;
    case "ghes":
      return `${what}: GitHub Enterprise Server does not support this artifact service (GITHUB_SERVER_URL is ${process.env.GITHUB_SERVER_URL}). Set \`artifact-name: ''\` and upload the output directory with the upload-artifact version your server supports.`;
    case "network": {
      const code = /Unable to make request: (E[A-Z]+)/.exec(errorMessage(error))?.[1] ?? firstLine(error);
      return `${what}: the artifact service could not be reached (${code}). On a self-hosted runner, allow access to GitHub's artifact endpoints, ${skip}.`;
    }
    case "runtime":
      return `${what}: the artifact service is only available to JavaScript actions run by the runner, and ACTIONS_RUNTIME_TOKEN / ACTIONS_RESULTS_URL are missing or invalid here (a \`run:\` script, a container or a local run does not get them). Run the action as a \`uses:\` step, ${skip}.`;
    case "conflict":
      return runAttempt > 1
        ? `${what}: an artifact with this name already exists in this workflow run and the one from an earlier attempt could not be replaced. Delete it on the run's page and re-run, or set a different \`artifact-name\`.`
        : `${what}: an artifact with this name already exists in this workflow run. Give each step or matrix job its own \`artifact-name\` (with a matrix, set \`shard\`).`;
    case "too-many":
      return `${what}: this job has reached the artifact service's limit on the number of artifacts (500 per job). Use \`artifact-layout: archive\` (one artifact for every file), or upload fewer files.`;
    case "other": {
      const detail = firstLine(error)
        .replace(/^Failed to (\w+): Received non-retryable error: Failed request: /, "$1 answered ")
        .replace(/\.$/, "");
      return `${what}: ${detail}.`;
    }
  }
}
