/**
 * Deterministic result files, of two sorts. By default a file is real media built from the task
 * (real-media.ts): a PNG, WAV or MP4 that opens in a viewer or player. When a scenario sets `fileBytes`, the
 * bytes are instead an AES-128-CTR keystream keyed by the task id, with a plausible magic header laid over the
 * start: CTR mode gives random access (a Range request starts the keystream at any block) and runs at memory
 * speed, so files of hundreds of MB stream without being built. Either way the same task always yields the
 * same bytes and sha256.
 */
import { createCipheriv, createHash } from "node:crypto";
import { Readable } from "node:stream";
import { crc32 } from "node:zlib";
import type { MediaKind } from "./scenario.ts";

/** A file of a size the scenario chose, made of keystream bytes behind a magic header. */
export interface SyntheticFile {
  /** Seeds the bytes: the task id. */
  seed: string;
  kind: MediaKind;
  bytes: number;
}

/** A real media file, built whole in memory (they are small). */
export interface RealFile {
  kind: MediaKind;
  bytes: number;
  content: Buffer;
  contentType: string;
  /** Decorates the result URL's last segment, as a CDN's would. */
  extension: string;
}

export type MediaFile = SyntheticFile | RealFile;

function isReal(file: MediaFile): file is RealFile {
  return "content" in file;
}

const realTypes: Record<MediaKind, readonly [string, string]> = {
  video: ["video/mp4", "mp4"],
  image: ["image/png", "png"],
  audio: ["audio/wav", "wav"],
};

export function realFile(kind: MediaKind, content: Buffer): RealFile {
  const [contentType, extension] = realTypes[kind];
  return { kind, bytes: content.length, content, contentType, extension };
}

const contentTypes: Record<MediaKind, string> = {
  video: "video/mp4",
  image: "image/png",
  audio: "audio/mpeg",
};

const extensions: Record<MediaKind, string> = { video: "mp4", image: "png", audio: "mp3" };

export function contentTypeOf(file: MediaFile): string {
  return isReal(file) ? file.contentType : contentTypes[file.kind];
}

/** The last segment of a result URL: only decorative, the file route ignores it. */
export function fileNameOf(file: MediaFile): string {
  return `result.${isReal(file) ? file.extension : extensions[file.kind]}`;
}

function pngHeader(): Buffer {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(1024, 0); // width
  ihdr.writeUInt32BE(1024, 4); // height
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, deflate, no filter, no interlace
  const type = Buffer.from("IHDR", "latin1");
  const length = Buffer.alloc(4);
  length.writeUInt32BE(ihdr.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([type, ihdr])));
  return Buffer.concat([signature, length, type, ihdr, crc]);
}

function mp4Header(): Buffer {
  const box = Buffer.alloc(32);
  box.writeUInt32BE(32, 0);
  box.write("ftypisom", 4, "latin1");
  box.writeUInt32BE(0x200, 12); // minor version
  box.write("isomiso2avc1mp41", 16, "latin1");
  return box;
}

function mp3Header(): Buffer {
  // An empty ID3v2.4 tag, then the sync word of an MPEG-1 Layer III frame (128 kbit/s, 44.1 kHz).
  return Buffer.from([0x49, 0x44, 0x33, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xfb, 0x90, 0x64]);
}

const headers: Record<MediaKind, Buffer> = { video: mp4Header(), image: pngHeader(), audio: mp3Header() };

export function magicHeaderOf(kind: MediaKind): Buffer {
  return headers[kind];
}

const chunkBytes = 64 * 1024;
const zeros = Buffer.alloc(chunkBytes);

/** A keystream positioned at byte `offset` of the file. */
function keystreamAt(seed: string, offset: number) {
  const key = createHash("sha256").update(`genmedia-simulator:${seed}`).digest().subarray(0, 16);
  const iv = Buffer.alloc(16);
  iv.writeBigUInt64BE(BigInt(Math.floor(offset / 16)), 8);
  const cipher = createCipheriv("aes-128-ctr", key, iv);
  cipher.update(zeros.subarray(0, offset % 16));
  return cipher;
}

/** Bytes [position, position + length) of the file, produced by `cipher` positioned at `position`. */
function nextChunk(
  file: SyntheticFile,
  cipher: ReturnType<typeof keystreamAt>,
  position: number,
  length: number,
) {
  const chunk = cipher.update(zeros.subarray(0, length));
  const header = headers[file.kind];
  if (position < header.length) {
    header.copy(chunk, 0, position, Math.min(header.length, position + length));
  }
  return chunk;
}

/** Streams bytes `start..end` (inclusive) of the file, 64 KiB at a time, honouring back-pressure. */
export function mediaStream(file: MediaFile, start = 0, end = file.bytes - 1): Readable {
  if (isReal(file)) return Readable.from([file.content.subarray(start, end + 1)]);
  const cipher = keystreamAt(file.seed, start);
  let position = start;
  return new Readable({
    read() {
      if (position > end) {
        this.push(null);
        return;
      }
      const length = Math.min(chunkBytes, end - position + 1);
      const chunk = nextChunk(file, cipher, position, length);
      position += length;
      this.push(chunk);
    },
  });
}

/** The whole file in memory: for tests and small files only. */
export function mediaBytes(file: MediaFile): Buffer {
  if (isReal(file)) return file.content;
  const cipher = keystreamAt(file.seed, 0);
  const parts: Buffer[] = [];
  for (let position = 0; position < file.bytes; position += chunkBytes) {
    parts.push(nextChunk(file, cipher, position, Math.min(chunkBytes, file.bytes - position)));
  }
  return Buffer.concat(parts, file.bytes);
}

/** The sha256 (hex) of the file, computed without holding it in memory. */
export function mediaSha256(file: MediaFile): string {
  if (isReal(file)) return createHash("sha256").update(file.content).digest("hex");
  const cipher = keystreamAt(file.seed, 0);
  const hash = createHash("sha256");
  for (let position = 0; position < file.bytes; position += chunkBytes) {
    hash.update(nextChunk(file, cipher, position, Math.min(chunkBytes, file.bytes - position)));
  }
  return hash.digest("hex");
}

export type ByteRange = { start: number; end: number } | "unsatisfiable";

/**
 * Parses a `Range` header for a file of `size` bytes. Returns undefined when the whole file should be sent
 * (no header, another unit, several ranges or a malformed value: RFC 9110 lets a server ignore those).
 */
export function parseRange(header: string | undefined, size: number): ByteRange | undefined {
  const match = header === undefined ? null : /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (match === null) return undefined;
  const [, first = "", last = ""] = match;
  if (first === "" && last === "") return undefined;
  if (first === "") {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return "unsatisfiable";
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  if (last !== "" && Number(last) < start) return undefined;
  if (start >= size) return "unsatisfiable";
  return { start, end: last === "" ? size - 1 : Math.min(Number(last), size - 1) };
}

/** A small SubRip file for SoundClone's `subtitleFile`. */
export function subtitleText(text: string): string {
  const line = text.replace(/<#[\d.]+#>/g, " ").trim() || "…";
  return `1\n00:00:00,000 --> 00:00:05,000\n${line}\n`;
}
