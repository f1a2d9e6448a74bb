import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { actionDefaults } from "../../src/action-inputs.ts";
import { ConfigError } from "../../src/errors.ts";
import { readSettings } from "../../src/plan/inputs.ts";
import { inShard, planTasks, shardOf } from "../../src/plan/planner.ts";

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "genmedia-plan-"));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

function plan(dir: string, inputs: Record<string, string>) {
  const settings = readSettings((name) => inputs[name] ?? "", dir, { defaults: actionDefaults() });
  return planTasks(settings);
}

function planError(dir: string, inputs: Record<string, string>): string {
  try {
    plan(dir, inputs);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected the plan to fail");
}

const key = { "api-key": "k" };

describe("planning", () => {
  it("plans the prompt input as one task with its params", () => {
    const [task] = plan(workspace({}), {
      ...key,
      prompt: "A cat",
      model: "nano-banana-2",
      params: "resolution: 2k",
      name: "cat",
    });
    expect(task).toMatchObject({
      name: "cat",
      model: "nano-banana-2",
      kind: "image",
      endpoint: "/v1/banana/images",
      selected: true,
    });
    expect(task?.body).toEqual({ model: "nano-banana-2", prompt: "A cat", resolution: "2k" });
    expect(task?.inputHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("applies defaults under each task, and the model input under both", () => {
    const dir = workspace({
      "m.yml": [
        "defaults:",
        "  aspect_ratio: '16:9'",
        "  params: { resolution: 1k }",
        "tasks:",
        "  - name: a",
        "    prompt: one",
        "  - name: b",
        "    prompt: two",
        "    aspect_ratio: '9:16'",
        "    params: { resolution: 4k }",
        "  - name: c",
        "    model: veo_3_1_fast",
        "    prompt: three",
        "    params: {}",
      ].join("\n"),
    });
    const error = planError(dir, { ...key, manifest: "m.yml", model: "nano-banana-2" });
    // VEO has no `resolution: 1k`: the default's params reach it, and the error says where.
    expect(error).toMatch(/m\.yml:\d+: task "c": field "params\.resolution": .*720p/);
    writeFileSync(
      path.join(dir, "m.yml"),
      "defaults:\n  aspect_ratio: '16:9'\ntasks:\n  - name: a\n    prompt: one\n  - name: b\n    prompt: two\n    aspect_ratio: '9:16'\n",
    );
    const [a, b] = plan(dir, { ...key, manifest: "m.yml", model: "nano-banana-2" });
    expect(a?.body).toEqual({ model: "nano-banana-2", prompt: "one", size: "16:9" });
    expect(b?.body).toEqual({ model: "nano-banana-2", prompt: "two", size: "9:16" });
  });

  it("reads prompt-file relative to the manifest, and refuses one outside the workspace or through a symlink", () => {
    const dir = workspace({
      "media/m.yml": "tasks:\n  - name: a\n    model: nano-banana-2\n    prompt-file: prompts/a.md\n",
      "media/prompts/a.md": "  From a file\n",
    });
    expect(plan(dir, { ...key, manifest: "media/m.yml" })[0]?.body).toMatchObject({ prompt: "From a file" });

    writeFileSync(
      path.join(dir, "media/m.yml"),
      "tasks:\n  - name: a\n    model: nano-banana-2\n    prompt-file: ../../../etc/passwd\n",
    );
    expect(planError(dir, { ...key, manifest: "media/m.yml" })).toMatch(
      /task "a": field "prompt-file": \.\.\/\.\.\/\.\.\/etc\/passwd is outside the workspace/,
    );

    symlinkSync("/etc/hostname", path.join(dir, "media/prompts/link.md"));
    writeFileSync(
      path.join(dir, "media/m.yml"),
      "tasks:\n  - name: a\n    model: nano-banana-2\n    prompt-file: prompts/link.md\n",
    );
    expect(planError(dir, { ...key, manifest: "media/m.yml" })).toMatch(
      /prompts\/link\.md is outside the workspace/,
    );

    expect(planError(dir, { ...key, manifest: "../outside.yml" })).toMatch(
      /input "manifest": "\.\.\/outside\.yml" is outside the workspace/,
    );
  });

  it("names the task, the common field and its wire name, and the allowed values", () => {
    const dir = workspace({
      "m.yml":
        "tasks:\n  - name: clip\n    model: seedance_1_5_pro_720p\n    prompt: x\n    aspect_ratio: '5:1'\n",
    });
    expect(planError(dir, { ...key, manifest: "m.yml" })).toMatch(
      /^m\.yml:5: task "clip": field "aspect_ratio" \(sent as "ratio"\): .*16:9.*adaptive/,
    );
  });

  it("refuses a common field the family cannot take, and a param that clashes with a common field", () => {
    const dir = workspace({
      "m.yml": "tasks:\n  - name: clip\n    model: veo_3_1_fast\n    prompt: x\n    duration: 5\n",
    });
    expect(planError(dir, { ...key, manifest: "m.yml" })).toMatch(
      /task "clip": field "duration": VEO \(veo_3_1_fast\) does not take it; it accepts prompt/,
    );
    writeFileSync(
      path.join(dir, "m.yml"),
      "tasks:\n  - name: clip\n    model: viduq3-pro\n    prompt: x\n    duration: 5\n    params: { duration: 6 }\n",
    );
    expect(planError(dir, { ...key, manifest: "m.yml" })).toMatch(
      /field "params\.duration": "duration" is also set/,
    );
  });

  it("lists the nearest family's models for an unknown id", () => {
    expect(planError(workspace({}), { ...key, prompt: "x", model: "veo3" })).toMatch(
      /Unknown model "veo3"\. Did you mean "veo_3_1_\w+"\? VEO models: veo_3_1_fast, veo_3_1_pro/,
    );
  });

  it("keeps every task but selects by name or glob with `only`", () => {
    const dir = workspace({
      "m.yml": `tasks:\n${["hero-1", "hero-2", "logo"].map((n) => `  - name: ${n}\n    model: nano-banana-2\n    prompt: ${n}\n`).join("")}`,
    });
    const tasks = plan(dir, { ...key, manifest: "m.yml", only: "hero-*\nnothing" });
    expect(tasks.map((t) => [t.name, t.selected])).toEqual([
      ["hero-1", true],
      ["hero-2", true],
      ["logo", false],
    ]);
    expect(planError(dir, { ...key, manifest: "m.yml", only: "typo" })).toMatch(
      /input "only": "typo" matches no task; the tasks are hero-1, hero-2, logo/,
    );
  });

  it("refuses a name used by both the prompt input and the manifest", () => {
    const dir = workspace({ "m.yml": "tasks:\n  - name: prompt\n    model: nano-banana-2\n    prompt: x\n" });
    expect(planError(dir, { ...key, manifest: "m.yml", prompt: "y", model: "nano-banana-2" })).toMatch(
      /task "prompt" is declared twice/,
    );
  });

  it("says which input to set when something is missing", () => {
    expect(planError(workspace({}), { prompt: "x", model: "nano-banana-2" })).toMatch(
      /input "api-key" is empty/,
    );
    expect(planError(workspace({}), { ...key, prompt: "x" })).toMatch(/input "model" is empty/);
    expect(planError(workspace({}), key)).toMatch(
      /nothing to do: set the "prompt" input, the "manifest" input, or both/,
    );
    expect(
      planError(workspace({}), { ...key, prompt: "x", model: "nano-banana-2", "fail-on": "sometimes" }),
    ).toMatch(/"fail-on": "sometimes" is not one of any, all, never/);
  });

  it("hashes the same request the same way, and a changed prompt file differently", () => {
    const dir = workspace({
      "m.yml": "tasks:\n  - name: a\n    model: nano-banana-2\n    prompt-file: p.md\n",
      "p.md": "one",
    });
    const first = plan(dir, { ...key, manifest: "m.yml" })[0]?.inputHash;
    expect(plan(dir, { ...key, manifest: "m.yml" })[0]?.inputHash).toBe(first);
    writeFileSync(path.join(dir, "p.md"), "two");
    expect(plan(dir, { ...key, manifest: "m.yml" })[0]?.inputHash).not.toBe(first);
  });

  it("splits tasks into shards by name: every task in exactly one, unmoved when others are added", () => {
    const names = Array.from({ length: 300 }, (_, i) => ({ name: `asset-${i}` }));
    const shards = [1, 2, 3, 4].map((index) => inShard(names, { index, count: 4 }).map((t) => t.name));
    expect(shards.flat().sort()).toEqual(names.map((t) => t.name).sort());
    for (const shard of shards) expect(shard.length).toBeGreaterThan(50);
    const before = shardOf("asset-7", 4);
    expect(
      inShard([...names, { name: "new-one" }], { index: before, count: 4 }).map((t) => t.name),
    ).toContain("asset-7");
    expect(inShard(names, { index: 1, count: 1 })).toHaveLength(300);
  });

  it("reads the shard input and refuses a malformed one", () => {
    const dir = workspace({});
    expect(planError(dir, { ...key, prompt: "x", model: "nano-banana-2", shard: "5/4" })).toMatch(
      /input "shard": "5\/4" must be i\/n/,
    );
  });

  it("reads poll-interval as one duration or a range, and refuses a range written backwards", () => {
    const dir = workspace({});
    const settingsWith = (value: string) =>
      readSettings(
        (name) => ({ ...key, prompt: "x", model: "nano-banana-2", "poll-interval": value })[name] ?? "",
        dir,
        { defaults: actionDefaults() },
      );
    // Unset, each family polls at its own interval (the registry's tests check those).
    expect(settingsWith("").pollInterval).toBeUndefined();
    expect(settingsWith("10s").pollInterval).toEqual({ minMs: 10_000, maxMs: 10_000 });
    expect(settingsWith("2s-5s").pollInterval).toEqual({ minMs: 2_000, maxMs: 5_000 });
    for (const bad of ["5s-2s", "0", "2s-5s-9s", "soon"]) {
      expect(planError(dir, { ...key, prompt: "x", model: "nano-banana-2", "poll-interval": bad })).toMatch(
        /input "poll-interval": /,
      );
    }
  });

  it("names a required family field the task did not set as a param, and lists every problem of a task", () => {
    const dir = workspace({
      "m.yml": "tasks:\n  - name: speech\n    model: soundCloningAudio\n    prompt: Hello\n",
    });
    expect(planError(dir, { ...key, manifest: "m.yml" })).toMatch(/task "speech": field "params\.modelId"/);
    writeFileSync(
      path.join(dir, "m.yml"),
      "tasks:\n  - name: clip\n    model: viduq3-pro\n    prompt: x\n    duration: 99\n    aspect_ratio: '5:1'\n",
    );
    const message = planError(dir, { ...key, manifest: "m.yml" });
    expect(message).toMatch(/^2 problems:/);
    expect(message).toMatch(/field "duration"/);
    expect(message).toMatch(/field "aspect_ratio"/);
  });
});
