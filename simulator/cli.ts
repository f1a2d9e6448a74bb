/**
 * Runs the API simulator until SIGINT/SIGTERM:
 *
 *   node simulator/cli.ts --port 8787 --time-scale 60 --scenario file.json --shape A --key sim-key
 *
 * `--no-auth` accepts any key or none; `--verbose` logs every request to stderr. Prints one line,
 * `simulator listening on http://127.0.0.1:PORT`, once it accepts connections.
 */
import { parseArgs } from "node:util";
import { loadScenario, type Scenario } from "./scenario.ts";
import { type CreateShape, startSimulator } from "./server.ts";

const shapes: readonly CreateShape[] = ["A", "B", "B-legacy-families"];

function fail(message: string): never {
  process.stderr.write(`simulator: ${message}\n`);
  process.exit(2);
}

function numberOption(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (value.trim() === "" || !Number.isFinite(number) || number < 0) fail(`--${name} must be a number >= 0`);
  return number;
}

async function main() {
  let values: ReturnType<typeof parse>["values"];
  try {
    values = parse().values;
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) {
    process.stdout.write(
      "usage: node simulator/cli.ts [--port N] [--time-scale X] [--scenario file.json]\n" +
        "                            [--shape A|B|B-legacy-families] [--key KEY | --no-auth] [--verbose]\n",
    );
    return;
  }
  const shape = values.shape ?? "A";
  if (!shapes.includes(shape as CreateShape)) fail(`--shape must be one of ${shapes.join(", ")}`);
  const timeScale = numberOption("time-scale", values["time-scale"], 1);
  if (timeScale === 0) fail("--time-scale must be > 0");

  let scenario: Scenario = {};
  if (values.scenario !== undefined) {
    try {
      scenario = await loadScenario(values.scenario);
    } catch (error) {
      fail((error as Error).message);
    }
  }

  const simulator = await startSimulator({
    port: numberOption("port", values.port, 0),
    apiKey: values["no-auth"] ? null : (values.key ?? "sim-key"),
    timeScale,
    scenario,
    createShape: shape as CreateShape,
    ...(values.verbose && { log: (line: string) => process.stderr.write(`${line}\n`) }),
  });
  process.stdout.write(`simulator listening on ${simulator.url}\n`);

  const stop = () => {
    simulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

function parse() {
  return parseArgs({
    options: {
      port: { type: "string" },
      "time-scale": { type: "string" },
      scenario: { type: "string" },
      shape: { type: "string" },
      key: { type: "string" },
      "no-auth": { type: "boolean" },
      verbose: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
    allowPositionals: false,
  });
}

await main();
