import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Scenario } from "../../simulator/scenario.ts";
import { type Simulator, startSimulator } from "../../simulator/server.ts";
import type { TaskRecord } from "../../src/run/record.ts";
import { makeWorkspace, runAction, type Workspace } from "../support/action-runner.ts";

const apiKey = "download-key-0b7e";
let simulator: Simulator | undefined;
let cdn: Server | undefined;
afterEach(async () => {
  await simulator?.close();
  await new Promise((resolve) => (cdn ? cdn.close(resolve) : resolve(undefined)));
  simulator = undefined;
  cdn = undefined;
});

async function runOne(
  scenario: Scenario,
  extra: Record<string, string> = {},
): Promise<{ ws: Workspace; record: TaskRecord; code: number | null; sim: Simulator }> {
  const sim = await startSimulator({
    apiKey,
    timeScale: 1000,
    scenario: {
      latency: { queuedMs: 0, processingMs: { video: 1000, image: 1000, audio: 1000 } },
      fileBytes: { image: 400_000 },
      ...scenario,
    },
  });
  simulator = sim;
  const ws = makeWorkspace();
  ws.write("m.yml", "tasks:\n  - name: pic\n    model: nano-banana-2\n    prompt: a picture\n");
  const run = await runAction(ws, {
    "api-key": apiKey,
    "base-url": sim.url,
    manifest: "m.yml",
    "poll-interval": "50ms",
    ...extra,
  });
  const [record] = JSON.parse(readFileSync(path.join(ws.dir, "generated-media/results.json"), "utf8"))
    .tasks as TaskRecord[];
  if (!record) throw new Error("no record");
  return { ws, record, code: run.code, sim };
}

function leftovers(ws: Workspace): string[] {
  return readdirSync(path.join(ws.dir, "generated-media")).filter((f) => f !== "results.json");
}

describe("downloads that survive faults", () => {
  it("resumes a download cut off mid-body with a Range request, and the file is whole", async () => {
    const { ws, record, code, sim } = await runOne({
      faults: [{ route: "file", kind: "truncate", times: 1 }],
    });
    expect(code).toBe(0);
    expect(record.status).toBe("completed");
    const bytes = readFileSync(path.join(ws.dir, record.file?.path ?? ""));
    expect(bytes.length).toBe(400_000);
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(sim.tasks()[0]?.file?.sha256);
    const files = sim.requests.filter((r) => r.route === "file");
    expect(files).toHaveLength(2);
    expect(files[1]?.headers.range).toMatch(/^bytes=\d+-/);
    expect(leftovers(ws)).toEqual(["pic.png"]);
  });

  it("waits out a CDN's 503 for at least its Retry-After, longer than undici's own cap, then gets the file", async () => {
    // The runner's GENMEDIA_RETRY_BASE_MS=20 caps the exponential backoff at 600 ms; Retry-After is a floor.
    const { record, code, sim } = await runOne({
      faults: [{ route: "file", status: 503, retryAfter: 1, times: 1 }],
    });
    expect(code).toBe(0);
    expect(record.status).toBe("completed");
    const files = sim.requests.filter((r) => r.route === "file");
    expect(files.map((r) => r.status)).toEqual([503, 200]);
    expect((files[1]?.at ?? 0) - (files[0]?.at ?? 0)).toBeGreaterThanOrEqual(990);
  });

  it("keeps a task whose result URL expired resumable, naming the expiry, and leaves no partial file", async () => {
    for (const status of [404, 410]) {
      const { ws, record, code } = await runOne({ faults: [{ route: "file", kind: "expired", status }] });
      expect(code).toBe(1);
      expect(record).toMatchObject({ status: "pending", file: null });
      expect(record.error).toMatch(new RegExp(`HTTP ${status}: it has expired.*is kept`));
      expect(record.taskId).toBeTruthy();
      expect(leftovers(ws)).toEqual([]);
      await simulator?.close();
      simulator = undefined;
    }
  });

  it("refuses a file over max-download-size without keeping any of it", async () => {
    const { ws, record, code } = await runOne({}, { "max-download-size": "100KB" });
    expect(code).toBe(1);
    expect(record.status).toBe("pending");
    expect(record.error).toMatch(
      /^completed, but the download failed: the result is 400000 bytes, over the 100000-byte download limit; task id \S+ is kept/,
    );
    expect(leftovers(ws)).toEqual([]);
  });

  it("rejects an HTML page or a short body where media was expected", async () => {
    // A CDN that answers an error page with 200, then one that closes early on every try.
    let mode: "html" | "short" = "html";
    cdn = createServer((_req, res) => {
      if (mode === "html") {
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        res.end("<html><body>Access denied</body></html>");
        return;
      }
      res.writeHead(200, { "content-type": "image/png", "content-length": "1000" });
      res.end(Buffer.alloc(10));
    });
    await new Promise<void>((resolve) => cdn?.listen(0, "127.0.0.1", resolve));
    const port = (cdn.address() as AddressInfo).port;
    const sim = await startSimulator({
      apiKey,
      timeScale: 1000,
      scenario: { latency: { queuedMs: 0, processingMs: { video: 1, image: 1, audio: 1 } } },
    });
    simulator = sim;
    // Point the result URL at the stand-in CDN by answering the poll ourselves through a fault body.
    sim.setScenario({
      latency: { queuedMs: 0, processingMs: { video: 1, image: 1, audio: 1 } },
      faults: [
        {
          route: "poll",
          status: 200,
          body: { id: "x", status: "completed", image_url: `http://127.0.0.1:${port}/a.png` },
        },
      ],
    });
    for (const [which, expected] of [
      ["html", /returned text\/html instead of media/],
      ["short", /downloading the result failed: .*(cut short|server|socket|range)/i],
    ] as const) {
      mode = which;
      const ws = makeWorkspace();
      ws.write("m.yml", "tasks:\n  - name: pic\n    model: nano-banana-2\n    prompt: a picture\n");
      const run = await runAction(ws, {
        "api-key": apiKey,
        "base-url": sim.url,
        manifest: "m.yml",
        "poll-interval": "50ms",
      });
      const [record] = JSON.parse(readFileSync(path.join(ws.dir, "generated-media/results.json"), "utf8"))
        .tasks as TaskRecord[];
      expect(run.code).toBe(1);
      expect(record?.status).toBe("pending");
      expect(record?.error).toMatch(expected);
      expect(leftovers(ws)).toEqual([]);
    }
  });
});
