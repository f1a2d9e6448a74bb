import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createView, phaseOf } from "../../src/cli/live-view.ts";
import { asOptions, parseCommandLine, UsageError } from "../../src/cli/options.ts";
import { resumePlan } from "../../src/cli/resume-tasks.ts";
import { terminalText } from "../../src/cli/terminal-text.ts";
import { Ledger } from "../../src/run/ledger.ts";
import type { TaskRecord } from "../../src/run/record.ts";
import { interruptedCreate } from "../../src/run/scheduler.ts";

const record = (name: string, change: Partial<TaskRecord> = {}): TaskRecord => ({
  name,
  model: "nano-banana-2",
  kind: "image",
  status: "skipped",
  taskId: null,
  submittedAt: null,
  finishedAt: null,
  file: null,
  inputHash: "0".repeat(64),
  error: "not submitted yet",
  ...change,
});

function sink(): { stream: Writable; text: () => string } {
  let text = "";
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

describe("command line", () => {
  it("reads the action's inputs as kebab-case options, switches with --no-", () => {
    const parsed = parseCommandLine(["run", "m.yml", "--concurrency", "8", "--no-resume", "--skip-existing"]);
    expect(parsed.command).toBe("run");
    expect(parsed.positionals).toEqual(["m.yml"]);
    expect(Object.fromEntries(parsed.inputs)).toEqual({
      concurrency: "8",
      resume: "false",
      "skip-existing": "true",
    });
  });

  it("refuses --api-key in any spelling, GitHub-only inputs and unknown options", () => {
    for (const args of [
      ["run", "--api-key", "k"],
      ["run", "--api-key=k"],
    ]) {
      expect(() => parseCommandLine(args)).toThrow(/shell history/);
    }
    expect(() => parseCommandLine(["run", "--no-comment"])).toThrow(/input of the GitHub Action/);
    expect(() => parseCommandLine(["run", "--concurency", "2"])).toThrow(UsageError);
  });

  it("says options where the action's messages say inputs", () => {
    expect(asOptions('input "poll-interval": "1x" must be a duration')).toBe(
      '--poll-interval: "1x" must be a duration',
    );
  });
});

describe("terminal text", () => {
  it("neutralises escape sequences and workflow commands from the API", () => {
    expect(terminalText("bad\u001b[2J\nfine\n::set-output name=x::y")).toBe(
      "bad?[2J\nfine\n| ::set-output name=x::y",
    );
  });
});

describe("resume plan", () => {
  it("follows pending ids only, and names the records it cannot collect", () => {
    const plan = resumePlan(
      [
        record("a", { status: "pending", taskId: "t-1" }),
        record("b", { status: "completed", taskId: "t-2" }),
        record("c", { status: "pending", taskId: null }),
        record("d", { status: "pending", taskId: "t-4", model: "gpt-4o" }),
      ],
      "results.json",
    );
    expect(plan.tasks.map((t) => t.name)).toEqual(["a"]);
    expect(plan.records).toHaveLength(4);
    expect(plan.unresumable.map((u) => u.name)).toEqual(["c", "d"]);
  });
});

describe("live view", () => {
  it("reads a task's phase from its record, a create in flight being no failure", () => {
    expect(phaseOf(record("a"))).toBe("queued");
    expect(phaseOf(record("a", { status: "failed", error: interruptedCreate }))).toBe("sending");
    expect(phaseOf(record("a", { status: "pending", taskId: "t" }))).toBe("running");
    expect(phaseOf(record("a", { status: "failed", error: "no", finishedAt: "x" }))).toBe("failed");
    expect(phaseOf(record("a", { status: "skipped", error: "not submitted: time ran out" }))).toBe("unsent");
  });

  it("prints one plain line per change it hears from the ledger", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "genmedia-view-"));
    const ledger = new Ledger(path.join(dir, "results.json"), [record("a"), record("b")]);
    const out = sink();
    const view = createView(out.stream, { live: false });
    view.watch(ledger, ["a", "b"]);
    ledger.update("a", { submittedAt: "now", error: null });
    ledger.update("a", { status: "pending", taskId: "t-1" });
    ledger.update("b", { status: "failed", error: "content policy", finishedAt: "now" });
    view.close();
    expect(out.text().split("\n")).toEqual([
      "2 tasks: 0 done already, 0 to re-attach, 2 to send",
      "a: running as task t-1",
      "b: failed: content policy",
      "",
    ]);
  });
});
