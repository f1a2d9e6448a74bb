import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type Simulator, startSimulator } from "../../simulator/server.ts";
import type { TaskRecord } from "../../src/run/record.ts";
import { makeWorkspace, runAction, type Workspace } from "../support/action-runner.ts";
import { type ArtifactService, startArtifactService, unzip } from "../support/artifact-service.ts";

const apiKey = "sk-artifact-test-4d1c";
const runUrl = "https://github.com/octo/genmedia-test/actions/runs/1001/artifacts";
const manifest = `
tasks:
  - name: hero
    model: veo_3_1_fast
    prompt: Waves on black sand
    aspect_ratio: "16:9"
  - name: cat
    model: nano-banana-2
    prompt: A cat on a windowsill
  - name: speech
    model: soundCloningAudio
    prompt: Welcome to the release notes.
    params: { modelId: voice-123 }
`;

let simulator: Simulator | undefined;
let service: ArtifactService | undefined;

afterEach(async () => {
  await simulator?.close();
  await service?.close();
  simulator = undefined;
  service = undefined;
});

async function start(): Promise<{ sim: Simulator; artifacts: ArtifactService }> {
  simulator = await startSimulator({
    apiKey,
    timeScale: 1000,
    scenario: {
      latency: { queuedMs: 1000, processingMs: { video: 60_000, image: 5000, audio: 10_000 }, seed: 3 },
    },
  });
  service = await startArtifactService();
  return { sim: simulator, artifacts: service };
}

function workspaceWithManifest(): Workspace {
  const ws = makeWorkspace();
  ws.write("media/manifest.yml", manifest);
  return ws;
}

/** Runs the bundled action with the artifact service's runtime variables, as the runner gives them. */
function run(ws: Workspace, extra: Record<string, string> = {}, env: Record<string, string> = {}) {
  if (!simulator || !service) throw new Error("start() first");
  return runAction(
    ws,
    {
      "api-key": apiKey,
      "base-url": simulator.url,
      "poll-interval": "50ms",
      manifest: "media/manifest.yml",
      ...extra,
    },
    { env: { ...service.env(), ...env } },
  );
}

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

/** Every file the run left in output-dir (media and results.json), by name. */
function outputFiles(ws: Workspace): Map<string, Buffer> {
  const dir = path.join(ws.dir, "generated-media");
  return new Map(readdirSync(dir).map((name) => [name, readFileSync(path.join(dir, name))]));
}

function readResults(ws: Workspace): TaskRecord[] {
  return JSON.parse(readFileSync(path.join(ws.dir, "generated-media/results.json"), "utf8")).tasks;
}

describe("the built action uploads its outputs as artifacts", () => {
  it("uploads one zip holding exactly the downloaded files and results.json, byte for byte", async () => {
    const { artifacts } = await start();
    const ws = workspaceWithManifest();
    const result = await run(ws);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const stored = artifacts.artifacts();
    expect(stored.map((a) => [a.name, a.mimeType])).toEqual([["generated-media", "application/zip"]]);
    const zipped = unzip(stored[0]?.bytes ?? Buffer.alloc(0));
    const local = outputFiles(ws);
    expect([...zipped.keys()].sort()).toEqual(["cat.png", "hero.mp4", "results.json", "speech.wav"]);
    expect([...zipped.keys()].sort()).toEqual([...local.keys()].sort());
    for (const [name, bytes] of zipped)
      expect(sha256(bytes), name).toBe(sha256(local.get(name) ?? Buffer.alloc(0)));
    for (const record of readResults(ws)) {
      expect(sha256(zipped.get(path.basename(record.file?.path ?? "")) ?? Buffer.alloc(0))).toBe(
        record.file?.sha256,
      );
    }
    expect(result.outputs["artifact-id"]).toBe(String(stored[0]?.id));
    expect(result.outputs["artifact-url"]).toBe(`${runUrl}/${stored[0]?.id}`);
    expect(result.summary).toContain(`${runUrl}/${stored[0]?.id}`);
  });

  it("uploads each file as its own unzipped artifact with its content type, each linked from its row", async () => {
    const { artifacts } = await start();
    const ws = workspaceWithManifest();
    const result = await run(ws, { "artifact-layout": "per-file" });
    expect(result.code).toBe(0);
    const stored = new Map(artifacts.artifacts().map((a) => [a.name, a]));
    expect([...stored.keys()].sort()).toEqual([
      "generated-media-cat.png",
      "generated-media-hero.mp4",
      "generated-media-results.json",
      "generated-media-speech.wav",
    ]);
    const local = outputFiles(ws);
    for (const [name, bytes] of local) {
      const artifact = stored.get(`generated-media-${name}`);
      expect(sha256(artifact?.bytes ?? Buffer.alloc(0)), name).toBe(sha256(bytes));
    }
    expect(stored.get("generated-media-results.json")?.contentType).toBe("application/json");
    for (const record of readResults(ws)) {
      const artifact = stored.get(`generated-media-${path.basename(record.file?.path ?? "")}`);
      expect(artifact?.mimeType).toBe(record.file?.contentType);
      expect(artifact?.contentType).toBe(record.file?.contentType);
      // results.json records each file's own artifact, and the summary row links it.
      expect(record.file).toMatchObject({
        artifactId: artifact?.id,
        artifactUrl: `${runUrl}/${artifact?.id}`,
      });
      expect(result.summary).toContain(`${runUrl}/${artifact?.id}`);
    }
    const first = artifacts.artifacts()[0];
    expect(result.outputs["artifact-id"]).toBe(String(first?.id));
    expect(result.outputs["artifact-url"]).toBe(`${runUrl}/${first?.id}`);
  });

  it("replaces the first attempt's artifact on a second attempt of the same run", async () => {
    const { artifacts } = await start();
    const first = await run(workspaceWithManifest());
    expect(first.code).toBe(0);
    const firstId = artifacts.artifacts()[0]?.id;
    // A re-run is a new job run of the same workflow run, on a fresh workspace.
    const token = artifacts.tokenFor({ run: "run-1", job: "job-1-attempt-2" });
    const ws = workspaceWithManifest();
    const second = await run(ws, {}, { GITHUB_RUN_ATTEMPT: "2", ACTIONS_RUNTIME_TOKEN: token });
    expect(second.code).toBe(0);
    const remaining = artifacts.artifacts().filter((a) => a.name === "generated-media");
    expect(remaining).toHaveLength(1);
    expect(remaining[0]?.id).not.toBe(firstId);
    expect(artifacts.deleted().map((a) => a.id)).toEqual([firstId]);
    expect(second.outputs["artifact-id"]).toBe(String(remaining[0]?.id));
    const zipped = unzip(remaining[0]?.bytes ?? Buffer.alloc(0));
    expect(zipped.get("results.json")).toEqual(outputFiles(ws).get("results.json"));
  });

  it("fails the step with a readable error on an exhausted quota, keeping results.json and the summary", async () => {
    const { artifacts } = await start();
    artifacts.failWith("quota");
    const ws = workspaceWithManifest();
    const result = await run(ws);
    expect(result.code).toBe(1);
    const records = readResults(ws);
    expect(records.map((r) => r.status)).toEqual(["completed", "completed", "completed"]);
    for (const record of records) {
      const bytes = readFileSync(path.join(ws.dir, record.file?.path ?? ""));
      expect(sha256(bytes)).toBe(record.file?.sha256);
      expect(result.summary).toContain(record.file?.path.replace(/_/g, "\\_"));
    }
    expect(result.summary).toMatch(/upload.*failed/i);
    expect(result.summary).toMatch(/storage quota/);
    expect(result.stdout).toMatch(/::error::.*artifact storage quota of this account has been hit/);
    expect(result.stdout).not.toMatch(/\n\s+at .*\.js:\d+/);
    expect(result.outputs.succeeded).toBe("3");
    expect(artifacts.artifacts()).toEqual([]);
  });

  it("uploads nothing when artifact-name is empty", async () => {
    const { artifacts } = await start();
    const result = await run(workspaceWithManifest(), { "artifact-name": "" });
    expect(result.code).toBe(0);
    expect(artifacts.requests).toEqual([]);
    expect(result.outputs["artifact-id"] ?? "").toBe("");
  });

  it("says what to do when run without the runner's artifact service, and still writes the record", async () => {
    await start();
    const ws = workspaceWithManifest();
    const result = await run(
      ws,
      { "artifact-name": "generated-media" },
      { ACTIONS_RUNTIME_TOKEN: "", ACTIONS_RESULTS_URL: "" },
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /::error::.*only available to JavaScript actions run by the runner.*artifact-name: ''/,
    );
    expect(result.stdout).not.toMatch(/\n\s+at .*\.js:\d+/);
    expect(readResults(ws).every((r) => r.status === "completed")).toBe(true);
    expect(result.summary).toMatch(/upload of artifact "generated-media" failed/);
  });
});
