/**
 * References to reference media (design 9) inside any JSON value: a request body built from the common
 * fields, `params`, or an `endpoint` task's verbatim body. Only a string that is exactly `asset:<name>` or
 * `file:<path>` is a reference; `asset://<id>` and `assetId://<id>` are asset-library ids the API reads
 * itself, and pass through like any URL.
 */

export type Reference = { kind: "asset"; name: string } | { kind: "file"; path: string };

/** Where a reference was found: the keys and indexes from the root of the value. */
export interface FoundReference {
  reference: Reference;
  at: readonly (string | number)[];
}

/** `asset:` not followed by `//`: the id forms `asset://…` are the API's own, not a name of ours. */
const assetPattern = /^asset:(?!\/\/)(.+)$/s;
const filePattern = /^file:(.+)$/s;

/** The reference a string is, or undefined for any other string. */
export function referenceOf(value: string): Reference | undefined {
  const asset = assetPattern.exec(value);
  if (asset?.[1] !== undefined) return { kind: "asset", name: asset[1] };
  const file = filePattern.exec(value);
  if (file?.[1] !== undefined) return { kind: "file", path: file[1] };
  return undefined;
}

/** Every reference in `value`, in document order. */
export function findReferences(value: unknown): FoundReference[] {
  const found: FoundReference[] = [];
  const visit = (node: unknown, at: (string | number)[]): void => {
    if (typeof node === "string") {
      const reference = referenceOf(node);
      if (reference) found.push({ reference, at });
    } else if (Array.isArray(node)) {
      node.forEach((item, i) => {
        visit(item, [...at, i]);
      });
    } else if (isPlainObject(node)) {
      for (const [key, item] of Object.entries(node)) visit(item, [...at, key]);
    }
  };
  visit(value, []);
  return found;
}

/**
 * A copy of `value` with each reference replaced by what `replace` returns for it; the value itself is
 * never changed (a task keeps its body as written).
 */
export function replaceReferences<T>(value: T, replace: (reference: Reference) => string): T {
  const visit = (node: unknown): unknown => {
    if (typeof node === "string") {
      const reference = referenceOf(node);
      return reference ? replace(reference) : node;
    }
    if (Array.isArray(node)) return node.map(visit);
    if (isPlainObject(node)) {
      // defineProperty: a "__proto__" key of the JSON stays an own key instead of setting the prototype.
      const copy: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(node)) {
        Object.defineProperty(copy, key, {
          value: visit(item),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return copy;
    }
    return node;
  };
  return visit(value) as T;
}

/** Unique values, first occurrence first. */
export function distinct<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
