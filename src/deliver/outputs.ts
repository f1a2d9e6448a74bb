/**
 * The step outputs that grow with the batch (`results`, `files`, `voices`), held under GitHub's limit of 1 MB per
 * output. A batch too large for them keeps its complete record in results.json (`results-file`); each capped
 * output holds the records or paths that fit, in plan order, and stays valid for its consumers: `results`
 * a JSON array of whole records, `files` whole lines.
 */
import { filesOf, type TaskRecord } from "../run/record.ts";

/** GitHub documents 1 MB per output; a margin keeps room for the runner's own framing. */
export const outputLimitBytes = 1_000_000 - 16 * 1024;

export interface ListOutputs {
  results: string;
  files: string;
  /** A JSON object: each clone task's name → its voice's modelId (design 9.1). */
  voices: string;
  /** Sentences saying what was left out and where to find it; empty when both outputs are whole. */
  notes: string[];
}

export function listOutputs(
  records: readonly TaskRecord[],
  resultsFile: string,
  limitBytes = outputLimitBytes,
): ListOutputs {
  const notes: string[] = [];
  const serialized = records.map((record) => JSON.stringify(record));
  const results = keepWithin(serialized, 2, 1, limitBytes);
  if (results < serialized.length) {
    notes.push(
      `The "results" output holds the first ${results} of ${records.length} task records (GitHub limits an output to 1 MB); every record is in ${resultsFile} (the "results-file" output).`,
    );
  }
  const paths = records.flatMap(filesOf).map((file) => file.path);
  const files = keepWithin(paths, 0, 1, limitBytes);
  if (files < paths.length) {
    notes.push(
      `The "files" output lists the first ${files} of ${paths.length} files (GitHub limits an output to 1 MB); results.json lists every one.`,
    );
  }
  const voiceEntries = records.flatMap((r) =>
    r.voice ? [`${JSON.stringify(r.name)}:${JSON.stringify(r.voice)}`] : [],
  );
  const voices = keepWithin(voiceEntries, 2, 1, limitBytes);
  if (voices < voiceEntries.length) {
    notes.push(
      `The "voices" output holds the first ${voices} of ${voiceEntries.length} cloned voices (GitHub limits an output to 1 MB); each clone task's record in results.json has its "voice".`,
    );
  }
  return {
    results: `[${serialized.slice(0, results).join(",")}]`,
    files: paths.slice(0, files).join("\n"),
    voices: `{${voiceEntries.slice(0, voices).join(",")}}`,
    notes,
  };
}

/** How many leading items fit in `limit` bytes, joined by a separator of `separatorBytes`, plus `frameBytes`. */
function keepWithin(
  items: readonly string[],
  frameBytes: number,
  separatorBytes: number,
  limit: number,
): number {
  let total = frameBytes;
  for (let i = 0; i < items.length; i++) {
    total += Buffer.byteLength(items[i] as string) + (i > 0 ? separatorBytes : 0);
    if (total > limit) return i;
  }
  return items.length;
}
