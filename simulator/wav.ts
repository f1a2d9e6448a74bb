/** WAV encoding: RIFF/WAVE, PCM 16-bit little-endian, mono, with an optional LIST/INFO chunk. */

export function encodeWav(
  samples: Int16Array,
  sampleRate: number,
  info: Record<string, string> = {},
): Buffer {
  const format = Buffer.alloc(16);
  format.writeUInt16LE(1, 0); // PCM
  format.writeUInt16LE(1, 2); // mono
  format.writeUInt32LE(sampleRate, 4);
  format.writeUInt32LE(sampleRate * 2, 8); // byte rate
  format.writeUInt16LE(2, 12); // block align
  format.writeUInt16LE(16, 14); // bits per sample
  const data = Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
  const entries = Object.entries(info).map(([id, value]) =>
    riffChunk(id, Buffer.from(`${value}\0`, "latin1")),
  );
  const list =
    entries.length === 0
      ? []
      : [riffChunk("LIST", Buffer.concat([Buffer.from("INFO", "latin1"), ...entries]))];
  const body = Buffer.concat([
    Buffer.from("WAVE", "latin1"),
    riffChunk("fmt ", format),
    ...list,
    riffChunk("data", data),
  ]);
  return riffChunk("RIFF", body);
}

/** A chunk: id, little-endian size, data, and a pad byte when the size is odd. */
function riffChunk(id: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.write(id, 0, "latin1");
  head.writeUInt32LE(data.length, 4);
  return Buffer.concat(data.length % 2 === 1 ? [head, data, Buffer.alloc(1)] : [head, data]);
}
