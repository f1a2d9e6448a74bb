import { z } from "zod";
import type { Family } from "./family.ts";
import { text, wireBody } from "./fields.ts";

/**
 * The synchronous text endpoints (reference section 7): they answer in the same request, on their own
 * host (the `text-base-url` input). A text task writes its answer to `<name>.md`.
 */

/** Route suffixes exist on some ids only (reference 7); every listed combination is accepted. */
function withSuffixes(bases: readonly string[], suffixes: readonly string[]): string[] {
  return bases.flatMap((base) => [base, ...suffixes.map((suffix) => `${base}${suffix}`)]);
}

const gptModels = withSuffixes(["gpt-5.4", "gpt-5.5"], ["-official", "-hc", "-fd", "-low"]);
const claudeModels = withSuffixes(
  [
    "claude-haiku-4-5",
    "claude-opus-4-5",
    "claude-opus-4-6",
    "claude-opus-4-7",
    "claude-sonnet-4-5",
    "claude-sonnet-4-6",
  ],
  ["-official", "-hc", "-fd"],
);
const geminiModels = withSuffixes(
  [
    "gemini-2.5-flash-lite",
    "gemini-2.5-pro",
    "gemini-3-flash-preview",
    "gemini-3.1-flash-lite-preview",
    "gemini-3.1-pro-preview",
  ],
  ["-official", "-low"],
);

const userMessage = z.strictObject({
  role: z.enum(["user", "assistant", "system"]),
  content: z.string().min(1),
});
const temperature = z.number().min(0).max(2);

/** Texts of `[{type:"text", text}]` or `[{text}]` parts, joined: both the Claude and Gemini formats. */
function joinParts(parts: unknown): string | undefined {
  if (!Array.isArray(parts)) return undefined;
  const texts = parts
    .map((part) => (part && typeof part === "object" ? (part as { text?: unknown }).text : undefined))
    .filter((t): t is string => typeof t === "string");
  return texts.length ? texts.join("") : undefined;
}

const chatCompletions: Family = {
  id: "openai-chat",
  title: "OpenAI chat completions",
  kind: "text",
  createPath: "/v1/chat/completions",
  models: gptModels,
  accepts: { prompt: "messages" },
  buildBody: ({ model, common, params }) => ({
    model,
    messages: [{ role: "user", content: common.prompt ?? "" }],
    ...params,
  }),
  body: wireBody("OpenAI chat completions", {
    model: z.enum(gptModels as [string, ...string[]]),
    messages: z.array(userMessage).min(1, { error: "needs a prompt" }),
    temperature: temperature.optional(),
    top_p: z.number().min(0).max(1).optional(),
    max_tokens: z.number().int().positive().optional(),
    max_completion_tokens: z.number().int().positive().optional(),
    reasoning_effort: z.enum(["minimal", "low", "medium", "high"]).optional(),
  }),
  answerOf: (json) => {
    const choices = (json as { choices?: unknown } | null)?.choices;
    const first = Array.isArray(choices)
      ? (choices[0] as { message?: { content?: unknown } } | undefined)
      : undefined;
    const content = first?.message?.content;
    return typeof content === "string" ? content : joinParts(content);
  },
};

const claudeMessages: Family = {
  id: "claude-messages",
  title: "Claude messages",
  kind: "text",
  createPath: "/v1/messages",
  models: claudeModels,
  accepts: { prompt: "messages" },
  // The Anthropic format requires max_tokens; 4096 leaves room for a page of Markdown.
  buildBody: ({ model, common, params }) => ({
    model,
    max_tokens: 4096,
    messages: [{ role: "user", content: common.prompt ?? "" }],
    ...params,
  }),
  body: wireBody("Claude messages", {
    model: z.enum(claudeModels as [string, ...string[]]),
    max_tokens: z.number().int().positive(),
    messages: z.array(userMessage).min(1, { error: "needs a prompt" }),
    system: text().optional(),
    temperature: z.number().min(0).max(1).optional(),
    top_p: z.number().min(0).max(1).optional(),
  }),
  answerOf: (json) => joinParts((json as { content?: unknown } | null)?.content),
};

const geminiGenerateContent: Family = {
  id: "gemini",
  title: "Gemini generateContent",
  kind: "text",
  // The model is part of the path, not the body (note `/v1/`, not Google's `/v1beta/`).
  createPath: "/v1/models/{model}:generateContent",
  models: geminiModels,
  accepts: { prompt: "contents" },
  buildBody: ({ common, params }) => ({
    contents: [{ role: "user", parts: [{ text: common.prompt ?? "" }] }],
    ...params,
  }),
  body: wireBody("Gemini generateContent", {
    contents: z
      .array(
        z.strictObject({
          role: z.enum(["user", "model"]),
          parts: z.array(z.strictObject({ text: z.string().min(1) })).min(1),
        }),
      )
      .min(1, { error: "needs a prompt" }),
    generationConfig: z
      .strictObject({
        temperature: temperature.optional(),
        topP: z.number().min(0).max(1).optional(),
        topK: z.number().int().positive().optional(),
        maxOutputTokens: z.number().int().positive().optional(),
      })
      .optional(),
  }),
  answerOf: (json) => {
    const candidates = (json as { candidates?: unknown } | null)?.candidates;
    const first = Array.isArray(candidates)
      ? (candidates[0] as { content?: { parts?: unknown } } | undefined)
      : undefined;
    return joinParts(first?.content?.parts);
  },
};

export const textFamilies: readonly Family[] = [chatCompletions, claudeMessages, geminiGenerateContent];
