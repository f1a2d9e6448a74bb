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
  walkStrings(value, (text, at) => {
    const reference = referenceOf(text);
    if (reference) found.push({ reference, at: at() });
  });
  return found;
}

/**
 * A copy of `value` with each reference replaced by what `replace` returns for it; the value itself is
 * never changed (a task keeps its body as written). Only the containers on the way to a reference are copied.
 */
export function replaceReferences<T>(value: T, replace: (reference: Reference) => string): T {
  const found = findReferences(value);
  if (found.length === 0) return value;
  const holder: Record<string, unknown> = { value };
  const copies = new Map<object, Record<string | number, unknown>>();
  for (const { reference, at } of found) {
    let container: Record<string | number, unknown> = holder;
    let key: string | number = "value";
    for (const step of at) {
      const original = container[key] as object;
      let copy = copies.get(original);
      if (copy === undefined) {
        // Spread keeps a "__proto__" key of the JSON an own key; it never sets the prototype.
        copy = (Array.isArray(original) ? original.slice() : { ...original }) as Record<
          string | number,
          unknown
        >;
        copies.set(original, copy);
      }
      setOwn(container, key, copy);
      container = copy;
      key = step;
    }
    setOwn(container, key, replace(reference));
  }
  return holder.value as T;
}

type PathLink = { parent: PathLink; key: string | number } | undefined;

/**
 * Calls `visit` for every string in `value` with a way to get its path. Iterative, so a body nested
 * thousands deep (a manifest's `params` may be anything) cannot overflow the stack; a container that holds
 * itself (a YAML alias of its own anchor) is not entered again. Only arrays and plain objects are entered.
 */
function walkStrings(value: unknown, visit: (text: string, at: () => (string | number)[]) => void): void {
  const onPath = new Set<object>();
  const stack: ({ node: unknown; link: PathLink } | { leave: object })[] = [{ node: value, link: undefined }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    if ("leave" in item) {
      onPath.delete(item.leave);
      continue;
    }
    const { node, link } = item;
    if (typeof node === "string") {
      visit(node, () => pathOf(link));
      continue;
    }
    if (!isContainer(node) || onPath.has(node)) continue;
    onPath.add(node);
    stack.push({ leave: node });
    const entries: [string | number, unknown][] = Array.isArray(node)
      ? node.map((child, i) => [i, child])
      : Object.entries(node);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i] as [string | number, unknown];
      stack.push({ node: child, link: { parent: link, key } });
    }
  }
}

function pathOf(link: PathLink): (string | number)[] {
  const path: (string | number)[] = [];
  for (let at = link; at !== undefined; at = at.parent) path.push(at.key);
  return path.reverse();
}

function setOwn(target: Record<string | number, unknown>, key: string | number, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Unique values, first occurrence first. */
export function distinct<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

function isContainer(value: unknown): value is object {
  if (typeof value !== "object" || value === null) return false;
  if (Array.isArray(value)) return true;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
