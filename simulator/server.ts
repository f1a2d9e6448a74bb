/**
 * The API simulator: an HTTP server on 127.0.0.1 that speaks the GlobalAI OPC wire format of
 * api-reference.md (create on every family's path, `GET /v1/result/{id}`, result files), with scriptable
 * latency, outcomes and faults (scenario.ts). The media base path is the root, so clients use `url` as their
 * base URL. Requests are validated with the simulator's own schemas (wire-schemas.ts), written from the
 * reference rather than taken from the client, so a client whose schema drifts from the reference gets a 400.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { pipeline } from "node:stream/promises";
import {
  contentTypeOf,
  fileNameOf,
  type MediaFile,
  mediaSha256,
  mediaStream,
  parseRange,
  subtitleText,
} from "./media.ts";
import {
  type Fault,
  type FaultKind,
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
  modelOf,
  planSchedule,
  promptOf,
  statusAt,
  type TaskState,
  type TaskStatus,
} from "./tasks.ts";
import { promptOfText, textResponse, textRouteOf } from "./text.ts";
import { answersShapeB, type CreateShape, createResponse, newTaskId, pollResult } from "./wire.ts";
import { bodyIssues, type Endpoint, mediaEndpoints, mediaKindOf, textEndpoints } from "./wire-schemas.ts";

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
export type RouteName = "create" | "text" | "poll" | "file" | "other";

export interface RecordedRequest {
  method: string;
  /** The request target as received: path and query. */
  path: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON, or the raw text when it is not JSON; undefined when empty. */
  body: unknown;
  route: RouteName;
  /** Wall-clock epoch ms of arrival. */
  at: number;
  /** HTTP status answered; undefined while pending, or when the connection was reset or left hanging. */
  status?: number;
  /** The answering fault kind, when one fired. */
  fault?: FaultKind;
  /** The task a create made, or the task a poll or file request named. */
  taskId?: string;
}

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
  tasks(): SimTask[];
  close(): Promise<void>;
  /** Replaces the scenario and restarts fault counting. Existing tasks keep their schedules. */
  setScenario(scenario: Scenario): void;
}

type Route =
  | { name: "create"; family: Endpoint }
  | { name: "text"; family: Endpoint; pathModel?: string }
  | { name: "poll"; id: string }
  | { name: "file"; id: string; fileName: string }
  | { name: "other" };

const maxBodyBytes = 16 * 1024 * 1024;

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function routeOf(method: string, pathname: string, familiesByPath: ReadonlyMap<string, Endpoint>): Route {
  const text = method === "POST" ? textRouteOf(pathname, textEndpoints) : undefined;
  if (text !== undefined) return { name: "text", ...text };
  const family = familiesByPath.get(pathname);
  if (family !== undefined && method === "POST") return { name: "create", family };
  const poll = /^\/v1\/result\/([^/]+)$/.exec(pathname);
  const pollId = poll?.[1] === undefined ? undefined : decodeSegment(poll[1]);
  if (pollId !== undefined && method === "GET") return { name: "poll", id: pollId };
  const file = /^\/files\/([^/]+)\/(.*)$/.exec(pathname);
  const fileId = file?.[1] === undefined ? undefined : decodeSegment(file[1]);
  if (fileId !== undefined && (method === "GET" || method === "HEAD")) {
    return { name: "file", id: fileId, fileName: file?.[2] ?? "" };
  }
  return { name: "other" };
}

type ParsedJson = { ok: true; value: unknown } | { ok: false; message: string };

function parseJson(raw: string): ParsedJson {
  try {
    return { ok: true, value: JSON.parse(raw) };
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

async function readBody(req: IncomingMessage): Promise<string | "too-large"> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBodyBytes) return "too-large";
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

const reasonPhrases: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  408: "Request Timeout",
  409: "Conflict",
  410: "Gone",
  413: "Payload Too Large",
  422: "Unprocessable Entity",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const apiKey = options.apiKey === undefined ? "sim-key" : options.apiKey;
  const shape: CreateShape = options.createShape ?? "A";
  const log = options.log ?? (() => {});
  const clock: Clock = createClock(options.timeScale ?? 1, options.clock);
  const familiesByPath = new Map(mediaEndpoints.map((family) => [family.createPath, family]));

  let scenario: ResolvedScenario = resolveScenario(options.scenario);
  let counters = newFaultCounters(scenario.faults);
  const tasks = new Map<string, TaskState>();
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

  const fileOf = (task: TaskState): MediaFile => ({
    seed: task.id,
    kind: mediaKindOf(task.family),
    bytes: task.schedule.fileBytes,
  });
  const filePath = (task: TaskState) =>
    `/files/${encodeURIComponent(task.id)}/${fileNameOf(mediaKindOf(task.family))}`;

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

  async function handleCreate(
    req: IncomingMessage,
    res: ServerResponse,
    record: RecordedRequest,
    family: Endpoint,
    json: ParsedJson,
  ) {
    if (!authorized(req)) return send(res, record, 401, { error: "invalid api key" });
    if (!json.ok) return send(res, record, 400, { error: `invalid JSON body: ${json.message}` });
    if (!isObject(json.value)) return send(res, record, 400, { error: "body: expected a JSON object" });
    const body = json.value;
    const subject: MatchSubject = {
      prompt: promptOf(body),
      model: modelOf(family, body),
      familyId: family.id,
      taskIndex: tasks.size,
    };
    const faults = select("create", subject);
    await sleep(faults.delayMs);
    if (faults.action?.kind === "status") {
      answerWithFault(req, res, record, faults.action);
      return;
    }

    const problem = validationProblem(family, body);
    if (problem !== undefined) {
      if (answerWithFault(req, res, record, faults.action)) return;
      return send(res, record, 400, problem);
    }

    // Another create may have landed during a fault's delay: the index is the creation order.
    subject.taskIndex = tasks.size;
    const shapeB = answersShapeB(family, shape);
    let id = newTaskId(family, shapeB);
    while (tasks.has(id)) id = newTaskId(family, shapeB);
    const task: TaskState = {
      id,
      index: subject.taskIndex,
      family,
      model: subject.model,
      prompt: subject.prompt,
      body,
      createdAt: Date.now(),
      createdSimMs: clock.nowSimMs(),
      schedule: planSchedule(scenario, subject, mediaKindOf(family)),
    };
    tasks.set(id, task);
    record.taskId = id;

    if (answerWithFault(req, res, record, faults.action)) return;
    const answer = createResponse(task, shapeB, faults.modifiers);
    if (faults.action?.kind === "malformed") return sendMalformed(res, record, answer);
    send(res, record, 200, answer);
  }

  /** A text completion answers in the same request; faults of the "create" route apply to it too. */
  async function handleText(
    req: IncomingMessage,
    res: ServerResponse,
    record: RecordedRequest,
    route: { family: Endpoint; pathModel?: string },
    json: ParsedJson,
  ) {
    if (!authorized(req)) return send(res, record, 401, { error: "invalid api key" });
    if (!json.ok) return send(res, record, 400, { error: `invalid JSON body: ${json.message}` });
    if (!isObject(json.value)) return send(res, record, 400, { error: "body: expected a JSON object" });
    const body = json.value;
    const model = route.pathModel ?? (typeof body.model === "string" ? body.model : "");
    const prompt = promptOfText(body);
    const faults = select("create", { prompt, model, familyId: route.family.id, taskIndex: tasks.size });
    await sleep(faults.delayMs);
    if (faults.action?.kind === "status") {
      answerWithFault(req, res, record, faults.action);
      return;
    }
    const problem =
      route.pathModel !== undefined && !route.family.models.includes(route.pathModel)
        ? {
            error: `model: unknown model "${route.pathModel}"; expected one of ${route.family.models.join(", ")}`,
          }
        : validationProblem(route.family, body);
    if (problem !== undefined) return send(res, record, 400, problem);
    record.taskId = `text_${requests.indexOf(record)}`;
    if (answerWithFault(req, res, record, faults.action)) return;
    send(res, record, 200, textResponse(route.family, model, prompt));
  }

  /** The 400 body for a request the endpoint refuses: every problem, each naming its field. */
  function validationProblem(family: Endpoint, body: Record<string, unknown>): object | undefined {
    const issues = bodyIssues(family, body, { acceptUnknownModels: scenario.acceptUnknownModels });
    if (issues.length === 0) return undefined;
    return { error: issues.map((issue) => `${issue.field}: ${issue.message}`).join("; "), issues };
  }

  async function handlePoll(req: IncomingMessage, res: ServerResponse, record: RecordedRequest, id: string) {
    if (!authorized(req)) return send(res, record, 401, { error: "invalid api key" });
    const task = liveTask(id);
    if (task !== undefined) record.taskId = task.id;
    const faults = select("poll", task && subjectOf(task));
    await sleep(faults.delayMs);
    if (answerWithFault(req, res, record, faults.action)) return;
    if (faults.action?.kind === "forget") {
      record.fault = "forget";
      return notFound(res, record, "task");
    }
    if (task === undefined) return notFound(res, record, "task");

    const status = statusAt(task.schedule, elapsedMs(task));
    const withFile = status === "completed" && hasResultFile(task.schedule);
    const urls = {
      file: withFile ? `${baseUrl}${filePath(task)}` : null,
      subtitle: withFile ? `${baseUrl}/files/${encodeURIComponent(task.id)}/subtitle.srt` : null,
    };
    const answer = pollResult(task, status, urls, faults.modifiers);
    if (faults.action?.kind === "malformed") return sendMalformed(res, record, answer);
    send(res, record, 200, answer);
  }

  async function handleFile(
    req: IncomingMessage,
    res: ServerResponse,
    record: RecordedRequest,
    id: string,
    fileName: string,
  ) {
    // Result URLs are public CDN links: clients must not send the key there. Recorded, and logged loudly.
    if (req.headers.authorization !== undefined) {
      log(
        `WARNING: ${req.method} ${record.path} carries an Authorization header (the key must not leave the API)`,
      );
    }
    const task = liveTask(id);
    if (task !== undefined) record.taskId = task.id;
    const faults = select("file", task && subjectOf(task));
    await sleep(faults.delayMs);
    if (answerWithFault(req, res, record, faults.action)) return;
    if (
      task === undefined ||
      !hasResultFile(task.schedule) ||
      statusAt(task.schedule, elapsedMs(task)) !== "completed"
    ) {
      return notFound(res, record, "file");
    }
    if (faults.action?.kind === "expired" || urlExpired(task)) {
      if (faults.action?.kind === "expired") record.fault = "expired";
      return send(res, record, faults.action?.status ?? 404, { error: "url expired" });
    }

    if (task.family.kind === "audio" && fileName.endsWith(".srt")) {
      const text = subtitleText(task.prompt);
      record.status = 200;
      res.writeHead(200, {
        "Content-Type": "application/x-subrip; charset=utf-8",
        "Content-Length": String(Buffer.byteLength(text)),
      });
      res.end(req.method === "HEAD" ? undefined : text);
      return;
    }

    const file = fileOf(task);
    const range = parseRange(req.headers.range, file.bytes);
    if (range === "unsatisfiable") {
      return send(
        res,
        record,
        416,
        { error: "range not satisfiable" },
        { "Content-Range": `bytes */${file.bytes}` },
      );
    }
    const start = range?.start ?? 0;
    const end = range?.end ?? file.bytes - 1;
    const length = end - start + 1;
    const headers: Record<string, string> = {
      "Content-Type": contentTypeOf(file.kind),
      "Content-Length": String(length),
      "Accept-Ranges": "bytes",
    };
    if (range !== undefined) headers["Content-Range"] = `bytes ${start}-${end}/${file.bytes}`;
    record.status = range === undefined ? 200 : 206;
    res.writeHead(record.status, headers);
    if (req.method === "HEAD" || length <= 0) {
      res.end();
      return;
    }
    if (faults.action?.kind === "truncate") {
      record.fault = "truncate";
      const half = Math.floor(length / 2);
      res.flushHeaders();
      if (half > 0) {
        const partial = mediaStream(file, start, start + half - 1);
        partial.pipe(res, { end: false });
        await new Promise<void>((resolve) => partial.once("end", resolve).once("error", resolve));
      }
      // Ending the socket (not destroying it) lets the bytes already written leave first.
      res.socket?.end();
      return;
    }
    await pipeline(mediaStream(file, start, end), res).catch(() => {
      // The client went away mid-download: nothing to answer.
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const method = req.method ?? "GET";
    const target = req.url ?? "/";
    const pathname = new URL(target, "http://127.0.0.1").pathname;
    const route = routeOf(method, pathname, familiesByPath);
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
        return handleCreate(req, res, record, route.family, json);
      case "text":
        return handleText(req, res, record, route, json);
      case "poll":
        return handlePoll(req, res, record, route.id);
      case "file":
        return handleFile(req, res, record, route.id, route.fileName);
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
        contentType: contentTypeOf(file.kind),
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

function faultNote(record: RecordedRequest): string {
  return record.fault === undefined ? "" : ` (fault: ${record.fault})`;
}
