import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AmbiguousCreateError } from "../../src/api/errors.ts";
import type { PollResult } from "../../src/models/answers.ts";
import { polledFamily } from "../../src/models/family.ts";
import { fixedInterval } from "../../src/models/polling.ts";
import { findFamily } from "../../src/models/registry.ts";
import { hashInputs, type Task } from "../../src/plan/tasks.ts";
import { Deadline, systemClock } from "../../src/run/clock.ts";
import { Ledger } from "../../src/run/ledger.ts";
import type { TaskRecord } from "../../src/run/record.ts";
import { type FileFetcher, type Logger, runTasks, type TaskApi } from "../../src/run/scheduler.ts";

function task(name: string, model = "nano-banana-2"): Task {
  const family = findFamily(model);
  if (!family) throw new Error(model);
  const body = { model, prompt: name };
  return {
    name,
    model,
    family,
    kind: family.kind,
    endpoint: family.createPath,
    body,
    inputHash: hashInputs(model, family.createPath, body),
    selected: true,
    origin: "test",
  };
}

/** The task with its family's documented poll interval set to `ms`, as a faster family would document it. */
function polledEvery(t: Task, ms: number): Task {
  const family = polledFamily(t.family);
  return { ...t, family: { ...family, polling: { ...family.polling, interval: fixedInterval(ms) } } };
}

function record(t: Task): TaskRecord {
  return {
    name: t.name,
    model: t.model,
    kind: t.kind,
    status: "skipped",
    taskId: null,
    submittedAt: null,
    finishedAt: null,
    file: null,
    inputHash: t.inputHash,
    error: "not submitted yet",
  };
}

/** A fake API where each task needs `polls` polls to complete, counting tasks in flight. */
function fakeApi(polls: number, outcome: (name: string) => Partial<PollResult> = () => ({})) {
  let inFlight = 0;
  let maxInFlight = 0;
  const remaining = new Map<string, number>();
  const pollTimes = new Map<string, number[]>();
  const api: TaskApi = {
    async createTask(_endpoint, body) {
      const id = `id-${(body as { prompt: string }).prompt}`;
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      remaining.set(id, polls);
      return { taskId: id };
    },
    async pollTask(_polling, taskId) {
      pollTimes.set(taskId, [...(pollTimes.get(taskId) ?? []), Date.now()]);
      const left = (remaining.get(taskId) ?? 0) - 1;
      remaining.set(taskId, left);
      if (left > 0) return { status: "processing", rawStatus: "processing" };
      inFlight--;
      return {
        status: "completed",
        rawStatus: "completed",
        url: `https://cdn.example/${taskId}.png`,
        ...outcome(taskId.slice(3)),
      };
    },
    async completeText(_endpoint, body, answerOf) {
      const prompt = (body as { messages: { content: string }[] }).messages[0]?.content;
      return {
        id: `chat-${prompt}`,
        text: answerOf({ choices: [{ message: { content: `answer to ${prompt}` } }] }) ?? "",
      };
    },
  };
  return { api, maxInFlight: () => maxInFlight, pollTimes };
}

const files: FileFetcher = {
  async download(url, dir, stem) {
    return {
      absolutePath: path.join(dir, `${stem}.png`),
      bytes: url.length,
      sha256: "0".repeat(64),
      contentType: "image/png",
    };
  },
  async saveText(text, dir, stem) {
    return {
      absolutePath: path.join(dir, `${stem}.md`),
      bytes: text.length,
      sha256: "1".repeat(64),
      contentType: "text/markdown",
    };
  },
};

function setup(tasks: Task[], budgetMs = 10_000) {
  const dir = mkdtempSync(path.join(tmpdir(), "genmedia-sched-"));
  const ledger = new Ledger(path.join(dir, "out/results.json"), tasks.map(record));
  const lines: string[] = [];
  const log: Logger = {
    info: (l) => lines.push(l),
    warning: (l) => lines.push(l),
    group: (t, ls) => lines.push(t, ...ls),
  };
  return { dir, ledger, lines, log, deadline: new Deadline(systemClock, budgetMs) };
}

describe("scheduler", () => {
  it("never has more than `concurrency` tasks in flight and completes them all", async () => {
    const tasks = Array.from({ length: 12 }, (_, i) => task(`t${i}`));
    const { api, maxInFlight } = fakeApi(3);
    const { dir, ledger, deadline, lines, log } = setup(tasks);
    const records = await runTasks(tasks, {
      api,
      files,
      ledger,
      deadline,
      clock: systemClock,
      log,
      concurrency: 3,
      pollInterval: fixedInterval(5),
      outputDir: path.join(dir, "out"),
      workspace: dir,
    });
    expect(maxInFlight()).toBe(3);
    expect(records.every((r) => r.status === "completed" && r.taskId === `id-${r.name}`)).toBe(true);
    expect(records[0]?.file?.path).toBe("out/t0.png");
    expect(lines.at(-1)).toMatch(/^progress: 12 done, 0 running, 0 queued, 0 failed, elapsed/);
    // The ledger on disk is the same as what was returned.
    expect(JSON.parse(readFileSync(ledger.file, "utf8")).tasks).toEqual(records);
  });

  it("polls each family at its own interval", async () => {
    const tasks = [
      polledEvery(task("clip", "veo_3_1_fast"), 120),
      polledEvery(task("pic", "nano-banana-2"), 20),
    ];
    const { api, pollTimes } = fakeApi(4);
    const { dir, ledger, deadline, log } = setup(tasks);
    await runTasks(tasks, {
      api,
      files,
      ledger,
      deadline,
      clock: systemClock,
      log,
      concurrency: 2,
      outputDir: dir,
      workspace: dir,
    });
    const gaps = (id: string) =>
      (pollTimes.get(id) ?? []).slice(1).map((t, i) => t - (pollTimes.get(id)?.[i] ?? 0));
    expect(Math.min(...gaps("id-clip"))).toBeGreaterThanOrEqual(100);
    expect(Math.max(...gaps("id-pic"))).toBeLessThan(100);
  });

  it("records an ambiguous create as failed without a retry, and a failure with the API's text", async () => {
    const tasks = [task("lost"), task("bad"), task("good")];
    const fake = fakeApi(1, (name) =>
      name === "bad" ? { status: "failed", rawStatus: "failed", error: "policy" } : {},
    );
    let creates = 0;
    const api: TaskApi = {
      createTask: async (endpoint, body, signal) => {
        creates++;
        if ((body as { prompt: string }).prompt === "lost") throw new AmbiguousCreateError("answer lost");
        return fake.api.createTask(endpoint, body, signal);
      },
      pollTask: fake.api.pollTask,
      completeText: fake.api.completeText,
    };
    const { dir, ledger, deadline, log } = setup(tasks);
    const records = await runTasks(tasks, {
      api,
      files,
      ledger,
      deadline,
      clock: systemClock,
      log,
      concurrency: 3,
      pollInterval: fixedInterval(5),
      outputDir: dir,
      workspace: dir,
    });
    expect(creates).toBe(3);
    expect(records.map((r) => [r.name, r.status, r.error])).toEqual([
      ["lost", "failed", "answer lost"],
      ["bad", "failed", "policy"],
      ["good", "completed", null],
    ]);
  });

  it("skips a task whose family usually takes longer than the time left, without submitting it", async () => {
    const tasks = [task("clip", "veo_3_1_fast")];
    const { api } = fakeApi(1);
    const { dir, ledger, deadline, log } = setup(tasks, 5_000);
    const records = await runTasks(tasks, {
      api,
      files,
      ledger,
      deadline,
      clock: systemClock,
      log,
      concurrency: 1,
      pollInterval: fixedInterval(5),
      outputDir: dir,
      workspace: dir,
    });
    expect(records[0]).toMatchObject({ status: "skipped", taskId: null });
    expect(records[0]?.error).toMatch(/^not submitted: 5s was left and VEO usually takes at least 2m/);
  });

  it("answers a text task in one request, without polling, into <name>.md", async () => {
    const family = findFamily("gpt-5.4");
    if (!family) throw new Error("gpt-5.4");
    const body = family.buildBody({ model: "gpt-5.4", common: { prompt: "release notes" }, params: {} });
    const textTask: Task = { ...task("notes", "gpt-5.4"), body };
    const { api, pollTimes } = fakeApi(1);
    const { dir, ledger, deadline, log } = setup([textTask]);
    const [result] = await runTasks([textTask], {
      api,
      files,
      ledger,
      deadline,
      clock: systemClock,
      log,
      concurrency: 1,
      pollInterval: fixedInterval(5),
      outputDir: dir,
      workspace: dir,
    });
    expect(result).toMatchObject({
      status: "completed",
      taskId: "chat-release notes",
      kind: "text",
      file: { path: "notes.md", contentType: "text/markdown" },
    });
    expect(pollTimes.size).toBe(0);
  });

  it("rewrites results.json a handful of times at scale, and leaves it complete at the end", async () => {
    const tasks = Array.from({ length: 3000 }, (_, i) => task(`t${i}`));
    const { api } = fakeApi(1);
    const { dir, ledger, deadline, log } = setup(tasks);
    const before = ledger.writes;
    const records = await runTasks(tasks, {
      api,
      files,
      ledger,
      deadline,
      clock: systemClock,
      log,
      concurrency: 64,
      pollInterval: fixedInterval(1),
      outputDir: dir,
      workspace: dir,
    });
    expect(records.every((r) => r.status === "completed")).toBe(true);
    // About four changes per task, each appended to the journal; results.json is rewritten only when the
    // journal has grown as large as it.
    expect(ledger.writes - before).toBeLessThan(10);
    expect(ledger.appends).toBeLessThanOrEqual(tasks.length * 5);
    expect(JSON.parse(readFileSync(ledger.file, "utf8")).tasks).toEqual(records);
  });
});

describe("prerequisites", () => {
  it("holds a task until another task of the run is done, without a deadlock at concurrency 1", async () => {
    // The waiting task comes first: if it held the only slot while waiting, the run would never end.
    const speech = task("speech");
    const clone = task("clone");
    const { api } = fakeApi(2);
    const creates: string[] = [];
    const counting: TaskApi = {
      ...api,
      createTask: (endpoint, body, ...rest) => {
        creates.push((body as { prompt: string }).prompt);
        return api.createTask(endpoint, body, ...rest);
      },
    };
    const { dir, ledger, deadline, log } = setup([speech, clone]);
    const records = await runTasks([speech, clone], {
      api: counting,
      files,
      ledger,
      deadline,
      clock: systemClock,
      log,
      concurrency: 1,
      pollInterval: fixedInterval(5),
      outputDir: path.join(dir, "out"),
      workspace: dir,
      prerequisites: [
        async (t, body, context) => {
          if (t.name !== "speech") return { body };
          const before = await context.finished("clone");
          return { body: { ...body, voice: before.taskId } };
        },
      ],
    });
    expect(creates).toEqual(["clone", "speech"]);
    expect(records.map((r) => r.status)).toEqual(["completed", "completed"]);
  });

  it("fails a task whose prerequisite fails, with its reason and no create", async () => {
    const t = task("needs-asset");
    const { api } = fakeApi(1);
    let created = 0;
    const { dir, ledger, deadline, log } = setup([t]);
    const [result] = await runTasks([t], {
      api: { ...api, createTask: async () => ({ taskId: `x${++created}` }) },
      files,
      ledger,
      deadline,
      clock: systemClock,
      log,
      concurrency: 2,
      outputDir: path.join(dir, "out"),
      workspace: dir,
      prerequisites: [async () => ({ error: 'asset "face" failed review: a real face' })],
    });
    expect(created).toBe(0);
    expect(result?.status).toBe("failed");
    expect(result?.taskId).toBeNull();
    expect(result?.error).toBe('asset "face" failed review: a real face');
  });
});
