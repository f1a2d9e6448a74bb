import { audioFamilies } from "./audio.ts";
import { closestMatch, idDistance, lowestBy } from "./closest.ts";
import type { Family } from "./family.ts";
import { imageFamilies } from "./image.ts";
import { modelCenterCreatePath, modelCenterFamilies } from "./model-center.ts";
import { textFamilies } from "./text.ts";
import { videoFamilies } from "./video.ts";

export const families: readonly Family[] = [
  ...videoFamilies,
  ...imageFamilies,
  ...modelCenterFamilies,
  ...audioFamilies,
  ...textFamilies,
];

function idsOf(family: Family): readonly string[] {
  return [...family.models, ...(family.legacyModels ?? [])];
}

const familyByModel = new Map<string, Family>(
  families.flatMap((family) => idsOf(family).map((model): [string, Family] => [model, family])),
);

/** The family of a current or legacy model id; ids are case-sensitive, as on the wire. */
export function findFamily(model: string): Family | undefined {
  return familyByModel.get(model);
}

/** Every known model id, current and legacy, in registry order. */
export function allModelIds(): string[] {
  return families.flatMap((family) => idsOf(family));
}

function distanceToFamily(model: string, family: Family): number {
  return Math.min(...idsOf(family).map((id) => idDistance(model, id)));
}

/** The family whose ids are closest to `model`, e.g. "sora-2" → Sora, "veo3" → VEO. */
export function nearestFamily(model: string): Family {
  // The registry is a non-empty constant: there is always a nearest family.
  return lowestBy(families, (family) => distanceToFamily(model, family)) as Family;
}

/** A sentence for an id the registry does not know: the closest id and the ids of its family. */
export function unknownModelMessage(model: string): string {
  const family = nearestFamily(model);
  const suggestion = closestMatch(model, idsOf(family)) ?? family.models[0];
  const older = family.legacyModels?.length ? ` (older: ${family.legacyModels.join(", ")})` : "";
  // A model the API added after this release is not a dead end: the endpoint form sends it as written.
  return (
    `Unknown model "${model}". Did you mean "${suggestion}"? ` +
    `${family.title} models: ${family.models.join(", ")}${older}. ` +
    `If it is a model the registry does not know yet, send it as an endpoint task ` +
    `(endpoint: ${modelCenterCreatePath}, kind, body with its model).`
  );
}
