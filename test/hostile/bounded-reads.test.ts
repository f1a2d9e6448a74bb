import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { TaskRecord } from "../../src/run/record.ts";
import { makeWorkspace, type Workspace } from "../support/action-runner.ts";
import {
  dripFeed,
  type HostileApi,
  type HostileRoutes,
  patternChunks,
  sendBytes,
  sendJson,
  startHostileApi,
} from "./support/hostile-api.ts";
import { type MeasuredRun, runMeasured } from "./support/measured-run.ts";

/**
 * Class 5 of issue 11, played by a hostile API and CDN: answers that never end, answers that never
 * quite arrive, a CDN that ignores Range, and content types that are not what a file should be. The
 * action must read a bounded amount, stop at its deadline, and keep every paid task's id.
 */

const apiKey = "bounded-key-5c1e";
let api: HostileApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

interface Outcome {
  run: MeasuredRun;
  records: TaskRecord[];
  ws: Workspace;
  api: HostileApi;
}

async function runAgainst(
  routes: HostileRoutes,
  tasks: string[],
  inputs: Record<string, string> = {},
  options: { env?: Record<string, string>; killAfterMs?: number } = {},
): Promise<Outcome> {
  const server = await startHostileApi(routes);
  api = server;
  const ws = makeWorkspace();
  ws.write(
    "m.yml",
    `tasks:\n${tasks.map((name) => `  - name: ${name}\n    model: nano-banana-2\n    prompt: ${name}\n`).join("")}`,
  );
  const run = await runMeasured(
    ws,
    {
      "api-key": apiKey,
      "base-url": server.baseUrl,
      manifest: "m.yml",
      "poll-interval": "100ms",
      concurrency: "16",
      ...inputs,
    },
    options,
  );
  const resultsFile = path.join(ws.dir, "generated-media/results.json");
  const records = existsSync(resultsFile)
    ? (JSON.parse(readFileSync(resultsFile, "utf8")).tasks as TaskRecord[])
    : [];
  return { run, records, ws, api: server };
}

function recordOf(records: TaskRecord[], name: string): TaskRecord {
  const record = records.find((r) => r.name === name);
  if (!record) throw new Error(`no record for ${name}`);
  return record;
}

const MiB = 1024 ** 2;

describe("answers are read to a cap, never whole", () => {
  it("cuts a 700 MB poll answer at 1 MiB: memory stays bounded, the error says why, the task stays resumable", async () => {
    const { run, records, api } = await runAgainst(
      {
        poll: (_req, res) =>
          sendBytes(
            res,
            700 * 1000 ** 2,
            { "content-type": "application/json" },
            { prefix: '{"status":"processing","padding":"', filler: 0x41 },
          ),
      },
      ["pic"],
      { timeout: "3s" },
    );
    expect(run.killed).toBe(false);
    const pic = recordOf(records, "pic");
    expect(pic).toMatchObject({ status: "pending", taskId: "task-1" });
    expect(run.stdout).toMatch(/the API's answer to the poll was over 1 MiB/);
    // Node and the bundle take ~100 MB; reading the answer whole took 2.2 GB.
    expect(run.peakRss).toBeLessThan(250 * MiB);
    expect(run.elapsedMs).toBeLessThan(3_000 + 3_000);
    expect(api.requests.filter((r) => r.route === "poll").length).toBeGreaterThan(1);
  });

  it("abandons a create answer drip-fed a byte at a time 2 s past the deadline, as may-be-billed, and never resubmits it", async () => {
    const { run, records, api } = await runAgainst(
      { create: (_req, res) => dripFeed(res, `${" ".repeat(400)}{"id":"late-1"}`, { everyMs: 200 }) },
      ["pic"],
      { timeout: "4s" },
      { killAfterMs: 15_000 },
    );
    expect(run.killed).toBe(false);
    // 4 s budget + 2 s grace for an answer in flight + start-up and delivery.
    expect(run.elapsedMs).toBeLessThan(8_000);
    const pic = recordOf(records, "pic");
    expect(pic.status).toBe("failed");
    expect(pic.error).toMatch(/may exist and be billed, so it was not resubmitted/);
    expect(pic.error).toMatch(/time budget/);
    expect(api.requests.filter((r) => r.route === "create")).toHaveLength(1);
  });

  it("limits a whole API request, headers and body, to the request time limit", async () => {
    const { run, records, api } = await runAgainst(
      { create: (_req, res) => dripFeed(res, `${" ".repeat(400)}{"id":"late-1"}`, { everyMs: 200 }) },
      ["pic"],
      { timeout: "2m" },
      { env: { GENMEDIA_REQUEST_TIMEOUT_MS: "1500" }, killAfterMs: 15_000 },
    );
    expect(run.killed).toBe(false);
    expect(run.elapsedMs).toBeLessThan(6_000);
    const pic = recordOf(records, "pic");
    expect(pic.status).toBe("failed");
    expect(pic.error).toMatch(/request time limit.*may exist and be billed/);
    expect(api.requests.filter((r) => r.route === "create")).toHaveLength(1);
  });

  it("reads a few KiB of an endless error page from the CDN, not the page", async () => {
    const { run, records } = await runAgainst(
      {
        file: (_req, res) =>
          sendBytes(
            res,
            700 * 1000 ** 2,
            { "content-type": "text/html" },
            { prefix: "<html><body>Access denied", filler: 0x20 },
          ),
      },
      ["pic"],
      { timeout: "20s" },
    );
    expect(run.killed).toBe(false);
    const pic = recordOf(records, "pic");
    expect(pic.status).not.toBe("completed");
    expect(pic.error).toMatch(/text\/html instead of media: <html><body>Access denied/);
    expect(run.peakRss).toBeLessThan(250 * MiB);
    expect(run.elapsedMs).toBeLessThan(6_000);
  });
});

describe("a CDN that ignores Range after a reset", () => {
  it("starts the download over from byte 0, and the file is exactly the result", async () => {
    const size = 3 * MiB;
    const expected = createHash("sha256");
    for (const chunk of patternChunks(0, size)) expected.update(chunk);
    const { run, records, ws, api } = await runAgainst(
      {
        file: (_req, res, context) =>
          // The first answer breaks off a third of the way; every later one is the whole file, Range or not.
          sendBytes(res, size, { "content-type": "image/png" }, context.count === 1 ? { cutAfter: MiB } : {}),
      },
      ["pic"],
      { timeout: "20s" },
    );
    expect(run.killed).toBe(false);
    const pic = recordOf(records, "pic");
    expect(pic.status).toBe("completed");
    const bytes = readFileSync(path.join(ws.dir, pic.file?.path ?? ""));
    expect(bytes.length).toBe(size);
    expect(pic.file).toMatchObject({ bytes: size, sha256: expected.digest("hex") });
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(pic.file?.sha256);
    const files = api.requests.filter((r) => r.route === "file");
    expect(files[1]?.headers.range).toMatch(/^bytes=\d+-/);
    expect(files.at(-1)?.headers.range).toBeUndefined();
  });
});

describe("the content type decides what is media and its extension", () => {
  /** name → [content type, file name in the URL, expected extension or refusal] */
  const cases: Record<string, [string | undefined, string, string]> = {
    avif: ["image/avif", "avif", ".avif"],
    svg: ["image/svg+xml", "svg", ".svg"],
    upper: ["IMAGE/PNG; charset=binary", "upper", ".png"],
    m4a: ["audio/x-m4a", "m4a", ".m4a"],
    mkv: ["video/x-matroska", "mkv", ".mkv"],
    odd: ["image/x-Fancy-Format+zip", "odd.png", ".fancyfor"],
    bare: [undefined, "bare.webp", ".webp"],
    octet: ["application/octet-stream", "octet.JPEG", ".jpg"],
    evil: ["binary/octet-stream", "evil.sh", ".png"],
    xml: ["text/xml", "xml.png", "refused"],
    js: ["application/javascript", "js.png", "refused"],
    pdf: ["application/pdf", "pdf.png", "refused"],
  };

  it("names each file by its content type and refuses what is not media", async () => {
    const { run, records } = await runAgainst(
      {
        create: (_req, res, context) => sendJson(res, 200, { id: `t-${JSON.parse(context.body).prompt}` }),
        poll: (_req, res, context) => {
          const name = context.id.slice(2);
          sendJson(res, 200, { status: "completed", image_url: context.fileUrl(cases[name]?.[1] ?? name) });
        },
        file: (req, res) => {
          const entry = Object.values(cases).find(([, file]) => req.url === `/files/${file}`);
          const type = entry?.[0];
          sendBytes(res, 2048, type === undefined ? {} : { "content-type": type });
        },
      },
      Object.keys(cases),
      { timeout: "20s" },
    );
    expect(run.killed).toBe(false);
    const seen = Object.fromEntries(
      records.map((r) => [
        r.name,
        r.status === "completed"
          ? path.extname(r.file?.path ?? "")
          : r.error?.includes("instead of media")
            ? "refused"
            : r.error,
      ]),
    );
    expect(seen).toEqual(Object.fromEntries(Object.entries(cases).map(([name, [, , ext]]) => [name, ext])));
    expect(recordOf(records, "upper").file?.contentType).toBe("image/png");
    expect(recordOf(records, "bare").file?.contentType).toBe("application/octet-stream");
  });
});

describe("a create that fails in its own answer", () => {
  it("keeps the API's reason and the task id, and does not poll", async () => {
    const { records, api } = await runAgainst(
      {
        create: (_req, res, context) =>
          JSON.parse(context.body).prompt === "flagged"
            ? sendJson(res, 200, {
                id: "t-flagged",
                status: "failed",
                error: "the prompt was flagged by moderation",
              })
            : sendJson(res, 200, { code: 1001, msg: "Insufficient balance", data: { id: "t-broke" } }),
        poll: (_req, res) => sendJson(res, 404, { error: "not found" }),
      },
      ["flagged", "broke"],
      { timeout: "20s" },
    );
    expect(recordOf(records, "flagged")).toMatchObject({
      status: "failed",
      taskId: "t-flagged",
      error: "the prompt was flagged by moderation",
    });
    expect(recordOf(records, "broke")).toMatchObject({ status: "failed", taskId: "t-broke" });
    expect(recordOf(records, "broke").error).toMatch(/code 1001.*Insufficient balance/);
    expect(api.requests.filter((r) => r.route === "poll")).toHaveLength(0);
  });
});

describe("a request undici refuses to send", () => {
  it("is not recorded as sent and may-be-billed when the key holds a newline", async () => {
    const { run, records, api } = await runAgainst({}, ["pic"], {
      "api-key": "key-line-one\nline-two",
      timeout: "20s",
    });
    expect(run.killed).toBe(false);
    expect(api.requests).toHaveLength(0);
    // Refused as a configuration error up front, or recorded as never sent: either way not as billed.
    expect(JSON.stringify(records)).not.toMatch(/may (exist and )?be billed|was sent but/);
    for (const record of records) expect(record.taskId).toBeNull();
    expect(run.code).not.toBe(0);
  });
});
