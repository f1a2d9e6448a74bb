/**
 * Runs the built action (dist/index.js) once against a fault-scripted simulator, optionally with a local
 * artifact service, and checks the invariants every run must keep, whatever the API or the artifact
 * service did (issue 5, item 5):
 *
 * - every planned task appears exactly once in results.json, in plan order;
 * - no task was created twice (each prompt carries a unique marker, counted in the simulator's creates);
 * - every task the API created is accounted for: its id is in results.json, or its create's answer was lost
 *   and the task's record is `failed` and says it was not resubmitted;
 * - every completed file is on disk with the recorded size and sha256, and that sha256 is the one the
 *   simulator served for the recorded task id;
 * - `error` is null for a completed task and a sentence for a failed, cancelled or pending one;
 * - the exit code follows `fail-on` (and a failed artifact upload fails the step whatever `fail-on` says);
 * - no `.part` or `.tmp` file is left in output-dir;
 * - the API key appears nowhere the action writes (log, summary, outputs, files), except the runner's
 *   `::add-mask::` line;
 * - no text from the API became a live workflow command.
 *
 * Shared by the fault matrix (test/faults) and the property test (test/property).
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { type AddressInfo, createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Scenario } from "../../simulator/scenario.ts";
import { type Simulator, startSimulator } from "../../simulator/server.ts";
import type { TaskRecord } from "../../src/run/record.ts";
import { injectedCommands } from "../hostile/support/payloads.ts";
import {
  type ActionRun,
  distEntry,
  makeWorkspace,
  runAction,
  type Workspace,
} from "../support/action-runner.ts";
import {
  type ArtifactFault,
  type ArtifactService,
  startArtifactService,
} from "../support/artifact-service.ts";

export const apiKey = "sk-fault-matrix-3c9e";
/** Carried by every piece of hostile text the matrix and the property tests feed the action. */
export const hostileMarker = "PWN";
export const outputDir = "generated-media";
export const artifactName = "generated-media";
export type FailOn = "any" | "all" | "never";

/** One task of a manifest; `marker` is unique to the task and part of its prompt. */
export interface PlannedTask {
  name: string;
  model: string;
  prompt: string;
  marker: string;
  fields?: Record<string, unknown>;
}

/** `[t3]`: unique per task, and never a substring of another marker. */
export const markerOf = (index: number): string => `[t${index}]`;

export interface RunSpec {
  tasks: readonly PlannedTask[];
  scenario?: Scenario;
  /** Start a local artifact service (the default artifact-name then applies), with this fault if any. */
  artifacts?: { failWith?: ArtifactFault };
  failOn?: FailOn;
  /** Extra action inputs (timeout, concurrency, ...). */
  inputs?: Record<string, string>;
  /** Per-request timeout of the action's API client and downloader. */
  requestTimeoutMs?: number;
  /** Send the API requests to a closed port instead of the simulator (connection refused). */
  refused?: boolean;
  /**
   * Later runs on the same workspace and simulator (a re-run of the workflow): their extra inputs, and
   * optionally a new scenario (existing tasks keep their schedules; fault counting restarts).
   */
  reruns?: { inputs?: Record<string, string>; scenario?: Scenario }[];
}

/**
 * The bundle under test: dist/index.js, or the file GENMEDIA_DIST names (e.g. the committed bundle
 * extracted with `git show HEAD:dist/index.js`, while dist/ is being rebuilt).
 */
export const actionEntry = process.env.GENMEDIA_DIST ? path.resolve(process.env.GENMEDIA_DIST) : distEntry;

/** Runs the bundle under test as the runner does (test/support's runAction, with `actionEntry`). */
export function runBundle(
  workspace: Workspace,
  inputs: Record<string, string>,
  extraEnv: Record<string, string>,
): Promise<ActionRun> {
  return runAction(workspace, inputs, { env: extraEnv, entry: actionEntry });
}

export interface RunOutcome {
  spec: RunSpec;
  /** The last run; `runs` holds every one, first to last. */
  run: ActionRun;
  runs: ActionRun[];
  records: TaskRecord[];
  /** Creates that made a task (or, for text, an answer), per task name, over every run. */
  createsByName: Map<string, number>;
  /** Every request the simulator received, and its tasks, captured before it closed. */
  sim: Pick<Simulator, "requests"> & {
    tasks: ReturnType<Simulator["tasks"]>;
    creates: Simulator["requests"];
  };
  /** The artifact service's finalized artifacts and requests, when one was started. */
  artifacts?: { stored: ReturnType<ArtifactService["artifacts"]>; requests: ArtifactService["requests"] };
  uploadFailed: boolean;
  files: string[];
  elapsedMs: number;
}

/** A fast simulator: a minute of generation takes 60 ms. */
const baseScenario: Scenario = {
  latency: {
    queuedMs: 1000,
    processingMs: { video: 20_000, image: 5000, audio: 8000 },
    jitter: 0.2,
    seed: 11,
  },
  fileBytes: { video: 60_000, image: 30_000, audio: 20_000 },
};

/** Bytecode cache shared by every child: the 8 MB bundle then starts about 20% faster. */
const compileCache = path.join(tmpdir(), "genmedia-fault-tests-compile-cache");

export function manifestJson(tasks: readonly PlannedTask[]): string {
  return JSON.stringify(
    { tasks: tasks.map((t) => ({ name: t.name, model: t.model, prompt: t.prompt, ...t.fields })) },
    null,
    2,
  );
}

/** A URL on 127.0.0.1 where nothing listens: a port that was free a moment ago. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/**
 * Runs the action, then each re-run of `spec.reruns` on the same workspace and simulator (as a later run
 * of the workflow would), and captures everything the invariants need; closes its servers. The artifact
 * service, if any, is given to the last run only (earlier ones would take its artifact name).
 */
export async function runWithFaults(spec: RunSpec): Promise<RunOutcome> {
  const sim = await startSimulator({
    apiKey,
    timeScale: 1000,
    scenario: { ...baseScenario, ...spec.scenario },
  });
  const service = spec.artifacts ? await startArtifactService(spec.artifacts) : undefined;
  try {
    const ws = makeWorkspace();
    ws.write("media/manifest.json", manifestJson(spec.tasks));
    const apiUrl = spec.refused ? await closedPortUrl() : sim.url;
    const inputs = {
      "api-key": apiKey,
      "base-url": apiUrl,
      "text-base-url": apiUrl,
      "poll-interval": "50ms",
      manifest: "media/manifest.json",
      "fail-on": spec.failOn ?? "any",
      ...spec.inputs,
    };
    const env = {
      GENMEDIA_REQUEST_TIMEOUT_MS: String(spec.requestTimeoutMs ?? 1500),
      NODE_COMPILE_CACHE: compileCache,
    };
    const reruns = spec.reruns ?? [];
    const started = Date.now();
    const runs: ActionRun[] = [];
    for (const [index, rerun] of [undefined, ...reruns].entries()) {
      if (rerun?.scenario) sim.setScenario({ ...baseScenario, ...rerun.scenario });
      const last = index === reruns.length;
      runs.push(
        await runBundle(ws, { ...inputs, ...rerun?.inputs }, { ...env, ...(last ? service?.env() : {}) }),
      );
    }
    const elapsedMs = Date.now() - started;
    const resultsPath = path.join(ws.dir, outputDir, "results.json");
    const records = existsSync(resultsPath)
      ? (JSON.parse(readFileSync(resultsPath, "utf8")).tasks as TaskRecord[])
      : [];
    const creates = sim.creates();
    const createsByName = new Map(
      spec.tasks.map((t) => [
        t.name,
        creates.filter((r) => JSON.stringify(r.body).includes(t.marker)).length,
      ]),
    );
    const stored = service?.artifacts() ?? [];
    const dir = path.join(ws.dir, outputDir);
    return {
      spec,
      run: runs[runs.length - 1] as ActionRun,
      runs,
      records,
      createsByName,
      sim: { requests: [...sim.requests], tasks: sim.tasks(), creates },
      artifacts: service ? { stored, requests: [...service.requests] } : undefined,
      uploadFailed: service !== undefined && !stored.some((a) => a.name === artifactName),
      files: existsSync(dir) ? readdirSync(dir) : [],
      elapsedMs,
    };
  } finally {
    await sim.close();
    await service?.close();
  }
}

/**
 * The exit code `fail-on` calls for, from the records alone (no `only` here, so every task was wanted but
 * one that `skip-existing` found unchanged): `any` passes when every wanted task completed, `all` when at
 * least one did (or none was wanted), `never` always; a failed upload fails the step in every case
 * (design 6: the artifact is the deliverable).
 */
export function expectedExitCode(
  records: readonly TaskRecord[],
  failOn: FailOn,
  uploadFailed: boolean,
): number {
  if (uploadFailed) return 1;
  const wanted = records.filter((r) => !unchanged(r));
  const completed = wanted.filter((r) => r.status === "completed").length;
  if (failOn === "any") return completed === wanted.length ? 0 : 1;
  if (failOn === "all") return completed > 0 || wanted.length === 0 ? 0 : 1;
  return 0;
}

/** A task `skip-existing` left alone because its file is intact and from the same inputs. */
const unchanged = (record: TaskRecord): boolean => record.status === "skipped" && record.file !== null;

/** Fault kinds after which a create made a task whose id the client never learned. */
const answerLost = new Set(["reset", "hang", "malformed"]);

/** Every invariant that does not hold, as a sentence naming it; empty when the run kept them all. */
export function invariantViolations(outcome: RunOutcome, workspace = outcome.run.workspace): string[] {
  const { spec, records, sim } = outcome;
  const problems: string[] = [];
  const planned = spec.tasks.map((t) => t.name);

  // 1. Every planned task exactly once.
  const names = records.map((r) => r.name);
  if (JSON.stringify(names) !== JSON.stringify(planned)) {
    problems.push(`results.json lists ${JSON.stringify(names)}, planned ${JSON.stringify(planned)}`);
  }

  // 2. No task created twice.
  for (const [name, count] of outcome.createsByName) {
    if (count > 1) problems.push(`task ${name} was created ${count} times`);
  }

  // 3. Every task the API made is accounted for.
  const recordedIds = new Set(records.flatMap((r) => (r.taskId ? [r.taskId] : [])));
  for (const request of sim.creates) {
    if (request.route !== "create" || request.taskId === undefined || recordedIds.has(request.taskId))
      continue;
    const task = spec.tasks.find((t) => JSON.stringify(request.body).includes(t.marker));
    const record = records.find((r) => r.name === task?.name);
    const lost = (request.fault !== undefined && answerLost.has(request.fault)) || request.status !== 200;
    if (!lost) {
      problems.push(
        `task ${task?.name} was created as ${request.taskId} and answered, but its id is not recorded`,
      );
    } else if (record?.status !== "failed" || !/not resubmitted/.test(record.error ?? "")) {
      // `failed` (not `skipped`) is what stops a resumed run from submitting it again.
      problems.push(
        `task ${task?.name}'s create answer was lost, but its record (${record?.status}: ${record?.error}) does not say it was not resubmitted`,
      );
    }
  }

  // 4. Completed files are intact and are what the API served.
  const served = new Map(sim.tasks.map((t) => [t.id, t]));
  for (const record of records) {
    if (record.status !== "completed" && !unchanged(record)) {
      if (record.file !== null && record.status !== "pending") {
        problems.push(`task ${record.name} is ${record.status} but records a file`);
      }
      continue;
    }
    if (!record.file) {
      problems.push(`task ${record.name} is completed without a file`);
      continue;
    }
    const absolute = path.join(workspace, record.file.path);
    if (!absolute.startsWith(path.join(workspace, outputDir) + path.sep)) {
      problems.push(`task ${record.name}'s file ${record.file.path} is outside ${outputDir}`);
      continue;
    }
    if (!existsSync(absolute)) {
      problems.push(`task ${record.name}'s file ${record.file.path} is missing`);
      continue;
    }
    const bytes = readFileSync(absolute);
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    if (bytes.length !== record.file.bytes) {
      problems.push(`task ${record.name}: ${bytes.length} bytes on disk, ${record.file.bytes} recorded`);
    }
    if (sha256 !== record.file.sha256)
      problems.push(`task ${record.name}: sha256 on disk differs from the record`);
    if (record.kind !== "text") {
      const apiFile = served.get(record.taskId ?? "")?.file;
      if (apiFile?.sha256 !== record.file.sha256) {
        problems.push(`task ${record.name}: sha256 differs from what the API served for ${record.taskId}`);
      }
    }
  }

  // 5. Errors are sentences where the design asks for one.
  for (const record of records) {
    if (record.status === "completed" && record.error !== null) {
      problems.push(`task ${record.name} is completed with an error: ${record.error}`);
    }
    if (["failed", "cancelled", "pending"].includes(record.status) && !(record.error ?? "").trim()) {
      problems.push(`task ${record.name} is ${record.status} without an error sentence`);
    }
    if (record.status === "pending" && !record.taskId) {
      problems.push(`task ${record.name} is pending without a task id`);
    }
  }

  // 6. The exit code follows fail-on.
  const wanted = expectedExitCode(records, spec.failOn ?? "any", outcome.uploadFailed);
  if (outcome.run.code !== wanted) {
    problems.push(
      `exit code ${outcome.run.code}, but fail-on ${spec.failOn ?? "any"}${outcome.uploadFailed ? " with a failed upload" : ""} calls for ${wanted}`,
    );
  }

  // 7. No temporary files left behind.
  const leftovers = outcome.files.filter((f) => f.endsWith(".part") || f.endsWith(".tmp"));
  if (leftovers.length) problems.push(`temporary files left in ${outputDir}: ${leftovers.join(", ")}`);

  // 8. The key never left the process: the runner's `::add-mask::` line is the one place it appears.
  for (const [i, run] of outcome.runs.entries()) {
    const written = run
      .allText()
      .split(/\r?\n/)
      .filter((line) => line !== `::add-mask::${apiKey}`)
      .join("\n");
    if (written.includes(apiKey)) problems.push(`run ${i + 1} wrote the API key outside ::add-mask::`);
  }

  // 9. No text from the API or an earlier record became a workflow command.
  for (const [i, run] of outcome.runs.entries()) {
    const injected = injectedCommands(run.stdout, [hostileMarker]);
    if (injected.length)
      problems.push(`run ${i + 1} printed live workflow commands: ${injected.join(" / ")}`);
  }

  // The action never crashed with a stack.
  if (/genmedia-action failed unexpectedly/.test(outcome.run.stdout)) {
    problems.push(
      `the action failed unexpectedly: ${/failed unexpectedly[^\n]*/.exec(outcome.run.stdout)?.[0] ?? ""}`,
    );
  }
  if (records.length === 0) problems.push("no results.json was written");
  return problems;
}

/** An error sentence, short and stable enough for a table: ids, ports and long tails removed. */
export function shortError(error: string | null, ids: readonly string[], max = 110): string {
  if (error === null) return "";
  let text = error;
  for (const id of ids) text = text.split(id).join("<id>");
  text = text
    .replace(/127\.0\.0\.1:\d+/g, "127.0.0.1:PORT")
    .replace(/\d+ms/g, "Nms")
    .replace(/\s+/g, " ");
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
