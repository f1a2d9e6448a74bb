/**
 * The synchronous text endpoints (reference section 7) with canned answers in each upstream format:
 * OpenAI chat completions, Anthropic messages, Gemini generateContent. The answer echoes the prompt so a
 * test can tell which task a file came from.
 */
import { randomUUID } from "node:crypto";
import type { Endpoint } from "./wire-fields.ts";

export interface TextRoute {
  family: Endpoint;
  /** Gemini carries the model in the path. */
  pathModel?: string;
}

/** Matches a request path to a text family; `{model}` in a create path matches one path segment. */
export function textRouteOf(pathname: string, textFamilies: readonly Endpoint[]): TextRoute | undefined {
  for (const family of textFamilies) {
    if (!family.createPath.includes("{model}")) {
      if (family.createPath === pathname) return { family };
      continue;
    }
    const [before, after] = family.createPath.split("{model}") as [string, string];
    if (
      pathname.startsWith(before) &&
      pathname.endsWith(after) &&
      pathname.length > before.length + after.length
    ) {
      const segment = pathname.slice(before.length, pathname.length - after.length);
      if (segment.includes("/")) continue;
      try {
        return { family, pathModel: decodeURIComponent(segment) };
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

export function promptOfText(body: Record<string, unknown>): string {
  const messages = body.messages;
  if (Array.isArray(messages)) {
    const last = messages.at(-1) as { content?: unknown } | undefined;
    if (typeof last?.content === "string") return last.content;
  }
  const contents = body.contents;
  if (Array.isArray(contents)) {
    const parts = (contents.at(-1) as { parts?: { text?: unknown }[] } | undefined)?.parts;
    const text = parts?.map((p) => (typeof p.text === "string" ? p.text : "")).join("");
    if (text) return text;
  }
  return "";
}

export function cannedAnswer(prompt: string): string {
  return `# Answer\n\nThis is the simulator's answer to: ${prompt}\n`;
}

/** The response body in the family's own format. */
export function textResponse(family: Endpoint, model: string, prompt: string): Record<string, unknown> {
  const answer = cannedAnswer(prompt);
  const created = Math.floor(Date.now() / 1000);
  switch (family.id) {
    case "claude-messages":
      return {
        id: `msg_${randomUUID().replace(/-/g, "")}`,
        type: "message",
        role: "assistant",
        model,
        content: [{ type: "text", text: answer }],
        stop_reason: "end_turn",
        usage: { input_tokens: prompt.length, output_tokens: answer.length },
      };
    case "gemini":
      return {
        candidates: [{ content: { role: "model", parts: [{ text: answer }] }, finishReason: "STOP" }],
        usageMetadata: {
          promptTokenCount: prompt.length,
          candidatesTokenCount: answer.length,
          totalTokenCount: prompt.length + answer.length,
        },
      };
    default:
      return {
        id: `chatcmpl-${randomUUID().replace(/-/g, "")}`,
        object: "chat.completion",
        created,
        model,
        choices: [{ index: 0, message: { role: "assistant", content: answer }, finish_reason: "stop" }],
      };
  }
}
