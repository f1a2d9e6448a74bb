import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DefaultArtifactClient } from "@actions/artifact";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { perFileDelivery, uploadArchive, uploadEachFile } from "../../src/deliver/artifact.ts";
import {
  type ArtifactDelivery,
  type ArtifactSettings,
  artifactUrl,
  type OutputFile,
  type UploadedArtifact,
} from "../../src/deliver/artifact-links.ts";
import { artifactName, perFileArtifactName } from "../../src/run/artifact-names.ts";
import { type ArtifactService, readZip, startArtifactService } from "../support/artifact-service.ts";

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

/**
 * The artifact step as the pipeline runs it: one archive, or each media file, then (between the two, where
 * the pipeline records the ids in results.json) `afterMedia`, then results.json.
 */
async function uploadOutputs(
  files: readonly OutputFile[],
  rootDirectory: string,
  settings: ArtifactSettings,
  afterMedia?: (uploaded: readonly UploadedArtifact[]) => void,
): Promise<ArtifactDelivery> {
  if (settings.layout === "archive") return uploadArchive(files, rootDirectory, settings);
  const isResults = (f: OutputFile) => path.basename(f.absolutePath) === "results.json";
  const media = await uploadEachFile(
    files.filter((f) => !isResults(f)),
    settings,
  );
  if (media.failures.length === 0) afterMedia?.(media.artifacts);
  return perFileDelivery(await uploadEachFile(files.filter(isResults), settings, media));
}

describe("artifact names", () => {
  it("replaces every character the service forbids with a dash", () => {
    expect(artifactName('media "v2": <a|b> *?\\x/y\r\nz')).toBe("media -v2-- -a-b- ---x-y--z");
    expect(artifactName("  generated-media  ")).toBe("generated-media");
  });

  it("appends the shard, and keeps it when cutting a name to the service's 256 characters", () => {
    expect(artifactName("generated-media", { index: 2, count: 4 })).toBe("generated-media-shard-2-of-4");
    const long = artifactName("x".repeat(300), { index: 10, count: 12 });
    expect(long).toHaveLength(256);
    expect(long.endsWith("-shard-10-of-12")).toBe(true);
  });

  it("keeps an empty name empty (no upload), shard or not", () => {
    expect(artifactName("")).toBe("");
    expect(artifactName("  ", { index: 1, count: 2 })).toBe("");
  });

  it("names a per-file artifact after the artifact and the file, keeping the extension", () => {
    expect(perFileArtifactName("generated-media-shard-1-of-2", "/w/out/results.json")).toBe(
      "generated-media-shard-1-of-2-results.json",
    );
    const long = perFileArtifactName("m".repeat(250), "/w/hero.mp4");
    expect(long).toHaveLength(256);
    expect(long.endsWith(".mp4")).toBe(true);
  });

  it("links the artifact's page as upload-artifact does", () => {
    const env = { GITHUB_REPOSITORY: "octo/repo", GITHUB_RUN_ID: "77" };
    expect(artifactUrl(5, env)).toBe("https://github.com/octo/repo/actions/runs/77/artifacts/5");
    expect(artifactUrl(5, { ...env, GITHUB_SERVER_URL: "https://acme.ghe.com/" })).toBe(
      "https://acme.ghe.com/octo/repo/actions/runs/77/artifacts/5",
    );
    expect(artifactUrl(5, {})).toBe("");
  });
});

describe("uploadOutputs against the local artifact service", () => {
  let service: ArtifactService;
  let saved: NodeJS.ProcessEnv;
  let workspace: string;
  let outputDir: string;

  beforeEach(async () => {
    saved = { ...process.env };
    service = await startArtifactService();
    Object.assign(process.env, service.env(), {
      GITHUB_REPOSITORY: "octo/genmedia-test",
      GITHUB_RUN_ID: "1001",
    });
    delete process.env.GITHUB_SERVER_URL;
    delete process.env.GITHUB_RETENTION_DAYS;
    workspace = mkdtempSync(path.join(tmpdir(), "genmedia-artifact-test-"));
    outputDir = path.join(workspace, "generated-media");
    mkdirSync(outputDir);
    process.env.RUNNER_TEMP = mkdtempSync(path.join(tmpdir(), "genmedia-runner-temp-"));
  });

  afterEach(async () => {
    process.env = saved;
    await service.close();
  });

  /** A 9 MiB video (two blocks of the library's 8 MiB), a picture and results.json. */
  function writeOutputs(seed = "1"): OutputFile[] {
    const contents: Record<string, Buffer> = {
      "hero.mp4": Buffer.concat([Buffer.from(`video ${seed}`), randomBytes(9 * 1024 * 1024)]),
      "cat.png": Buffer.concat([Buffer.from(`png ${seed}`), randomBytes(1000)]),
      "results.json": Buffer.from(`{ "version": 1, "tasks": [], "seed": "${seed}" }\n`),
    };
    return Object.entries(contents).map(([name, bytes]) => {
      const absolutePath = path.join(outputDir, name);
      writeFileSync(absolutePath, bytes);
      return { absolutePath, relativePath: `generated-media/${name}` };
    });
  }

  const settings = (overrides: Partial<ArtifactSettings> = {}): ArtifactSettings => ({
    name: "generated-media",
    layout: "archive",
    compressionLevel: 0,
    runAttempt: 1,
    ...overrides,
  });

  it("uploads one zip that holds exactly the files, byte for byte, stored uncompressed at level 0", async () => {
    const files = writeOutputs();
    const delivery = await uploadOutputs(files, outputDir, settings({ retentionDays: 3 }));
    expect(delivery.error).toBeUndefined();
    const [stored] = service.artifacts();
    expect(service.artifacts()).toHaveLength(1);
    expect(stored).toMatchObject({ name: "generated-media", mimeType: "application/zip" });
    expect(stored?.contentType).toBe("application/zip");
    expect(delivery.artifacts).toEqual([
      {
        name: "generated-media",
        id: stored?.id,
        url: `https://github.com/octo/genmedia-test/actions/runs/1001/artifacts/${stored?.id}`,
      },
    ]);
    const entries = readZip(stored?.bytes ?? Buffer.alloc(0));
    expect(entries.map((e) => e.name).sort()).toEqual(["cat.png", "hero.mp4", "results.json"]);
    for (const entry of entries) {
      expect(sha256(entry.bytes)).toBe(sha256(readFileSync(path.join(outputDir, entry.name))));
      expect(entry.method).toBe(0);
    }
    // Two blocks went up for the 9 MiB video; retention became an expiry date three days out.
    expect(service.requests.filter((r) => r.route === "PutBlock").length).toBeGreaterThanOrEqual(2);
    const create = service.requests.find((r) => r.route === "CreateArtifact");
    const expires = Date.parse(String(create?.body?.expires_at));
    expect(Math.round((expires - Date.now()) / 86_400_000)).toBe(3);
  });

  it("uploads each file as its own unzipped artifact with its content type, results.json last", async () => {
    const files = writeOutputs();
    const seenBeforeResults: string[] = [];
    const delivery = await uploadOutputs(files, outputDir, settings({ layout: "per-file" }), (uploaded) => {
      seenBeforeResults.push(...uploaded.map((a) => a.file ?? ""));
      // The caller records the ids in results.json, which is then what gets uploaded.
      writeFileSync(files[2]?.absolutePath ?? "", JSON.stringify(uploaded.map((a) => a.id)));
    });
    expect(delivery.error).toBeUndefined();
    expect(seenBeforeResults).toEqual(["generated-media/hero.mp4", "generated-media/cat.png"]);
    expect(delivery.artifacts.map((a) => [a.name, a.file])).toEqual([
      ["generated-media-hero.mp4", "generated-media/hero.mp4"],
      ["generated-media-cat.png", "generated-media/cat.png"],
      ["generated-media-results.json", "generated-media/results.json"],
    ]);
    const stored = new Map(service.artifacts().map((a) => [a.name, a]));
    expect(stored.size).toBe(3);
    const types = { "hero.mp4": "video/mp4", "cat.png": "image/png", "results.json": "application/json" };
    for (const [file, type] of Object.entries(types)) {
      const artifact = stored.get(`generated-media-${file}`);
      expect(artifact?.mimeType).toBe(type);
      expect(artifact?.contentType).toBe(type);
      expect(sha256(artifact?.bytes ?? Buffer.alloc(0))).toBe(
        sha256(readFileSync(path.join(outputDir, file))),
      );
    }
    const uploadedOrder = service.requests
      .filter((r) => r.route === "CreateArtifact")
      .map((r) => r.body?.name);
    expect(uploadedOrder.at(-1)).toBe("generated-media-results.json");
    for (const artifact of delivery.artifacts) {
      expect(artifact.url).toBe(
        `https://github.com/octo/genmedia-test/actions/runs/1001/artifacts/${artifact.id}`,
      );
    }
  });

  it("replaces an earlier attempt's artifact of the same name on a re-run", async () => {
    writeOutputs("first");
    const first = await uploadOutputs(writeOutputs("first"), outputDir, settings());
    expect(first.error).toBeUndefined();
    // Attempt 2 is another job run of the same workflow run.
    process.env.ACTIONS_RUNTIME_TOKEN = service.tokenFor({ run: "run-1", job: "job-1-attempt-2" });
    const files = writeOutputs("second");
    const second = await uploadOutputs(files, outputDir, settings({ runAttempt: 2 }));
    expect(second.error).toBeUndefined();
    const remaining = service.artifacts().filter((a) => a.name === "generated-media");
    expect(remaining).toHaveLength(1);
    expect(remaining[0]?.id).toBe(second.artifacts[0]?.id);
    expect(remaining[0]?.jobBackendId).toBe("job-1-attempt-2");
    expect(service.deleted().map((a) => a.id)).toEqual([first.artifacts[0]?.id]);
    const results = readZip(remaining[0]?.bytes ?? Buffer.alloc(0)).find((e) => e.name === "results.json");
    expect(results?.bytes.toString()).toContain('"seed": "second"');
  });

  it("says how to avoid a name conflict within one attempt instead of failing with a 409", async () => {
    await uploadOutputs(writeOutputs(), outputDir, settings());
    const again = await uploadOutputs(writeOutputs(), outputDir, settings());
    expect(again.artifacts).toEqual([]);
    expect(again.error).toMatch(
      /^The upload of artifact "generated-media" failed: an artifact with this name already exists in this workflow run\. Give each step or matrix job its own `artifact-name` \(with a matrix, set `shard`\)\.$/,
    );
  });

  it("turns an exhausted storage quota into a sentence, without a stack", async () => {
    service.failWith("quota");
    const delivery = await uploadOutputs(writeOutputs(), outputDir, settings());
    expect(delivery.artifacts).toEqual([]);
    expect(delivery.error).toMatch(
      /^The upload of artifact "generated-media" failed: the artifact storage quota/,
    );
    expect(delivery.error).toContain("`artifact-name: ''`");
    expect(delivery.error).not.toMatch(/\n|\bat .*\.js/);
  });

  it("explains the missing runtime token of a step that is not a JavaScript action", async () => {
    delete process.env.ACTIONS_RUNTIME_TOKEN;
    const delivery = await uploadOutputs(writeOutputs(), outputDir, settings({ layout: "per-file" }));
    expect(delivery.artifacts).toEqual([]);
    expect(delivery.error).toMatch(
      /the artifact service is only available to JavaScript actions run by the runner.*ACTIONS_RUNTIME_TOKEN.*set `artifact-name: ''` to skip the upload\.$/,
    );
    // Said once, not once per file.
    expect(delivery.error?.match(/only available/g)).toHaveLength(1);
    expect(service.requests).toEqual([]);
  });

  it("stops a per-file upload at the artifact limit and says to use one archive", async () => {
    service.failWith("too-many");
    const delivery = await uploadOutputs(writeOutputs(), outputDir, settings({ layout: "per-file" }));
    expect(delivery.error).toMatch(
      /^None of the 3 files was uploaded as an artifact: .*limit.*`artifact-layout: archive`/,
    );
    expect(service.requests.filter((r) => r.route === "CreateArtifact")).toHaveLength(1);
  });

  it("says what to do when an earlier attempt's artifact cannot be replaced", async () => {
    service.failWith("conflict");
    const delivery = await uploadOutputs(writeOutputs(), outputDir, settings({ runAttempt: 3 }));
    expect(delivery.error).toMatch(/earlier attempt could not be replaced\. Delete it on the run's page/);
  });

  it("names the network error when the service cannot be reached", async () => {
    await service.close();
    const delivery = await uploadOutputs(writeOutputs(), outputDir, settings());
    expect(delivery.error).toMatch(/the artifact service could not be reached \(ECONNREFUSED\)/);
    service = await startArtifactService();
  });

  it("says that GitHub Enterprise Server is not supported", async () => {
    process.env.GITHUB_SERVER_URL = "https://ghes.example.com";
    const delivery = await uploadOutputs(writeOutputs(), outputDir, settings());
    expect(delivery.error).toMatch(/GitHub Enterprise Server does not support this artifact service/);
  });

  it("uploads nothing when the artifact name is empty", async () => {
    const delivery = await uploadOutputs(writeOutputs(), outputDir, settings({ name: "" }));
    expect(delivery).toEqual({ artifacts: [] });
    expect(service.requests).toEqual([]);
  });

  it("serves what it stored back to the library's download (the stand-in's own check)", async () => {
    const delivery = await uploadOutputs(writeOutputs(), outputDir, settings({ layout: "per-file" }));
    const picture = delivery.artifacts.find((a) => a.file === "generated-media/cat.png");
    const target = path.join(workspace, "downloaded");
    const result = await new DefaultArtifactClient().downloadArtifact(picture?.id ?? 0, {
      path: target,
      expectedHash: `sha256:${sha256(readFileSync(path.join(outputDir, "cat.png")))}`,
    });
    expect(result.digestMismatch).toBe(false);
    expect(readFileSync(path.join(target, "generated-media-cat.png"))).toEqual(
      readFileSync(path.join(outputDir, "cat.png")),
    );
  });
});
