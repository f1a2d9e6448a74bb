/**
 * The command's settings: its options read as the action's inputs by plan/inputs.ts (the same checks, the
 * same defaults from action.yml), the workspace being the current directory and the key the environment's.
 */
import { randomBytes } from "node:crypto";
import { actionDefaults } from "../action-defaults.ts";
import { ConfigError } from "../errors.ts";
import { Inputs, readSettings, type Settings } from "../plan/inputs.ts";
import { filesToPublish } from "../plan/reference-plan.ts";
import type { Task } from "../plan/tasks.ts";
import { registerSecret } from "../secrets.ts";
import { asOptions, type ParsedCommand, UsageError } from "./options.ts";

/** The one place the key is read from; `--api-key` is refused (options.ts). */
export const keyVariable = "GENMEDIA_API_KEY";

export interface SettingsRequest {
  parsed: ParsedCommand;
  /** `plan`: validate only, no key. */
  planOnly?: boolean;
  /** The in-process simulator's base URL and key, for `--simulate`. */
  simulator?: { url: string; key: string };
  /** Inputs the command sets itself (resume: its placeholder prompt). */
  extra?: Record<string, string>;
}

/** A key for the in-process simulator: it accepts only this one, and nothing else ever sees it. */
export function simulatorKey(): string {
  return `sim-${randomBytes(12).toString("hex")}`;
}

export function commandSettings(request: SettingsRequest): Settings {
  const { parsed, simulator } = request;
  const given = new Map(parsed.inputs);
  const [manifest, ...rest] = parsed.positionals;
  if (rest.length > 0) throw new UsageError(`unexpected arguments: ${rest.join(" ")}`);
  if (manifest !== undefined) {
    if (given.has(Inputs.manifest))
      throw new UsageError("give the manifest once: as the argument or as --manifest");
    given.set(Inputs.manifest, manifest);
  }
  if (simulator) {
    for (const name of [Inputs.baseUrl, Inputs.textBaseUrl]) {
      if (given.has(name))
        throw new UsageError(`--simulate runs against its own in-process simulator: leave out --${name}`);
    }
    given.set(Inputs.baseUrl, simulator.url);
    given.set(Inputs.textBaseUrl, simulator.url);
    // The simulator's minutes pass in a second: polling at each model's real pace would wait for nothing.
    if (!given.has(Inputs.pollInterval)) given.set(Inputs.pollInterval, "200ms");
  }
  const apiKey = simulator?.key ?? (request.planOnly ? "" : (process.env[keyVariable] ?? "").trim());
  registerSecret(apiKey);
  if (!apiKey && !request.planOnly) {
    throw new UsageError(
      `${keyVariable} is not set: export ${keyVariable}=<your key> (the key is read from the environment only)${request.extra ? "." : ", or add --simulate to try the run against a local simulator."}`,
    );
  }
  const inputs = new Map<string, string>([
    ...given,
    ...Object.entries(request.extra ?? {}),
    [Inputs.apiKey, apiKey],
    [Inputs.dryRun, request.planOnly ? "true" : "false"],
    // Nothing is uploaded: the files stay in --output-dir.
    [Inputs.artifactName, ""],
  ]);
  try {
    return readSettings((name) => inputs.get(name), process.cwd(), { defaults: actionDefaults() });
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError(asOptions(error.message));
    throw error;
  }
}

/**
 * `file:` references need the files at a public URL, which the action makes by committing them to its media
 * branch; the command has none, and says so at plan time rather than leaving the tasks unsent.
 */
export function refuseFileReferences(tasks: readonly Task[]): void {
  const files = filesToPublish(tasks);
  if (files.length === 0) return;
  throw new ConfigError(
    `file: references (${files.map((f) => f.path).join(", ")}) need a public URL, which the action makes by committing the files to its media branch; the command has no media branch. Use an https URL or an asset: reference whose source is a URL, or run these tasks in the workflow.`,
  );
}
