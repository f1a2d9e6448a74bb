import path from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { ConfigError } from "../errors.ts";
import type { Family, MediaKind } from "../models/family.ts";
import type { PollInterval } from "../models/polling.ts";
import { branchNameProblem } from "./branch-name.ts";
import { formatDuration, parseDuration, pollIntervalRange, timeoutRange } from "./duration.ts";
import { yamlFailure } from "./manifest.ts";

/** Input names of action.yml, in one place. */
export const Inputs = {
  apiKey: "api-key",
  baseUrl: "base-url",
  textBaseUrl: "text-base-url",
  prompt: "prompt",
  model: "model",
  params: "params",
  name: "name",
  manifest: "manifest",
  only: "only",
  concurrency: "concurrency",
  pollInterval: "poll-interval",
  timeout: "timeout",
  outputDir: "output-dir",
  failOn: "fail-on",
  dryRun: "dry-run",
  resume: "resume",
  resumeFrom: "resume-from",
  skipExisting: "skip-existing",
  maxDownloadSize: "max-download-size",
  artifactName: "artifact-name",
  artifactLayout: "artifact-layout",
  retentionDays: "retention-days",
  compressionLevel: "compression-level",
  shard: "shard",
  comment: "comment",
  commentTag: "comment-tag",
  prNumber: "pr-number",
  mediaBranch: "media-branch",
  releaseAssets: "release-assets",
  releaseTag: "release-tag",
  githubToken: "github-token",
  maxTasks: "max-tasks",
  prices: "prices",
  budget: "budget",
} as const;

export const failOnValues = ["any", "all", "never"] as const;
export type FailOn = (typeof failOnValues)[number];

/** What the deliveries to GitHub (deliver/github-session.ts and its steps) are asked to do. */
export interface GitHubDeliverySettings {
  /** `comment`: post or update the sticky comment on the pull request. */
  comment: boolean;
  /** `comment-tag`: one sticky comment per pull request and tag. */
  commentTag: string;
  /** An explicit pull request number (for events that carry none, e.g. `workflow_run` from a fork). */
  prNumber?: number;
  /** `media-branch`: commit the files there and show images inline from it. */
  mediaBranch?: string;
  /** `release-assets`: upload the files to the triggering release, or to `releaseTag`'s. */
  releaseAssets: boolean;
  releaseTag?: string;
  /** `github-token`. */
  token: string;
}

export interface Settings {
  apiKey: string;
  baseUrl: string;
  textBaseUrl: string;
  prompt?: string;
  model?: string;
  params: Record<string, unknown>;
  name: string;
  /** Absolute path of the manifest. */
  manifest?: string;
  only: string[];
  concurrency: number;
  /** The `poll-interval` input; absent, each family polls at its own documented interval. */
  pollInterval?: PollInterval;
  timeoutMs: number;
  workspace: string;
  /** Absolute path of the output folder, inside the workspace. */
  outputDir: string;
  failOn: FailOn;
  dryRun: boolean;
  /** Reuse task ids of an earlier run instead of paying for them again. */
  resume: boolean;
  /** Absolute path of an earlier results.json to resume from. */
  resumeFrom?: string;
  /** Skip a task whose file in output-dir was made from the same inputs. */
  skipExisting: boolean;
  /** Largest result file accepted, in bytes. */
  maxDownloadBytes: number;
  /** Base artifact name (before the shard suffix); "" when the user turned the upload off. */
  artifactName: string;
  artifactLayout: "archive" | "per-file";
  retentionDays?: number;
  compressionLevel: number;
  /** `i/n`: this job runs the i-th of n shares of the tasks (1-based). */
  shard?: { index: number; count: number };
  github: GitHubDeliverySettings;
  /** `max-tasks`: the most create requests the run may send; absent, no cap. */
  maxTasks?: number;
  /** Absolute path of the price table (`prices`), inside the workspace. */
  prices?: string;
  /** `budget`, in the price table's currency; only with `prices`. */
  budget?: number;
}

/** An input's value; undefined when the step does not set it at all (an explicit '' is ""). */
export type GetInput = (name: string) => string | undefined;

const paramsSchema = z.record(z.string(), z.unknown());

/** Reads and validates every input into typed settings; the only place input text is interpreted. */
export interface ReadOptions {
  /**
   * action.yml's defaults, by input name: what the runner passes for an input the step leaves out. They are
   * written only there; the entry point reads them (see action-inputs.ts).
   */
  defaults: Readonly<Record<string, string>>;
  /** Why the key may be empty (a fork's pull request gets no secrets), said instead of the generic advice. */
  emptyKeyHint?: string;
}

export function readSettings(getInput: GetInput, workspace: string, options: ReadOptions): Settings {
  const text = (name: string): string | undefined => {
    const value = (getInput(name) ?? "").trim();
    return value === "" ? undefined : value;
  };
  /** An input action.yml gives a default: left out or empty, it is that default. */
  const setting = (name: string): string => {
    const value = text(name) ?? options.defaults[name]?.trim();
    if (!value) throw new ConfigError(`input "${name}" is not set, and action.yml gives it no default.`);
    return value;
  };
  const dryRun = parseBoolean(setting(Inputs.dryRun), Inputs.dryRun);
  const apiKey = text(Inputs.apiKey) ?? "";
  const keyProblem = apiKeyProblem(apiKey);
  if (keyProblem) throw new ConfigError(`input "${Inputs.apiKey}": ${keyProblem}`);
  if (!apiKey && !dryRun && options.emptyKeyHint) {
    throw new ConfigError(`input "${Inputs.apiKey}" is empty. ${options.emptyKeyHint}`);
  }
  if (!apiKey && !dryRun) {
    throw new ConfigError(
      `input "${Inputs.apiKey}" is empty: set it to your API key, e.g. \`api-key: \${{ secrets.GENMEDIA_API_KEY }}\` ` +
        "(secrets are not passed to workflows triggered from forks), or set `dry-run: true` to only validate.",
    );
  }
  const prompt = text(Inputs.prompt);
  const manifestInput = text(Inputs.manifest);
  if (!prompt && !manifestInput) {
    throw new ConfigError(
      `nothing to do: set the "${Inputs.prompt}" input, the "${Inputs.manifest}" input, or both.`,
    );
  }
  const baseUrl = baseUrlInput(setting(Inputs.baseUrl), Inputs.baseUrl);
  const textBaseUrl = baseUrlInput(setting(Inputs.textBaseUrl), Inputs.textBaseUrl);
  const concurrency = Number(setting(Inputs.concurrency));
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) {
    throw new ConfigError(`input "${Inputs.concurrency}": must be a whole number from 1 to 256.`);
  }
  const pollText = text(Inputs.pollInterval);
  const pollInterval = pollText === undefined ? undefined : parsePollInterval(pollText);
  const timeoutMs = parseDuration(setting(Inputs.timeout), Inputs.timeout, timeoutRange);
  const resumeFrom = text(Inputs.resumeFrom);
  const shard = parseShard(text(Inputs.shard));
  const prices = text(Inputs.prices);
  const budget = parseBudget(text(Inputs.budget), prices !== undefined);
  return {
    apiKey,
    baseUrl,
    textBaseUrl,
    prompt,
    model: text(Inputs.model),
    params: parseParams(text(Inputs.params)),
    name: setting(Inputs.name),
    manifest:
      manifestInput === undefined ? undefined : insideWorkspace(workspace, manifestInput, Inputs.manifest),
    only: (text(Inputs.only) ?? "")
      .split(/[,\n]/)
      .map((s) => s.trim())
      .filter(Boolean),
    concurrency,
    pollInterval,
    timeoutMs,
    workspace,
    outputDir: insideWorkspace(workspace, setting(Inputs.outputDir), Inputs.outputDir),
    failOn: oneOf(setting(Inputs.failOn), failOnValues, Inputs.failOn),
    dryRun,
    resume: parseBoolean(setting(Inputs.resume), Inputs.resume),
    skipExisting: parseBoolean(setting(Inputs.skipExisting), Inputs.skipExisting),
    maxDownloadBytes: parseSize(setting(Inputs.maxDownloadSize), Inputs.maxDownloadSize),
    // An explicit empty name turns the upload off; an absent one is the default.
    artifactName: (getInput(Inputs.artifactName) ?? options.defaults[Inputs.artifactName] ?? "").trim(),
    artifactLayout: oneOf(
      setting(Inputs.artifactLayout),
      ["archive", "per-file"] as const,
      Inputs.artifactLayout,
    ),
    retentionDays: wholeNumber(text(Inputs.retentionDays), Inputs.retentionDays, 1, 90),
    compressionLevel: wholeNumber(setting(Inputs.compressionLevel), Inputs.compressionLevel, 0, 9) ?? 0,
    shard,
    github: {
      comment: parseBoolean(setting(Inputs.comment), Inputs.comment),
      // One sticky comment per job by default; matrix shards each get their own.
      commentTag:
        text(Inputs.commentTag) ??
        `${process.env.GITHUB_JOB || "genmedia"}${shard ? `-shard-${shard.index}-of-${shard.count}` : ""}`,
      prNumber: wholeNumber(text(Inputs.prNumber), Inputs.prNumber, 1, Number.MAX_SAFE_INTEGER),
      mediaBranch: mediaBranchInput(text(Inputs.mediaBranch)),
      releaseAssets: parseBoolean(setting(Inputs.releaseAssets), Inputs.releaseAssets),
      releaseTag: text(Inputs.releaseTag),
      token: text(Inputs.githubToken) ?? "",
    },
    resumeFrom:
      resumeFrom === undefined ? undefined : insideWorkspace(workspace, resumeFrom, Inputs.resumeFrom),
    maxTasks: wholeNumber(text(Inputs.maxTasks), Inputs.maxTasks, 1, Number.MAX_SAFE_INTEGER),
    prices: prices === undefined ? undefined : insideWorkspace(workspace, prices, Inputs.prices),
    budget,
  };
}

/** The largest budget accepted: in micro-units it stays an exact integer (see plan/prices.ts). */
export const maxBudget = 1_000_000_000;

/**
 * `budget`: a plain decimal such as 5 or 2.50. Without a price table there is nothing to add up, and a
 * budget that silently checked nothing would be worse than none.
 */
function parseBudget(value: string | undefined, hasPrices: boolean): number | undefined {
  if (value === undefined) return undefined;
  const amount = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || amount > maxBudget) {
    throw new ConfigError(
      `input "${Inputs.budget}": "${value}" must be a plain decimal number from 0 to ${maxBudget}, such as 5 or 2.50 (in the price table's currency, without a currency sign).`,
    );
  }
  if (!hasPrices) {
    throw new ConfigError(
      `input "${Inputs.budget}" is set but "${Inputs.prices}" is not: the budget is checked against the estimates of a price table, so set "${Inputs.prices}" to the path of one (see README, Cost control), or remove "${Inputs.budget}".`,
    );
  }
  return amount;
}

function baseUrlInput(value: string, name: string): string {
  const url = value.replace(/\/+$/, "");
  if (!/^https?:\/\/[^/]/.test(url))
    throw new ConfigError(`input "${name}": "${value}" is not an http(s) URL.`);
  return url;
}

/**
 * Why a key cannot be right, without showing it. A line break or another control character (a secret
 * pasted with its neighbour line) cannot travel in an HTTP header: the request would fail inside the
 * client, after the task was recorded as sent and maybe billed. Keys are plain ASCII.
 */
function apiKeyProblem(key: string): string | undefined {
  const bad = /[^\x20-\x7e]/.exec(key)?.[0];
  if (bad === undefined) return undefined;
  const what = /[\r\n]/.test(bad)
    ? "a line break"
    : /[\p{Cc}]/u.test(bad)
      ? "a control character"
      : "a character that is not plain ASCII";
  return `the key contains ${what}, which no API key has and no HTTP header can carry. Copy the key again into the secret, on one line (the key is not shown here).`;
}

function isLoopback(url: string): boolean {
  return ["127.0.0.1", "[::1]", "localhost"].includes(new URL(url).hostname);
}

/**
 * A warning when the key would cross the network in clear text: plain http to a host that is not this
 * machine (reference 1.3). Undefined when the URL is https or loopback.
 */
export function plainHttpWarning(url: string, inputName: string): string | undefined {
  const parsed = new URL(url);
  if (parsed.protocol !== "http:" || isLoopback(url)) return undefined;
  return `"${inputName}" is plain http (${parsed.host}): the API key will cross the network unencrypted. Set "${inputName}" to an https:// URL if the host serves one.`;
}

/**
 * A warning when the `poll-interval` input polls tasks of the plan faster than the API documents as the
 * minimum for their family (reference 2.5): the real API may rate-limit the key. A loopback base URL is a
 * simulator or a proxy of the user's own, which may be polled as fast as the hard floor allows.
 */
export function pollIntervalWarning(
  tasks: readonly { family: Family; selected: boolean }[],
  pollInterval: PollInterval | undefined,
  baseUrl: string,
): string | undefined {
  if (pollInterval === undefined || isLoopback(baseUrl)) return undefined;
  // Per kind, the highest minimum among the families the plan polls too fast.
  const minimums = new Map<MediaKind, number>();
  for (const { family, selected } of tasks) {
    if (!selected || family.polling === undefined) continue;
    const minimum = family.polling.minimumMs;
    if (pollInterval.minMs < minimum && minimum > (minimums.get(family.kind) ?? 0)) {
      minimums.set(family.kind, minimum);
    }
  }
  if (minimums.size === 0) return undefined;
  const below = [...minimums].map(([kind, ms]) => `${formatDuration(ms)} for ${kind}`).join(", ");
  return `"${Inputs.pollInterval}" polls faster than the API documents as its minimum (${below}): the API may rate-limit the key. Use at least that, or leave "${Inputs.pollInterval}" unset for each model's own interval.`;
}

/**
 * What to say before the run starts about how it will reach the API: the key in clear text to a host that
 * is not this machine (for the media or the text base URL, whichever the selected tasks use), polls faster
 * than documented.
 */
export function connectionWarnings(
  tasks: readonly { family: Family; selected: boolean }[],
  settings: Pick<Settings, "baseUrl" | "textBaseUrl" | "pollInterval">,
): string[] {
  const selected = tasks.filter((t) => t.selected);
  // A polled family is one of the asynchronous media endpoints; the others answer from the text base URL.
  return [
    selected.some((t) => t.family.polling !== undefined)
      ? plainHttpWarning(settings.baseUrl, Inputs.baseUrl)
      : undefined,
    selected.some((t) => t.family.polling === undefined)
      ? plainHttpWarning(settings.textBaseUrl, Inputs.textBaseUrl)
      : undefined,
    pollIntervalWarning(tasks, settings.pollInterval, settings.baseUrl),
  ].filter((warning): warning is string => warning !== undefined);
}

function oneOf<const T extends readonly string[]>(value: string, allowed: T, name: string): T[number] {
  if (!allowed.includes(value))
    throw new ConfigError(`input "${name}": "${value}" is not one of ${allowed.join(", ")}.`);
  return value as T[number];
}

function wholeNumber(value: string | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max) {
    throw new ConfigError(`input "${name}": "${value}" must be a whole number from ${min} to ${max}.`);
  }
  return number;
}

const sizeUnits: Record<string, number> = {
  "": 1,
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
};

/** `2GiB`, `500MB`, `1048576`: a byte size as people write it. */
export function parseSize(value: string, name: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([kmg]i?b|b)?$/i.exec(value.trim());
  const unit = sizeUnits[(match?.[2] ?? "").toLowerCase()];
  if (!match || unit === undefined || Number(match[1]) <= 0) {
    throw new ConfigError(`input "${name}": "${value}" is not a size; write it like 2GiB, 500MB or 1048576.`);
  }
  return Math.floor(Number(match[1]) * unit);
}

function mediaBranchInput(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const problem = branchNameProblem(value);
  if (problem) throw new ConfigError(`input "${Inputs.mediaBranch}": ${problem}`);
  return value;
}

/**
 * `3s`: every 3 s (±10 %). `2s-5s`: a range for PollTiming: a task's first poll waits for the age by which
 * a tenth of its model's tasks have finished, later ones come at the short end (see PollTiming). Each end
 * must lie in `pollIntervalRange`.
 */
function parsePollInterval(value: string): PollInterval {
  const ends = value.split("-");
  if (ends.length > 2) throw pollIntervalMistake(value);
  const [minMs, maxMs] = ends.map((end) => parseDuration(end, Inputs.pollInterval, pollIntervalRange));
  if (minMs === undefined || (maxMs !== undefined && !(maxMs >= minMs))) throw pollIntervalMistake(value);
  return { minMs, maxMs: maxMs ?? minMs };
}

function pollIntervalMistake(value: string): ConfigError {
  return new ConfigError(
    `input "${Inputs.pollInterval}": "${value}" must be a duration such as 3s, or a range such as 2s-5s (shortest first).`,
  );
}

function parseShard(value: string | undefined): { index: number; count: number } | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d+)\s*\/\s*(\d+)$/.exec(value);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) {
    throw new ConfigError(
      `input "${Inputs.shard}": "${value}" must be i/n with 1 ≤ i ≤ n, e.g. \${{ matrix.shard }}/4.`,
    );
  }
  return { index, count };
}

function parseBoolean(value: string, name: string): boolean {
  if (/^(true|yes|on|1)$/i.test(value)) return true;
  if (/^(false|no|off|0)$/i.test(value)) return false;
  throw new ConfigError(`input "${name}": "${value}" is not a boolean; use true or false.`);
}

function parseParams(value: string | undefined): Record<string, unknown> {
  if (value === undefined) return {};
  let parsed: unknown;
  try {
    parsed = parseYaml(value, { logLevel: "error" });
  } catch (error) {
    throw new ConfigError(`input "${Inputs.params}": not valid YAML or JSON: ${yamlFailure(error)}.`);
  }
  const result = paramsSchema.safeParse(parsed);
  if (!result.success) {
    throw new ConfigError(`input "${Inputs.params}": must be a mapping of request fields, e.g. {"seed": 7}.`);
  }
  return result.data;
}

/** Resolves a user path against the workspace and refuses one that leaves it. */
export function insideWorkspace(workspace: string, userPath: string, inputName: string): string {
  const resolved = path.resolve(workspace, userPath);
  const relative = path.relative(workspace, resolved);
  if (relative.startsWith("..") || path.isAbsolute(relative)) {
    throw new ConfigError(`input "${inputName}": "${userPath}" is outside the workspace (${workspace}).`);
  }
  return resolved;
}
