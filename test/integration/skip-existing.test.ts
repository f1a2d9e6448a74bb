import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type Simulator, startSimulator } from "../../simulator/server.ts";
import type { TaskRecord } from "../../src/run/record.ts";
import { makeWorkspace, runAction } from "../support/action-runner.ts";

const apiKey = "skip-key-6c2d";
let simulator: Simulator | undefined;
afterEach(async () => {
  await simulator?.close();
  simulator = undefined;
});

describe("skip-existing", () => {
  it("pays only for tasks whose model, prompt, prompt file or params changed", async () => {
    const sim = await startSimulator({ apiKey, timeScale: 1000 });
    simulator = sim;
    const ws = makeWorkspace();
    const manifest = (logoSize: string) =>
      [
        "tasks:",
        "  - name: hero",
        "    model: nano-banana-2",
        "    prompt: a hero image",
        "  - name: logo",
        "    model: nano-banana-2",
        "    prompt-file: logo.md",
        `    params: { resolution: ${logoSize} }`,
        "  - name: banner",
        "    model: nano-banana-2",
        "    prompt-file: banner.md",
      ].join("\n");
    ws.write("m.yml", manifest("1k"));
    ws.write("logo.md", "a logo");
    ws.write("banner.md", "a banner");
    const inputs = {
      "api-key": apiKey,
      "base-url": sim.url,
      manifest: "m.yml",
      "poll-interval": "50ms",
      "skip-existing": "true",
      resume: "false",
    };
    expect((await runAction(ws, inputs)).code).toBe(0);
    expect(sim.creates()).toHaveLength(3);

    // The release workflow restores the previous outputs; then one param and one prompt file change.
    ws.write("m.yml", manifest("2k"));
    ws.write("banner.md", "a new banner");
    const second = await runAction(ws, inputs);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("skip-existing: 1 tasks are unchanged and keep their files.");
    const records = JSON.parse(readFileSync(path.join(ws.dir, "generated-media/results.json"), "utf8"))
      .tasks as TaskRecord[];
    expect(records.map((r) => [r.name, r.status])).toEqual([
      ["hero", "skipped"],
      ["logo", "completed"],
      ["banner", "completed"],
    ]);
    expect(records[0]?.error).toMatch(/\(skip-existing\): the file is kept/);
    expect(records[0]?.file?.path).toBe("generated-media/hero.png");
    expect(sim.creates().map((r) => (r.body as { prompt: string }).prompt)).toEqual([
      "a hero image",
      "a logo",
      "a banner",
      "a logo",
      "a new banner",
    ]);
    expect(second.outputs.files?.split("\n").sort()).toEqual([
      "generated-media/banner.png",
      "generated-media/hero.png",
      "generated-media/logo.png",
    ]);
  });
});
