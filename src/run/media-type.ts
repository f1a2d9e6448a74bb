import path from "node:path";
import type { MediaKind } from "../models/family.ts";

/**
 * What a result's content type means: whether it is a generated file at all, and its file extension.
 * One table for every place that asks (the downloader today; the comment and release code can ask the
 * same question of a recorded `contentType`).
 */
export type MediaType =
  | { media: true; kind: MediaKind; extension: string; contentType: string }
  | { media: false; contentType: string };

/** The types whose usual extension is not the subtype itself (or that CDNs spell several ways). */
const knownExtensions: Record<string, string> = {
  "image/png": ".png",
  "image/apng": ".apng",
  "image/jpeg": ".jpg",
  "image/jpg": ".jpg",
  "image/pjpeg": ".jpg",
  "image/webp": ".webp",
  "image/gif": ".gif",
  "image/avif": ".avif",
  "image/heic": ".heic",
  "image/heif": ".heif",
  "image/jxl": ".jxl",
  "image/bmp": ".bmp",
  "image/x-ms-bmp": ".bmp",
  "image/tiff": ".tiff",
  "image/svg+xml": ".svg",
  "image/x-icon": ".ico",
  "image/vnd.microsoft.icon": ".ico",
  "video/mp4": ".mp4",
  "video/quicktime": ".mov",
  "video/webm": ".webm",
  "video/x-matroska": ".mkv",
  "video/x-msvideo": ".avi",
  "video/x-m4v": ".m4v",
  "video/mpeg": ".mpeg",
  "video/mp2t": ".ts",
  "video/ogg": ".ogv",
  "video/3gpp": ".3gp",
  "video/x-flv": ".flv",
  "audio/mpeg": ".mp3",
  "audio/mp3": ".mp3",
  "audio/mpeg3": ".mp3",
  "audio/wav": ".wav",
  "audio/x-wav": ".wav",
  "audio/wave": ".wav",
  "audio/vnd.wave": ".wav",
  "audio/mp4": ".m4a",
  "audio/m4a": ".m4a",
  "audio/x-m4a": ".m4a",
  "audio/aac": ".aac",
  "audio/x-aac": ".aac",
  "audio/ogg": ".ogg",
  "audio/opus": ".opus",
  "audio/flac": ".flac",
  "audio/x-flac": ".flac",
  "audio/webm": ".webm",
  "audio/aiff": ".aiff",
  "audio/x-aiff": ".aiff",
  "audio/amr": ".amr",
  "audio/3gpp": ".3gp",
};

/** What a CDN sends when it does not know (or say) what the file is. */
const genericTypes = new Set(["", "application/octet-stream", "binary/octet-stream", "application/binary"]);

const kindDefaults: Record<MediaKind, string> = { video: ".mp4", image: ".png", audio: ".mp3" };

/** Extensions a URL path may lend a file served with a generic type; `.jpeg` is spelled `.jpg`. */
const urlExtensions = new Map<string, string>([
  ...Object.values(knownExtensions).map((ext) => [ext, ext] as const),
  [".jpeg", ".jpg"],
  [".tif", ".tiff"],
]);

/** `IMAGE/PNG; charset=binary` → `image/png`. */
export function normalizeContentType(contentType: string | undefined): string {
  return (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}

/**
 * The media decision: media iff the type is image/*, video/* or audio/*, or generic binary (absent,
 * octet-stream); anything else (text, JSON, XML, HTML, JavaScript, PDF, ...) is not a generated file.
 * The extension comes from the content type, never from the URL's text (which the API controls and could
 * carry `../`), except that a generic type may take a known media extension from the URL path; otherwise
 * the task's kind decides.
 */
export function mediaTypeOf(contentType: string | undefined, url: string, kind: MediaKind): MediaType {
  const type = normalizeContentType(contentType);
  if (genericTypes.has(type)) {
    const fromUrl = urlExtensions.get(path.posix.extname(pathnameOf(url)).toLowerCase());
    return {
      media: true,
      kind,
      extension: fromUrl ?? kindDefaults[kind],
      contentType: type || "application/octet-stream",
    };
  }
  const [top = "", subtype = ""] = type.split("/", 2);
  if (top !== "image" && top !== "video" && top !== "audio") return { media: false, contentType: type };
  return {
    media: true,
    kind: top,
    extension: knownExtensions[type] ?? derivedExtension(subtype, top),
    contentType: type,
  };
}

/** Whether a recorded content type is a generated file (for code that has no URL or kind at hand). */
export function isMediaType(contentType: string | undefined): boolean {
  const type = normalizeContentType(contentType);
  return genericTypes.has(type) || /^(image|video|audio)\//.test(type);
}

/**
 * An unknown subtype still names its own extension (`image/x-portable-pixmap` → `.portable`): lowercase
 * letters and digits only, at most 8, the `x-` and `vnd.` prefixes and any `+suffix` dropped, so it can
 * never carry a path.
 */
function derivedExtension(subtype: string, kind: MediaKind): string {
  const stem = subtype
    .replace(/^(x-|vnd\.)/, "")
    .split("+")[0]
    ?.replace(/[^a-z0-9]/g, "")
    .slice(0, 8);
  return stem ? `.${stem}` : kindDefaults[kind];
}

function pathnameOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return "";
  }
}

/** What a subtitle file's content type means: text worth keeping, and its extension; or not subtitles. */
export type SubtitleType =
  | { media: true; extension: string; contentType: string }
  | { media: false; contentType: string };

const subtitleExtensions: Record<string, string> = {
  "application/x-subrip": ".srt",
  "application/srt": ".srt",
  "text/srt": ".srt",
  "text/x-srt": ".srt",
  "text/vtt": ".vtt",
  "application/json": ".json",
  "text/json": ".json",
};

/** The extensions a plain-text or generic subtitle file may take from its URL path. */
const subtitleUrlExtensions = new Set([".srt", ".vtt", ".lrc", ".ass", ".ssa", ".json", ".txt"]);

/**
 * The subtitle decision (SoundClone's `subtitleFile`): a known subtitle or JSON type gives its extension;
 * plain text and generic binary may take a subtitle extension from the URL path, else `.txt`. Anything
 * else (HTML, XML, media) is an error page or not subtitles at all.
 */
export function subtitleTypeOf(contentType: string | undefined, url: string): SubtitleType {
  const type = normalizeContentType(contentType);
  const known = subtitleExtensions[type];
  if (known) return { media: true, extension: known, contentType: type };
  if (type === "text/plain" || genericTypes.has(type)) {
    const fromUrl = path.posix.extname(pathnameOf(url)).toLowerCase();
    return {
      media: true,
      extension: subtitleUrlExtensions.has(fromUrl) ? fromUrl : ".txt",
      contentType: type || "application/octet-stream",
    };
  }
  return { media: false, contentType: type };
}
