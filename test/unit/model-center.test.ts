/**
 * Model Center v2 and the `endpoint` form (design 8), below the built action: how v2's answers are read,
 * what the plan says about fields it lets through, and every route the endpoint form must refuse before a
 * request is made (the key goes to base-url's host and nowhere else).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { actionDefaults } from "../../src/action-inputs.ts";
import { renderPlan } from "../../src/deliver/plan-report.ts";
import { ConfigError } from "../../src/errors.ts";
import { parseCreateResponse, parsePollResponse } from "../../src/models/answers.ts";
import { modelCenterPolling } from "../../src/models/model-center.ts";
import { pollPathOf } from "../../src/models/polling.ts";
import { findFamily } from "../../src/models/registry.ts";
import { pollRouteProblem, routeProblem } from "../../src/plan/endpoint-task.ts";
import { readSettings } from "../../src/plan/inputs.ts";
import { planTasks } from "../../src/plan/planner.ts";

function planManifest(manifest: string) {
  const dir = mkdtempSync(path.join(tmpdir(), "genmedia-v2-"));
  writeFileSync(path.join(dir, "m.yml"), manifest);
  const inputs: Record<string, string> = { "api-key": "k", manifest: "m.yml" };
  return planTasks(readSettings((name) => inputs[name] ?? "", dir, { defaults: actionDefaults() }));
}

function planProblems(manifest: string): string[] {
  try {
    planManifest(manifest);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.map((problem) => problem.message);
  }
  throw new Error("expected the plan to fail");
}

const endpointTask = (endpoint: string, extra = "") =>
  [
    "tasks:",
    "  - name: teaser",
    `    endpoint: ${JSON.stringify(endpoint)}`,
    "    kind: video",
    "    body:",
    "      model: seedance-2.6-c1",
    "      prompt: A paper boat",
    extra,
  ].join("\n");

describe("Model Center v2 answers", () => {
  it("reads a poll answer wrapped in a {code, msg, data} envelope, as one client does", () => {
    const wrapped = {
      code: 0,
      msg: null,
      data: { id: "mcp_1", status: "completed", result_url: "https://cdn.example/r.mp4" },
    };
    expect(parsePollResponse(wrapped, "result_url")).toMatchObject({
      status: "completed",
      url: "https://cdn.example/r.mp4",
    });
    // A body with its own status is never read from `data`.
    expect(parsePollResponse({ status: "processing", data: { status: "completed" } })?.status).toBe(
      "processing",
    );
  });

  const video = modelCenterPolling("video");
  const image = modelCenterPolling("image");

  it("reads the create id as id or task_id", () => {
    expect(parseCreateResponse({ id: "mcp_1", status: "queued" })).toMatchObject({
      ok: true,
      taskId: "mcp_1",
    });
    expect(parseCreateResponse({ task_id: "mcp_2", status: "queued" })).toMatchObject({
      ok: true,
      taskId: "mcp_2",
    });
  });

  it("reads a create refused with `error` as a string or as an object", () => {
    expect(parseCreateResponse({ task_id: "mcp_3", status: "failed", error: "prompt rejected" })).toEqual({
      ok: false,
      taskId: "mcp_3",
      error: "prompt rejected",
    });
    expect(
      parseCreateResponse({
        id: "mcp_4",
        status: "failed",
        error: { code: "policy", message: "face found" },
      }),
    ).toEqual({ ok: false, taskId: "mcp_4", error: "face found" });
  });

  it("reads the media URL from result_url first, then the kind's field", () => {
    const both = {
      id: "mcp_example_123456",
      status: "completed",
      progress: 100,
      result_url: "https://cdn.example/result.mp4",
      video_url: "https://cdn.example/other.mp4",
      amount: 0.32,
      actualDuration: 5,
      error: null,
    };
    expect(parsePollResponse(both, video.resultField)?.url).toBe("https://cdn.example/result.mp4");
    expect(
      parsePollResponse({ status: "completed", image_url: "https://cdn.example/i.png" }, image.resultField),
    ).toMatchObject({ status: "completed", url: "https://cdn.example/i.png" });
    expect(
      parsePollResponse({ status: "completed", result_url: "https://cdn.example/r.png" }, image.resultField),
    ).toMatchObject({ url: "https://cdn.example/r.png" });
  });

  it("reads a failure's `error` object as its message", () => {
    expect(
      parsePollResponse(
        { status: "failed", error: { code: "x", message: "upstream timeout" } },
        video.resultField,
      ),
    ).toMatchObject({ status: "failed", error: "upstream timeout" });
  });

  it("polls at /v2/model-center/tasks/{id} with the id encoded", () => {
    expect(pollPathOf(video, "mcp a/b")).toBe("/v2/model-center/tasks/mcp%20a%2Fb");
  });

  it("takes any http(s) URL among the top-level values only when the route opts in (endpoint tasks)", () => {
    const answer = {
      status: "completed",
      thumbnail: "not a url",
      output_link: "https://cdn.example/out.mp4",
      other: "https://cdn.example/second.mp4",
    };
    expect(parsePollResponse(answer, "result_url")?.url).toBeUndefined();
    expect(parsePollResponse(answer, "result_url", { anyTopLevelUrl: true })?.url).toBe(
      "https://cdn.example/out.mp4",
    );
    // A named result field still wins over a stray URL.
    expect(
      parsePollResponse({ ...answer, result_url: "https://cdn.example/named.mp4" }, "result_url", {
        anyTopLevelUrl: true,
      })?.url,
    ).toBe("https://cdn.example/named.mp4");
  });
});

describe("Model Center v2 in the plan", () => {
  it("holds the limits two clients agree on: required media, ratios and the sd_2.0 frame rules", () => {
    const task = (name: string, model: string, extra: string) =>
      `  - name: ${name}\n    model: ${model}\n    prompt: A boat\n${extra}`;
    const problems = planProblems(
      [
        "tasks:",
        task("i2v", "wan2.7-i2v", "    first_image: https://example.com/a.jpg\n"),
        task("ratio", "seedance-2.5-c1", "    aspect_ratio: '4:3'\n"),
        task(
          "mixed",
          "sd_2.0_discount",
          "    first_image: https://example.com/a.jpg\n    reference_images: [https://example.com/b.jpg]\n",
        ),
        task("alone", "sd_2.0_special", "    reference_audios: [https://example.com/a.mp3]\n"),
        task("seedream", "seedream-5.0", "    resolution: 1K\n"),
      ].join("\n"),
    ).join("\n");
    expect(problems).toMatch(/task "i2v": field "last_image": is required for wan2\.7-i2v/);
    expect(problems).toMatch(
      /task "ratio": field "aspect_ratio": must be one of 16:9, 9:16, 1:1 for seedance-2\.5-c1/,
    );
    expect(problems).toMatch(/task "mixed": field "reference_images": cannot be combined with first_image/);
    expect(problems).toMatch(/task "alone": field "reference_audios": needs a reference image or video/);
    expect(problems).toMatch(/task "seedream": field "resolution": must be one of 2K, 3K, 4K/);
  });

  it("maps the common fields 1:1 onto the flat snake_case body", () => {
    const [task] = planManifest(
      [
        "tasks:",
        "  - name: boat",
        "    model: seedance-2.5-c1",
        "    prompt: A paper boat",
        "    first_image: https://example.com/a.jpg",
        "    duration: 10",
        "    resolution: 720p",
        "    aspect_ratio: '16:9'",
        "    params: { seed: 7, generate_audio: true }",
      ].join("\n"),
    );
    expect(task).toMatchObject({
      endpoint: "/v2/model-center/tasks",
      kind: "video",
      model: "seedance-2.5-c1",
    });
    expect(task?.body).toEqual({
      model: "seedance-2.5-c1",
      prompt: "A paper boat",
      first_image: "https://example.com/a.jpg",
      duration: 10,
      aspect_ratio: "16:9",
      resolution: "720p",
      seed: 7,
      generate_audio: true,
    });
    expect(task?.notices).toBeUndefined();
  });

  it("passes a param it does not know with a notice naming it, and still checks the ones it knows", () => {
    const [task] = planManifest(
      "tasks:\n  - name: boat\n    model: KlingO3\n    prompt: A boat\n    params: { camera_motion: dolly, cfg: 0.5 }\n",
    );
    expect(task?.body).toMatchObject({ camera_motion: "dolly", cfg: 0.5 });
    expect(task?.notices).toEqual([
      expect.stringMatching(
        /^m\.yml:5: task "boat": "params\.camera_motion", "params\.cfg" are sent as written, unchecked: Model Center v2 video's field rules are inferred/,
      ),
    ]);
    const problems = planProblems(
      "tasks:\n  - name: boat\n    model: KlingO3\n    prompt: A boat\n    params: { seed: 1.5, watermark: 'no' }\n",
    );
    expect(problems.join("\n")).toMatch(/field "params\.seed": must be a whole number/);
    expect(problems.join("\n")).toMatch(/field "params\.watermark": must be true or false/);
  });

  it("checks the limits of the table: duration, resolution and reference counts per model", () => {
    const problems = planProblems(
      [
        "tasks:",
        "  - name: long",
        "    model: MiniMax-H3-c4",
        "    prompt: A boat",
        "    duration: 20",
        "    resolution: 720p",
        `    reference_videos: [${Array.from({ length: 4 }, (_, i) => `https://e.com/${i}.mp4`).join(", ")}]`,
      ].join("\n"),
    );
    expect(problems.join("\n")).toMatch(/field "duration": must be from 5 to 15 seconds for MiniMax-H3-c4/);
    expect(problems.join("\n")).toMatch(/field "resolution": must be one of 1440P for MiniMax-H3-c4/);
    expect(problems.join("\n")).toMatch(/field "reference_videos": takes at most 3 URLs for MiniMax-H3-c4/);
    // Seedance 2.5 goes to 30 s; its resolution is compared without regard to case.
    expect(
      planManifest(
        "tasks:\n  - name: a\n    model: seedance-2.5-c1\n    prompt: x\n    duration: 30\n    resolution: 720P\n",
      ),
    ).toHaveLength(1);
  });

  it("takes asset ids but not data URIs in media fields, and requires a prompt", () => {
    expect(
      planManifest(
        "tasks:\n  - name: a\n    model: sd_2.0_special\n    prompt: x\n    first_image: asset://abc\n",
      ),
    ).toHaveLength(1);
    expect(
      planProblems(
        "tasks:\n  - name: a\n    model: wan2.7-i2v\n    prompt: x\n    first_image: data:image/png;base64,AA\n",
      ).join(),
    ).toMatch(/field "first_image": is a base64\/data URI/);
    expect(planProblems("tasks:\n  - name: a\n    model: seedream-5.0\n").join()).toMatch(
      /field "prompt": is required/,
    );
  });

  it("names the endpoint form in the error for a model id the registry does not know", () => {
    expect(planProblems("tasks:\n  - name: a\n    model: seedance-9.9\n    prompt: x\n").join()).toMatch(
      /Unknown model "seedance-9\.9"\..*send it as an endpoint task \(endpoint: \/v2\/model-center\/tasks, kind, body with its model\)/,
    );
  });

  it("gives the image ids to the image family", () => {
    expect(findFamily("seedream-5.0")?.kind).toBe("image");
    expect(findFamily("KlingO3")?.kind).toBe("video");
    // Documented on the v1 Videos route: kept there.
    expect(findFamily("videos_stable")?.createPath).toBe("/v1/videos/videos");
  });
});

describe("the endpoint form", () => {
  it("plans a body as written, polled by default at the route's poll path, with a notice", () => {
    const [task] = planManifest(endpointTask("/v2/model-center/tasks", "      duration: 10"));
    expect(task).toMatchObject({
      name: "teaser",
      model: "seedance-2.6-c1",
      kind: "video",
      endpoint: "/v2/model-center/tasks",
      body: { model: "seedance-2.6-c1", prompt: "A paper boat", duration: 10 },
    });
    expect(task?.family.polling).toMatchObject({
      path: "/v2/model-center/tasks/{id}",
      resultField: "result_url",
      anyTopLevelUrl: true,
    });
    expect(task?.family.typicalSeconds).toBeUndefined();
    expect(task?.notices).toEqual([expect.stringMatching(/^m\.yml:2: task "teaser": sent unvalidated/)]);
    const report = renderPlan(task ? [task] : [], { baseUrl: "https://api.example", textBaseUrl: "" });
    expect(report).toContain("sent unvalidated");
    const [v1] = planManifest(endpointTask("/v1/labs/videos"));
    expect(v1?.family.polling?.path).toBe("/v1/result/{id}");
  });

  it("records the endpoint path as the model when the body names none", () => {
    const [task] = planManifest(
      "tasks:\n  - name: t\n    endpoint: /v9/labs/foo\n    kind: image\n    body: { prompt: x }\n",
    );
    expect(task?.model).toBe("/v9/labs/foo");
  });

  it("hashes the route, the poll route and the body, so changing any makes a fresh task", () => {
    const hash = (endpoint: string, extra = "") => planManifest(endpointTask(endpoint, extra))[0]?.inputHash;
    const base = hash("/v9/labs/foo");
    expect(hash("/v9/labs/bar")).not.toBe(base);
    expect(hash("/v9/labs/foo", "    poll: /v9/labs/foo/{id}")).not.toBe(base);
    expect(hash("/v9/labs/foo", "      seed: 2")).not.toBe(base);
    expect(hash("/v9/labs/foo")).toBe(base);
  });

  it.each([
    ["https://evil.example/v2/model-center/tasks", /has a scheme \("https:"\)/],
    ["http:/v2/x", /has a scheme \("http:"\)/],
    ["//evil.example/v2/x", /starts with "\/\/", which names a host/],
    ["\\\\evil.example\\v2", /contains a backslash/],
    ["/v2/\\evil", /contains a backslash/],
    ["evil.example/v2/x", /must start with "\/"/],
    ["/v2/../admin", /contains a "\.\." segment/],
    ["/v2/./x", /contains a "\." segment/],
    ["/v2/%2e%2e/admin", /percent-encoded/],
    ["/v2/%2E%2E/admin", /percent-encoded/],
    ["/v2%2f..%2fadmin", /percent-encoded/],
    ["/v2/%252e%252e/admin", /percent-encoded/],
    ["/v2/x?key=1", /contains "\?"/],
    ["/v2/x#frag", /contains "#"/],
    ["/v2/x y", /contains a space/],
    ["/v2/x\ty", /contains a control character/],
    ["/v2/x\u0000", /contains a control character/],
    ["/v2/tâche", /contains "â"/],
    ["", /is empty/],
  ])("refuses the endpoint %j with the file, line, task and field named", (endpoint, why) => {
    expect(routeProblem(endpoint)).toMatch(why);
    const [message] = planProblems(endpointTask(endpoint));
    expect(message).toMatch(/^m\.yml:3: task "teaser": field "endpoint": /);
    expect(message).toMatch(why);
  });

  it("refuses a poll route without {id} exactly once, or that fails the route rules", () => {
    expect(pollRouteProblem("/v9/labs/foo")).toMatch(/must contain "\{id\}" exactly once.*found it nowhere/);
    expect(pollRouteProblem("/v9/{id}/{id}")).toMatch(/found it 2 times/);
    expect(pollRouteProblem("//evil.example/{id}")).toMatch(/names a host/);
    expect(pollRouteProblem("/v9/labs/foo/{id}")).toBeUndefined();
    const [message] = planProblems(endpointTask("/v9/labs/foo", "    poll: https://evil.example/{id}"));
    expect(message).toMatch(
      /^m\.yml:8: task "teaser": field "poll": "https:\/\/evil\.example\/\{id\}" has a scheme/,
    );
  });

  it("refuses a model task's fields beside endpoint (one form or the other), naming each conflict", () => {
    const problems = planProblems(
      endpointTask(
        "/v9/labs/foo",
        ["    model: KlingO3", "    prompt: A boat", "    params: { seed: 1 }"].join("\n"),
      ),
    );
    expect(problems).toEqual([
      expect.stringMatching(/task "teaser": field "model" belongs to a model task .*put it in body\.model/),
      expect.stringMatching(/task "teaser": field "params" belongs to a model task .*put it in body$/),
      expect.stringMatching(/task "teaser": field "prompt" belongs to a model task .*put it in body\.prompt/),
    ]);
  });

  it("needs endpoint, kind and body together, and a body JSON can carry", () => {
    expect(planProblems("tasks:\n  - name: t\n    kind: video\n    body: { model: x }\n").join()).toMatch(
      /field "endpoint" is missing/,
    );
    expect(planProblems("tasks:\n  - name: t\n    endpoint: /v9/x\n    body: { model: x }\n").join()).toMatch(
      /field "kind" is missing/,
    );
    expect(planProblems("tasks:\n  - name: t\n    endpoint: /v9/x\n    kind: video\n").join()).toMatch(
      /field "body" is missing/,
    );
    expect(
      planProblems(
        "tasks:\n  - name: t\n    endpoint: /v9/x\n    kind: video\n    body: { n: .inf }\n",
      ).join(),
    ).toMatch(/field "body\.n" is Infinity, which JSON cannot carry/);
  });

  it("leaves defaults and the model input to model tasks", () => {
    const [task] = planManifest(
      `defaults:\n  resolution: 720p\n  params: { seed: 3 }\n${endpointTask("/v9/labs/foo").replace("tasks:\n", "tasks:\n")}`,
    );
    expect(task?.body).toEqual({ model: "seedance-2.6-c1", prompt: "A paper boat" });
  });
});
