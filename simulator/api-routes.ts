/** The API side of the simulator: creates (media and text) and polls, each with its faults. */
import type { IncomingMessage, ServerResponse } from "node:http";
import { isObject, type ParsedJson, type RecordedRequest } from "./http.ts";
import type { MediaFile } from "./media.ts";
import type { Fault, FaultSelection, MatchSubject, ResolvedScenario } from "./scenario.ts";
import {
  type Clock,
  hasResultFile,
  modelOf,
  planSchedule,
  promptOf,
  statusAt,
  type TaskState,
  type TaskStatus,
} from "./tasks.ts";
import { promptOfText, textResponse } from "./text.ts";
import {
  answersShapeB,
  type CreateShape,
  createResponse,
  newTaskId,
  pollResult,
  wantsSubtitles,
} from "./wire.ts";
import { bodyIssues, type Endpoint, mediaKindOf } from "./wire-schemas.ts";
import {
  type ModelCenterShape,
  modelCenterCreateAnswer,
  modelCenterPollAnswer,
  pollPathOf,
  routePollAnswer,
} from "./wire-v2.ts";

/** What the routes (here and in file-route.ts) need of the running simulator. */
export interface RouteContext {
  readonly scenario: ResolvedScenario;
  readonly baseUrl: string;
  tasks: Map<string, TaskState>;
  requests: RecordedRequest[];
  shape: CreateShape;
  clock: Clock;
  authorized(req: IncomingMessage): boolean;
  select(route: "create" | "poll" | "file", subject: MatchSubject | undefined): FaultSelection;
  sleep(simMs: number): Promise<void>;
  send(
    res: ServerResponse,
    record: RecordedRequest,
    status: number,
    body: unknown,
    headers?: Record<string, string>,
  ): void;
  sendMalformed(res: ServerResponse, record: RecordedRequest, payload: unknown): void;
  answerWithFault(
    req: IncomingMessage,
    res: ServerResponse,
    record: RecordedRequest,
    fault: Fault | undefined,
  ): boolean;
  notFound(res: ServerResponse, record: RecordedRequest, what: string): void;
  liveTask(id: string): TaskState | undefined;
  subjectOf(task: TaskState): MatchSubject;
  elapsedMs(task: TaskState): number;
  filePath(task: TaskState): string;
  urlExpired(task: TaskState): boolean;
  fileOf(task: TaskState): MediaFile;
  log(line: string): void;
}

export async function handleCreate(
  ctx: RouteContext,
  req: IncomingMessage,
  res: ServerResponse,
  record: RecordedRequest,
  route: Endpoint,
  json: ParsedJson,
) {
  if (!ctx.authorized(req)) return ctx.send(res, record, 401, { error: "invalid api key" });
  if (!json.ok) return ctx.send(res, record, 400, { error: `invalid JSON body: ${json.message}` });
  if (!isObject(json.value)) return ctx.send(res, record, 400, { error: "body: expected a JSON object" });
  const body = json.value;
  const family = route.forModel?.(typeof body.model === "string" ? body.model : "") ?? route;
  const subject: MatchSubject = {
    prompt: promptOf(body),
    model: modelOf(family, body),
    familyId: family.id,
    taskIndex: ctx.tasks.size,
  };
  const faults = ctx.select("create", subject);
  await ctx.sleep(faults.delayMs);
  if (faults.action?.kind === "status") {
    ctx.answerWithFault(req, res, record, faults.action);
    return;
  }

  const problem = validationProblem(ctx, family, body);
  if (problem !== undefined) {
    if (ctx.answerWithFault(req, res, record, faults.action)) return;
    return ctx.send(res, record, 400, problem);
  }

  // Another create may have landed during a fault's delay: the index is the creation order.
  subject.taskIndex = ctx.tasks.size;
  // Shape B is the older v1 revision's; v2 and scenario routes have their own.
  const shapeB = (family.dialect ?? "v1") === "v1" && answersShapeB(family, ctx.shape);
  let id = newTaskId(family, shapeB);
  while (ctx.tasks.has(id)) id = newTaskId(family, shapeB);
  const task: TaskState = {
    id,
    index: subject.taskIndex,
    family,
    model: subject.model,
    prompt: subject.prompt,
    body,
    createdAt: Date.now(),
    createdSimMs: ctx.clock.nowSimMs(),
    schedule: planSchedule(ctx.scenario, subject, mediaKindOf(family)),
  };
  ctx.tasks.set(id, task);
  record.taskId = id;

  if (ctx.answerWithFault(req, res, record, faults.action)) return;
  const v1Answer = createResponse(task, shapeB, faults.modifiers);
  const answer =
    family.dialect === "model-center"
      ? modelCenterCreateAnswer(v1Answer, ctx.scenario.modelCenterShape)
      : v1Answer;
  if (faults.action?.kind === "malformed") return ctx.sendMalformed(res, record, answer);
  ctx.send(res, record, 200, answer);
}

/** A text completion answers in the same request; faults of the "create" route apply to it too. */
export async function handleText(
  ctx: RouteContext,
  req: IncomingMessage,
  res: ServerResponse,
  record: RecordedRequest,
  route: { family: Endpoint; pathModel?: string },
  json: ParsedJson,
) {
  if (!ctx.authorized(req)) return ctx.send(res, record, 401, { error: "invalid api key" });
  if (!json.ok) return ctx.send(res, record, 400, { error: `invalid JSON body: ${json.message}` });
  if (!isObject(json.value)) return ctx.send(res, record, 400, { error: "body: expected a JSON object" });
  const body = json.value;
  const model = route.pathModel ?? (typeof body.model === "string" ? body.model : "");
  const prompt = promptOfText(body);
  const faults = ctx.select("create", {
    prompt,
    model,
    familyId: route.family.id,
    taskIndex: ctx.tasks.size,
  });
  await ctx.sleep(faults.delayMs);
  if (faults.action?.kind === "status") {
    ctx.answerWithFault(req, res, record, faults.action);
    return;
  }
  const problem =
    route.pathModel !== undefined && !route.family.models.includes(route.pathModel)
      ? {
          error: `model: unknown model "${route.pathModel}"; expected one of ${route.family.models.join(", ")}`,
        }
      : validationProblem(ctx, route.family, body);
  if (problem !== undefined) return ctx.send(res, record, 400, problem);
  record.taskId = `text_${ctx.requests.indexOf(record)}`;
  if (ctx.answerWithFault(req, res, record, faults.action)) return;
  ctx.send(res, record, 200, textResponse(route.family, model, prompt));
}

/** The 400 body for a request the endpoint refuses: every problem, each naming its field. */
function validationProblem(
  ctx: RouteContext,
  family: Endpoint,
  body: Record<string, unknown>,
): object | undefined {
  const issues = bodyIssues(family, body, { acceptUnknownModels: ctx.scenario.acceptUnknownModels });
  if (issues.length === 0) return undefined;
  return { error: issues.map((issue) => `${issue.field}: ${issue.message}`).join("; "), issues };
}

export async function handlePoll(
  ctx: RouteContext,
  req: IncomingMessage,
  res: ServerResponse,
  record: RecordedRequest,
  id: string,
  pollPath: string,
) {
  if (!ctx.authorized(req)) return ctx.send(res, record, 401, { error: "invalid api key" });
  // A task is found only at its own family's poll route: a client polling v2 tasks at /v1/result gets 404.
  const found = ctx.liveTask(id);
  const task = found !== undefined && pollPathOf(found.family) === pollPath ? found : undefined;
  if (task !== undefined) record.taskId = task.id;
  const faults = ctx.select("poll", task && ctx.subjectOf(task));
  await ctx.sleep(faults.delayMs);
  if (ctx.answerWithFault(req, res, record, faults.action)) return;
  if (faults.action?.kind === "forget") {
    record.fault = "forget";
    return ctx.notFound(res, record, "task");
  }
  if (task === undefined) return ctx.notFound(res, record, "task");

  const status = statusAt(task.schedule, ctx.elapsedMs(task));
  const withFile = status === "completed" && hasResultFile(task.schedule);
  const urls = {
    file: withFile ? `${ctx.baseUrl}${ctx.filePath(task)}` : null,
    subtitle:
      withFile && wantsSubtitles(task)
        ? `${ctx.baseUrl}/files/${encodeURIComponent(task.id)}/subtitle.srt`
        : null,
  };
  const v1Answer = pollResult(task, status, urls, faults.modifiers);
  const answer = dialectOf(task, v1Answer, status, urls.file, ctx.scenario.modelCenterShape);
  if (faults.action?.kind === "malformed") return ctx.sendMalformed(res, record, answer);
  ctx.send(res, record, 200, answer);
}

/** A v1 poll answer rewritten in the dialect of the task's endpoint. */
function dialectOf(
  task: TaskState,
  answer: Record<string, unknown>,
  status: TaskStatus,
  fileUrl: string | null,
  modelCenterShape: ModelCenterShape,
): Record<string, unknown> {
  const kind = mediaKindOf(task.family);
  if (task.family.dialect === "model-center") {
    return modelCenterPollAnswer(answer, kind, status, fileUrl, modelCenterShape);
  }
  if (task.family.dialect === "route") return routePollAnswer(answer, kind, fileUrl, task.family.resultField);
  return answer;
}
