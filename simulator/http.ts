/** The simulator's HTTP plumbing: which route a request is, and how its body is read. */
import type { IncomingHttpHeaders, IncomingMessage } from "node:http";
import { type AssetRoute, assetRouteOf } from "./asset-route.ts";
import type { FaultKind } from "./scenario.ts";
import { textRouteOf } from "./text.ts";
import { type Endpoint, textEndpoints } from "./wire-schemas.ts";

export type Route =
  | { name: "create"; family: Endpoint }
  | { name: "text"; family: Endpoint; pathModel?: string }
  | { name: "poll"; id: string; pollPath: string }
  | { name: "file"; id: string; fileName: string }
  | AssetRoute
  | { name: "other" };

const maxBodyBytes = 16 * 1024 * 1024;

export function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** The create and poll routes served: the reference's, and those a scenario adds. */
export interface RouteTable {
  creates: ReadonlyMap<string, Endpoint>;
  /** Poll paths with `{id}` standing for one path segment. */
  polls: readonly string[];
}

/** The task id a poll path's `{id}` matches in `pathname`, decoded; undefined when it does not match. */
function pollIdOf(template: string, pathname: string): string | undefined {
  const [before, after] = template.split("{id}") as [string, string];
  if (!pathname.startsWith(before) || !pathname.endsWith(after)) return undefined;
  const segment = pathname.slice(before.length, pathname.length - after.length);
  if (segment === "" || segment.includes("/")) return undefined;
  return decodeSegment(segment);
}

export function routeOf(method: string, pathname: string, table: RouteTable): Route {
  const asset = assetRouteOf(method, pathname);
  if (asset !== undefined) return asset;
  const text = method === "POST" ? textRouteOf(pathname, textEndpoints) : undefined;
  if (text !== undefined) return { name: "text", ...text };
  const family = table.creates.get(pathname);
  if (family !== undefined && method === "POST") return { name: "create", family };
  if (method === "GET") {
    for (const pollPath of table.polls) {
      const id = pollIdOf(pollPath, pathname);
      if (id !== undefined) return { name: "poll", id, pollPath };
    }
  }
  const file = /^\/files\/([^/]+)\/(.*)$/.exec(pathname);
  const fileId = file?.[1] === undefined ? undefined : decodeSegment(file[1]);
  if (fileId !== undefined && (method === "GET" || method === "HEAD")) {
    return { name: "file", id: fileId, fileName: file?.[2] ?? "" };
  }
  return { name: "other" };
}

export type ParsedJson = { ok: true; value: unknown } | { ok: false; message: string };

export function parseJson(raw: string): ParsedJson {
  try {
    return { ok: true, value: JSON.parse(raw) };
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export async function readBody(req: IncomingMessage): Promise<string | "too-large"> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBodyBytes) return "too-large";
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export const reasonPhrases: Record<number, string> = {
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

export type RouteName = "create" | "text" | "poll" | "file" | "asset" | "other";

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
  /** The task a create made, or the task a poll or file request named; the asset ids an upload made. */
  taskId?: string;
}
