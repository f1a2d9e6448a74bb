import { describe, expect, it } from "vitest";
import { formatDuration, parseDuration, pollIntervalRange, timeoutRange } from "../../src/plan/duration.ts";
import { maxTimerMs } from "../../src/timer-limit.ts";

describe("durations as users write them", () => {
  it.each([
    ["30s", 30_000],
    ["500ms", 500],
    ["2m", 120_000],
    ["5h30m", 19_800_000],
    ["1.5s", 1_500],
    ["45", 45_000],
  ])("reads %s", (text, ms) => {
    expect(parseDuration(text, "timeout")).toBe(ms);
  });

  it("names the input and the accepted forms for nonsense", () => {
    expect(() => parseDuration("soon", "poll-interval")).toThrow(
      /input "poll-interval": "soon" is not a duration; write it like 30s/,
    );
    expect(() => parseDuration("5x", "timeout")).toThrow(/timeout/);
  });

  it("formats elapsed time compactly", () => {
    expect(formatDuration(250)).toBe("250ms");
    expect(formatDuration(65_000)).toBe("1m5s");
    expect(formatDuration(3_600_000)).toBe("1h");
  });
});

describe("duration limits", () => {
  it("accepts both ends of a range and names the limit crossed outside it", () => {
    expect(parseDuration("1s", "timeout", timeoutRange)).toBe(1_000);
    expect(parseDuration("120h", "timeout", timeoutRange)).toBe(432_000_000);
    expect(parseDuration("50ms", "poll-interval", pollIntervalRange)).toBe(50);
    expect(parseDuration("1h", "poll-interval", pollIntervalRange)).toBe(3_600_000);
    expect(() => parseDuration("120h1s", "timeout", timeoutRange)).toThrow(
      /^input "timeout": "120h1s" is longer than the limit of 120h; it must be from 1s to 120h \(a GitHub job runs at most 5 days\)\.$/,
    );
    expect(() => parseDuration("999ms", "timeout", timeoutRange)).toThrow(/shorter than the limit of 1s/);
    expect(() => parseDuration("49ms", "poll-interval", pollIntervalRange)).toThrow(
      /input "poll-interval": "49ms" is shorter than the limit of 50ms/,
    );
    expect(() => parseDuration("61m", "poll-interval", pollIntervalRange)).toThrow(
      /longer than the limit of 1h/,
    );
  });

  it("keeps every limit within what a Node timer can hold", () => {
    expect(timeoutRange.maxMs).toBeLessThan(maxTimerMs);
    expect(pollIntervalRange.maxMs).toBeLessThan(maxTimerMs);
    // So many digits that the number is Infinity: still a range error, not a 1 ms timer.
    expect(() => parseDuration(`${"9".repeat(400)}h`, "timeout", timeoutRange)).toThrow(
      /longer than the limit/,
    );
  });
});
