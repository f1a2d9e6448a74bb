import { describe, expect, it } from "vitest";
import { logNormal, seededRandom } from "../../bench/support/seeded.ts";
import { fixedInterval, type PollInterval } from "../../src/models/polling.ts";
import { PollTiming } from "../../src/run/poll-timing.ts";

const range = { minMs: 2_000, maxMs: 5_000 };
const threeSeconds = fixedInterval(3_000);

/** Follows one task of `durationMs` as the scheduler does; returns its polls and when one saw it done. */
function follow(
  timing: PollTiming,
  interval: PollInterval,
  model: string,
  durationMs: number,
): { polls: number; noticedAt: number } {
  let age = 0;
  for (let polls = 0; ; polls++) {
    const gap = timing.nextDelay(interval, model, polls);
    age += gap;
    if (age >= durationMs) {
      timing.observe(interval, model, age, gap, polls);
      return { polls: polls + 1, noticedAt: age };
    }
  }
}

describe("poll timing", () => {
  it("polls a fixed interval with ±10 % jitter", () => {
    const timing = new PollTiming(seededRandom(1));
    const delays = Array.from({ length: 500 }, (_, i) => timing.nextDelay(threeSeconds, "m", i % 5));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(2_700);
    expect(Math.max(...delays)).toBeLessThanOrEqual(3_300);
    expect(Math.max(...delays) - Math.min(...delays)).toBeGreaterThan(400);
  });

  it("with a range, polls at the geometric mean until five tasks of the model have finished", () => {
    const timing = new PollTiming(seededRandom(2));
    for (let i = 0; i < 4; i++) timing.observe(range, "m", 10_000, 2_000, 3);
    const delay = timing.nextDelay(range, "m", 0);
    expect(delay).toBeGreaterThanOrEqual(Math.sqrt(2_000 * 5_000));
    expect(delay).toBeLessThanOrEqual(Math.sqrt(2_000 * 5_000) * 1.1);
  });

  it("waits for the early age before the first poll, then polls at the short end", () => {
    const timing = new PollTiming(() => 0);
    // Five completions seen 9 s to 13 s after the task was followed, each within a 2 s gap: the earliest
    // finished at about 8 s.
    for (let i = 0; i < 5; i++) timing.observe(range, "m", 9_000 + i * 1_000, 2_000, 3);
    expect(timing.nextDelay(range, "m", 0)).toBe(8_000);
    expect(timing.nextDelay(range, "m", 1)).toBe(2_000);
    expect(timing.nextDelay(range, "m", 7)).toBe(2_000);
    // Another model has its own timing.
    expect(timing.nextDelay(range, "other", 0)).toBeCloseTo(Math.sqrt(2_000 * 5_000));
  });

  it("moves the early age earlier when a task was done at its first poll, later otherwise", () => {
    const timing = new PollTiming(() => 0);
    for (let i = 0; i < 5; i++) timing.observe(range, "m", 9_000, 2_000, 3);
    expect(timing.nextDelay(range, "m", 0)).toBe(8_000);
    timing.observe(range, "m", 8_000, 8_000, 0);
    expect(timing.nextDelay(range, "m", 0)).toBe(7_100);
    timing.observe(range, "m", 12_000, 2_000, 3);
    expect(timing.nextDelay(range, "m", 0)).toBe(7_200);
    // A fixed interval learns nothing.
    const fixed = new PollTiming(() => 0.5);
    for (let i = 0; i < 10; i++) fixed.observe(threeSeconds, "m", 1_000, 3_000, 0);
    expect(fixed.nextDelay(threeSeconds, "m", 0)).toBe(3_000);
  });

  it("never polls a task sooner than the short end, and once learned, after its first poll within 5 % of it", () => {
    const random = seededRandom(3);
    const timing = new PollTiming(random);
    for (let i = 0; i < 2_000; i++) {
      if (i % 7 === 0) timing.observe(range, "m", random() * 40_000, 2_000 + random() * 3_000, i % 3);
      const polls = Math.floor(random() * 10);
      const delay = timing.nextDelay(range, "m", polls);
      expect(delay).toBeGreaterThanOrEqual(2_000);
      // Five completions (i = 28) teach the early age; before that, the geometric mean of the ends.
      if (polls > 0 && i > 28) expect(delay).toBeLessThanOrEqual(2_100);
      expect(delay).toBeLessThanOrEqual(i > 28 ? 60_000 : 5_000);
    }
  });

  it("on image-like durations, notices completions sooner than every 3 s, with no more polls", () => {
    const random = seededRandom(20_261_125);
    const durations = Array.from(
      { length: 400 },
      () => 500 + random() * 1_500 + logNormal(random, 10_000, 0.45, 3_000, 45_000),
    );
    const measure = (interval: PollInterval) => {
      const timing = new PollTiming(seededRandom(4));
      let polls = 0;
      let late = 0;
      let atFirstPoll = 0;
      durations.forEach((duration, i) => {
        const seen = follow(timing, interval, "m", duration);
        polls += seen.polls;
        late += seen.noticedAt - duration;
        if (i >= 100 && seen.polls === 1) atFirstPoll++;
      });
      const n = durations.length;
      return { polls: polls / n, lateMs: late / n, doneAtFirstPoll: atFirstPoll / (n - 100) };
    };
    const every3s = measure(threeSeconds);
    const adaptive = measure(range);
    expect(every3s.lateMs).toBeGreaterThan(1_400);
    expect(adaptive.lateMs).toBeLessThan(every3s.lateMs * 0.8);
    expect(adaptive.polls).toBeLessThanOrEqual(every3s.polls);
    // Once learned, about one task in ten is already done at its first poll.
    expect(adaptive.doneAtFirstPoll).toBeGreaterThan(0.05);
    expect(adaptive.doneAtFirstPoll).toBeLessThan(0.2);
  });
});
