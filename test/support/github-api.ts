/**
 * A local stand-in for the parts of GitHub's REST API that the action's GitHub delivery uses, so the real
 * `@actions/github` Octokit can run against 127.0.0.1 (point GITHUB_API_URL at `url`; see
 * /work/shared/notes/artifact-and-github-fakes.md section 3):
 *
 * - identity: `POST /graphql` (`viewer { login }`), `GET /user` (refused for an installation token such
 *   as GITHUB_TOKEN, as GitHub does);
 * - issue comments: list (paginated, with `Link` headers), create, update, delete;
 * - git data: get ref, create ref, update ref (refusing a non-fast-forward), get commit, create blob,
 *   tree (with `base_tree`) and commit;
 * - releases: by tag (never a draft, as on GitHub), list, by id, list assets, delete asset, and the asset
 *   upload on the `upload_url` each release names, which points back here.
 *
 * State is in memory and inspectable (comments, branches and their files, releases and their assets). Every
 * request is recorded. Faults: a read-only token (403 on every write), immutable published releases (422),
 * a barrier that holds the first N requests of a route until all N arrived (to make two runs race), delays,
 * and one-off failures of a route.
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type GitHubRoute =
  | "graphql"
  | "getUser"
  | "listComments"
  | "createComment"
  | "updateComment"
  | "deleteComment"
  | "getRef"
  | "createRef"
  | "updateRef"
  | "getCommit"
  | "createBlob"
  | "createTree"
  | "createCommit"
  | "getReleaseByTag"
  | "listReleases"
  | "getRelease"
  | "listReleaseAssets"
  | "deleteReleaseAsset"
  | "uploadReleaseAsset"
  | "unknown";

export interface GitHubRequest {
  route: GitHubRoute;
  method: string;
  /** Path and query, as received. */
  path: string;
  status: number;
  token?: string;
  /** Parsed JSON; for an upload, its size and content type instead. */
  body?: unknown;
  contentType?: string;
  /** The JSON answered. */
  response?: unknown;
}

export interface StoredComment {
  id: number;
  issue: number;
  body: string;
  login: string;
  createdAt: string;
  updatedAt: string;
}

export interface StoredAsset {
  id: number;
  name: string;
  label: string;
  contentType: string;
  bytes: Buffer;
  state: "uploaded" | "starter";
}

export interface StoredRelease {
  id: number;
  tag: string;
  draft: boolean;
  prerelease: boolean;
  immutable: boolean;
  assets: StoredAsset[];
}

export interface StoredCommit {
  sha: string;
  tree: string;
  parents: string[];
  message: string;
}

export interface GitHubApiOptions {
  /** `owner/repo` that routes answer for (others: 404). Default "octo/genmedia-test". */
  repository?: string;
  /** The identity every token acts as. Default "github-actions[bot]". */
  login?: string;
  /** An installation token (as GITHUB_TOKEN is): `GET /user` is refused. Default true. */
  installation?: boolean;
  /** 403 on every write, as for a read-only GITHUB_TOKEN. Default false. */
  readOnly?: boolean;
  /** Answer GraphQL `viewer`. Default true; false answers 404, to exercise the REST fallback. */
  graphql?: boolean;
}

export interface GitHubApi {
  /** What GITHUB_API_URL should be. */
  url: string;
  /** GITHUB_API_URL and NO_PROXY, for a child process. */
  env(): Record<string, string>;
  requests: GitHubRequest[];
  /** The routes of the recorded requests, in order. */
  routes(): GitHubRoute[];
  setReadOnly(readOnly: boolean): void;
  /** Holds the next `count` requests of `route` until all `count` have arrived (or 10 s passed). */
  hold(route: GitHubRoute, count: number): void;
  /** Delays every request of `route`. */
  delay(route: GitHubRoute, ms: number): void;
  /** The next `times` requests of `route` answer `status` with `message`. */
  failNext(route: GitHubRoute, status: number, message?: string, times?: number): void;
  comments(issue?: number): StoredComment[];
  addComment(comment: { issue: number; body: string; login: string }): StoredComment;
  addRelease(release: {
    tag: string;
    draft?: boolean;
    prerelease?: boolean;
    immutable?: boolean;
  }): StoredRelease;
  releases(): StoredRelease[];
  /** Adds an asset as an earlier upload would have. */
  addAsset(releaseId: number, asset: { name: string; bytes: Buffer; contentType?: string }): StoredAsset;
  /** A `release` event payload for a stored release, its `upload_url` pointing here. */
  releaseEvent(releaseId: number, action?: string): Record<string, unknown>;
  /** A `pull_request` event payload; `fork` names the head repository of a pull request from a fork. */
  pullRequestEvent(pr: { number: number; headSha?: string; fork?: string }): Record<string, unknown>;
  /** Creates or moves a branch to a new commit holding `files` (on top of the branch when it exists). */
  seedBranch(branch: string, files: Record<string, string | Buffer>): string;
  /** The commit a branch points at. */
  head(branch: string): string | undefined;
  /** The commits of a branch, newest first, following first parents. */
  history(branch: string): StoredCommit[];
  /** Every file of a commit (or of a branch's head), by path. */
  files(branchOrSha: string): Map<string, Buffer>;
  close(): Promise<void>;
}

const readOnlyMessage = "Resource not accessible by integration";

interface Fault {
  status: number;
  message: string;
  times: number;
}

interface Hold {
  remaining: number;
  waiting: (() => void)[];
}

class HttpError extends Error {
  readonly status: number;
  readonly extra: Record<string, unknown>;

  constructor(status: number, message: string, extra: Record<string, unknown> = {}) {
    super(message);
    this.status = status;
    this.extra = extra;
  }
}

const gitSha = (kind: string, bytes: Buffer) =>
  createHash("sha1")
    .update(Buffer.concat([Buffer.from(`${kind} ${bytes.length}\0`), bytes]))
    .digest("hex");

/** GitHub's timestamps have whole seconds, so runs close together tie: order must not rely on them alone. */
const timestamp = () => `${new Date().toISOString().slice(0, 19)}Z`;

export async function startGitHubApi(options: GitHubApiOptions = {}): Promise<GitHubApi> {
  const repository = options.repository ?? "octo/genmedia-test";
  const login = options.login ?? "github-actions[bot]";
  const installation = options.installation ?? true;
  let readOnly = options.readOnly ?? false;
  const requests: GitHubRequest[] = [];
  const holds = new Map<GitHubRoute, Hold>();
  const delays = new Map<GitHubRoute, number>();
  const faults = new Map<GitHubRoute, Fault>();
  const comments: StoredComment[] = [];
  const releases: StoredRelease[] = [];
  const blobs = new Map<string, Buffer>();
  const trees = new Map<string, Map<string, string>>();
  const commits = new Map<string, StoredCommit>();
  const refs = new Map<string, string>();
  let nextId = 1;
  let commitCounter = 0;
  let origin = "";

  const addBlob = (bytes: Buffer): string => {
    const sha = gitSha("blob", bytes);
    blobs.set(sha, bytes);
    return sha;
  };
  const addTree = (entries: Map<string, string>): string => {
    const text = [...entries].sort(([a], [b]) => a.localeCompare(b)).map(([p, s]) => `${p}\0${s}`);
    const sha = gitSha("tree", Buffer.from(text.join("\n")));
    trees.set(sha, new Map(entries));
    return sha;
  };
  const addCommit = (tree: string, parents: string[], message: string): StoredCommit => {
    const body = `${tree}\n${parents.join(",")}\n${message}\n${commitCounter++}`;
    const commit = { sha: gitSha("commit", Buffer.from(body)), tree, parents, message };
    commits.set(commit.sha, commit);
    return commit;
  };
  const isAncestor = (ancestor: string, of: string): boolean => {
    const seen = new Set<string>();
    const queue = [of];
    while (queue.length) {
      const sha = queue.shift() as string;
      if (sha === ancestor) return true;
      if (seen.has(sha)) continue;
      seen.add(sha);
      queue.push(...(commits.get(sha)?.parents ?? []));
    }
    return false;
  };

  const commentJson = (c: StoredComment) => ({
    id: c.id,
    node_id: `IC_${c.id}`,
    body: c.body,
    user: { login: c.login, type: c.login.endsWith("[bot]") ? "Bot" : "User" },
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    html_url: `https://github.com/${repository}/pull/${c.issue}#issuecomment-${c.id}`,
    issue_url: `${origin}/repos/${repository}/issues/${c.issue}`,
    url: `${origin}/repos/${repository}/issues/comments/${c.id}`,
  });
  const assetJson = (release: StoredRelease, a: StoredAsset) => ({
    id: a.id,
    name: a.name,
    label: a.label,
    content_type: a.contentType,
    size: a.bytes.length,
    state: a.state,
    url: `${origin}/repos/${repository}/releases/assets/${a.id}`,
    browser_download_url: `https://github.com/${repository}/releases/download/${encodeURIComponent(release.tag)}/${encodeURIComponent(a.name)}`,
  });
  const releaseJson = (r: StoredRelease) => ({
    id: r.id,
    tag_name: r.tag,
    name: r.tag,
    draft: r.draft,
    prerelease: r.prerelease,
    immutable: r.immutable,
    html_url: `https://github.com/${repository}/releases/tag/${encodeURIComponent(r.tag)}`,
    url: `${origin}/repos/${repository}/releases/${r.id}`,
    assets_url: `${origin}/repos/${repository}/releases/${r.id}/assets`,
    upload_url: `${origin}/repos/${repository}/releases/${r.id}/assets{?name,label}`,
    assets: r.assets.map((a) => assetJson(r, a)),
  });
  const refJson = (name: string, sha: string) => ({
    ref: name,
    node_id: `REF_${name}`,
    url: `${origin}/repos/${repository}/git/${name}`,
    object: { sha, type: "commit", url: `${origin}/repos/${repository}/git/commits/${sha}` },
  });
  const commitJson = (c: StoredCommit) => ({
    sha: c.sha,
    node_id: `C_${c.sha}`,
    url: `${origin}/repos/${repository}/git/commits/${c.sha}`,
    html_url: `https://github.com/${repository}/commit/${c.sha}`,
    message: c.message,
    tree: { sha: c.tree, url: `${origin}/repos/${repository}/git/trees/${c.tree}` },
    parents: c.parents.map((sha) => ({ sha, url: `${origin}/repos/${repository}/git/commits/${sha}` })),
  });
  const releaseById = (id: number): StoredRelease => {
    const release = releases.find((r) => r.id === id);
    if (!release) throw new HttpError(404, "Not Found");
    return release;
  };
  const frozen = (release: StoredRelease) => release.immutable && !release.draft;

  interface Answer {
    status: number;
    body?: unknown;
    headers?: Record<string, string>;
  }

  /** One page of a list, with GitHub's `Link` header pointing at the next. */
  const page = <T>(items: T[], url: URL): Answer => {
    const perPage = Math.min(100, Number(url.searchParams.get("per_page")) || 30);
    const index = Math.max(1, Number(url.searchParams.get("page")) || 1);
    const slice = items.slice((index - 1) * perPage, index * perPage);
    const headers: Record<string, string> = {};
    if (index * perPage < items.length) {
      const next = new URL(url.toString());
      next.searchParams.set("page", String(index + 1));
      next.searchParams.set("per_page", String(perPage));
      headers.link = `<${next.toString()}>; rel="next"`;
    }
    return { status: 200, body: slice, headers };
  };

  const apiPrefix = `/repos/${repository}`;

  function routeOf(method: string, pathname: string): { route: GitHubRoute; params: string[] } {
    if (method === "POST" && pathname === "/graphql") return { route: "graphql", params: [] };
    if (method === "GET" && pathname === "/user") return { route: "getUser", params: [] };
    if (!pathname.startsWith(`${apiPrefix}/`)) return { route: "unknown", params: [] };
    const rest = pathname.slice(apiPrefix.length);
    const table: [string, RegExp, GitHubRoute][] = [
      ["GET", /^\/issues\/(\d+)\/comments$/, "listComments"],
      ["POST", /^\/issues\/(\d+)\/comments$/, "createComment"],
      ["PATCH", /^\/issues\/comments\/(\d+)$/, "updateComment"],
      ["DELETE", /^\/issues\/comments\/(\d+)$/, "deleteComment"],
      ["GET", /^\/git\/ref\/(.+)$/, "getRef"],
      ["POST", /^\/git\/refs$/, "createRef"],
      ["PATCH", /^\/git\/refs\/(.+)$/, "updateRef"],
      ["GET", /^\/git\/commits\/([0-9a-f]+)$/, "getCommit"],
      ["POST", /^\/git\/blobs$/, "createBlob"],
      ["POST", /^\/git\/trees$/, "createTree"],
      ["POST", /^\/git\/commits$/, "createCommit"],
      ["GET", /^\/releases\/tags\/(.+)$/, "getReleaseByTag"],
      ["GET", /^\/releases$/, "listReleases"],
      ["GET", /^\/releases\/(\d+)$/, "getRelease"],
      ["GET", /^\/releases\/(\d+)\/assets$/, "listReleaseAssets"],
      ["DELETE", /^\/releases\/assets\/(\d+)$/, "deleteReleaseAsset"],
      ["POST", /^\/releases\/(\d+)\/assets$/, "uploadReleaseAsset"],
    ];
    for (const [m, pattern, route] of table) {
      const match = m === method ? pattern.exec(rest) : null;
      if (match) return { route, params: match.slice(1).map((p) => decodeURIComponent(p)) };
    }
    return { route: "unknown", params: [] };
  }

  function handle(route: GitHubRoute, params: string[], url: URL, req: IncomingMessage, raw: Buffer): Answer {
    const json = (): Record<string, unknown> => {
      try {
        const value: unknown = JSON.parse(raw.toString("utf8") || "{}");
        return value && typeof value === "object" ? (value as Record<string, unknown>) : {};
      } catch {
        throw new HttpError(400, "Problems parsing JSON");
      }
    };
    const [first = ""] = params;
    switch (route) {
      case "graphql": {
        if (options.graphql === false) throw new HttpError(404, "Not Found");
        const query = String(json().query ?? "");
        if (!/\bviewer\b/.test(query))
          return { status: 200, body: { errors: [{ message: "unsupported query" }] } };
        return { status: 200, body: { data: { viewer: { login } } } };
      }
      case "getUser":
        if (installation) throw new HttpError(403, readOnlyMessage);
        return { status: 200, body: { login, id: 1, type: "User" } };
      case "listComments": {
        const issue = Number(first);
        return page(comments.filter((c) => c.issue === issue).map(commentJson), url);
      }
      case "createComment": {
        const body = String(json().body ?? "");
        if (body.length > 65_536) throw tooLong();
        const now = timestamp();
        const comment = { id: nextId++, issue: Number(first), body, login, createdAt: now, updatedAt: now };
        comments.push(comment);
        return { status: 201, body: commentJson(comment) };
      }
      case "updateComment": {
        const comment = comments.find((c) => c.id === Number(first));
        if (!comment) throw new HttpError(404, "Not Found");
        const body = String(json().body ?? "");
        if (body.length > 65_536) throw tooLong();
        comment.body = body;
        comment.updatedAt = timestamp();
        return { status: 200, body: commentJson(comment) };
      }
      case "deleteComment": {
        const index = comments.findIndex((c) => c.id === Number(first));
        if (index < 0) throw new HttpError(404, "Not Found");
        comments.splice(index, 1);
        return { status: 204 };
      }
      case "getRef": {
        const sha = refs.get(`refs/${first}`);
        if (!sha) throw new HttpError(404, "Not Found");
        return { status: 200, body: refJson(`refs/${first}`, sha) };
      }
      case "createRef": {
        const body = json();
        const ref = String(body.ref ?? "");
        const sha = String(body.sha ?? "");
        if (!/^refs\/.+\/.+/.test(ref)) throw new HttpError(422, "Reference name must start with 'refs/'.");
        if (!commits.has(sha)) throw new HttpError(422, "Object does not exist");
        if (refs.has(ref)) throw new HttpError(422, "Reference already exists");
        refs.set(ref, sha);
        return { status: 201, body: refJson(ref, sha) };
      }
      case "updateRef": {
        const body = json();
        const ref = `refs/${first}`;
        const current = refs.get(ref);
        const sha = String(body.sha ?? "");
        if (!current) throw new HttpError(422, "Reference does not exist");
        if (!commits.has(sha)) throw new HttpError(422, "Object does not exist");
        if (body.force !== true && !isAncestor(current, sha))
          throw new HttpError(422, "Update is not a fast forward");
        refs.set(ref, sha);
        return { status: 200, body: refJson(ref, sha) };
      }
      case "getCommit": {
        const commit = commits.get(first);
        if (!commit) throw new HttpError(404, "Not Found");
        return { status: 200, body: commitJson(commit) };
      }
      case "createBlob": {
        const body = json();
        const encoding = body.encoding === "base64" ? "base64" : "utf8";
        if (typeof body.content !== "string") throw new HttpError(422, "Invalid request: content is missing");
        const sha = addBlob(Buffer.from(body.content, encoding));
        return { status: 201, body: { sha, url: `${origin}/repos/${repository}/git/blobs/${sha}` } };
      }
      case "createTree": {
        const body = json();
        const base = body.base_tree === undefined ? undefined : trees.get(String(body.base_tree));
        if (body.base_tree !== undefined && !base) throw new HttpError(422, "Invalid tree info: base_tree");
        const entries = new Map(base ?? []);
        for (const entry of (body.tree as Record<string, unknown>[] | undefined) ?? []) {
          const path = String(entry.path ?? "");
          if (!path || path.startsWith("/") || path.split("/").some((part) => part === "" || part === "..")) {
            throw new HttpError(422, `Invalid tree info: path ${path}`);
          }
          if (entry.sha === null) {
            entries.delete(path);
            continue;
          }
          const sha =
            typeof entry.content === "string" ? addBlob(Buffer.from(entry.content)) : String(entry.sha);
          if (!blobs.has(sha)) throw new HttpError(422, `Invalid tree info: unknown blob ${sha}`);
          entries.set(path, sha);
        }
        const sha = addTree(entries);
        return {
          status: 201,
          body: {
            sha,
            truncated: false,
            tree: [...entries].map(([path, blob]) => ({ path, mode: "100644", type: "blob", sha: blob })),
          },
        };
      }
      case "createCommit": {
        const body = json();
        const tree = String(body.tree ?? "");
        const parents = ((body.parents as unknown[] | undefined) ?? []).map(String);
        if (!trees.has(tree)) throw new HttpError(422, "Tree SHA does not exist");
        if (parents.some((p) => !commits.has(p))) throw new HttpError(422, "Parent SHA does not exist");
        return { status: 201, body: commitJson(addCommit(tree, parents, String(body.message ?? ""))) };
      }
      case "getReleaseByTag": {
        // GitHub never finds a draft by its tag: a draft is not tied to the tag until it is published.
        const release = releases.find((r) => r.tag === first && !r.draft);
        if (!release) throw new HttpError(404, "Not Found");
        return { status: 200, body: releaseJson(release) };
      }
      case "listReleases":
        return page([...releases].reverse().map(releaseJson), url);
      case "getRelease":
        return { status: 200, body: releaseJson(releaseById(Number(first))) };
      case "listReleaseAssets": {
        const release = releaseById(Number(first));
        return page(
          release.assets.map((a) => assetJson(release, a)),
          url,
        );
      }
      case "deleteReleaseAsset": {
        const release = releases.find((r) => r.assets.some((a) => a.id === Number(first)));
        if (!release) throw new HttpError(404, "Not Found");
        if (frozen(release)) throw new HttpError(422, "Cannot delete assets from an immutable release.");
        release.assets = release.assets.filter((a) => a.id !== Number(first));
        return { status: 204 };
      }
      case "uploadReleaseAsset": {
        const release = releaseById(Number(first));
        const name = url.searchParams.get("name") ?? "";
        const contentType = String(req.headers["content-type"] ?? "");
        if (!name) throw new HttpError(422, "Validation Failed: name is missing");
        if (!contentType) throw new HttpError(422, "Validation Failed: Content-Type is missing");
        if (frozen(release)) throw new HttpError(422, "Cannot upload assets to an immutable release.");
        if (release.assets.some((a) => a.name === name)) {
          throw new HttpError(422, "Validation Failed", {
            errors: [{ resource: "ReleaseAsset", code: "already_exists", field: "name" }],
          });
        }
        const asset: StoredAsset = {
          id: nextId++,
          name,
          label: url.searchParams.get("label") ?? "",
          contentType,
          bytes: raw,
          state: "uploaded",
        };
        release.assets.push(asset);
        return { status: 201, body: assetJson(release, asset) };
      }
      case "unknown":
        throw new HttpError(404, "Not Found");
    }
  }

  const tooLong = () =>
    new HttpError(422, "Validation Failed", {
      errors: [
        {
          resource: "IssueComment",
          code: "custom",
          field: "body",
          message: "body is too long (maximum is 65536 characters)",
        },
      ],
    });

  const passHold = async (route: GitHubRoute): Promise<void> => {
    const hold = holds.get(route);
    if (!hold || hold.remaining === 0) return;
    hold.remaining--;
    await new Promise<void>((resolve) => {
      hold.waiting.push(resolve);
      if (hold.remaining === 0) for (const release of hold.waiting.splice(0)) release();
      else setTimeout(resolve, 10_000).unref();
    });
  };

  const server = createServer(async (req, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const method = req.method ?? "GET";
    const url = new URL(req.url ?? "/", origin);
    const { route, params } = routeOf(method, url.pathname);
    const token = /^(?:token|bearer) (.+)$/i.exec(String(req.headers.authorization ?? ""))?.[1];
    const contentType = req.headers["content-type"];
    let body: unknown;
    if (route === "uploadReleaseAsset") body = { bytes: raw.length, contentType };
    else if (raw.length) {
      try {
        body = JSON.parse(raw.toString("utf8"));
      } catch {
        body = raw.toString("utf8");
      }
    }
    const record: GitHubRequest = {
      route,
      method,
      path: req.url ?? "/",
      status: 0,
      token,
      body,
      contentType,
    };
    requests.push(record);
    let answer: Answer;
    try {
      await passHold(route);
      const wait = delays.get(route);
      if (wait) await new Promise((resolve) => setTimeout(resolve, wait));
      if (!token) throw new HttpError(401, "Requires authentication");
      const fault = faults.get(route);
      if (fault && fault.times > 0) {
        fault.times--;
        throw new HttpError(fault.status, fault.message);
      }
      const write = method !== "GET" && route !== "graphql";
      if (readOnly && write) throw new HttpError(403, readOnlyMessage);
      answer = handle(route, params, url, req, raw);
    } catch (error) {
      const status = error instanceof HttpError ? error.status : 500;
      const extra = error instanceof HttpError ? error.extra : {};
      answer = {
        status,
        body: {
          message: error instanceof Error ? error.message : String(error),
          ...extra,
          documentation_url: "https://docs.github.com/rest",
          status: String(status),
        },
      };
    }
    record.status = answer.status;
    record.response = answer.body;
    if (answer.status === 204 || answer.body === undefined) {
      res.writeHead(answer.status, answer.headers).end();
      return;
    }
    res
      .writeHead(answer.status, { "content-type": "application/json; charset=utf-8", ...answer.headers })
      .end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const commitOf = (branchOrSha: string): StoredCommit | undefined =>
    commits.get(refs.get(`refs/heads/${branchOrSha}`) ?? branchOrSha);

  return {
    url: origin,
    env: () => ({ GITHUB_API_URL: origin, NO_PROXY: "127.0.0.1,localhost" }),
    requests,
    routes: () => requests.map((r) => r.route),
    setReadOnly(value) {
      readOnly = value;
    },
    hold(route, count) {
      holds.set(route, { remaining: count, waiting: [] });
    },
    delay(route, ms) {
      delays.set(route, ms);
    },
    failNext(route, status, message = "Server Error", times = 1) {
      faults.set(route, { status, message, times });
    },
    comments: (issue) =>
      comments.filter((c) => issue === undefined || c.issue === issue).map((c) => ({ ...c })),
    addComment(comment) {
      const now = timestamp();
      const stored = { id: nextId++, ...comment, createdAt: now, updatedAt: now };
      comments.push(stored);
      return { ...stored };
    },
    addRelease(release) {
      const stored: StoredRelease = {
        id: nextId++,
        tag: release.tag,
        draft: release.draft ?? false,
        prerelease: release.prerelease ?? false,
        immutable: release.immutable ?? false,
        assets: [],
      };
      releases.push(stored);
      return stored;
    },
    releases: () => releases,
    addAsset(releaseId, asset) {
      const stored: StoredAsset = {
        id: nextId++,
        name: asset.name,
        label: "",
        contentType: asset.contentType ?? "application/octet-stream",
        bytes: asset.bytes,
        state: "uploaded",
      };
      releaseById(releaseId).assets.push(stored);
      return stored;
    },
    releaseEvent(releaseId, action = "published") {
      const release = releaseById(releaseId);
      return {
        action,
        release: releaseJson(release),
        repository: {
          full_name: repository,
          name: repository.split("/")[1],
          owner: { login: repository.split("/")[0] },
        },
      };
    },
    pullRequestEvent(pr) {
      const base = { full_name: repository };
      return {
        action: "synchronize",
        number: pr.number,
        pull_request: {
          number: pr.number,
          head: {
            sha: pr.headSha ?? "a".repeat(40),
            ref: "feature",
            repo: { full_name: pr.fork ?? repository },
          },
          base: { sha: "b".repeat(40), ref: "main", repo: base },
        },
        repository: { ...base, name: repository.split("/")[1], owner: { login: repository.split("/")[0] } },
      };
    },
    seedBranch(branch, files) {
      const ref = `refs/heads/${branch}`;
      const parent = refs.get(ref);
      const entries = new Map(parent ? trees.get(commits.get(parent)?.tree ?? "") : []);
      for (const [path, content] of Object.entries(files)) entries.set(path, addBlob(Buffer.from(content)));
      const commit = addCommit(addTree(entries), parent ? [parent] : [], `seed ${branch}`);
      refs.set(ref, commit.sha);
      return commit.sha;
    },
    head: (branch) => refs.get(`refs/heads/${branch}`),
    history(branch) {
      const out: StoredCommit[] = [];
      for (let c = commitOf(branch); c; c = c.parents[0] ? commits.get(c.parents[0]) : undefined) out.push(c);
      return out;
    },
    files(branchOrSha) {
      const commit = commitOf(branchOrSha);
      const tree = commit ? trees.get(commit.tree) : undefined;
      return new Map(
        [...(tree ?? [])].map(([path, sha]) => [path, blobs.get(sha) ?? Buffer.alloc(0)] as const),
      );
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
