/**
 * Simulated tasks and the simulated clock. A task's whole life is fixed when it is created (its schedule);
 * its status at any moment is then a pure function of the simulated time since creation.
 */
import { createHash } from "node:crypto";
import type { MatchSubject, MediaKind, Outcome, ResolvedScenario } from "./scenario.ts";
import { outcomeFor } from "./scenario.ts";
import type { Endpoint } from "./wire-fields.ts";

export type TaskStatus = "queued" | "processing" | "completed" | "failed" | "cancelled";

export interface Schedule {
  queuedMs: number;
  processingMs: number;
  /** Where the task ends; "processing" means it never finishes. */
  final: Outcome["status"];
  /** The `error` text of a failed task. */
  error: string | null;
  /** Completed without a result URL. */
  noUrl: boolean;
  /** The result file's size, when the scenario sets one; without one the file is real media. */
  fileBytes?: number;
  /** Overrides the `actualDuration` a completed video reports. */
  actualDuration?: number;
  /** The `amount` a completed result reports. */
  amount?: number;
  /** Failed in the create's own answer (`status: "failed"`). */
  failsAtCreate?: boolean;
}

export interface TaskState {
  id: string;
  /** 0-based creation order. */
  index: number;
  family: Endpoint;
  model: string;
  prompt: string;
  body: Record<string, unknown>;
  /** Wall-clock epoch ms of creation. */
  createdAt: number;
  /** Simulated ms since the simulator started, at creation. */
  createdSimMs: number;
  schedule: Schedule;
}

export const defaultFailureText = "Generation failed.";

/** A uniform number in [0, 1) from the scenario seed, the task index and a salt: reproducible jitter. */
export function seededUnit(seed: number, index: number, salt: string): number {
  const digest = createHash("sha256").update(`${seed}:${index}:${salt}`).digest();
  return digest.readUInt32BE(0) / 2 ** 32;
}

function jittered(ms: number, scenario: ResolvedScenario, index: number, salt: string): number {
  const { jitter, seed } = scenario.latency;
  return Math.round(ms * (1 + jitter * (2 * seededUnit(seed, index, salt) - 1)));
}

/** Fixes how a new task will progress and end, from the scenario's latency and outcome rules. */
export function planSchedule(scenario: ResolvedScenario, subject: MatchSubject, kind: MediaKind): Schedule {
  const outcome = outcomeFor(scenario.outcomes, subject);
  const queuedMs =
    outcome?.queuedMs ?? jittered(scenario.latency.queuedMs, scenario, subject.taskIndex, "queued");
  const processingMs =
    outcome?.processingMs ??
    jittered(scenario.latency.processingMs[kind], scenario, subject.taskIndex, "processing");
  const final = outcome?.status ?? "completed";
  const fileBytes = outcome?.fileBytes ?? scenario.fileBytes[kind];
  return {
    queuedMs,
    processingMs,
    final,
    error: final === "failed" ? (outcome?.error ?? defaultFailureText) : null,
    noUrl: outcome?.noUrl ?? false,
    ...(fileBytes !== undefined && { fileBytes }),
    ...(outcome?.actualDuration !== undefined && { actualDuration: outcome.actualDuration }),
    ...(outcome?.amount !== undefined && { amount: outcome.amount }),
    ...(final === "failed" && outcome?.atCreate && { failsAtCreate: true, queuedMs: 0, processingMs: 0 }),
  };
}

/** The status of a task `elapsedMs` simulated ms after its creation. */
export function statusAt(schedule: Schedule, elapsedMs: number): TaskStatus {
  if (elapsedMs < schedule.queuedMs) return "queued";
  if (schedule.final === "processing" || elapsedMs < schedule.queuedMs + schedule.processingMs) {
    return "processing";
  }
  return schedule.final;
}

/** Simulated ms after creation at which the task reached its terminal status; undefined if it never does. */
export function finishedAfterMs(schedule: Schedule): number | undefined {
  return schedule.final === "processing" ? undefined : schedule.queuedMs + schedule.processingMs;
}

/** Whether the task has a result file to serve at all (its URL may still have expired). */
export function hasResultFile(schedule: Schedule): boolean {
  return schedule.final === "completed" && !schedule.noUrl;
}

/**
 * The prompt a task is matched on: `prompt`, else the text items of `content[]` (Seedance 1.5, X1),
 * else SoundClone's `contentText`.
 */
export function promptOf(body: Record<string, unknown>): string {
  if (typeof body.prompt === "string") return body.prompt;
  if (Array.isArray(body.content)) {
    return body.content
      .map((item: unknown) =>
        typeof item === "object" && item !== null && "text" in item && typeof item.text === "string"
          ? item.text
          : "",
      )
      .filter((text) => text !== "")
      .join("\n");
  }
  return typeof body.contentText === "string" ? body.contentText : "";
}

/** The model a task reports: the body's `model`, or the family's first id for families that send none. */
export function modelOf(family: Endpoint, body: Record<string, unknown>): string {
  return typeof body.model === "string" ? body.model : (family.models[0] ?? family.id);
}

/** Simulated time: `timeScale` simulated ms pass per real ms. */
export interface Clock {
  /** Simulated ms since the clock started. */
  nowSimMs(): number;
  /** Real ms that `simMs` simulated ms take. */
  realMsFor(simMs: number): number;
}

export function createClock(timeScale: number, realNow: () => number = () => performance.now()): Clock {
  if (!(timeScale > 0) || !Number.isFinite(timeScale))
    throw new Error(`timeScale must be > 0, got ${timeScale}`);
  const start = realNow();
  return {
    nowSimMs: () => (realNow() - start) * timeScale,
    realMsFor: (simMs) => simMs / timeScale,
  };
}
