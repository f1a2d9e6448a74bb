/**
 * The `genmedia` command as a user runs it: the BUILT dist/cli/index.js (run `npm run build` first) as a
 * child process, in a scratch folder as its working directory, against the simulator on 127.0.0.1.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type Simulator, startSimulator } from "../../simulator/server.ts";
import { findFamily } from "../../src/models/registry.ts";
import type { TaskRecord } from "../../src/run/record.ts";
import { makeWorkspace, repoRoot, type Workspace } from "../support/action-runner.ts";

const cliEntry = path.join(repoRoot, "dist/cli/index.js");
const key = "cli-test-key-5f0e9a7c";

let simulator: Simulator | undefined;
afterEach(async () => {
  await simulator?.close();
  simulator = undefined;
});

interface CommandRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `genmedia <args>` in the workspace; `whileRunning` is called every 25 ms with the child. */
async function genmedia(
  ws: Workspace,
  args: string[],
  options: { env?: Record<string, string>; whileRunning?: (child: ChildProcess) => void } = {},
): Promise<CommandRun> {
  const child = spawn(process.execPath, [cliEntry, ...args], {
    cwd: ws.dir,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      GENMEDIA_RETRY_BASE_MS: "20",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const ticker = options.whileRunning ? setInterval(() => options.whileRunning?.(child), 25) : undefined;
  const code = await new Promise<number | null>((resolve) => child.on("close", (c) => resolve(c)));
  clearInterval(ticker);
  return { code, stdout, stderr };
}

function results(ws: Workspace, dir = "generated-media"): TaskRecord[] {
  return JSON.parse(readFileSync(path.join(ws.dir, dir, "results.json"), "utf8")).tasks as TaskRecord[];
}

function everyFile(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    return statSync(full).isDirectory() ? everyFile(full) : [readFileSync(full).toString("latin1")];
  });
}

const imageTasks = (names: string[], prompt = "a lighthouse") =>
  `tasks:\n${names.map((n) => `  - name: ${n}\n    model: nano-banana-2\n    prompt: ${prompt} ${n}\n`).join("")}`;

/** Images finish at once; a prompt with "slow" takes about 4 s of real time. */
async function quickSimulator(outcomes: object[] = []): Promise<Simulator> {
  simulator = await startSimulator({
    apiKey: key,
    timeScale: 1000,
    scenario: {
      latency: { queuedMs: 100, processingMs: { video: 1_500_000, image: 200, audio: 200 }, jitter: 0 },
      outcomes: [{ promptContains: "slow", status: "completed", processingMs: 4_000_000 }, ...outcomes],
    },
  });
  return simulator;
}

describe("genmedia plan", () => {
  it("refuses a broken manifest with exit 2 and the file, line, task and field, sending nothing", async () => {
    const sim = await quickSimulator();
    const ws = makeWorkspace();
    ws.write(
      "m.yml",
      "tasks:\n  - name: hero\n    model: nano-banana-2\n    prompt: x\n    resolution: 9k\n",
    );
    const run = await genmedia(ws, ["plan", "m.yml", "--base-url", sim.url], {
      env: { GENMEDIA_API_KEY: key },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('m.yml:5: task "hero": field "resolution"');
    expect(sim.requests).toHaveLength(0);
  });

  it("prints the plan of a valid manifest without a key", async () => {
    const ws = makeWorkspace();
    ws.write("m.yml", imageTasks(["one", "two"]));
    const run = await genmedia(ws, ["plan", "m.yml", "--only", "two"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("1 of 2 tasks would be submitted");
    expect(run.stdout).toContain("two: nano-banana-2 (image) → POST");
    expect(run.stdout).toContain("one (not selected)");
  });
});

describe("genmedia run", () => {
  it("--simulate generates the files and results.json with no key and no network", async () => {
    const ws = makeWorkspace();
    ws.write("m.yml", imageTasks(["poster", "banner"]));
    const run = await genmedia(ws, ["run", "m.yml", "--simulate", "--output-dir", "out"]);
    expect(run.code, run.stderr).toBe(0);
    const records = results(ws, "out");
    expect(records.map((r) => [r.name, r.status])).toEqual([
      ["poster", "completed"],
      ["banner", "completed"],
    ]);
    for (const record of records) expect(existsSync(path.join(ws.dir, record.file?.path ?? "-"))).toBe(true);
    expect(run.stdout).toMatch(/poster\s+completed\s+out\/poster\.png/);
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/^\s*::/m);
  });

  it("uses GENMEDIA_API_KEY against a simulator and never prints or records the key", async () => {
    // The API echoes the key in an error, and a line that a CI log would read as a workflow command:
    // redaction must catch the key on every exit, and the command must stay inert text.
    const sim = await quickSimulator([
      { promptContains: "refused", status: "failed", error: `key ${key} refused\n::add-mask::x` },
    ]);
    const ws = makeWorkspace();
    ws.write(
      "m.yml",
      `${imageTasks(["ok"])}  - name: bad\n    model: nano-banana-2\n    prompt: refused please\n`,
    );
    const run = await genmedia(ws, ["run", "m.yml", "--base-url", sim.url, "--poll-interval", "50ms"], {
      env: { GENMEDIA_API_KEY: key },
    });
    // fail-on: any, and one task failed.
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("1 of 2 tasks did not complete");
    const records = results(ws);
    expect(records.find((r) => r.name === "ok")?.status).toBe("completed");
    expect(records.find((r) => r.name === "bad")?.error).toBe("key *** refused\n::add-mask::x");
    expect(run.stderr).toContain("bad: failed: key *** refused");
    for (const text of [run.stdout, run.stderr, ...everyFile(ws.dir)]) expect(text).not.toContain(key);
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/^\s*::/m);
  });

  it("refuses --api-key with the reason, exit 2, without echoing it", async () => {
    const ws = makeWorkspace();
    ws.write("m.yml", imageTasks(["one"]));
    const run = await genmedia(ws, ["run", "m.yml", `--api-key=${key}`]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("shell history");
    expect(run.stderr).toContain("GENMEDIA_API_KEY");
    expect(run.stderr).not.toContain(key);
  });

  it("refuses GitHub-only inputs rather than ignoring them", async () => {
    const ws = makeWorkspace();
    ws.write("m.yml", imageTasks(["one"]));
    const run = await genmedia(ws, ["run", "m.yml", "--simulate", "--media-branch", "media"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--media-branch is an input of the GitHub Action");
  });

  it("--json prints only the results array on stdout", async () => {
    const ws = makeWorkspace();
    ws.write("m.yml", imageTasks(["a", "b"]));
    const run = await genmedia(ws, ["run", "m.yml", "--simulate", "--json"]);
    expect(run.code, run.stderr).toBe(0);
    const parsed = JSON.parse(run.stdout) as TaskRecord[];
    expect(parsed.map((r) => r.status)).toEqual(["completed", "completed"]);
    expect(parsed).toEqual(results(ws));
    expect(run.stderr).toContain("2 completed");
  });

  it("on Ctrl-C writes results.json with every task id and exits 130", async () => {
    const sim = await quickSimulator();
    const ws = makeWorkspace();
    ws.write("m.yml", imageTasks(["s1", "s2", "s3"], "slow"));
    let sent = false;
    const run = await genmedia(ws, ["run", "m.yml", "--base-url", sim.url, "--poll-interval", "50ms"], {
      env: { GENMEDIA_API_KEY: key },
      whileRunning: (child) => {
        if (!sent && sim.tasks().length === 3) {
          sent = true;
          child.kill("SIGINT");
        }
      },
    });
    expect(sent).toBe(true);
    expect(run.code).toBe(130);
    const ids = results(ws).map((r) => r.taskId);
    expect(ids.sort()).toEqual(
      sim
        .tasks()
        .map((t) => t.id)
        .sort(),
    );
    expect(results(ws).every((r) => r.status === "pending")).toBe(true);
  });
});

describe("genmedia and the team's spending limits", () => {
  const prices = "currency: USD\nnano-banana-2: { per-task: 0.1 }\n";

  it("plan prints each task's estimate and the total against --budget, with no key", async () => {
    const ws = makeWorkspace();
    ws.write("m.yml", imageTasks(["a", "b", "c"]));
    ws.write("prices.yml", prices);
    const run = await genmedia(ws, ["plan", "m.yml", "--prices", "prices.yml", "--budget", "0.25"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^ {2}estimate: 0\.10 USD \(per task\)$/m);
    expect(run.stdout).toMatch(/Estimated cost: 0\.30 USD for 3 creates, over the budget of 0\.25 USD/);
  });

  it("run over --max-tasks or --budget exits 2 with the reason and sends nothing", async () => {
    const sim = await quickSimulator();
    const ws = makeWorkspace();
    ws.write("m.yml", imageTasks(["a", "b", "c"]));
    ws.write("prices.yml", prices);
    const base = ["run", "m.yml", "--base-url", sim.url, "--poll-interval", "50ms"];
    const env = { env: { GENMEDIA_API_KEY: key } };
    const overTasks = await genmedia(ws, [...base, "--max-tasks", "2"], env);
    expect(overTasks.code).toBe(2);
    expect(overTasks.stderr).toMatch(/3 create requests and max-tasks is 2/);
    const overBudget = await genmedia(ws, [...base, "--prices", "prices.yml", "--budget", "0.2"], env);
    expect(overBudget.code).toBe(2);
    expect(overBudget.stderr).toMatch(/0\.30 USD/);
    expect(sim.requests).toHaveLength(0);
    const within = await genmedia(ws, [...base, "--prices", "prices.yml", "--budget", "0.3"], env);
    expect(within.code, within.stderr).toBe(0);
    expect(results(ws).map((r) => r.estimate)).toEqual([0.1, 0.1, 0.1]);
  });
});

describe("genmedia resume", () => {
  it("finishes a results.json's pending tasks by their ids: zero creates, files fetched", async () => {
    const sim = await quickSimulator();
    // A CI run's tasks, created and paid for, whose ids are all the artifact has left.
    const family = findFamily("nano-banana-2");
    const created: string[] = [];
    for (const prompt of ["first", "second", "third"]) {
      const response = await fetch(`${sim.url}${family?.createPath}`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({ model: "nano-banana-2", prompt }),
      });
      const outcome = family?.polling?.readCreateAnswer(await response.json());
      created.push(outcome && "taskId" in outcome ? String(outcome.taskId) : "?");
    }
    const record = (name: string, taskId: string | null, model = "nano-banana-2"): TaskRecord => ({
      name,
      model,
      kind: "image",
      status: "pending",
      taskId,
      submittedAt: "2026-11-25T10:00:00Z",
      finishedAt: null,
      file: null,
      inputHash: "0".repeat(64),
      error: "still running when the time budget ran out",
    });
    const done: TaskRecord = {
      ...record("kept", "done-1"),
      status: "completed",
      finishedAt: "2026-11-25T10:01:00Z",
      file: { path: "generated-media/kept.png", bytes: 3, sha256: "a".repeat(64), contentType: "image/png" },
      error: null,
    };
    const ws = makeWorkspace();
    mkdirSync(path.join(ws.dir, "artifact"));
    const tasks = [
      record("one", created[0] ?? ""),
      record("two", created[1] ?? ""),
      done,
      record("custom", "x-1", "someNewModel"),
      // An edited artifact: a paid task whose name would put its file two folders up.
      record("../../escape", created[2] ?? ""),
    ];
    writeFileSync(path.join(ws.dir, "artifact/results.json"), JSON.stringify({ version: 1, tasks }));
    const createsBefore = sim.creates().length;
    const run = await genmedia(
      ws,
      [
        "resume",
        "artifact/results.json",
        "--output-dir",
        "fetched",
        "--base-url",
        sim.url,
        "--poll-interval",
        "50ms",
      ],
      { env: { GENMEDIA_API_KEY: key } },
    );
    expect(sim.creates().length).toBe(createsBefore);
    const after = results(ws, "fetched");
    expect(after.map((r) => [r.name, r.status])).toEqual([
      ["one", "completed"],
      ["two", "completed"],
      ["kept", "completed"],
      ["custom", "pending"],
      ["../../escape", "pending"],
    ]);
    expect(run.stderr).toContain("../../escape: cannot be resumed: its name is not a task name");
    expect(existsSync(path.join(ws.dir, "..", "escape.png"))).toBe(false);
    for (const name of ["one", "two"])
      expect(existsSync(path.join(ws.dir, "fetched", `${name}.png`))).toBe(true);
    expect(after.find((r) => r.name === "kept")).toEqual(done);
    expect(run.stderr).toContain('custom: cannot be resumed: its model "someNewModel"');
    // The task it could not collect is still pending: fail-on any.
    expect(run.code).toBe(1);
  });
});

describe("genmedia resume of an endpoint task", () => {
  it("follows it at the poll route its record names, even when its body named a registered model", async () => {
    simulator = await startSimulator({
      apiKey: key,
      timeScale: 1000,
      scenario: {
        latency: { queuedMs: 100, processingMs: { video: 200, image: 200, audio: 200 }, jitter: 0 },
        routes: [{ create: "/v9/labs/clips", poll: "/v9/labs/clips/{id}", kind: "video" }],
      },
    });
    const sim = simulator;
    // An action run made it (an endpoint task whose body names a Model Center model) and hit its timeout.
    const created = await fetch(`${sim.url}/v9/labs/clips`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "seedance-2.5-c1", prompt: "A paper boat" }),
    });
    const { id } = (await created.json()) as { id: string };
    const record: TaskRecord = {
      name: "labs",
      model: "seedance-2.5-c1",
      kind: "video",
      status: "pending",
      taskId: id,
      submittedAt: "2026-11-25T10:00:00Z",
      finishedAt: null,
      file: null,
      inputHash: "0".repeat(64),
      error: "still running when the time budget ran out",
      poll: "/v9/labs/clips/{id}",
    };
    const ws = makeWorkspace();
    writeFileSync(path.join(ws.dir, "results.json"), JSON.stringify({ version: 1, tasks: [record] }));
    const run = await genmedia(
      ws,
      ["resume", "results.json", "--output-dir", "fetched", "--base-url", sim.url, "--poll-interval", "50ms"],
      { env: { GENMEDIA_API_KEY: key } },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(results(ws, "fetched")[0]).toMatchObject({ status: "completed", poll: "/v9/labs/clips/{id}" });
    const polled = sim.requests.filter((r) => r.method === "GET" && !r.path.startsWith("/files/"));
    expect(polled.length).toBeGreaterThan(0);
    expect(polled.every((r) => r.path === `/v9/labs/clips/${encodeURIComponent(id)}`)).toBe(true);
    expect(sim.creates()).toHaveLength(1);
  });
});

describe("the live view", () => {
  it("redraws in place on a pseudo-terminal", async () => {
    const ws = makeWorkspace();
    ws.write("m.yml", imageTasks(["a", "b", "c"]));
    // `script` gives the command a pseudo-terminal; stty gives it a size, as a terminal window has.
    const command = `stty cols 100 rows 30; '${process.execPath}' '${cliEntry}' run m.yml --simulate`;
    const child = spawn("script", ["-qfec", command, "/dev/null"], {
      cwd: ws.dir,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      out += chunk;
    });
    const code = await new Promise<number | null>((resolve) => child.on("close", (c) => resolve(c)));
    expect(code).toBe(0);
    // Erase a line, move up: the view rewrote itself rather than scrolling.
    expect(out).toContain("\u001b[2K\u001b[1A");
    expect(out).toMatch(/\[#{24}\] 3\/3 done/);
    expect(out).toMatch(/a\s+running/);
  });

  it("prints plain lines without a terminal", async () => {
    const ws = makeWorkspace();
    ws.write("m.yml", imageTasks(["a", "b"]));
    const run = await genmedia(ws, ["run", "m.yml", "--simulate"]);
    expect(run.code).toBe(0);
    expect(`${run.stdout}${run.stderr}`).not.toContain("\u001b");
    expect(run.stderr).toMatch(/^a: running as task \S+$/m);
    expect(run.stderr).toMatch(/^b: completed → generated-media\/b\.png \(\d+ bytes\)$/m);
  });
});

describe("the bundles", () => {
  it("the command's bundle carries none of the actions toolkit, and the action's none of the simulator", () => {
    const bundle = (dir: string) =>
      readdirSync(dir)
        .filter((f) => f.endsWith(".js"))
        .map((f) => readFileSync(path.join(dir, f), "utf8"))
        .join("\n");
    const command = bundle(path.join(repoRoot, "dist/cli"));
    const action = bundle(path.join(repoRoot, "dist"));
    // `npx genmedia` runs the bin as a program: the shebang must survive the bundler, and the mode too.
    expect(readFileSync(cliEntry, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
    expect(statSync(cliEntry).mode & 0o111).not.toBe(0);
    // Strings of @actions/core (file commands), @actions/artifact and Octokit: in the action, not the command.
    for (const marker of ["GITHUB_OUTPUT", "ACTIONS_RUNTIME_TOKEN", "api.github.com"]) {
      expect(action).toContain(marker);
      expect(command).not.toContain(marker);
    }
    // The simulator's own wording: in the command (--simulate), not in the action.
    const simulatorMarker = "invalid simulator scenario";
    expect(command).toContain(simulatorMarker);
    expect(action).not.toContain(simulatorMarker);
  });
});
