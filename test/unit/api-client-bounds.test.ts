import { afterEach, describe, expect, it } from "vitest";
import { ApiClient } from "../../src/api/client.ts";
import { AmbiguousCreateError, NotSentError, TransientError } from "../../src/api/errors.ts";
import { kindPolling } from "../../src/models/family.ts";
import { Deadline, systemClock } from "../../src/run/clock.ts";
import {
  dripFeed,
  type HostileApi,
  type HostileRoutes,
  sendBytes,
  sendJson,
  startHostileApi,
} from "../hostile/support/hostile-api.ts";

let api: HostileApi | undefined;
let client: ApiClient | undefined;
afterEach(async () => {
  await client?.close();
  await api?.close();
  api = undefined;
  client = undefined;
});

async function clientFor(
  routes: HostileRoutes,
  options: { apiKey?: string; budgetMs?: number; requestTimeoutMs?: number } = {},
): Promise<{ client: ApiClient; api: HostileApi }> {
  api = await startHostileApi(routes);
  client = new ApiClient({
    baseUrl: api.baseUrl,
    apiKey: options.apiKey ?? "unit-key",
    deadline: new Deadline(systemClock, options.budgetMs ?? 30_000),
    requestTimeoutMs: options.requestTimeoutMs,
    backoff: { baseMs: 10, capMs: 50, maxRetries: 2 },
  });
  return { client, api };
}

const huge = { prefix: '{"id":"t-1","padding":"', filler: 0x41 };

describe("the API client's bounds", () => {
  it("sends no poll once the run was stopped, even one released from the batch-wide pause", async () => {
    const { client, api } = await clientFor({
      poll: (_req, res) => sendJson(res, 200, { status: "queued" }),
    });
    const deadline = (client as unknown as { deadline: Deadline }).deadline;
    // A kept-alive connection, as in a running batch: a request on it goes out at once.
    await client.pollTask(kindPolling.video, "t-0", deadline.signal);
    client.gate.pause(60_000, "HTTP 429");
    const waiting = client.pollTask(kindPolling.video, "t-1", deadline.signal).catch((e: Error) => e);
    deadline.stop("SIGTERM");
    expect(await waiting).toBeInstanceOf(TransientError);
    expect(
      await client.pollTask(kindPolling.video, "t-2", deadline.signal).catch((e: Error) => e),
    ).toBeInstanceOf(TransientError);
    expect(api.requests).toHaveLength(1);
  });

  it("calls a request undici refuses to write (a newline in the key) not sent", async () => {
    const { client, api } = await clientFor({}, { apiKey: "one\ntwo" });
    const error = await client.createTask("/v1/banana/images", {}).catch((e: Error) => e);
    expect(error).toBeInstanceOf(NotSentError);
    expect((error as Error).message).toMatch(/nothing was sent/);
    expect((error as Error).message).not.toContain("one\ntwo");
    expect(api.requests).toHaveLength(0);
  });

  it("takes a create answer over 1 MiB as ambiguous, reading no more of it", async () => {
    const { client } = await clientFor({
      create: (_req, res) => sendBytes(res, 500 * 1000 ** 2, { "content-type": "application/json" }, huge),
    });
    const started = Date.now();
    const error = await client.createTask("/v1/banana/images", {}).catch((e: Error) => e);
    expect(error).toBeInstanceOf(AmbiguousCreateError);
    expect((error as Error).message).toMatch(
      /answer to the create request was over 1 MiB.*may exist and be billed/,
    );
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("keeps a poll answer over 1 MiB a transient failure with the reason", async () => {
    const { client } = await clientFor({
      poll: (_req, res) =>
        sendBytes(
          res,
          500 * 1000 ** 2,
          { "content-type": "application/json" },
          { ...huge, declareLength: false },
        ),
    });
    const error = await client.pollTask(kindPolling.video, "t-1").catch((e: Error) => e);
    expect(error).toBeInstanceOf(TransientError);
    expect((error as Error).message).toMatch(/the API's answer to the poll was over 1 MiB/);
  });

  it("reads only a preview of an error answer", async () => {
    const { client } = await clientFor({
      create: (_req, res) =>
        sendBytes(
          res,
          500 * 1000 ** 2,
          { "content-type": "text/plain" },
          { prefix: "bad prompt", filler: 0x20, status: 400 },
        ),
    });
    const error = await client.createTask("/v1/banana/images", {}).catch((e: Error) => e);
    expect((error as Error).message).toMatch(/HTTP 400\): bad prompt/);
  });

  it("abandons a drip-fed create 2 s after the deadline, and a poll at the deadline itself", async () => {
    const drip = (_req: unknown, res: Parameters<typeof dripFeed>[0]) =>
      dripFeed(res, `${" ".repeat(100)}{"id":"t-1"}`, { everyMs: 100 });
    const { client } = await clientFor({ create: drip, poll: drip }, { budgetMs: 300 });
    let started = Date.now();
    const create = await client.createTask("/v1/banana/images", {}).catch((e: Error) => e);
    expect(create).toBeInstanceOf(AmbiguousCreateError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_200);
    expect(Date.now() - started).toBeLessThan(3_500);
    started = Date.now();
    const poll = await client.pollTask(kindPolling.video, "t-1").catch((e: Error) => e);
    expect(poll).toBeInstanceOf(TransientError);
    expect(Date.now() - started).toBeLessThan(500);
  });

  it("cuts any request at the whole-request time limit", async () => {
    const { client } = await clientFor(
      { poll: (_req, res) => dripFeed(res, `${" ".repeat(100)}{"status":"queued"}`, { everyMs: 50 }) },
      { requestTimeoutMs: 400 },
    );
    const started = Date.now();
    const error = await client.pollTask(kindPolling.video, "t-1").catch((e: Error) => e);
    expect((error as Error).message).toMatch(/within the 400ms request time limit/);
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it("applies the time limit to each attempt, so a create waiting out a 429 is not taken as lost", async () => {
    const { client, api } = await clientFor(
      {
        create: (_req, res, context) => {
          if (context.count > 1) return sendJson(res, 200, { id: "t-after-429" });
          res.writeHead(429, { "retry-after": "1" });
          res.end();
        },
      },
      { requestTimeoutMs: 400 },
    );
    expect(await client.createTask("/v1/banana/images", {})).toMatchObject({ taskId: "t-after-429" });
    expect(api.requests.filter((r) => r.route === "create")).toHaveLength(2);
  });

  it("resolves a create failed in its own answer with the id and the reason", async () => {
    const { client } = await clientFor({
      create: (_req, res) =>
        sendJson(res, 200, { id: "t-9", status: "failed", error: { message: "flagged" } }),
    });
    expect(await client.createTask("/v1/banana/images", {})).toEqual({ taskId: "t-9", failure: "flagged" });
  });
});
