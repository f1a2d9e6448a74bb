import { setTimeout as delay } from "node:timers/promises";
import { timerDelay } from "../timer-limit.ts";

/** Time as the scheduler sees it; tests pass their own. */
export interface Clock {
  now(): number;
  /** Resolves after `ms`, or early (without throwing) when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: async (ms, signal) => {
    if (signal?.aborted || !(ms > 0)) return;
    await delay(timerDelay(ms), undefined, { signal }).catch(() => undefined);
  },
};

/**
 * The wall-clock budget of the step. Its signal aborts every wait and request when the time is up, so
 * the run delivers what exists instead of being killed by the runner.
 */
export class Deadline {
  readonly at: number;
  private readonly controller = new AbortController();
  private readonly clock: Clock;
  private timer: NodeJS.Timeout | undefined;

  constructor(clock: Clock, budgetMs: number) {
    this.clock = clock;
    this.at = clock.now() + budgetMs;
    this.arm(budgetMs);
  }

  /** A budget longer than one timer can hold is waited out in several. */
  private arm(ms: number): void {
    const wait = timerDelay(ms);
    this.timer = setTimeout(() => {
      if (ms > wait) this.arm(ms - wait);
      else this.controller.abort(new Error("deadline"));
    }, wait);
    this.timer.unref();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  remaining(): number {
    return Math.max(0, this.at - this.clock.now());
  }

  passed(): boolean {
    return this.controller.signal.aborted || this.remaining() <= 0;
  }

  /** Ends the budget early (a signal from the runner). */
  stop(reason: string): void {
    this.controller.abort(new Error(reason));
  }

  dispose(): void {
    clearTimeout(this.timer);
  }
}
