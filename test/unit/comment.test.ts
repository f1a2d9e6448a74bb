import { describe, expect, it } from "vitest";
import {
  type CommentInput,
  commentLimit,
  commentMarker,
  renderComment,
  renderGallery,
} from "../../src/deliver/comment.ts";
import type { TaskRecord } from "../../src/run/record.ts";

const runUrl = "https://github.com/octo/genmedia-test/actions/runs/1001";

function record(overrides: Partial<TaskRecord> & { name: string }): TaskRecord {
  return {
    model: "nano-banana-2",
    kind: "image",
    status: "completed",
    taskId: `task-${overrides.name}`,
    submittedAt: "2026-11-25T10:00:00.000Z",
    finishedAt: "2026-11-25T10:00:05.000Z",
    file: null,
    inputHash: "h",
    error: null,
    ...overrides,
  };
}

const file = (path: string, contentType: string, extra: Partial<NonNullable<TaskRecord["file"]>> = {}) => ({
  path,
  bytes: 2048,
  sha256: "0".repeat(64),
  contentType,
  ...extra,
});

const cat = record({ name: "cat", file: file("generated-media/cat.png", "image/png") });
const hero = record({
  name: "hero",
  model: "veo_3_1_fast",
  kind: "video",
  file: file("generated-media/hero.mp4", "video/mp4"),
});
const heroPoster = record({
  name: "hero-poster",
  file: file("generated-media/hero-poster.png", "image/png"),
});
const speech = record({
  name: "speech",
  model: "soundCloningAudio",
  kind: "audio",
  file: file("generated-media/speech.mp3", "audio/mpeg"),
});
const broken = record({
  name: "broken",
  status: "failed",
  error: "The API said: <img src=x onerror=alert(1)> @octo/owners | see [here](https://evil.example) `code`",
});
const waiting = record({ name: "slow", status: "pending", taskId: "veo_123" });

function render(overrides: Partial<CommentInput> = {}): string {
  return renderComment({ tag: "media", records: [cat, hero, speech, broken, waiting], runUrl, ...overrides });
}

const branchUrl = (name: string) =>
  `https://github.com/octo/genmedia-test/raw/${"c".repeat(40)}/pr-7/1001/${name}`;

describe("the sticky comment's marker", () => {
  it("is the body's first line and carries the tag", () => {
    const body = render();
    expect(body.split("\n")[0]).toBe("<!-- genmedia-action:media -->");
    expect(commentMarker("media")).toBe("<!-- genmedia-action:media -->");
  });

  it("keeps tags apart, and no tag can close the HTML comment early", () => {
    expect(commentMarker("a")).not.toBe(commentMarker("a b"));
    expect(commentMarker("x --> <b>hi</b>")).toBe("<!-- genmedia-action:x%20--%3E%20%3Cb%3Ehi%3C%2Fb%3E -->");
    // One tag's marker is never a substring of another's.
    expect(commentMarker("ab").includes(commentMarker("a"))).toBe(false);
  });
});

describe("the comment body", () => {
  it("has one row per task with its status, and the run link", () => {
    const body = render();
    for (const name of ["cat", "hero", "speech", "broken", "slow"])
      expect(body).toMatch(new RegExp(`^\\| ${name} \\|`, "m"));
    expect(body).toContain("| cat | nano-banana-2 | ✅ completed |");
    expect(body).toContain("| broken | nano-banana-2 | ❌ failed |");
    expect(body).toContain("| slow | nano-banana-2 | ⏳ pending | id `veo_123` |");
    expect(body).toContain(`[workflow run](${runUrl})`);
    expect(body).toContain("**3** completed · **1** failed · **1** pending");
  });

  it("shows an image inline only from a durable URL", () => {
    const inline = render({ mediaUrls: new Map([["generated-media/cat.png", branchUrl("cat.png")]]) });
    expect(inline).toContain(`<img src="${branchUrl("cat.png")}" alt="cat" width="240">`);
    const linked = render({
      artifactLinks: new Map([
        ["generated-media/cat.png", "https://github.com/o/r/actions/runs/1/artifacts/9"],
      ]),
    });
    expect(linked).not.toContain("<img");
    expect(linked).toContain("[🖼️ cat.png](https://github.com/o/r/actions/runs/1/artifacts/9) (2.0 KiB)");
  });

  it("links a file to its own artifact from results.json, else names the artifact", () => {
    const own = record({
      name: "cat",
      file: file("generated-media/cat.png", "image/png", {
        artifactUrl: "https://github.com/o/r/artifacts/5",
      }),
    });
    expect(render({ records: [own] })).toContain("[🖼️ cat.png](https://github.com/o/r/artifacts/5)");
    const body = render({ records: [cat], artifactUrl: "https://github.com/o/r/actions/runs/1/artifacts/3" });
    expect(body).toContain(
      "🖼️ cat.png (2.0 KiB), in the [artifact](https://github.com/o/r/actions/runs/1/artifacts/3)",
    );
    expect(body).toContain(
      "[artifact](https://github.com/o/r/actions/runs/1/artifacts/3) (needs a GitHub login)",
    );
  });

  it("shows a video as a link, over its poster image when there is one", () => {
    const urls = new Map([
      ["generated-media/hero.mp4", branchUrl("hero.mp4")],
      ["generated-media/hero-poster.png", branchUrl("hero-poster.png")],
    ]);
    const plain = render({ mediaUrls: urls });
    expect(plain).toContain(`[▶️ hero.mp4](${branchUrl("hero.mp4")}) (2.0 KiB)`);
    const withPoster = render({
      records: [hero, heroPoster],
      mediaUrls: urls,
      posters: new Map([["generated-media/hero.mp4", "generated-media/hero-poster.png"]]),
    });
    expect(withPoster).toContain(
      `<a href="${branchUrl("hero.mp4")}"><img src="${branchUrl("hero-poster.png")}" alt="▶ hero" width="240"></a>`,
    );
    // Every task keeps its row, the poster's too.
    expect(withPoster).toMatch(/^\| hero-poster \|/m);
    for (const body of [plain, withPoster]) {
      expect(body).not.toMatch(/<video|data:/i);
    }
  });

  it("escapes untrusted error text: no HTML, no links, no mentions, no broken table", () => {
    const body = render();
    const errorLine = body.split("\n").find((line) => line.startsWith("- **broken**")) ?? "";
    expect(errorLine).toContain("&lt;img src=x onerror=alert\\(1\\)&gt;");
    expect(errorLine).not.toContain("@");
    expect(errorLine).not.toContain("|");
    expect(errorLine).toContain("\\[here\\]\\(https://evil.example\\)");
    expect(body).not.toContain("<img src=x");
    expect(body).not.toContain("@octo");
  });

  it("says why images are not inline when the caller gives the reason", () => {
    const body = render({ notes: ["> Images are linked, not shown: set `media-branch`."] });
    expect(body).toContain("> Images are linked, not shown: set `media-branch`.");
  });

  it(`stays under ${commentLimit} characters with thousands of tasks, keeping the marker and saying what is left out`, () => {
    const records = Array.from({ length: 4000 }, (_, i) =>
      i % 2
        ? record({ name: `task-${i}`, status: "failed", error: `failure ${"x".repeat(400)} @someone <b>` })
        : record({ name: `task-${i}`, file: file(`generated-media/task-${i}.png`, "image/png") }),
    );
    const mediaUrls = new Map(
      records.flatMap((r) => (r.file ? [[r.file.path, branchUrl(`${r.name}.png`)]] : [])),
    );
    const body = renderComment({ tag: "media", records, runUrl, mediaUrls });
    expect(body.length).toBeLessThan(commentLimit);
    expect(body.startsWith(commentMarker("media"))).toBe(true);
    expect(body).toMatch(/_\d+ more tasks are not shown \(GitHub's comment size limit\)/);
    expect(body).toContain("</details>");
    expect(body).toContain(`[workflow run](${runUrl})`);
  });

  it("needs no truncation for an ordinary batch", () => {
    expect(render()).not.toContain("not shown");
  });
});

describe("the gallery for the job summary", () => {
  it("shows each image that has a durable URL, and nothing else", () => {
    const gallery = renderGallery(
      [cat, hero, speech],
      new Map([["generated-media/cat.png", branchUrl("cat.png")]]),
    );
    expect(gallery).toBe(
      `<a href="${branchUrl("cat.png")}"><img src="${branchUrl("cat.png")}" alt="cat" width="240"></a>\n`,
    );
    expect(renderGallery([cat], new Map())).toBe("");
  });
});
