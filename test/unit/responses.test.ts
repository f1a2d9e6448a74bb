import { describe, expect, it } from "vitest";
import { backoffDelay, parseRetryAfter, retryPolicy } from "../../src/api/backoff.ts";
import { parseCreateResponse, parsePollResponse } from "../../src/models/answers.ts";

describe("create responses in both documented shapes", () => {
  it("reads the flat shape A id", () => {
    expect(
      parseCreateResponse({
        id: "sora_abc",
        object: "video.generation",
        created: 1761635478,
        status: "queued",
      }),
    ).toEqual({
      ok: true,
      taskId: "sora_abc",
      created: 1761635478,
    });
  });

  it("reads shape B's data.projectId with code as a string or a number", () => {
    expect(parseCreateResponse({ code: "0", msg: null, data: { projectId: "proj_1" } })).toMatchObject({
      ok: true,
      taskId: "proj_1",
    });
    expect(parseCreateResponse({ code: 0, msg: null, data: { projectId: 123 } })).toMatchObject({
      ok: true,
      taskId: "123",
    });
    expect(parseCreateResponse({ code: 200, data: { id: "x" } })).toMatchObject({ ok: true, taskId: "x" });
    expect(parseCreateResponse({ task_id: "t9" })).toMatchObject({ ok: true, taskId: "t9" });
  });

  it("treats a non-zero code as a refusal even on HTTP 200, with the API's message", () => {
    expect(parseCreateResponse({ code: "1001", msg: "Insufficient balance", data: null })).toEqual({
      ok: false,
      error: "the API refused the task (code 1001): Insufficient balance",
    });
  });

  it("keeps the id and the reason of a task the API failed in its create answer", () => {
    expect(parseCreateResponse({ id: "t1", status: "failed", error: "flagged by moderation" })).toEqual({
      ok: false,
      taskId: "t1",
      error: "flagged by moderation",
    });
    expect(parseCreateResponse({ id: "t2", status: "Cancelled" })).toMatchObject({
      ok: false,
      taskId: "t2",
      error: expect.stringMatching(/cancelled as soon as it was created/),
    });
    expect(parseCreateResponse({ code: 1001, msg: "Insufficient balance", data: { id: "t3" } })).toEqual({
      ok: false,
      taskId: "t3",
      error: "the API refused the task (code 1001): Insufficient balance",
    });
  });

  it("fails when no id can be found", () => {
    const outcome = parseCreateResponse({ status: "queued" });
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.error).toMatch(/without a task id/);
  });
});

describe("poll responses", () => {
  it("matches statuses case-insensitively and maps synonyms", () => {
    expect(parsePollResponse({ status: "COMPLETED", video_url: "https://x/a.mp4" })).toMatchObject({
      status: "completed",
      url: "https://x/a.mp4",
    });
    expect(parsePollResponse({ status: "succeeded", image_url: "https://x/a.png" })?.status).toBe(
      "completed",
    );
    expect(parsePollResponse({ status: "error", error: "boom" })).toMatchObject({
      status: "failed",
      error: "boom",
    });
    expect(parsePollResponse({ status: "canceled" })?.status).toBe("cancelled");
  });

  it("keeps an unknown status as running, with the raw value for the log", () => {
    expect(parsePollResponse({ status: "warming_up" })).toMatchObject({
      status: "running",
      rawStatus: "warming_up",
    });
  });

  it("finds the URL in the documented order and ignores empty ones", () => {
    expect(
      parsePollResponse({ status: "completed", video_url: "", image_url: null, audioUrl: "https://x/a.mp3" })
        ?.url,
    ).toBe("https://x/a.mp3");
  });

  it("reads the family's own result field first, then the others", () => {
    const both = { status: "completed", video_url: "https://x/v.mp4", audioUrl: "https://x/a.mp3" };
    expect(parsePollResponse(both, "audioUrl")?.url).toBe("https://x/a.mp3");
    expect(parsePollResponse(both, "video_url")?.url).toBe("https://x/v.mp4");
    expect(parsePollResponse({ status: "completed", url: "https://x/u.png" }, "image_url")?.url).toBe(
      "https://x/u.png",
    );
  });

  it("turns an object error into one sentence and numbers-as-strings into numbers", () => {
    expect(
      parsePollResponse({ status: "failed", error: { message: "quota" }, created: "1761635478" }),
    ).toMatchObject({
      error: "quota",
      created: 1761635478,
    });
  });

  it("rejects a body without a status", () => {
    expect(parsePollResponse({ id: "x" })).toBeUndefined();
    expect(parsePollResponse("nonsense")).toBeUndefined();
  });
});

describe("backoff", () => {
  const options = { baseMs: 1000, capMs: 60_000, maxRetries: 5 };
  it("grows exponentially under full jitter and respects the cap", () => {
    expect(backoffDelay(1, options, undefined, () => 0.999)).toBeLessThanOrEqual(1000);
    expect(backoffDelay(3, options, undefined, () => 0.999)).toBeGreaterThan(3000);
    expect(backoffDelay(20, options, undefined, () => 1)).toBe(60_000);
    expect(backoffDelay(2, options, undefined, () => 0)).toBe(0);
  });

  it("never waits less than Retry-After", () => {
    expect(backoffDelay(1, options, 2000, () => 0)).toBe(2000);
  });

  it("reads Retry-After as seconds or as an HTTP date", () => {
    expect(parseRetryAfter("2", 0)).toBe(2000);
    const now = Date.parse("2026-11-25T10:00:00Z");
    expect(parseRetryAfter("Wed, 25 Nov 2026 10:00:05 GMT", now)).toBe(5000);
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter("soon", now)).toBeUndefined();
  });
});

describe("retry policy", () => {
  const backoff = { baseMs: 1000, capMs: 10_000, maxRetries: 3 };
  const codes = { statusCodes: [429, 503], errorCodes: ["ECONNRESET"] };
  const decide = (
    error: Record<string, unknown>,
    counter: number,
    deadline?: { passed(): boolean; remaining(): number },
  ) => {
    const waits: number[] = [];
    const outcome: { error?: Error | null } = {};
    const timer = retryPolicy({ ...codes, backoff, deadline, onWait: (wait) => waits.push(wait) })(
      Object.assign(new Error("x"), error),
      { state: { counter } },
      (err) => {
        outcome.error = err;
      },
    );
    clearTimeout(timer);
    return {
      waits,
      givenUp: outcome.error !== undefined && outcome.error !== null,
      retried: timer !== undefined,
    };
  };

  it("retries the listed statuses and network codes, nothing else", () => {
    expect(decide({ statusCode: 503 }, 1).retried).toBe(true);
    expect(decide({ code: "ECONNRESET" }, 1).retried).toBe(true);
    expect(decide({ statusCode: 500 }, 1).givenUp).toBe(true);
    expect(decide({ code: "EPROTO" }, 1).givenUp).toBe(true);
    expect(decide({ statusCode: 503 }, 4).givenUp).toBe(true);
  });

  it("waits at least Retry-After even past the backoff's cap, and never past the deadline", () => {
    const { waits } = decide({ statusCode: 503, headers: { "retry-after": "30" } }, 1);
    expect(waits).toEqual([30_000]);
    const late = decide({ statusCode: 503, headers: { "retry-after": "30" } }, 1, {
      passed: () => false,
      remaining: () => 5_000,
    });
    expect(late.givenUp).toBe(true);
    expect(decide({ statusCode: 503 }, 1, { passed: () => true, remaining: () => 0 }).givenUp).toBe(true);
  });

  it("spreads retries with full jitter under the exponential ceiling", () => {
    const waits = Array.from({ length: 200 }, () => decide({ statusCode: 429 }, 3).waits[0] as number);
    expect(Math.max(...waits)).toBeLessThanOrEqual(4_000);
    expect(Math.min(...waits)).toBeLessThan(1_000);
    expect(new Set(waits).size).toBeGreaterThan(100);
  });
});
