/**
 * Baseline of S2: the least a client can do to save result files, run as its own process like the action.
 * undici's `stream` pipes each response body straight into a file, all URLs at once (the same concurrency
 * as the action's), with no hashing, no temporary name and no checks.
 *
 *   node bench/baselines/raw-download.ts <output-dir> <url>...
 */
import { createWriteStream } from "node:fs";
import path from "node:path";
import { Agent, stream } from "undici";

export async function downloadRaw(urls: readonly string[], outputDir: string): Promise<void> {
  const dispatcher = new Agent({ connections: Math.max(1, urls.length) });
  try {
    await Promise.all(
      urls.map((url, index) =>
        stream(
          url,
          { method: "GET", dispatcher, opaque: path.join(outputDir, `raw-${index}.mp4`) },
          ({ opaque }) => createWriteStream(opaque as string),
        ),
      ),
    );
  } finally {
    await dispatcher.close();
  }
}

if (import.meta.main) {
  const [outputDir, ...urls] = process.argv.slice(2);
  if (outputDir === undefined || urls.length === 0) {
    process.stderr.write("usage: node bench/baselines/raw-download.ts <output-dir> <url>...\n");
    process.exit(2);
  }
  await downloadRaw(urls, outputDir);
}
