/**
 * Class 8 of issue 11: user mistakes. Played by an unlucky (or mischievous) author of the workflow and the
 * manifest: every mistake is a ConfigError that says where and what was found, never a stack trace, and
 * nothing is sent. GENMEDIA_DIST runs the action tests against another bundle (e.g. the previous build).
 */
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { type Simulator, startSimulator } from "../../simulator/server.ts";
import { actionDefaults } from "../../src/action-inputs.ts";
import { ConfigError } from "../../src/errors.ts";
import { readSettings } from "../../src/plan/inputs.ts";
import { planTasks } from "../../src/plan/planner.ts";
import { type ActionRun, makeWorkspace, runAction } from "../support/action-runner.ts";

const apiKey = "sk-mistakes-0c4b";
const entry = process.env.GENMEDIA_DIST || undefined;
let simulator: Simulator | undefined;
afterEach(async () => {
  await simulator?.close();
  simulator = undefined;
});

async function simulate(): Promise<Simulator> {
  simulator = await startSimulator({ apiKey, timeScale: 1000 });
  return simulator;
}

/** "Billion laughs": six lines that expand to 9^5 strings when turned into values. */
const aliasBomb = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]",
  "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]",
  "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]",
  "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]",
].join("\n");

function expectPlainRefusal(run: ActionRun, sim: Simulator): void {
  expect(run.code).toBe(1);
  expect(`${run.stdout}\n${run.stderr}`).not.toMatch(/failed unexpectedly|^\s+at |Error: /m);
  expect(sim.requests).toEqual([]);
  expect(existsSync(path.join(run.workspace, "generated-media/results.json"))).toBe(false);
}

describe("user mistakes in the action's inputs and the manifest", () => {
  it("reports a YAML alias bomb, in the manifest or in params, as a plain error naming where it is", async () => {
    const sim = await simulate();
    const ws = makeWorkspace();
    ws.write("media.yml", `${aliasBomb}\ntasks: [*e]\n`);
    const inManifest = await runAction(
      ws,
      { "api-key": apiKey, "base-url": sim.url, manifest: "media.yml" },
      { entry },
    );
    expect(inManifest.stdout).toMatch(
      /^::error file=media\.yml::media\.yml: not valid YAML\/JSON: its aliases/m,
    );
    expectPlainRefusal(inManifest, sim);

    const inParams = await runAction(
      makeWorkspace(),
      { "api-key": apiKey, "base-url": sim.url, prompt: "x", model: "nano-banana-2", params: aliasBomb },
      { entry },
    );
    expect(inParams.stdout).toMatch(/input "params": not valid YAML or JSON: its aliases \(\*name\) expand/);
    expectPlainRefusal(inParams, sim);
  });

  it("says what was found where a value has the wrong type, instead of calling it missing", async () => {
    const sim = await simulate();
    const ws = makeWorkspace();
    ws.write(
      "media.yml",
      [
        "tasks:",
        "  - name: clip",
        "    model: viduq3-pro",
        "    prompt: 123",
        '    duration: "5"',
        "  - name: 1e3",
        "    model: nano-banana-2",
        "    prompt: A lighthouse",
      ].join("\n"),
    );
    const run = await runAction(
      ws,
      { "api-key": apiKey, "base-url": sim.url, manifest: "media.yml" },
      { entry },
    );
    expect(run.stdout).toContain(
      'media.yml:4: task "clip": field "prompt": expected a string, found the number 123; put it in quotes',
    );
    expect(run.stdout).toContain(
      'media.yml:5: task "clip": field "duration": expected a number, found the string "5"; write it without quotes',
    );
    expect(run.stdout).toContain(
      'media.yml:6: task 2: field "name": expected a string, found the number 1000; put it in quotes',
    );
    expect(run.stdout).not.toMatch(/is required/);
    expectPlainRefusal(run, sim);
  });

  it("refuses an api-key with a line break before anything is recorded as sent, without echoing it", async () => {
    const sim = await simulate();
    const run = await runAction(
      makeWorkspace(),
      {
        "api-key": "sk-live-first-half\nsecond-half-99",
        "base-url": sim.url,
        prompt: "x",
        model: "nano-banana-2",
      },
      { entry },
    );
    expect(run.stdout).toMatch(/input "api-key": the key contains a line break/);
    expectPlainRefusal(run, sim);
    // The runner masks the key from its ::add-mask:: line; nothing else may carry it.
    const shown = run.allText().replace(/^::add-mask::.*$/gm, "");
    expect(shown).not.toMatch(/first-half|second-half/);
  });
});

describe("no manifest text makes planning throw anything but a ConfigError", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "genmedia-hostile-manifest-"));
  const settings = readSettings((name) => ({ "api-key": "k", manifest: "m.yml" })[name], dir, {
    defaults: actionDefaults(),
  });

  /** planTasks on `text`: tasks, or a ConfigError; anything else is rethrown for fast-check to shrink. */
  function planText(text: string): void {
    writeFileSync(path.join(dir, "m.yml"), text);
    try {
      planTasks(settings);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      expect(error.message).toMatch(/m\.yml/);
    }
  }

  const fragments = fc.constantFrom(
    "tasks:",
    "defaults:",
    "- ",
    "  ",
    "\n",
    "[",
    "]",
    "{",
    "}",
    ", ",
    ": ",
    "? ",
    "&a ",
    "*a",
    "<<: ",
    "!!binary ",
    "!!set ",
    "!!omap ",
    "!!int ",
    "!!str ",
    "'",
    '"',
    "#",
    "---\n",
    "...\n",
    "__proto__",
    "constructor",
    "prototype",
    "name: ",
    "model: ",
    "prompt: ",
    "prompt-file: ",
    "duration: ",
    "params: ",
    "first_image: ",
    "reference_images: ",
    "nano-banana-2",
    "openAiSora2Plus",
    "viduq3-pro",
    "1e999",
    "-0",
    ".nan",
    "~",
    "null",
    "0x10",
    "9".repeat(400),
    "\u0000",
    "\u202e",
    "\ud800",
    "é",
    "\t",
  );
  const anyValue = fc.oneof(fc.anything(), fc.jsonValue(), fc.string());
  const taskish = fc.record(
    {
      name: fc.oneof(fc.constantFrom("a", "b", "__proto__"), anyValue),
      model: fc.oneof(
        fc.constantFrom("nano-banana-2", "openAiSora2Plus", "viduq3-pro", "soundCloningAudio"),
        anyValue,
      ),
      prompt: anyValue,
      duration: anyValue,
      params: anyValue,
      first_image: anyValue,
    },
    { requiredKeys: [] },
  );

  it("for random text, random fragments of YAML and random values in task fields", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 200 }),
          fc.array(fragments, { maxLength: 60 }).map((parts) => parts.join("")),
          fc.array(taskish, { maxLength: 4 }).map((tasks) => JSON.stringify({ tasks }) ?? ""),
          fc
            .tuple(fc.integer({ min: 1, max: 3000 }), fc.constantFrom("[", "{a: ", "- "))
            .map(
              ([depth, open]) =>
                `tasks:\n  - name: a\n    model: nano-banana-2\n    prompt: x\n    params:\n      seed: ${open.repeat(depth)}`,
            ),
        ),
        (text) => planText(text),
      ),
      { numRuns: 300 },
    );
  });

  it("for deep nesting, an alias bomb, odd keys and numbers out of range", () => {
    const deep = 100_000;
    for (const text of [
      "[".repeat(deep),
      `tasks: ${"[".repeat(deep)}${"]".repeat(deep)}`,
      `tasks:\n  - name: a\n    model: nano-banana-2\n    prompt: x\n    params: ${"{a: ".repeat(20_000)}1${"}".repeat(20_000)}`,
      `${aliasBomb}\ntasks: [*e]\n`,
      "tasks: [*undeclared]\n",
      `tasks:\n  - name: a\n    model: nano-banana-2\n    prompt: x\n    params: {seed: &s [*s]}\n`,
      "tasks:\n  - name: a\n    model: nano-banana-2\n    prompt: x\n    params: {__proto__: {a: 1}, constructor: {prototype: 1}}\n",
      "__proto__: {tasks: 1}\ntasks: [{name: a, prompt: x, model: nano-banana-2, ? [1, 2] : 3, ? {a: 1} : 2}]\n",
      "tasks:\n  - name: a\n    model: openAiSora2Plus\n    prompt: x\n    duration: 1e999\n    params: {seconds: .nan}\n",
      "tasks: [{name: a, model: nano-banana-2, prompt: !!binary aGVsbG8=, params: !!omap [a: 1]}]",
    ]) {
      planText(text);
    }
  });
});
