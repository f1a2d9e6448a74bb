// node scripts/media-samples.mjs [out-dir] [prompt]: writes the simulator's real media for one prompt
// (sample.png, sample.wav, sample.mp4), to open in a viewer or player or to check with ffprobe elsewhere.
// The simulator builds the same files for each completed task that has no `fileBytes` size in its scenario.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { realMediaOf } from "../simulator/real-media.ts";

const [outDir = "media-samples", prompt = "A paper boat drifting down a rainy street at dusk"] =
  process.argv.slice(2);
mkdirSync(outDir, { recursive: true });
const subject = { id: "sample", prompt, body: { aspect_ratio: "16:9", size: "16:9", resolution: "1k" } };
for (const [kind, extension] of [
  ["image", "png"],
  ["audio", "wav"],
  ["video", "mp4"],
]) {
  const file = path.join(outDir, `sample.${extension}`);
  const bytes = realMediaOf(kind, subject);
  writeFileSync(file, bytes);
  console.log(`${file} (${bytes.length} bytes)`);
}
