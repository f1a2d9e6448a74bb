import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type Simulator, startSimulator } from "../../simulator/server.ts";
import { commentLimit, commentMarker } from "../../src/deliver/comment.ts";
import type { TaskRecord } from "../../src/run/record.ts";
import { makeWorkspace, runAction, type Workspace } from "../support/action-runner.ts";
import { type ArtifactService, startArtifactService } from "../support/artifact-service.ts";
import { type GitHubApi, startGitHubApi } from "../support/github-api.ts";

const apiKey = "sk-github-test-77aa";
const token = "ghs_integration";
const manifest = `
tasks:
  - name: cat
    model: nano-banana-2
    prompt: A cat on a windowsill
  - name: hero
    model: veo_3_1_fast
    prompt: Waves on black sand
    aspect_ratio: "16:9"
`;

let simulator: Simulator | undefined;
let github: GitHubApi | undefined;
let artifacts: ArtifactService | undefined;

afterEach(async () => {
  await simulator?.close();
  await github?.close();
  await artifacts?.close();
  simulator = undefined;
  github = undefined;
  artifacts = undefined;
});

async function start(options: Parameters<typeof startGitHubApi>[0] = {}): Promise<GitHubApi> {
  simulator = await startSimulator({
    apiKey,
    timeScale: 1000,
    scenario: {
      latency: { queuedMs: 1000, processingMs: { video: 30_000, image: 5000, audio: 5000 }, seed: 9 },
    },
  });
  github = await startGitHubApi(options);
  return github;
}

function workspace(text = manifest): Workspace {
  const ws = makeWorkspace();
  ws.write("media/manifest.yml", text);
  return ws;
}

/** Runs the bundled action for an event, as the runner would: the payload in a file, GITHUB_* set. */
function run(
  ws: Workspace,
  event: { name: string; payload: Record<string, unknown>; ref?: string },
  inputs: Record<string, string> = {},
  env: Record<string, string> = {},
) {
  if (!simulator || !github) throw new Error("start() first");
  const eventFile = path.join(ws.runnerTemp, `event-${Math.random()}.json`);
  writeFileSync(eventFile, JSON.stringify(event.payload));
  return runAction(
    ws,
    {
      "api-key": apiKey,
      "base-url": simulator.url,
      "poll-interval": "50ms",
      manifest: "media/manifest.yml",
      "github-token": token,
      ...inputs,
    },
    {
      env: {
        ...github.env(),
        GITHUB_EVENT_NAME: event.name,
        GITHUB_EVENT_PATH: eventFile,
        GITHUB_SHA: "f".repeat(40),
        GITHUB_REF: event.ref ?? "refs/pull/7/merge",
        GITHUB_JOB: "media",
        ...env,
      },
    },
  );
}

const pullRequest = (api: GitHubApi) => ({
  name: "pull_request",
  payload: api.pullRequestEvent({ number: 7, headSha: "c0ffee".padEnd(40, "0") }),
});

function readResults(ws: Workspace): TaskRecord[] {
  return JSON.parse(readFileSync(path.join(ws.dir, "generated-media/results.json"), "utf8")).tasks;
}

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

describe("the built action delivers to GitHub", () => {
  it("creates the sticky comment once and updates it in place: one comment after three runs", async () => {
    const api = await start();
    const urls: string[] = [];
    for (let i = 0; i < 3; i++) {
      const result = await run(workspace(), pullRequest(api), { comment: "true" });
      expect(result.code, result.stdout).toBe(0);
      urls.push(result.outputs["comment-url"] ?? "");
    }
    const comments = api.comments(7);
    expect(comments).toHaveLength(1);
    const [comment] = comments;
    expect(urls).toEqual(
      Array(3).fill(`https://github.com/octo/genmedia-test/pull/7#issuecomment-${comment?.id}`),
    );
    expect(comment?.login).toBe("github-actions[bot]");
    expect(comment?.body.startsWith(commentMarker("media"))).toBe(true);
    expect(comment?.body).toMatch(/^\| cat \| nano-banana-2 \| ✅ completed \|/m);
    expect(comment?.body).toMatch(/^\| hero \| veo\\_3\\_1\\_fast \| ✅ completed \|/m);
    expect(comment?.body).toContain(
      "[workflow run](https://github.com/octo/genmedia-test/actions/runs/1001)",
    );
    expect(api.routes().filter((r) => r === "createComment")).toHaveLength(1);
    expect(api.routes().filter((r) => r === "updateComment")).toHaveLength(2);
    expect(api.requests.every((r) => r.token === token)).toBe(true);
  });

  it("shows the run's estimated cost in the comment when prices are given", async () => {
    const api = await start();
    const ws = workspace();
    ws.write(
      "prices.yml",
      "currency: EUR\nnano-banana-2: { per-task: 0.04 }\nveo_3_1_fast: { per-second: 0.15 }\n",
    );
    const result = await run(ws, pullRequest(api), { comment: "true", prices: "prices.yml", budget: "2" });
    expect(result.code, result.stdout).toBe(0);
    // 0.04 + 8 s (VEO's only length) × 0.15.
    expect(api.comments(7)[0]?.body).toContain(
      "💰 Estimated cost of the 2 tasks created this run: **1.24 EUR** (by the price table)",
    );
  });

  it("leaves one comment when two runs race", async () => {
    const api = await start();
    api.hold("listComments", 2);
    const [a, b] = await Promise.all([
      run(workspace(), pullRequest(api), { comment: "true" }),
      run(workspace(), pullRequest(api), { comment: "true" }),
    ]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(api.routes().filter((r) => r === "createComment")).toHaveLength(2);
    const comments = api.comments(7);
    expect(comments).toHaveLength(1);
    expect(a.outputs["comment-url"]).toBe(b.outputs["comment-url"]);
    expect(a.outputs["comment-url"]).toContain(`#issuecomment-${comments[0]?.id}`);
  });

  it("commits the outputs to media-branch and shows the images inline from it, in the comment and the summary", async () => {
    const api = await start();
    const ws = workspace();
    const result = await run(ws, pullRequest(api), { comment: "true", "media-branch": "genmedia-media" });
    expect(result.code, result.stdout).toBe(0);
    const head = api.head("genmedia-media");
    expect(api.history("genmedia-media")).toHaveLength(1);
    const files = api.files("genmedia-media");
    expect([...files.keys()].sort()).toEqual(["README.md", "pr-7/1001/cat.png", "pr-7/1001/hero.mp4"]);
    for (const record of readResults(ws)) {
      const name = path.basename(record.file?.path ?? "");
      expect(sha256(files.get(`pr-7/1001/${name}`) ?? Buffer.alloc(0)), name).toBe(record.file?.sha256);
    }
    const catUrl = `https://github.com/octo/genmedia-test/raw/${head}/pr-7/1001/cat.png`;
    const heroUrl = `https://github.com/octo/genmedia-test/raw/${head}/pr-7/1001/hero.mp4`;
    const body = api.comments(7)[0]?.body ?? "";
    expect(body).toContain(`<img src="${catUrl}" alt="cat" width="240">`);
    expect(body).toContain(`[▶️ hero.mp4](${heroUrl})`);
    expect(body).not.toMatch(/<video|data:/);
    expect(result.summary).toContain(`<img src="${catUrl}"`);
    expect(result.summary).toContain(result.outputs["comment-url"]);

    // A second run adds one commit on top and moves the comment's images to it.
    const again = await run(workspace(), pullRequest(api), {
      comment: "true",
      "media-branch": "genmedia-media",
    });
    expect(again.code).toBe(0);
    const history = api.history("genmedia-media");
    expect(history).toHaveLength(2);
    expect(history[0]?.parents).toEqual([head]);
    expect(api.comments(7)[0]?.body).toContain(`/raw/${history[0]?.sha}/pr-7/1001/cat.png`);
  });

  it("links each file's own artifact from the comment without a media branch (artifact-layout: per-file)", async () => {
    const api = await start();
    artifacts = await startArtifactService();
    const ws = workspace();
    const result = await run(
      ws,
      pullRequest(api),
      { comment: "true", "artifact-layout": "per-file" },
      artifacts.env(),
    );
    expect(result.code, result.stdout).toBe(0);
    const body = api.comments(7)[0]?.body ?? "";
    expect(body).not.toContain("<img");
    for (const record of readResults(ws)) {
      expect(record.file?.artifactUrl).toMatch(/\/actions\/runs\/1001\/artifacts\/\d+$/);
      expect(body).toContain(`${path.basename(record.file?.path ?? "")}](${record.file?.artifactUrl})`);
    }
    expect(body).toContain(`[artifact](${result.outputs["artifact-url"]})`);
    expect(body).toContain("Set `media-branch` to show them here");
  });

  it("uploads every output to the release of a release event, and replaces them on a re-run", async () => {
    const api = await start();
    const release = api.addRelease({ tag: "v1.0.0" });
    const event = { name: "release", payload: api.releaseEvent(release.id), ref: "refs/tags/v1.0.0" };
    const ws = workspace();
    const first = await run(ws, event, { "release-assets": "true" });
    expect(first.code, first.stdout).toBe(0);
    const records = readResults(ws);
    expect(release.assets.map((a) => [a.name, a.contentType]).sort()).toEqual([
      ["cat.png", "image/png"],
      ["hero.mp4", "video/mp4"],
    ]);
    for (const asset of release.assets) {
      const record = records.find((r) => r.file?.path.endsWith(`/${asset.name}`));
      expect(sha256(asset.bytes), asset.name).toBe(record?.file?.sha256);
    }
    const firstIds = release.assets.map((a) => a.id);
    const second = await run(workspace(), event, { "release-assets": "true" });
    expect(second.code).toBe(0);
    expect(release.assets.map((a) => a.name).sort()).toEqual(["cat.png", "hero.mp4"]);
    expect(release.assets.some((a) => firstIds.includes(a.id))).toBe(false);
    expect(api.routes().filter((r) => r === "deleteReleaseAsset")).toHaveLength(2);
    expect(second.stdout).toMatch(/Attached 2 files to release "v1.0.0" \(2 replaced\)/);
    // The upload went to the release's upload_url, with each file's content type.
    const uploads = api.requests.filter((r) => r.route === "uploadReleaseAsset");
    expect(uploads.map((r) => r.contentType).sort()).toEqual([
      "image/png",
      "image/png",
      "video/mp4",
      "video/mp4",
    ]);
  });

  it("attaches to release-tag from any event, and fails clearly on a published immutable release", async () => {
    const api = await start();
    const draft = api.addRelease({ tag: "v2.0.0", draft: true, immutable: true });
    const push = { name: "push", payload: {}, ref: "refs/heads/main" };
    const ok = await run(workspace(), push, { "release-assets": "true", "release-tag": "v2.0.0" });
    expect(ok.code, ok.stdout).toBe(0);
    expect(draft.assets).toHaveLength(2);

    api.addRelease({ tag: "v1.9.0", immutable: true });
    const ws = workspace();
    const frozen = await run(ws, push, { "release-assets": "true", "release-tag": "v1.9.0" });
    expect(frozen.code).toBe(1);
    expect(frozen.stdout).toMatch(/::error::.*"v1.9.0" is published and immutable.*as a draft.*then publish/);
    expect(frozen.stdout).not.toMatch(/\n\s+at .*\.js:\d+/);
    // The generation itself is delivered: files, results.json, summary, outputs.
    expect(readResults(ws).map((r) => r.status)).toEqual(["completed", "completed"]);
    expect(frozen.outputs.succeeded).toBe("2");
  });

  it("skips the comment with a notice on a read-only token, without failing the generation", async () => {
    const api = await start({ readOnly: true });
    const ws = workspace();
    const result = await run(ws, pullRequest(api), {
      comment: "true",
      "media-branch": "genmedia-media",
      "release-tag": "",
    });
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toMatch(
      /::notice::Skipped the pull request comment: the token may not write to pull requests \(403 Resource not accessible by integration\)\. Give the job `permissions: pull-requests: write`/,
    );
    expect(result.stdout).toMatch(
      /::notice::Did not commit the media to branch "genmedia-media".*contents: write/,
    );
    expect(result.stdout).not.toMatch(/::error::/);
    expect(api.comments()).toEqual([]);
    expect(api.head("genmedia-media")).toBeUndefined();
    expect(result.outputs.succeeded).toBe("2");
    expect(result.outputs["comment-url"] ?? "").toBe("");
    expect(readResults(ws).every((r) => r.status === "completed")).toBe(true);
  });

  it("says that forks get no secrets when api-key is empty on a fork's pull request", async () => {
    const api = await start({ readOnly: true });
    const fork = {
      name: "pull_request",
      payload: api.pullRequestEvent({ number: 7, fork: "someone/genmedia-test" }),
    };
    const result = await run(workspace(), fork, { comment: "true", "api-key": "" });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /::error::.*api-key.*fork someone\/genmedia-test: GitHub passes no secrets.*workflow_run/,
    );
    expect(simulator?.requests).toEqual([]);
  });

  it("validates a dry run on a fork's pull request without a key, whatever spelling of true it uses", async () => {
    const api = await start({ readOnly: true });
    const fork = {
      name: "pull_request",
      payload: api.pullRequestEvent({ number: 7, fork: "someone/genmedia-test" }),
    };
    // The fork hint used to read dry-run a second time, accepting only "true".
    const result = await run(workspace(), fork, { "api-key": "", "dry-run": "yes" });
    expect(result.code, result.stdout).toBe(0);
    expect(result.summary).toContain("## Generated media: dry run");
    expect(simulator?.requests).toEqual([]);
  });

  it(`keeps the comment under ${commentLimit} characters for a batch too big to list`, async () => {
    const api = await start();
    // 700 tasks with long names, all but one left out by \`only\`: every one is a row of the table.
    const names = Array.from(
      { length: 700 },
      (_, i) => `${"long-task-name-".repeat(5)}${String(i).padStart(4, "0")}`,
    );
    const big = `tasks:\n${names
      .map((name) => `  - name: ${name}\n    model: nano-banana-2\n    prompt: Picture ${name}\n`)
      .join("")}`;
    const result = await run(workspace(big), pullRequest(api), { comment: "true", only: names[0] ?? "" });
    expect(result.code, result.stdout).toBe(0);
    const body = api.comments(7)[0]?.body ?? "";
    expect(body.length).toBeLessThan(commentLimit);
    expect(body.startsWith(commentMarker("media"))).toBe(true);
    expect(body).toMatch(/_\d+ more tasks are not shown \(GitHub's comment size limit\)/);
    expect(body).toContain(`| ${names[0]} | nano-banana-2 | ✅ completed |`);
  });
});
