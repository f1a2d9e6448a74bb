import { LineCounter, parseDocument } from "yaml";
import { z } from "zod";
import { ConfigError, type Problem } from "../errors.ts";

/** A task name is also a file stem: no separators, no dot-only names. */
export const taskNamePattern = /^(?!\.{1,2}$)[A-Za-z0-9._-]{1,100}$/;
export const taskNameRule = "1–100 characters of A–Z, a–z, 0–9, '.', '_' or '-' (it is the output file stem)";

const urlField = z.string().min(1);
const urlList = z.array(urlField);

/** Fields a task may set and `defaults` may preset (design section 3). */
const taskFields = {
  model: z.string().min(1),
  prompt: z.string().min(1),
  "prompt-file": z.string().min(1),
  first_image: urlField,
  last_image: urlField,
  reference_images: urlList,
  reference_videos: urlList,
  reference_audios: urlList,
  duration: z.number(),
  aspect_ratio: z.string().min(1),
  resolution: z.string().min(1),
  params: z.record(z.string(), z.unknown()),
};

export const manifestDefaultsSchema = z.object(taskFields).partial().strict();

export const manifestTaskSchema = manifestDefaultsSchema
  .extend({ name: z.string().regex(taskNamePattern, { message: `must be ${taskNameRule}` }) })
  .strict();

export const manifestSchema = z
  .object({
    defaults: manifestDefaultsSchema.optional(),
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

/**
 * Parses a manifest's text. JSON is read by the YAML parser too (JSON is YAML 1.2), so both formats
 * get line numbers in their errors. `displayName` is how the file is named in messages.
 */
export function parseManifest(text: string, displayName: string): ParsedManifest {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
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
  const data = doc.toJS();
  const result = manifestSchema.safeParse(data);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.slice(0, 20).map((issue) => manifestProblem(issue, data, displayName, lineOf)),
    );
  }
  // Keys the user wrote twice under different spellings are caught by `uniqueKeys`; names repeated
  // across tasks are checked here, where the lines are known.
  const problems: Problem[] = [];
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
  }
  if (unknownKeys.length) {
    const allowed =
      path[0] === "tasks"
        ? ["name", ...Object.keys(taskFields)]
        : path[0] === "defaults"
          ? Object.keys(taskFields)
          : ["defaults", "tasks"];
    return {
      message: `${where}: ${subject}: unknown field${unknownKeys.length > 1 ? "s" : ""} ${unknownKeys.map((k) => `"${k}"`).join(", ")}; allowed: ${allowed.join(", ")} (family-specific request fields go under "params")`,
      location: { file, line },
    };
  }
  const field = rest.length ? `field "${rest.map(String).join(".")}"` : "";
  const message = issue.code === "invalid_type" && issue.input === undefined ? "is required" : issue.message;
  return {
    message: `${where}: ${subject}${field ? `: ${field}` : ""}: ${message}`,
    location: { file, line },
  };
}

function taskName(data: unknown, index: number): string | undefined {
  const tasks = (data as { tasks?: unknown } | null)?.tasks;
  const task = Array.isArray(tasks) ? (tasks[index] as { name?: unknown } | undefined) : undefined;
  return typeof task?.name === "string" && task.name ? task.name : undefined;
}
