import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { commentLimit, commentMarker } from "../../src/deliver/comment.ts";
import {
  forkSecretsHint,
  type GitHubContext,
  gitHubContextFromEnvironment,
  pullRequestOf,
  releaseTargetOf,
} from "../../src/deliver/github-context.ts";
import { mediaFolder, rawFileUrl } from "../../src/deliver/media-branch.ts";
import { deliverToGitHub, type GitHubDelivery } from "../../src/deliver/pipeline.ts";
import { branchNameProblem } from "../../src/plan/branch-name.ts";
import type { GitHubDeliverySettings } from "../../src/plan/inputs.ts";
import type { TaskRecord } from "../../src/run/record.ts";
import { type GitHubApi, startGitHubApi } from "../support/github-api.ts";

const repo = { owner: "octo", repo: "genmedia-test" };
const runUrl = "https://github.com/octo/genmedia-test/actions/runs/1001";

let api: GitHubApi;
let workspace: string;
let logged: { info: string[]; notice: string[]; warning: string[] };

beforeEach(async () => {
  api = await startGitHubApi();
  workspace = mkdtempSync(path.join(tmpdir(), "genmedia-github-test-"));
  mkdirSync(path.join(workspace, "generated-media"));
  logged = { info: [], notice: [], warning: [] };
});

afterEach(async () => {
  await api.close();
});

/** A completed task whose file exists in the workspace. */
function made(
  name: string,
  ext: string,
  contentType: string,
  kind: TaskRecord["kind"] = "image",
): TaskRecord {
  const bytes = randomBytes(256);
  const relative = `generated-media/${name}.${ext}`;
  writeFileSync(path.join(workspace, relative), bytes);
  return {
    name,
    model: kind === "video" ? "veo_3_1_fast" : "nano-banana-2",
    kind,
    status: "completed",
    taskId: `task-${name}`,
    submittedAt: "2026-11-25T10:00:00.000Z",
    finishedAt: "2026-11-25T10:00:05.000Z",
    file: {
      path: relative,
      bytes: bytes.length,
      sha256: createHash("sha256").update(bytes).digest("hex"),
      contentType,
    },
    inputHash: "h",
    error: null,
  };
}

function batch(): TaskRecord[] {
  return [
    made("cat", "png", "image/png"),
    made("hero", "mp4", "video/mp4", "video"),
    {
      name: "broken",
      model: "nano-banana-2",
      kind: "image",
      status: "failed",
      taskId: "task-broken",
      submittedAt: null,
      finishedAt: null,
      file: null,
      inputHash: "h",
      error: "content policy <script>@everyone",
    },
  ];
}

function context(overrides: Partial<GitHubContext> = {}): GitHubContext {
  return {
    eventName: "pull_request",
    repo,
    runId: 1001,
    runAttempt: 1,
    serverUrl: "https://github.com",
    apiUrl: api.url,
    sha: "f".repeat(40),
    ref: "refs/pull/7/merge",
    payload: api.pullRequestEvent({ number: 7, headSha: "1234567".padEnd(40, "0") }),
    ...overrides,
  };
}

const settings = (overrides: Partial<GitHubDeliverySettings> = {}): GitHubDeliverySettings => ({
  comment: true,
  commentTag: "media",
  releaseAssets: false,
  token: "ghs_test",
  ...overrides,
});

function deliver(
  options: {
    records?: TaskRecord[];
    settings?: Partial<GitHubDeliverySettings>;
    context?: Partial<GitHubContext>;
    artifactUrl?: string;
    artifactLinks?: Map<string, string>;
  } = {},
): Promise<GitHubDelivery> {
  return deliverToGitHub({
    records: options.records ?? batch(),
    workspace,
    settings: settings(options.settings),
    context: context(options.context),
    artifactUrl: options.artifactUrl,
    artifactLinks: options.artifactLinks,
    log: {
      info: (line) => logged.info.push(line),
      notice: (line) => logged.notice.push(line),
      warning: (line) => logged.warning.push(line),
    },
    backoff: { baseMs: 5, capMs: 5, maxRetries: 2 },
  });
}

describe("the sticky pull request comment", () => {
  it("is created once and then updated in place: one comment after three runs", async () => {
    const first = await deliver();
    expect(first.commentUrl).toMatch(
      /^https:\/\/github\.com\/octo\/genmedia-test\/pull\/7#issuecomment-\d+$/,
    );
    await deliver();
    const third = await deliver({ records: [made("dog", "png", "image/png")] });
    const comments = api.comments(7);
    expect(comments).toHaveLength(1);
    expect(third.commentUrl).toBe(first.commentUrl);
    expect(comments[0]?.body.startsWith(commentMarker("media"))).toBe(true);
    expect(comments[0]?.body).toContain("| dog |");
    expect(comments[0]?.body).not.toContain("| cat |");
    expect(comments[0]?.body).toContain(`[workflow run](${runUrl}) for \`1234567\``);
    expect(api.routes().filter((r) => r === "createComment")).toHaveLength(1);
    expect(api.routes().filter((r) => r === "updateComment")).toHaveLength(2);
    expect([first.notices, first.warnings, first.errors]).toEqual([[], [], []]);
  });

  it("leaves other tags' comments and marker comments by other people alone", async () => {
    const impostor = api.addComment({ issue: 7, login: "mallory", body: `${commentMarker("media")}\nfake` });
    const other = api.addComment({
      issue: 7,
      login: "github-actions[bot]",
      body: `${commentMarker("other")}\nx`,
    });
    await deliver();
    await deliver();
    const comments = api.comments(7);
    expect(comments).toHaveLength(3);
    expect(comments.find((c) => c.id === impostor.id)?.body).toContain("fake");
    expect(comments.find((c) => c.id === other.id)?.body).toContain("x");
  });

  it("leaves one comment when two runs race, the oldest, with the body of the run that wrote last", async () => {
    // Both runs list the comments before either creates one.
    api.hold("listComments", 2);
    const [a, b] = await Promise.all([
      deliver({ records: [made("from-a", "png", "image/png")] }),
      deliver({ records: [made("from-b", "png", "image/png")] }),
    ]);
    expect(api.routes().filter((r) => r === "createComment")).toHaveLength(2);
    const comments = api.comments(7);
    expect(comments).toHaveLength(1);
    expect(a.commentUrl).toBe(b.commentUrl);
    expect(a.commentUrl).toContain(`#issuecomment-${comments[0]?.id}`);
    const created = api.requests
      .filter((r) => r.route === "createComment")
      .map((r) => (r.response as { id: number }).id);
    expect(comments[0]?.id).toBe(Math.min(...created));
    expect(comments[0]?.body).toMatch(/\| from-(a|b) \|/);
  });

  it("removes duplicates an earlier interrupted race left", async () => {
    api.addComment({ issue: 7, login: "github-actions[bot]", body: `${commentMarker("media")}\nold` });
    api.addComment({ issue: 7, login: "github-actions[bot]", body: `${commentMarker("media")}\nolder race` });
    await deliver();
    expect(api.comments(7)).toHaveLength(1);
    expect(api.comments(7)[0]?.body).toContain("| cat |");
  });

  it("finds its own comment when GraphQL is unavailable and GET /user refuses the installation token", async () => {
    await api.close();
    api = await startGitHubApi({ graphql: false });
    await deliver();
    await deliver();
    expect(api.comments(7)).toHaveLength(1);
    expect(api.requests.find((r) => r.route === "getUser")?.status).toBe(403);
  });

  it("retries a read that failed with a 5xx", async () => {
    api.failNext("listComments", 502, "Bad Gateway");
    const result = await deliver();
    expect(result.commentUrl).toBeDefined();
    expect(api.requests.filter((r) => r.route === "listComments").map((r) => r.status)).toEqual([
      502, 200, 200,
    ]);
  });

  it("does not repeat a comment creation that failed with a 5xx: it may have been made", async () => {
    api.failNext("createComment", 502, "Bad Gateway");
    const result = await deliver();
    expect(api.routes().filter((r) => r === "createComment")).toHaveLength(1);
    expect(result.warnings).toEqual(["Could not write the comment on pull request #7: 502 Bad Gateway."]);
  });

  it(`keeps the body under ${commentLimit} characters for a huge batch`, async () => {
    const failed = batch()[2] as TaskRecord;
    const records = Array.from({ length: 3000 }, (_, i) => ({
      ...failed,
      name: `task-${i}`,
      error: `failed: ${"e".repeat(500)}`,
    })) as TaskRecord[];
    const result = await deliver({ records });
    expect(result.warnings).toEqual([]);
    const body = api.comments(7)[0]?.body ?? "";
    expect(body.length).toBeLessThan(commentLimit);
    expect(body).toMatch(/more tasks are not shown/);
  });

  it("links the per-file artifacts, and says how to show images inline, without a media branch", async () => {
    const artifactLinks = new Map([
      ["generated-media/cat.png", "https://github.com/octo/genmedia-test/actions/runs/1001/artifacts/11"],
      ["generated-media/hero.mp4", "https://github.com/octo/genmedia-test/actions/runs/1001/artifacts/12"],
    ]);
    await deliver({
      artifactLinks,
      artifactUrl: "https://github.com/octo/genmedia-test/actions/runs/1001/artifacts/11",
    });
    const body = api.comments(7)[0]?.body ?? "";
    expect(body).not.toContain("<img");
    expect(body).toContain(
      "[🖼️ cat.png](https://github.com/octo/genmedia-test/actions/runs/1001/artifacts/11)",
    );
    expect(body).toContain(
      "[▶️ hero.mp4](https://github.com/octo/genmedia-test/actions/runs/1001/artifacts/12)",
    );
    expect(body).toContain("Set `media-branch` to show them here");
  });

  it("writes no comment outside a pull request, and says so in the log only", async () => {
    const result = await deliver({ context: { eventName: "push", payload: {}, ref: "refs/heads/main" } });
    expect(result.commentUrl).toBeUndefined();
    expect(api.requests).toEqual([]);
    expect(logged.info.join("\n")).toMatch(/not for a pull request/);
    expect(result.notices).toEqual([]);
  });

  it("comments on an explicit pull request number from any event", async () => {
    const result = await deliver({
      settings: { prNumber: 12 },
      context: {
        eventName: "workflow_run",
        payload: { workflow_run: { head_sha: "beef".padEnd(40, "0"), pull_requests: [] } },
      },
    });
    expect(result.commentUrl).toContain("/pull/12#");
    expect(api.comments(12)).toHaveLength(1);
    // The commit the fork's run built, not this workflow's default branch.
    expect(api.comments(12)[0]?.body).toContain("for `beef000`");
  });
});

describe("a token that may not write", () => {
  it("skips the comment with a notice naming the permission, and fails nothing", async () => {
    api.setReadOnly(true);
    const result = await deliver();
    expect(result.errors).toEqual([]);
    expect(result.commentUrl).toBeUndefined();
    expect(result.notices).toHaveLength(1);
    expect(result.notices[0]).toMatch(
      /Skipped the pull request comment.*403 Resource not accessible by integration/,
    );
    expect(result.notices[0]).toContain("permissions: pull-requests: write");
    expect(logged.notice).toEqual(result.notices);
    expect(api.comments()).toEqual([]);
  });

  it("explains forks and the workflow_run pattern on a pull request from a fork", async () => {
    api.setReadOnly(true);
    const result = await deliver({
      settings: { mediaBranch: "genmedia-media" },
      context: { payload: api.pullRequestEvent({ number: 7, fork: "someone/genmedia-test" }) },
    });
    expect(result.errors).toEqual([]);
    expect(result.notices).toHaveLength(2);
    for (const notice of result.notices) {
      expect(notice).toContain("pull request from the fork someone/genmedia-test");
      expect(notice).toContain("workflow_run");
    }
    expect(api.head("genmedia-media")).toBeUndefined();
  });

  it("skips release assets with a notice naming contents: write", async () => {
    const release = api.addRelease({ tag: "v1.0.0" });
    api.setReadOnly(true);
    const result = await deliver({ settings: { comment: false, releaseAssets: true, releaseTag: "v1.0.0" } });
    expect(result.errors).toEqual([]);
    expect(result.notices[0]).toMatch(
      /Did not attach the files to release "v1.0.0".*permissions: contents: write/,
    );
    expect(release.assets).toEqual([]);
  });

  it("skips everything with a notice when the token is empty", async () => {
    const result = await deliver({ settings: { token: "", mediaBranch: "m" } });
    expect(result.notices).toEqual([
      "github-token is empty, so media-branch, comment was skipped. Leave it at its default (github.token).",
    ]);
    expect(api.requests).toEqual([]);
  });
});

describe("media-branch", () => {
  it("creates the branch as an orphan, commits every file under pr-<n>/<run>/, and shows images from it", async () => {
    const records = batch();
    const result = await deliver({ records, settings: { mediaBranch: "genmedia-media" } });
    const head = api.head("genmedia-media");
    expect(head).toBeDefined();
    expect(result.mediaCommit).toBe(head);
    expect(api.history("genmedia-media")).toHaveLength(1);
    expect(api.history("genmedia-media")[0]?.parents).toEqual([]);
    expect(api.history("genmedia-media")[0]?.message).toMatch(/run 1001 \(pr-7\/1001\) \[skip ci\]/);
    const files = api.files("genmedia-media");
    expect([...files.keys()].sort()).toEqual(["README.md", "pr-7/1001/cat.png", "pr-7/1001/hero.mp4"]);
    for (const record of records.filter((r) => r.file)) {
      const committed = files.get(`pr-7/1001/${path.basename(record.file?.path ?? "")}`);
      expect(
        createHash("sha256")
          .update(committed ?? "")
          .digest("hex"),
      ).toBe(record.file?.sha256);
    }
    const catUrl = `https://github.com/octo/genmedia-test/raw/${head}/pr-7/1001/cat.png`;
    const heroUrl = `https://github.com/octo/genmedia-test/raw/${head}/pr-7/1001/hero.mp4`;
    expect(result.mediaUrls).toEqual(
      new Map([
        ["generated-media/cat.png", catUrl],
        ["generated-media/hero.mp4", heroUrl],
      ]),
    );
    const body = api.comments(7)[0]?.body ?? "";
    expect(body).toContain(`<img src="${catUrl}" alt="cat" width="240">`);
    expect(body).toContain(`[▶️ hero.mp4](${heroUrl})`);
    expect(body).not.toContain("Set `media-branch`");
  });

  it("adds one commit per run on top of an existing branch, keeping what was there", async () => {
    const before = api.seedBranch("genmedia-media", { "pr-3/900/old.png": "old" });
    await deliver({ settings: { mediaBranch: "genmedia-media" }, context: { runId: 1002 } });
    const history = api.history("genmedia-media");
    expect(history).toHaveLength(2);
    expect(history[0]?.parents).toEqual([before]);
    expect([...api.files("genmedia-media").keys()].sort()).toEqual([
      "pr-3/900/old.png",
      "pr-7/1002/cat.png",
      "pr-7/1002/hero.mp4",
    ]);
  });

  it("lands both commits when two runs push at once", async () => {
    api.seedBranch("genmedia-media", { "README.md": "x" });
    api.hold("getRef", 2);
    const [a, b] = await Promise.all([
      deliver({ settings: { comment: false, mediaBranch: "genmedia-media" }, context: { runId: 1 } }),
      deliver({ settings: { comment: false, mediaBranch: "genmedia-media" }, context: { runId: 2 } }),
    ]);
    expect([...a.warnings, ...b.warnings]).toEqual([]);
    expect(
      api.requests
        .filter((r) => r.route === "updateRef")
        .map((r) => r.status)
        .sort(),
    ).toEqual([200, 200, 422]);
    const paths = [...api.files("genmedia-media").keys()];
    expect(paths).toEqual(expect.arrayContaining(["pr-7/1/cat.png", "pr-7/2/cat.png"]));
    expect(api.history("genmedia-media")).toHaveLength(3);
  });

  it("lands both when two runs create the missing branch at once", async () => {
    api.hold("getRef", 2);
    await Promise.all([
      deliver({ settings: { comment: false, mediaBranch: "fresh" }, context: { runId: 1 } }),
      deliver({ settings: { comment: false, mediaBranch: "fresh" }, context: { runId: 2 } }),
    ]);
    expect(
      api.requests
        .filter((r) => r.route === "createRef")
        .map((r) => r.status)
        .sort(),
    ).toEqual([201, 422]);
    expect([...api.files("fresh").keys()]).toEqual(
      expect.arrayContaining(["pr-7/1/cat.png", "pr-7/2/hero.mp4"]),
    );
  });

  it("names the ref's folder outside pull requests", async () => {
    await deliver({
      settings: { comment: false, mediaBranch: "media" },
      context: { eventName: "push", ref: "refs/heads/feature/x", payload: {} },
    });
    expect([...api.files("media").keys()]).toContain("feature-x/1001/cat.png");
  });

  it("warns and falls back to links when the commit fails for another reason", async () => {
    api.failNext("createTree", 422, "Invalid tree info");
    const result = await deliver({ settings: { mediaBranch: "media" } });
    expect(result.errors).toEqual([]);
    expect(result.warnings[0]).toMatch(/Could not commit the media to branch "media": 422 Invalid tree info/);
    const body = api.comments(7)[0]?.body ?? "";
    expect(body).not.toContain("<img");
    expect(body).toContain("could not be committed to `media`");
  });
});

describe("release assets", () => {
  it("uploads every file to the release named by release-tag, with its content type", async () => {
    const release = api.addRelease({ tag: "v1.0.0" });
    const records = batch();
    const result = await deliver({
      records,
      settings: { comment: false, releaseAssets: true, releaseTag: "v1.0.0" },
      context: { eventName: "push", payload: {} },
    });
    expect(result.errors).toEqual([]);
    expect(release.assets.map((a) => [a.name, a.contentType])).toEqual([
      ["cat.png", "image/png"],
      ["hero.mp4", "video/mp4"],
    ]);
    for (const asset of release.assets) {
      const record = records.find((r) => r.file?.path.endsWith(asset.name));
      expect(createHash("sha256").update(asset.bytes).digest("hex")).toBe(record?.file?.sha256);
    }
    expect(result.releaseAssets.map((a) => a.url)).toEqual([
      "https://github.com/octo/genmedia-test/releases/download/v1.0.0/cat.png",
      "https://github.com/octo/genmedia-test/releases/download/v1.0.0/hero.mp4",
    ]);
  });

  it("replaces an asset of the same name on a re-run, leaving one copy", async () => {
    const release = api.addRelease({ tag: "v1.0.0" });
    api.addAsset(release.id, { name: "cat.png", bytes: Buffer.from("old") });
    api.addAsset(release.id, { name: "notes.txt", bytes: Buffer.from("keep") });
    const records = batch();
    await deliver({ records, settings: { comment: false, releaseAssets: true, releaseTag: "v1.0.0" } });
    await deliver({ records, settings: { comment: false, releaseAssets: true, releaseTag: "v1.0.0" } });
    expect(release.assets.map((a) => a.name).sort()).toEqual(["cat.png", "hero.mp4", "notes.txt"]);
    const cat = release.assets.find((a) => a.name === "cat.png");
    expect(
      createHash("sha256")
        .update(cat?.bytes ?? "")
        .digest("hex"),
    ).toBe(records[0]?.file?.sha256);
    expect(logged.info.join("\n")).toMatch(/Attached 2 files to release "v1.0.0" \(2 replaced\)/);
  });

  it("attaches to the release of a release event", async () => {
    const release = api.addRelease({ tag: "v2.0.0", prerelease: true });
    await deliver({
      settings: { comment: false, releaseAssets: true },
      context: { eventName: "release", payload: api.releaseEvent(release.id), ref: "refs/tags/v2.0.0" },
    });
    expect(release.assets.map((a) => a.name)).toEqual(["cat.png", "hero.mp4"]);
    expect(api.routes()).toContain("getRelease");
  });

  it("finds a draft by its tag, which GitHub's get-by-tag never returns", async () => {
    const draft = api.addRelease({ tag: "v3.0.0", draft: true, immutable: true });
    const result = await deliver({ settings: { comment: false, releaseAssets: true, releaseTag: "v3.0.0" } });
    expect(result.errors).toEqual([]);
    expect(draft.assets).toHaveLength(2);
    expect(api.requests.find((r) => r.route === "getReleaseByTag")?.status).toBe(404);
  });

  it("fails with what to do on a published immutable release, uploading nothing", async () => {
    const release = api.addRelease({ tag: "v1.0.0", immutable: true });
    api.addAsset(release.id, { name: "cat.png", bytes: Buffer.from("frozen") });
    const result = await deliver({ settings: { comment: false, releaseAssets: true, releaseTag: "v1.0.0" } });
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatch(
      /"v1.0.0" is published and immutable.*as a draft.*release-tag: v1.0.0.*publish/,
    );
    expect(api.routes()).not.toContain("uploadReleaseAsset");
    expect(api.routes()).not.toContain("deleteReleaseAsset");
    expect(release.assets.map((a) => a.bytes.toString())).toEqual(["frozen"]);
  });

  it("explains a 422 immutable answer the release JSON did not announce", async () => {
    api.addRelease({ tag: "v1.0.0" });
    api.failNext("uploadReleaseAsset", 422, "Cannot upload assets to an immutable release.");
    const result = await deliver({ settings: { comment: false, releaseAssets: true, releaseTag: "v1.0.0" } });
    expect(result.errors[0]).toMatch(/published and immutable/);
  });

  it("fails with what to do when no release has the tag", async () => {
    const result = await deliver({ settings: { comment: false, releaseAssets: true, releaseTag: "v9" } });
    expect(result.errors).toEqual([
      'No release has the tag "v9" in octo/genmedia-test. Create the release first (a draft is fine: attach the assets, then publish it), or correct `release-tag`.',
    ]);
  });

  it("retries an upload that failed in transit", async () => {
    const release = api.addRelease({ tag: "v1.0.0" });
    api.failNext("uploadReleaseAsset", 502, "Bad Gateway");
    const result = await deliver({ settings: { comment: false, releaseAssets: true, releaseTag: "v1.0.0" } });
    expect(result.errors).toEqual([]);
    expect(release.assets.map((a) => a.name)).toEqual(["cat.png", "hero.mp4"]);
  });

  it("says nothing was attached when the run is not for a release and no tag is given", async () => {
    const result = await deliver({
      settings: { comment: false, releaseAssets: true },
      context: { eventName: "push" },
    });
    expect(result.notices[0]).toMatch(/not triggered by a release and `release-tag` is empty/);
    expect(result.errors).toEqual([]);
  });
});

describe("reading the event", () => {
  it("reads the context from the runner's variables and event file", () => {
    const eventFile = path.join(workspace, "event.json");
    writeFileSync(eventFile, JSON.stringify(api.pullRequestEvent({ number: 5, fork: "x/y" })));
    const ctx = gitHubContextFromEnvironment({
      GITHUB_EVENT_NAME: "pull_request",
      GITHUB_EVENT_PATH: eventFile,
      GITHUB_REPOSITORY: "octo/genmedia-test",
      GITHUB_RUN_ID: "77",
      GITHUB_API_URL: "http://127.0.0.1:1/",
    });
    expect(ctx).toMatchObject({
      eventName: "pull_request",
      repo,
      runId: 77,
      runAttempt: 1,
      serverUrl: "https://github.com",
      apiUrl: "http://127.0.0.1:1",
    });
    expect(pullRequestOf(ctx)).toEqual({ number: 5, headSha: "a".repeat(40), fork: "x/y" });
    expect(gitHubContextFromEnvironment({}).payload).toEqual({});
  });

  it("knows a fork only for pull_request runs, which get the read-only token", () => {
    const payload = api.pullRequestEvent({ number: 5, fork: "x/y" });
    expect(pullRequestOf(context({ payload }))?.fork).toBe("x/y");
    expect(pullRequestOf(context({ eventName: "pull_request_target", payload }))?.fork).toBeUndefined();
    expect(pullRequestOf(context())?.fork).toBeUndefined();
    expect(forkSecretsHint(context({ payload }))).toMatch(
      /fork x\/y: GitHub passes no secrets.*workflow_run/,
    );
    expect(forkSecretsHint(context())).toBeUndefined();
  });

  it("finds the pull request of an issue comment and a same-repository workflow_run", () => {
    const onPr = { issue: { number: 9, pull_request: { url: "x" } } };
    expect(pullRequestOf(context({ eventName: "issue_comment", payload: onPr }))?.number).toBe(9);
    expect(
      pullRequestOf(context({ eventName: "issue_comment", payload: { issue: { number: 9 } } })),
    ).toBeUndefined();
    const run = { workflow_run: { head_sha: "abc", pull_requests: [{ number: 4 }] } };
    expect(pullRequestOf(context({ eventName: "workflow_run", payload: run }))).toEqual({
      number: 4,
      headSha: "abc",
    });
    expect(pullRequestOf(context({ eventName: "push", payload: {} }))).toBeUndefined();
  });

  it("targets release-tag first, else the release of a release event", () => {
    const payload = { release: { id: 3, tag_name: "v1" } };
    expect(releaseTargetOf(context({ eventName: "release", payload }))).toEqual({ id: 3, tag: "v1" });
    expect(releaseTargetOf(context({ eventName: "release", payload }), "v2")).toEqual({ tag: "v2" });
    expect(releaseTargetOf(context({ eventName: "push", payload }))).toBeUndefined();
  });
});

describe("media-branch paths and URLs", () => {
  it("puts a run's files under pr-<n>/<run> or <ref>/<run>", () => {
    expect(mediaFolder({ prNumber: 7 }, 1001)).toBe("pr-7/1001");
    expect(mediaFolder({ ref: "refs/heads/main" }, 5)).toBe("main/5");
    expect(mediaFolder({ ref: "refs/tags/v1.2.0" }, 5)).toBe("v1.2.0/5");
    expect(mediaFolder({ ref: "refs/heads/feat/../x y" }, 5)).toBe("feat-..-x-y/5");
    expect(mediaFolder({}, 5)).toBe("run/5");
  });

  it("links a file at its commit on the server, encoding the path", () => {
    const target = { serverUrl: "https://ghe.example.com/", owner: "octo", repo: "r" };
    expect(rawFileUrl(target, "abc", "pr-1/2/a b#.png")).toBe(
      "https://ghe.example.com/octo/r/raw/abc/pr-1/2/a%20b%23.png",
    );
  });

  it("refuses what git refuses as a branch name", () => {
    expect(branchNameProblem("genmedia-media")).toBeUndefined();
    expect(branchNameProblem("media/previews")).toBeUndefined();
    for (const bad of ["", "a b", "a..b", "-x", "x.lock", "refs/heads/x", "x/", "a:b", "a/.b"]) {
      expect(branchNameProblem(bad), bad).toBeDefined();
    }
  });
});
