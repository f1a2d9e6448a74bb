import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type Simulator, startSimulator } from "../../simulator/server.ts";
import { cannedAnswer } from "../../simulator/text.ts";
import { plainHttpWarning } from "../../src/plan/inputs.ts";
import type { TaskRecord } from "../../src/run/record.ts";
import { makeWorkspace, runAction } from "../support/action-runner.ts";

const apiKey = "text-key-5d1c";
let simulator: Simulator | undefined;
afterEach(async () => {
  await simulator?.close();
  simulator = undefined;
});

describe("text models", () => {
  it("writes each answer to <name>.md from the chat, messages and generateContent endpoints", async () => {
    simulator = await startSimulator({ apiKey, timeScale: 1000 });
    const ws = makeWorkspace();
    ws.write(
      "m.yml",
      [
        "tasks:",
        "  - name: gpt-notes",
        "    model: gpt-5.4",
        "    prompt: Summarise the release",
        "    params: { temperature: 0.2 }",
        "  - name: claude-notes",
        "    model: claude-sonnet-4-5-official",
        "    prompt: Write a changelog",
        "  - name: gemini-notes",
        "    model: gemini-2.5-pro",
        "    prompt: Name the release",
        "    params: { generationConfig: { maxOutputTokens: 256 } }",
        "  - name: picture",
        "    model: nano-banana-2",
        "    prompt: A cat",
      ].join("\n"),
    );
    const run = await runAction(ws, {
      "api-key": apiKey,
      "base-url": simulator.url,
      "text-base-url": simulator.url,
      manifest: "m.yml",
      "poll-interval": "50ms",
    });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(/::warning::.*plain http/);
    const records = JSON.parse(readFileSync(path.join(ws.dir, "generated-media/results.json"), "utf8"))
      .tasks as TaskRecord[];
    expect(records.map((r) => [r.name, r.kind, r.status])).toEqual([
      ["gpt-notes", "text", "completed"],
      ["claude-notes", "text", "completed"],
      ["gemini-notes", "text", "completed"],
      ["picture", "image", "completed"],
    ]);
    for (const [name, prompt] of [
      ["gpt-notes", "Summarise the release"],
      ["claude-notes", "Write a changelog"],
      ["gemini-notes", "Name the release"],
    ] as const) {
      const record = records.find((r) => r.name === name);
      expect(record?.file?.path).toBe(`generated-media/${name}.md`);
      expect(readFileSync(path.join(ws.dir, record?.file?.path ?? ""), "utf8")).toBe(cannedAnswer(prompt));
    }
    const sent = (p: string) => simulator?.requests.find((r) => r.path === p)?.body;
    expect(sent("/v1/chat/completions")).toEqual({
      model: "gpt-5.4",
      messages: [{ role: "user", content: "Summarise the release" }],
      temperature: 0.2,
    });
    expect(sent("/v1/messages")).toEqual({
      model: "claude-sonnet-4-5-official",
      max_tokens: 4096,
      messages: [{ role: "user", content: "Write a changelog" }],
    });
    expect(sent("/v1/models/gemini-2.5-pro:generateContent")).toEqual({
      contents: [{ role: "user", parts: [{ text: "Name the release" }] }],
      generationConfig: { maxOutputTokens: 256 },
    });
    // Text requests are never polled: the only polls are the image's.
    const polled = simulator.requests.filter((r) => r.route === "poll").map((r) => r.taskId);
    expect(new Set(polled)).toEqual(new Set([records.find((r) => r.name === "picture")?.taskId]));
  });

  it("warns when the key would travel over plain http to another host, not to loopback or https", () => {
    expect(plainHttpWarning("http://apillm.globalaiopc.com/gw_llm_power", "text-base-url")).toMatch(
      /"text-base-url" is plain http \(apillm\.globalaiopc\.com\): the API key will cross the network unencrypted/,
    );
    expect(plainHttpWarning("http://127.0.0.1:8080", "text-base-url")).toBeUndefined();
    expect(plainHttpWarning("http://localhost:8080", "text-base-url")).toBeUndefined();
    expect(plainHttpWarning("http://[::1]:8080", "text-base-url")).toBeUndefined();
    expect(plainHttpWarning("https://apillm.globalaiopc.com", "text-base-url")).toBeUndefined();
  });
});
