/**
 * npm run bench [-- S1 S3 ...]: runs the scenarios (all by default) against the API simulator and prints
 * one Markdown table set per scenario. BENCHMARKS.md holds the numbers and how to read them.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg } from "node:os";
import { runS1 } from "./scenarios/s1-schedule.ts";
import { runS2 } from "./scenarios/s2-large-files.ts";
import { runS3 } from "./scenarios/s3-many-tasks.ts";
import { runS4 } from "./scenarios/s4-cold-start.ts";
import { distEntry, repoRoot } from "./support/action.ts";
import { renderReport, type ScenarioReport } from "./support/report.ts";

type Scenario = (log: (line: string) => void) => Promise<ScenarioReport>;

const scenarios: Record<string, Scenario> = {
  S1: runS1,
  S2: runS2,
  S3: runS3,
  S4: runS4,
};

const log = (line: string) => process.stderr.write(`${line}\n`);

/** Which build is measured: the commit, and whether the bundle differs from the committed one. */
function describeBuild(): string {
  const sha = createHash("sha256").update(readFileSync(distEntry)).digest("hex").slice(0, 12);
  let commit = "not a git checkout";
  try {
    const git = (...args: string[]) =>
      execFileSync("git", args, {
        cwd: repoRoot,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      }).trim();
    const head = git("rev-parse", "--short", "HEAD");
    const committed = createHash("sha256")
      .update(execFileSync("git", ["show", "HEAD:dist/index.js"], { cwd: repoRoot, maxBuffer: 64 * 2 ** 20 }))
      .digest("hex")
      .slice(0, 12);
    commit = `HEAD ${head}${committed === sha ? ", the committed bundle" : `, NOT the committed bundle (${committed})`}`;
  } catch {
    // A tarball or a copied bundle: the sha256 alone identifies it.
  }
  return `${distEntry.startsWith(repoRoot) ? distEntry.slice(repoRoot.length + 1) : distEntry} sha256 ${sha}… (${commit})`;
}

const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(" ");

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).map((name) => name.toUpperCase());
  const unknown = wanted.filter((name) => !(name in scenarios));
  if (unknown.length) {
    log(`unknown scenario ${unknown.join(", ")}; known: ${Object.keys(scenarios).join(", ")}`);
    process.exit(2);
  }
  const selected = wanted.length ? wanted : Object.keys(scenarios);
  const started = performance.now();
  console.log(
    `genmedia-action benchmarks — node ${process.version}, ${availableParallelism()} cores (${cpus()[0]?.model ?? "unknown CPU"}), ${process.platform}/${process.arch}`,
  );
  console.log(`Action: ${describeBuild()}`);
  console.log(`Load average before: ${load()}\n`);
  const missed: string[] = [];
  const broken: string[] = [];
  for (const id of selected) {
    const scenario = scenarios[id] as Scenario;
    const scenarioStarted = performance.now();
    let report: ScenarioReport;
    try {
      report = await scenario(log);
    } catch (error) {
      // One broken scenario (a failed action run, a full disk) must not hide the others' numbers.
      broken.push(id);
      report = {
        id,
        title: "not measured",
        tables: [],
        notes: [`could not be measured: ${(error as Error).message}`],
        passed: false,
      };
    }
    console.log(renderReport(report));
    console.log(
      `- ${id} took ${((performance.now() - scenarioStarted) / 1000).toFixed(1)} s; load average after: ${load()}.\n`,
    );
    if (!report.passed && !broken.includes(id)) missed.push(id);
  }
  console.log(
    `Total ${((performance.now() - started) / 1000).toFixed(1)} s. ${missed.length ? `Targets missed in ${missed.join(", ")}.` : "Every target met."}${broken.length ? ` Could not measure ${broken.join(", ")}.` : ""}`,
  );
  // Missed targets are findings, not failures of the benchmark: the exit code says only whether it ran.
  if (broken.length) process.exitCode = 1;
}

await main();
