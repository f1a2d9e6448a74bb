/**
 * Property-based tests (fast-check) of the invariants of test/faults/harness.ts (issue 5, item 6):
 *
 * 1. In process, many runs: the response parsers never throw on any JSON and read every documented shape,
 *    and resuming never turns a task that was paid for back into a fresh submit.
 * 2. The built action, a couple of dozen runs: random manifests (1–6 tasks of several families, some prompts
 *    that make the simulator fail, cancel, drop the URL or never finish) × random fault lists on every
 *    route × a random `fail-on`, concurrency, artifact fault and, sometimes, a second run on the same
 *    output-dir; after each run every invariant must hold (no task created twice counts both runs).
 *
 * The seed is fixed so a failure reproduces; FC_SEED and FC_RUNS explore further, FC_VERBOSE=1 prints each
 * run (e.g. `FC_SEED=7 FC_RUNS=60 FC_VERBOSE=1 npx vitest run test/property`).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Scenario } from "../../simulator/scenario.ts";
import { parseCreateResponse, parsePollResponse } from "../../src/models/answers.ts";
import { findFamily } from "../../src/models/registry.ts";
import { hashInputs, type Task } from "../../src/plan/tasks.ts";
import { type TaskRecord, taskStatuses } from "../../src/run/record.ts";
import { freshRecord, startingPoint, startingRecords } from "../../src/run/resume.ts";
import {
  type FailOn,
  invariantViolations,
  markerOf,
  type PlannedTask,
  runWithFaults,
} from "../faults/harness.ts";
import type { ArtifactFault } from "../support/artifact-service.ts";

const seed = Number(process.env.FC_SEED) || 20261125;
const actionRuns = Number(process.env.FC_RUNS) || 16;

// ── 1. In process ─────────────────────────────────────────────────────────────────────────────────────

const knownStatuses: Record<string, string> = {
  queued: "queued",
  processing: "processing",
  completed: "completed",
  succeeded: "completed",
  success: "completed",
  failed: "failed",
  error: "failed",
  cancelled: "cancelled",
  canceled: "cancelled",
};

/** A status written as some API revision might: any case, padded with spaces. */
const statusSpelling = fc
  .tuple(
    fc.constantFrom(...Object.keys(knownStatuses)),
    fc.array(fc.boolean(), { minLength: 9, maxLength: 9 }),
  )
  .chain(([status, upper]) =>
    fc.tuple(fc.constant(status), fc.constantFrom("", " ", "  "), fc.constant(upper)).map(([s, pad, u]) => ({
      status: s,
      written: `${pad}${[...s].map((ch, i) => (u[i] ? ch.toUpperCase() : ch)).join("")}${pad}`,
    })),
  );

/** Either kind of id the API sends: a non-blank string or a number. */
const taskId = fc.oneof(
  fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== ""),
  fc.integer({ min: 0, max: 2 ** 40 }),
);

describe("the response parsers", () => {
  it("never throw on any JSON value, and answer an id or an error sentence", () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.anything()), (json) => {
        const create = parseCreateResponse(json);
        if (create.ok) expect(create.taskId.trim()).not.toBe("");
        else expect(create.error.length).toBeGreaterThan(0);
        const poll = parsePollResponse(json);
        if (poll !== undefined) {
          expect(["queued", "processing", "completed", "failed", "cancelled", "running"]).toContain(
            poll.status,
          );
          if (poll.url !== undefined) expect(poll.url.trim()).not.toBe("");
        }
      }),
      { seed, numRuns: 2000 },
    );
  });

  it("find the task id in either create shape, and refuse a non-zero code whatever else the body says", () => {
    fc.assert(
      fc.property(
        taskId,
        fc.constantFrom("A", "B-projectId", "B-id", "task_id"),
        fc.option(fc.constantFrom(0, "0", 200, "200"), { nil: undefined }),
        fc.dictionary(fc.constantFrom("object", "created", "model", "status", "msg"), fc.jsonValue()),
        (id, shape, code, noise) => {
          const body: Record<string, unknown> = { ...noise };
          if (shape === "A") body.id = id;
          if (shape === "B-projectId") body.data = { projectId: id };
          if (shape === "B-id") body.data = { id };
          if (shape === "task_id") body.task_id = id;
          if (code !== undefined) body.code = code;
          expect(parseCreateResponse(body)).toMatchObject({ ok: true, taskId: String(id) });
          const refused = parseCreateResponse({ ...body, code: "1001", msg: "Insufficient balance" });
          expect(refused).toMatchObject({ ok: false });
          expect(refused.ok ? "" : refused.error).toMatch(/code 1001.*Insufficient balance/);
        },
      ),
      { seed, numRuns: 500 },
    );
  });

  it("read a status in any case and padding, and keep any other status running", () => {
    fc.assert(
      fc.property(statusSpelling, fc.string(), fc.jsonValue(), ({ status, written }, other, extra) => {
        expect(parsePollResponse({ status: written, extra })?.status).toBe(knownStatuses[status]);
        const unknown = other.trim().toLowerCase() in knownStatuses ? "in_progress" : other;
        expect(parsePollResponse({ status: unknown })).toMatchObject({
          status: "running",
          rawStatus: unknown,
        });
      }),
      { seed, numRuns: 500 },
    );
  });
});

const family = findFamily("nano-banana-2");
function task(name: string, prompt: string): Task {
  if (!family) throw new Error("nano-banana-2 is not in the registry");
  const body = { model: "nano-banana-2", prompt };
  return {
    name,
    model: "nano-banana-2",
    family,
    kind: "image",
    endpoint: family.createPath,
    body,
    inputHash: hashInputs("nano-banana-2", family.createPath, body),
    selected: true,
    origin: "test",
  };
}

/**
 * An earlier run's record of `t`, in any state, for the same inputs or (sometimes) other ones. A `skipped`
 * record has a task id and a file only after a `skip-existing` run kept an unchanged task (`skippedWithId`).
 */
const earlierRecord = (t: Task, skippedWithId: boolean) =>
  fc
    .record({
      status: fc.constantFrom(...taskStatuses),
      taskId: fc.option(fc.string({ minLength: 1, maxLength: 12 }), { nil: null }),
      withFile: fc.boolean(),
      sameInputs: fc.boolean(),
      sameModel: fc.boolean(),
      error: fc.option(fc.string(), { nil: null }),
    })
    .map((r): TaskRecord => {
      const plainSkip = r.status === "skipped" && !skippedWithId;
      return {
        ...freshRecord(t),
        status: r.status,
        taskId: plainSkip ? null : r.taskId,
        model: r.sameModel ? t.model : "gpt-image-2",
        inputHash: r.sameInputs ? t.inputHash : "0".repeat(64),
        submittedAt: r.taskId ? "2026-11-25T10:00:00.000Z" : null,
        file:
          r.withFile && !plainSkip
            ? {
                path: `generated-media/${t.name}.png`,
                bytes: 3,
                sha256: "a".repeat(64),
                contentType: "image/png",
              }
            : null,
        error: r.error,
      };
    });

/** With resume on, a task an earlier run paid for (or may have: a lost create answer) is never sent again. */
function neverPaysTwice(skipExisting: fc.Arbitrary<boolean>, skippedWithId: boolean) {
  const tasks = ["a", "b", "c", "d", "e"].map((n) => task(n, `prompt ${n}`));
  return fc.property(
    fc.tuple(...tasks.map((t) => fc.option(earlierRecord(t, skippedWithId), { nil: undefined }))),
    fc.func(fc.boolean()),
    fc.shuffledSubarray(tasks),
    skipExisting,
    (earlier, intact, planned, skip) => {
      const previous = earlier.filter((r): r is TaskRecord => r !== undefined);
      const records = startingRecords(planned, previous, (file) => intact(file.path), {
        resume: true,
        skipExisting: skip,
      });
      expect(records.map((r) => r.name)).toEqual(planned.map((t) => t.name));
      for (const record of records) {
        const before = previous.find((r) => r.name === record.name);
        const point = startingPoint(record);
        if (point === "follow") expect(record.taskId).not.toBeNull();
        const sameTask =
          before !== undefined &&
          before.inputHash === tasks.find((t) => t.name === record.name)?.inputHash &&
          before.model === "nano-banana-2";
        if (!sameTask) {
          expect(point).toBe("submit");
          continue;
        }
        if (before.taskId !== null) {
          expect(point, `${before.status} with an id, skip-existing ${skip}`).not.toBe("submit");
          expect(record.taskId).toBe(before.taskId);
        }
        if (before.status === "failed" || before.status === "cancelled") {
          expect(point, `${before.status}, skip-existing ${skip}`).not.toBe("submit");
        }
        if (before.file && intact(before.file.path) && ["completed", "skipped"].includes(before.status)) {
          expect(point, `${before.status} with an intact file, skip-existing ${skip}`).toBe("done");
        }
      }
    },
  );
}

describe("resuming from an earlier record (startingRecords, startingPoint)", () => {
  it("never sends a task again that an earlier run paid for, or may have", () => {
    fc.assert(neverPaysTwice(fc.constant(false), false), { seed, numRuns: 1000 });
  });

  it("never sends a task again with skip-existing, or after a skip-existing run", () => {
    fc.assert(neverPaysTwice(fc.boolean(), true), { seed, numRuns: 1000 });
  });
});

// ── 2. The built action ───────────────────────────────────────────────────────────────────────────────

type Fault = NonNullable<Scenario["faults"]>[number];

/** Models with the fields each needs to plan; the simulator validates them too. */
const modelChoices: { model: string; kind: string; fields?: Record<string, unknown> }[] = [
  { model: "nano-banana-2", kind: "image" },
  { model: "gpt-image-2", kind: "image", fields: { aspect_ratio: "16:9", resolution: "2k" } },
  { model: "soundCloningAudio", kind: "audio", fields: { params: { modelId: "voice-123" } } },
  { model: "veo_3_1_fast", kind: "video", fields: { aspect_ratio: "16:9" } },
  { model: "gpt-5.4", kind: "text" },
];

/** Words in a prompt that make the simulator end a task otherwise (see `outcomes`). */
const triggers = ["FAIL", "CANCEL", "NOURL", "SLOW"] as const;
const outcomes: NonNullable<Scenario["outcomes"]> = [
  { promptContains: "FAIL", status: "failed", error: "Content policy violation." },
  { promptContains: "CANCEL", status: "cancelled" },
  { promptContains: "NOURL", status: "completed", noUrl: true },
  { promptContains: "SLOW", status: "processing" },
];

const taskName = fc.stringMatching(/^[A-Za-z0-9._-]{1,16}$/).filter((n) => n !== "." && n !== "..");

const plannedTasks = fc
  .uniqueArray(
    fc.record({
      name: taskName,
      model: fc.constantFrom(...modelChoices),
      words: fc.constantFrom(
        "a red fox",
        "a lighthouse at dusk",
        "rain on a window",
        "welcome to the release",
      ),
      trigger: fc.oneof(
        { weight: 5, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.constantFrom(...triggers) },
      ),
    }),
    { minLength: 1, maxLength: 6, selector: (t) => t.name },
  )
  .map((list) =>
    list.map(
      (t, i): PlannedTask => ({
        name: t.name,
        model: t.model.model,
        marker: markerOf(i),
        prompt: `${t.words}${t.trigger ? ` ${t.trigger}` : ""} ${markerOf(i)}`,
        fields: t.model.fields,
      }),
    ),
  );

/** Fault kinds per route, with the costly ones (hang, file retries) kept to one or two hits. */
const faultOn = (route: Fault["route"]): fc.Arbitrary<Omit<Fault, "times" | "after" | "promptContains">> => {
  const common = [
    fc.constant({ route, kind: "reset" as const }),
    fc.constant({ route, kind: "hang" as const }),
    fc.integer({ min: 50_000, max: 300_000 }).map((delayMs) => ({ route, kind: "delay" as const, delayMs })),
  ];
  if (route === "create") {
    return fc.oneof(
      ...common,
      fc.constantFrom(400, 401, 429, 500, 502, 503).map((status) => ({ route, status })),
      fc.constant({ route, status: 429, retryAfter: 1 }),
      fc.constant({ route, status: 200, body: { code: "1001", msg: "Insufficient balance" } }),
      fc.constantFrom("malformed", "uppercase", "string-numbers").map((kind) => ({ route, kind })),
    );
  }
  if (route === "poll") {
    return fc.oneof(
      ...common,
      fc.constantFrom(401, 429, 500, 502, 503).map((status) => ({ route, status })),
      fc
        .constantFrom("malformed", "uppercase", "string-numbers", "forget", "unknown-status")
        .map((kind) => ({ route, kind })),
    );
  }
  return fc.oneof(
    ...common,
    fc.constantFrom(500, 503).map((status) => ({ route, status })),
    fc.constant({ route, kind: "truncate" as const }),
    fc.constantFrom(404, 410).map((status) => ({ route, kind: "expired" as const, status })),
  );
};

const faultList = (count: number) =>
  fc.array(
    fc
      .record({
        fault: fc.constantFrom("create", "poll", "file").chain((route) => faultOn(route as Fault["route"])),
        times: fc.integer({ min: 1, max: 3 }),
        after: fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }),
        aimedAt: fc.option(fc.nat({ max: count - 1 }), { nil: undefined }),
      })
      .map(({ fault, times, after, aimedAt }): Fault => {
        const costly = fault.kind === "hang" || fault.route === "file";
        return {
          ...fault,
          times: costly ? Math.min(times, fault.kind === "hang" ? 1 : 2) : times,
          ...(after !== undefined && { after }),
          ...(aimedAt !== undefined && { promptContains: markerOf(aimedAt) }),
        } as Fault;
      }),
    { maxLength: 4 },
  );

/**
 * A second run on the same output-dir (resume is on by default), with the same faults still counting or
 * with the API recovered. `skip-existing: true` belongs here too, but it resubmits every unchanged task
 * today (the fault matrix's "re-run with skip-existing" case, marked as a bug); add
 * `{ inputs: { "skip-existing": "true" } }` once that is fixed.
 */
const rerun = fc.oneof(
  { weight: 3, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.constantFrom({}, { scenario: { outcomes } }) },
);

const runSpec = plannedTasks.chain((tasks) =>
  fc.record({
    tasks: fc.constant(tasks),
    rerun,
    faults: faultList(tasks.length),
    failOn: fc.constantFrom<FailOn>("any", "all", "never"),
    concurrency: fc.integer({ min: 1, max: 4 }),
    artifacts: fc.oneof(
      { weight: 3, arbitrary: fc.constant(undefined) },
      {
        weight: 1,
        arbitrary: fc
          .constantFrom<ArtifactFault | undefined>(
            undefined,
            "quota",
            "too-many",
            "conflict",
            "finalize",
            "blob",
          )
          .map((failWith) => ({ failWith })),
      },
    ),
  }),
);

describe("the built action under random manifests and random faults", () => {
  it("keeps every invariant: each task once, none created twice, files intact, exit code per fail-on", {
    timeout: 300_000,
  }, async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(runSpec, async (spec) => {
        runs++;
        const slow = spec.tasks.some((t) => t.prompt.includes("SLOW"));
        const outcome = await runWithFaults({
          tasks: spec.tasks,
          scenario: { outcomes, faults: spec.faults },
          artifacts: spec.artifacts,
          failOn: spec.failOn,
          inputs: { concurrency: String(spec.concurrency), ...(slow && { timeout: "2500ms" }) },
          requestTimeoutMs: 1000,
          reruns: spec.rerun ? [spec.rerun] : [],
        });
        const problems = invariantViolations(outcome);
        if (process.env.FC_VERBOSE) {
          const faults = spec.faults.map((f) => `${f.route}:${f.kind ?? f.status}×${f.times}`).join(",");
          const statuses = outcome.records.map((r) => `${r.name}=${r.status}`).join(" ");
          console.log(
            `run ${runs}: [${faults}] fail-on ${spec.failOn}, ${spec.artifacts ? `artifact ${spec.artifacts.failWith ?? "ok"}` : "no artifact"}${spec.rerun ? ", re-run" : ""} → exit ${outcome.run.code}: ${statuses} (${outcome.elapsedMs} ms)`,
          );
        }
        for (const record of outcome.records) {
          const planned = spec.tasks.find((t) => t.name === record.name);
          if (!planned || record.kind === "text") continue;
          const trigger = triggers.find((word) => planned.prompt.includes(word));
          if (record.status === "completed" && trigger) {
            problems.push(`task ${record.name} completed though the API was told to end it with ${trigger}`);
          }
          if (record.status === "cancelled" && trigger !== "CANCEL") {
            problems.push(`task ${record.name} was cancelled though nothing cancelled it`);
          }
        }
        const calm =
          spec.faults.length === 0 &&
          !spec.artifacts?.failWith &&
          spec.tasks.every((t) => !/[A-Z]{4}/.test(t.prompt));
        if (calm && outcome.records.some((r) => r.status !== "completed")) {
          problems.push("with no fault and no trigger, every task should complete");
        }
        if (problems.length > 0) {
          throw new Error(
            `${problems.join("\n")}\nlog:\n${outcome.run.stdout.split("\n").slice(-30).join("\n")}`,
          );
        }
      }),
      { seed, numRuns: actionRuns, endOnFailure: true },
    );
    expect(runs).toBe(actionRuns);
  });
});
