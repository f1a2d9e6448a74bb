/**
 * Class 7 of issue 11: what the action hands GitHub fits GitHub's limits, whatever the batch or the prompts:
 * each step output under 1 MB, the job summary under 1 MiB in every mode (dry run included), long prompts
 * shortened where they are shown. Above a limit, the output or summary says what it left out and where the
 * whole record is.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type Simulator, startSimulator } from "../../simulator/server.ts";
import type { TaskRecord } from "../../src/run/record.ts";
import { makeWorkspace, runAction } from "../support/action-runner.ts";

const apiKey = "sk-limits-test-3f8a21";
const oneMB = 1_000_000;
const oneMiB = 1024 * 1024;
let simulator: Simulator | undefined;

afterEach(async () => {
  await simulator?.close();
  simulator = undefined;
});

function manifestOf(count: number, prompt: (i: number) => string): string {
  const lines = ["tasks:"];
  for (let i = 0; i < count; i++) {
    lines.push(`  - name: t${i}`, "    model: nano-banana-2", `    prompt: ${JSON.stringify(prompt(i))}`);
  }
  return `${lines.join("\n")}\n`;
}

describe("GitHub's limits", () => {
  it("cap the results and files outputs with a pointer to results-file, and keep them valid", async () => {
    // 1,500 failed tasks whose errors are 1,000 characters: about 1.9 MB of records.
    simulator = await startSimulator({
      apiKey,
      timeScale: 1000,
      scenario: {
        latency: { queuedMs: 0, processingMs: { video: 100, image: 100, audio: 100 } },
        outcomes: [{ promptContains: "task", status: "failed", error: "e".repeat(1000) }],
      },
    });
    const ws = makeWorkspace();
    ws.write(
      "m.yml",
      manifestOf(1500, (i) => `task ${i}`),
    );
    const run = await runAction(ws, {
      "api-key": apiKey,
      "base-url": simulator.url,
      manifest: "m.yml",
      concurrency: "64",
      "poll-interval": "50ms",
      "fail-on": "never",
    });
    expect(run.code, run.stderr).toBe(0);
    const all = JSON.parse(readFileSync(path.join(ws.dir, "generated-media/results.json"), "utf8"))
      .tasks as TaskRecord[];
    expect(all).toHaveLength(1500);
    const results = run.outputs.results ?? "";
    expect(Buffer.byteLength(results)).toBeLessThan(oneMB);
    const kept = JSON.parse(results) as TaskRecord[];
    expect(kept.length).toBeGreaterThan(100);
    expect(kept.length).toBeLessThan(1500);
    expect(kept).toEqual(all.slice(0, kept.length));
    expect(run.outputs["results-file"]).toBe("generated-media/results.json");
    expect(run.stdout).toMatch(
      new RegExp(`::notice::The "results" output holds the first ${kept.length} of 1500 task records`),
    );
    expect(run.summary).toContain(`first ${kept.length} of 1500 task records`);
    expect(Buffer.byteLength(run.summary)).toBeLessThan(oneMiB);
  });

  it("keep a dry run's summary under 1 MiB for 10,000 tasks, saying how many are not shown", async () => {
    const ws = makeWorkspace();
    ws.write(
      "m.yml",
      manifestOf(10_000, (i) => `A picture number ${i} of a quiet harbour at dawn`),
    );
    const run = await runAction(ws, { "dry-run": "true", manifest: "m.yml" });
    expect(run.code, run.stderr).toBe(0);
    expect(Buffer.byteLength(run.summary)).toBeLessThan(oneMiB);
    expect(run.summary).toMatch(/_\d+ more tasks are not shown \(summary size limit\)/);
    expect(run.summary).toContain("### t0");
  });

  it("shorten a 4 MB prompt in a dry run's summary and log", async () => {
    const ws = makeWorkspace();
    const prompt = `start ${"lighthouse ".repeat(400_000)}end`;
    ws.write("prompt.md", prompt);
    ws.write("m.yml", "tasks:\n  - { name: long, model: nano-banana-2, prompt-file: prompt.md }\n");
    const run = await runAction(ws, { "dry-run": "true", manifest: "m.yml" });
    expect(run.code, run.stderr).toBe(0);
    expect(Buffer.byteLength(run.summary)).toBeLessThan(10_000);
    expect(run.summary).toMatch(/"prompt": "start lighthouse .*… \(\d+ more characters\)"/);
    expect(run.stdout.length).toBeLessThan(20_000);
  });
});
