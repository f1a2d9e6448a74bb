/**
 * The `endpoint` task form (design 8): a body sent as written to a path under base-url, for models the
 * registry does not know yet. The body is the user's; the route is checked hard, because it decides where
 * the API key goes: the client only ever joins it to base-url's origin, and a path that could step out of
 * base-url (a host, a scheme, `..`, an encoded separator) is refused before any request.
 */
import { z } from "zod";
import { ConfigError, type Problem } from "../errors.ts";
import {
  commonFieldNames,
  type Family,
  kindPolling,
  type MediaFamily,
  type MediaKind,
  type RequestBody,
} from "../models/family.ts";
import { modelCenterCreatePath, modelCenterPollPath } from "../models/model-center.ts";
import type { ManifestTask } from "./manifest.ts";
import { hashInputs, type Task } from "./tasks.ts";

const endpointKeys = ["endpoint", "kind", "body", "poll"] as const;

/** A task that uses any key of the endpoint form is planned by this module (and told what it lacks). */
export function isEndpointTask(task: ManifestTask): boolean {
  return endpointKeys.some((key) => task[key] !== undefined);
}

/** Default poll route (design 8): Model Center routes have their own; every v1 route polls /v1/result. */
export function defaultPollPath(endpoint: string): string {
  return endpoint.startsWith("/v2/model-center/") ? modelCenterPollPath : "/v1/result/{id}";
}

// RFC 3986 path characters: anything else (space, control, `?`, `#`, `\`, `{`, non-ASCII) has no place here.
const pathCharacters = /^[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*$/;
const maxRouteLength = 2_000;

/** Why `route` is not a safe path under base-url, or undefined when it is. */
export function routeProblem(route: string): string | undefined {
  const hint = `give a path under base-url such as ${modelCenterCreatePath}; the API key only ever goes to base-url's host`;
  if (route === "") return `is empty; ${hint}`;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(route)?.[1];
  if (scheme !== undefined) return `has a scheme ("${scheme}:"), so it is a URL, not a path; ${hint}`;
  if (route.includes("\\"))
    return `contains a backslash, which servers may read as "/" (and as a host after "//"); ${hint}`;
  if (route.startsWith("//")) return `starts with "//", which names a host; ${hint}`;
  if (!route.startsWith("/")) return `must start with "/"; ${hint}`;
  if (route.length > maxRouteLength)
    return `is ${route.length} characters long; a route is at most ${maxRouteLength}`;
  if (/\p{Cc}/u.test(route)) return "contains a control character; a route is a plain path";
  if (/\s/u.test(route)) return "contains a space; a route is a plain path (percent-encode a space as %20)";
  if (/[?#]/.test(route))
    return `contains "${/[?#]/.exec(route)?.[0]}": a route is a path only, without a query or fragment (send parameters in body)`;
  if (/%(2e|2f|5c|25|00)/i.test(route)) {
    return `contains a percent-encoded ".", "/", "\\", "%" or NUL (${/%(2e|2f|5c|25|00)/i.exec(route)?.[0]}), which could step out of base-url's path once decoded; write the path plainly`;
  }
  if (/%(?![0-9a-f]{2})/i.test(route)) return `has a "%" that is not followed by two hex digits`;
  const dots = route.split("/").find((segment) => segment === ".." || segment === ".");
  if (dots !== undefined) return `contains a "${dots}" segment, which steps out of base-url's path; ${hint}`;
  const stray = [...route].find((character) => !pathCharacters.test(character));
  if (stray !== undefined)
    return `contains ${JSON.stringify(stray)}, which a URL path cannot carry unencoded`;
  return undefined;
}

/** Why `poll` is not a poll route: the route rules, plus `{id}` exactly once (where the task id goes). */
export function pollRouteProblem(poll: string): string | undefined {
  const placeholders = poll.split("{id}").length - 1;
  if (placeholders !== 1) {
    return `must contain "{id}" exactly once (where the task id goes), found it ${placeholders === 0 ? "nowhere" : `${placeholders} times`}; e.g. ${modelCenterPollPath}`;
  }
  return routeProblem(poll.replace("{id}", "id"));
}

/** Where a body holds something JSON cannot carry as written (a YAML tag's set, map or binary, an infinity). */
function notJson(value: unknown, at: string): { at: string; why: string } | undefined {
  if (value === null || typeof value === "string" || typeof value === "boolean") return undefined;
  if (typeof value === "number") {
    return Number.isFinite(value) ? undefined : { at, why: `is ${value}, which JSON cannot carry` };
  }
  let items: [string, unknown][];
  if (Array.isArray(value)) items = value.map((item, index) => [`${at}[${index}]`, item]);
  else if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    items = Object.entries(value as object).map(([key, item]) => [`${at}.${key}`, item]);
  } else {
    return {
      at,
      why: "is not plain JSON (a YAML tag such as !!set, !!omap or !!binary); write it as a list or mapping",
    };
  }
  for (const [where, item] of items) {
    const problem = notJson(item, where);
    if (problem) return problem;
  }
  return undefined;
}

const endpointFamilyId = "endpoint";

/** Whether a task's family is an endpoint task's own (its poll route is not the registry's to know). */
export function isEndpointFamily(family: Family): family is MediaFamily {
  return family.id === endpointFamilyId && family.polling !== undefined;
}

/** A family for one endpoint task: the kind's poll timing at the chosen route, any body, any result key. */
export function endpointFamily(endpoint: string, kind: MediaKind, poll: string): MediaFamily {
  return {
    id: endpointFamilyId,
    title: `endpoint ${endpoint}`,
    kind,
    createPath: endpoint,
    models: [],
    accepts: {},
    buildBody: () => {
      throw new Error("an endpoint task's body is the manifest's, never built");
    },
    body: z.record(z.string(), z.unknown()),
    polling: { ...kindPolling[kind], path: poll, resultField: "result_url", anyTopLevelUrl: true },
  };
}

/** What the planner lends: how a message names the file, line and task. */
export interface TaskContext {
  origin: string;
  problem(message: string, field?: string): Problem;
  /**
   * The body's `asset:`/`file:` references (design 9: media inside an endpoint body counts too), or a
   * ConfigError naming each bad one.
   */
  resolveReferences(body: RequestBody): Pick<Task, "assets" | "files"> & { sources?: unknown };
}

/** Plans an endpoint task, or throws one ConfigError listing every mistake in it. */
export function planEndpointTask(task: ManifestTask, context: TaskContext): Task {
  const problems: Problem[] = [];
  const refuse = (message: string, field: string) => problems.push(context.problem(message, field));
  const { endpoint, kind, body, poll } = task;
  // One form or the other: beside `endpoint`, a model task's fields would be silently dropped.
  for (const field of ["model", "params", "prompt-file", ...commonFieldNames] as const) {
    if (task[field] === undefined) continue;
    const instead = field === "model" ? "body.model" : field === "params" ? "body" : `body.${field}`;
    refuse(
      `field "${field}" belongs to a model task and cannot be combined with "endpoint" (one form or the other): an endpoint task sends "body" as written, so put it in ${instead}`,
      field,
    );
  }
  if (endpoint === undefined) {
    refuse(
      `field "endpoint" is missing: "kind", "body" and "poll" belong to the endpoint form, which needs a path under base-url`,
      endpointKeys.find((key) => task[key] !== undefined) ?? "endpoint",
    );
  } else {
    const problem = routeProblem(endpoint);
    if (problem) refuse(`field "endpoint": ${JSON.stringify(shown(endpoint))} ${problem}`, "endpoint");
  }
  if (kind === undefined)
    refuse(
      `field "kind" is missing: set video, image or audio (the file's fallback extension and poll pace)`,
      "endpoint",
    );
  if (body === undefined) refuse(`field "body" is missing: the JSON body to send, as a mapping`, "endpoint");
  else {
    const problem = notJson(body, "body");
    if (problem) refuse(`field "${problem.at}" ${problem.why}`, "body");
  }
  if (poll !== undefined) {
    const problem = pollRouteProblem(poll);
    if (problem) refuse(`field "poll": ${JSON.stringify(shown(poll))} ${problem}`, "poll");
  }
  if (problems.length > 0 || endpoint === undefined || kind === undefined || body === undefined) {
    throw new ConfigError(problems);
  }
  const references = context.resolveReferences(body);
  const pollPath = poll ?? defaultPollPath(endpoint);
  const model = typeof body.model === "string" && body.model.trim() !== "" ? body.model : endpoint;
  return {
    name: task.name,
    model,
    family: endpointFamily(endpoint, kind, pollPath),
    kind,
    endpoint,
    body,
    inputHash: hashInputs(model, endpoint, body, { poll: pollPath, references: references.sources }),
    selected: true,
    origin: context.origin,
    ...(references.assets && { assets: references.assets }),
    ...(references.files && { files: references.files }),
    notices: [
      context.problem(
        `sent unvalidated: an endpoint task's body goes to POST ${endpoint} as written (polled at ${pollPath}); the API alone decides whether it takes it`,
      ).message,
    ],
  };
}

function shown(value: string): string {
  return value.length > 120 ? `${value.slice(0, 120)}…` : value;
}
