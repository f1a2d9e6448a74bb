import { ConfigError } from "../errors.ts";

const unitMs: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Parses durations as users write them in workflow files: `30s`, `500ms`, `2m`, `5h30m`, `1.5s`.
 * A bare number means seconds, as `timeout-minutes` users would guess wrong otherwise either way.
 */
export function parseDuration(text: string, inputName: string): number {
  const value = text.trim();
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const part = /(\d+(?:\.\d+)?)(ms|h|m|s)/gy;
  let total = 0;
  let consumed = 0;
  for (const match of value.matchAll(part)) {
    total += Number(match[1]) * (unitMs[match[2] ?? "s"] ?? 1000);
    consumed += match[0].length;
  }
  if (value === "" || consumed !== value.length) {
    throw new ConfigError(
      `input "${inputName}": "${text}" is not a duration; write it like 30s, 500ms, 2m or 5h30m`,
    );
  }
  return Math.round(total);
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const seconds = Math.round(ms / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return [h ? `${h}h` : "", m ? `${m}m` : "", s || (!h && !m) ? `${s}s` : ""].join("");
}
