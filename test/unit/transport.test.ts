import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import {
  gitHubBackoff,
  isRepeatableGitHubRequest,
  retryRepeatableGitHubRequests,
  Transport,
  withRetries,
} from "../../src/api/transport.ts";

/** An Octokit RequestError as the hook sees it: a status and the answer's headers. */
function gitHubError(status: number, headers: Record<string, string> = {}): Error {
  return Object.assign(new Error(`HTTP ${status}`), { status, response: { headers } });
}

/** Runs one request through the hook; `answers` are thrown in turn (an Error) or returned. */
async function throughHook(
  request: { method: string; url: string },
  answers: unknown[],
  options: { random?: () => number; backoff?: typeof gitHubBackoff } = {},
): Promise<{ calls: number; waits: number[]; result?: unknown; error?: unknown }> {
  const waits: number[] = [];
  let calls = 0;
  const hook = retryRepeatableGitHubRequests({
    ...options,
    wait: async (ms) => {
      waits.push(ms);
    },
  });
  const send = async () => {
    const answer = answers[Math.min(calls++, answers.length - 1)];
    if (answer instanceof Error) throw answer;
    return answer;
  };
  try {
    const result = await hook(send, request);
    return { calls, waits, result };
  } catch (error) {
    return { calls, waits, error };
  }
}

const listComments = { method: "GET", url: "/repos/{owner}/{repo}/issues/{issue_number}/comments" };

describe("the Octokit retry policy", () => {
  it("waits a full-jitter delay before each retry, within 0..min(cap, base·2^(n-1))", async () => {
    const backoff = { baseMs: 1_000, capMs: 3_000, maxRetries: 4 };
    const seen = new Set<number>();
    for (let run = 0; run < 50; run++) {
      const { calls, waits, error } = await throughHook(listComments, [gitHubError(502)], { backoff });
      expect(calls).toBe(5);
      expect((error as { status: number }).status).toBe(502);
      expect(waits).toHaveLength(4);
      waits.forEach((wait, i) => {
        expect(wait).toBeGreaterThanOrEqual(0);
        expect(wait).toBeLessThanOrEqual(Math.min(3_000, 1_000 * 2 ** i));
        seen.add(wait);
      });
    }
    // Jittered, not fixed: concurrent jobs do not retry in step.
    expect(seen.size).toBeGreaterThan(20);
  });

  it("uses a few retries of a few seconds by default, then gives up with GitHub's error", async () => {
    const { calls, waits } = await throughHook(listComments, [gitHubError(503)], { random: () => 1 });
    expect(calls).toBe(gitHubBackoff.maxRetries + 1);
    expect(waits).toEqual([2_000, 4_000, 8_000]);
  });

  it("never waits less than Retry-After, even where the jitter drew 0", async () => {
    const { calls, waits, result } = await throughHook(
      listComments,
      [gitHubError(429, { "retry-after": "7" }), { status: 200, data: [] }],
      { random: () => 0 },
    );
    expect([calls, waits, result]).toEqual([2, [7_000], { status: 200, data: [] }]);
  });

  it("waits out a used-up rate limit until x-ratelimit-reset, and a 403 without one is a permission", async () => {
    const reset = Math.ceil(Date.now() / 1000) + 20;
    const limited = gitHubError(403, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(reset) });
    const { calls, waits } = await throughHook(listComments, [limited, { status: 200 }], { random: () => 0 });
    expect(calls).toBe(2);
    expect(waits[0]).toBeGreaterThan(18_000);
    expect(waits[0]).toBeLessThanOrEqual(21_000);

    const denied = await throughHook(listComments, [gitHubError(403), { status: 200 }]);
    expect([denied.calls, denied.waits]).toEqual([1, []]);
    expect((denied.error as { status: number }).status).toBe(403);
  });

  it("does not hold the job for a rate limit that resets in more than a minute", async () => {
    const { calls, waits, error } = await throughHook(listComments, [
      gitHubError(429, { "retry-after": "3600" }),
      { status: 200 },
    ]);
    expect([calls, waits]).toEqual([1, []]);
    expect((error as { status: number }).status).toBe(429);
  });

  it("does not retry a client error", async () => {
    const { calls } = await throughHook(listComments, [gitHubError(422), { status: 200 }]);
    expect(calls).toBe(1);
  });

  it("never repeats a comment creation or an upload, which could happen twice", async () => {
    const createComment = { method: "POST", url: "/repos/{owner}/{repo}/issues/{issue_number}/comments" };
    const upload = {
      method: "POST",
      url: "https://uploads.github.com/repos/octo/r/releases/1/assets{?name,label}",
    };
    for (const request of [createComment, upload]) {
      expect(isRepeatableGitHubRequest(request)).toBe(false);
      const { calls, waits } = await throughHook(request, [gitHubError(502), { status: 201 }]);
      expect([calls, waits]).toEqual([1, []]);
    }
  });

  it("repeats reads, updates, deletes, content-addressed Git objects and GraphQL", () => {
    const repeatable = [
      listComments,
      { method: "PATCH", url: "/repos/{owner}/{repo}/git/refs/{ref}" },
      { method: "DELETE", url: "/repos/{owner}/{repo}/releases/assets/{asset_id}" },
      { method: "POST", url: "/repos/{owner}/{repo}/git/blobs" },
      { method: "POST", url: "/repos/{owner}/{repo}/git/trees" },
      { method: "POST", url: "/repos/{owner}/{repo}/git/commits" },
      { method: "POST", url: "/graphql" },
    ];
    for (const request of repeatable) expect(isRepeatableGitHubRequest(request)).toBe(true);
    expect(isRepeatableGitHubRequest({ method: "POST", url: "/repos/{owner}/{repo}/git/refs" })).toBe(false);
  });
});

describe("withRetries", () => {
  it("stops before a wait that would end past the deadline", async () => {
    let calls = 0;
    const run = withRetries(
      async () => {
        calls++;
        throw new Error("busy");
      },
      {
        backoff: { baseMs: 10, capMs: 10, maxRetries: 5 },
        retryable: () => ({ retryAfterMs: 5_000 }),
        deadline: { passed: () => false, remaining: () => 1_000 },
      },
    );
    await expect(run).rejects.toThrow("busy");
    expect(calls).toBe(1);
  });
});

describe("the transport's dispatchers", () => {
  let server: Server | undefined;
  let transport: Transport | undefined;
  afterEach(async () => {
    await transport?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  /** A server answering 503 to the first `failures` requests of each method, then 200 (or a redirect). */
  async function flakyServer(failures: number): Promise<{ origin: string; hits: string[] }> {
    const hits: string[] = [];
    const seen = new Map<string, number>();
    const listening = createServer((req, res) => {
      hits.push(`${req.method} ${req.url}`);
      const count = (seen.get(`${req.method}${req.url}`) ?? 0) + 1;
      seen.set(`${req.method}${req.url}`, count);
      if (req.url === "/moved") return res.writeHead(302, { location: "/file" }).end();
      if (count <= failures) return res.writeHead(503, { "retry-after": "0" }).end("busy");
      res.writeHead(200).end("ok");
    });
    server = listening;
    await new Promise<void>((resolve) => listening.listen(0, "127.0.0.1", resolve));
    return { origin: `http://127.0.0.1:${(listening.address() as AddressInfo).port}`, hits };
  }

  it("retries the methods it is given, by the policy, and follows redirects when asked", async () => {
    const { origin, hits } = await flakyServer(2);
    transport = new Transport({ connections: 2, timeoutMs: 5_000 });
    const waits: number[] = [];
    const rule = {
      statusCodes: [503],
      errorCodes: [],
      backoff: { baseMs: 5, capMs: 5, maxRetries: 3 },
      onWait: (wait: number) => waits.push(wait),
    };
    const gets = transport.retrying({ ...rule, methods: ["GET"], redirects: 2 });
    const got = await gets.request({ origin, path: "/moved", method: "GET" });
    expect([got.statusCode, await got.body.text()]).toEqual([200, "ok"]);
    expect(hits).toEqual(["GET /moved", "GET /file", "GET /file", "GET /file"]);
    expect(waits).toHaveLength(2);

    const posts = transport.retrying({ ...rule, methods: ["GET"] });
    // A status the policy will not retry ends the request with undici's RequestRetryError.
    await expect(
      posts.request({ origin, path: "/create", method: "POST", body: "{}" }),
    ).rejects.toMatchObject({
      statusCode: 503,
    });
    expect(hits.filter((h) => h === "POST /create")).toHaveLength(1);
  });
});
