import { mkdtempSync, renameSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type ArtifactClient, DefaultArtifactClient } from "@actions/artifact";
import { perFileArtifactName, resultsFileName } from "../deliver/artifact-links.ts";

/**
 * A re-run attempt starts on a fresh runner: what the earlier attempt paid for is only in its artifact.
 * With the `archive` layout the whole output folder comes back (files and results.json), so completed
 * files are kept without a download; with `per-file` only results.json comes back, and completed tasks are
 * fetched again by id. Returns the path of the restored results.json, or why there is none.
 */
export async function restoreEarlierAttempt(
  name: string,
  layout: "archive" | "per-file",
  outputDir: string,
  client: ArtifactClient = new DefaultArtifactClient(),
): Promise<{ resultsFile: string } | { reason: string }> {
  const artifactName = layout === "archive" ? name : perFileArtifactName(name, resultsFileName);
  let id: number;
  try {
    id = (await client.getArtifact(artifactName)).artifact.id;
  } catch (error) {
    return { reason: `no artifact "${artifactName}" from an earlier attempt (${firstLine(error)})` };
  }
  try {
    if (layout === "archive") {
      await client.downloadArtifact(id, { path: outputDir });
      return { resultsFile: path.join(outputDir, resultsFileName) };
    }
    const scratch = mkdtempSync(path.join(process.env.RUNNER_TEMP || tmpdir(), "genmedia-earlier-"));
    await client.downloadArtifact(id, { path: scratch });
    const restored = path.join(outputDir, resultsFileName);
    renameSync(path.join(scratch, artifactName), restored);
    return { resultsFile: restored };
  } catch (error) {
    return {
      reason: `the earlier attempt's artifact "${artifactName}" could not be downloaded (${firstLine(error)})`,
    };
  }
}

function firstLine(error: unknown): string {
  return String((error as Error).message ?? error).split("\n")[0] ?? "";
}
