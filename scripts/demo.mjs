// npm run demo: the built action on examples/demo.yml against the local API simulator.
// No key and no network: the simulator runs on 127.0.0.1 and a minute of generation takes a second.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const demoDir = path.join(root, ".demo");
rmSync(demoDir, { recursive: true, force: true });
mkdirSync(demoDir, { recursive: true });
const key = `demo-${randomBytes(8).toString("hex")}`;

const simulator = spawn(
  process.execPath,
  [path.join(root, "simulator/cli.ts"), "--port", "0", "--time-scale", "60", "--key", key],
  { stdio: ["ignore", "pipe", "inherit"] },
);
const baseUrl = await new Promise((resolve, reject) => {
  let buffer = "";
  simulator.stdout.setEncoding("utf8").on("data", (chunk) => {
    buffer += chunk;
    const match = /listening on (http:\/\/\S+)/.exec(buffer);
    if (match) resolve(match[1]);
  });
  simulator.on("exit", (code) => reject(new Error(`the simulator exited (${code}) before it listened`)));
});
console.log(`API simulator: ${baseUrl} (time scale 60: a minute of generation takes a second)\n`);

const outputFile = path.join(demoDir, "outputs.txt");
const summaryFile = path.join(demoDir, "summary.md");
writeFileSync(outputFile, "");
writeFileSync(summaryFile, "");
const inputs = {
  "api-key": key,
  "base-url": baseUrl,
  manifest: "examples/demo.yml",
  "output-dir": ".demo/generated-media",
  "poll-interval": "500ms",
  concurrency: "4",
  // A workflow run uploads the files as an artifact; locally there is no artifact service.
  "artifact-name": "",
};
const env = {
  ...process.env,
  GITHUB_WORKSPACE: root,
  GITHUB_OUTPUT: outputFile,
  GITHUB_STEP_SUMMARY: summaryFile,
  RUNNER_TEMP: demoDir,
  ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
};
const action = spawn(process.execPath, [path.join(root, "dist/index.js")], {
  cwd: root,
  env,
  stdio: "inherit",
});
const code = await new Promise((resolve) => action.on("close", resolve));
simulator.kill("SIGTERM");

const results = JSON.parse(readFileSync(path.join(demoDir, "generated-media/results.json"), "utf8"));
console.log("\nDemo finished:");
for (const task of results.tasks) {
  console.log(
    `  ${task.name.padEnd(12)} ${task.status.padEnd(10)} ${task.file ? `${task.file.path} (${task.file.bytes} bytes)` : (task.error ?? "")}`,
  );
}
console.log(`\n  files:        ${path.relative(process.cwd(), path.join(demoDir, "generated-media"))}/`);
console.log(
  `  results.json: ${path.relative(process.cwd(), path.join(demoDir, "generated-media/results.json"))}`,
);
console.log(`  job summary:  ${path.relative(process.cwd(), summaryFile)}`);
console.log(`  outputs:      ${path.relative(process.cwd(), outputFile)}`);
process.exit(code ?? 1);
