/** Lower-cases and drops separators, so "sora-2", "Sora_2" and "sora2" compare equal. */
export function normalizeId(id: string): string {
  return id.toLowerCase().replace(/[^a-z0-9]/g, "");
}

/** Levenshtein distance: insertions, deletions and substitutions all cost 1. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * Distance from `needle` to the best-matching stretch of `haystack`: text around the match is free,
 * so "sora2" is 0 away from "openaisora2plus".
 */
export function infixDistance(needle: string, haystack: string): number {
  let previous = Array.from({ length: haystack.length + 1 }, () => 0);
  for (let i = 1; i <= needle.length; i++) {
    const current = [i];
    for (let j = 1; j <= haystack.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (needle[i - 1] === haystack[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return Math.min(...previous);
}

function commonPrefixLength(a: string, b: string): number {
  let length = 0;
  while (length < a.length && length < b.length && a[length] === b[length]) length++;
  return length;
}

/**
 * How far `candidate` is from what the user typed; lower is closer. Combines the plain edit distance
 * with the infix distance (ids are often typed as a fragment, e.g. "sora-2" for "openAiSora2Plus")
 * and rewards a shared prefix, which is where family names sit ("seedance_…", "nano-banana-…").
 */
export function idDistance(typed: string, candidate: string): number {
  const a = normalizeId(typed);
  const b = normalizeId(candidate);
  const whole = editDistance(a, b);
  const fragment = infixDistance(a, b) + 1;
  const prefixBonus = Math.min(commonPrefixLength(a, b), 6) * 0.5;
  // Breaks ties by the raw spelling, so "nano-banana-3" prefers "nano-banana-2" to "nano-banana".
  const tieBreak = editDistance(typed.toLowerCase(), candidate.toLowerCase()) / 100;
  return Math.min(whole, fragment) - prefixBonus + tieBreak;
}

/** The item with the lowest score, the first one on a tie; undefined only when there are none. */
export function lowestBy<T>(items: readonly T[], score: (item: T) => number): T | undefined {
  let best: T | undefined;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const item of items) {
    const value = score(item);
    if (value < bestScore) {
      best = item;
      bestScore = value;
    }
  }
  return best;
}

/** The candidate closest to `typed`, the first one on a tie; undefined only when there are none. */
export function closestMatch(typed: string, candidates: readonly string[]): string | undefined {
  return lowestBy(candidates, (candidate) => idDistance(typed, candidate));
}
