/**
 * The API simulator: an HTTP server on 127.0.0.1 that speaks the GlobalAI OPC wire format of
 * api-reference.md (create on every family's path, `GET /v1/result/{id}`, Model Center v2's own routes,
 * routes a scenario adds, result files), with scriptable
 * latency, outcomes and faults (scenario.ts). The media base path is the root, so clients use `url` as their
 * base URL. Requests are validated with the simulator's own schemas (wire-schemas.ts), written from the
 * reference rather than taken from the client, so a client whose schema drifts from the reference gets a 400.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { handleCreate, handlePoll, handleText, type RouteContext } from "./api-routes.ts";
import { type AssetContext, handleAsset, type SimAsset } from "./assets.ts";
import { serveFile } from "./file-route.ts";
import {
  parseJson,
  type RecordedRequest,
  type RouteTable,
  readBody,
  reasonPhrases,
  routeOf,
} from "./http.ts";
import { contentTypeOf, fileNameOf, type MediaFile, mediaSha256, realFile } from "./media.ts";
import { realMediaOf } from "./real-media.ts";
import {
  type Fault,
  type FaultSelection,
  type MatchSubject,
  newFaultCounters,
  type ResolvedScenario,
  resolveScenario,
  type Scenario,
  selectFaults,
} from "./scenario.ts";
import {
  type Clock,
  createClock,
  finishedAfterMs,
  hasResultFile,
  statusAt,
  type TaskState,
  type TaskStatus,
} from "./tasks.ts";
import type { CreateShape } from "./wire.ts";
import { type Endpoint, mediaEndpoints, mediaKindOf } from "./wire-schemas.ts";
import { pollPathOf, routeEndpoint } from "./wire-v2.ts";

export type { SimAsset } from "./assets.ts";
export type { RecordedRequest, RouteName } from "./http.ts";
export type { CreateShape } from "./wire.ts";

export interface SimulatorOptions {
  /** Default 0: a free port. */
  port?: number;
  /** The Bearer key every API route requires; null accepts any key or none. Default "sim-key". */
  apiKey?: string | null;
  /** Simulated ms per real ms. Default 1; 1000 makes a 60 s generation take 60 ms. */
  timeScale?: number;
  /** Latency, outcomes and faults. Default: every task completes after the default latency. */
  scenario?: Scenario;
  /** Default "A". "B-legacy-families" answers Shape B for Videos and SD2 Manxue only. */
  createShape?: CreateShape;
  log?: (line: string) => void;
  /**
   * The real-time source, in ms, that simulated time runs from (times `timeScale`). Default
   * `performance.now`. Tests pass a hand-driven clock to step through a task's life deterministically;
   * fault delays still wait in real time.
   */
  clock?: () => number;
}

/** "text": a synchronous text completion (billed like a create, answered at once). */
export interface SimTask {
  id: string;
  /** 0-based creation order. */
  index: number;
  model: string;
  familyId: string;
  kind: Endpoint["kind"];
  prompt: string;
  status: TaskStatus;
  error: string | null;
  /** Wall-clock epoch ms of creation. */
  createdAt: number;
  body: Record<string, unknown>;
  /** The result file, once the task has completed with one. */
  file?: { path: string; url: string; bytes: number; sha256: string; contentType: string };
}

export interface Simulator {
  /** "http://127.0.0.1:PORT": the media base URL clients use. */
  url: string;
  port: number;
  /** Every request received, in order of arrival. */
  requests: RecordedRequest[];
  /** Create requests that created a task (and so would be billed), including ones whose answer a fault lost. */
  creates(): RecordedRequest[];
  /** Asset uploads (either library) that made assets: each would be billed for moderation. */
  assetUploads(): RecordedRequest[];
  /** The assets uploaded so far. */
  assets(): SimAsset[];
  tasks(): SimTask[];
  close(): Promise<void>;
  /** Replaces the scenario and restarts fault counting. Existing tasks keep their schedules. */
  setScenario(scenario: Scenario): void;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const apiKey = options.apiKey === undefined ? "sim-key" : options.apiKey;
  const shape: CreateShape = options.createShape ?? "A";
  const log = options.log ?? (() => {});
  const clock: Clock = createClock(options.timeScale ?? 1, options.clock);

  let scenario: ResolvedScenario = resolveScenario(options.scenario);
  let counters = newFaultCounters(scenario.faults);
  const tasks = new Map<string, TaskState>();
  const assets = new Map<string, SimAsset>();
  const requests: RecordedRequest[] = [];
  const sha256s = new Map<string, string>();
  const timers = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  const held = new Set<ServerResponse>();
  let baseUrl = "";

  const subjectOf = (task: TaskState): MatchSubject => ({
    prompt: task.prompt,
    model: task.model,
    familyId: task.family.id,
    taskIndex: task.index,
  });

  const elapsedMs = (task: TaskState) => clock.nowSimMs() - task.createdSimMs;

  /** The task an id names, unless its record has expired (`taskTtlMs`). */
  const liveTask = (id: string): TaskState | undefined => {
    const task = tasks.get(id);
    if (task === undefined) return undefined;
    if (scenario.taskTtlMs !== undefined && elapsedMs(task) > scenario.taskTtlMs) return undefined;
    return task;
  };

  // Real media is built on first use and kept: a task's file is asked for at every poll and download.
  const realFiles = new Map<string, MediaFile>();
  const fileOf = (task: TaskState): MediaFile => {
    const kind = mediaKindOf(task.family);
    if (task.schedule.fileBytes !== undefined) return { seed: task.id, kind, bytes: task.schedule.fileBytes };
    let file = realFiles.get(task.id);
    if (file === undefined) {
      file = realFile(kind, realMediaOf(kind, task));
      realFiles.set(task.id, file);
    }
    return file;
  };
  const filePath = (task: TaskState) => `/files/${encodeURIComponent(task.id)}/${fileNameOf(fileOf(task))}`;

  const urlExpired = (task: TaskState): boolean => {
    const finished = finishedAfterMs(task.schedule);
    return finished !== undefined && elapsedMs(task) - finished > scenario.urlTtlMs;
  };

  /** Waits `simMs` simulated ms; cut short when the simulator closes. */
  const sleep = (simMs: number) =>
    simMs <= 0
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          const entry = {
            resolve,
            timer: setTimeout(() => {
              timers.delete(entry);
              resolve();
            }, clock.realMsFor(simMs)),
          };
          timers.add(entry);
        });

  const send = (
    res: ServerResponse,
    record: RecordedRequest,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    if (res.destroyed || res.headersSent) return;
    const text = typeof body === "string" ? body : JSON.stringify(body);
    const contentType = typeof body === "string" ? "text/plain; charset=utf-8" : "application/json";
    record.status = status;
    res.writeHead(status, {
      "Content-Type": contentType,
      "Content-Length": String(Buffer.byteLength(text)),
      ...headers,
    });
    res.end(text);
  };

  const notFound = (res: ServerResponse, record: RecordedRequest, what: string) =>
    send(res, record, 404, { error: `${what} not found` });

  /** Applies a fault that answers by itself (status, reset, hang). Returns false for any other kind. */
  const answerWithFault = (
    req: IncomingMessage,
    res: ServerResponse,
    record: RecordedRequest,
    fault: Fault | undefined,
  ): boolean => {
    if (fault === undefined) return false;
    if (fault.kind === "status") {
      record.fault = "status";
      const status = fault.status ?? 500;
      const headers: Record<string, string> = { ...fault.headers };
      if (fault.retryAfter !== undefined) headers["Retry-After"] = String(fault.retryAfter);
      send(res, record, status, fault.body ?? { error: reasonPhrases[status] ?? `HTTP ${status}` }, headers);
      return true;
    }
    if (fault.kind === "reset") {
      record.fault = "reset";
      log(`${record.method} ${record.path} -> connection reset (fault)`);
      req.socket.destroy();
      return true;
    }
    if (fault.kind === "hang") {
      record.fault = "hang";
      log(`${record.method} ${record.path} -> held without an answer (fault)`);
      held.add(res);
      res.on("close", () => held.delete(res));
      return true;
    }
    return false;
  };

  const sendMalformed = (res: ServerResponse, record: RecordedRequest, payload: unknown) => {
    record.fault = "malformed";
    const text = JSON.stringify(payload);
    send(res, record, 200, text.slice(0, Math.max(1, Math.floor(text.length / 2))), {
      "Content-Type": "application/json",
    });
  };

  const select = (route: "create" | "poll" | "file", subject: MatchSubject | undefined): FaultSelection =>
    selectFaults(scenario.faults, counters, route, subject);

  const authorized = (req: IncomingMessage): boolean => {
    if (apiKey === null) return true;
    const match = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? "");
    return match?.[1]?.trim() === apiKey;
  };

  const routes: RouteContext = {
    get scenario() {
      return scenario;
    },
    get baseUrl() {
      return baseUrl;
    },
    tasks,
    requests,
    shape,
    clock,
    authorized,
    select,
    sleep,
    send,
    sendMalformed,
    answerWithFault,
    notFound,
    liveTask,
    subjectOf,
    elapsedMs,
    filePath,
    urlExpired,
    fileOf,
    log,
  };

  const assetRoutes: AssetContext = {
    get scenario() {
      return scenario;
    },
    assets,
    nowSimMs: () => clock.nowSimMs(),
    authorized,
    send,
  };

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const method = req.method ?? "GET";
    const target = req.url ?? "/";
    const pathname = new URL(target, "http://127.0.0.1").pathname;
    const route = routeOf(method, pathname, routeTable(scenario));
    const record: RecordedRequest = {
      method,
      path: target,
      headers: req.headers,
      body: undefined,
      route: route.name,
      at: Date.now(),
    };
    requests.push(record);
    res.on("finish", () =>
      log(`${method} ${target} -> ${record.status ?? res.statusCode}${faultNote(record)}`),
    );

    const raw = await readBody(req);
    if (raw === "too-large") return send(res, record, 413, { error: "request body too large" });
    const json = parseJson(raw);
    if (raw !== "") record.body = json.ok ? json.value : raw;

    switch (route.name) {
      case "create":
        return handleCreate(routes, req, res, record, route.family, json);
      case "text":
        return handleText(routes, req, res, record, route, json);
      case "poll":
        return handlePoll(routes, req, res, record, route.id, route.pollPath);
      case "file":
        return serveFile(routes, req, res, record, route.id, route.fileName);
      case "asset":
        return handleAsset(assetRoutes, req, res, record, route, json);
      default:
        return send(res, record, 404, { message: `No handler found for ${method} ${pathname}` });
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log(`simulator error on ${req.method} ${req.url}: ${(error as Error).stack ?? String(error)}`);
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, { "Content-Type": "application/json" });
        res.end(JSON.stringify({ error: `simulator error: ${(error as Error).message}` }));
      } else {
        res.destroy();
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://127.0.0.1:${port}`;

  const snapshot = (task: TaskState): SimTask => {
    const status = statusAt(task.schedule, elapsedMs(task));
    const snap: SimTask = {
      id: task.id,
      index: task.index,
      model: task.model,
      familyId: task.family.id,
      kind: task.family.kind,
      prompt: task.prompt,
      status,
      error: status === "failed" ? task.schedule.error : null,
      createdAt: task.createdAt,
      body: task.body,
    };
    if (status === "completed" && hasResultFile(task.schedule)) {
      const file = fileOf(task);
      let sha256 = sha256s.get(task.id);
      if (sha256 === undefined) {
        sha256 = mediaSha256(file);
        sha256s.set(task.id, sha256);
      }
      const path = filePath(task);
      snap.file = {
        path,
        url: `${baseUrl}${path}`,
        bytes: file.bytes,
        sha256,
        contentType: contentTypeOf(file),
      };
    }
    return snap;
  };

  return {
    url: baseUrl,
    port,
    requests,
    creates: () =>
      requests.filter(
        (request) => (request.route === "create" || request.route === "text") && request.taskId !== undefined,
      ),
    // Only an upload names the assets it made.
    assetUploads: () =>
      requests.filter((request) => request.route === "asset" && request.taskId !== undefined),
    assets: () => [...assets.values()],
    tasks: () => [...tasks.values()].map(snapshot),
    setScenario(next) {
      scenario = resolveScenario(next);
      counters = newFaultCounters(scenario.faults);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const entry of timers) {
          clearTimeout(entry.timer);
          entry.resolve();
        }
        timers.clear();
        for (const res of held) res.destroy();
        held.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/**
 * What is served under the current scenario: every endpoint of the reference (the first of a path answers
 * it; Model Center v2's picks by model), then the scenario's own routes.
 */
function routeTable(scenario: ResolvedScenario): RouteTable {
  const endpoints = [...mediaEndpoints, ...scenario.routes.map(routeEndpoint)];
  const creates = new Map<string, Endpoint>();
  for (const endpoint of endpoints) {
    if (!creates.has(endpoint.createPath)) creates.set(endpoint.createPath, endpoint);
  }
  return { creates, polls: [...new Set(endpoints.map(pollPathOf))] };
}

function faultNote(record: RecordedRequest): string {
  return record.fault === undefined ? "" : ` (fault: ${record.fault})`;
}
