/**
 * The structure check (`npm run structure`, run by CI): the layers of docs/architecture.md, bottom to top,
 * and no import cycles. A module imports only from its own layer or below.
 *
 *   base      src/errors.ts, secrets.ts, safe-fs.ts, timer-limit.ts: leaves anyone may use
 *   models    src/models/     the families: data and their wire protocol
 *   api       src/api/        the transport and the API client
 *   plan      src/plan/       inputs and manifest in, validated tasks out
 *   run       src/run/        scheduler, downloads, ledger, resume
 *   deliver   src/deliver/    artifact, media branch, release, comment, summary, outputs
 *   entry     src/index.ts, main.ts, post.ts, action-inputs.ts, runner-output.ts, engine.ts (the run both
 *             entry points share), cli.ts and src/cli/ (the `genmedia` command)
 *
 * The simulator (simulator/, beside src/) is a program of its own with its own reading of the API reference:
 * it imports nothing from src/, and nothing in src/ imports it but the command (the action's bundle must not
 * carry it).
 */
const base = "src/(errors|secrets|safe-fs|timer-limit)\\.ts$";
const layers = ["models", "api", "plan", "run", "deliver"];

/** What the layer at `index` may import from src/: itself, the layers below, and the base. */
function allowedFor(index) {
  return `^(${base}|src/(${layers.slice(0, index + 1).join("|")})/)`;
}

module.exports = {
  forbidden: [
    {
      name: "no-cycles",
      comment: "No two modules import each other, directly or round a loop.",
      severity: "error",
      from: { path: "^(src|simulator)/" },
      to: { circular: true },
    },
    {
      name: "base-is-a-leaf",
      comment: "The base modules import nothing of the project but each other.",
      severity: "error",
      from: { path: `^${base}` },
      to: { path: "^src/", pathNot: `^${base}` },
    },
    ...layers.map((layer, index) => ({
      name: `${layer}-imports-down`,
      comment: `src/${layer}/ imports only from its own layer, the layers below it, and the base.`,
      severity: "error",
      from: { path: `^src/${layer}/` },
      to: { path: "^src/", pathNot: allowedFor(index) },
    })),
    {
      name: "simulator-stands-alone",
      comment:
        "The simulator checks requests against its own schemas, written from the API reference: were it to import " +
        "the client's, a wrong client schema would pass its own test.",
      severity: "error",
      from: { path: "^simulator/" },
      to: { path: "^src/" },
    },
    {
      name: "nothing-imports-the-simulator",
      comment:
        "The action's code never reaches the simulator (tests, the demo and the bench start it). The one " +
        "exception is the `genmedia` command (src/cli.ts, src/cli/): its `--simulate` and `simulator` start it " +
        "in-process for a user with no key; the action's bundle (src/index.ts, src/post.ts) never imports it.",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/cli(\\.ts$|/)" },
      to: { path: "^simulator/" },
    },
    {
      name: "only-the-command-imports-the-command",
      comment:
        "src/cli/ may reach the simulator; were the action's code to import it, the action's bundle would carry " +
        "the simulator (and the terminal view) after all.",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/cli(\\.ts$|/)" },
      to: { path: "^src/cli(\\.ts$|/)" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(dist|node_modules)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { extensions: [".ts", ".js"] },
  },
};
