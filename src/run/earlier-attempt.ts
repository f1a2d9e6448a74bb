import { lstatSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type ArtifactClient, DefaultArtifactClient } from "@actions/artifact";
import { firstLineOf } from "../errors.ts";
import { moveFileInto } from "../safe-fs.ts";
import { perFileArtifactName, resultsFileName } from "./artifact-names.ts";

/**
 * A re-run attempt starts on a fresh runner: what the earlier attempt paid for is only in its artifact.
 * With the `archive` layout the whole output folder comes back (files and results.json), so completed
 * files are kept without a download; with `per-file` only results.json comes back, and completed tasks are
 * fetched again by id. Returns the path of the restored results.json, or why there is none.
 *
 * The artifact is extracted into a scratch folder, never into output-dir: the library writes through
 * whatever is at a file's name, and the checkout may have a link planted there. Its regular files are then
 * moved into output-dir by rename, which replaces such a link instead of following it.
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
    return { reason: `no artifact "${artifactName}" from an earlier attempt (${firstLineOf(error)})` };
  }
  let scratch: string | undefined;
  try {
    scratch = mkdtempSync(path.join(process.env.RUNNER_TEMP || tmpdir(), "genmedia-earlier-"));
    await client.downloadArtifact(id, { path: scratch });
    const restored = path.join(outputDir, resultsFileName);
    if (layout === "per-file") {
      moveFileInto(path.join(scratch, artifactName), restored);
      return { resultsFile: restored };
    }
    // The archive's root is output-dir, whose files all sit at its top level (task names have no `/`).
    for (const entry of readdirSync(scratch)) {
      const source = path.join(scratch, entry);
      if (lstatSync(source).isFile()) moveFileInto(source, path.join(outputDir, entry));
    }
    return { resultsFile: restored };
  } catch (error) {
    return {
      reason: `the earlier attempt's artifact "${artifactName}" could not be downloaded (${firstLineOf(error)})`,
    };
  } finally {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
}
