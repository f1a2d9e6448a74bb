/**
 * The fault matrix: the built action runs once per fault × stage (create, poll, download, artifact upload,
 * and a re-run on the same output-dir) on three image tasks, one of which (`target`) the fault aims at.
 * Every case checks the invariants of harness.ts and the outcome the design calls for. A case that shows a
 * bug in the action runs as `it.fails`, naming the bug. `UPDATE_FAULT_TABLE=1` writes the outcomes to
 * docs/faults.md; normal runs only assert. GENMEDIA_DIST=<file> tests another bundle than dist/index.js.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import pLimit from "p-limit";
import { afterAll, describe, expect, it } from "vitest";
import type { Scenario } from "../../simulator/scenario.ts";
import type { TaskStatus } from "../../src/run/record.ts";
import { commandPayload } from "../hostile/support/payloads.ts";
import { repoRoot } from "../support/action-runner.ts";
import type { ArtifactFault } from "../support/artifact-service.ts";
import {
  apiKey,
  type FailOn,
  hostileMarker,
  invariantViolations,
  markerOf,
  type PlannedTask,
  type RunOutcome,
  type RunSpec,
  runWithFaults,
  shortError,
} from "./harness.ts";
import { renderFaultTable, type TableRow } from "./table.ts";

type Stage = "create" | "poll" | "download" | "artifact upload" | "re-run";
type Fault = NonNullable<Scenario["faults"]>[number];

interface Case {
  stage: Stage;
  fault: string;
  scenario?: Scenario;
  artifacts?: { failWith?: ArtifactFault };
  failOn?: FailOn;
  inputs?: Record<string, string>;
  /** What the design calls for. `status` is the target's, or every task's with `everyTask`. */
  expect: {
    status: TaskStatus;
    error?: RegExp;
    /** Creates of the target that made a task; default 1. */
    creates?: number;
    /** Default: what fail-on's rule says (checked by the invariants in every case). */
    exit?: number;
    /** Says something about the run beyond the records (e.g. the summary names the upload failure). */
    also?: (outcome: RunOutcome) => void;
  };
  /** The expected status is every task's, not just the target's (default for the artifact stage). */
  everyTask?: boolean;
  /** Runs again on the same workspace and simulator afterwards (see RunSpec.reruns). */
  reruns?: RunSpec["reruns"];
  /** Point base-url at a closed port: no connection is ever made. */
  refused?: boolean;
  /** A route:kind the simulator must have recorded, proving the fault fired. */
  fired?: string;
  /** The case shows a bug in the action: it runs as `it.fails` and the table marks it. */
  bug?: string;
}

const tasks: PlannedTask[] = [
  { name: "target", model: "nano-banana-2", prompt: "TARGET: a red fox in the snow", marker: markerOf(0) },
  { name: "lighthouse", model: "nano-banana-2", prompt: "A lighthouse at dusk", marker: markerOf(1) },
  { name: "ramen", model: "nano-banana-2", prompt: "A bowl of ramen, top view", marker: markerOf(2) },
].map((t) => ({ ...t, prompt: `${t.prompt} ${t.marker}` }));

const aimed = { promptContains: "TARGET" };
const on = (route: Fault["route"], ...faults: Omit<Fault, "route">[]): Scenario => ({
  faults: faults.map((f) => ({ route, ...aimed, ...f }) as Fault),
});
const ending = (outcome: NonNullable<Scenario["outcomes"]>[number]): Scenario => ({ outcomes: [outcome] });
/** Simulated ms at the simulator's time scale of 1000: `realSeconds(3)` is 3 s of real time. */
const realSeconds = (s: number) => s * 1_000_000;

const lostAnswer = /answer was lost .*may exist and be billed, so it was not resubmitted/;
const resumable = /still running when the time budget ran out; task id <id> can be resumed/;
const expired = /answered HTTP (404|410): it has expired/;

const cases: Case[] = [
  // ── create ──────────────────────────────────────────────────────────────────────────────────────────
  {
    stage: "create",
    fault: "429 with `Retry-After: 1`, once",
    scenario: on("create", { status: 429, retryAfter: 1, times: 1 }),
    expect: { status: "completed" },
    fired: "create:status",
  },
  {
    stage: "create",
    fault: "429 without `Retry-After`, twice",
    scenario: on("create", { status: 429, times: 2 }),
    expect: { status: "completed" },
    fired: "create:status",
  },
  {
    stage: "create",
    fault: "429 on every attempt",
    scenario: on("create", { status: 429 }),
    expect: { status: "failed", error: /kept answering HTTP 429 .*nothing was created/, creates: 0 },
  },
  {
    stage: "create",
    fault: "503, twice",
    scenario: on("create", { status: 503, times: 2 }),
    expect: { status: "completed" },
    fired: "create:status",
  },
  {
    stage: "create",
    fault: "503 with `Retry-After: 1`, once",
    scenario: on("create", { status: 503, retryAfter: 1, times: 1 }),
    expect: { status: "completed" },
    fired: "create:status",
  },
  {
    stage: "create",
    fault: "500 (ambiguous: never retried)",
    scenario: on("create", { status: 500, times: 1 }),
    expect: {
      status: "failed",
      error: /answered HTTP 500 .*may exist and be billed, so it was not resubmitted/,
      creates: 0,
    },
  },
  {
    stage: "create",
    fault: "400 with a JSON body",
    scenario: on("create", { status: 400, body: { error: "prompt: mentions a trademark" } }),
    expect: {
      status: "failed",
      error: /rejected the request \(HTTP 400\).*mentions a trademark/,
      creates: 0,
    },
  },
  {
    stage: "create",
    fault: "400 with a JSON body, `fail-on: never`",
    scenario: on("create", { status: 400, body: { error: "prompt: mentions a trademark" } }),
    failOn: "never",
    expect: { status: "failed", error: /HTTP 400/, creates: 0, exit: 0 },
  },
  {
    stage: "create",
    fault: "401",
    scenario: on("create", { status: 401, body: { error: "invalid api key" } }),
    expect: { status: "failed", error: /refused the key \(HTTP 401\).*"api-key" input/, creates: 0 },
  },
  {
    stage: "create",
    fault: 'HTTP 200 with `code: "1001"` (business error)',
    scenario: on("create", { status: 200, body: { code: "1001", msg: "Insufficient balance", data: null } }),
    expect: { status: "failed", error: /refused the task \(code 1001\): Insufficient balance/, creates: 0 },
  },
  {
    stage: "create",
    fault: "HTTP 200 without a task id",
    scenario: on("create", { status: 200, body: { object: "image", status: "queued" } }),
    expect: { status: "failed", error: /answered without a task id/, creates: 0 },
  },
  {
    stage: "create",
    fault: "connection refused (closed port), every task",
    refused: true,
    everyTask: true,
    // Nothing was paid: skipped as not submitted (fails the step), so a resumed re-run sends it.
    expect: {
      status: "skipped",
      error: /^not submitted: could not connect to the API \(ECONNREFUSED\); nothing was sent/,
      creates: 0,
      exit: 1,
    },
  },
  {
    stage: "create",
    fault: "reset after the task was made",
    scenario: on("create", { kind: "reset" }),
    expect: { status: "failed", error: lostAnswer },
    fired: "create:reset",
  },
  {
    stage: "create",
    fault: "hang past the 1.5 s request timeout (task made)",
    scenario: on("create", { kind: "hang" }),
    expect: { status: "failed", error: lostAnswer },
    fired: "create:hang",
  },
  {
    stage: "create",
    fault: "malformed JSON (task made)",
    scenario: on("create", { kind: "malformed" }),
    expect: { status: "failed", error: /not JSON, so the task id is unknown and it was not resubmitted/ },
    fired: "create:malformed",
  },

  // ── poll ────────────────────────────────────────────────────────────────────────────────────────────
  {
    stage: "poll",
    fault: "429 with `Retry-After: 1`, once",
    scenario: on("poll", { status: 429, retryAfter: 1, times: 1 }),
    expect: { status: "completed" },
    fired: "poll:status",
  },
  {
    stage: "poll",
    fault: "429, three times",
    scenario: on("poll", { status: 429, times: 3 }),
    expect: { status: "completed" },
    fired: "poll:status",
  },
  {
    stage: "poll",
    fault: "503, three times",
    scenario: on("poll", { status: 503, times: 3 }),
    expect: { status: "completed" },
    fired: "poll:status",
  },
  {
    stage: "poll",
    fault: "500, three times",
    scenario: on("poll", { status: 500, times: 3 }),
    expect: { status: "completed" },
    fired: "poll:status",
  },
  {
    stage: "poll",
    fault: "500 on every poll, `timeout: 2s`",
    scenario: on("poll", { status: 500 }),
    inputs: { timeout: "2s" },
    expect: { status: "pending", error: resumable },
    fired: "poll:status",
  },
  {
    stage: "poll",
    fault: "401",
    scenario: on("poll", { status: 401 }),
    // Paid for: kept with its id for a re-run, not failed.
    expect: { status: "pending", error: /refused the key while polling \(HTTP 401\).*is kept/ },
  },
  {
    stage: "poll",
    fault: "reset, twice",
    scenario: on("poll", { kind: "reset", times: 2 }),
    expect: { status: "completed" },
    fired: "poll:reset",
  },
  {
    stage: "poll",
    fault: "hang past the 1.5 s request timeout, once",
    scenario: on("poll", { kind: "hang", times: 1 }),
    expect: { status: "completed" },
    fired: "poll:hang",
  },
  {
    stage: "poll",
    fault: "hang on every poll, `timeout: 2s`",
    scenario: on("poll", { kind: "hang" }),
    inputs: { timeout: "2s" },
    expect: { status: "pending", error: resumable },
    fired: "poll:hang",
  },
  {
    stage: "poll",
    fault: "malformed JSON, twice",
    scenario: on("poll", { kind: "malformed", times: 2 }),
    expect: { status: "completed" },
    fired: "poll:malformed",
  },
  {
    stage: "poll",
    fault: 'HTTP 200 envelope without a status (`{"code":500,"msg":"busy"}`), twice',
    scenario: on("poll", { status: 200, body: { code: 500, msg: "busy" }, times: 2 }),
    expect: { status: "completed" },
    fired: "poll:status",
  },
  {
    stage: "poll",
    fault: "upper-case statuses (`COMPLETED`), every poll",
    scenario: on("poll", { kind: "uppercase" }),
    expect: { status: "completed" },
  },
  {
    stage: "poll",
    fault: "numbers as strings, every poll",
    scenario: on("poll", { kind: "string-numbers" }),
    expect: { status: "completed" },
  },
  {
    stage: "poll",
    fault: "unknown status (`in_progress`), three times",
    scenario: on("poll", { kind: "unknown-status", times: 3 }),
    expect: {
      status: "completed",
      also: (o) => expect(o.run.stdout).toMatch(/unknown status "in_progress"; treating it as still running/),
    },
  },
  {
    stage: "poll",
    fault: "unknown status on every poll, `timeout: 2s`",
    scenario: on("poll", { kind: "unknown-status" }),
    inputs: { timeout: "2s" },
    expect: { status: "pending", error: resumable },
  },
  {
    stage: "poll",
    fault: "404 (task forgotten), twice",
    scenario: on("poll", { kind: "forget", times: 2 }),
    expect: { status: "completed" },
    fired: "poll:forget",
  },
  {
    stage: "poll",
    fault: "404 (task forgotten) on every poll",
    scenario: on("poll", { kind: "forget" }),
    expect: { status: "failed", error: /no longer knows task <id> \(HTTP 404 on every poll\)/ },
    fired: "poll:forget",
  },
  {
    stage: "poll",
    fault: "`completed` without a result URL",
    scenario: ending({ ...aimed, status: "completed", noUrl: true }),
    expect: { status: "failed", error: /completed without a result URL/ },
  },
  {
    stage: "poll",
    fault: "`failed` with an error text",
    scenario: ending({ ...aimed, status: "failed", error: "Content policy violation." }),
    expect: { status: "failed", error: /^Content policy violation\.$/ },
  },
  {
    stage: "poll",
    fault: "`failed` on every task, `fail-on: all`",
    scenario: ending({ status: "failed", error: "Upstream overloaded." }),
    everyTask: true,
    failOn: "all",
    expect: { status: "failed", error: /^Upstream overloaded\.$/, exit: 1 },
  },
  {
    stage: "poll",
    fault: "`cancelled`",
    scenario: ending({ ...aimed, status: "cancelled" }),
    expect: { status: "cancelled", error: /cancelled by the API/ },
  },

  // ── download (the result URL) ───────────────────────────────────────────────────────────────────────
  {
    stage: "download",
    fault: "reset before the headers, once",
    scenario: on("file", { kind: "reset", times: 1 }),
    expect: { status: "completed" },
    fired: "file:reset",
  },
  {
    stage: "download",
    fault: "truncated body (half the bytes, then close), once",
    scenario: on("file", { kind: "truncate", times: 1 }),
    expect: {
      status: "completed",
      also: (o) => {
        // The rest was fetched with a Range request, not from the start.
        const files = o.sim.requests.filter((r) => r.route === "file");
        expect(files.some((r) => /^bytes=\d+-/.test(String(r.headers.range)))).toBe(true);
      },
    },
    fired: "file:truncate",
  },
  {
    stage: "download",
    fault: "expired URL (404)",
    scenario: on("file", { kind: "expired", status: 404 }),
    expect: { status: "pending", error: expired },
    fired: "file:expired",
  },
  {
    stage: "download",
    fault: "expired URL (410), `fail-on: all`",
    scenario: on("file", { kind: "expired", status: 410 }),
    failOn: "all",
    expect: { status: "pending", error: expired, exit: 0 },
    fired: "file:expired",
  },
  {
    stage: "download",
    fault: "500, once",
    scenario: on("file", { status: 500, times: 1 }),
    expect: { status: "completed" },
    fired: "file:status",
  },
  {
    stage: "download",
    fault: "HTTP 200 with a JSON error body",
    scenario: on("file", { status: 200, body: { error: "AccessDenied" } }),
    expect: { status: "pending", error: /returned application\/json instead of media.*is kept/ },
    fired: "file:status",
  },
  {
    stage: "download",
    fault: "HTTP 200 with a text/plain error page",
    scenario: on("file", { status: 200, body: "Access denied by the CDN" }),
    expect: { status: "pending", error: /text\/plain.*is kept/ },
    fired: "file:status",
  },
  {
    stage: "download",
    fault: "3 s delay (past the 1.5 s request timeout), once",
    scenario: on("file", { kind: "delay", delayMs: realSeconds(3), times: 1 }),
    expect: { status: "completed" },
  },
  {
    stage: "download",
    fault: "hang past the 1.5 s request timeout, once",
    scenario: on("file", { kind: "hang", times: 1 }),
    expect: { status: "completed" },
    fired: "file:hang",
  },

  // ── hostile text: every invariant also checks that the key and commands never reach the runner ─────
  {
    stage: "poll",
    fault: "failed, its error echoing the key and carrying workflow commands",
    scenario: ending({
      ...aimed,
      status: "failed",
      error: `bad key ${apiKey}\n${commandPayload(hostileMarker)}`,
    }),
    expect: { status: "failed", error: /^bad key \*\*\* before ::set-output/ },
  },
  {
    stage: "poll",
    fault: "a status string carrying workflow commands, three times",
    scenario: on("poll", { status: 200, body: { status: commandPayload(hostileMarker) }, times: 3 }),
    expect: { status: "completed" },
    fired: "poll:status",
  },
  {
    stage: "create",
    fault: "400 echoing the key and carrying workflow commands",
    scenario: on("create", { status: 400, body: { error: `${apiKey}\n${commandPayload(hostileMarker)}` } }),
    expect: { status: "failed", error: /HTTP 400.*\*\*\*/, creates: 0 },
  },

  // ── re-run (a later run on the same output-dir: resume is on by default) ──────────────────────────────
  {
    stage: "re-run",
    fault: "after a complete run",
    reruns: [{}],
    everyTask: true,
    expect: { status: "completed", exit: 0 },
  },
  {
    stage: "re-run",
    fault: "after a create reset (answer lost)",
    scenario: on("create", { kind: "reset" }),
    reruns: [{}],
    expect: { status: "failed", error: lostAnswer },
  },
  {
    stage: "re-run",
    fault: "after polls failed (500) until `timeout: 2s`; the API has recovered",
    scenario: on("poll", { status: 500 }),
    inputs: { timeout: "2s" },
    reruns: [{ scenario: {} }],
    expect: { status: "completed", exit: 0 },
  },
  {
    stage: "re-run",
    fault: "with `skip-existing: true` after a complete run",
    reruns: [{ inputs: { "skip-existing": "true" } }],
    everyTask: true,
    expect: { status: "skipped", exit: 0 },
  },

  // ── artifact upload ─────────────────────────────────────────────────────────────────────────────────
  ...(
    [
      ["none (the upload works)", undefined, 0, /./],
      ["quota (insufficient usage)", "quota", 1, /storage quota of this account has been hit/],
      ["too many artifacts", "too-many", 1, /too many|limit/i],
      ["409 conflict (name exists)", "conflict", 1, /already exists/],
      ["403 on finalize", "finalize", 1, /FinalizeArtifact|finaliz/i],
      ["403 on every blob upload", "blob", 1, /failed: \S.*(403|blob|storage)/i],
    ] as const
  ).map(
    ([fault, failWith, exit, message]): Case => ({
      stage: "artifact upload",
      fault,
      artifacts: { failWith },
      expect: {
        status: "completed",
        exit,
        also: (o) => {
          if (failWith === undefined) {
            expect(o.uploadFailed).toBe(false);
            return;
          }
          expect(o.uploadFailed).toBe(true);
          expect(o.run.summary).toMatch(/upload of artifact "generated-media" failed/);
          expect(uploadError(o)).toMatch(message);
          expect(o.run.stdout).not.toMatch(/\n\s+at .*\.js:\d+/);
        },
      },
    }),
  ),
  {
    stage: "artifact upload",
    fault: "quota, `fail-on: never`",
    artifacts: { failWith: "quota" },
    failOn: "never",
    expect: { status: "completed", exit: 1 },
  },
];

/** The step's failure message about the upload, from the log's `::error::` lines. */
function uploadError(outcome: RunOutcome): string {
  const lines = outcome.run.stdout.split("\n").filter((l) => l.startsWith("::error::"));
  return lines.find((l) => /artifact/i.test(l))?.replace(/^::error::/, "") ?? "";
}

const rows = new Map<number, TableRow>();
const limit = pLimit(3);

describe.concurrent("fault matrix: the built action through every fault at every stage", () => {
  afterAll(() => {
    if (process.env.UPDATE_FAULT_TABLE !== "1") return;
    const ordered = cases.flatMap((_, i) => (rows.has(i) ? [rows.get(i) as TableRow] : []));
    writeFileSync(path.join(repoRoot, "docs/faults.md"), renderFaultTable(ordered));
    const seconds = ordered.map((r) => `${r.seconds.toFixed(1)}s ${r.stage}: ${r.fault}`);
    console.log(`fault matrix run times:\n${seconds.join("\n")}`);
  });

  for (const [index, c] of cases.entries()) {
    const title = `${c.stage}: ${c.fault} → ${c.expect.status}`;
    const test = c.bug ? it.fails : it;
    test(title, { timeout: 120_000 }, async () => {
      const outcome = await limit(() =>
        runWithFaults({
          tasks,
          scenario: c.scenario,
          artifacts: c.artifacts,
          failOn: c.failOn,
          inputs: c.inputs,
          refused: c.refused,
          reruns: c.reruns,
        }),
      );
      const violations = invariantViolations(outcome);
      const target = outcome.records.find((r) => r.name === "target");
      const ids = outcome.sim.tasks.map((t) => t.id);
      const allTasks = c.stage === "artifact upload" || c.everyTask === true;
      const affected = allTasks ? outcome.records : target ? [target] : [];
      const statusOk = affected.length > 0 && affected.every((r) => r.status === c.expect.status);
      const errorOk =
        c.expect.error === undefined || c.expect.error.test(shortError(target?.error ?? "", ids, 1e6));
      const createsOk = (outcome.createsByName.get("target") ?? 0) === (c.expect.creates ?? 1);
      const exitOk = c.expect.exit === undefined || outcome.run.code === c.expect.exit;
      let alsoOk = true;
      try {
        c.expect.also?.(outcome);
      } catch {
        alsoOk = false;
      }
      const firedOk =
        c.fired === undefined || outcome.sim.requests.some((r) => `${r.route}:${r.fault}` === c.fired);
      rows.set(index, {
        stage: c.stage,
        fault: c.fault,
        outcome: describeOutcome(c, outcome, ids),
        exit: outcome.run.code,
        creates: `${outcome.createsByName.get("target") ?? 0} (${[...outcome.createsByName.values()].reduce((a, b) => a + b, 0)} in all)`,
        invariants: violations.map((v) => shortError(v, ids, 1e6)),
        asDesigned: statusOk && errorOk && createsOk && exitOk && alsoOk && firedOk,
        bug: c.bug,
        seconds: outcome.elapsedMs / 1000,
      });

      expect(violations, "invariants").toEqual([]);
      expect(
        affected.map((r) => `${r.name}: ${r.status}`),
        "status",
      ).toEqual(affected.map((r) => `${r.name}: ${c.expect.status}`));
      if (c.expect.error) expect(shortError(target?.error ?? "", ids, 1e6)).toMatch(c.expect.error);
      if (!allTasks) {
        for (const other of outcome.records.filter((r) => r.name !== "target")) {
          expect(`${other.name}: ${other.status}`, "the other tasks are unaffected").toBe(
            `${other.name}: completed`,
          );
        }
      }
      expect(outcome.createsByName.get("target") ?? 0, "creates of the target").toBe(c.expect.creates ?? 1);
      if (c.expect.exit !== undefined) expect(outcome.run.code, "exit code").toBe(c.expect.exit);
      if (c.fired) expect(outcome.sim.requests.map((r) => `${r.route}:${r.fault}`)).toContain(c.fired);
      c.expect.also?.(outcome);
      expect(outcome.run.stderr).toBe("");
    });
  }
});

function describeOutcome(c: Case, outcome: RunOutcome, ids: readonly string[]): string {
  if (c.stage === "artifact upload") {
    const done = outcome.records.filter((r) => r.status === "completed").length;
    const upload = outcome.uploadFailed
      ? `upload failed: ${shortError(uploadError(outcome), ids, 150)}`
      : "uploaded";
    return `${done}/${outcome.records.length} completed; ${upload}`;
  }
  const target = outcome.records.find((r) => r.name === "target");
  if (!target) return "(no record)";
  const error = shortError(target.error, ids, 170);
  return error ? `${target.status}: ${error}` : target.status;
}
