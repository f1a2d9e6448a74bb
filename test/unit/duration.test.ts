import { describe, expect, it } from "vitest";
import { formatDuration, parseDuration } from "../../src/plan/duration.ts";

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
