/**
 * The project's API simulator, in the benchmark's process, with one addition: the real time at which each
 * response finished, taken from the simulator's per-request log line. The simulator records when a request
 * arrived (`at`); with the finish time the benchmark can time a schedule from the API's side, the same way
 * for the action and for the baselines.
 */
import { type Simulator, type SimulatorOptions, startSimulator } from "../../simulator/server.ts";

export interface TimedSimulator {
  sim: Simulator;
  /** Epoch ms at which the response to each request target (path and query) last finished. */
  finishedAt: Map<string, number>;
}

export const benchApiKey = "bench-key";

export async function startTimedSimulator(options: SimulatorOptions): Promise<TimedSimulator> {
  const finishedAt = new Map<string, number>();
  const sim = await startSimulator({
    apiKey: benchApiKey,
    ...options,
    // The server logs "METHOD TARGET -> STATUS" once per finished response.
    log: (line) => {
      const match = /^[A-Z]+ (\S+) -> \d+/.exec(line);
      if (match?.[1] !== undefined) finishedAt.set(match[1], Date.now());
    },
  });
  return { sim, finishedAt };
}

/** Requests the simulator received, grouped by the task they concern. */
export function requestsByTask(sim: Simulator): Map<string, { create: number; poll: number; file: number }> {
  const counts = new Map<string, { create: number; poll: number; file: number }>();
  for (const request of sim.requests) {
    if (request.taskId === undefined) continue;
    const count = counts.get(request.taskId) ?? { create: 0, poll: 0, file: 0 };
    if (request.route === "create") count.create++;
    else if (request.route === "poll") count.poll++;
    else if (request.route === "file") count.file++;
    counts.set(request.taskId, count);
  }
  return counts;
}

/**
 * Real ms from the arrival of the first request on route `from` (the first create: a makespan; the first
 * file request: a download time) to the end of the last result-file response.
 */
export function apiSideSpan(
  timed: TimedSimulator,
  from: "create" | "file" = "create",
): { startMs: number; endMs: number; spanMs: number } {
  const { sim, finishedAt } = timed;
  let startMs = Number.POSITIVE_INFINITY;
  let endMs = Number.NEGATIVE_INFINITY;
  for (const request of sim.requests) {
    if (request.route === from) startMs = Math.min(startMs, request.at);
    if (request.route === "file") endMs = Math.max(endMs, finishedAt.get(request.path) ?? Number.NaN);
  }
  return { startMs, endMs, spanMs: endMs - startMs };
}
