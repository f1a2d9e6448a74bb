/**
 * Property test of issue 11's sinks: for random text from the API — pieces of the key (in its raw and JSON
 * spellings), workflow commands, Markdown and HTML that try to leave a table cell, line breaks of every kind
 * and random characters — put where the API controls text (a failed task's error, a status string, a
 * create's rejection, a task id), the built action keeps every invariant of test/faults/harness.ts, among them:
 * no output holds the key, no live workflow command comes from the API; and the job summary keeps every
 * such text inside its row or list item.
 *
 * The seed is fixed so a failure reproduces; FC_SEED and FC_RUNS explore further.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Scenario } from "../../simulator/scenario.ts";
import { apiKey, hostileMarker, invariantViolations, markerOf, runWithFaults } from "../faults/harness.ts";
import { markdownBreakouts } from "../hostile/support/payloads.ts";

const seed = Number(process.env.FC_SEED) || 20261204;
const numRuns = Number(process.env.FC_RUNS) || 12;

type Fault = NonNullable<Scenario["faults"]>[number];

const fragments = fc.constantFrom(
  apiKey,
  JSON.stringify(apiKey),
  `Bearer ${apiKey}`,
  "\n",
  "\r",
  "\r\n",
  "\u2028",
  "\u0085",
  "::set-output name=PWN::1",
  "::add-mask::PWN",
  "::warning file=PWN::x",
  "  ::error::PWN",
  "##[set-output name=PWN;]x",
  "::stop-commands::PWN",
  "<img src=x onerror=alert(1)>",
  "</details>",
  "| | |",
  "`",
  "```",
  "@octocat",
  "# PWN",
  "[PWN](https://evil.example)",
  "%0A::set-output name=PWN::1",
);

/** Hostile text that always carries the marker, so the summary check can find it. */
const hostileText = fc
  .array(
    fc.oneof({ weight: 3, arbitrary: fragments }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) }),
    {
      minLength: 1,
      maxLength: 8,
    },
  )
  .map((parts) => `${hostileMarker} ${parts.join("")}`);

/** Where the API puts its text, aimed at task 0. */
const placement = fc.constantFrom("failure", "status", "rejection", "task id");

function scenarioFor(where: string, text: string): Scenario {
  const aimed = { promptContains: markerOf(0) };
  switch (where) {
    case "failure":
      return { outcomes: [{ ...aimed, status: "failed", error: text }] };
    case "status":
      return {
        faults: [{ route: "poll", ...aimed, status: 200, body: { status: text }, times: 2 } as Fault],
      };
    case "rejection":
      return { faults: [{ route: "create", ...aimed, status: 422, body: { error: text } } as Fault] };
    default:
      // The simulator makes no task for this answer: polls of the id answer 404 until the task fails.
      return { faults: [{ route: "create", ...aimed, status: 200, body: { id: text } } as Fault] };
  }
}

describe("the built action under random hostile API text", () => {
  it("never writes the key, never prints a live command from it, and keeps it inside the summary's table", {
    timeout: 300_000,
  }, async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(placement, hostileText, async (where, text) => {
        runs++;
        const outcome = await runWithFaults({
          tasks: [0, 1].map((i) => ({
            name: `t${i}`,
            model: "nano-banana-2",
            prompt: `a picture ${markerOf(i)}`,
            marker: markerOf(i),
          })),
          scenario: scenarioFor(where, text),
          failOn: "never",
          requestTimeoutMs: 1000,
        });
        const problems = [
          ...invariantViolations(outcome),
          ...markdownBreakouts(outcome.run.summary, hostileMarker, 6).map((p) => `summary: ${p}`),
        ];
        if (problems.length > 0) {
          throw new Error(`${where}: ${JSON.stringify(text)}\n${problems.join("\n")}`);
        }
      }),
      { seed, numRuns, endOnFailure: true },
    );
    expect(runs).toBe(numRuns);
  });
});
