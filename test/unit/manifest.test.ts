import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/errors.ts";
import { parseManifest } from "../../src/plan/manifest.ts";

function problemsOf(text: string, file = "media.yml"): string[] {
  try {
    parseManifest(text, file);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.map((p) => p.message);
  }
  throw new Error("expected the manifest to be refused");
}

describe("manifest parsing", () => {
  it("reads YAML with defaults and tasks", () => {
    const { manifest } = parseManifest(
      [
        "defaults:",
        "  model: nano-banana-2",
        "  params: { resolution: 1k }",
        "tasks:",
        "  - name: hero",
        "    prompt: A cat",
      ].join("\n"),
      "media.yml",
    );
    expect(manifest.defaults?.model).toBe("nano-banana-2");
    expect(manifest.tasks).toEqual([{ name: "hero", prompt: "A cat" }]);
  });

  it("reads JSON, with line numbers in its errors too", () => {
    const json = JSON.stringify(
      {
        tasks: [
          { name: "a", prompt: "x" },
          { name: "b", promt: "typo" },
        ],
      },
      null,
      2,
    );
    const [message] = problemsOf(json, "media.json");
    expect(message).toMatch(/^media\.json:\d+: task "b": unknown field "promt"/);
  });

  it("names the file, the line, the task and the field of an unknown key", () => {
    const [message] = problemsOf(
      ["tasks:", "  - name: hero", "    prompt: A cat", "    aspect-ratio: 16:9"].join("\n"),
    );
    expect(message).toBe(
      'media.yml:4: task "hero": unknown field "aspect-ratio"; allowed: name, model, prompt, prompt-file, first_image, last_image, reference_images, reference_videos, reference_audios, duration, aspect_ratio, resolution, params, voice, endpoint, kind, body, poll (family-specific request fields go under "params")',
    );
  });

  it("names the field of a wrong type", () => {
    const [message] = problemsOf(
      ["tasks:", "  - name: hero", "    prompt: A cat", "    duration: ten"].join("\n"),
    );
    expect(message).toMatch(/^media\.yml:4: task "hero": field "duration": /);
  });

  it("refuses duplicate and unsafe names", () => {
    expect(
      problemsOf(["tasks:", "  - name: a", "    prompt: x", "  - name: a", "    prompt: y"].join("\n"))[0],
    ).toMatch(/media\.yml:4: task "a": name is used twice/);
    for (const name of ["../escape", "a/b", "..", "", "x".repeat(101), "spaces here"]) {
      expect(problemsOf(`tasks:\n  - name: ${JSON.stringify(name)}\n    prompt: x\n`)[0]).toMatch(
        /field "name": must be 1–100 characters/,
      );
    }
  });

  it("refuses a broken file with its line", () => {
    expect(problemsOf("tasks:\n  - name: a\n   prompt: [unclosed\n")[0]).toMatch(
      /^media\.yml:\d+: not valid YAML\/JSON/,
    );
  });

  it("refuses duplicate keys instead of silently keeping one", () => {
    expect(problemsOf("tasks:\n  - name: a\n    prompt: x\n    prompt: y\n")[0]).toMatch(
      /not valid YAML\/JSON: .*[Mm]ap keys must be unique/,
    );
  });

  it("needs at least one task and no unknown top-level keys", () => {
    expect(problemsOf("tasks: []\n")[0]).toMatch(/field "tasks": needs at least one task/);
    expect(problemsOf("task:\n  - name: a\n")).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/unknown field "task"; allowed: defaults, assets, tasks/),
      ]),
    );
  });

  it("says what it found where a value has the wrong type, and keeps 'is required' for a missing one", () => {
    const problems = problemsOf(
      [
        "tasks:",
        "  - name: 1e3",
        "    prompt: 123",
        '    duration: "5"',
        "    aspect_ratio: true",
        "    resolution:",
        "    reference_images: a.png",
        "    params: [seed]",
        "  - prompt: no name",
      ].join("\n"),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'media.yml:2: task 1: field "name": expected a string, found the number 1000; put it in quotes to use it as text',
        'media.yml:3: task 1: field "prompt": expected a string, found the number 123; put it in quotes to use it as text',
        'media.yml:4: task 1: field "duration": expected a number, found the string "5"; write it without quotes',
        'media.yml:5: task 1: field "aspect_ratio": expected a string, found true (a boolean); put it in quotes to use it as text',
        'media.yml:6: task 1: field "resolution": expected a string, found an empty value',
        'media.yml:7: task 1: field "reference_images": expected a list, found the string "a.png"',
        'media.yml:8: task 1: field "params": expected a mapping, found a list of 1 item',
        'media.yml:9: task 2: field "name": is required',
      ]),
    );
    expect(problemsOf("just text")).toEqual([
      'media.yml:1: manifest: expected a mapping, found the string "just text"',
    ]);
    expect(problemsOf("tasks:\n  - name: a\n    duration: 1e999\n")).toEqual([
      'media.yml:3: task "a": field "duration": expected a number, found Infinity (a number out of range)',
    ]);
  });

  it("refuses an alias bomb and an alias to no anchor as mistakes in the file", () => {
    const bomb = ["a: &a [x,x,x,x,x,x,x,x,x,x]", "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]"];
    for (let level = 0; level < 4; level++) {
      bomb.push(`${"cdef"[level]}: &${"cdef"[level]} [${`*${"bcde"[level]},`.repeat(10).slice(0, -1)}]`);
    }
    expect(problemsOf(`${bomb.join("\n")}\ntasks: [*f]\n`)).toEqual([
      "media.yml: not valid YAML/JSON: its aliases (*name) expand to too many values; write the values out instead of referencing them",
    ]);
    expect(problemsOf("tasks: [*nowhere]\n")).toEqual([
      "media.yml: not valid YAML/JSON: Unresolved alias (the anchor must be set before the alias): nowhere",
    ]);
  });
});
