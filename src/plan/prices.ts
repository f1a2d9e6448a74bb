/**
 * The team's price table (design 10): the API publishes no prices and no balance, so the only basis for a
 * budget is what the team writes down. Read like the manifest (a workspace file, bounded, YAML or JSON with
 * line numbers) and validated as strictly: a typo in a price must not turn a guard into a no-op.
 *
 * Money is kept in integer micro-units (millionths of the currency): sums of integers are exact, so a run
 * whose estimate is exactly the budget (0.1 + 0.2 against 0.3) is let through, as a person adding it up
 * would expect.
 */
import path from "node:path";
import { z } from "zod";
import { ConfigError, type Problem } from "../errors.ts";
import { readWorkspaceFile } from "../safe-fs.ts";
import { Inputs, type Settings } from "./inputs.ts";
import { assetLibraries, describeValue, parseYamlWithLines } from "./manifest.ts";

/** A price table is a page of text: a larger file is a mistake. */
export const maxPricesBytes = 1024 * 1024;
/**
 * The largest price accepted per unit. Far above any real price, and low enough that micro-unit sums of
 * thousands of tasks stay exact integers.
 */
export const maxPrice = 1_000_000;

/** One model's price: per create, or per second of output. */
export interface Price {
  per: "task" | "second";
  /** In micro-units of the table's currency. */
  micros: number;
  /** Line of the entry in the table, for messages. */
  line?: number;
}

export interface PriceTable {
  /** How messages name the file: its path relative to the workspace. */
  file: string;
  /** Free text (an ISO code is expected); repository text, so escaped wherever it is shown. */
  currency: string;
  /** By model id. */
  models: ReadonlyMap<string, Price>;
  /** For models with no entry of their own. */
  default?: Price;
  /** Per asset library, the price of one upload; a library without one costs nothing in the estimate. */
  uploads: ReadonlyMap<string, number>;
}

/** Whole micro-units of an amount written as a decimal. */
export function toMicros(amount: number): number {
  return Math.round(amount * 1e6);
}

/** An amount for people: up to 6 decimals, trailing zeros trimmed but at least 2. */
export function formatAmount(micros: number): string {
  const whole = Math.floor(micros / 1e6);
  const fraction = String(micros - whole * 1e6)
    .padStart(6, "0")
    .replace(/0+$/, "")
    .padEnd(2, "0");
  return `${whole}.${fraction}`;
}

/** An amount and its currency, e.g. "0.30 USD". */
export function formatMoney(micros: number, currency: string): string {
  return `${formatAmount(micros)} ${currency}`;
}

const priceFields = ["per-task", "per-second"] as const;
const notAPrice = (value: unknown): string =>
  `expected a number ≥ 0, found ${value === undefined ? "nothing" : describeValue(value)}`;

function priceProblem(value: unknown): string | undefined {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) return notAPrice(value);
  if (value > maxPrice) return `${value} is over the largest price accepted (${maxPrice})`;
  return undefined;
}

const modelPriceSchema = z
  .object({ "per-task": z.unknown(), "per-second": z.unknown() })
  .partial()
  .strict()
  .superRefine((entry, ctx) => {
    const set = priceFields.filter((field) => entry[field] !== undefined);
    if (set.length !== 1) {
      ctx.addIssue({
        code: "custom",
        path: [],
        message: `needs exactly one of "per-task" and "per-second"${set.length ? ", not both" : ""}`,
      });
    }
    for (const field of set) {
      const problem = priceProblem(entry[field]);
      if (problem) ctx.addIssue({ code: "custom", path: [field], message: problem });
    }
  });

const uploadPriceSchema = z
  .object({ "per-upload": z.unknown() })
  .strict()
  .superRefine((entry, ctx) => {
    const problem = priceProblem(entry["per-upload"]);
    if (problem) ctx.addIssue({ code: "custom", path: ["per-upload"], message: problem });
  });

const priceTableSchema = z
  .object({
    currency: z
      .string({ error: (issue) => notAString(issue.input) })
      .trim()
      .min(1, { message: 'must name the currency, e.g. "USD"' })
      .max(24, { message: "must be a short currency name such as USD (at most 24 characters)" }),
    default: modelPriceSchema.optional(),
    assets: z
      .object(Object.fromEntries(assetLibraries.map((library) => [library, uploadPriceSchema.optional()])))
      .strict()
      .optional(),
  })
  .catchall(modelPriceSchema);

function notAString(value: unknown): string {
  return value === undefined
    ? 'is required: the currency the prices are in, e.g. currency: "USD"'
    : `expected the currency's name as text, found ${describeValue(value)}`;
}

/** Reads and checks the `prices` file; undefined when the input is not set. */
export function readPrices(settings: Pick<Settings, "prices" | "workspace">): PriceTable | undefined {
  if (settings.prices === undefined) return undefined;
  const display = path.relative(settings.workspace, settings.prices) || settings.prices;
  const text = readWorkspaceFile(settings.workspace, settings.prices, {
    maxBytes: maxPricesBytes,
    label: `input "${Inputs.prices}": ${display}`,
  });
  return parsePrices(text, display);
}

/** Parses a price table's text; every mistake is named with the file, line, model and field. */
export function parsePrices(text: string, file: string): PriceTable {
  const { data, lineOf } = parseYamlWithLines(text, file);
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    throw new ConfigError({
      message: `${file}: a price table must be a mapping: currency, then one entry per model id (see README, Cost control)`,
      location: { file },
    });
  }
  const result = priceTableSchema.safeParse(data);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.slice(0, 20).map((issue) => tableProblem(issue, data, file, lineOf)),
    );
  }
  const { currency, default: fallback, assets, ...models } = result.data;
  const priceAt = (entry: z.infer<typeof modelPriceSchema>, at: string[]): Price => {
    const per = entry["per-task"] !== undefined ? "task" : "second";
    const amount = (per === "task" ? entry["per-task"] : entry["per-second"]) as number;
    return { per, micros: toMicros(amount), line: lineOf(at) };
  };
  return {
    file,
    currency,
    models: new Map(
      Object.entries(models).map(([model, entry]) => [
        model,
        priceAt(entry as z.infer<typeof modelPriceSchema>, [model]),
      ]),
    ),
    ...(fallback && { default: priceAt(fallback, ["default"]) }),
    uploads: new Map(
      Object.entries(assets ?? {}).flatMap(([library, entry]) =>
        entry ? [[library, toMicros(entry["per-upload"] as number)] as const] : [],
      ),
    ),
  };
}

function tableProblem(
  issue: z.core.$ZodIssue,
  data: object,
  file: string,
  lineOf: (path: readonly PropertyKey[]) => number | undefined,
): Problem {
  const unknownKeys = issue.code === "unrecognized_keys" ? issue.keys : [];
  const at = unknownKeys.length ? [...issue.path, unknownKeys[0] as string] : issue.path;
  const line = lineOf(at);
  const where = `${file}${line ? `:${line}` : ""}`;
  const [top, second, third] = issue.path.map(String);
  const subject =
    top === undefined
      ? ""
      : top === "currency"
        ? `field "currency": `
        : top === "assets"
          ? second === undefined
            ? "assets: "
            : `asset library "${second}": `
          : top === "default"
            ? "default: "
            : `model "${top}": `;
  const field =
    top === "assets" ? third : top === "currency" || top === undefined ? undefined : (second ?? undefined);
  const fieldText = field === undefined ? "" : `field "${field}": `;
  let message = issue.message;
  if (unknownKeys.length) {
    const names = unknownKeys.map((key) => `"${key}"`).join(", ");
    message =
      top === "assets" && second === undefined
        ? `unknown asset librar${unknownKeys.length > 1 ? "ies" : "y"} ${names}; the libraries are ${assetLibraries.join(", ")}`
        : top === "assets"
          ? `unknown field${unknownKeys.length > 1 ? "s" : ""} ${names}; an upload is priced with "per-upload"`
          : `unknown field${unknownKeys.length > 1 ? "s" : ""} ${names}; a price is "per-task" or "per-second"`;
  } else if (issue.code === "invalid_type" && top !== "currency") {
    const found = issue.path.reduce<unknown>(
      // Own properties only: a key such as "__proto__" must not reach the prototype.
      (value, key) =>
        value && typeof value === "object" && Object.hasOwn(value, key)
          ? (value as Record<PropertyKey, unknown>)[key]
          : undefined,
      data,
    );
    const wanted =
      top === "assets" && second === undefined
        ? "a mapping of asset libraries, such as { seedance2: { per-upload: 0.01 } }"
        : top === "assets"
          ? "a mapping such as { per-upload: 0.01 }"
          : "a mapping such as { per-task: 0.50 } or { per-second: 0.10 }";
    message = `expected ${wanted}, found ${describeValue(found)}`;
  }
  return { message: `${where}: ${subject}${fieldText}${message}`, location: { file, line } };
}
