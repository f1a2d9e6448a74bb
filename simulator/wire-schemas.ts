/**
 * The simulator's own reading of the API: every create endpoint of api-reference.md (catalogue, section 4;
 * fields, section 5; text, section 7) with the model ids it accepts and a schema for its request body.
 * Written from the reference, not from the client's registry, and imported by nothing in src/: a client
 * that sends a wrong field name, a value outside a documented set or no required field gets the 400 the
 * real API would give it.
 *
 * Reading rules:
 * - Bodies are strict: a field the reference does not name for the endpoint is rejected, even where the
 *   vendor's table says "more unknown" (Seedance 1.5, StarVideos o3). The simulator's job is to catch a
 *   misspelt field; a name the reference knows only from third-party clients is accepted where it gives one.
 * - Where revisions disagree, the looser reading wins (section 9's tolerance rules), as the client's does.
 * - Asset ids (`asset://…`) only where section 6.1 documents them: Seedance 2.0, X1 and SD2 Manxue. Every
 *   other URL field takes a public http(s) URL.
 * - A model outside `models` is rejected unless the scenario says `acceptUnknownModels`; per-model rules
 *   only apply to the ids they name.
 *
 * The endpoints live in wire-video.ts, wire-image-audio.ts, wire-v2.ts (Model Center v2, read loosely: see
 * there) and wire-text.ts; the helpers in wire-fields.ts.
 */
import type { Body, Endpoint } from "./wire-fields.ts";
import { imageAudioEndpoints } from "./wire-image-audio.ts";
import { modelCenterEndpoints } from "./wire-v2.ts";
import { videoEndpoints } from "./wire-video.ts";

export { type Endpoint, type Kind, type MediaKind, mediaKindOf } from "./wire-fields.ts";
export { textEndpoints } from "./wire-text.ts";

export const mediaEndpoints: readonly Endpoint[] = [
  ...videoEndpoints,
  ...imageAudioEndpoints,
  ...modelCenterEndpoints,
];

// ---------------------------------------------------------------------------------------------
// Checking a body
// ---------------------------------------------------------------------------------------------

export interface BodyIssue {
  /** The wire field, dotted for nested ones ("content.1.role"); "body" for the body as a whole. */
  field: string;
  message: string;
}

/**
 * Why the endpoint would refuse `body`, field by field; empty when it takes it. `model` is checked
 * against the catalogue unless `acceptUnknownModels`.
 */
export function bodyIssues(
  endpoint: Endpoint,
  body: Body,
  options: { acceptUnknownModels?: boolean } = {},
): BodyIssue[] {
  const issues: BodyIssue[] = [];
  const parsed = endpoint.body.safeParse(body);
  for (const issue of parsed.success ? [] : parsed.error.issues) {
    const at = issue.path.map(String);
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        issues.push({
          field: [...at, key].join("."),
          message: `is not a field of ${endpoint.title} requests`,
        });
      }
    } else {
      issues.push({ field: at.join(".") || "body", message: issue.message });
    }
  }
  const sent = body.model;
  const known = issues.some((issue) => issue.field === "model") || endpoint.models.includes(String(sent));
  if (typeof sent === "string" && !known && !options.acceptUnknownModels && !endpoint.anyModel) {
    issues.unshift({
      field: "model",
      message: `unknown model "${sent}" for ${endpoint.createPath}; expected one of ${endpoint.models.join(", ")}`,
    });
  }
  return issues;
}
