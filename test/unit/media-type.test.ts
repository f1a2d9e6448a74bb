import { describe, expect, it } from "vitest";
import { isMediaType, mediaTypeOf } from "../../src/run/media-type.ts";

const url = "https://cdn.example.com/out/result";

describe("what a content type means for a result file", () => {
  it("gives each media type its usual extension, whatever its case and parameters", () => {
    const seen = Object.fromEntries(
      [
        "image/png",
        "IMAGE/PNG; charset=binary",
        "image/jpeg",
        "image/svg+xml",
        "image/avif",
        "audio/x-m4a",
        "audio/mpeg",
        "video/x-matroska",
        "video/quicktime",
      ].map((type) => {
        const media = mediaTypeOf(type, url, "image");
        return [type, media.media ? media.extension : "refused"];
      }),
    );
    expect(seen).toEqual({
      "image/png": ".png",
      "IMAGE/PNG; charset=binary": ".png",
      "image/jpeg": ".jpg",
      "image/svg+xml": ".svg",
      "image/avif": ".avif",
      "audio/x-m4a": ".m4a",
      "audio/mpeg": ".mp3",
      "video/x-matroska": ".mkv",
      "video/quicktime": ".mov",
    });
    expect(mediaTypeOf("IMAGE/PNG; charset=binary", url, "video")).toMatchObject({
      kind: "image",
      contentType: "image/png",
    });
  });

  it("derives a safe extension from an unknown media subtype, never from the URL", () => {
    const hostile = "https://cdn.example.com/a/..%2f..%2fevil.sh";
    expect(mediaTypeOf("image/x-Fancy-Format+zip", hostile, "image")).toMatchObject({
      extension: ".fancyfor",
    });
    expect(mediaTypeOf("video/vnd.some.codec", hostile, "video")).toMatchObject({ extension: ".somecode" });
    expect(mediaTypeOf("audio/../../x", hostile, "audio")).toMatchObject({ extension: ".mp3" });
    expect(mediaTypeOf("image/+++", hostile, "video")).toMatchObject({ extension: ".png" });
    for (const type of ["image/a/b", "video/x-\u0000..", "audio/%2e%2e"]) {
      const media = mediaTypeOf(type, hostile, "audio");
      expect(media.media && media.extension).toMatch(/^\.[a-z0-9]{1,8}$/);
    }
  });

  it("takes a generic binary type's extension from a known media extension in the URL path, else the kind's", () => {
    const of = (type: string | undefined, at: string, kind: "image" | "video" | "audio") => {
      const media = mediaTypeOf(type, at, kind);
      return media.media ? media.extension : "refused";
    };
    expect(of(undefined, "https://c.example/x/photo.JPEG?sig=1", "image")).toBe(".jpg");
    expect(of("", "https://c.example/x/clip.webm", "video")).toBe(".webm");
    expect(of("application/octet-stream", "https://c.example/x/run.sh", "audio")).toBe(".mp3");
    expect(of("binary/octet-stream", "https://c.example/x/file", "video")).toBe(".mp4");
    expect(of("application/octet-stream", "https://c.example/x/a.png?name=b.exe", "image")).toBe(".png");
    expect(mediaTypeOf(undefined, "https://c.example/x", "image")).toMatchObject({
      contentType: "application/octet-stream",
    });
  });

  it("refuses every type that is not media", () => {
    for (const type of [
      "text/html",
      "text/plain; charset=utf-8",
      "text/xml",
      "application/xml",
      "application/json",
      "application/problem+json",
      "application/javascript",
      "text/javascript",
      "application/pdf",
      "application/zip",
      "multipart/form-data",
      "text/markdown",
    ]) {
      expect(mediaTypeOf(type, `${url}.png`, "image").media, type).toBe(false);
      expect(isMediaType(type), type).toBe(false);
    }
    for (const type of ["image/png", "VIDEO/MP4", "audio/x-m4a", undefined, "application/octet-stream"]) {
      expect(isMediaType(type), String(type)).toBe(true);
    }
  });
});
