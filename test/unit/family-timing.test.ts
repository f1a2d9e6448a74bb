/**
 * Each family's poll interval and typical duration against api-reference.md 2.5 and 2.7. The expected values
 * are copied from the reference, never computed from the registry.
 */
import { describe, expect, it } from "vitest";
import { families } from "../../src/models/registry.ts";

/** 2.7: the lower end of each documented typical time, in seconds; families it leaves out have none. */
const typicalSeconds: Record<string, number> = {
  sora: 120, // 10 s clip: 2–5 min
  veo: 120, // 2–5 min (reference mode 2–4, first/last frames 3–5)
  "seedance-1.5": 120, // 720p: 2–5 min
  vidu: 120, // turbo: 2–4 min
  grok: 120, // 6–10 s clips: 2–4 min
  "seedance-2.0": 60, // fast models 1–3 min (standard 2–5): the family's one value is the lower end
};

/** 2.5 by kind, and Seedance 2.0's own 20–40 s (its query page). */
const intervals: Record<string, { minMs: number; maxMs: number }> = {
  "seedance-2.0": { minMs: 20_000, maxMs: 40_000 },
};
const kindRange: Record<string, [number, number]> = {
  video: [30_000, 60_000],
  image: [2_000, 5_000],
  audio: [5_000, 10_000],
};

describe("poll timing per family (api-reference 2.5, 2.7)", () => {
  it.each(families.filter((family) => family.polling).map((family) => [family.id, family] as const))(
    "%s",
    (id, family) => {
      expect(family.typicalSeconds).toBe(typicalSeconds[id]);
      const polling = family.polling;
      if (!polling) return;
      const own = intervals[id];
      if (own) {
        expect(polling.interval).toEqual(own);
        expect(polling.minimumMs).toBe(own.minMs);
      } else {
        const [low, high] = kindRange[family.kind] ?? [0, 0];
        expect(polling.interval.minMs).toBeGreaterThanOrEqual(low);
        expect(polling.interval.maxMs).toBeLessThanOrEqual(high);
        expect(polling.minimumMs).toBeGreaterThanOrEqual(low);
      }
    },
  );
});
