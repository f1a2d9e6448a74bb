import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/**
 * A scripted hostile API and CDN on 127.0.0.1: each route is a handler the test writes, so a test can
 * play whatever a broken or malicious server does (drip-feed, endless bodies, ignored Range headers, odd
 * content types, echoed secrets). Unlike the simulator it knows no families: creates are every POST
 * under `/v1/`, polls are `GET /v1/result/{id}`, files are `GET /files/{name}`.
 */
export interface HostileRequest {
  route: "create" | "poll" | "file" | "other";
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
  /** Date.now() when the request arrived. */
  at: number;
}

export interface RouteContext {
  /** The request body (creates), read whole: tests send small ones. */
  body: string;
  /** The task id of a poll, the file name of a file request. */
  id: string;
  /** How many requests this route has had, this one included (1-based). */
  count: number;
  fileUrl(name: string): string;
}

export type Handler = (
  req: IncomingMessage,
  res: ServerResponse,
  context: RouteContext,
) => void | Promise<void>;

export interface HostileRoutes {
  create?: Handler;
  poll?: Handler;
  file?: Handler;
}

export interface HostileApi {
  /** The base-url input: the API lives under it. */
  baseUrl: string;
  fileUrl(name: string): string;
  requests: HostileRequest[];
  close(): Promise<void>;
}

/** The defaults make one well-behaved image task: created as `task-1`, completed at once, a small PNG. */
export const defaultRoutes: Required<HostileRoutes> = {
  create: (_req, res) => sendJson(res, 200, { id: "task-1" }),
  poll: (_req, res, context) =>
    sendJson(res, 200, { status: "completed", image_url: context.fileUrl(`${context.id}.png`) }),
  file: (_req, res) => sendBytes(res, 1024, { "content-type": "image/png" }),
};

export async function startHostileApi(routes: HostileRoutes = {}): Promise<HostileApi> {
  const requests: HostileRequest[] = [];
  const counts = { create: 0, poll: 0, file: 0, other: 0 };
  const sockets = new Set<Socket>();
  let origin = "";
  const fileUrl = (name: string): string => `${origin}/files/${name}`;
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const poll = req.method === "GET" ? /^\/api\/v1\/result\/([^/]+)$/.exec(url.pathname) : null;
    const file = req.method === "GET" ? /^\/files\/([^/]+)$/.exec(url.pathname) : null;
    const route: HostileRequest["route"] = poll
      ? "poll"
      : file
        ? "file"
        : req.method === "POST" && url.pathname.startsWith("/api/v1/")
          ? "create"
          : "other";
    const body = await readAll(req);
    requests.push({
      route,
      method: req.method ?? "",
      url: req.url ?? "",
      headers: req.headers,
      body,
      at: Date.now(),
    });
    if (route === "other") return sendJson(res, 404, { error: "no such route" });
    counts[route]++;
    const id = decodeURIComponent((poll ?? file)?.[1] ?? "");
    const handler = routes[route] ?? defaultRoutes[route];
    try {
      await handler(req, res, { body, id, count: counts[route], fileUrl });
    } catch {
      res.destroy();
    }
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl: `${origin}/api`,
    fileUrl,
    requests,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

/**
 * Sends `text` a piece at a time, `everyMs` apart, for as long as the client listens: the answer that
 * never quite arrives.
 */
export function dripFeed(
  res: ServerResponse,
  text: string,
  options: { everyMs: number; bytesPerTick?: number; status?: number; contentType?: string },
): Promise<void> {
  res.writeHead(options.status ?? 200, { "content-type": options.contentType ?? "application/json" });
  const step = options.bytesPerTick ?? 1;
  return new Promise((resolve) => {
    let offset = 0;
    const timer = setInterval(() => {
      if (res.destroyed || offset >= text.length) {
        clearInterval(timer);
        if (!res.destroyed) res.end();
        resolve();
        return;
      }
      res.write(text.slice(offset, offset + step));
      offset += step;
    }, options.everyMs);
    res.on("close", () => {
      clearInterval(timer);
      resolve();
    });
  });
}

/** A byte of a file at `offset`: the same every time, so a test can hash what it expects. */
export function patternByte(offset: number): number {
  return (offset * 31 + (offset >> 11)) & 0xff;
}

/** `length` bytes of the pattern starting at `start`, generated in pieces: never all in memory. */
export function* patternChunks(start: number, length: number, chunkSize = 64 * 1024): Generator<Buffer> {
  for (let at = start; at < start + length; at += chunkSize) {
    const size = Math.min(chunkSize, start + length - at);
    const chunk = Buffer.allocUnsafe(size);
    for (let i = 0; i < size; i++) chunk[i] = patternByte(at + i);
    yield chunk;
  }
}

/**
 * Streams `total` bytes (the pattern, or `prefix` then filler) with backpressure, stopping when the client
 * goes away; `cutAfter` drops the connection after that many bytes (a reset mid-body). A 700 MB answer
 * costs the server a 64 KiB buffer.
 */
export async function sendBytes(
  res: ServerResponse,
  total: number,
  headers: Record<string, string> = {},
  options: {
    prefix?: string;
    filler?: number;
    cutAfter?: number;
    status?: number;
    declareLength?: boolean;
  } = {},
): Promise<void> {
  res.writeHead(options.status ?? 200, {
    ...(options.declareLength === false ? {} : { "content-length": String(total) }),
    ...headers,
  });
  const prefix = Buffer.from(options.prefix ?? "");
  const filler = options.filler === undefined ? undefined : Buffer.alloc(64 * 1024, options.filler);
  const chunks = filler
    ? (function* () {
        yield prefix;
        for (let sent = prefix.length; sent < total; sent += filler.length) {
          yield filler.subarray(0, Math.min(filler.length, total - sent));
        }
      })()
    : patternChunks(0, total);
  let sent = 0;
  for (const chunk of chunks) {
    if (res.destroyed) return;
    const piece =
      options.cutAfter !== undefined ? chunk.subarray(0, Math.max(0, options.cutAfter - sent)) : chunk;
    if (piece.length > 0 && !res.write(piece)) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          res.off("drain", done);
          res.off("close", done);
          resolve();
        };
        res.on("drain", done);
        res.on("close", done);
      });
    }
    sent += piece.length;
    if (options.cutAfter !== undefined && sent >= options.cutAfter) {
      // Give the kernel the bytes, then reset: the client sees a body cut off mid-way.
      await new Promise((resolve) => setTimeout(resolve, 20));
      res.socket?.resetAndDestroy();
      return;
    }
  }
  res.end();
}

async function readAll(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
