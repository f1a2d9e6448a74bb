/**
 * The simulator's default result files are real media: the demo's files open in an image viewer and a media
 * player. Decoders here are written from the formats' specifications (PNG: RFC 2083 / ISO 15948; WAV: RIFF;
 * MP4: ISO 14496-12/-15; H.264 SPS: Rec. H.264 §7.3.2.1) with node:zlib, not with the simulator's encoders.
 * No ffprobe or ffmpeg exists on this machine, so the video is checked structurally: its box tree, its codec
 * configuration and its sample tables against the bytes of `mdat`.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { crc32, inflateSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { imageSizeOf, maxImagePixels, realMediaOf } from "../../simulator/real-media.ts";
import type { Scenario } from "../../simulator/scenario.ts";
import { type Simulator, startSimulator } from "../../simulator/server.ts";
import type { TaskRecord } from "../../src/run/record.ts";
import { makeWorkspace, repoRoot, runAction, type Workspace } from "../support/action-runner.ts";

const apiKey = "real-media-key-51c2";
let simulator: Simulator | undefined;
afterEach(async () => {
  await simulator?.close();
  simulator = undefined;
});

async function simulate(scenario: Scenario = {}): Promise<Simulator> {
  simulator = await startSimulator({
    apiKey,
    timeScale: 1000,
    scenario: {
      latency: { queuedMs: 0, processingMs: { video: 2000, image: 1000, audio: 1000 }, jitter: 0 },
      ...scenario,
    },
  });
  return simulator;
}

async function run(sim: Simulator, ws: Workspace, manifest: string) {
  const result = await runAction(ws, {
    "api-key": apiKey,
    "base-url": sim.url,
    manifest,
    "poll-interval": "50ms",
    "artifact-name": "",
  });
  const records = JSON.parse(readFileSync(path.join(ws.dir, "generated-media/results.json"), "utf8"))
    .tasks as TaskRecord[];
  return { result, records };
}

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

// ---------------------------------------------------------------------------------------------
// PNG
// ---------------------------------------------------------------------------------------------

interface Picture {
  width: number;
  height: number;
  /** RGB, row by row. */
  rgb: Buffer;
  text: Record<string, string>;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Decodes an 8-bit RGB or RGBA, non-interlaced PNG, checking every chunk's CRC; RGBA drops its alpha. */
function decodePng(file: Buffer): Picture {
  expect(file.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  const text: Record<string, string> = {};
  let at = 8;
  let ended = false;
  while (at < file.length) {
    const length = file.readUInt32BE(at);
    const type = file.toString("latin1", at + 4, at + 8);
    const data = file.subarray(at + 8, at + 8 + length);
    expect(file.readUInt32BE(at + 8 + length), `CRC of ${type}`).toBe(
      crc32(file.subarray(at + 4, at + 8 + length)),
    );
    if (type === "IHDR") {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      const [depth, colorType, , , interlace] = data.subarray(8);
      expect([depth, interlace]).toEqual([8, 0]);
      channels = colorType === 2 ? 3 : colorType === 6 ? 4 : 0;
      expect(channels, `colour type ${colorType}`).toBeGreaterThan(0);
    } else if (type === "IDAT") {
      idat.push(data);
    } else if (type === "tEXt") {
      const zero = data.indexOf(0);
      text[data.toString("latin1", 0, zero)] = data.toString("latin1", zero + 1);
    } else if (type === "IEND") {
      ended = true;
    }
    at += 12 + length;
  }
  expect(ended).toBe(true);
  expect(at).toBe(file.length);
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  expect(raw.length).toBe(height * (stride + 1));
  const pixels = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x] ?? 0;
      const left = x >= channels ? (pixels[y * stride + x - channels] ?? 0) : 0;
      const up = y > 0 ? (pixels[(y - 1) * stride + x] ?? 0) : 0;
      const upLeft = x >= channels && y > 0 ? (pixels[(y - 1) * stride + x - channels] ?? 0) : 0;
      const predictor = [0, left, up, (left + up) >> 1, paeth(left, up, upLeft)][filter ?? -1];
      if (predictor === undefined) throw new Error(`row ${y}: filter ${filter}`);
      pixels[y * stride + x] = (value + predictor) & 0xff;
    }
  }
  const rgb = Buffer.alloc(width * height * 3);
  for (let i = 0; i < width * height; i++) pixels.copy(rgb, i * 3, i * channels, i * channels + 3);
  return { width, height, rgb, text };
}

function pixel(picture: Picture, x: number, y: number): number[] {
  const at = (y * picture.width + x) * 3;
  return [...picture.rgb.subarray(at, at + 3)];
}

function countWhite(picture: Picture): number {
  let white = 0;
  for (let i = 0; i < picture.rgb.length; i += 3) {
    if (picture.rgb[i] === 255 && picture.rgb[i + 1] === 255 && picture.rgb[i + 2] === 255) white++;
  }
  return white;
}

// ---------------------------------------------------------------------------------------------
// WAV
// ---------------------------------------------------------------------------------------------

function decodeWav(file: Buffer) {
  expect(file.toString("latin1", 0, 4)).toBe("RIFF");
  expect(file.readUInt32LE(4)).toBe(file.length - 8);
  expect(file.toString("latin1", 8, 12)).toBe("WAVE");
  const chunks = new Map<string, Buffer>();
  for (let at = 12; at < file.length; ) {
    const id = file.toString("latin1", at, at + 4);
    const size = file.readUInt32LE(at + 4);
    expect(at + 8 + size, `chunk ${id} fits in the file`).toBeLessThanOrEqual(file.length);
    chunks.set(id, file.subarray(at + 8, at + 8 + size));
    at += 8 + size + (size % 2);
  }
  const format = chunks.get("fmt ");
  const data = chunks.get("data");
  if (format === undefined || data === undefined) throw new Error(`chunks: ${[...chunks.keys()]}`);
  const pcm = format.readUInt16LE(0);
  const channels = format.readUInt16LE(2);
  const sampleRate = format.readUInt32LE(4);
  const byteRate = format.readUInt32LE(8);
  const blockAlign = format.readUInt16LE(12);
  const bits = format.readUInt16LE(14);
  expect({ pcm, channels, bits }).toEqual({ pcm: 1, channels: 1, bits: 16 });
  expect(byteRate).toBe(sampleRate * blockAlign);
  expect(data.length % blockAlign).toBe(0);
  let peak = 0;
  for (let at = 0; at < data.length; at += 2) peak = Math.max(peak, Math.abs(data.readInt16LE(at)));
  return { sampleRate, seconds: data.length / byteRate, peak, chunks };
}

// ---------------------------------------------------------------------------------------------
// MP4 and H.264
// ---------------------------------------------------------------------------------------------

interface Box {
  type: string;
  start: number;
  /** The payload, after the 8-byte header. */
  data: Buffer;
  children: Box[];
}

const containers = new Set(["moov", "trak", "mdia", "minf", "stbl", "dinf", "udta", "edts"]);

function parseBoxes(file: Buffer, from: number, to: number): Box[] {
  const boxes: Box[] = [];
  for (let at = from; at < to; ) {
    const size = file.readUInt32BE(at);
    const type = file.toString("latin1", at + 4, at + 8);
    expect(size, `size of ${type} at ${at}`).toBeGreaterThanOrEqual(8);
    expect(at + size, `${type} at ${at} ends inside its parent`).toBeLessThanOrEqual(to);
    const data = file.subarray(at + 8, at + size);
    boxes.push({
      type,
      start: at,
      data,
      children: containers.has(type) ? parseBoxes(file, at + 8, at + size) : [],
    });
    at += size;
  }
  return boxes;
}

function find(boxes: Box[], trail: string): Box {
  const [first, ...rest] = trail.split("/");
  const box = boxes.find((b) => b.type === first);
  if (box === undefined) throw new Error(`no ${first} box (looking for ${trail})`);
  return rest.length === 0 ? box : find(box.children, rest.join("/"));
}

/** Reads an H.264 RBSP: emulation prevention bytes removed, then bits and Exp-Golomb codes. */
class BitReader {
  private readonly bytes: Buffer;
  private bit = 0;

  constructor(nal: Buffer) {
    const out: number[] = [];
    for (let i = 0; i < nal.length; i++) {
      if (i >= 2 && nal[i] === 3 && nal[i - 1] === 0 && nal[i - 2] === 0) continue;
      out.push(nal[i] ?? 0);
    }
    this.bytes = Buffer.from(out);
  }

  u(count: number): number {
    let value = 0;
    for (let i = 0; i < count; i++, this.bit++) {
      value = value * 2 + (((this.bytes[this.bit >> 3] ?? 0) >> (7 - (this.bit & 7))) & 1);
    }
    return value;
  }

  ue(): number {
    let zeros = 0;
    while (this.u(1) === 0) zeros++;
    return 2 ** zeros - 1 + this.u(zeros);
  }
}

/** The picture size a Baseline SPS (no VUI needed) describes, after cropping. */
function spsSize(sps: Buffer) {
  const r = new BitReader(sps.subarray(1));
  const profile = r.u(8);
  r.u(8); // constraint flags
  r.u(8); // level
  r.ue(); // seq_parameter_set_id
  expect(profile).toBe(66);
  r.ue(); // log2_max_frame_num_minus4
  const pocType = r.ue();
  if (pocType === 0) r.ue();
  expect(pocType === 0 || pocType === 2).toBe(true);
  r.ue(); // max_num_ref_frames
  r.u(1);
  const mbWidth = r.ue() + 1;
  const mbHeight = r.ue() + 1;
  expect(r.u(1)).toBe(1); // frame_mbs_only_flag
  r.u(1);
  let [left, right, top, bottom] = [0, 0, 0, 0];
  if (r.u(1) === 1) [left, right, top, bottom] = [r.ue(), r.ue(), r.ue(), r.ue()];
  return { width: mbWidth * 16 - 2 * (left + right), height: mbHeight * 16 - 2 * (top + bottom) };
}

function checkMp4(file: Buffer) {
  const boxes = parseBoxes(file, 0, file.length);
  const ftyp = find(boxes, "ftyp").data;
  const brands = [ftyp.toString("latin1", 0, 4)];
  for (let at = 8; at < ftyp.length; at += 4) brands.push(ftyp.toString("latin1", at, at + 4));
  expect(brands[0]).toBe("isom");
  expect(brands).toContain("avc1");

  const tkhd = find(boxes, "moov/trak/tkhd").data;
  const trackSize = { width: tkhd.readUInt32BE(76) / 65536, height: tkhd.readUInt32BE(80) / 65536 };
  expect(find(boxes, "moov/trak/mdia/hdlr").data.toString("latin1", 8, 12)).toBe("vide");
  const mdhd = find(boxes, "moov/trak/mdia/mdhd").data;
  const seconds = mdhd.readUInt32BE(16) / mdhd.readUInt32BE(12);

  const stbl = find(boxes, "moov/trak/mdia/minf/stbl");
  const stsd = find(stbl.children, "stsd");
  expect(stsd.data.readUInt32BE(4)).toBe(1);
  // The one sample entry follows stsd's version, flags and entry count.
  const avc1Start = stsd.start + 16;
  const [avc1] = parseBoxes(file, avc1Start, avc1Start + file.readUInt32BE(avc1Start));
  expect(avc1?.type).toBe("avc1");
  const entrySize = { width: avc1?.data.readUInt16BE(24), height: avc1?.data.readUInt16BE(26) };
  const avcCStart = avc1Start + 8 + 78;
  const [avcC] = parseBoxes(file, avcCStart, avc1Start + file.readUInt32BE(avc1Start));
  expect(avcC?.type).toBe("avcC");
  const config = avcC?.data ?? Buffer.alloc(0);
  expect(config[0]).toBe(1); // configurationVersion
  const nalLengthBytes = ((config[4] ?? 0) & 3) + 1;
  expect((config[5] ?? 0) & 0x1f).toBe(1);
  const sps = config.subarray(8, 8 + config.readUInt16BE(6));
  expect((sps[0] ?? 0) & 0x1f).toBe(7);
  const ppsCount = config[8 + sps.length];
  expect(ppsCount).toBe(1);
  const pps = config.subarray(11 + sps.length, 11 + sps.length + config.readUInt16BE(9 + sps.length));
  expect((pps[0] ?? 0) & 0x1f).toBe(8);
  const coded = spsSize(sps);
  expect(coded).toEqual(trackSize);
  expect(entrySize).toEqual(trackSize);

  const table = (name: string) => find(stbl.children, name).data;
  const stts = table("stts");
  const stsz = table("stsz");
  const stsc = table("stsc");
  const stco = table("stco");
  const sampleCount = stsz.readUInt32BE(8);
  expect(stsz.readUInt32BE(4)).toBe(0); // sizes listed one by one
  const sizes = Array.from({ length: sampleCount }, (_, i) => stsz.readUInt32BE(12 + 4 * i));
  let timed = 0;
  for (let i = 0; i < stts.readUInt32BE(4); i++) timed += stts.readUInt32BE(8 + 8 * i);
  expect(timed).toBe(sampleCount);
  // One chunk holding every sample, starting at the first byte of mdat's payload.
  expect(stsc.readUInt32BE(4)).toBe(1);
  expect([stsc.readUInt32BE(8), stsc.readUInt32BE(12)]).toEqual([1, sampleCount]);
  expect(stco.readUInt32BE(4)).toBe(1);
  const mdat = find(boxes, "mdat");
  expect(stco.readUInt32BE(8)).toBe(mdat.start + 8);
  expect(sizes.reduce((a, b) => a + b, 0)).toBe(mdat.data.length);

  // Each sample is whole NAL units with length prefixes: an IDR slice first, then slices of other frames.
  const nalTypes: number[][] = [];
  let at = mdat.start + 8;
  for (const size of sizes) {
    const types: number[] = [];
    for (let inner = at; inner < at + size; ) {
      const length = file.readUIntBE(inner, nalLengthBytes);
      expect(inner + nalLengthBytes + length).toBeLessThanOrEqual(at + size);
      types.push((file[inner + nalLengthBytes] ?? 0) & 0x1f);
      inner += nalLengthBytes + length;
    }
    nalTypes.push(types);
    at += size;
  }
  expect(nalTypes[0]).toEqual([5]);
  expect(
    nalTypes
      .slice(1)
      .flat()
      .every((type) => type === 1 || type === 5),
  ).toBe(true);
  return { ...trackSize, samples: sampleCount, seconds };
}

// ---------------------------------------------------------------------------------------------

describe("real media from the simulator", () => {
  it("leaves the demo's files as a PNG of the asked size showing the prompt, a WAV that plays and an MP4", async () => {
    const sim = await simulate();
    const ws = makeWorkspace();
    ws.write("examples/demo.yml", readFileSync(path.join(repoRoot, "examples/demo.yml"), "utf8"));
    ws.write(
      "examples/prompts/poster.md",
      readFileSync(path.join(repoRoot, "examples/prompts/poster.md"), "utf8"),
    );
    const { result, records } = await run(sim, ws, "examples/demo.yml");
    expect(result.code).toBe(0);
    const fileOf = (name: string) => {
      const record = records.find((r) => r.name === name);
      const bytes = readFileSync(path.join(ws.dir, record?.file?.path ?? "missing"));
      // What the API served, byte for byte.
      const task = sim.tasks().find((t) => t.id === record?.taskId);
      expect(sha256(bytes)).toBe(task?.file?.sha256);
      return { bytes, record, task };
    };

    // The poster asks for 16:9 at 1k: 1024 × 576.
    const poster = fileOf("poster");
    expect(poster.record?.file?.path).toBe("generated-media/poster.png");
    const picture = decodePng(poster.bytes);
    expect([picture.width, picture.height]).toEqual([1024, 576]);
    // A dark background from the prompt's hash, white letters over it, and the prompt in the metadata.
    const corner = pixel(picture, 0, 0);
    expect(Math.max(...corner)).toBeLessThan(160);
    expect(countWhite(picture)).toBeGreaterThan(picture.width * picture.height * 0.02);
    expect(picture.text.Title).toContain(poster.task?.prompt.slice(0, 30));

    const narration = fileOf("narration");
    expect(narration.record?.file?.path).toBe("generated-media/narration.wav");
    expect(narration.record?.file?.contentType).toBe("audio/wav");
    const sound = decodeWav(narration.bytes);
    expect(sound.seconds).toBeGreaterThanOrEqual(1);
    expect(sound.seconds).toBeLessThanOrEqual(2);
    expect(sound.peak).toBeGreaterThan(8000);

    const trailer = fileOf("trailer");
    expect(trailer.record?.file?.path).toBe("generated-media/trailer.mp4");
    const clip = checkMp4(trailer.bytes);
    expect(clip).toMatchObject({ width: 96, height: 54, seconds: 2 });
    expect(clip.samples).toBeGreaterThanOrEqual(8);
    expect(trailer.bytes.length).toBeLessThan(300_000);
  });

  it("paints the size each wire schema asks for, and caps the largest", () => {
    expect(imageSizeOf({})).toEqual({ width: 512, height: 512 });
    expect(imageSizeOf({ size: "9:16", resolution: "1k" })).toEqual({ width: 576, height: 1024 });
    expect(imageSizeOf({ size: "1536x1024" })).toEqual({ width: 1536, height: 1024 });
    expect(imageSizeOf({ ratio: "4:3", resolution: "1K" })).toEqual({ width: 1024, height: 768 });
    expect(imageSizeOf({ aspect_ratio: "16:9", resolution: "720p" })).toEqual({ width: 1280, height: 720 });
    const huge = imageSizeOf({ size: "16:9", resolution: "4k" });
    expect(huge.width * huge.height).toBeLessThanOrEqual(maxImagePixels);
    expect(huge.width / huge.height).toBeCloseTo(16 / 9, 2);

    const subject = { id: "img_1", prompt: "A fox", body: { size: "1536x1024" } };
    const picture = decodePng(realMediaOf("image", subject));
    expect([picture.width, picture.height]).toEqual([1536, 1024]);
    // The same task always paints the same bytes; another prompt paints another background.
    expect(sha256(realMediaOf("image", { ...subject, body: { size: "1536x1024" } }))).toBe(
      sha256(realMediaOf("image", subject)),
    );
    const other = decodePng(realMediaOf("image", { ...subject, prompt: "A whale" }));
    expect(pixel(other, 0, 0)).not.toEqual(pixel(picture, 0, 0));
    // Another task with the same prompt gets its own file (its id is drawn in a corner).
    expect(sha256(realMediaOf("image", { ...subject, id: "img_2" }))).not.toBe(
      sha256(realMediaOf("image", subject)),
    );
    expect(checkMp4(realMediaOf("video", { ...subject, body: { aspect_ratio: "9:16" } }))).toMatchObject({
      width: 54,
      height: 96,
    });
  });

  it("serves Range requests on real files, and the action resumes a cut-off download to the same sha256", async () => {
    const sim = await simulate({ faults: [{ route: "file", kind: "truncate", times: 1 }] });
    const ws = makeWorkspace();
    ws.write("m.yml", "tasks:\n  - name: pic\n    model: nano-banana-2\n    prompt: a lighthouse at dusk\n");
    const { result, records } = await run(sim, ws, "m.yml");
    expect(result.code).toBe(0);
    const [record] = records;
    const [task] = sim.tasks();
    const onDisk = readFileSync(path.join(ws.dir, record?.file?.path ?? "missing"));
    expect(sha256(onDisk)).toBe(task?.file?.sha256);
    expect(decodePng(onDisk).width).toBe(512);
    const files = sim.requests.filter((r) => r.route === "file");
    expect(files.map((r) => r.fault ?? r.status)).toEqual(["truncate", 206]);
    // The resume asks for the rest, from where the cut-off half ended.
    expect(files[1]?.headers.range).toMatch(
      new RegExp(`^bytes=${Math.floor(onDisk.length / 2)}-(${onDisk.length - 1})?$`),
    );

    const url = task?.file?.url ?? "";
    const whole = Buffer.from(await (await fetch(url)).arrayBuffer());
    expect(whole.equals(onDisk)).toBe(true);
    const part = await fetch(url, { headers: { Range: "bytes=100-199" } });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 100-199/${whole.length}`);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(whole.subarray(100, 200));
    const tail = await fetch(url, { headers: { Range: "bytes=-10" } });
    expect(Buffer.from(await tail.arrayBuffer())).toEqual(whole.subarray(whole.length - 10));
    expect((await fetch(url, { headers: { Range: `bytes=${whole.length}-` } })).status).toBe(416);
  });

  it("keeps keystream files of the scenario's size when fileBytes is set", async () => {
    const sim = await simulate({ fileBytes: { image: 123_457 } });
    const ws = makeWorkspace();
    ws.write("m.yml", "tasks:\n  - name: pic\n    model: nano-banana-2\n    prompt: a lighthouse\n");
    const { records } = await run(sim, ws, "m.yml");
    expect(records[0]?.file?.bytes).toBe(123_457);
    const bytes = readFileSync(path.join(ws.dir, records[0]?.file?.path ?? "missing"));
    expect(bytes.subarray(1, 4).toString("latin1")).toBe("PNG");
    expect(() => decodePng(bytes)).toThrow();
  });
});
