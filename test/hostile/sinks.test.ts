/**
 * Class 2 of issue 11: untrusted text is neutralised for each sink. A hostile API puts workflow commands and
 * Markdown that tries to break out of a table into a failed task's error, a status string and a task id, and a
 * hostile earlier record (a results.json the post step delivers) does the same. The runner must see no
 * command the attacker wrote, no output they named, and the summary and the comment must keep every such
 * text inside its table cell or list item: no raw HTML, links, headings or mentions that ping.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type Simulator, startSimulator } from "../../simulator/server.ts";
import { type ActionRun, makeWorkspace, runAction } from "../support/action-runner.ts";
import { type GitHubApi, startGitHubApi } from "../support/github-api.ts";
import { commandPayload, injectedCommands, markdownBreakouts, markdownPayload } from "./support/payloads.ts";

const apiKey = "sk-sinks-test-5d1c0a";
let simulator: Simulator | undefined;
let github: GitHubApi | undefined;

afterEach(async () => {
  await simulator?.close();
  await github?.close();
  simulator = undefined;
  github = undefined;
});

const markers = ["PWNERR", "PWNSTAT", "PWNID", "MDERR", "MDID", "PWNREC", "MDREC"];

/** Nothing the attacker wrote became a command, an output or state. */
function expectNoInjectedCommands(run: ActionRun): void {
  expect(injectedCommands(run.stdout, markers)).toEqual([]);
  for (const marker of markers) {
    expect(Object.keys(run.outputs).join(" ")).not.toContain(marker);
    expect(Object.keys(run.state).join(" ")).not.toContain(marker);
  }
}

describe("hostile API text", () => {
  it("starts no workflow command and stays inside its cell in the summary and the PR comment", async () => {
    simulator = await startSimulator({
      apiKey,
      timeScale: 1000,
      scenario: {
        latency: { queuedMs: 0, processingMs: { video: 1000, image: 1000, audio: 1000 } },
        outcomes: [
          {
            promptContains: "ERRTEXT",
            status: "failed",
            error: `${commandPayload("PWNERR")}\n${markdownPayload("MDERR")}`,
          },
        ],
        faults: [
          {
            route: "poll",
            promptContains: "STATUSTEXT",
            status: 200,
            body: { status: commandPayload("PWNSTAT") },
            times: 3,
          },
          {
            route: "create",
            promptContains: "IDTEXT",
            status: 200,
            body: { id: `tid-1\n${commandPayload("PWNID")}\n${markdownPayload("MDID")}` },
          },
        ],
      },
    });
    github = await startGitHubApi();
    const ws = makeWorkspace();
    ws.write(
      "m.yml",
      [
        "tasks:",
        "  - { name: err, model: nano-banana-2, prompt: ERRTEXT please }",
        "  - { name: status, model: nano-banana-2, prompt: STATUSTEXT please }",
        "  - { name: id, model: nano-banana-2, prompt: IDTEXT please }",
        "",
      ].join("\n"),
    );
    const eventFile = path.join(ws.runnerTemp, "event.json");
    writeFileSync(eventFile, JSON.stringify(github.pullRequestEvent({ number: 9 })));
    const run = await runAction(
      ws,
      {
        "api-key": apiKey,
        "base-url": simulator.url,
        manifest: "m.yml",
        "poll-interval": "50ms",
        comment: "true",
        "github-token": "ghs_sinks",
      },
      {
        env: {
          ...github.env(),
          GITHUB_EVENT_NAME: "pull_request",
          GITHUB_EVENT_PATH: eventFile,
          GITHUB_REF: "refs/pull/9/merge",
          GITHUB_SHA: "d".repeat(40),
        },
      },
    );
    // The hostile text did reach the action: each of its three ways in is in the summary.
    expect(run.summary).toContain("PWNERR");
    expect(run.summary).toContain("MDID");
    expect(run.stdout).toContain("PWNSTAT");
    expectNoInjectedCommands(run);
    const [comment] = github.comments(9);
    expect(comment?.body).toContain("MDERR");
    for (const marker of ["MDERR", "MDID"]) {
      expect(markdownBreakouts(run.summary, marker, 6)).toEqual([]);
      expect(markdownBreakouts(comment?.body ?? "", marker, 4)).toEqual([]);
    }
  });
});

describe("a hostile earlier record", () => {
  it("delivered by the post step, starts no command and breaks no table", async () => {
    const ws = makeWorkspace();
    const resultsFile = path.join(ws.dir, "generated-media/results.json");
    ws.write(
      "generated-media/results.json",
      JSON.stringify({
        version: 1,
        tasks: [
          {
            name: `rec\n${commandPayload("PWNREC")}\n${markdownPayload("MDREC")}`,
            model: `m\n::set-output name=PWNREC::x`,
            kind: "image",
            status: "failed",
            taskId: `t\n${commandPayload("PWNREC")}`,
            submittedAt: null,
            finishedAt: null,
            file: null,
            inputHash: "h",
            error: `${commandPayload("PWNREC")}\n${markdownPayload("MDREC")}`,
          },
        ],
      }),
    );
    const run = await runAction(
      ws,
      { "api-key": apiKey, prompt: "p", model: "nano-banana-2" },
      { post: { state: { "results-file": resultsFile } } },
    );
    expect(run.summary).toContain("MDREC");
    expectNoInjectedCommands(run);
    expect(markdownBreakouts(run.summary, "MDREC", 6)).toEqual([]);
  });
});
