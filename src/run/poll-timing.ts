import type { PollInterval } from "../models/polling.ts";

/** Completions of a model seen before its timing is trusted. */
const observationsNeeded = 5;
/** The share of a model's tasks that may finish before the first poll of its dense phase. */
const earlyShare = 0.1;

/**
 * When to poll a task next. A fixed interval polls every interval, ±10 % so tasks do not poll in lockstep.
 * A range (`2s-5s`) spends the same politeness where it pays: a task's age at completion varies a lot, but
 * tasks of one model in one run follow one distribution, so the timing learns it. A task's first poll waits
 * until the age by which a tenth of its model's tasks had finished (no poll before then is likely to find
 * anything), and later polls come at the short end. Until five tasks of the model have been seen to
 * finish, it polls at the geometric mean of the ends (3.2 s for 2–5 s).
 *
 * With the image guidance of 2–5 s and image times of 3–45 s, that is fewer requests than polling every
 * 3 s and a completion noticed about 1 s after it happens instead of 1.5 s; with concurrency, each slot
 * runs tasks back to back, so the saving adds up along the chain.
 */
export class PollTiming {
  /** Per model, until its early age is known: the first completions' ages. */
  private readonly firstAges = new Map<string, number[]>();
  /** Per model, the age by which `earlyShare` of its tasks have finished (tracked, see `observe`). */
  private readonly early = new Map<string, number>();
  private readonly random: () => number;

  constructor(random: () => number = Math.random) {
    this.random = random;
  }

  /**
   * Milliseconds to wait before the next poll of a `model` task that has been polled `polls` times, polled
   * at `interval` (its family's, or the `poll-interval` input's).
   */
  nextDelay(interval: PollInterval, model: string, polls: number): number {
    const { minMs, maxMs } = interval;
    if (minMs === maxMs) return minMs * (0.9 + this.random() * 0.2);
    const soon = this.early.get(model);
    let delay: number;
    if (soon === undefined) delay = Math.sqrt(minMs * maxMs);
    else delay = polls === 0 ? soon : minMs;
    // Jitter only upwards, the short end being the floor, and less of it: the early age already spreads
    // tasks' first polls, since tasks start whenever a slot frees.
    return delay * (1 + this.random() * 0.05);
  }

  /**
   * A poll saw a `model` task complete, `ageMs` after the task was followed; `polls` polls had come before.
   *
   * The first completions set the early age (the earliest of five, each taken halfway through the gap in
   * which it finished). From then on it is tracked as a quantile: a task already done at its first poll
   * says the early age is later than a tenth of the tasks, so it moves earlier by 9 steps (of a twentieth
   * of the short end); any other task moves it later by 1. It settles where one task in ten is done at its
   * first poll. Only that yes/no is used, because a task done at its first poll may have finished at any
   * age before it: taking its age as it is would drag the early age later with every jitter, and halving
   * it earlier.
   */
  observe(interval: PollInterval, model: string, ageMs: number, gapMs: number, polls: number): void {
    const { minMs, maxMs } = interval;
    if (minMs === maxMs) return;
    const soon = this.early.get(model);
    if (soon === undefined) {
      const ages = this.firstAges.get(model) ?? [];
      ages.push(Math.max(minMs, ageMs - gapMs / 2));
      this.firstAges.set(model, ages);
      if (ages.length >= observationsNeeded) this.early.set(model, Math.min(...ages));
      return;
    }
    const step = minMs / 20;
    const moved = polls === 0 ? soon - step * ((1 - earlyShare) / earlyShare) : soon + step;
    this.early.set(model, Math.max(minMs, moved));
  }
}
