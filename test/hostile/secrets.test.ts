/**
 * Class 1 of issue 11: the key never leaves the process. A hostile API echoes the key back in every place it
 * controls — a failed task's error, a create's rejection, an unknown status, a text answer — and the run
 * posts a pull request comment. Nothing the action writes (log, annotations, summary, outputs, results.json
 * and its journal, files, the comment) may hold the key in any spelling; the runner's `::add-mask::` line is
 * the one place it appears, because that is how the runner learns to mask it.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type Simulator, startSimulator } from "../../simulator/server.ts";
import { makeWorkspace, runAction } from "../support/action-runner.ts";
import { type GitHubApi, startGitHubApi } from "../support/github-api.ts";

/** A key with characters JSON and URLs escape, so each spelling is tried. */
const apiKey = 'sk-hostile"key\\7f e2a9c4d1';
const spellings = [apiKey, JSON.stringify(apiKey).slice(1, -1), encodeURIComponent(apiKey), "e2a9c4d1"];

let simulator: Simulator | undefined;
let github: GitHubApi | undefined;

afterEach(async () => {
  await simulator?.close();
  await github?.close();
  simulator = undefined;
  github = undefined;
});

const manifest = `
tasks:
  - name: echo-failed
    model: nano-banana-2
    prompt: ECHO in the failure
  - name: echo-rejected
    model: nano-banana-2
    prompt: REJECT with the key
  - name: echo-status
    model: nano-banana-2
    prompt: STATUS with the key
  - name: echo-text
    model: gpt-5.4
    prompt: TEXTECHO the key
`;

describe("a hostile API that echoes the key", () => {
  it("never gets it into the log, summary, outputs, results.json, files or the PR comment", async () => {
    const echoed = `invalid credentials: ${apiKey} (json ${JSON.stringify(apiKey)}, url ${encodeURIComponent(apiKey)})`;
    simulator = await startSimulator({
      apiKey,
      timeScale: 1000,
      scenario: {
        latency: { queuedMs: 0, processingMs: { video: 1000, image: 1000, audio: 1000 } },
        outcomes: [{ promptContains: "ECHO in", status: "failed", error: echoed }],
        faults: [
          { route: "create", promptContains: "REJECT", status: 400, body: { error: echoed } },
          { route: "poll", promptContains: "STATUS", kind: "status", status: 200, body: { status: echoed } },
          {
            route: "create",
            promptContains: "TEXTECHO",
            status: 200,
            body: {
              id: "chatcmpl-echo",
              choices: [{ index: 0, message: { role: "assistant", content: `Your key: ${apiKey}\n` } }],
            },
          },
        ],
      },
    });
    github = await startGitHubApi();
    const ws = makeWorkspace();
    ws.write("m.yml", manifest);
    const eventFile = path.join(ws.runnerTemp, "event.json");
    writeFileSync(eventFile, JSON.stringify(github.pullRequestEvent({ number: 7 })));
    const run = await runAction(
      ws,
      {
        "api-key": apiKey,
        "base-url": simulator.url,
        "text-base-url": simulator.url,
        manifest: "m.yml",
        "poll-interval": "50ms",
        timeout: "3s",
        comment: "true",
        "github-token": "ghs_hostile_token_1234",
      },
      {
        env: {
          ...github.env(),
          GITHUB_EVENT_NAME: "pull_request",
          GITHUB_EVENT_PATH: eventFile,
          GITHUB_REF: "refs/pull/7/merge",
          GITHUB_SHA: "c".repeat(40),
          GENMEDIA_RETRY_BASE_MS: "5",
        },
      },
    );
    // The API did echo it: the failure, the rejection, the status and the answer are all recorded.
    const creates = simulator.requests.filter((r) => r.route === "create" || r.route === "text");
    expect(creates.length).toBe(4);
    expect(run.summary).toContain("echo-failed");
    expect(run.summary, run.summary).toContain("invalid credentials: \\*\\*\\*");
    const comments = github.comments(7);
    expect(comments).toHaveLength(1);

    const written = [
      run
        .allText()
        .split(/\r?\n/)
        .filter((line) => !line.startsWith("::add-mask::"))
        .join("\n"),
      ...comments.map((c) => c.body),
      ...github.requests.map((r) => JSON.stringify(r.body ?? null)),
    ].join("\n");
    for (const spelling of spellings) expect(written).not.toContain(spelling);
    expect(written).not.toContain("ghs_hostile_token_1234".slice(4));
    // The runner was told to mask the key (and the token) once each, before anything else was printed.
    expect(run.stdout.split("\n").filter((l) => l === `::add-mask::${apiKey}`)).toHaveLength(1);
  });
});
