import path from "node:path";
import type { z } from "zod";
import { ConfigError, type Problem } from "../errors.ts";
import { type CommonFields, commonFieldNames, type Family } from "../models/family.ts";
import { findFamily, unknownModelMessage } from "../models/registry.ts";
import { readWorkspaceFile } from "../safe-fs.ts";
import { isEndpointTask, planEndpointTask } from "./endpoint-task.ts";
import { Inputs, type Settings } from "./inputs.ts";
import {
  type ManifestAsset,
  type ManifestTask,
  parseManifest,
  taskNamePattern,
  taskNameRule,
} from "./manifest.ts";
import { filesToPublish, ReferenceBook } from "./reference-plan.ts";
import { hashAlso, hashInputs, type Task } from "./tasks.ts";

/** What the entry knows of where the run happens, for the checks that depend on it. */
export interface PlanContext {
  /** The event's `repository.private`; undefined outside GitHub or when the event does not say. */
  repositoryPrivate?: boolean;
}

/** A manifest over this size is refused before parsing: it is a prompt list, not a data set. */
export const maxManifestBytes = 5 * 1024 * 1024;
/** A prompt-file may be as large as a manifest that holds the same prompt inline. */
export const maxPromptFileBytes = maxManifestBytes;

interface Declared {
  task: ManifestTask;
  /** Directory that relative `prompt-file` paths start from. */
  baseDir: string;
  origin: string;
  lineOf: (path: readonly PropertyKey[]) => number | undefined;
  /** Path prefix of this task in its file, for line lookups. */
  at: readonly PropertyKey[];
}

/**
 * Turns settings (and the manifest they name) into validated tasks, or throws one ConfigError that lists
 * every problem with its file, task and field. Nothing is sent anywhere.
 */
export function planTasks(settings: Settings, context: PlanContext = {}): Task[] {
  const assets: Record<string, ManifestAsset> = {};
  const declared = declareTasks(settings, assets);
  const book = new ReferenceBook(settings.workspace, assets);
  const problems: Problem[] = [];
  const tasks: Task[] = [];
  const declaredAt = new Map<string, Declared>();
  const names = new Set<string>();
  for (const entry of declared) {
    const name = entry.task.name;
    if (names.has(name)) {
      problems.push({
        message: `task "${name}" is declared twice (the prompt input and the manifest both use it); names must be unique`,
      });
      continue;
    }
    names.add(name);
    try {
      tasks.push(planOne(entry, settings, book));
      declaredAt.set(name, entry);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...error.problems);
    }
  }
  if (problems.length) throw new ConfigError(problems);
  const linked = withVoicesLinked(tasks, (task, message) =>
    problemOf(declaredAt.get(task.name) as Declared, message, "voice"),
  );
  const selected = selectTasks(inShard(linked, settings.shard), settings.only);
  refuseUnpublishableFiles(selected, settings, context);
  return selected;
}

/**
 * Ties each speech task that names a clone task (`voice:`) to that task: it must be a clone task of this
 * plan, and the speech's input hash covers the clone's, so a changed recording makes a new speech too.
 */
function withVoicesLinked(tasks: Task[], problem: (task: Task, message: string) => Problem): Task[] {
  const byName = new Map(tasks.map((task) => [task.name, task]));
  const clones = tasks.filter((task) => task.family.clonesVoice).map((task) => `"${task.name}"`);
  const cloneList = clones.length
    ? `the soundCloningClone tasks are ${clones.join(", ")}`
    : "this manifest has no soundCloningClone task";
  const problems: Problem[] = [];
  const linked = tasks.map((task) => {
    if (task.voice === undefined) return task;
    const clone = byName.get(task.voice);
    if (clone === undefined || !clone.family.clonesVoice) {
      const found = clone === undefined ? "there is no such task" : `it is a ${clone.model} task`;
      problems.push(problem(task, `field "voice": "${task.voice}": ${found}; ${cloneList}`));
      return task;
    }
    const field = task.family.voiceField as string;
    const voice = { voiceOfTask: clone.name, cloneInputs: clone.inputHash };
    return { ...task, inputHash: hashAlso(task.inputHash, { [field]: voice }) };
  });
  if (problems.length) throw new ConfigError(problems);
  return linked;
}

/**
 * A `file:` reference needs a public URL, and only the media branch of a public repository gives one
 * (design 9): refused before anything is sent, let alone paid for.
 */
function refuseUnpublishableFiles(tasks: readonly Task[], settings: Settings, context: PlanContext): void {
  const files = filesToPublish(tasks);
  if (files.length === 0) return;
  const why = !settings.github.mediaBranch
    ? `the "${Inputs.mediaBranch}" input is not set, and only the media branch gives a file a public URL`
    : context.repositoryPrivate === true
      ? "this repository is private, so a file on its media branch has no public URL the API could download"
      : undefined;
  if (why === undefined) return;
  const users = tasks.filter(
    (t) => t.selected && (t.files?.length || t.assets?.some((a) => "file" in a.source)),
  );
  throw new ConfigError(
    `file: references cannot be sent: ${why}. They are ${files.map((f) => f.path).join(", ")} (used by ${users.map((t) => `task "${t.name}"`).join(", ")}). ` +
      `Give a public https:// URL instead${context.repositoryPrivate === true ? "" : `, or set "${Inputs.mediaBranch}" (in a public repository)`}; nothing was sent.`,
  );
}

/**
 * A matrix job's share of the tasks: by a hash of the name, so adding or removing a task never moves the
 * others to another shard. Tasks of other shards are not part of this job's plan or its results.json.
 */
export function inShard<T extends { name: string; voice?: string }>(
  tasks: readonly T[],
  shard?: { index: number; count: number },
): T[] {
  if (!shard || shard.count === 1) return [...tasks];
  // A speech task goes where the clone task it speaks with goes: it waits for that task's voice.
  return tasks.filter((task) => shardOf(task.voice ?? task.name, shard.count) === shard.index);
}

/** 1-based shard of a task name: FNV-1a, stable across runs and machines. */
export function shardOf(name: string, count: number): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(name, "utf8")) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return (hash % count) + 1;
}

/** The tasks of the prompt input and the manifest; the manifest's `assets` are copied into `assets`. */
function declareTasks(settings: Settings, assets: Record<string, ManifestAsset>): Declared[] {
  const declared: Declared[] = [];
  if (settings.prompt !== undefined) {
    if (!taskNamePattern.test(settings.name)) {
      throw new ConfigError(`input "${Inputs.name}": "${settings.name}" must be ${taskNameRule}.`);
    }
    if (!settings.model) {
      throw new ConfigError(
        `input "${Inputs.model}" is empty: set the model id for the "${Inputs.prompt}" task.`,
      );
    }
    declared.push({
      task: { name: settings.name, model: settings.model, prompt: settings.prompt, params: settings.params },
      baseDir: settings.workspace,
      origin: "the prompt input",
      lineOf: () => undefined,
      at: [],
    });
  }
  if (settings.manifest !== undefined) {
    const file = settings.manifest;
    const display = path.relative(settings.workspace, file) || file;
    const text = readWorkspaceFile(settings.workspace, file, {
      maxBytes: maxManifestBytes,
      label: `input "${Inputs.manifest}": ${display}`,
      sizeHint: "Split it, or use shards.",
    });
    const { manifest, lineOf } = parseManifest(text, display);
    Object.assign(assets, manifest.assets);
    const defaults = manifest.defaults ?? {};
    manifest.tasks.forEach((task, index) => {
      declared.push({
        // Precedence: the task, then the manifest's defaults, then the `model` input. Defaults preset model
        // tasks only: an endpoint task's body is sent as written, so nothing is added to it.
        task: isEndpointTask(task)
          ? task
          : {
              model: settings.model,
              ...withoutUndefined(defaults),
              ...withoutUndefined(task),
              name: task.name,
              params: { ...defaults.params, ...task.params },
            },
        baseDir: path.dirname(file),
        origin: display,
        lineOf,
        at: ["tasks", index],
      });
    });
  }
  return declared;
}

/** A problem of a declared task, with its file and the line of `field` (or of the task). */
function problemOf(entry: Declared, message: string, field?: string): Problem {
  const { task, origin } = entry;
  const line = field ? entry.lineOf([...entry.at, field]) : entry.lineOf(entry.at);
  const where = origin === "the prompt input" ? "" : `${origin}${line ? `:${line}` : ""}: `;
  return {
    message: `${where}task "${task.name}": ${message}`,
    location: origin === "the prompt input" ? undefined : { file: origin, line },
  };
}

function planOne(entry: Declared, settings: Settings, book: ReferenceBook): Task {
  const { task, origin } = entry;
  const problem = (message: string, field?: string): Problem => problemOf(entry, message, field);
  const fail = (message: string, field?: string): never => {
    throw new ConfigError(problem(message, field));
  };
  if (isEndpointTask(task)) {
    return planEndpointTask(task, {
      origin,
      problem,
      resolveReferences: (body) => {
        const problems: Problem[] = [];
        const references = book.resolve(body, (message, at) =>
          problems.push(problem(`field "body.${at.map(String).join(".")}": ${message}`, "body")),
        );
        if (problems.length) throw new ConfigError(problems);
        return references;
      },
    });
  }
  if (!task.model) {
    fail(
      `field "model" is missing: set it on the task, in "defaults", or with the "${Inputs.model}" input`,
      "model",
    );
  }
  const model = task.model as string;
  const family = findFamily(model);
  if (!family) return fail(`field "model": ${unknownModelMessage(model)}`, "model");
  if (task.prompt !== undefined && task["prompt-file"] !== undefined) {
    fail(`set "prompt" or "prompt-file", not both`, "prompt-file");
  }
  const common: CommonFields = {};
  for (const field of commonFieldNames) {
    const value = field === "prompt" ? (task.prompt ?? readPromptFile(entry, settings, fail)) : task[field];
    if (value === undefined) continue;
    if (family.accepts[field] === undefined) {
      fail(
        `field "${field}": ${family.title} (${model}) does not take it; it accepts ${acceptedList(family)}`,
        field === "prompt" && task["prompt-file"] ? "prompt-file" : field,
      );
    }
    (common as Record<string, unknown>)[field] = value;
  }
  const params = task.params ?? {};
  for (const key of Object.keys(params)) {
    if (key === "model")
      fail(`field "params.model": set the model with the "model" field, not in params`, "params");
    // A common field and a param that land on the same wire field would silently overwrite each other.
    const clash = commonFieldNames.find(
      (field) => common[field] !== undefined && family.accepts[field] === key,
    );
    if (clash)
      fail(
        `field "params.${key}": "${clash}" is also set and is sent as "${key}"; set one of them`,
        "params",
      );
  }
  const voiceField = voiceFieldOf(entry, family, params, fail);
  const body = family.buildBody({ model, common, params });
  const referenceProblems: Problem[] = [];
  const references = book.resolve(body, (message, at) => {
    const label = fieldLabel(family, at, params);
    referenceProblems.push(problem(`${label.text}: ${message}`, label.common ?? "params"));
  });
  if (referenceProblems.length) throw new ConfigError(referenceProblems);
  // The family checks the body as it will be sent: each reference replaced by a value of its wire form.
  // A voice named by task is known only once that task completes: it has a stand-in too.
  const result = family.body.safeParse(
    voiceField === undefined
      ? references.standIn
      : { ...references.standIn, [voiceField]: "voice-of-a-clone-task" },
  );
  if (!result.success) {
    // Every problem of the task at once, so a task with two mistakes does not take two runs to fix.
    throw new ConfigError(
      result.error.issues.slice(0, 5).map((issue: z.core.$ZodIssue) => {
        const label = fieldLabel(family, issue.path, params);
        return problem(`${label.text}: ${issue.message}`, label.common ?? "params");
      }),
    );
  }
  // Gemini names the model in the path.
  const endpoint = family.createPath.replace("{model}", encodeURIComponent(model));
  const unchecked = family.fieldsSentUnchecked?.(body) ?? [];
  return {
    name: task.name,
    model,
    family,
    kind: family.kind,
    endpoint,
    body,
    inputHash: hashInputs(model, endpoint, body, { references: references.sources }),
    selected: true,
    origin,
    ...(unchecked.length > 0 && {
      notices: [
        problem(
          `${unchecked.map((field) => `"params.${field}"`).join(", ")} ${unchecked.length === 1 ? "is" : "are"} sent as written, unchecked: ${family.title}'s field rules are inferred (api-reference 5.16), so genmedia passes fields it does not know on to the API`,
          "params",
        ).message,
      ],
    }),
    ...(task.voice !== undefined && { voice: task.voice }),
    ...(references.assets && { assets: references.assets }),
    ...(references.files && { files: references.files }),
  };
}

/** The request field a `voice:` task's voice goes in, once checked that the task may name one. */
function voiceFieldOf(
  entry: Declared,
  family: Family,
  params: Record<string, unknown>,
  fail: (m: string, f?: string) => never,
): string | undefined {
  const { voice, model } = entry.task;
  if (voice === undefined) return undefined;
  const field = family.voiceField;
  if (field === undefined) {
    return fail(
      `field "voice": only soundCloningAudio tasks speak in a cloned voice; ${model} does not take one`,
      "voice",
    );
  }
  if (params[field] !== undefined) {
    return fail(
      `field "voice" and field "params.${field}" are both set: name the clone task with "voice", or give its ${field} in params, not both`,
      "voice",
    );
  }
  return field;
}

function readPromptFile(
  entry: Declared,
  settings: Settings,
  fail: (m: string, f?: string) => never,
): string | undefined {
  const relative = entry.task["prompt-file"];
  if (relative === undefined) return undefined;
  const file = path.resolve(entry.baseDir, relative);
  let text: string;
  try {
    // Links are resolved and the real file must be in the workspace: a link inside the repo must not read
    // a file outside it. A directory, a FIFO or a device is refused without blocking.
    text = readWorkspaceFile(settings.workspace, file, {
      maxBytes: maxPromptFileBytes,
      label: `field "prompt-file": ${relative}`,
    }).trim();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const missing = error.message.endsWith("does not exist");
    return fail(
      missing
        ? `${error.message} (looked in ${path.relative(settings.workspace, file) || file})`
        : error.message,
      "prompt-file",
    );
  }
  if (!text) fail(`field "prompt-file": ${relative} is empty`, "prompt-file");
  return text;
}

/** Names a wire field in the manifest's vocabulary: the common field it came from, or params.<field>. */
function fieldLabel(
  family: Family,
  issuePath: readonly PropertyKey[],
  params: Record<string, unknown>,
): { text: string; common?: string } {
  const wire = String(issuePath[0] ?? "");
  const common = Object.entries(family.accepts).find(
    ([, sent]) => sent === wire || sent?.split(" ")[0] === wire,
  )?.[0];
  const rest = issuePath.slice(1).map(String);
  const suffix = rest.length ? `.${rest.join(".")}` : "";
  if (wire in params) return { text: `field "params.${wire}${suffix}"` };
  if (wire === "model") return { text: `field "model"`, common: "model" };
  // Families that gather the prompt and media into `content[]` (Seedance 1.5, X1).
  const contentFields = Object.entries(family.accepts).filter(([, sent]) => sent?.startsWith("content[]"));
  if (wire === "content" && contentFields.length) {
    return {
      text: `the prompt and media fields (${contentFields.map(([field]) => field).join(", ")}; sent as "content[]")`,
      common: "prompt",
    };
  }
  if (common) {
    const sent = family.accepts[common as keyof CommonFields];
    return { text: sent === common ? `field "${common}"` : `field "${common}" (sent as "${sent}")`, common };
  }
  // Neither a common field nor a param the task set: a request field the family needs in params.
  return { text: `field "params.${wire}${suffix}"` };
}

function acceptedList(family: Family): string {
  const names = Object.keys(family.accepts);
  return names.length ? names.join(", ") : "no common fields (use params)";
}

function selectTasks(tasks: Task[], only: readonly string[]): Task[] {
  if (only.length === 0) return tasks;
  const matches = (name: string): boolean =>
    only.some((pattern) => pattern === name || path.matchesGlob(name, pattern));
  const unmatched = only.filter(
    (pattern) => !tasks.some((t) => t.name === pattern || path.matchesGlob(t.name, pattern)),
  );
  if (unmatched.length === only.length) {
    throw new ConfigError(
      `input "${Inputs.only}": ${unmatched.map((p) => `"${p}"`).join(", ")} matches no task; the tasks are ${tasks.map((t) => t.name).join(", ")}.`,
    );
  }
  return tasks.map((task) => ({ ...task, selected: matches(task.name) }));
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
