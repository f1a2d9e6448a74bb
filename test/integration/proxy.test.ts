import { readFileSync } from "node:fs";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type Simulator, startSimulator } from "../../simulator/server.ts";
import type { TaskRecord } from "../../src/run/record.ts";
import { makeWorkspace, runAction } from "../support/action-runner.ts";

const apiKey = "proxy-key-3e9a";
let simulator: Simulator | undefined;
let proxy: Server | undefined;
afterEach(async () => {
  await simulator?.close();
  await new Promise((resolve) => (proxy ? proxy.close(resolve) : resolve(undefined)));
  simulator = undefined;
  proxy = undefined;
});

/** A forward proxy for plain http: it receives absolute-form requests and relays them. */
async function startProxy(seen: string[]): Promise<string> {
  proxy = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const target = new URL(req.url ?? "");
    const upstream = request(
      {
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: req.method,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy?.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
}

describe("self-hosted runners behind a proxy", () => {
  it("sends the API requests and the downloads through HTTP_PROXY, and not what NO_PROXY names", async () => {
    const sim = await startSimulator({ apiKey, timeScale: 1000 });
    simulator = sim;
    const seen: string[] = [];
    const proxyUrl = await startProxy(seen);
    const ws = makeWorkspace();
    ws.write("m.yml", "tasks:\n  - name: pic\n    model: nano-banana-2\n    prompt: through the proxy\n");
    const inputs = { "api-key": apiKey, "base-url": sim.url, manifest: "m.yml", "poll-interval": "50ms" };
    const run = await runAction(ws, inputs, {
      env: { HTTP_PROXY: proxyUrl, http_proxy: proxyUrl, NO_PROXY: "", no_proxy: "" },
    });
    expect(run.code).toBe(0);
    const [record] = JSON.parse(readFileSync(path.join(ws.dir, "generated-media/results.json"), "utf8"))
      .tasks as TaskRecord[];
    expect(record?.status).toBe("completed");
    expect(seen.some((line) => line.startsWith(`POST ${sim.url}/v1/banana/images`))).toBe(true);
    expect(seen.some((line) => line.startsWith(`GET ${sim.url}/v1/result/`))).toBe(true);
    expect(seen.some((line) => line.startsWith(`GET ${sim.url}/files/`))).toBe(true);

    seen.length = 0;
    const bypass = await runAction(makeWorkspaceWith(ws), inputs, {
      env: { HTTP_PROXY: proxyUrl, http_proxy: proxyUrl, NO_PROXY: "127.0.0.1", no_proxy: "127.0.0.1" },
    });
    expect(bypass.code).toBe(0);
    expect(seen).toEqual([]);
  });
});

function makeWorkspaceWith(from: { dir: string }) {
  const ws = makeWorkspace();
  ws.write("m.yml", readFileSync(path.join(from.dir, "m.yml"), "utf8"));
  return ws;
}
