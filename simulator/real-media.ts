/**
 * Result files a person can open: a PNG that shows the prompt, a WAV chord whose pitch comes from the prompt,
 * and a short MP4 whose colours come from the prompt. Each also carries the task id (drawn, or in metadata),
 * so two tasks with one prompt still get different files, as from a real API. Everything is derived from the
 * task alone: the same task always yields the same bytes.
 */
import { createHash } from "node:crypto";
import { encodeMp4 } from "./mp4.ts";
import { encodePng } from "./png.ts";
import { Canvas, darkColor, glyphHeight, printable, type Rgb, textWidth, wrap } from "./raster.ts";
import type { MediaKind } from "./scenario.ts";
import { encodeWav } from "./wav.ts";

export interface MediaSubject {
  id: string;
  prompt: string;
  body: Record<string, unknown>;
}

function digestOf(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

// ---------------------------------------------------------------------------------------------
// Size
// ---------------------------------------------------------------------------------------------

/**
 * The largest picture the simulator paints, in pixels: a 4k request is scaled down (keeping its aspect ratio)
 * so a result stays a few milliseconds of work and a few hundred KB.
 */
export const maxImagePixels = 2048 * 1152;
/** Without a resolution: small, as tests create hundreds of images and each is painted and deflated. */
const defaultLongEdge = 512;

function ratioOf(value: unknown): number | undefined {
  const match =
    typeof value === "string" ? /^\s*(\d+(?:\.\d+)?)\s*:\s*(\d+(?:\.\d+)?)\s*$/.exec(value) : null;
  if (match === null) return undefined;
  const ratio = Number(match[1]) / Number(match[2]);
  return Number.isFinite(ratio) && ratio > 0 ? ratio : undefined;
}

function explicitSize(value: unknown): { width: number; height: number } | undefined {
  const match = typeof value === "string" ? /^\s*(\d+)\s*[x×*]\s*(\d+)\s*$/i.exec(value) : null;
  if (match === null) return undefined;
  const width = Number(match[1]);
  const height = Number(match[2]);
  return width > 0 && height > 0 ? { width, height } : undefined;
}

/**
 * The picture size a task asks for, as the wire schemas spell it: `size` as `W:H` (Nano Banana) or `WxH`
 * (GPT Image 2), `ratio` or `aspect_ratio` as `W:H`, `resolution` as `1k`..`4k` (the long edge in units of
 * 1024) or `720p`/`1080p` (the short edge). Default: 512 on the long edge, square.
 */
export function imageSizeOf(body: Record<string, unknown>): { width: number; height: number } {
  const exact = explicitSize(body.size);
  let width: number;
  let height: number;
  if (exact !== undefined) {
    ({ width, height } = exact);
  } else {
    const ratio = ratioOf(body.size) ?? ratioOf(body.ratio) ?? ratioOf(body.aspect_ratio) ?? 1;
    const resolution = typeof body.resolution === "string" ? body.resolution.trim().toLowerCase() : "";
    const k = /^(\d+(?:\.\d+)?)k$/.exec(resolution);
    const p = /^(\d+)p$/.exec(resolution);
    if (p !== null) {
      const short = Number(p[1]);
      [width, height] = ratio >= 1 ? [short * ratio, short] : [short, short / ratio];
    } else {
      const long = k !== null ? Number(k[1]) * 1024 : defaultLongEdge;
      [width, height] = ratio >= 1 ? [long, long / ratio] : [long * ratio, long];
    }
  }
  const shrink = Math.min(1, Math.sqrt(maxImagePixels / (width * height)));
  return { width: Math.max(1, Math.round(width * shrink)), height: Math.max(1, Math.round(height * shrink)) };
}

// ---------------------------------------------------------------------------------------------
// Image
// ---------------------------------------------------------------------------------------------

const white: Rgb = [255, 255, 255];
const shadow: Rgb = [0, 0, 0];

/** Paints the prompt, word-wrapped and as large as fits, over a gradient from the prompt's hash. */
function paintPrompt(canvas: Canvas, prompt: string, footer: string) {
  const digest = digestOf(prompt);
  canvas.verticalGradient(darkColor(digest, 0), darkColor(digest, 3));
  const { width, height } = canvas;
  const margin = Math.max(2, Math.round(Math.min(width, height) / 16));
  const text = printable(prompt) || "(NO PROMPT)";
  // The largest scale at which the text fits in the margins, at least 12 characters a line.
  let scale = Math.max(1, Math.floor((width - 2 * margin) / textWidth(12, 1)));
  let lines: string[] = [];
  for (; scale >= 1; scale--) {
    const perLine = Math.max(1, Math.floor((width - 2 * margin + scale) / (6 * scale)));
    const maxLines = Math.max(1, Math.floor((height - 2 * margin) / (10 * scale)));
    lines = wrap(text, perLine, maxLines);
    if (scale === 1 || lines.join(" ") === text) break;
  }
  const lineHeight = 10 * scale;
  const blockHeight = lines.length * lineHeight - 3 * scale;
  const top = Math.round((height - blockHeight) / 2);
  const offset = Math.max(1, Math.round(scale / 3));
  lines.forEach((line, i) => {
    const left = Math.round((width - textWidth(line.length, scale)) / 2);
    canvas.drawText(line, left + offset, top + i * lineHeight + offset, scale, shadow);
    canvas.drawText(line, left, top + i * lineHeight, scale, white);
  });
  const small = Math.max(1, Math.floor(scale / 3));
  const footerText = printable(footer);
  if (height > 2 * glyphHeight * small + margin) {
    canvas.drawText(
      footerText,
      margin / 2,
      height - margin / 2 - glyphHeight * small,
      small,
      [200, 200, 200],
    );
  }
}

/** A PNG of the size the task asks for, showing its prompt, with the task id in a corner. */
export function realImage(subject: MediaSubject): Buffer {
  const { width, height } = imageSizeOf(subject.body);
  const canvas = new Canvas(width, height);
  paintPrompt(canvas, subject.prompt, subject.id);
  return encodePng(width, height, canvas.pixels, {
    text: { Title: latin1(subject.prompt), Comment: `genmedia simulator, task ${latin1(subject.id)}` },
  });
}

function latin1(text: string): string {
  return text.replace(/[^\x20-\x7e\xa0-\xff]/g, "?").slice(0, 500);
}

// ---------------------------------------------------------------------------------------------
// Audio
// ---------------------------------------------------------------------------------------------

export const audioSampleRate = 22_050;
export const audioSeconds = 1.5;

/**
 * A major or minor triad, its root a semitone between A3 and A5 picked by the prompt's hash, with a soft
 * attack and a fading tail so it does not click.
 */
export function realAudio(subject: MediaSubject): Buffer {
  const digest = digestOf(subject.prompt);
  const rootSemitone = (digest[0] ?? 0) % 25; // 0..24 above A3
  const minor = ((digest[1] ?? 0) & 1) === 1;
  const root = 220 * 2 ** (rootSemitone / 12);
  const notes = [root, root * 2 ** ((minor ? 3 : 4) / 12), root * 2 ** (7 / 12)];
  const count = Math.round(audioSampleRate * audioSeconds);
  const samples = new Int16Array(count);
  for (let i = 0; i < count; i++) {
    const t = i / audioSampleRate;
    const envelope = Math.min(1, t / 0.02) * Math.exp(-2 * t) * Math.min(1, (audioSeconds - t) / 0.05);
    let value = 0;
    for (const frequency of notes) value += Math.sin(2 * Math.PI * frequency * t);
    samples[i] = Math.round((value / notes.length) * envelope * 0.6 * 32767);
  }
  return encodeWav(samples, audioSampleRate, {
    INAM: latin1(subject.prompt),
    ICMT: `genmedia simulator, task ${latin1(subject.id)}`,
  });
}

// ---------------------------------------------------------------------------------------------
// Video
// ---------------------------------------------------------------------------------------------

export const videoFps = 8;
export const videoSeconds = 2;
/** Frames are stored uncompressed (I_PCM): the long edge stays small to keep a clip near 200 KB. */
const videoLongEdge = 96;

/** The clip's size: the asked aspect ratio on a 96-pixel long edge, both sides even. */
export function videoSizeOf(body: Record<string, unknown>): { width: number; height: number } {
  const ratio = ratioOf(body.aspect_ratio) ?? ratioOf(body.ratio) ?? ratioOf(body.size) ?? 16 / 9;
  const even = (value: number) => Math.max(16, 2 * Math.round(value / 2));
  return ratio >= 1
    ? { width: videoLongEdge, height: even(videoLongEdge / ratio) }
    : { width: even(videoLongEdge * ratio), height: videoLongEdge };
}

/**
 * Two seconds of a square gliding across the prompt's colours under the prompt's first words; where the
 * square starts comes from the task id.
 */
export function realVideo(subject: MediaSubject): Buffer {
  const { width, height } = videoSizeOf(subject.body);
  const digest = digestOf(subject.prompt);
  const start = (digestOf(subject.id)[0] ?? 0) / 255;
  const side = Math.max(8, Math.round(height / 3));
  const label = wrap(printable(subject.prompt) || "GENMEDIA", Math.floor((width - 4) / 6), 2);
  const frameCount = videoFps * videoSeconds;
  const frames: Uint8Array[] = [];
  for (let f = 0; f < frameCount; f++) {
    const canvas = new Canvas(width, height);
    canvas.verticalGradient(darkColor(digest, 0), darkColor(digest, 3));
    const travel = (start + f / frameCount) % 1;
    const x = Math.round(travel * (width + side)) - side;
    canvas.fillRect(x, Math.round(height / 2 - side / 4), side, side, [255, 200, 40]);
    label.forEach((line, i) => {
      canvas.drawText(line, 2, 2 + i * 9, 1, white);
    });
    frames.push(canvas.pixels);
  }
  return encodeMp4({ width, height, fps: videoFps, frames });
}

/** The real file of a task's kind. */
export function realMediaOf(kind: MediaKind, subject: MediaSubject): Buffer {
  if (kind === "image") return realImage(subject);
  if (kind === "audio") return realAudio(subject);
  return realVideo(subject);
}
