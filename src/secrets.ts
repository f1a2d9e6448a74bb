/**
 * The values that must never leave the process: the API key, the GitHub token and the runner's own tokens.
 * Every exit (log lines, annotations, the job summary, outputs, results.json, text files, comments) passes
 * its text through `redact` before writing it, and before encoding it for its sink (JSON, Markdown), since an
 * encoded key no longer matches; see docs/security.md.
 *
 * A leaf module with process-wide state, like the runner's own mask list: the key is registered once, at the
 * edge where it is read, and every writer below can redact without being handed it.
 */

/** What a secret is replaced with: the runner's own mask. */
export const mask = "***";

/**
 * Shorter values are not masked: a real key is tens of characters, and masking every "abc" in a run's
 * output would garble it without protecting anything.
 */
const shortestSecret = 6;

/** Every written form of every registered secret, longest first (a form may contain a shorter one). */
let forms: string[] = [];

/**
 * Registers a value that must never be written. Its spellings in JSON and in URLs are registered too: the API
 * may echo the key inside a JSON string (or a JSON error inside a JSON body: escaped twice), and an error
 * text we keep may quote the body as it came.
 */
export function registerSecret(value: string | undefined): void {
  if (!value || value.length < shortestSecret) return;
  const inJson = (text: string) => JSON.stringify(text).slice(1, -1);
  const spellings = new Set([value, inJson(value), inJson(inJson(value)), encodeURIComponent(value)]);
  // A key pasted with a line break would be masked by the runner line by line; do the same.
  for (const line of value.split(/\r?\n/)) if (line.trim().length >= shortestSecret) spellings.add(line);
  forms = [...new Set([...forms, ...spellings])].sort((a, b) => b.length - a.length);
}

/** The text with every registered secret, in any of its spellings, replaced by `***`. */
export function redact(text: string): string {
  let out = text;
  for (const form of forms) if (out.includes(form)) out = out.split(form).join(mask);
  return out;
}

/**
 * A value (a record, a change to one) with every string in it redacted. Redact text before it is encoded for
 * a sink: once JSON or Markdown has escaped a key's quotes and backslashes, no registered spelling matches.
 */
export function redactValue<T>(value: T): T {
  if (typeof value === "string") return redact(value) as T;
  if (Array.isArray(value)) return value.map(redactValue) as T;
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, redactValue(v)])) as T;
  }
  return value;
}

/** True when the text holds a registered secret (for tests and for assertions at the exits). */
export function holdsSecret(text: string): boolean {
  return forms.some((form) => text.includes(form));
}

/** Forgets every registered secret; for tests that run several configurations in one process. */
export function forgetSecrets(): void {
  forms = [];
}
