/**
 * The action's inputs, read at the edge: every input once, as the runner passes it, the key and the tokens
 * masked before anything can print them, validated into typed settings by plan/inputs.ts. The main and the
 * post step both start here.
 */
import path from "node:path";
import * as core from "@actions/core";
import { actionDefaults } from "./action-defaults.ts";
import { readSettings, type Settings } from "./plan/inputs.ts";
import * as runner from "./runner-output.ts";

export { actionDefaults } from "./action-defaults.ts";

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
