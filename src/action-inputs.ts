/**
 * The action's inputs, read at the edge: every input once, as the runner passes it, the key and the tokens
 * masked before anything can print them, validated into typed settings by plan/inputs.ts. The main and the
 * post step both start here.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as core from "@actions/core";
import { parse as parseYaml } from "yaml";
import { ConfigError } from "./errors.ts";
import { readSettings, type Settings } from "./plan/inputs.ts";
import * as runner from "./runner-output.ts";

let defaults: Record<string, string> | undefined;

/**
 * action.yml's input defaults, the only place they are written. The runner passes them for every input a
 * step leaves out; they are read here for a run without a runner (a local run, a test) and to treat an
 * input set to '' as left out. Defaults that are expressions (`${{ github.token }}`) only the runner can
 * evaluate, and are left out.
 */
export function actionDefaults(): Readonly<Record<string, string>> {
  if (defaults) return defaults;
  const file = actionFile();
  const parsed = parseYaml(readFileSync(file, "utf8")) as { inputs?: Record<string, { default?: unknown }> };
  defaults = Object.fromEntries(
    Object.entries(parsed.inputs ?? {}).flatMap(([name, input]) => {
      const value = input?.default;
      if (value === undefined || value === null || typeof value === "object") return [];
      const text = String(value);
      return text.includes("${{") ? [] : [[name, text] as const];
    }),
  );
  return defaults;
}

/** The action's own action.yml: beside the checkout the runner made of it, or above this bundle. */
function actionFile(): string {
  const candidates = [process.env.GITHUB_ACTION_PATH ?? ""].filter(Boolean);
  for (
    let dir = path.dirname(fileURLToPath(import.meta.url)), up = 0;
    up < 4;
    up++, dir = path.dirname(dir)
  ) {
    candidates.push(dir);
  }
  const found = candidates.map((dir) => path.join(dir, "action.yml")).find((file) => existsSync(file));
  if (!found)
    throw new ConfigError("cannot find the action's action.yml beside dist/ (it holds the input defaults).");
  return found;
}

/**
 * Reads an input as the runner passes it (INPUT_<NAME>, spaces as underscores, hyphens kept); undefined
 * when the step does not set it, which action.yml defaults make rare outside tests.
 */
function readInput(name: string): string | undefined {
  return process.env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] === undefined
    ? undefined
    : core.getInput(name);
}

/** Reads the inputs, masking the key before anything can print it. */
export async function settingsFromInputs(): Promise<Settings> {
  const apiKey = core.getInput("api-key");
  runner.maskSecret(apiKey);
  // Tokens this process holds besides the key: none of them may reach a file, a comment or an output either.
  runner.maskSecret(core.getInput("github-token"));
  runner.maskSecret(process.env.ACTIONS_RUNTIME_TOKEN);
  runner.maskSecret(process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN);
  const workspace = path.resolve(process.env.GITHUB_WORKSPACE ?? process.cwd());
  // Secrets are not passed to workflows run for forks: the generic "set api-key" would mislead. Whether the
  // key is needed at all (a dry run does not) is readSettings' decision, made once.
  let emptyKeyHint: string | undefined;
  if (!apiKey) {
    const { forkSecretsHint, gitHubContextFromEnvironment } = await import("./deliver/github-context.ts");
    emptyKeyHint = forkSecretsHint(gitHubContextFromEnvironment());
  }
  return readSettings(readInput, workspace, { defaults: actionDefaults(), emptyKeyHint });
}
