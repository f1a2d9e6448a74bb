/**
 * The command's options: the action's inputs in kebab-case (`--concurrency 8`), read with node's own
 * `util.parseArgs` (strict: an unknown option is an error, never silently dropped), and turned into the
 * `getInput` that plan/inputs.ts reads the action's inputs with, so both entry points validate them alike.
 */
import { parseArgs } from "node:util";
import { Inputs } from "../plan/inputs.ts";

/** A mistake in how the command was called: exit 2 with the sentence, like a plan error. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** Inputs that only mean something on GitHub: refused with the reason rather than ignored. */
const gitHubOnly: ReadonlySet<string> = new Set([
  Inputs.githubToken,
  Inputs.comment,
  Inputs.commentTag,
  Inputs.prNumber,
  Inputs.mediaBranch,
  Inputs.releaseAssets,
  Inputs.releaseTag,
  Inputs.artifactName,
  Inputs.artifactLayout,
  Inputs.retentionDays,
  Inputs.compressionLevel,
]);

/** Why an option the action has is not one of the command's, or undefined when it is. */
export function refusedOption(name: string): string | undefined {
  if (name === Inputs.apiKey) {
    return "--api-key is refused: a key on the command line is kept in your shell history and shown to every user of the machine by `ps`. Set it in the environment instead: export GENMEDIA_API_KEY=… (it is never printed).";
  }
  if (name === Inputs.dryRun)
    return "--dry-run is the `genmedia plan` command: it validates and prints the plan.";
  if (gitHubOnly.has(name)) {
    return `--${name} is an input of the GitHub Action (comments, the media branch, releases and artifacts need a workflow); the command leaves its files and results.json in --output-dir.`;
  }
  return undefined;
}

/** Inputs read as switches: `--skip-existing`, `--no-resume`. */
const booleanInputs: ReadonlySet<string> = new Set([Inputs.resume, Inputs.skipExisting]);

/** Every action input the command takes, as a parseArgs option. New inputs (max-tasks, budget) join by themselves. */
function inputOptions(): Record<string, { type: "string" | "boolean" }> {
  return Object.fromEntries(
    Object.values(Inputs as Record<string, string>)
      .filter((name) => refusedOption(name) === undefined)
      .map((name) => [name, { type: booleanInputs.has(name) ? "boolean" : "string" }] as const),
  );
}

const commandOptions = {
  simulate: { type: "boolean" },
  json: { type: "boolean" },
  port: { type: "string" },
  "time-scale": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

export interface ParsedCommand {
  command: string;
  positionals: string[];
  /** The action inputs given, by input name. */
  inputs: Map<string, string>;
  simulate: boolean;
  json: boolean;
  port?: string;
  timeScale?: string;
  help: boolean;
}

export const commands = ["plan", "run", "resume", "simulator", "help"] as const;

/** Parses `genmedia <command> [args] [options]`; a UsageError says what is wrong. */
export function parseCommandLine(args: readonly string[]): ParsedCommand {
  for (const arg of args) {
    if (arg === "--") break;
    const match = /^--(?:no-)?([^=]+)/.exec(arg);
    const reason = match?.[1] ? refusedOption(match[1]) : undefined;
    if (reason) throw new UsageError(reason);
  }
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const [command = "help", ...positionals] = parsed.positionals;
  const inputs = new Map<string, string>();
  for (const [name, value] of Object.entries(parsed.values)) {
    if (name in commandOptions || value === undefined) continue;
    inputs.set(name, String(value));
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  return {
    command,
    positionals,
    inputs,
    simulate: values.simulate === true,
    json: values.json === true,
    port: values.port as string | undefined,
    timeScale: values["time-scale"] as string | undefined,
    help: values.help === true,
  };
}

function parse(args: readonly string[]) {
  return parseArgs({
    args: [...args],
    options: { ...inputOptions(), ...commandOptions },
    strict: true,
    allowPositionals: true,
    allowNegative: true,
  });
}

/** A plan error's wording for the command: the action's `input "concurrency"` is the option `--concurrency`. */
export function asOptions(message: string): string {
  return message.replace(/\binput "([a-z-]+)"/g, "--$1");
}

export const usage = `usage: genmedia <command> [arguments] [options]

  genmedia plan   [manifest] [options]       validate and print the plan and its estimate; no key, no request
  genmedia run    [manifest] [options]       generate; the key comes from GENMEDIA_API_KEY
  genmedia resume <results.json> [options]   finish an earlier run's pending tasks without paying again
  genmedia simulator [--port N]              start the local API simulator and print its base URL

Options are the action's inputs in kebab-case:
  --prompt TEXT --model ID --params YAML --name STEM   one task from the command line
  --only 'hero*'  --shard 1/4  --concurrency 4  --timeout 20m  --poll-interval 3s
  --output-dir DIR (default generated-media)  --fail-on any|all|never
  --resume-from FILE  --no-resume  --skip-existing  --max-download-size 2GiB  --base-url URL
  --prices prices.yml  --budget 5  --max-tasks 20     the team's spending limits, checked before anything is sent
and the command's own:
  --simulate   run against an in-process API simulator: no key, no network
  --json       print the results array on stdout at the end (progress goes to stderr)

Exit codes: 0 done, 1 tasks did not complete under --fail-on, 2 a usage or plan error, 130 interrupted.
`;
