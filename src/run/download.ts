import { createHash, type Hash } from "node:crypto";
import { type FileHandle, rename, rm } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import type { Dispatcher } from "undici";
import { type BackoffOptions, idempotentRetry, type RetryPolicyOptions } from "../api/backoff.ts";
import { discard, readBounded } from "../api/bounded-body.ts";
import { Transport } from "../api/transport.ts";
import type { MediaKind } from "../models/family.ts";
import { createExclusive, temporaryNameFor, writeFileAtomic } from "../safe-fs.ts";
import { mediaTypeOf, subtitleTypeOf } from "./media-type.ts";
import { Scavenger } from "./scavenger.ts";

export interface DownloadedFile {
  /** Absolute path of the final file. */
  absolutePath: string;
  bytes: number;
  sha256: string;
  contentType: string;
}

/** An error page is only ever shown as a short preview: a few KiB are read of it, never the whole. */
const errorPreviewBytes = 4 * 1024;

/**
 * How many times a download starts over from byte 0 when a CDN answers a resuming Range request with
 * the whole file (or a different one): undici's retry cannot splice that, so the file is fetched anew.
 * Not a retry of a failure (the transport's retries come first, inside each start) but a new request for
 * an answer that came whole: it starts at once, with no wait.
 */
const maxRestarts = 2;

/** What a download fetches: a task's media of its kind, or a SoundClone speech task's subtitles. */
export type DownloadKind = MediaKind | "subtitles";

/** Subtitles of a speech of at most 10,000 characters are a few KiB; a larger answer is not subtitles. */
const maxSubtitleBytes = 16 * 1024 * 1024;

export class DownloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DownloadError";
  }
}

export interface DownloaderOptions {
  connections?: number;
  requestTimeoutMs?: number;
  maxBytes?: number;
  /** Retries of a failed or interrupted download; the default waits up to 0.5, 1, 2, 4, 8 s (full jitter). */
  backoff?: BackoffOptions;
  /** No retry whose wait would end past it. */
  deadline?: RetryPolicyOptions["deadline"];
  /** Frees written chunks while downloads stream; one per process. */
  scavenger?: Scavenger;
}

const processScavenger = new Scavenger();
const downloadBackoff: BackoffOptions = { baseMs: 500, capMs: 10_000, maxRetries: 5 };

/**
 * Streams result files to disk. Result URLs are public CDN links: no Authorization header is ever sent,
 * so the key cannot leak to a third party, even through a redirect.
 */
export class Downloader {
  private readonly transport: Transport;
  private readonly dispatcher: Dispatcher;
  private readonly maxBytes: number;
  private readonly scavenger: Scavenger;

  constructor(options: DownloaderOptions = {}) {
    this.scavenger = options.scavenger ?? processScavenger;
    this.transport = new Transport({
      connections: options.connections ?? 8,
      timeoutMs: options.requestTimeoutMs ?? 60_000,
    });
    // RetryAgent resumes an interrupted body with a Range request instead of starting over; when to retry
    // is ours, as for the API's polls (a CDN's 429 does not pause the API's requests, though).
    // The transient codes include timeouts, which undici's defaults leave out: a CDN that stalls once must
    // not fail the task.
    this.dispatcher = this.transport.retrying({
      methods: ["GET"],
      ...idempotentRetry,
      backoff: options.backoff ?? downloadBackoff,
      deadline: options.deadline,
      redirects: 5,
    });
    this.maxBytes = options.maxBytes ?? 2 * 1024 ** 3;
  }

  /** Downloads `url` to `<dir>/<stem><ext>`; the final path only ever holds a complete, hashed file. */
  async download(
    url: string,
    dir: string,
    stem: string,
    kind: DownloadKind,
    signal?: AbortSignal,
  ): Promise<DownloadedFile> {
    if (!/^https?:\/\//i.test(url))
      throw new DownloadError(`the result URL is not http(s): ${url.slice(0, 100)}`);
    // Each attempt hashes and counts from byte 0 into a fresh `.part`, so a restart leaves exactly the file.
    for (let restarts = 0; ; restarts++) {
      try {
        return await this.fetchOnce(url, dir, stem, kind, signal);
      } catch (error) {
        if (!(error instanceof ResumeRefusedError) || restarts >= maxRestarts || signal?.aborted) {
          throw error instanceof ResumeRefusedError
            ? new DownloadError(`downloading the result failed: ${error.message}`)
            : error;
        }
      }
    }
  }

  private async fetchOnce(
    url: string,
    dir: string,
    stem: string,
    kind: DownloadKind,
    signal?: AbortSignal,
  ): Promise<DownloadedFile> {
    let response: Dispatcher.ResponseData;
    try {
      response = await this.dispatcher.request({ ...splitUrl(url), method: "GET", signal });
    } catch (error) {
      throw asDownloadError(error);
    }
    const status = response.statusCode;
    if (status !== 200) {
      await response.body.dump({ limit: errorPreviewBytes }).catch(() => undefined);
      if (status === 403 || status === 404 || status === 410) {
        throw new DownloadError(
          `the result URL answered HTTP ${status}: it has expired (result URLs last about 24 hours) or was never valid`,
        );
      }
      throw new DownloadError(`downloading the result failed with HTTP ${status}`);
    }
    const header = response.headers["content-type"];
    const contentType = Array.isArray(header) ? header[0] : header;
    const type =
      kind === "subtitles" ? subtitleTypeOf(contentType, url) : mediaTypeOf(contentType, url, kind);
    // Error pages come as HTML, JSON or plain text, and a CDN may serve anything else (XML, scripts, PDF):
    // none of them is a generated file.
    if (!type.media) {
      const page = await readPreview(response.body, errorPreviewBytes);
      throw new DownloadError(
        `the ${kind === "subtitles" ? "subtitle" : "result"} URL returned ${type.contentType || "an unknown type"} instead of ${kind === "subtitles" ? "subtitles" : "media"}: ${page.slice(0, 200)}`,
      );
    }
    const maxBytes = kind === "subtitles" ? Math.min(this.maxBytes, maxSubtitleBytes) : this.maxBytes;
    const declared = Number(response.headers["content-length"]);
    if (Number.isFinite(declared) && declared > maxBytes) {
      discard(response.body);
      throw new DownloadError(`the result is ${declared} bytes, over the ${maxBytes}-byte download limit`);
    }
    const finalPath = fileIn(dir, stem, type.extension);
    // A fresh name, created exclusively; the rename replaces whatever is at the final name (a planted
    // link included) instead of writing through it.
    const temporary = temporaryNameFor(finalPath);
    const hash = createHash("sha256");
    let bytes = 0;
    try {
      bytes = await saveBody(response.body, temporary, hash, maxBytes, this.scavenger);
      if (Number.isFinite(declared) && declared !== bytes) {
        throw new DownloadError(`the download was cut short: got ${bytes} of ${declared} bytes`);
      }
      if (bytes === 0) throw new DownloadError("the result URL returned an empty file");
      await rename(temporary, finalPath);
    } catch (error) {
      await rm(temporary, { force: true });
      throw asDownloadError(error);
    }
    return { absolutePath: finalPath, bytes, sha256: hash.digest("hex"), contentType: type.contentType };
  }

  /** Writes a text answer to `<dir>/<stem>.md`, the same way: a temporary name, then a rename. */
  async saveText(text: string, dir: string, stem: string): Promise<DownloadedFile> {
    const finalPath = fileIn(dir, stem, ".md");
    const content = Buffer.from(text.endsWith("\n") ? text : `${text}\n`, "utf8");
    await writeFileAtomic(finalPath, content);
    return {
      absolutePath: finalPath,
      bytes: content.length,
      sha256: createHash("sha256").update(content).digest("hex"),
      contentType: "text/markdown",
    };
  }

  async close(): Promise<void> {
    await this.transport.close();
  }
}

/**
 * Meters, hashes and writes each chunk in one loop rather than through a Transform and a write stream: fewer
 * hops per chunk, and the point where a chunk becomes garbage is the loop's own (see scavenger.ts).
 * The request's signal destroys the body, which ends the loop.
 */
async function saveBody(
  body: Readable,
  file: string,
  hash: Hash,
  maxBytes: number,
  scavenger: Scavenger,
): Promise<number> {
  let bytes = 0;
  let handle: FileHandle;
  try {
    handle = await createExclusive(file);
  } catch (error) {
    discard(body);
    throw error;
  }
  scavenger.streamOpened();
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (bytes > maxBytes) throw new DownloadError(`the result is over the ${maxBytes}-byte download limit`);
      hash.update(chunk);
      // write(2) may take part of a chunk (a full disk, a signal); what it left is written next.
      for (let offset = 0; offset < chunk.length; ) {
        offset += (await handle.write(chunk, offset)).bytesWritten;
      }
      scavenger.chunkWritten(chunk.length);
    }
  } finally {
    scavenger.streamClosed();
    await handle.close();
  }
  return bytes;
}

/** A resume (Range request) the CDN did not honour: the whole file must be fetched again. */
class ResumeRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ResumeRefusedError";
  }
}

/**
 * undici's RetryAgent gives up with UND_ERR_REQ_RETRY when the answer to its Range request cannot be
 * spliced onto what was read: a 200 with the whole body, or a different range, length or ETag. Its
 * other UND_ERR_REQ_RETRY ("Request failed") is a plain HTTP failure.
 */
function asDownloadError(error: unknown): Error {
  if (error instanceof DownloadError) return error;
  const e = error as { code?: string; message?: string };
  if (e.code === "UND_ERR_REQ_RETRY" && e.message !== "Request failed") {
    return new ResumeRefusedError(`the CDN did not resume the download where it broke off (${e.message})`);
  }
  return new DownloadError(`downloading the result failed: ${e.message ?? String(error)}`);
}

/** Up to `limit` bytes of an answer as text, best effort; the rest is not read (the connection is dropped). */
async function readPreview(body: Readable, limit: number): Promise<string> {
  return (await readBounded(body, limit).catch(() => ({ text: "" }))).text;
}

function splitUrl(url: string): { origin: string; path: string } {
  const parsed = new URL(url);
  return { origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` };
}

/**
 * `<dir>/<stem><extension>`, where the stem is one plain name: a stem that came from an edited record with a
 * separator or a dot-only name in it would otherwise place the file outside `dir`.
 */
function fileIn(dir: string, stem: string, extension: string): string {
  if (stem === "" || stem === "." || stem === ".." || /[/\\\0]/.test(stem)) {
    throw new DownloadError(`"${stem}" cannot name a file: it is not one plain file name`);
  }
  return path.join(dir, `${stem}${extension}`);
}
