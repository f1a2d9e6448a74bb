/**
 * Scenarios: what the simulator does with time, outcomes and faults. A scenario is plain JSON, so tests,
 * the demo and benchmarks can keep theirs in files (`loadScenario`). Every field is optional; the defaults
 * below are what you get with `{}`.
 *
 * ```jsonc
 * {
 *   // Simulated ms. A task is `queued` for queuedMs, then `processing` for processingMs[kind], then terminal.
 *   // Each duration is scaled by a factor in [1 - jitter, 1 + jitter], drawn from `seed` and the task's index,
 *   // so a run is reproducible.
 *   "latency": { "queuedMs": 2000, "processingMs": { "video": 180000, "image": 8000, "audio": 15000 },
 *                "jitter": 0.2, "seed": 1 },
 *
 *   // How tasks end. The first rule whose matchers all hold decides; no rule = `completed`.
 *   // status: "completed" | "failed" | "cancelled" | "processing" ("processing" never finishes: for deadlines).
 *   // Optional per rule: error (text of a failed task), noUrl (completed without a result URL),
 *   // queuedMs / processingMs (override the latency, e.g. 0 for "fails at once"), fileBytes (as below), actualDuration,
 *   // amount (a completed result reports it, as third-party clients read it), atCreate (with status
 *   // "failed": the create's own answer says `status: "failed"` with the error, as SD2 Manxue documents for
 *   // content-policy refusals).
 *   "outcomes": [
 *     { "promptContains": "FAIL", "status": "failed", "error": "Content policy violation: the prompt was rejected." },
 *     { "model": "seedance_1_5_pro_720p", "promptContains": "CANCEL", "status": "cancelled" },
 *     { "promptContains": "NOURL", "status": "completed", "noUrl": true },
 *     { "family": "sd2-manxue", "promptContains": "POLICY", "status": "failed", "atCreate": true,
 *       "error": "Content policy violation" }
 *   ],
 *
 *   // Faults, tried in order for every request on their `route` ("create" | "poll" | "file").
 *   "faults": [
 *     { "route": "poll", "status": 429, "retryAfter": 1, "times": 2 },
 *     { "route": "poll", "kind": "reset", "times": 1 },
 *     { "route": "file", "kind": "expired", "status": 410 },
 *     { "route": "poll", "kind": "uppercase" }
 *   ],
 *
 *   // Size of each result file. Without it a result is real media built from the task (a PNG of the asked
 *   // size showing the prompt, a WAV chord, a 2 s MP4: see real-media.ts); with it, that many deterministic
 *   // pseudo-random bytes behind the kind's magic header, streamed at memory speed (for large files).
 *   "fileBytes": { "video": 200000, "image": 30000, "audio": 20000 },
 *   "urlTtlMs": 86400000,   // simulated ms after completion until the result URL answers 404
 *   "taskTtlMs": 86400000,  // optional: simulated ms after creation until polling the id answers 404 (default never)
 *   "acceptUnknownModels": false, // true: a `model` outside the family's catalogue is accepted
 *   // Model Center v2 (wire-v2.ts): "usual" answers as reference 5.16's example; "other" answers the other
 *   // shape clients tolerate: `task_id` instead of `id`, `error` as an object, `result_url` without the kind's field.
 *   "modelCenterShape": "usual",
 *   // Routes no family of the reference has, for `endpoint` tasks: created at `create`, polled at `poll`
 *   // (default: /v2/model-center/tasks/{id} under /v2/model-center/, else /v1/result/{id}), the result URL
 *   // under `resultField` (default: the kind's field). Any JSON object body and any model are taken.
 *   "routes": [{ "create": "/v9/labs/foo", "poll": "/v9/labs/foo/{id}", "kind": "video", "resultField": "output_link" }]
 *
 *   // The asset libraries (reference 6.1, 6.2): an upload is `Processing` for reviewMs (simulated), then
 *   // `Failed` with `error` when its URL contains a rule's `urlContains`, else `Active`.
 *   "assets": { "reviewMs": 2000, "fail": [{ "urlContains": "face-of-someone", "error": "Real face detected." }] }
 * }
 * ```
 *
 * Matchers (on outcomes and faults; written at the top level of the rule or inside a `match` object):
 * `promptContains` (substring of the task's prompt), `model`, `family` (the endpoint id of wire-schemas.ts), `taskIndex` (0-based
 * creation order). A fault with a matcher never fires for a request whose task is unknown.
 *
 * Fault kinds (`kind` may be left out when `status` is given, meaning "status", or when only `delayMs` is):
 * - `status` (any route): answer `status` with `body` (JSON; a string is sent as text; default
 *   `{"error": "<reason>"}`), plus `Retry-After` from `retryAfter` (seconds, or an HTTP-date string, sent
 *   verbatim and not time-scaled) and any `headers`. A create answered this way creates no task, so
 *   `{"route":"create","status":200,"body":{"code":"1001","msg":"Insufficient balance"}}` is a business error.
 * - `reset` (any): destroy the socket without an answer. On create the body is read and the task IS created
 *   first: the ambiguous case a client must not resubmit. (A connection refused before the request is sent
 *   cannot be produced by a live server; test it against a closed port.)
 * - `hang` (any): hold the request unanswered until the client gives up. On create the task is still created.
 * - `malformed` (create, poll): answer 200 with a JSON body cut in half. On create the task is created.
 * - `delay` (any): wait `delayMs`, then answer normally. `delayMs` on any other kind waits before acting.
 * - `uppercase` (create, poll): statuses in upper case (`COMPLETED`).
 * - `string-numbers` (create, poll): `created`, `actualDuration`, `totalTokens` and `amount` as strings.
 * - `truncate` (file): send the headers with the full Content-Length, half the bytes, then close the connection.
 * - `expired` (file): the result URL answers `status` (404 or 410; default 404) as if its TTL had passed.
 * - `forget` (poll): 404 `{"error":"task not found"}`, as for an id whose record has expired.
 * - `unknown-status` (poll): the status is a string the reference does not list (`in_progress`), which a
 *   client must treat as still running.
 *
 * Counting: `after` skips the first N requests that reach the fault; `times` (absent = always) caps how often it
 * fires. The first answering fault that fires handles the request, and the faults after it do not see that
 * request. `delay`, `uppercase`, `string-numbers` and `unknown-status` never stop the search: every one that
 * fires applies.
 *
 * All times are simulated ms: the server divides them by its time scale to get real time.
 * scenarios/example.json uses every section.
 */
import { readFile } from "node:fs/promises";
import { z } from "zod";

const kindSchema = z.enum(["video", "image", "audio"]);
export type MediaKind = z.infer<typeof kindSchema>;

const nonNegativeMs = z.number().min(0);

const matchFields = {
  promptContains: z.string().optional(),
  model: z.string().optional(),
  family: z.string().optional(),
  taskIndex: z.number().int().min(0).optional(),
};
const matchSchema = z.strictObject(matchFields);
export type Match = z.infer<typeof matchSchema>;

/** Lets a rule write its matchers at the top level or inside `match`, and folds the two together. */
function withMatch<T extends { match?: Match } & Match>(rule: T): Omit<T, "match"> {
  const { match, ...rest } = rule;
  return { ...match, ...rest };
}

const outcomeSchema = z
  .strictObject({
    ...matchFields,
    match: matchSchema.optional(),
    status: z.enum(["completed", "failed", "cancelled", "processing"]).default("completed"),
    error: z.string().optional(),
    noUrl: z.boolean().optional(),
    queuedMs: nonNegativeMs.optional(),
    processingMs: nonNegativeMs.optional(),
    fileBytes: z.number().int().min(0).optional(),
    actualDuration: z.number().optional(),
    amount: z.number().min(0).optional(),
    atCreate: z.boolean().optional(),
  })
  .transform(withMatch);
export type Outcome = z.infer<typeof outcomeSchema>;

export const faultRoutes = ["create", "poll", "file"] as const;
export type FaultRoute = (typeof faultRoutes)[number];

const faultKinds = [
  "status",
  "reset",
  "hang",
  "malformed",
  "delay",
  "uppercase",
  "string-numbers",
  "truncate",
  "expired",
  "forget",
  "unknown-status",
] as const;
export type FaultKind = (typeof faultKinds)[number];

/** Kinds that change an otherwise normal answer instead of replacing it. */
const modifierKinds: ReadonlySet<FaultKind> = new Set(["uppercase", "string-numbers", "unknown-status"]);

const routesOfKind: Record<FaultKind, readonly FaultRoute[]> = {
  status: faultRoutes,
  reset: faultRoutes,
  hang: faultRoutes,
  delay: faultRoutes,
  malformed: ["create", "poll"],
  uppercase: ["create", "poll"],
  "string-numbers": ["create", "poll"],
  truncate: ["file"],
  expired: ["file"],
  forget: ["poll"],
  "unknown-status": ["poll"],
};

const faultSchema = z
  .strictObject({
    ...matchFields,
    match: matchSchema.optional(),
    route: z.enum(faultRoutes),
    kind: z.enum(faultKinds).optional(),
    status: z.number().int().min(100).max(599).optional(),
    body: z.unknown().optional(),
    retryAfter: z.union([z.number().min(0), z.string().min(1)]).optional(),
    headers: z.record(z.string(), z.string()).optional(),
    delayMs: nonNegativeMs.optional(),
    times: z.number().int().min(1).optional(),
    after: z.number().int().min(0).optional(),
  })
  .transform((rule, ctx) => {
    const kind: FaultKind | undefined =
      rule.kind ?? (rule.status !== undefined ? "status" : rule.delayMs !== undefined ? "delay" : undefined);
    if (kind === undefined) {
      ctx.addIssue({ code: "custom", message: "a fault needs a `kind`, a `status` or a `delayMs`" });
      return z.NEVER;
    }
    if (!routesOfKind[kind].includes(rule.route)) {
      ctx.addIssue({
        code: "custom",
        path: ["kind"],
        message: `"${kind}" applies to ${routesOfKind[kind].join("/")} requests, not "${rule.route}"`,
      });
      return z.NEVER;
    }
    if (kind === "status" && rule.status === undefined) {
      ctx.addIssue({ code: "custom", path: ["status"], message: 'kind "status" needs a `status`' });
      return z.NEVER;
    }
    if (kind === "expired" && rule.status !== undefined && rule.status !== 404 && rule.status !== 410) {
      ctx.addIssue({ code: "custom", path: ["status"], message: 'kind "expired" answers 404 or 410' });
      return z.NEVER;
    }
    return { ...withMatch(rule), kind };
  });
export type Fault = z.infer<typeof faultSchema>;

const perKindMs = (video: number, image: number, audio: number) =>
  z
    .strictObject({
      video: nonNegativeMs.default(video),
      image: nonNegativeMs.default(image),
      audio: nonNegativeMs.default(audio),
    })
    .prefault({});

export const scenarioSchema = z.strictObject({
  latency: z
    .strictObject({
      queuedMs: nonNegativeMs.default(2000),
      processingMs: perKindMs(180_000, 8_000, 15_000),
      jitter: z.number().min(0).max(1).default(0.2),
      seed: z.number().int().default(1),
    })
    .prefault({}),
  outcomes: z.array(outcomeSchema).default([]),
  faults: z.array(faultSchema).default([]),
  // A kind without a size gets real media (real-media.ts); a size asks for keystream bytes of that length.
  fileBytes: z
    .strictObject({
      video: z.number().int().min(0).optional(),
      image: z.number().int().min(0).optional(),
      audio: z.number().int().min(0).optional(),
    })
    .prefault({}),
  urlTtlMs: nonNegativeMs.default(86_400_000),
  taskTtlMs: nonNegativeMs.optional(),
  acceptUnknownModels: z.boolean().default(false),
  modelCenterShape: z.enum(["usual", "other"]).default("usual"),
  routes: z
    .array(
      z.strictObject({
        create: z.string().regex(/^\/[^?#\s]*$/, { error: "must be a path starting with /" }),
        poll: z
          .string()
          .regex(/^\/[^?#\s]*\{id\}[^?#\s]*$/, { error: "must be a path with {id} in it" })
          .optional(),
        kind: kindSchema,
        resultField: z.string().min(1).optional(),
      }),
    )
    .default([]),
  assets: z
    .strictObject({
      reviewMs: nonNegativeMs.default(2000),
      fail: z.array(z.strictObject({ urlContains: z.string().min(1), error: z.string() })).default([]),
    })
    .prefault({}),
});

/** A scenario as written (every field optional). */
export type Scenario = z.input<typeof scenarioSchema>;
/** A scenario with its defaults filled in. */
export type ResolvedScenario = z.output<typeof scenarioSchema>;

export function resolveScenario(scenario: Scenario = {}): ResolvedScenario {
  const parsed = scenarioSchema.safeParse(scenario);
  if (!parsed.success) throw new Error(`invalid simulator scenario: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

export async function loadScenario(path: string): Promise<ResolvedScenario> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    throw new Error(`cannot read simulator scenario ${path}: ${(error as Error).message}`);
  }
  const parsed = scenarioSchema.safeParse(json);
  if (!parsed.success) throw new Error(`invalid simulator scenario ${path}: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`).join("; ");
}

/** What matchers look at: the task a request concerns (for a create, the task it would become). */
export interface MatchSubject {
  prompt: string;
  model: string;
  familyId: string;
  taskIndex: number;
}

export function matches(rule: Match, subject: MatchSubject | undefined): boolean {
  const scoped =
    rule.promptContains !== undefined ||
    rule.model !== undefined ||
    rule.family !== undefined ||
    rule.taskIndex !== undefined;
  if (!scoped) return true;
  if (subject === undefined) return false;
  return (
    (rule.promptContains === undefined || subject.prompt.includes(rule.promptContains)) &&
    (rule.model === undefined || subject.model === rule.model) &&
    (rule.family === undefined || subject.familyId === rule.family) &&
    (rule.taskIndex === undefined || subject.taskIndex === rule.taskIndex)
  );
}

export function outcomeFor(outcomes: readonly Outcome[], subject: MatchSubject): Outcome | undefined {
  return outcomes.find((outcome) => matches(outcome, subject));
}

/** How often each fault of a scenario has been reached and has fired. Index-aligned with `faults`. */
export interface FaultCounter {
  reached: number;
  fired: number;
}

export function newFaultCounters(faults: readonly Fault[]): FaultCounter[] {
  return faults.map(() => ({ reached: 0, fired: 0 }));
}

export interface FaultSelection {
  /** The fault that answers the request instead of the normal handler, if any. */
  action?: Fault;
  /** Kinds that alter the normal answer. */
  modifiers: Set<FaultKind>;
  /** Simulated ms to wait before answering (sum of the `delayMs` of every fault that fired). */
  delayMs: number;
}

/** Picks the faults for one request and counts it. Mutates `counters`. */
export function selectFaults(
  faults: readonly Fault[],
  counters: FaultCounter[],
  route: FaultRoute,
  subject: MatchSubject | undefined,
): FaultSelection {
  const selection: FaultSelection = { modifiers: new Set(), delayMs: 0 };
  for (const [index, fault] of faults.entries()) {
    const counter = counters[index];
    if (counter === undefined || fault.route !== route || !matches(fault, subject)) continue;
    counter.reached += 1;
    if (counter.reached <= (fault.after ?? 0)) continue;
    if (fault.times !== undefined && counter.fired >= fault.times) continue;
    counter.fired += 1;
    selection.delayMs += fault.delayMs ?? 0;
    if (modifierKinds.has(fault.kind)) {
      selection.modifiers.add(fault.kind);
      continue;
    }
    if (fault.kind === "delay") continue;
    selection.action = fault;
    break;
  }
  return selection;
}
