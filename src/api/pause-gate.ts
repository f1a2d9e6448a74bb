import { setTimeout as delay } from "node:timers/promises";
import { timerDelay } from "../timer-limit.ts";

/**
 * One budget for the whole batch: when the API answers 429 to any task, every request waits, so a
 * rate-limited API is not hammered by the other tasks' polls. The API client pauses it from its retry
 * policy's waits and waits on it before each create and poll.
 */
export class PauseGate {
  private until = 0;
  private readonly log: (line: string) => void;
  constructor(log: (line: string) => void) {
    this.log = log;
  }
  pause(ms: number, reason: string): void {
    const until = Date.now() + timerDelay(ms);
    if (until <= this.until) return;
    if (this.until < Date.now())
      this.log(`The API asked to slow down (${reason}): pausing every request for ${Math.ceil(ms / 1000)}s.`);
    this.until = until;
  }
  /** Until the pause ends, or `signal` (the deadline's) aborts: a long pause never outlives the run. */
  async wait(signal?: AbortSignal): Promise<void> {
    while (this.until > Date.now() && !signal?.aborted) {
      await delay(timerDelay(this.until - Date.now()), undefined, { signal }).catch(() => undefined);
    }
  }
}
