import { cpSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type Simulator, startSimulator } from "../../simulator/server.ts";
import type { TaskRecord } from "../../src/run/record.ts";
import { makeWorkspace, repoRoot, runAction, type Workspace } from "../support/action-runner.ts";

const apiKey = "budget-key-5c1e";
let simulator: Simulator | undefined;
afterEach(async () => {
  await simulator?.close();
  simulator = undefined;
});

/** Images finish at once and report an amount; those whose prompt says "slow" take about 4 s. */
async function start(): Promise<Simulator> {
  simulator = await startSimulator({
    apiKey,
    timeScale: 1000,
    scenario: {
      latency: { queuedMs: 50, processingMs: { video: 200, image: 200, audio: 200 }, jitter: 0 },
      outcomes: [
        { promptContains: "slow", status: "completed", processingMs: 4_000_000 },
        { status: "completed", amount: 0.05 },
      ],
    },
  });
  return simulator;
}

/** A manifest of images: nano-banana-2 costs 0.1 a task, nano-banana-pro 0.2 (in the table below). */
function manifest(tasks: { name: string; model: string; prompt?: string }[]): string {
  return `tasks:\n${tasks.map((t) => `  - name: ${t.name}\n    model: ${t.model}\n    prompt: ${t.prompt ?? t.name}\n`).join("")}`;
}

const prices = [
  "currency: USD",
  "nano-banana-2: { per-task: 0.1 }",
  "nano-banana-pro: { per-task: 0.2 }",
  "veo_3_1_fast: { per-second: 0.25 }",
  "",
].join("\n");

function workspace(sim: Simulator, tasks: { name: string; model: string; prompt?: string }[]) {
  const ws = makeWorkspace();
  ws.write("m.yml", manifest(tasks));
  ws.write("prices.yml", prices);
  const inputs = {
    "api-key": apiKey,
    "base-url": sim.url,
    manifest: "m.yml",
    prices: "prices.yml",
    "poll-interval": "50ms",
    concurrency: "4",
  };
  return { ws, inputs };
}

function results(ws: Workspace): TaskRecord[] {
  return JSON.parse(readFileSync(path.join(ws.dir, "generated-media/results.json"), "utf8"))
    .tasks as TaskRecord[];
}

const images = (count: number, model = "nano-banana-2") =>
  Array.from({ length: count }, (_, i) => ({ name: `img-${i + 1}`, model }));

describe("max-tasks and budget stop a run before anything is paid for", () => {
  it("over max-tasks: fails naming the count and the limit, and sends nothing", async () => {
    const sim = await start();
    const { ws, inputs } = workspace(sim, images(3));
    const run = await runAction(ws, { ...inputs, "max-tasks": "2" });
    expect(run.code).not.toBe(0);
    expect(sim.requests).toHaveLength(0);
    expect(run.stdout).toContain(
      "max-tasks: this run would send 3 create requests and max-tasks is 2; raise max-tasks or narrow the run with only/shard",
    );
    expect(run.stdout).toContain("::error::");
    expect(run.summary).toContain("not run");
    expect(run.summary).toContain("max-tasks is 2");
  });

  it("over budget: fails naming the total, the budget and the costliest tasks, and sends nothing", async () => {
    const sim = await start();
    const { ws, inputs } = workspace(sim, [
      ...images(2),
      { name: "pro", model: "nano-banana-pro" },
      { name: "clip", model: "veo_3_1_fast", prompt: "a clip" },
    ]);
    // 0.1 + 0.1 + 0.2 + 8 s (VEO's only length) × 0.25 = 2.4.
    const over = await runAction(ws, { ...inputs, budget: "2.3" });
    expect(over.code).not.toBe(0);
    expect(sim.requests).toHaveLength(0);
    expect(over.stdout).toContain("budget: this run would cost an estimated 2.40 USD (4 tasks");
    expect(over.stdout).toContain("budget is 2.30 USD");
    expect(over.stdout).toContain("clip 2.00 USD (8 s × 0.25 USD/s, VEO's default length)");
    expect(over.stdout).toMatch(/The costliest: clip 2\.00 USD .*, pro 0\.20 USD/);
    expect(over.summary).toContain("2.40 USD");
  });

  it("at the budget exactly: 0.1 + 0.2 against 0.3 runs, and records and summary carry the estimate", async () => {
    const sim = await start();
    const { ws, inputs } = workspace(sim, [
      { name: "small", model: "nano-banana-2" },
      { name: "large", model: "nano-banana-pro" },
    ]);
    const run = await runAction(ws, { ...inputs, budget: "0.3", "max-tasks": "2" });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(sim.creates()).toHaveLength(2);
    const records = results(ws);
    expect(records.map((r) => [r.name, r.status, r.estimate])).toEqual([
      ["small", "completed", 0.1],
      ["large", "completed", 0.2],
    ]);
    expect(run.stdout).toContain("Estimated cost: 0.30 USD for 2 creates (budget 0.30 USD)");
    // The estimate and what the API reported (0.05 a task), side by side.
    expect(run.summary).toMatch(
      /Estimated cost of the 2 tasks created this run: \*\*0\.30 USD\*\*.*amount reported by the API: \*\*0\.1\*\*/,
    );
  });

  it("a resumed run counts only what is left: a budget for the remaining tasks passes", async () => {
    const sim = await start();
    const { ws, inputs } = workspace(sim, [
      { name: "quick-1", model: "nano-banana-2" },
      { name: "quick-2", model: "nano-banana-2" },
      { name: "slow-1", model: "nano-banana-pro", prompt: "slow one" },
    ]);
    // The first run runs out of time: the quick tasks complete, the slow one stays pending with its id.
    const first = await runAction(ws, { ...inputs, timeout: "2s" });
    expect(results(ws).map((r) => r.status)).toEqual(["completed", "completed", "pending"]);
    expect(first.code).not.toBe(0);
    // Add two more tasks: a run would send only their creates (0.1 + 0.2), not the three earlier ones.
    ws.write(
      "m.yml",
      manifest([
        { name: "quick-1", model: "nano-banana-2" },
        { name: "quick-2", model: "nano-banana-2" },
        { name: "slow-1", model: "nano-banana-pro", prompt: "slow one" },
        { name: "new-1", model: "nano-banana-2" },
        { name: "new-2", model: "nano-banana-pro" },
      ]),
    );
    const createsBefore = sim.creates().length;
    const tight = await runAction(ws, { ...inputs, budget: "0.29", "max-tasks": "2" });
    expect(tight.code).not.toBe(0);
    expect(tight.stdout).toContain(
      "this run would cost an estimated 0.30 USD (2 tasks, by prices.yml) and budget is 0.29 USD (1 resumed task and 2 unchanged ones are not counted)",
    );
    expect(sim.creates().length).toBe(createsBefore);
    const fits = await runAction(ws, { ...inputs, budget: "0.3", "max-tasks": "2" });
    expect(fits.code).toBe(0);
    expect(sim.creates().length).toBe(createsBefore + 2);
    expect(results(ws).every((r) => r.status === "completed")).toBe(true);
  }, 20_000);

  it("a broken price table names the file, the line, the model and the field", async () => {
    const sim = await start();
    const { ws, inputs } = workspace(sim, images(1));
    ws.write("prices.yml", "currency: USD\nnano-banana-2:\n  per-second: ten\n");
    const run = await runAction(ws, inputs);
    expect(run.code).not.toBe(0);
    expect(sim.requests).toHaveLength(0);
    expect(run.stdout).toContain(
      'prices.yml:3: model "nano-banana-2": field "per-second": expected a number ≥ 0, found the string "ten"',
    );
    ws.write("prices.yml", "currency: USD\nnano-banana-2: { per-task: 0.1, per-image: 2 }\n");
    const typo = await runAction(ws, inputs);
    expect(typo.stdout).toContain('prices.yml:2: model "nano-banana-2": unknown field "per-image"');
    ws.write("prices.yml", "currency: USD\nnano-banana-pro: { per-task: 0.1 }\n");
    const missing = await runAction(ws, inputs);
    expect(missing.stdout).toContain(
      'prices.yml: no price for model "nano-banana-2" (task img-1), and the table has no "default" entry',
    );
    const noPrices = await runAction(ws, { ...inputs, prices: "", budget: "1" });
    expect(noPrices.stdout).toContain('input "budget" is set but "prices" is not');
    expect(sim.requests).toHaveLength(0);
  });

  it("dry-run prints each task's estimate and the total", async () => {
    const sim = await start();
    const { ws, inputs } = workspace(sim, [
      { name: "pic", model: "nano-banana-2" },
      { name: "clip", model: "veo_3_1_fast", prompt: "a clip" },
    ]);
    const run = await runAction(ws, { ...inputs, "api-key": "", "dry-run": "true", budget: "1" });
    expect(run.code).toBe(0);
    expect(sim.requests).toHaveLength(0);
    expect(run.summary).toContain("Estimate: **0.10 USD** (per task)");
    expect(run.summary).toContain("Estimate: **2.00 USD** (8 s × 0.25 USD/s, VEO's default length)");
    expect(run.summary).toContain(
      "**Estimated cost: 2.10 USD** for 2 tasks, **over** the budget of 1.00 USD",
    );
    expect(run.summary).toContain("counts every selected task");
  });

  it("the currency, repository text, reaches the summary escaped", async () => {
    const sim = await start();
    const { ws, inputs } = workspace(sim, images(1));
    ws.write("prices.yml", 'currency: "<img src=x>@team"\nnano-banana-2: { per-task: 0.1 }\n');
    const run = await runAction(ws, inputs);
    expect(run.code).toBe(0);
    expect(run.summary).toContain("Estimated cost of the 1 task created this run: **0.10 ");
    expect(run.summary).not.toContain("<img src=x>");
    expect(run.summary).not.toMatch(/(^|[^`\\])@team/m);
  });

  it("examples/prices.yml prices every example manifest in a dry run", async () => {
    const sim = await start();
    const ws = makeWorkspace();
    cpSync(path.join(repoRoot, "examples"), path.join(ws.dir, "examples"), { recursive: true });
    for (const kind of ["video", "image", "audio", "text"]) {
      const run = await runAction(ws, {
        "base-url": sim.url,
        "text-base-url": sim.url,
        manifest: `examples/${kind}.yml`,
        prices: "examples/prices.yml",
        "dry-run": "true",
      });
      expect(run.stdout, kind).not.toMatch(/::error/);
      expect(run.code, kind).toBe(0);
      expect(run.summary, kind).toMatch(/\*\*Estimated cost: \d+\.\d{2,6} USD\*\*/);
    }
    expect(sim.requests).toHaveLength(0);
  });
});
