/**
 * A tiny RGB canvas with a 5×7 bitmap font: enough to paint a result picture that shows what the task asked
 * for, without an image library (the simulator takes no runtime dependency).
 */

/** Rows of each glyph, top to bottom; bit 4 is the leftmost of the 5 columns. */
const glyphs: Record<string, readonly number[]> = {
  A: [0x0e, 0x11, 0x11, 0x1f, 0x11, 0x11, 0x11],
  B: [0x1e, 0x11, 0x11, 0x1e, 0x11, 0x11, 0x1e],
  C: [0x0e, 0x11, 0x10, 0x10, 0x10, 0x11, 0x0e],
  D: [0x1e, 0x11, 0x11, 0x11, 0x11, 0x11, 0x1e],
  E: [0x1f, 0x10, 0x10, 0x1e, 0x10, 0x10, 0x1f],
  F: [0x1f, 0x10, 0x10, 0x1e, 0x10, 0x10, 0x10],
  G: [0x0e, 0x11, 0x10, 0x17, 0x11, 0x11, 0x0f],
  H: [0x11, 0x11, 0x11, 0x1f, 0x11, 0x11, 0x11],
  I: [0x0e, 0x04, 0x04, 0x04, 0x04, 0x04, 0x0e],
  J: [0x07, 0x02, 0x02, 0x02, 0x02, 0x12, 0x0c],
  K: [0x11, 0x12, 0x14, 0x18, 0x14, 0x12, 0x11],
  L: [0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x1f],
  M: [0x11, 0x1b, 0x15, 0x15, 0x11, 0x11, 0x11],
  N: [0x11, 0x11, 0x19, 0x15, 0x13, 0x11, 0x11],
  O: [0x0e, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0e],
  P: [0x1e, 0x11, 0x11, 0x1e, 0x10, 0x10, 0x10],
  Q: [0x0e, 0x11, 0x11, 0x11, 0x15, 0x12, 0x0d],
  R: [0x1e, 0x11, 0x11, 0x1e, 0x14, 0x12, 0x11],
  S: [0x0f, 0x10, 0x10, 0x0e, 0x01, 0x01, 0x1e],
  T: [0x1f, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04],
  U: [0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0e],
  V: [0x11, 0x11, 0x11, 0x11, 0x11, 0x0a, 0x04],
  W: [0x11, 0x11, 0x11, 0x15, 0x15, 0x15, 0x0a],
  X: [0x11, 0x11, 0x0a, 0x04, 0x0a, 0x11, 0x11],
  Y: [0x11, 0x11, 0x0a, 0x04, 0x04, 0x04, 0x04],
  Z: [0x1f, 0x01, 0x02, 0x04, 0x08, 0x10, 0x1f],
  "0": [0x0e, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0e],
  "1": [0x04, 0x0c, 0x04, 0x04, 0x04, 0x04, 0x0e],
  "2": [0x0e, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1f],
  "3": [0x1f, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0e],
  "4": [0x02, 0x06, 0x0a, 0x12, 0x1f, 0x02, 0x02],
  "5": [0x1f, 0x10, 0x1e, 0x01, 0x01, 0x11, 0x0e],
  "6": [0x06, 0x08, 0x10, 0x1e, 0x11, 0x11, 0x0e],
  "7": [0x1f, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08],
  "8": [0x0e, 0x11, 0x11, 0x0e, 0x11, 0x11, 0x0e],
  "9": [0x0e, 0x11, 0x11, 0x0f, 0x01, 0x02, 0x0c],
  " ": [0, 0, 0, 0, 0, 0, 0],
  ".": [0, 0, 0, 0, 0, 0x0c, 0x0c],
  ",": [0, 0, 0, 0, 0x0c, 0x04, 0x08],
  ":": [0, 0x0c, 0x0c, 0, 0x0c, 0x0c, 0],
  ";": [0, 0x0c, 0x0c, 0, 0x0c, 0x04, 0x08],
  "!": [0x04, 0x04, 0x04, 0x04, 0x04, 0, 0x04],
  "?": [0x0e, 0x11, 0x01, 0x02, 0x04, 0, 0x04],
  "-": [0, 0, 0, 0x1f, 0, 0, 0],
  _: [0, 0, 0, 0, 0, 0, 0x1f],
  "'": [0x0c, 0x04, 0x08, 0, 0, 0, 0],
  '"': [0x0a, 0x0a, 0x0a, 0, 0, 0, 0],
  "/": [0, 0x01, 0x02, 0x04, 0x08, 0x10, 0],
  "(": [0x02, 0x04, 0x08, 0x08, 0x08, 0x04, 0x02],
  ")": [0x08, 0x04, 0x02, 0x02, 0x02, 0x04, 0x08],
  "<": [0x02, 0x04, 0x08, 0x10, 0x08, 0x04, 0x02],
  ">": [0x08, 0x04, 0x02, 0x01, 0x02, 0x04, 0x08],
  "&": [0x0c, 0x12, 0x14, 0x08, 0x15, 0x12, 0x0d],
  "+": [0, 0x04, 0x04, 0x1f, 0x04, 0x04, 0],
  "=": [0, 0, 0x1f, 0, 0x1f, 0, 0],
  "#": [0x0a, 0x0a, 0x1f, 0x0a, 0x1f, 0x0a, 0x0a],
  "%": [0x18, 0x19, 0x02, 0x04, 0x08, 0x13, 0x03],
  "*": [0, 0x04, 0x15, 0x0e, 0x15, 0x04, 0],
};

export const glyphWidth = 5;
export const glyphHeight = 7;

/** What the font can draw of `text`: upper case, accents dropped, anything else as `?`. */
export function printable(text: string): string {
  return [...text.normalize("NFKD").replace(/\p{M}/gu, "").toUpperCase().replace(/\s+/g, " ")]
    .map((char) => (glyphs[char] === undefined ? "?" : char))
    .join("")
    .trim();
}

export type Rgb = readonly [number, number, number];

export class Canvas {
  readonly pixels: Buffer;
  readonly width: number;
  readonly height: number;

  constructor(width: number, height: number) {
    this.width = width;
    this.height = height;
    this.pixels = Buffer.alloc(width * height * 3);
  }

  fillRect(x0: number, y0: number, w: number, h: number, color: Rgb) {
    const left = Math.max(0, Math.floor(x0));
    const right = Math.min(this.width, Math.floor(x0 + w));
    const top = Math.max(0, Math.floor(y0));
    const bottom = Math.min(this.height, Math.floor(y0 + h));
    if (right <= left) return;
    // Buffer.fill repeats the 3-byte pattern natively: a 1024-pixel row costs about as much as one pixel.
    const pattern = Buffer.from(color);
    for (let y = top; y < bottom; y++) {
      const row = y * this.width * 3;
      this.pixels.fill(pattern, row + left * 3, row + right * 3);
    }
  }

  /** A top-to-bottom blend of two colours, one colour per row (rows compress to almost nothing). */
  verticalGradient(from: Rgb, to: Rgb) {
    const stride = this.width * 3;
    let previous = "";
    for (let y = 0; y < this.height; y++) {
      const t = this.height === 1 ? 0 : y / (this.height - 1);
      const mix = (i: 0 | 1 | 2) => Math.round(from[i] + (to[i] - from[i]) * t);
      const color: Rgb = [mix(0), mix(1), mix(2)];
      // Neighbouring rows mostly share a colour: copying the row above is cheaper than filling.
      if (String(color) === previous) this.pixels.copyWithin(y * stride, (y - 1) * stride, y * stride);
      else this.fillRect(0, y, this.width, 1, color);
      previous = String(color);
    }
  }

  /** Draws `text` (already `printable`) with its top-left corner at (x, y), each font pixel `scale` wide. */
  drawText(text: string, x: number, y: number, scale: number, color: Rgb) {
    let left = x;
    for (const char of text) {
      const rows = glyphs[char] ?? glyphs["?"] ?? [];
      rows.forEach((bits, row) => {
        for (let column = 0; column < glyphWidth; column++) {
          if (bits & (1 << (glyphWidth - 1 - column))) {
            this.fillRect(left + column * scale, y + row * scale, scale, scale, color);
          }
        }
      });
      left += (glyphWidth + 1) * scale;
    }
  }
}

/** Width in pixels of `chars` characters at `scale`, without the trailing gap. */
export function textWidth(chars: number, scale: number): number {
  return chars === 0 ? 0 : (chars * (glyphWidth + 1) - 1) * scale;
}

/**
 * Breaks `text` into lines of at most `perLine` characters at spaces (a longer word is cut), keeping at
 * most `maxLines`; a cut-off text ends in `...`.
 */
export function wrap(text: string, perLine: number, maxLines: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    let rest = word;
    while (rest.length > 0) {
      const room = line === "" ? perLine : perLine - line.length - 1;
      if (rest.length <= room) {
        line = line === "" ? rest : `${line} ${rest}`;
        rest = "";
      } else if (line !== "") {
        lines.push(line);
        line = "";
      } else {
        lines.push(rest.slice(0, perLine));
        rest = rest.slice(perLine);
      }
    }
  }
  if (line !== "") lines.push(line);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  const last = kept[maxLines - 1] ?? "";
  kept[maxLines - 1] = `${last.slice(0, Math.max(0, perLine - 3))}...`;
  return kept;
}

/** A colour from three bytes of a digest, kept dark enough for white text to read on it. */
export function darkColor(digest: Uint8Array, at: number): Rgb {
  const channel = (i: number) => 24 + Math.round(((digest[at + i] ?? 0) / 255) * 120);
  return [channel(0), channel(1), channel(2)];
}
