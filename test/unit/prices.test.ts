import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { actionDefaults } from "../../src/action-inputs.ts";
import { ConfigError } from "../../src/errors.ts";
import { checkSpending, costOf, estimateTasks, secondsOf } from "../../src/plan/estimate.ts";
import { readSettings } from "../../src/plan/inputs.ts";
import { planTasks } from "../../src/plan/planner.ts";
import { formatMoney, type PriceTable, parsePrices } from "../../src/plan/prices.ts";
import type { Task } from "../../src/plan/tasks.ts";
import type { AssetRecord, TaskRecord } from "../../src/run/record.ts";
import { freshRecord } from "../../src/run/resume.ts";
import { plannedSends } from "../../src/run/sends.ts";

function failure(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected a ConfigError");
}

function plan(manifest: string, inputs: Record<string, string> = {}): Task[] {
  const dir = mkdtempSync(path.join(tmpdir(), "genmedia-prices-"));
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "m.yml"), manifest);
  const all: Record<string, string> = { "api-key": "k", manifest: "m.yml", ...inputs };
  return planTasks(readSettings((name) => all[name] ?? "", dir, { defaults: actionDefaults() }));
}

const table = (text: string): PriceTable => parsePrices(text, "prices.yml");

describe("the price table", () => {
  it("reads currency, per-task and per-second prices, a default and asset uploads, in micro-units", () => {
    const prices = table(
      [
        "currency: USD",
        "default: { per-task: 0.50 }",
        "openAiSora2Plus: { per-second: 0.10 }",
        "nano-banana-2: { per-task: 0.04 }",
        "assets: { seedance2: { per-upload: 0.01 } }",
      ].join("\n"),
    );
    expect(prices.currency).toBe("USD");
    expect(prices.models.get("openAiSora2Plus")).toMatchObject({ per: "second", micros: 100_000, line: 3 });
    expect(prices.models.get("nano-banana-2")).toMatchObject({ per: "task", micros: 40_000 });
    expect(prices.default).toMatchObject({ per: "task", micros: 500_000 });
    expect(prices.uploads.get("seedance2")).toBe(10_000);
    expect(prices.models.has("assets")).toBe(false);
  });

  it("names the file, line, model and field of every mistake", () => {
    const message = failure(() =>
      table(
        [
          "currency: USD",
          "nano-banana-2: { per-task: 0.04 }",
          "openAiSora2Plus:",
          '  per-second: "ten"',
          "veo_3_1_fast: { per-task: 1, per-second: 2 }",
          "gpt-image-2: { per-task: -1 }",
          "grok_video3: { per-image: 1 }",
          "seedance_2_0: 0.3",
          "assets: { seedance3: { per-upload: 1 } }",
        ].join("\n"),
      ),
    );
    expect(message).toContain(
      'prices.yml:4: model "openAiSora2Plus": field "per-second": expected a number ≥ 0, found the string "ten"',
    );
    expect(message).toContain(
      'prices.yml:5: model "veo_3_1_fast": needs exactly one of "per-task" and "per-second", not both',
    );
    expect(message).toContain(
      'prices.yml:6: model "gpt-image-2": field "per-task": expected a number ≥ 0, found the number -1',
    );
    expect(message).toContain('prices.yml:7: model "grok_video3": unknown field "per-image"');
    expect(message).toContain(
      'prices.yml:8: model "seedance_2_0": expected a mapping such as { per-task: 0.50 }',
    );
    expect(message).toContain('prices.yml:9: assets: unknown asset library "seedance3"');
  });

  it("requires a currency", () => {
    expect(failure(() => table("nano-banana-2: { per-task: 1 }"))).toContain('field "currency": is required');
    expect(failure(() => table("currency: 5\n"))).toContain(
      'field "currency": expected the currency\'s name as text',
    );
  });

  it("prints amounts with at least 2 and at most 6 decimals", () => {
    expect(formatMoney(300_000, "USD")).toBe("0.30 USD");
    expect(formatMoney(12_000_000, "EUR")).toBe("12.00 EUR");
    expect(formatMoney(1_234_567, "USD")).toBe("1.234567 USD");
    expect(formatMoney(1_500, "USD")).toBe("0.0015 USD");
  });
});

describe("the max-tasks, prices and budget inputs", () => {
  const read = (inputs: Record<string, string>) => {
    const all: Record<string, string> = { "api-key": "k", prompt: "p", model: "nano-banana-2", ...inputs };
    return readSettings((name) => all[name] ?? "", "/work", { defaults: actionDefaults() });
  };

  it("reads them, and leaves them out when empty", () => {
    expect(read({ "max-tasks": "10", prices: "p.yml", budget: "2.50" })).toMatchObject({
      maxTasks: 10,
      prices: "/work/p.yml",
      budget: 2.5,
    });
    const none = read({});
    expect([none.maxTasks, none.prices, none.budget]).toEqual([undefined, undefined, undefined]);
  });

  it("refuses a budget that is not a plain amount, a budget without prices, and max-tasks below 1", () => {
    expect(failure(() => read({ prices: "p.yml", budget: "5 USD" }))).toContain(
      'input "budget": "5 USD" must be a plain decimal number',
    );
    expect(failure(() => read({ budget: "5" }))).toContain(
      'input "budget" is set but "prices" is not: the budget is checked against the estimates of a price table',
    );
    expect(failure(() => read({ "max-tasks": "0" }))).toContain(
      'input "max-tasks": "0" must be a whole number',
    );
    expect(failure(() => read({ prices: "../outside.yml" }))).toContain("outside the workspace");
  });
});

describe("estimates", () => {
  it("multiplies a per-second price by the task's duration, else its family's default", () => {
    const tasks = plan(
      [
        "tasks:",
        "  - { name: sora, model: openAiSora2Plus, prompt: a, duration: 12 }",
        "  - { name: veo, model: veo_3_1_fast, prompt: b }",
        "  - { name: seed-auto, model: seedance_1_5_pro_720p, prompt: c, duration: -1 }",
        "  - { name: star, model: starvideos_o3, prompt: d }",
        "  - { name: omni, model: omni-flash, prompt: e }",
        "  - { name: pic, model: nano-banana-2, prompt: f }",
      ].join("\n"),
    );
    const estimates = estimateTasks(
      tasks,
      table("currency: USD\ndefault: { per-second: 0.1 }\nnano-banana-2: { per-task: 0.04 }\n"),
    );
    expect(Object.fromEntries([...estimates].map(([name, e]) => [name, e.micros]))).toEqual({
      sora: 1_200_000,
      veo: 800_000,
      // -1 lets the model pick up to 12 s: the estimate takes the longest, never less than the bill.
      "seed-auto": 1_200_000,
      star: 300_000,
      omni: 1_000_000,
      pic: 40_000,
    });
    expect(estimates.get("seed-auto")?.basis).toContain("the longest duration -1 lets the model pick");
  });

  it("refuses a per-second price for a task of unknown length, and a model with no price", () => {
    const tasks = plan(
      [
        "tasks:",
        "  - { name: pic, model: nano-banana-2, prompt: a }",
        "  - { name: sora, model: openAiSora2Plus, prompt: b }",
        "  - { name: custom, endpoint: /v9/labs/foo, kind: video, body: { model: labs-1, prompt: c } }",
      ].join("\n"),
    );
    const perSecond = failure(() =>
      estimateTasks(tasks, table("currency: USD\ndefault: { per-second: 0.1 }\n")),
    );
    expect(perSecond).toContain(
      'prices.yml:2: task "pic" (nano-banana-2): it is priced per second, but it sets no duration and Nano Banana documents no default length; set "duration" on the task, or price nano-banana-2 per-task',
    );
    // Sora documents no default length either.
    expect(perSecond).toContain('task "sora" (openAiSora2Plus): it is priced per second');
    expect(perSecond).toContain('task "custom" (labs-1): it is priced per second');
    const unpriced = failure(() =>
      estimateTasks(tasks, table("currency: USD\nnano-banana-2: { per-task: 0.1 }\n")),
    );
    expect(unpriced).toContain(
      'prices.yml: no price for models "openAiSora2Plus" (task sora), "labs-1" (task custom), and the table has no "default" entry',
    );
  });

  it("reads an endpoint task's numeric body.duration", () => {
    const [task] = plan(
      "tasks:\n  - { name: custom, endpoint: /v9/labs/foo, kind: video, body: { model: labs-1, duration: 7 } }\n",
    );
    expect(secondsOf(task as Task)).toEqual({ seconds: 7 });
  });
});

describe("what a run would send", () => {
  const manifest = [
    "assets:",
    "  face: { url: https://example.com/face.png, type: image, library: seedance2 }",
    "tasks:",
    "  - { name: done, model: nano-banana-2, prompt: a }",
    "  - { name: running, model: nano-banana-2, prompt: b }",
    "  - { name: new, model: seedance_2_0_pro, prompt: c, reference_images: ['asset:face'] }",
    "  - { name: other, model: nano-banana-2, prompt: d }",
  ].join("\n");

  function records(tasks: Task[]): TaskRecord[] {
    return tasks.map((task): TaskRecord => {
      const fresh = freshRecord(task);
      if (task.name === "done") return { ...fresh, status: "completed", taskId: "t1" };
      if (task.name === "running") return { ...fresh, status: "pending", taskId: "t2" };
      return fresh;
    });
  }

  it("counts only fresh selected tasks, and uploads an asset only when no earlier upload is reused", () => {
    const tasks = plan(manifest, { only: "done,running,new" });
    const sends = plannedSends(tasks, records(tasks), []);
    expect(sends.creates.map((t) => t.name)).toEqual(["new"]);
    expect(sends).toMatchObject({ resumed: 1, unchanged: 1 });
    expect(sends.uploads.map((a) => a.name)).toEqual(["face"]);
    const face = tasks.find((t) => t.name === "new")?.assets?.[0];
    const active: AssetRecord = {
      name: "face",
      library: "seedance2",
      assetId: "asset-1",
      status: "Active",
      sourceHash: face?.sourceHash ?? "",
      error: null,
    };
    expect(plannedSends(tasks, records(tasks), [active]).uploads).toEqual([]);
  });

  it("adds the price of each upload the table prices, and refuses over max-tasks or budget with the numbers", () => {
    const tasks = plan(manifest);
    const prices = table(
      "currency: EUR\nnano-banana-2: { per-task: 0.1 }\nseedance_2_0_pro: { per-second: 0.2 }\nassets: { seedance2: { per-upload: 0.05 } }\n",
    );
    const pricing = { table: prices, estimates: estimateTasks(tasks, prices) };
    const sends = plannedSends(tasks, records(tasks), []);
    // new: 5 s (Seedance 2.0's default) × 0.2 = 1.0; other: 0.1; the upload: 0.05.
    expect(costOf(sends, pricing)).toEqual({ micros: 1_150_000, pricedUploads: 1 });
    expect(() => checkSpending(sends, { maxTasks: 2, budget: 1.15 }, pricing)).not.toThrow();
    const over = failure(() => checkSpending(sends, { maxTasks: 1, budget: 1.1 }, pricing));
    expect(over).toContain(
      "max-tasks: this run would send 2 create requests and max-tasks is 1 (1 resumed task and 1 unchanged one are not counted)",
    );
    expect(over).toContain(
      "budget: this run would cost an estimated 1.15 EUR (2 tasks and 1 asset upload, by prices.yml) and budget is 1.10 EUR",
    );
    expect(over).toContain(
      "The costliest: new 1.00 EUR (5 s × 0.20 EUR/s, Seedance 2.0's default length), other 0.10 EUR",
    );
  });
});
