/**
 * Issue 11, class 3 (and the repository-file and record defects of class 8): the hostile side is the
 * repository a pull request checks out, and the records it or an earlier attempt left. A victim file and a
 * victim folder live OUTSIDE the workspace (beside it, in the test's temporary root); links planted in the
 * checkout point at them, and after every run they must be byte-for-byte as they were.
 *
 * GENMEDIA_DIST=<file> runs another bundle than dist/index.js (e.g. /work/base/dist/index.js, to see these
 * tests fail on the build before the fix).
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type Simulator, startSimulator } from "../../simulator/server.ts";
import type { TaskRecord } from "../../src/run/record.ts";
import { distEntry, makeWorkspace, runAction, type Workspace } from "../support/action-runner.ts";
import { type ArtifactService, startArtifactService } from "../support/artifact-service.ts";

const entry = process.env.GENMEDIA_DIST ? path.resolve(process.env.GENMEDIA_DIST) : distEntry;
const apiKey = "hostile-fs-key-5c1e";
let simulator: Simulator | undefined;
let service: ArtifactService | undefined;
afterEach(async () => {
  await simulator?.close();
  await service?.close();
  simulator = undefined;
  service = undefined;
});

async function quickSimulator(): Promise<Simulator> {
  simulator = await startSimulator({
    apiKey,
    timeScale: 1000,
    scenario: {
      latency: { queuedMs: 100, processingMs: { video: 1000, image: 200, audio: 200 }, jitter: 0 },
    },
  });
  return simulator;
}

/** A workspace plus, beside it, a victim file and a victim folder that no run may change. */
function hostileWorkspace(): Workspace & { victimFile: string; victimDir: string; snapshot(): string } {
  const ws = makeWorkspace();
  const root = path.dirname(ws.dir);
  const victimDir = path.join(root, "victim-dir");
  mkdirSync(victimDir);
  writeFileSync(path.join(victimDir, "keep.txt"), "a file outside the workspace\n");
  const victimFile = path.join(root, "victim.txt");
  writeFileSync(victimFile, "precious bytes outside the workspace\n");
  ws.write("m.yml", "tasks:\n  - name: hero\n    model: nano-banana-2\n    prompt: a hero image\n");
  return { ...ws, victimFile, victimDir, snapshot: () => treeDigest([victimFile, victimDir]) };
}

/** Names, link targets and sha256 of every entry under the given paths (links not followed). */
function treeDigest(paths: readonly string[]): string {
  const lines: string[] = [];
  const visit = (file: string): void => {
    const stats = lstatSync(file, { throwIfNoEntry: false });
    if (!stats) return void lines.push(`${file} missing`);
    if (stats.isSymbolicLink()) return void lines.push(`${file} -> ${readlinkSync(file)}`);
    if (stats.isDirectory()) {
      lines.push(`${file}/`);
      for (const name of readdirSync(file).sort()) visit(path.join(file, name));
      return;
    }
    lines.push(`${file} ${createHash("sha256").update(readFileSync(file)).digest("hex")}`);
  };
  for (const file of paths) visit(file);
  return lines.join("\n");
}

function plant(ws: Workspace, relative: string, target: string): void {
  const link = path.join(ws.dir, relative);
  mkdirSync(path.dirname(link), { recursive: true });
  symlinkSync(target, link);
}

function results(ws: Workspace, dir = "generated-media"): TaskRecord[] {
  return JSON.parse(readFileSync(path.join(ws.dir, dir, "results.json"), "utf8")).tasks as TaskRecord[];
}

const inputs = (sim: Simulator, extra: Record<string, string> = {}) => ({
  "api-key": apiKey,
  "base-url": sim.url,
  manifest: "m.yml",
  "poll-interval": "50ms",
  ...extra,
});

describe("links planted in the repository never make the action write outside the workspace", () => {
  it("replaces links planted at the temporary, final, results.json and journal names instead of following them", async () => {
    const sim = await quickSimulator();
    const ws = hostileWorkspace();
    plant(ws, "generated-media/hero.png.part", ws.victimFile);
    plant(ws, "generated-media/hero.png", ws.victimFile);
    plant(ws, "generated-media/results.json", ws.victimFile);
    plant(ws, "generated-media/results.json.journal", ws.victimFile);
    const before = ws.snapshot();
    const run = await runAction(ws, inputs(sim), { entry });
    expect(ws.snapshot()).toBe(before);
    expect(run.code).toBe(0);
    const hero = path.join(ws.dir, "generated-media/hero.png");
    expect(lstatSync(hero).isFile()).toBe(true);
    expect(lstatSync(path.join(ws.dir, "generated-media/results.json")).isFile()).toBe(true);
    const [record] = results(ws);
    expect(record?.status).toBe("completed");
    expect(createHash("sha256").update(readFileSync(hero)).digest("hex")).toBe(record?.file?.sha256);
    expect(run.outputs.files).toBe("generated-media/hero.png");
  });

  it.each([
    ["output-dir itself", "generated-media", "generated-media"],
    ["a parent of output-dir", "out", "out/media"],
  ])(
    "refuses %s as a link to a folder outside, with a ConfigError and nothing written",
    async (_, linked, outputDir) => {
      const sim = await quickSimulator();
      const ws = hostileWorkspace();
      plant(ws, linked, ws.victimDir);
      const before = ws.snapshot();
      const run = await runAction(ws, inputs(sim, { "output-dir": outputDir }), { entry });
      expect(ws.snapshot()).toBe(before);
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(
        new RegExp(`::error::input "output-dir": ${linked} is a symbolic link \\(to ${ws.victimDir}\\)`),
      );
      expect(run.stdout).not.toMatch(/failed unexpectedly|\n\s+at /);
      expect(sim.creates()).toEqual([]);
    },
  );

  it("restores an earlier attempt's artifact without writing through a link planted at a file's name", async () => {
    const sim = await quickSimulator();
    service = await startArtifactService();
    const first = hostileWorkspace();
    const run1 = await runAction(first, inputs(sim), { env: service.env() });
    expect(run1.code).toBe(0);

    // Attempt 2 on a fresh checkout of the same (hostile) commit: hero.png is a committed link.
    const ws = hostileWorkspace();
    plant(ws, "generated-media/hero.png", ws.victimFile);
    const before = ws.snapshot();
    const token = service.tokenFor({ run: "run-1", job: "job-1-attempt-2" });
    const run2 = await runAction(ws, inputs(sim), {
      entry,
      env: { ...service.env(token), GITHUB_RUN_ATTEMPT: "2" },
    });
    expect(ws.snapshot()).toBe(before);
    expect(run2.code).toBe(0);
    expect(lstatSync(path.join(ws.dir, "generated-media/hero.png")).isFile()).toBe(true);
    expect(sim.creates()).toHaveLength(1);
  });
});

describe("repository files that are not regular files are a ConfigError, never a stack or a hang", () => {
  const cases: [string, (ws: Workspace) => Record<string, string>, RegExp][] = [
    [
      "a prompt-file that is a directory",
      (ws) => {
        mkdirSync(path.join(ws.dir, "prompts/hero.md"), { recursive: true });
        ws.write(
          "p.yml",
          "tasks:\n  - name: hero\n    model: nano-banana-2\n    prompt-file: prompts/hero.md\n",
        );
        return { manifest: "p.yml" };
      },
      /p\.yml:\d+: task "hero": field "prompt-file": prompts\/hero\.md is a directory/,
    ],
    [
      "a prompt-file that is a FIFO",
      (ws) => {
        fifo(path.join(ws.dir, "prompts/hero.md"));
        ws.write(
          "p.yml",
          "tasks:\n  - name: hero\n    model: nano-banana-2\n    prompt-file: prompts/hero.md\n",
        );
        return { manifest: "p.yml" };
      },
      /task "hero": field "prompt-file": prompts\/hero\.md is not a regular file \(it is a FIFO\)/,
    ],
    [
      "a manifest that is a FIFO",
      (ws) => {
        fifo(path.join(ws.dir, "fifo.yml"));
        return { manifest: "fifo.yml" };
      },
      /input "manifest": fifo\.yml is not a regular file \(it is a FIFO\)/,
    ],
    [
      "a resume-from that is a FIFO",
      (ws) => {
        fifo(path.join(ws.dir, "old/results.json"));
        return { "resume-from": "old/results.json" };
      },
      /input "resume-from": old\/results\.json is not a regular file \(it is a FIFO\)/,
    ],
  ];

  it.each(cases)(
    "%s",
    async (_, arrange, message) => {
      const sim = await quickSimulator();
      const ws = hostileWorkspace();
      const extra = arrange(ws);
      const started = Date.now();
      const run = await runAction(ws, inputs(sim, extra), {
        entry,
        // The build before the fix blocks forever opening a FIFO: end it rather than the test run.
        whileRunning: (child) => {
          if (Date.now() - started > 8_000) child.kill("SIGKILL");
        },
      });
      expect(run.signal).toBeNull();
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(message);
      expect(run.stdout).not.toMatch(/failed unexpectedly|\n\s+at /);
      expect(sim.creates()).toEqual([]);
    },
    20_000,
  );
});

describe("hostile earlier records", () => {
  it("never adopts a recorded file outside output-dir or behind a link: the task is fetched again by its id", async () => {
    const sim = await quickSimulator();
    const ws = hostileWorkspace();
    ws.write(
      "m.yml",
      ["hero", "logo", "hosts"]
        .map((n) => `  - name: ${n}\n    model: nano-banana-2\n    prompt: a ${n} image\n`)
        .join("")
        .replace(/^/, "tasks:\n"),
    );
    const first = await runAction(ws, inputs(sim), { entry });
    expect(first.code).toBe(0);
    expect(sim.creates()).toHaveLength(3);

    // The checkout (or an artifact) brings a results.json whose records point at other files, with the
    // size and sha256 of those files so a content check alone would accept them.
    const readme = ws.write("README.md", "# the repository's own readme\n");
    const bytes = readFileSync(readme);
    const asReadme = { bytes: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex") };
    for (const name of ["hero.png", "logo.png", "hosts.png"])
      rmSync(path.join(ws.dir, "generated-media", name));
    plant(ws, "generated-media/logo.png", "../README.md");
    const hostile = results(ws).map((record) => {
      const where = { hero: "README.md", logo: "generated-media/logo.png", hosts: "../victim.txt" }[
        record.name
      ];
      return { ...record, file: { ...record.file, ...asReadme, path: where } };
    });
    writeFileSync(
      path.join(ws.dir, "generated-media/results.json"),
      JSON.stringify({ version: 1, tasks: hostile }),
    );
    const before = ws.snapshot();
    const second = await runAction(ws, inputs(sim), { entry });
    expect(ws.snapshot()).toBe(before);
    expect(second.code).toBe(0);
    expect(second.outputs.files?.split("\n").sort()).toEqual([
      "generated-media/hero.png",
      "generated-media/hosts.png",
      "generated-media/logo.png",
    ]);
    expect(sim.creates()).toHaveLength(3);
    const records = results(ws);
    expect(records.map((r) => [r.name, r.status, r.file?.path])).toEqual([
      ["hero", "completed", "generated-media/hero.png"],
      ["logo", "completed", "generated-media/logo.png"],
      ["hosts", "completed", "generated-media/hosts.png"],
    ]);
    expect(lstatSync(path.join(ws.dir, "generated-media/logo.png")).isFile()).toBe(true);
    expect(readFileSync(readme, "utf8")).toBe("# the repository's own readme\n");
    expect(second.stdout).toMatch(
      /task "hero" names a file that is not used: README\.md is not inside output-dir/,
    );
    expect(second.stdout).toMatch(/task "logo" names a file that is not used: .*symbolic link/);
  });
});

function fifo(file: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  execFileSync("mkfifo", [file]);
}
