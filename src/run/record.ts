import { z } from "zod";
import { usageSchema, voiceIdSchema } from "../models/answers.ts";
import { pollRouteProblem } from "../plan/endpoint-task.ts";

/** Statuses of design section 5. `pending` has a task id and can be resumed. */
export const taskStatuses = ["completed", "failed", "cancelled", "pending", "skipped"] as const;
export type TaskStatus = (typeof taskStatuses)[number];

export const fileRecordSchema = z.object({
  /** Relative to the workspace, with forward slashes, as users write paths in workflows. */
  path: z.string(),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  contentType: z.string(),
  /** `artifact-layout: per-file`: the file's own artifact. */
  artifactId: z.number().int().optional(),
  artifactUrl: z.string().optional(),
});

export const taskRecordSchema = z.object({
  name: z.string(),
  model: z.string(),
  kind: z.enum(["video", "image", "audio", "text"]),
  status: z.enum(taskStatuses),
  taskId: z.string().nullable(),
  submittedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  file: fileRecordSchema.nullable(),
  inputHash: z.string(),
  error: z.string().nullable(),
  // Added later: optional, so older results.json files still load, and read leniently (an earlier record is
  // untrusted), so one bad value costs that field, never the task ids beside it.
  /** A SoundClone clone's new voice (its result's `modelId`), for speech tasks of this run or a later one. */
  voice: voiceIdSchema.nullish().catch(null),
  /** SoundClone speech with `subtitleEnable`: the subtitle file downloaded beside the audio. */
  subtitles: fileRecordSchema.nullish().catch(null),
  /** What the API reported the task consumed (design 10); absent or null when it reported nothing. */
  usage: usageSchema.nullish().catch(null),
  /** The task's estimate by the `prices` table, in its currency (design 10); absent without one. */
  estimate: z.number().finite().nonnegative().nullish().catch(null),
  /**
   * An `endpoint` task's poll route (design 8), so that this file alone is enough to follow it later
   * (`genmedia resume`). From an earlier file it passes the same route checks as the manifest's.
   */
  poll: z
    .string()
    .refine((route) => pollRouteProblem(route) === undefined)
    .nullish()
    .catch(null),
});

/** An asset library's review states (reference 6.1, 6.2), as results.json records them. */
export const assetStatuses = ["Processing", "Active", "Failed"] as const;
export type AssetStatus = (typeof assetStatuses)[number];

/**
 * One upload to an asset library (design 9), kept so that no later run pays its moderation again. Read from
 * earlier files, it is untrusted: the id is only ever URL-encoded into a path or put in `asset://<id>`.
 */
export const assetRecordSchema = z.object({
  name: z.string().min(1).max(100),
  library: z.enum(["seedance2", "sd2-manxue"]),
  assetId: z
    .string()
    .regex(/^[^\s\p{Cc}]{1,256}$/u)
    .nullable(),
  status: z.enum(assetStatuses),
  sourceHash: z.string().regex(/^[0-9a-f]{64}$/),
  error: z.string().nullable(),
});

export const resultsFileSchema = z.object({
  version: z.literal(1),
  tasks: z.array(taskRecordSchema),
  // Optional: files written before assets existed have none. An entry that does not parse is dropped alone:
  // at worst that asset is uploaded again, while the task ids beside it must not be lost.
  assets: z
    .array(z.unknown())
    .optional()
    .catch(undefined)
    .transform((items) =>
      (items ?? []).flatMap((item) => {
        const parsed = assetRecordSchema.safeParse(item);
        return parsed.success ? [parsed.data] : [];
      }),
    ),
});

export type AssetRecord = z.infer<typeof assetRecordSchema>;
export type FileRecord = z.infer<typeof fileRecordSchema>;
export type TaskRecord = z.infer<typeof taskRecordSchema>;
export type ResultsFile = z.infer<typeof resultsFileSchema>;

/** Every file a record names: its result, then its subtitles. */
export function filesOf(record: TaskRecord): FileRecord[] {
  return [record.file, record.subtitles].filter((file): file is FileRecord => !!file);
}

export interface Counts {
  succeeded: number;
  failed: number;
  pending: number;
  skipped: number;
}

/** `failed` counts every task that ended without a file and cannot be resumed (failed or cancelled). */
export function countRecords(records: readonly TaskRecord[]): Counts {
  const counts: Counts = { succeeded: 0, failed: 0, pending: 0, skipped: 0 };
  for (const record of records) {
    if (record.status === "completed") counts.succeeded++;
    else if (record.status === "pending") counts.pending++;
    else if (record.status === "skipped") counts.skipped++;
    else counts.failed++;
  }
  return counts;
}

/** How a skipped task that was wanted but never sent (time ran out, or the run stopped) is marked. */
export const notSubmittedPrefix = "not submitted";

/** True for a task that was selected but never sent: it counts against `fail-on`, unlike one `only` left out. */
export function wasLeftUnsent(record: TaskRecord): boolean {
  // A skipped task with a file was unchanged (skip-existing): nothing is missing.
  if (record.file) return false;
  return record.status === "skipped" && (record.error ?? "").startsWith(notSubmittedPrefix);
}
