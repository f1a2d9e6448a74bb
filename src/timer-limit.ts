/**
 * The longest delay Node's timers take: 2^31-1 ms, about 24.8 days. A longer one is not an error in
 * Node but a 1 ms timer (with a TimeoutOverflowWarning), so a wait meant to be long becomes a tight loop.
 */
export const maxTimerMs = 2 ** 31 - 1;

/** A delay a timer can hold: never negative, never past the overflow, never NaN. */
export function timerDelay(ms: number): number {
  return Number.isNaN(ms) ? 0 : Math.min(Math.max(ms, 0), maxTimerMs);
}
