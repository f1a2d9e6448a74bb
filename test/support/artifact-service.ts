/**
 * A local stand-in for GitHub's artifact service, enough for the real `@actions/artifact` 6.x to upload, list,
 * delete and download against 127.0.0.1 (see /work/shared/notes/artifact-and-github-fakes.md):
 *
 * - the results service's Twirp JSON routes, `POST /twirp/github.actions.results.api.v1.ArtifactService/`
 *   CreateArtifact, FinalizeArtifact, ListArtifacts, GetSignedArtifactURL and DeleteArtifact;
 * - the Azure blob routes its signed URLs point at, `/devstoreaccount1/actions-results/<key>/<blob>`:
 *   PUT `comp=block` (kept by block id), PUT `comp=blocklist` (assembled in `<Latest>` order) and GET.
 *
 * Artifacts belong to the run in the runtime token (`scp: Actions.Results:<run>:<job>`), so a second action
 * run with a token of the same run sees, and can delete, what the first one uploaded. Finalize recomputes the
 * sha256 and size, as GitHub's service does, so a test proves the bytes that arrived are the bytes sent.
 */
import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { inflateRawSync } from "node:zlib";

/**
 * Faults, each a fast 4xx with a Twirp JSON body (5xx makes the library retry for ~30 s):
 * - quota: CreateArtifact answers a message containing "insufficient usage", which the library turns into
 *   its UsageError (the status GitHub uses for it is not documented; the library ignores it);
 * - too-many: CreateArtifact answers that the job has too many artifacts (GitHub's wording is not documented);
 * - conflict: CreateArtifact answers 409 "already exists" whatever the name;
 * - finalize: FinalizeArtifact answers 403;
 * - blob: every blob PUT answers 403.
 */
export type ArtifactFault = "quota" | "too-many" | "conflict" | "finalize" | "blob";

export interface StoredArtifact {
  id: number;
  name: string;
  runBackendId: string;
  jobBackendId: string;
  /** The `mime_type` sent to CreateArtifact: `application/zip`, or the file's type with skipArchive. */
  mimeType: string;
  /** The `x-ms-blob-content-type` of the committed block list. */
  contentType: string;
  bytes: Buffer;
  size: number;
  /** `sha256:<hex>` of `bytes`, as the service stores it. */
  digest: string;
  createdAt: string;
  expiresAt?: string;
}

export interface ServiceRequest {
  /** Twirp method name, or "PutBlock", "PutBlockList", "GetBlob". */
  route: string;
  status: number;
  /** The Twirp request body (snake_case as sent); undefined for blob routes. */
  body?: Record<string, unknown>;
  authorization?: string;
  contentType?: string;
}

export interface ArtifactService {
  /** What ACTIONS_RESULTS_URL should be (the library keeps only the origin). */
  resultsUrl: string;
  /** A runtime token for run `run-1`, job `job-1`. */
  runtimeToken: string;
  /** A token the library accepts, for another job or run (a re-run attempt gets a new job id). */
  tokenFor(ids: { run: string; job: string }): string;
  /** ACTIONS_RUNTIME_TOKEN, ACTIONS_RESULTS_URL and NO_PROXY, for a child process or process.env. */
  env(token?: string): Record<string, string>;
  /** Finalized artifacts that have not been deleted, in creation order. */
  artifacts(): StoredArtifact[];
  /** Artifacts removed by DeleteArtifact. */
  deleted(): StoredArtifact[];
  requests: ServiceRequest[];
  failWith(fault: ArtifactFault | undefined): void;
  close(): Promise<void>;
}

const twirpPrefix = "/twirp/github.actions.results.api.v1.ArtifactService/";
const blobPrefix = "/devstoreaccount1/actions-results/";

interface Pending {
  artifact: Omit<StoredArtifact, "bytes" | "size" | "digest" | "contentType">;
  blocks: Map<string, Buffer>;
  blob?: { bytes: Buffer; contentType: string };
  finalized?: StoredArtifact;
}

class TwirpError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export function runtimeTokenFor(ids: { run: string; job: string }): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  // The library decodes only the payload's `scp` claim and never checks the signature.
  return `${part({ alg: "none", typ: "JWT" })}.${part({ scp: `Actions.ExampleScope Actions.Results:${ids.run}:${ids.job}` })}.`;
}

function idsOfToken(authorization: string | undefined): { run: string; job: string } | undefined {
  const token = /^Bearer (.+)$/.exec(authorization ?? "")?.[1];
  try {
    const payload = JSON.parse(Buffer.from(token?.split(".")[1] ?? "", "base64url").toString("utf8"));
    const scope = String(payload.scp)
      .split(" ")
      .find((s) => s.startsWith("Actions.Results:"));
    const [, run, job] = scope?.split(":") ?? [];
    return run && job ? { run, job } : undefined;
  } catch {
    return undefined;
  }
}

export async function startArtifactService(
  options: { failWith?: ArtifactFault } = {},
): Promise<ArtifactService> {
  let fault = options.failWith;
  let nextId = 1;
  const sig = randomBytes(12).toString("hex");
  const uploads = new Map<string, Pending>();
  const removed: StoredArtifact[] = [];
  const requests: ServiceRequest[] = [];
  let origin = "";

  const field = (body: Record<string, unknown>, snake: string, camel: string): string | undefined => {
    const value = body[snake] ?? body[camel];
    return value === undefined || value === null ? undefined : String(value);
  };
  const live = (): Pending[] => [...uploads.values()];

  const twirp: Record<
    string,
    (body: Record<string, unknown>, token: { run: string; job: string }) => object
  > = {
    CreateArtifact(body, token) {
      const name = field(body, "name", "name") ?? "";
      const run = field(body, "workflow_run_backend_id", "workflowRunBackendId");
      const job = field(body, "workflow_job_run_backend_id", "workflowJobRunBackendId");
      if (run !== token.run || job !== token.job) {
        throw new TwirpError(403, "permission_denied", "backend ids do not match the runtime token");
      }
      if (fault === "quota") {
        throw new TwirpError(403, "resource_exhausted", "insufficient usage to create artifact");
      }
      if (fault === "too-many") {
        throw new TwirpError(400, "resource_exhausted", "too many artifacts: this job has reached its limit");
      }
      if (name.length < 1 || name.length > 256) {
        throw new TwirpError(400, "invalid_argument", "name invalid length for artifact name");
      }
      if (
        fault === "conflict" ||
        live().some((p) => p.artifact.runBackendId === run && p.artifact.name === name)
      ) {
        throw new TwirpError(
          409,
          "already_exists",
          "an artifact with this name already exists on the workflow run",
        );
      }
      const key = randomBytes(8).toString("hex");
      const artifact = {
        id: nextId++,
        name,
        runBackendId: run,
        jobBackendId: job,
        mimeType: field(body, "mime_type", "mimeType") ?? "",
        createdAt: new Date().toISOString(),
        expiresAt: field(body, "expires_at", "expiresAt"),
      };
      uploads.set(key, { artifact, blocks: new Map() });
      return { ok: true, signed_upload_url: blobUrl(key, artifact, "cw") };
    },
    FinalizeArtifact(body, token) {
      const name = field(body, "name", "name");
      const pending = live().find(
        (p) => !p.finalized && p.artifact.runBackendId === token.run && p.artifact.name === name,
      );
      if (!pending?.blob) throw new TwirpError(404, "not_found", `no uploaded blob for artifact ${name}`);
      if (fault === "finalize") throw new TwirpError(403, "permission_denied", "finalize refused");
      const digest = `sha256:${createHash("sha256").update(pending.blob.bytes).digest("hex")}`;
      if (
        field(body, "size", "size") !== String(pending.blob.bytes.length) ||
        field(body, "hash", "hash") !== digest
      ) {
        throw new TwirpError(400, "invalid_argument", "size or hash does not match the uploaded blob");
      }
      pending.finalized = {
        ...pending.artifact,
        bytes: pending.blob.bytes,
        size: pending.blob.bytes.length,
        digest,
        contentType: pending.blob.contentType,
      };
      return { ok: true, artifact_id: String(pending.artifact.id) };
    },
    ListArtifacts(body, token) {
      const name = field(body, "name_filter", "nameFilter");
      const id = field(body, "id_filter", "idFilter");
      const found = live().flatMap((p) =>
        p.finalized &&
        p.finalized.runBackendId === token.run &&
        (name === undefined || p.finalized.name === name) &&
        (id === undefined || String(p.finalized.id) === id)
          ? [p.finalized]
          : [],
      );
      return {
        artifacts: found.map((a) => ({
          workflow_run_backend_id: a.runBackendId,
          workflow_job_run_backend_id: a.jobBackendId,
          database_id: String(a.id),
          name: a.name,
          size: String(a.size),
          created_at: a.createdAt,
          digest: a.digest,
        })),
      };
    },
    GetSignedArtifactURL(body) {
      const entry = [...uploads.entries()].find(([, p]) => p.finalized && matches(p.finalized, body));
      if (!entry) throw new TwirpError(404, "not_found", "artifact not found");
      return { signed_url: blobUrl(entry[0], entry[1].artifact, "r") };
    },
    DeleteArtifact(body) {
      const entry = [...uploads.entries()].find(([, p]) => p.finalized && matches(p.finalized, body));
      if (!entry?.[1].finalized) throw new TwirpError(404, "not_found", "artifact not found");
      uploads.delete(entry[0]);
      removed.push(entry[1].finalized);
      return { ok: true, artifact_id: String(entry[1].finalized.id) };
    },
  };

  /** Azurite's path style (`/<account>/<container>/<blob>`), which the blob SDK requires for an IP host. */
  function blobUrl(key: string, artifact: { name: string; mimeType: string }, permissions: string): string {
    const blob = artifact.mimeType === "application/zip" ? `${artifact.name}.zip` : artifact.name;
    return `${origin}${blobPrefix}${key}/${encodeURIComponent(blob)}?sig=${sig}&sp=${permissions}`;
  }

  /** GetSignedArtifactURL and DeleteArtifact name the listed artifact's own ids, not the token's. */
  function matches(artifact: StoredArtifact, body: Record<string, unknown>): boolean {
    return (
      artifact.name === field(body, "name", "name") &&
      artifact.runBackendId === field(body, "workflow_run_backend_id", "workflowRunBackendId") &&
      artifact.jobBackendId === field(body, "workflow_job_run_backend_id", "workflowJobRunBackendId")
    );
  }

  function handleTwirp(req: IncomingMessage, res: ServerResponse, method: string, raw: Buffer) {
    const send = (status: number, value: object) => {
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(value));
    };
    let body: Record<string, unknown> = {};
    const record: ServiceRequest = { route: method, status: 200, authorization: req.headers.authorization };
    requests.push(record);
    try {
      body = raw.length ? JSON.parse(raw.toString("utf8")) : {};
      record.body = body;
      const handler = twirp[method];
      if (req.method !== "POST" || !handler) throw new TwirpError(404, "bad_route", `no route ${method}`);
      const token = idsOfToken(req.headers.authorization);
      if (!token) throw new TwirpError(401, "unauthenticated", "missing or invalid runtime token");
      send(200, handler(body, token));
    } catch (error) {
      const e =
        error instanceof TwirpError ? error : new TwirpError(400, "malformed", (error as Error).message);
      record.status = e.status;
      send(e.status, { code: e.code, msg: e.message });
    }
  }

  function handleBlob(req: IncomingMessage, res: ServerResponse, url: URL, raw: Buffer) {
    const key = url.pathname.slice(blobPrefix.length).split("/")[0] ?? "";
    const pending = uploads.get(key);
    const comp = url.searchParams.get("comp");
    const route = req.method === "GET" ? "GetBlob" : comp === "blocklist" ? "PutBlockList" : "PutBlock";
    const record: ServiceRequest = { route, status: 201, contentType: req.headers["content-type"] };
    requests.push(record);
    const reply = (status: number, headers: Record<string, string> = {}, body?: Buffer) => {
      record.status = status;
      res.writeHead(status, headers).end(body);
    };
    if (!pending || url.searchParams.get("sig") !== sig) return reply(403);
    if (req.method === "GET") {
      const artifact = pending.finalized;
      if (!artifact) return reply(404);
      const headers: Record<string, string> = { "content-type": artifact.contentType };
      if (artifact.contentType !== "application/zip") {
        headers["content-disposition"] = `attachment; filename*=UTF-8''${encodeURIComponent(artifact.name)}`;
      }
      return reply(200, headers, artifact.bytes);
    }
    if (req.method !== "PUT" || pending.finalized) return reply(405);
    if (fault === "blob") return reply(403);
    if (comp === "block") {
      pending.blocks.set(url.searchParams.get("blockid") ?? "", raw);
      return reply(201);
    }
    const contentType = String(req.headers["x-ms-blob-content-type"] ?? "application/octet-stream");
    if (comp === "blocklist") {
      const ids = [...raw.toString("utf8").matchAll(/<(?:Latest|Committed|Uncommitted)>([^<]*)<\//g)].map(
        (m) => m[1] ?? "",
      );
      if (ids.some((id) => !pending.blocks.has(id))) return reply(400);
      pending.blob = { bytes: Buffer.concat(ids.map((id) => pending.blocks.get(id) as Buffer)), contentType };
      return reply(201);
    }
    // Put Blob: the whole body in one request.
    pending.blob = { bytes: raw, contentType: String(req.headers["content-type"] ?? contentType) };
    return reply(201);
  }

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? "/", origin);
    if (url.pathname.startsWith(twirpPrefix)) {
      return handleTwirp(req, res, url.pathname.slice(twirpPrefix.length), raw);
    }
    if (url.pathname.startsWith(blobPrefix)) return handleBlob(req, res, url, raw);
    res.writeHead(404, { "content-type": "application/json" }).end('{"code":"bad_route","msg":"not found"}');
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const runtimeToken = runtimeTokenFor({ run: "run-1", job: "job-1" });

  return {
    resultsUrl: `${origin}/`,
    runtimeToken,
    tokenFor: runtimeTokenFor,
    env: (token = runtimeToken) => ({
      ACTIONS_RUNTIME_TOKEN: token,
      ACTIONS_RESULTS_URL: `${origin}/`,
      NO_PROXY: "127.0.0.1,localhost",
    }),
    artifacts: () => live().flatMap((p) => (p.finalized ? [p.finalized] : [])),
    deleted: () => [...removed],
    requests,
    failWith(next) {
      fault = next;
    },
    close: async () => {
      // The Azure pipeline keeps its connections alive; close them or close() waits for the idle timeout.
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface ZipEntry {
  name: string;
  /** 0: stored, 8: deflated. */
  method: number;
  bytes: Buffer;
}

/**
 * The file entries of a zip: a small reader of the central directory (a streamed zip carries its sizes there,
 * not in the local headers), for stored (method 0) and deflated (method 8) entries.
 */
export function readZip(zip: Buffer): ZipEntry[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error("not a zip: no end of central directory record");
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`bad central directory entry at ${at}`);
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const localHeader = zip.readUInt32LE(at + 42);
    const name = zip.toString("utf8", at + 46, at + 46 + nameLength);
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    if (name.endsWith("/")) continue;
    const start = localHeader + 30 + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28);
    const data = zip.subarray(start, start + compressedSize);
    if (method !== 0 && method !== 8) throw new Error(`zip entry ${name}: unsupported method ${method}`);
    entries.push({ name, method, bytes: method === 0 ? Buffer.from(data) : inflateRawSync(data) });
  }
  return entries;
}

/** A zip's files by name. */
export function unzip(zip: Buffer): Map<string, Buffer> {
  return new Map(readZip(zip).map((e) => [e.name, e.bytes]));
}
