/**
 * How this action names its artifacts: the upload (deliver/artifact.ts) and the restore of an earlier
 * attempt (run/earlier-attempt.ts) must agree on them.
 */
import path from "node:path";

export const resultsFileName = "results.json";

/**
 * The artifact service refuses names containing `" : < > | * ? \r \n \ /` (NTFS cannot store them), and
 * names longer than 256 characters. Each forbidden character becomes `-`, and the name is cut to fit; the
 * shard suffix is kept.
 */
const forbiddenCharacters = /[":<>|*?\r\n\\/]/g;
const maxNameLength = 256;

/** The artifact name for `base`: forbidden characters replaced, `-shard-<i>-of-<n>` appended. "" stays "". */
export function artifactName(base: string, shard?: { index: number; count: number }): string {
  const clean = base.trim().replace(forbiddenCharacters, "-");
  if (clean === "") return "";
  const suffix = shard ? `-shard-${shard.index}-of-${shard.count}` : "";
  return `${clean.slice(0, maxNameLength - suffix.length)}${suffix}`;
}

/**
 * With `skipArchive` the library names the artifact after the file's basename and ignores the name it is
 * given, so a per-file artifact is uploaded from a link named `<artifact name>-<file name>`: two shards' (or
 * two steps') results.json never collide, and the extension, which sets the MIME type, is kept.
 */
export function perFileArtifactName(name: string, file: string): string {
  const base = path.basename(file).replace(forbiddenCharacters, "-");
  const ext = path.extname(base);
  const full = `${name}-${base}`;
  return full.length <= maxNameLength ? full : `${full.slice(0, maxNameLength - ext.length)}${ext}`;
}
