import { describe, expect, it } from "vitest";
import { parseRetryAfter, retryPolicy } from "../../src/api/backoff.ts";
import { PauseGate } from "../../src/api/pause-gate.ts";
import { Deadline, systemClock } from "../../src/run/clock.ts";
import { maxTimerMs, timerDelay } from "../../src/timer-limit.ts";

/** Node warns (TimeoutOverflowWarning) and fires after 1 ms when a timer is given more than it holds. */
async function warningsDuring(work: () => Promise<void> | void): Promise<string[]> {
  const seen: string[] = [];
  const listen = (warning: Error) => seen.push(warning.name);
  process.on("warning", listen);
  try {
    await work();
    await new Promise((resolve) => setTimeout(resolve, 20));
  } finally {
    process.off("warning", listen);
  }
  return seen;
}

describe("waits that a timer can hold", () => {
  it("clamps a delay into 0..2^31-1 ms", () => {
    expect(timerDelay(-5)).toBe(0);
    expect(timerDelay(Number.NaN)).toBe(0);
    expect(timerDelay(1e15)).toBe(maxTimerMs);
    expect(timerDelay(Number.POSITIVE_INFINITY)).toBe(maxTimerMs);
    expect(timerDelay(250)).toBe(250);
  });

  it("reads a hostile Retry-After of 10^12 seconds, or a date centuries away, as the longest timer", () => {
    expect(parseRetryAfter("1000000000000", 0)).toBe(maxTimerMs);
    expect(parseRetryAfter("Fri, 31 Dec 2999 23:59:59 GMT", Date.now())).toBe(maxTimerMs);
    expect(parseRetryAfter("2", 0)).toBe(2_000);
  });

  it("gives up instead of retrying at once when Retry-After is past the deadline", async () => {
    const deadline = new Deadline(systemClock, 60_000);
    let outcome: Error | null | undefined;
    const policy = retryPolicy({
      statusCodes: [429],
      errorCodes: [],
      backoff: { baseMs: 10, capMs: 100, maxRetries: 5 },
      deadline,
    });
    const error = Object.assign(new Error("429"), {
      statusCode: 429,
      headers: { "retry-after": "1000000000000" },
    });
    const warnings = await warningsDuring(() => {
      policy(error, { state: { counter: 1 } }, (e) => {
        outcome = e;
      });
    });
    deadline.dispose();
    expect(outcome).toBe(error);
    expect(warnings).toEqual([]);
  });

  it("holds a budget longer than one timer without ending it early", async () => {
    const warnings = await warningsDuring(async () => {
      const deadline = new Deadline(systemClock, 30 * 24 * 3_600_000);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(deadline.passed()).toBe(false);
      deadline.dispose();
    });
    expect(warnings).toEqual([]);
  });

  it("sleeps for an overlong wait without a tight loop, until the signal aborts", async () => {
    const controller = new AbortController();
    const warnings = await warningsDuring(async () => {
      const started = Date.now();
      setTimeout(() => controller.abort(), 30);
      await systemClock.sleep(1e15, controller.signal);
      expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    });
    expect(warnings).toEqual([]);
  });

  it("ends a batch pause of years when the deadline's signal aborts, not when the pause does", async () => {
    const gate = new PauseGate(() => undefined);
    const controller = new AbortController();
    const warnings = await warningsDuring(async () => {
      gate.pause(1e15, "HTTP 429");
      const started = Date.now();
      setTimeout(() => controller.abort(), 30);
      await gate.wait(controller.signal);
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    });
    expect(warnings).toEqual([]);
  });
});
