/** The synchronous text endpoints of api-reference.md section 7, as the simulator reads them. */
import { z } from "zod";
import {
  anyOf,
  boolean,
  type Endpoint,
  endpoint,
  integer,
  model,
  nonEmpty,
  numberIn,
} from "./wire-fields.ts";

// ---------------------------------------------------------------------------------------------
// Text (section 7): the upstream formats, with the options each commonly takes
// ---------------------------------------------------------------------------------------------

function withSuffixes(bases: readonly string[], suffixes: readonly string[]): string[] {
  return bases.flatMap((base) => [base, ...suffixes.map((suffix) => `${base}${suffix}`)]);
}

const messages = (roles: readonly string[]) =>
  z
    .array(
      z.strictObject({
        role: anyOf(roles),
        content: z.union([nonEmpty(), z.array(z.record(z.string(), z.unknown())).min(1)], {
          error: "must be text or a list of content parts",
        }),
      }),
      { error: (issue) => (issue.input === undefined ? "is required" : "must be a list of messages") },
    )
    .min(1, { error: "needs at least one message" });

const unit = numberIn(0, 1);

const chat = endpoint(
  "openai-chat",
  "OpenAI chat completions",
  "text",
  "/v1/chat/completions",
  withSuffixes(["gpt-5.4", "gpt-5.5"], ["-official", "-hc", "-fd", "-low"]),
  {
    model,
    messages: messages(["system", "developer", "user", "assistant"]),
    temperature: numberIn(0, 2).optional(),
    top_p: unit.optional(),
    max_tokens: integer(1, Number.MAX_SAFE_INTEGER).optional(),
    max_completion_tokens: integer(1, Number.MAX_SAFE_INTEGER).optional(),
    reasoning_effort: anyOf(["minimal", "low", "medium", "high"]).optional(),
    stream: boolean.optional(),
  },
);

// The Anthropic format requires max_tokens and puts the system prompt beside the messages, not in them.
const claude = endpoint(
  "claude-messages",
  "Claude messages",
  "text",
  "/v1/messages",
  withSuffixes(
    [
      "claude-haiku-4-5",
      "claude-opus-4-5",
      "claude-opus-4-6",
      "claude-opus-4-7",
      "claude-sonnet-4-5",
      "claude-sonnet-4-6",
    ],
    ["-official", "-hc", "-fd"],
  ),
  {
    model,
    max_tokens: integer(1, Number.MAX_SAFE_INTEGER),
    messages: messages(["user", "assistant"]),
    system: nonEmpty().optional(),
    temperature: unit.optional(),
    top_p: unit.optional(),
    top_k: integer(1, Number.MAX_SAFE_INTEGER).optional(),
    stream: boolean.optional(),
  },
);

// The model is in the path (note `/v1/`, not Google's `/v1beta/`).
const gemini = endpoint(
  "gemini",
  "Gemini generateContent",
  "text",
  "/v1/models/{model}:generateContent",
  withSuffixes(
    [
      "gemini-2.5-flash-lite",
      "gemini-2.5-pro",
      "gemini-3-flash-preview",
      "gemini-3.1-flash-lite-preview",
      "gemini-3.1-pro-preview",
    ],
    ["-official", "-low"],
  ),
  {
    contents: z
      .array(
        z.strictObject({
          role: anyOf(["user", "model"]).optional(),
          parts: z.array(z.strictObject({ text: nonEmpty() })).min(1, { error: "needs a part" }),
        }),
        { error: (issue) => (issue.input === undefined ? "is required" : "must be a list of contents") },
      )
      .min(1, { error: "needs at least one entry" }),
    generationConfig: z
      .strictObject({
        temperature: numberIn(0, 2).optional(),
        topP: unit.optional(),
        topK: integer(1, Number.MAX_SAFE_INTEGER).optional(),
        maxOutputTokens: integer(1, Number.MAX_SAFE_INTEGER).optional(),
      })
      .optional(),
  },
);

export const textEndpoints: readonly Endpoint[] = [chat, claude, gemini];
