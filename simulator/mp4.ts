/**
 * A video that plays, without a codec library: H.264 Constrained Baseline whose every macroblock is I_PCM (the
 * raw samples, no prediction and no transform), in an MP4 (ISO BMFF) file. Nothing is compressed, so the
 * frames must stay small; the bitstream is still standard and any player decodes it.
 * (H.264 = ITU-T Rec. H.264 §7.3; MP4 = ISO/IEC 14496-12 and 14496-15 for `avcC`.)
 */

/** Writes bits most significant first, with Exp-Golomb codes (H.264 §9.1). */
class BitWriter {
  private readonly bytes: number[] = [];
  private current = 0;
  private used = 0;

  bits(value: number, count: number) {
    for (let i = count - 1; i >= 0; i--) {
      this.current = (this.current << 1) | ((value >>> i) & 1);
      this.used++;
      if (this.used === 8) {
        this.bytes.push(this.current);
        this.current = 0;
        this.used = 0;
      }
    }
  }

  /** ue(v) */
  ue(value: number) {
    const code = value + 1;
    const length = 32 - Math.clz32(code);
    this.bits(0, length - 1);
    this.bits(code, length);
  }

  /** se(v) */
  se(value: number) {
    this.ue(value <= 0 ? -2 * value : 2 * value - 1);
  }

  get aligned() {
    return this.used === 0;
  }

  /** Whole bytes, written straight (the writer must be aligned). */
  bytesAligned(data: Uint8Array) {
    if (!this.aligned) throw new Error("BitWriter: not byte-aligned");
    for (const byte of data) this.bytes.push(byte);
  }

  /** rbsp_trailing_bits: a stop bit, then zeros to the byte boundary. */
  trailing(): Uint8Array {
    this.bits(1, 1);
    while (!this.aligned) this.bits(0, 1);
    return Uint8Array.from(this.bytes);
  }
}

/** A NAL unit: its header byte, then the payload with emulation prevention (§7.4.1). */
function nalUnit(refIdc: number, type: number, rbsp: Uint8Array): Buffer {
  const out: number[] = [(refIdc << 5) | type];
  let zeros = 0;
  for (const byte of rbsp) {
    if (zeros >= 2 && byte <= 3) {
      out.push(3);
      zeros = 0;
    }
    out.push(byte);
    zeros = byte === 0 ? zeros + 1 : 0;
  }
  return Buffer.from(out);
}

const profileIdc = 66; // Baseline
const constraintFlags = 0xc0; // constraint_set0 and set1: Constrained Baseline
const levelIdc = 30; // 3.0: room for the bit rate of uncompressed macroblocks
const log2MaxFrameNum = 8;

export interface VideoFormat {
  width: number;
  height: number;
}

function codedSize({ width, height }: VideoFormat) {
  if (width % 2 !== 0 || height % 2 !== 0 || width <= 0 || height <= 0) {
    throw new Error(`encodeMp4: ${width}×${height} must be even and positive`);
  }
  return { mbWidth: Math.ceil(width / 16), mbHeight: Math.ceil(height / 16) };
}

function sequenceParameterSet(format: VideoFormat): Buffer {
  const { mbWidth, mbHeight } = codedSize(format);
  const w = new BitWriter();
  w.bits(profileIdc, 8);
  w.bits(constraintFlags, 8);
  w.bits(levelIdc, 8);
  w.ue(0); // seq_parameter_set_id
  w.ue(log2MaxFrameNum - 4);
  w.ue(2); // pic_order_cnt_type 2: output order is decoding order
  w.ue(1); // max_num_ref_frames
  w.bits(0, 1); // gaps_in_frame_num_value_allowed_flag
  w.ue(mbWidth - 1);
  w.ue(mbHeight - 1);
  w.bits(1, 1); // frame_mbs_only_flag
  w.bits(1, 1); // direct_8x8_inference_flag
  // The coded picture is whole macroblocks; cropping (in 2-pixel units for 4:2:0) gives the asked size.
  const cropRight = (mbWidth * 16 - format.width) / 2;
  const cropBottom = (mbHeight * 16 - format.height) / 2;
  const cropped = cropRight > 0 || cropBottom > 0;
  w.bits(cropped ? 1 : 0, 1);
  if (cropped) {
    w.ue(0);
    w.ue(cropRight);
    w.ue(0);
    w.ue(cropBottom);
  }
  w.bits(0, 1); // vui_parameters_present_flag: the MP4 carries the timing
  return nalUnit(3, 7, w.trailing());
}

function pictureParameterSet(): Buffer {
  const w = new BitWriter();
  w.ue(0); // pic_parameter_set_id
  w.ue(0); // seq_parameter_set_id
  w.bits(0, 1); // entropy_coding_mode_flag: CAVLC
  w.bits(0, 1); // bottom_field_pic_order_in_frame_present_flag
  w.ue(0); // num_slice_groups_minus1
  w.ue(0); // num_ref_idx_l0_default_active_minus1
  w.ue(0); // num_ref_idx_l1_default_active_minus1
  w.bits(0, 1); // weighted_pred_flag
  w.bits(0, 2); // weighted_bipred_idc
  w.se(0); // pic_init_qp_minus26
  w.se(0); // pic_init_qs_minus26
  w.se(0); // chroma_qp_index_offset
  w.bits(1, 1); // deblocking_filter_control_present_flag: lets the slices switch the filter off
  w.bits(0, 1); // constrained_intra_pred_flag
  w.bits(0, 1); // redundant_pic_cnt_present_flag
  return nalUnit(3, 8, w.trailing());
}

const iPcm = 25; // mb_type of I_PCM in an I slice

/** One frame as a single I slice: an IDR for the first frame, a reference I picture after it. */
function slice(format: VideoFormat, frame: YuvFrame, index: number): Buffer {
  const { mbWidth, mbHeight } = codedSize(format);
  const idr = index === 0;
  const w = new BitWriter();
  w.ue(0); // first_mb_in_slice
  w.ue(7); // slice_type: I, as are all slices of the picture
  w.ue(0); // pic_parameter_set_id
  w.bits(index % (1 << log2MaxFrameNum), log2MaxFrameNum); // frame_num
  if (idr) w.ue(0); // idr_pic_id
  if (idr) {
    w.bits(0, 1); // no_output_of_prior_pics_flag
    w.bits(0, 1); // long_term_reference_flag
  } else {
    w.bits(0, 1); // adaptive_ref_pic_marking_mode_flag
  }
  w.se(0); // slice_qp_delta
  w.ue(1); // disable_deblocking_filter_idc: I_PCM samples are final
  const luma = new Uint8Array(256);
  const cb = new Uint8Array(64);
  const cr = new Uint8Array(64);
  for (let mbY = 0; mbY < mbHeight; mbY++) {
    for (let mbX = 0; mbX < mbWidth; mbX++) {
      w.ue(iPcm);
      while (!w.aligned) w.bits(0, 1); // pcm_alignment_zero_bit
      for (let y = 0; y < 16; y++) {
        for (let x = 0; x < 16; x++) luma[y * 16 + x] = frame.lumaAt(mbX * 16 + x, mbY * 16 + y);
      }
      for (let y = 0; y < 8; y++) {
        for (let x = 0; x < 8; x++) {
          const [u, v] = frame.chromaAt(mbX * 8 + x, mbY * 8 + y);
          cb[y * 8 + x] = u;
          cr[y * 8 + x] = v;
        }
      }
      w.bytesAligned(luma);
      w.bytesAligned(cb);
      w.bytesAligned(cr);
    }
  }
  return nalUnit(idr ? 3 : 2, idr ? 5 : 1, w.trailing());
}

/** A 4:2:0 frame converted from RGB (BT.601, studio range); samples outside the picture repeat its edge. */
export class YuvFrame {
  private readonly y: Uint8Array;
  private readonly u: Uint8Array;
  private readonly v: Uint8Array;
  private readonly chromaWidth: number;
  private readonly width: number;
  private readonly height: number;

  constructor(width: number, height: number, rgb: Uint8Array) {
    this.width = width;
    this.height = height;
    this.y = new Uint8Array(width * height);
    this.chromaWidth = width / 2;
    this.u = new Uint8Array((width / 2) * (height / 2));
    this.v = new Uint8Array((width / 2) * (height / 2));
    const clamp = (value: number) => Math.min(240, Math.max(16, Math.round(value)));
    for (let i = 0; i < width * height; i++) {
      const r = rgb[i * 3] ?? 0;
      const g = rgb[i * 3 + 1] ?? 0;
      const b = rgb[i * 3 + 2] ?? 0;
      this.y[i] = Math.min(235, clamp(16 + 0.257 * r + 0.504 * g + 0.098 * b));
    }
    for (let cy = 0; cy < height / 2; cy++) {
      for (let cx = 0; cx < width / 2; cx++) {
        let r = 0;
        let g = 0;
        let b = 0;
        for (const [dx, dy] of [
          [0, 0],
          [1, 0],
          [0, 1],
          [1, 1],
        ] as const) {
          const at = ((cy * 2 + dy) * width + cx * 2 + dx) * 3;
          r += (rgb[at] ?? 0) / 4;
          g += (rgb[at + 1] ?? 0) / 4;
          b += (rgb[at + 2] ?? 0) / 4;
        }
        this.u[cy * this.chromaWidth + cx] = clamp(128 - 0.148 * r - 0.291 * g + 0.439 * b);
        this.v[cy * this.chromaWidth + cx] = clamp(128 + 0.439 * r - 0.368 * g - 0.071 * b);
      }
    }
  }

  lumaAt(x: number, y: number): number {
    return this.y[Math.min(y, this.height - 1) * this.width + Math.min(x, this.width - 1)] ?? 16;
  }

  chromaAt(x: number, y: number): [number, number] {
    const at = Math.min(y, this.height / 2 - 1) * this.chromaWidth + Math.min(x, this.chromaWidth - 1);
    return [this.u[at] ?? 128, this.v[at] ?? 128];
  }
}

// ---------------------------------------------------------------------------------------------
// MP4
// ---------------------------------------------------------------------------------------------

function box(type: string, ...parts: Buffer[]): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(8 + parts.reduce((sum, part) => sum + part.length, 0), 0);
  head.write(type, 4, "latin1");
  return Buffer.concat([head, ...parts]);
}

function fullBox(type: string, version: number, flags: number, ...parts: Buffer[]): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(((version << 24) | flags) >>> 0, 0);
  return box(type, head, ...parts);
}

function u32s(...values: number[]): Buffer {
  const out = Buffer.alloc(values.length * 4);
  values.forEach((value, i) => {
    out.writeUInt32BE(value >>> 0, i * 4);
  });
  return out;
}

function u16s(...values: number[]): Buffer {
  const out = Buffer.alloc(values.length * 2);
  values.forEach((value, i) => {
    out.writeUInt16BE(value & 0xffff, i * 2);
  });
  return out;
}

const identityMatrix = u32s(0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000);

export interface Clip extends VideoFormat {
  fps: number;
  /** RGB frames, width × height × 3 bytes each. */
  frames: Uint8Array[];
}

/** The clip as an MP4 with one H.264 track, `moov` before `mdat` so a player can start at once. */
export function encodeMp4(clip: Clip): Buffer {
  const sps = sequenceParameterSet(clip);
  const pps = pictureParameterSet();
  const samples = clip.frames.map((rgb, index) => {
    const nal = slice(clip, new YuvFrame(clip.width, clip.height, rgb), index);
    return Buffer.concat([u32s(nal.length), nal]);
  });
  const timescale = clip.fps * 100;
  const durationTicks = samples.length * 100;
  const movieTimescale = 1000;
  const movieDuration = Math.round((samples.length / clip.fps) * 1000);

  const ftyp = box(
    "ftyp",
    Buffer.from("isom", "latin1"),
    u32s(0x200),
    Buffer.from("isomiso2avc1mp41", "latin1"),
  );
  const avcC = box(
    "avcC",
    Buffer.from([1, profileIdc, constraintFlags, levelIdc, 0xff, 0xe1]), // 4-byte NAL lengths, 1 SPS
    u16s(sps.length),
    sps,
    Buffer.from([1]),
    u16s(pps.length),
    pps,
  );
  const compressor = Buffer.alloc(32);
  compressor.write("\x0egenmedia I_PCM", 0, "latin1");
  const avc1 = box(
    "avc1",
    Buffer.alloc(6),
    u16s(1), // data_reference_index
    Buffer.alloc(16),
    u16s(clip.width, clip.height),
    u32s(0x480000, 0x480000, 0), // 72 dpi, reserved
    u16s(1), // frame_count
    compressor,
    u16s(0x18, 0xffff), // depth, pre_defined = -1
    avcC,
  );
  const moovFor = (chunkOffset: number) =>
    box(
      "moov",
      fullBox(
        "mvhd",
        0,
        0,
        u32s(0, 0, movieTimescale, movieDuration, 0x10000),
        u16s(0x100, 0),
        u32s(0, 0),
        identityMatrix,
        Buffer.alloc(24),
        u32s(2),
      ),
      box(
        "trak",
        fullBox(
          "tkhd",
          0,
          3,
          u32s(0, 0, 1, 0, movieDuration, 0, 0),
          u16s(0, 0, 0, 0),
          identityMatrix,
          u32s(clip.width << 16, clip.height << 16),
        ),
        box(
          "mdia",
          fullBox("mdhd", 0, 0, u32s(0, 0, timescale, durationTicks), u16s(0x55c4, 0)), // language "und"
          fullBox(
            "hdlr",
            0,
            0,
            u32s(0),
            Buffer.from("vide", "latin1"),
            u32s(0, 0, 0),
            Buffer.from("VideoHandler\0", "latin1"),
          ),
          box(
            "minf",
            fullBox("vmhd", 0, 1, u16s(0, 0, 0, 0)),
            box("dinf", fullBox("dref", 0, 0, u32s(1), fullBox("url ", 0, 1))),
            box(
              "stbl",
              fullBox("stsd", 0, 0, u32s(1), avc1),
              fullBox("stts", 0, 0, u32s(1, samples.length, 100)),
              fullBox("stss", 0, 0, u32s(1, 1)), // only the IDR is a sync sample
              fullBox("stsc", 0, 0, u32s(1, 1, samples.length, 1)),
              fullBox("stsz", 0, 0, u32s(0, samples.length, ...samples.map((sample) => sample.length))),
              fullBox("stco", 0, 0, u32s(1, chunkOffset)),
            ),
          ),
        ),
      ),
    );
  // The chunk offset does not change the size of `moov`, so measure it once with a placeholder.
  const moovLength = moovFor(0).length;
  const mdat = box("mdat", ...samples);
  return Buffer.concat([ftyp, moovFor(ftyp.length + moovLength + 8), mdat]);
}
