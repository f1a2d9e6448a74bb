/**
 * action.yml's input defaults, read from the file itself: the action (for a run without a runner) and the
 * `genmedia` command (whose options are the same inputs) both need them, and the command must not load
 * the actions toolkit to get them.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";
import { ConfigError } from "./errors.ts";

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
    throw new ConfigError(
      "cannot find the action's action.yml above this bundle (it holds the input defaults).",
    );
  return found;
}
