/**
 * Issue 11, class 3 as a property of the built action: for random layouts of symbolic links planted in the
 * checkout (at output-dir, its parent, results.json, its journal, the temporary `.part` names and the final
 * file names), pointing outside the workspace at a file, a folder or nothing, nothing outside the workspace
 * changes. A layout that links output-dir or its parent fails with a ConfigError; any other run succeeds
 * with real files inside output-dir.
 *
 * The seed is fixed so a failure reproduces; FC_SEED and FC_RUNS explore further. GENMEDIA_DIST=<file>
 * runs another bundle than dist/index.js.
 */
import { createHash } from "node:crypto";
import {
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  type Stats,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Simulator, startSimulator } from "../../simulator/server.ts";
import { distEntry, makeWorkspace, runAction } from "../support/action-runner.ts";

const entry = process.env.GENMEDIA_DIST ? path.resolve(process.env.GENMEDIA_DIST) : distEntry;
const seed = Number(process.env.FC_SEED) || 20261111;
const runs = Number(process.env.FC_RUNS) || 15;
const apiKey = "symlink-layout-key-8d2f";
const names = ["hero", "logo"];

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startSimulator({
    apiKey,
    timeScale: 1000,
    scenario: { latency: { queuedMs: 50, processingMs: { video: 1000, image: 100, audio: 100 }, jitter: 0 } },
  });
});
afterAll(async () => {
  await simulator.close();
});

/** Where a link may be planted; output-dir is `out/media`. */
const spots = [
  "out",
  "out/media",
  "out/media/results.json",
  "out/media/results.json.journal",
  ...names.flatMap((n) => [`out/media/${n}.png`, `out/media/${n}.png.part`]),
] as const;
type Target = "file" | "dir" | "dangling";

const layout = fc
  .uniqueArray(fc.constantFrom(...spots), { minLength: 1, maxLength: 5 })
  .chain((planted) =>
    fc.tuple(
      fc.constant(planted),
      fc.array(fc.constantFrom<Target>("file", "dir", "dangling"), {
        minLength: planted.length,
        maxLength: planted.length,
      }),
    ),
  )
  .map(([planted, targets]) => planted.map((spot, i) => ({ spot, target: targets[i] as Target })));

describe("random symlink layouts", () => {
  it("never change anything outside the workspace", async () => {
    await fc.assert(
      fc.asyncProperty(layout, async (links) => {
        const ws = makeWorkspace();
        const root = path.dirname(ws.dir);
        const victims = path.join(root, "victims");
        mkdirSync(path.join(victims, "dir"), { recursive: true });
        writeFileSync(path.join(victims, "file.txt"), "outside the workspace\n");
        writeFileSync(path.join(victims, "dir/inner.txt"), "also outside\n");
        ws.write(
          "m.yml",
          `tasks:\n${names.map((n) => `  - name: ${n}\n    model: nano-banana-2\n    prompt: ${n}\n`).join("")}`,
        );
        const targetOf: Record<Target, string> = {
          file: path.join(victims, "file.txt"),
          dir: path.join(victims, "dir"),
          dangling: path.join(victims, "not-there"),
        };
        // Parents first, so a link planted at `out` stands in for the folder the deeper spots would be in.
        for (const { spot, target } of [...links].sort((a, b) => a.spot.length - b.spot.length)) {
          const link = path.join(ws.dir, spot);
          if (isInsideLinkedDir(ws.dir, link) || lstatOrUndefined(link)) continue;
          mkdirSync(path.dirname(link), { recursive: true });
          symlinkSync(targetOf[target], link);
        }
        const before = digest(victims);
        const run = await runAction(
          ws,
          {
            "api-key": apiKey,
            "base-url": simulator.url,
            manifest: "m.yml",
            "output-dir": "out/media",
            "poll-interval": "50ms",
          },
          { entry },
        );
        expect(digest(victims)).toBe(before);
        const linkedDir = ["out", "out/media"].some((d) =>
          lstatOrUndefined(path.join(ws.dir, d))?.isSymbolicLink(),
        );
        if (linkedDir) {
          expect(run.code).toBe(1);
          expect(run.stdout).toMatch(/::error::input "output-dir": out(\/media)? is a symbolic link/);
        } else {
          expect(run.code).toBe(0);
          for (const n of names)
            expect(lstatSync(path.join(ws.dir, `out/media/${n}.png`)).isFile()).toBe(true);
          expect(lstatSync(path.join(ws.dir, "out/media/results.json")).isFile()).toBe(true);
        }
      }),
      { seed, numRuns: runs },
    );
  }, 60_000);
});

function isInsideLinkedDir(workspace: string, file: string): boolean {
  let current = path.dirname(file);
  while (current.length > workspace.length) {
    if (lstatOrUndefined(current)?.isSymbolicLink()) return true;
    current = path.dirname(current);
  }
  return false;
}

/** Undefined when nothing is there, or a link to a file stands where a folder would be (ENOTDIR). */
function lstatOrUndefined(file: string): Stats | undefined {
  try {
    return lstatSync(file);
  } catch {
    return undefined;
  }
}

/** Names, link targets and sha256 of everything under `dir` (links not followed). */
function digest(dir: string): string {
  const lines: string[] = [];
  const visit = (file: string): void => {
    const stats = lstatSync(file);
    if (stats.isSymbolicLink()) lines.push(`${file} -> ${readlinkSync(file)}`);
    else if (stats.isDirectory()) {
      lines.push(`${file}/`);
      for (const name of readdirSync(file).sort()) visit(path.join(file, name));
    } else lines.push(`${file} ${createHash("sha256").update(readFileSync(file)).digest("hex")}`);
  };
  visit(dir);
  return lines.join("\n");
}
