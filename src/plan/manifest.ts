import { LineCounter, parseDocument } from "yaml";
import { z } from "zod";
import { ConfigError, type Problem } from "../errors.ts";
import { commonFieldSchemas } from "../models/family.ts";

/** A task name is also a file stem: no separators, no dot-only names. */
export const taskNamePattern = /^(?!\.{1,2}$)[A-Za-z0-9._-]{1,100}$/;
export const taskNameRule = "1–100 characters of A–Z, a–z, 0–9, '.', '_' or '-' (it is the output file stem)";

/**
 * Fields a task may set and `defaults` may preset (design section 3): the common fields of models/family.ts,
 * with `prompt-file` beside `prompt` (key order is the order error messages list them in).
 */
const { prompt, ...mediaAndShape } = commonFieldSchemas;
const taskFields = {
  model: z.string().min(1),
  prompt,
  "prompt-file": z.string().min(1),
  ...mediaAndShape,
  params: z.record(z.string(), z.unknown()),
};

export const manifestDefaultsSchema = z.object(taskFields).partial().strict();

/**
 * The `endpoint` form (design 8): a path under base-url and a body sent as written. Task-level only:
 * `defaults` preset model tasks. Its rules (a path, not a host; one form or the other) are endpoint-task.ts's.
 */
const endpointFields = {
  endpoint: z.string(),
  kind: z.enum(["video", "image", "audio"]),
  body: z.record(z.string(), z.unknown()),
  poll: z.string(),
};

export const manifestTaskSchema = manifestDefaultsSchema
  .extend({
    name: z.string().regex(taskNamePattern, { message: `must be ${taskNameRule}` }),
    ...z.object(endpointFields).partial().shape,
    // Names another task, so it is the task's own: a default voice would make every task wait on one clone.
    voice: z
      .string()
      .regex(taskNamePattern, { message: "must be the name of a soundCloningClone task" })
      .optional(),
  })
  .strict();

export const assetTypes = ["image", "video", "audio"] as const;
export const assetLibraries = ["seedance2", "sd2-manxue"] as const;

/**
 * One entry of `assets` (design 9): media uploaded to an asset library once and referenced as
 * `asset:<name>`. Its source is a public https URL (the library downloads it) or a workspace file, which is
 * published on the media branch first.
 */
export const manifestAssetSchema = z
  .object({
    url: z
      .string()
      .refine((value) => URL.canParse(value) && new URL(value).protocol === "https:", {
        message: "must be a public https:// URL (the asset library downloads it)",
      })
      .optional(),
    file: z.string().min(1).optional(),
    type: z.enum(assetTypes),
    library: z.enum(assetLibraries),
  })
  .strict()
  .superRefine((asset, ctx) => {
    if ((asset.url === undefined) === (asset.file === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: asset.url === undefined ? [] : ["file"],
        message: 'needs exactly one of "url" (a public https URL) and "file" (a file in the workspace)',
      });
    }
  });

export type ManifestAsset = z.infer<typeof manifestAssetSchema>;
const assetFieldNames = ["url", "file", "type", "library"];

export const manifestSchema = z
  .object({
    defaults: manifestDefaultsSchema.optional(),
    assets: z.record(z.string(), manifestAssetSchema).optional(),
    tasks: z.array(manifestTaskSchema).min(1, { message: "needs at least one task" }),
  })
  .strict();

export type Manifest = z.infer<typeof manifestSchema>;
export type ManifestTask = z.infer<typeof manifestTaskSchema>;

export interface ParsedManifest {
  manifest: Manifest;
  /** Line (1-based) of a value in the file, by its path (e.g. ["tasks", 2, "params", "seed"]). */
  lineOf(path: readonly PropertyKey[]): number | undefined;
}

/** A YAML or JSON document's values, and the line of any value in it by its path. */
export interface LinedDocument {
  data: unknown;
  lineOf(path: readonly PropertyKey[]): number | undefined;
}

/**
 * Parses YAML or JSON text with line numbers (JSON is YAML 1.2), refusing a malformed document with the
 * line of each mistake. The manifest and the price table (prices.ts) both start here.
 */
export function parseYamlWithLines(text: string, displayName: string): LinedDocument {
  const lineCounter = new LineCounter();
  // logLevel "error": a key that is a list or a mapping is reported as an unknown field, not also as a
  // process warning on stderr.
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, logLevel: "error" });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      doc.errors.slice(0, 5).map((error) => {
        const line = lineCounter.linePos(error.pos[0]).line;
        return {
          message: `${displayName}:${line}: not valid YAML/JSON: ${error.message.split("\n")[0]}`,
          location: { file: displayName, line },
        };
      }),
    );
  }
  const lineOf = (path: readonly PropertyKey[]): number | undefined => {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = doc.getIn(path.slice(0, depth) as unknown[], true) as
        | { range?: [number, number] }
        | undefined;
      if (node && typeof node === "object" && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };
  let data: unknown;
  try {
    data = doc.toJS();
  } catch (error) {
    throw new ConfigError({
      message: `${displayName}: not valid YAML/JSON: ${yamlFailure(error)}`,
      location: { file: displayName },
    });
  }
  return { data, lineOf };
}

/**
 * Parses a manifest's text. JSON is read by the YAML parser too (JSON is YAML 1.2), so both formats
 * get line numbers in their errors. `displayName` is how the file is named in messages.
 */
export function parseManifest(text: string, displayName: string): ParsedManifest {
  const { data, lineOf } = parseYamlWithLines(text, displayName);
  const result = manifestSchema.safeParse(data);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.slice(0, 20).map((issue) => manifestProblem(issue, data, displayName, lineOf)),
    );
  }
  // Keys the user wrote twice under different spellings are caught by `uniqueKeys`; names repeated
  // across tasks are checked here, where the lines are known.
  const problems: Problem[] = [];
  for (const name of Object.keys(result.data.assets ?? {})) {
    if (taskNamePattern.test(name)) continue;
    const line = lineOf(["assets", name]);
    problems.push({
      message: `${displayName}${line ? `:${line}` : ""}: asset "${name}": the name must be ${taskNameRule.replace(" (it is the output file stem)", "")}`,
      location: { file: displayName, line },
    });
  }
  const seen = new Map<string, number>();
  result.data.tasks.forEach((task, index) => {
    const first = seen.get(task.name);
    const line = lineOf(["tasks", index, "name"]);
    if (first !== undefined) {
      problems.push({
        message: `${displayName}${line ? `:${line}` : ""}: task "${task.name}": name is used twice (tasks ${first + 1} and ${index + 1}); names must be unique`,
        location: { file: displayName, line },
      });
    } else seen.set(task.name, index);
  });
  if (problems.length) throw new ConfigError(problems);
  return { manifest: result.data, lineOf };
}

function manifestProblem(
  issue: z.core.$ZodIssue,
  data: unknown,
  file: string,
  lineOf: (path: readonly PropertyKey[]) => number | undefined,
): Problem {
  const path = issue.path;
  const unknownKeys = issue.code === "unrecognized_keys" ? issue.keys : [];
  const fieldPath = unknownKeys.length ? [...path, unknownKeys[0] as string] : path;
  const line = lineOf(fieldPath);
  const where = `${file}${line ? `:${line}` : ""}`;
  let subject = "manifest";
  let rest = path;
  if (path[0] === "tasks" && typeof path[1] === "number") {
    const name = taskName(data, path[1]);
    subject = name ? `task "${name}"` : `task ${path[1] + 1}`;
    rest = path.slice(2);
  } else if (path[0] === "defaults") {
    subject = "defaults";
    rest = path.slice(1);
  } else if (path[0] === "assets" && path[1] !== undefined) {
    subject = `asset "${String(path[1])}"`;
    rest = path.slice(2);
  }
  if (unknownKeys.length) {
    const allowed =
      path[0] === "tasks"
        ? ["name", ...Object.keys(taskFields), "voice", ...Object.keys(endpointFields)]
        : path[0] === "defaults"
          ? Object.keys(taskFields)
          : path[0] === "assets"
            ? assetFieldNames
            : ["defaults", "assets", "tasks"];
    const hint = path[0] === "assets" ? "" : ' (family-specific request fields go under "params")';
    return {
      message: `${where}: ${subject}: unknown field${unknownKeys.length > 1 ? "s" : ""} ${unknownKeys.map((k) => `"${k}"`).join(", ")}; allowed: ${allowed.join(", ")}${hint}`,
      location: { file, line },
    };
  }
  const field = rest.length ? `field "${rest.map(String).join(".")}"` : "";
  const message = issue.code === "invalid_type" ? typeMismatch(issue.expected, path, data) : issue.message;
  return {
    message: `${where}: ${subject}${field ? `: ${field}` : ""}: ${message}`,
    location: { file, line },
  };
}

/**
 * Why the YAML library gave up turning a document into values. Its alias limit guards against a
 * "billion laughs" document, whose few lines of `*alias` references would expand to gigabytes.
 */
export function yamlFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/excessive alias count/i.test(message)) {
    return "its aliases (*name) expand to too many values; write the values out instead of referencing them";
  }
  return message.split("\n")[0] ?? message;
}

/** Zod 4 issues carry no input: the value is looked up where the issue points, to say what was found. */
function typeMismatch(expected: string, path: readonly PropertyKey[], data: unknown): string {
  const found = valueAt(data, path);
  if (!found.present) return "is required";
  const value = found.value;
  const wanted = expectedNames[expected] ?? expected;
  const hint =
    expected === "string" && (typeof value === "number" || typeof value === "boolean")
      ? "; put it in quotes to use it as text"
      : expected === "number" &&
          typeof value === "string" &&
          value.trim() !== "" &&
          Number.isFinite(Number(value))
        ? "; write it without quotes"
        : "";
  return `expected ${wanted}, found ${describeValue(value)}${hint}`;
}

const expectedNames: Record<string, string> = {
  string: "a string",
  number: "a number",
  array: "a list",
  object: "a mapping",
  record: "a mapping",
  boolean: "true or false",
};

function valueAt(data: unknown, path: readonly PropertyKey[]): { present: boolean; value?: unknown } {
  let value = data;
  for (const key of path) {
    // Own properties only: a key such as "__proto__" or "constructor" must not reach the prototype.
    if (value === null || typeof value !== "object" || !Object.hasOwn(value, key)) return { present: false };
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return { present: value !== undefined, value };
}

/** A found value, described for a message: short, and never more than a glimpse of a long string. */
export function describeValue(value: unknown): string {
  if (value === null) return "an empty value";
  if (typeof value === "string") {
    const glimpse = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return `the string ${JSON.stringify(glimpse)}`;
  }
  if (typeof value === "number") {
    return Number.isFinite(value) ? `the number ${value}` : `${value} (a number out of range)`;
  }
  if (typeof value === "boolean") return `${value} (a boolean)`;
  if (typeof value === "bigint") return `the number ${value}`;
  if (Array.isArray(value)) return `a list of ${value.length} item${value.length === 1 ? "" : "s"}`;
  if (value instanceof Map) return "a tagged mapping (such as !!omap); drop the tag";
  if (value instanceof Set) return "a set (!!set)";
  if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) return "a mapping";
  if (value instanceof Uint8Array) return "binary data";
  return `a value of type ${typeof value}`;
}

function taskName(data: unknown, index: number): string | undefined {
  const tasks = (data as { tasks?: unknown } | null)?.tasks;
  const task = Array.isArray(tasks) ? (tasks[index] as { name?: unknown } | undefined) : undefined;
  return typeof task?.name === "string" && task.name ? task.name : undefined;
}
