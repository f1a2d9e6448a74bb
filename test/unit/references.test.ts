import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { actionDefaults } from "../../src/action-inputs.ts";
import { ConfigError } from "../../src/errors.ts";
import { readSettings } from "../../src/plan/inputs.ts";
import { type PlanContext, planTasks } from "../../src/plan/planner.ts";
import { findReferences, referenceOf, replaceReferences } from "../../src/plan/references.ts";

describe("the reference walker", () => {
  it("finds asset: and file: strings anywhere in a JSON value, and nothing else", () => {
    const body = {
      model: "x",
      first_image: "asset:face",
      referenceImages: ["https://e.com/a.png", "file:brand/logo.png", "asset://asset-1", "assetId://a2"],
      content: [{ type: "image_url", image_url: { url: "asset:logo" } }],
      note: "an asset: in prose",
      n: 3,
      nothing: null,
    };
    expect(findReferences(body)).toEqual([
      { reference: { kind: "asset", name: "face" }, at: ["first_image"] },
      { reference: { kind: "file", path: "brand/logo.png" }, at: ["referenceImages", 1] },
      { reference: { kind: "asset", name: "logo" }, at: ["content", 0, "image_url", "url"] },
    ]);
    expect(referenceOf("asset://id")).toBeUndefined();
    expect(referenceOf("assetId://id")).toBeUndefined();
    expect(referenceOf("https://x/asset:face")).toBeUndefined();
  });

  it("replaces references in a copy and leaves the original as written", () => {
    const body = { a: ["asset:face", "keep"], b: { c: "file:x.png" } };
    const copy = replaceReferences(body, (r) =>
      r.kind === "asset" ? `asset://id-${r.name}` : `https://h/${r.path}`,
    );
    expect(copy).toEqual({ a: ["asset://id-face", "keep"], b: { c: "https://h/x.png" } });
    expect(body.a[0]).toBe("asset:face");
  });

  it("walks a body nested 20,000 deep, one that holds itself, and one that shares a part", () => {
    let deep: unknown = "asset:face";
    for (let i = 0; i < 20_000; i++) deep = { a: deep };
    expect(findReferences(deep)[0]?.at).toHaveLength(20_000);
    const loop: unknown[] = ["asset:face"];
    loop.push(loop);
    expect(findReferences(loop)).toHaveLength(1);
    const shared = { url: "asset:face" };
    const body = { first: shared, second: shared };
    expect(replaceReferences(body, () => "asset://1")).toEqual({
      first: { url: "asset://1" },
      second: { url: "asset://1" },
    });
    expect(shared.url).toBe("asset:face");
  });

  it("keeps a __proto__ key of a JSON body an own key", () => {
    const body = JSON.parse('{"__proto__": {"x": "asset:face"}}') as Record<string, unknown>;
    const copy = replaceReferences(body, () => "asset://1") as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.hasOwn(copy, "__proto__")).toBe(true);
  });
});

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "genmedia-refs-"));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

function plan(dir: string, inputs: Record<string, string> = {}, context: PlanContext = {}) {
  const all: Record<string, string> = { "api-key": "k", manifest: "m.yml", ...inputs };
  const settings = readSettings((name) => all[name] ?? "", dir, { defaults: actionDefaults() });
  return planTasks(settings, context);
}

function planError(dir: string, inputs: Record<string, string> = {}, context: PlanContext = {}): string {
  try {
    plan(dir, inputs, context);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected the plan to fail");
}

const faceAsset = `assets:
  face:
    url: https://example.com/me.jpg
    type: image
    library: seedance2
`;

describe("assets in the manifest", () => {
  it("keeps the body as written, validates a stand-in, and lists the assets a task uses", () => {
    const dir = workspace({
      "m.yml": `${faceAsset}tasks:
  - name: intro
    model: seedance_2_0_pro
    prompt: hello
    first_image: asset:face
`,
    });
    const [task] = plan(dir);
    expect(task?.body.first_image).toBe("asset:face");
    expect(task?.assets?.map((a) => [a.name, a.library, a.type])).toEqual([["face", "seedance2", "image"]]);
  });

  it("changes a task's inputHash when the asset it references changes, not when another does", () => {
    const manifest = (url: string, other: string) => `assets:
  face: { url: "${url}", type: image, library: seedance2 }
  other: { url: "${other}", type: image, library: seedance2 }
tasks:
  - { name: intro, model: seedance_2_0_pro, prompt: hello, first_image: "asset:face" }
`;
    const hashOf = (text: string) => plan(workspace({ "m.yml": text }))[0]?.inputHash;
    const base = hashOf(manifest("https://e.com/1.jpg", "https://e.com/x.jpg"));
    expect(hashOf(manifest("https://e.com/2.jpg", "https://e.com/x.jpg"))).not.toBe(base);
    expect(hashOf(manifest("https://e.com/1.jpg", "https://e.com/y.jpg"))).toBe(base);
  });

  it("names an unknown asset with the file, line, task and field, and lists the assets", () => {
    const dir = workspace({
      "m.yml": `${faceAsset}tasks:
  - name: intro
    model: seedance_2_0_pro
    prompt: hello
    reference_images: [asset:fcae]
`,
    });
    expect(planError(dir)).toMatch(
      /m\.yml:10: task "intro": field "reference_images" \(sent as "referenceImages"\)(\.0)?: asset:fcae names no entry of "assets"; the assets are face/,
    );
  });

  it("lets the family's rules apply to an asset reference (a URL-only field refuses it)", () => {
    const dir = workspace({
      "m.yml": `${faceAsset}tasks:
  - { name: pic, model: happyhorse-1.0-i2v, prompt: hi, first_image: "asset:face" }
`,
    });
    expect(planError(dir)).toMatch(/task "pic": .*asset id/);
  });

  it("refuses an asset entry with both url and file, a non-https url, a bad type or an unknown field", () => {
    const dir = workspace({
      "m.yml": `assets:
  both: { url: "https://e.com/a.jpg", file: a.jpg, type: image, library: seedance2 }
  plain: { url: "http://e.com/a.jpg", type: image, library: seedance2 }
  kind: { url: "https://e.com/a.jpg", type: photo, library: seedance2 }
  typo: { url: "https://e.com/a.jpg", type: image, library: seedance2, lib: x }
tasks:
  - { name: t, model: nano-banana-2, prompt: hi }
`,
    });
    const message = planError(dir);
    expect(message).toMatch(/m\.yml:2: asset "both": field "file": needs exactly one of "url"/);
    expect(message).toMatch(/m\.yml:3: asset "plain": field "url": must be a public https:\/\/ URL/);
    expect(message).toMatch(/m\.yml:4: asset "kind": field "type": /);
    expect(message).toMatch(
      /m\.yml:5: asset "typo": unknown field "lib"; allowed: url, file, type, library$/m,
    );
  });

  it("refuses an asset name that is not a task-style name", () => {
    const dir = workspace({
      "m.yml": `assets:
  "a b": { url: "https://e.com/a.jpg", type: image, library: seedance2 }
tasks:
  - { name: t, model: nano-banana-2, prompt: hi }
`,
    });
    expect(planError(dir)).toMatch(/m\.yml:2: asset "a b": the name must be/);
  });
});

describe("file: references", () => {
  const manifest = `tasks:
  - { name: intro, model: seedance_2_0_pro, prompt: hi, first_image: "file:refs/me.png" }
`;

  it("are refused without media-branch, saying what to do instead", () => {
    const dir = workspace({ "m.yml": manifest, "refs/me.png": "png" });
    expect(planError(dir)).toMatch(
      /file: references cannot be sent: the "media-branch" input is not set.*refs\/me\.png.*task "intro".*https:\/\/ URL instead.*nothing was sent/,
    );
  });

  it("are refused in a private repository even with media-branch", () => {
    const dir = workspace({ "m.yml": manifest, "refs/me.png": "png" });
    expect(planError(dir, { "media-branch": "media" }, { repositoryPrivate: true })).toMatch(
      /this repository is private/,
    );
  });

  it("are planned with the file's content hash in a public repository with media-branch", () => {
    const dir = workspace({ "m.yml": manifest, "refs/me.png": "png" });
    const [task] = plan(dir, { "media-branch": "media" }, { repositoryPrivate: false });
    expect(task?.files).toEqual([
      { path: "refs/me.png", written: "refs/me.png", sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
    ]);
    writeFileSync(path.join(dir, "refs/me.png"), "changed");
    expect(plan(dir, { "media-branch": "media" })[0]?.inputHash).not.toBe(task?.inputHash);
  });

  it("refuse a file outside the workspace, through a link too", () => {
    const dir = workspace({ "m.yml": manifest.replace("refs/me.png", "refs/link.png") });
    const outside = workspace({ "secret.png": "x" });
    mkdirSync(path.join(dir, "refs"));
    symlinkSync(path.join(outside, "secret.png"), path.join(dir, "refs/link.png"));
    expect(planError(dir, { "media-branch": "media" })).toMatch(
      /file:refs\/link\.png is outside the workspace/,
    );
  });

  it("are not refused when only leaves their task out", () => {
    const dir = workspace({
      "m.yml": `${manifest}  - { name: other, model: nano-banana-2, prompt: hi }\n`,
      "refs/me.png": "png",
    });
    expect(plan(dir, { only: "other" }).find((t) => t.name === "intro")?.selected).toBe(false);
  });
});
