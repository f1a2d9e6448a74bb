/**
 * Baseline (b) of S1, computed rather than measured: list scheduling of the tasks' actual durations, in
 * creation order, on `slots` slots. Each task starts the instant a slot frees, and its slot frees the instant
 * the task is noticed as complete; requests, downloads and process start cost nothing.
 */

/** Makespan of list scheduling; `noticedAfter(d)` is when a task of duration `d` is seen complete. */
export function listScheduleMakespan(
  durations: readonly number[],
  slots: number,
  noticedAfter: (duration: number) => number = (duration) => duration,
): number {
  const freeAt = Array.from({ length: Math.min(slots, durations.length) }, () => 0);
  for (const duration of durations) {
    let earliest = 0;
    for (let slot = 1; slot < freeAt.length; slot++) {
      if ((freeAt[slot] as number) < (freeAt[earliest] as number)) earliest = slot;
    }
    freeAt[earliest] = (freeAt[earliest] as number) + noticedAfter(duration);
  }
  return Math.max(0, ...freeAt);
}

/** The ideal schedule: each task is noticed the instant it completes. */
export function idealMakespan(durations: readonly number[], slots: number): number {
  return listScheduleMakespan(durations, slots);
}

/**
 * Polls a client polling every `intervalMs` from creation needs before one sees the task complete: the k-th
 * poll (at k × interval) sees it when k × interval ≥ duration; at least one.
 */
export function pollsToSeeCompletion(durationMs: number, intervalMs: number): number {
  return Math.max(1, Math.ceil(durationMs / intervalMs));
}

/**
 * The same schedule for a client that polls exactly every `intervalMs` and does nothing else: each task is
 * noticed at its first poll at or after completion. The best any client polling at that interval can do.
 */
export function pollingIdealMakespan(
  durations: readonly number[],
  slots: number,
  intervalMs: number,
): number {
  return listScheduleMakespan(durations, slots, (d) => pollsToSeeCompletion(d, intervalMs) * intervalMs);
}

/**
 * The fewest requests a task costs a client polling at `intervalMs`: one create, the polls up to and
 * including the one that sees completion, one download. Never below 3.
 */
export function minimumRequests(durationMs: number, intervalMs: number): number {
  return 1 + pollsToSeeCompletion(durationMs, intervalMs) + 1;
}
