import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Scenario } from "../../simulator/scenario.ts";
import { type Simulator, startSimulator } from "../../simulator/server.ts";
import type { AssetRecord, TaskRecord } from "../../src/run/record.ts";
import {
  commandPayload,
  injectedCommands,
  markdownBreakouts,
  markdownPayload,
} from "../hostile/support/payloads.ts";
import { makeWorkspace, runAction, type Workspace } from "../support/action-runner.ts";
import { type GitHubApi, startGitHubApi } from "../support/github-api.ts";

const apiKey = "sk-assets-test-7f3e21";
let simulator: Simulator | undefined;
let github: GitHubApi | undefined;
afterEach(async () => {
  await simulator?.close();
  await github?.close();
  simulator = undefined;
  github = undefined;
});

async function start(scenario: Scenario = {}): Promise<Simulator> {
  simulator = await startSimulator({
    apiKey,
    timeScale: 1000,
    scenario: {
      latency: { queuedMs: 0, processingMs: { video: 1000, image: 1000, audio: 1000 }, jitter: 0 },
      ...scenario,
    },
  });
  return simulator;
}

function run(
  ws: Workspace,
  sim: Simulator,
  inputs: Record<string, string> = {},
  env: Record<string, string> = {},
) {
  return runAction(
    ws,
    { "api-key": apiKey, "base-url": sim.url, manifest: "m.yml", "poll-interval": "50ms", ...inputs },
    { env: { GENMEDIA_ASSET_POLL_MS: "20", ...env } },
  );
}

function results(ws: Workspace): { tasks: TaskRecord[]; assets?: AssetRecord[] } {
  return JSON.parse(readFileSync(path.join(ws.dir, "generated-media/results.json"), "utf8"));
}

const seedanceAssets = `assets:
  face:
    url: https://example.com/me.jpg
    type: image
    library: seedance2
  unused:
    url: https://example.com/never.jpg
    type: image
    library: seedance2
`;

function seedanceTask(name: string, prompt: string, field = "first_image: asset:face"): string {
  return `  - name: ${name}\n    model: seedance_2_0_pro\n    prompt: ${prompt}\n    ${field}\n`;
}

describe("assets from the Seedance 2.0 library", () => {
  it("uploads a shared asset once, waits until Active, sends asset://<id>, and a later run reuses it", async () => {
    const sim = await start();
    const ws = makeWorkspace();
    ws.write(
      "m.yml",
      `${seedanceAssets}tasks:\n${seedanceTask("intro", "hello")}${seedanceTask("outro", "bye")}`,
    );
    const first = await run(ws, sim);
    expect(first.code, first.stdout).toBe(0);
    // One upload for two tasks, and none for the asset no task uses.
    const uploads = sim.assetUploads();
    expect(uploads.map((r) => r.body)).toEqual([
      { assetType: "Image", url: "https://example.com/me.jpg", name: "face" },
    ]);
    const [asset] = sim.assets();
    const creates = sim.creates();
    expect(creates.map((c) => (c.body as { first_image: string }).first_image)).toEqual([
      `asset://${asset?.id}`,
      `asset://${asset?.id}`,
    ]);
    // The asset was reviewed (asked about until Active) before any create went out.
    const detailAt = sim.requests.filter((r) => r.method === "GET" && r.path.startsWith("/kyyVideo2/asset/"));
    expect(detailAt.length).toBeGreaterThan(0);
    expect(Math.min(...creates.map((c) => sim.requests.indexOf(c)))).toBeGreaterThan(
      Math.max(...detailAt.map((r) => sim.requests.indexOf(r))),
    );
    const recorded = results(ws);
    expect(recorded.tasks.map((t) => t.status)).toEqual(["completed", "completed"]);
    expect(recorded.assets).toEqual([
      {
        name: "face",
        library: "seedance2",
        assetId: asset?.id,
        status: "Active",
        sourceHash: expect.stringMatching(/^[0-9a-f]{64}$/),
        error: null,
      },
    ]);

    // A later run with a new task and the same asset source: no second upload (no second moderation).
    ws.write(
      "m.yml",
      `${seedanceAssets}tasks:\n${seedanceTask("intro", "hello")}${seedanceTask("extra", "again")}`,
    );
    const second = await run(ws, sim);
    expect(second.code, second.stdout).toBe(0);
    expect(sim.assetUploads()).toHaveLength(1);
    expect(sim.creates()).toHaveLength(3);
    expect((sim.creates()[2]?.body as { first_image?: string } | undefined)?.first_image).toBe(
      `asset://${asset?.id}`,
    );
  });

  it("fails every task using a Failed asset with the library's reason, and creates none of them", async () => {
    const sim = await start({
      assets: { reviewMs: 1000, fail: [{ urlContains: "me.jpg", error: "Real face detected." }] },
    });
    const ws = makeWorkspace();
    ws.write(
      "m.yml",
      `${seedanceAssets}tasks:\n${seedanceTask("intro", "hello")}${seedanceTask("plain", "no asset", "duration: 5")}`,
    );
    const outcome = await run(ws, sim);
    expect(outcome.code).not.toBe(0);
    expect(sim.assetUploads()).toHaveLength(1);
    expect(sim.creates().map((c) => (c.body as { prompt: string }).prompt)).toEqual(["no asset"]);
    const recorded = results(ws);
    const intro = recorded.tasks.find((t) => t.name === "intro");
    expect(intro).toMatchObject({ status: "failed", taskId: null });
    expect(intro?.error).toContain("Real face detected.");
    expect(recorded.assets?.[0]).toMatchObject({
      name: "face",
      status: "Failed",
      error: "Real face detected.",
    });
  });

  it("leaves a task unsent when its asset is still in review at the deadline; the next run re-polls the kept id", async () => {
    const sim = await start({ assets: { reviewMs: 3_600_000_000, fail: [] } });
    const ws = makeWorkspace();
    ws.write("m.yml", `${seedanceAssets}tasks:\n${seedanceTask("intro", "hello")}`);
    const first = await run(ws, sim, { timeout: "1s" });
    expect(first.code).not.toBe(0);
    expect(sim.creates()).toHaveLength(0);
    const afterFirst = results(ws);
    expect(afterFirst.tasks[0]).toMatchObject({ status: "skipped", taskId: null });
    expect(afterFirst.tasks[0]?.error).toMatch(/^not submitted: asset "face" .* still in review/);
    const kept = afterFirst.assets?.[0];
    expect(kept).toMatchObject({ status: "Processing", assetId: sim.assets()[0]?.id });

    sim.setScenario({ latency: { queuedMs: 0, processingMs: { video: 1000, image: 1000, audio: 1000 } } });
    // The asset's review time is fixed at its upload: make the review end now.
    const [asset] = sim.assets();
    if (asset) asset.uploadedSimMs = -10_000_000_000;
    const second = await run(ws, sim);
    expect(second.code, second.stdout).toBe(0);
    expect(sim.assetUploads()).toHaveLength(1);
    expect((sim.creates()[0]?.body as { first_image?: string } | undefined)?.first_image).toBe(
      `asset://${kept?.assetId}`,
    );
    expect(results(ws).assets?.[0]).toMatchObject({ status: "Active", assetId: kept?.assetId });
  });

  it("a resume-from elsewhere reuses the Active asset of the earlier results.json", async () => {
    const sim = await start();
    const ws = makeWorkspace();
    ws.write("m.yml", `${seedanceAssets}tasks:\n${seedanceTask("intro", "hello")}`);
    expect((await run(ws, sim)).code).toBe(0);
    writeFileSync(
      path.join(ws.dir, "earlier.json"),
      readFileSync(path.join(ws.dir, "generated-media/results.json")),
    );
    ws.write("m.yml", `${seedanceAssets}tasks:\n${seedanceTask("intro", "changed prompt")}`);
    const second = await run(ws, sim, { "resume-from": "earlier.json", "output-dir": "elsewhere" });
    expect(second.code, second.stdout).toBe(0);
    expect(sim.assetUploads()).toHaveLength(1);
    expect(sim.creates()).toHaveLength(2);
  });

  it("keeps the asset records when the post step delivers a killed run's results.json", async () => {
    const ws = makeWorkspace();
    const resultsFile = path.join(ws.dir, "generated-media/results.json");
    const asset = {
      name: "face",
      library: "seedance2",
      assetId: "asset-9",
      status: "Active",
      sourceHash: "a".repeat(64),
      error: null,
    };
    ws.write(
      "generated-media/results.json",
      JSON.stringify({
        version: 1,
        tasks: [
          {
            name: "intro",
            model: "seedance_2_0_pro",
            kind: "video",
            status: "pending",
            taskId: "video_1",
            submittedAt: null,
            finishedAt: null,
            file: null,
            inputHash: "h",
            error: null,
          },
        ],
        assets: [asset],
      }),
    );
    const post = await runAction(
      ws,
      { "api-key": apiKey, prompt: "p", model: "nano-banana-2" },
      { post: { state: { "results-file": resultsFile } } },
    );
    expect(post.stdout).toContain("delivering what it recorded");
    expect(results(ws).assets).toEqual([asset]);
  });

  it("uploads nothing for an asset whose only task `only` leaves out", async () => {
    const sim = await start();
    const ws = makeWorkspace();
    ws.write(
      "m.yml",
      `${seedanceAssets}tasks:\n${seedanceTask("intro", "hello")}${seedanceTask("plain", "no asset", "duration: 5")}`,
    );
    const outcome = await run(ws, sim, { only: "plain" });
    expect(outcome.code, outcome.stdout).toBe(0);
    expect(sim.assetUploads()).toHaveLength(0);
    expect(sim.requests.filter((r) => r.route === "asset")).toHaveLength(0);
  });
});

describe("assets from the SD2 Manxue library", () => {
  it("checks every asset in one batch call; a failed one fails only its task", async () => {
    const sim = await start({
      assets: { reviewMs: 1000, fail: [{ urlContains: "bad.jpg", error: "Image violates policy." }] },
    });
    const ws = makeWorkspace();
    ws.write(
      "m.yml",
      `assets:
  good: { url: "https://example.com/good.jpg", type: image, library: sd2-manxue }
  bad: { url: "https://example.com/bad.jpg", type: image, library: sd2-manxue }
tasks:
  - { name: ok, model: sd2_manxue_1080p, prompt: fine, reference_images: ["asset:good"] }
  - { name: nope, model: sd2_manxue_1080p, prompt: refused, reference_images: ["asset:bad"] }
`,
    );
    const outcome = await run(ws, sim);
    expect(outcome.code).not.toBe(0);
    const uploads = sim.assetUploads().map((r) => r.body);
    expect(uploads).toHaveLength(2);
    expect(uploads).toContainEqual({
      imageUrls: ["https://example.com/good.jpg"],
      videoUrls: [],
      audioUrls: [],
    });
    const checks = sim.requests.filter((r) => r.path === "/asset/sd2Manxue/assetStatus");
    expect(checks.some((r) => (r.body as { assetIds: string[] }).assetIds.length === 2)).toBe(true);
    const good = sim.assets().find((a) => a.url.endsWith("good.jpg"));
    expect(sim.creates().map((c) => c.body)).toEqual([
      expect.objectContaining({ prompt: "fine", referenceImages: [`asset://${good?.id}`] }),
    ]);
    const byName = Object.fromEntries(results(ws).tasks.map((t) => [t.name, t]));
    expect(byName.ok?.status).toBe("completed");
    expect(byName.nope).toMatchObject({ status: "failed", taskId: null });
    expect(byName.nope?.error).toContain("Image violates policy.");
  });
});

describe("file: references", () => {
  const manifest = `tasks:\n${seedanceTask("intro", "hello", "first_image: file:refs/me.png")}`;

  it("are refused in a private repository before any request, saying what to do instead", async () => {
    const sim = await start();
    const ws = makeWorkspace();
    ws.write("m.yml", manifest);
    ws.write("refs/me.png", "png");
    const eventFile = path.join(ws.runnerTemp, "event.json");
    writeFileSync(
      eventFile,
      JSON.stringify({ repository: { private: true, full_name: "octo/genmedia-test" } }),
    );
    const outcome = await run(ws, sim, { "media-branch": "media" }, { GITHUB_EVENT_PATH: eventFile });
    expect(outcome.code).not.toBe(0);
    expect(outcome.stdout).toMatch(
      /file: references cannot be sent: this repository is private.*https:\/\/ URL instead/,
    );
    expect(sim.requests).toHaveLength(0);
  });

  it("are published on the media branch before the run and sent as their commit-pinned URL", async () => {
    const sim = await start();
    github = await startGitHubApi();
    const ws = makeWorkspace();
    ws.write(
      "m.yml",
      `assets:
  logo: { file: refs/logo.png, type: image, library: sd2-manxue }
tasks:
${seedanceTask("intro", "hello", "first_image: file:refs/me.png")}  - { name: branded, model: sd2_manxue_1080p, prompt: logo, reference_images: ["asset:logo"] }
`,
    );
    ws.write("refs/me.png", "me-bytes");
    ws.write("refs/logo.png", "logo-bytes");
    const eventFile = path.join(ws.runnerTemp, "event.json");
    writeFileSync(
      eventFile,
      JSON.stringify({ repository: { private: false, full_name: "octo/genmedia-test" } }),
    );
    const outcome = await run(
      ws,
      sim,
      { "media-branch": "media", "github-token": "ghs_assets" },
      { ...github.env(), GITHUB_EVENT_PATH: eventFile },
    );
    expect(outcome.code, outcome.stdout).toBe(0);
    // The oldest commit of the branch is the references', made before any create could name it.
    const history = github.history("media");
    const referenceCommit = history[history.length - 1]?.sha ?? "";
    const files = github.files(referenceCommit);
    const mePath = [...files.keys()].find((p) => p.startsWith("reference-media/") && p.endsWith("/me.png"));
    expect(files.get(mePath ?? "")?.toString()).toBe("me-bytes");
    const base = `https://raw.githubusercontent.com/octo/genmedia-test/${referenceCommit}/`;
    const intro = sim.creates().find((c) => (c.body as { prompt: string }).prompt === "hello");
    expect((intro?.body as { first_image?: string } | undefined)?.first_image).toBe(`${base}${mePath}`);
    const upload = sim.assetUploads()[0]?.body as { imageUrls: string[] };
    expect(upload.imageUrls[0]).toMatch(new RegExp(`^${base}reference-media/[0-9a-f]{16}/logo\\.png$`));
  });

  it("are refused without media-branch before any request", async () => {
    const sim = await start();
    const ws = makeWorkspace();
    ws.write("m.yml", manifest);
    ws.write("refs/me.png", "png");
    const outcome = await run(ws, sim);
    expect(outcome.code).not.toBe(0);
    expect(outcome.stdout).toMatch(/the "media-branch" input is not set/);
    expect(sim.requests).toHaveLength(0);
  });
});

describe("a hostile asset library", () => {
  it("records a Failed asset's error redacted and inert: no command, no key, no Markdown breakout", async () => {
    const hostile = `${commandPayload("PWNASSET")}\nkey ${apiKey}\n${markdownPayload("MDASSET")}`;
    const sim = await start({ assets: { reviewMs: 0, fail: [{ urlContains: "me.jpg", error: hostile }] } });
    const ws = makeWorkspace();
    ws.write("m.yml", `${seedanceAssets}tasks:\n${seedanceTask("intro", "hello")}`);
    const outcome = await run(ws, sim);
    expect(outcome.code).not.toBe(0);
    expect(sim.creates()).toHaveLength(0);
    const text = readFileSync(path.join(ws.dir, "generated-media/results.json"), "utf8");
    // The text did arrive, without the key.
    expect(text).toContain("PWNASSET");
    const everything = outcome
      .allText()
      .split("\n")
      .filter((line) => line !== `::add-mask::${apiKey}`)
      .join("\n");
    expect(everything).not.toContain(apiKey);
    expect(injectedCommands(outcome.stdout, ["PWNASSET", "MDASSET"])).toEqual([]);
    expect(outcome.summary).toContain("MDASSET");
    expect(markdownBreakouts(outcome.summary, "MDASSET", 6)).toEqual([]);
  });
});

describe("references inside an endpoint task's body", () => {
  it("uploads the asset an endpoint body names and sends asset://<id> in its place, the rest as written", async () => {
    const sim = await start({
      routes: [{ create: "/v9/labs/clips", poll: "/v9/labs/clips/{id}", kind: "video" }],
    });
    const ws = makeWorkspace();
    ws.write(
      "m.yml",
      `${seedanceAssets}tasks:
  - name: labs
    endpoint: /v9/labs/clips
    poll: /v9/labs/clips/{id}
    kind: video
    body:
      model: labs-clip-1
      prompt: A paper boat
      inputs: { face: asset:face, style: [asset:face, https://example.com/s.jpg] }
`,
    );
    const result = await run(ws, sim);
    expect(result.code, result.stdout).toBe(0);
    expect(sim.assetUploads()).toHaveLength(1);
    const [asset] = sim.assets();
    expect(sim.creates().map((c) => c.body)).toEqual([
      {
        model: "labs-clip-1",
        prompt: "A paper boat",
        inputs: {
          face: `asset://${asset?.id}`,
          style: [`asset://${asset?.id}`, "https://example.com/s.jpg"],
        },
      },
    ]);
    expect(results(ws).tasks[0]?.status).toBe("completed");
  });

  it("refuses an endpoint body naming an asset the manifest does not declare, before any request", async () => {
    const sim = await start();
    const ws = makeWorkspace();
    ws.write(
      "m.yml",
      `${seedanceAssets}tasks:
  - name: labs
    endpoint: /v2/model-center/tasks
    kind: video
    body: { model: KlingO3, prompt: x, first_image: "asset:missing" }
`,
    );
    const result = await run(ws, sim);
    expect(result.code).not.toBe(0);
    expect(result.stdout).toMatch(/m\.yml:\d+: task "labs": field "body\.first_image": .*missing/);
    expect(sim.requests).toHaveLength(0);
  });
});
