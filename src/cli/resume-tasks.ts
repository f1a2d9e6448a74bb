/**
 * `genmedia resume <results.json>`: an earlier run's records (a CI run's artifact, say) become the tasks to
 * finish, with no manifest. A pending record with a task id is followed by polling at its family's route,
 * found from its model in the registry; nothing is ever created, so what the earlier run paid for is not
 * paid again. Every other record is kept as it is.
 */
import { polledFamily } from "../models/family.ts";
import { findFamily } from "../models/registry.ts";
import { endpointFamily } from "../plan/endpoint-task.ts";
import { taskNamePattern } from "../plan/manifest.ts";
import type { Task } from "../plan/tasks.ts";
import type { TaskRecord } from "../run/record.ts";
import { startingPoint } from "../run/resume.ts";

export interface ResumePlan {
  /** One task per record to follow, each selected, each re-attached by polling. */
  tasks: Task[];
  /** Every record of the file, in its order: what this run starts from. */
  records: TaskRecord[];
  /** Pending records this command cannot collect, with the reason. */
  unresumable: { name: string; reason: string }[];
}

export function resumePlan(records: readonly TaskRecord[], origin: string): ResumePlan {
  const tasks: Task[] = [];
  const unresumable: ResumePlan["unresumable"] = [];
  for (const record of records) {
    if (record.status !== "pending") continue;
    const reason = whyNotResumable(record);
    if (reason) {
      unresumable.push({ name: record.name, reason });
      continue;
    }
    // An endpoint task is followed at the route its record names; any other at its model's family's.
    const family =
      record.poll && record.kind !== "text"
        ? endpointFamily(record.model, record.kind, record.poll)
        : polledFamily(findFamily(record.model) as NonNullable<ReturnType<typeof findFamily>>);
    tasks.push({
      name: record.name,
      model: record.model,
      family,
      kind: record.kind,
      endpoint: family.createPath,
      // Never sent: a followed task is only polled (startingPoint below is "follow" for every one of them).
      body: {},
      inputHash: record.inputHash,
      selected: true,
      origin,
    });
  }
  const copies = records.map((record) => ({ ...record }));
  // The guarantee this command makes, checked rather than assumed: every task it runs is followed, none sent.
  for (const task of tasks) {
    const record = copies.find((r) => r.name === task.name) as TaskRecord;
    if (startingPoint(record) !== "follow") throw new Error(`resume would send ${task.name}; refusing`);
  }
  return { tasks, records: copies, unresumable };
}

function whyNotResumable(record: TaskRecord): string | undefined {
  // The file is anyone's (a downloaded artifact): its names become file names in --output-dir, so only a
  // name a manifest could have declared is one.
  if (!taskNamePattern.test(record.name)) {
    return "its name is not a task name (letters, digits, '.', '_' or '-'), so it cannot name a file in --output-dir";
  }
  if (!record.taskId) return "it has no task id: it was never created, so there is nothing to collect";
  if (record.poll && record.kind !== "text") return undefined;
  const family = findFamily(record.model);
  if (!family) {
    return `its model "${record.model}" is not in this version's registry, and its record names no poll route (an endpoint task recorded by an older version); run it again from its manifest with --resume-from`;
  }
  if (!family.polling) return "a text answer comes back with its request and cannot be fetched again";
  return undefined;
}
