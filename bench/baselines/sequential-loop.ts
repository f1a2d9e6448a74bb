/**
 * Baseline (a) of S1: the loop a user writes by hand from the API's guide. For each task in turn: POST the
 * create request, sleep the documented interval, GET /v1/result/{id} until a terminal status (sleeping the
 * interval before every poll), download the file with a plain fetch, then the next task. No concurrency, no
 * retries: the guide's own example, as a `run:` step would do it.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

export interface GuideTask {
  name: string;
  /** Create path, e.g. /v1/banana/images. */
  endpoint: string;
  body: Record<string, unknown>;
}

export interface SequentialLoopOptions {
  baseUrl: string;
  apiKey: string;
  tasks: readonly GuideTask[];
  /** The guide's interval for the kind, in real ms (already divided by the time scale). */
  pollIntervalMs: number;
  outputDir: string;
  /** How the loop waits; default a real timer. */
  sleep?: (ms: number) => Promise<unknown>;
}

const terminal = new Set(["completed", "failed", "cancelled"]);

interface PollAnswer {
  status: string;
  image_url?: string | null;
  video_url?: string | null;
  audioUrl?: string | null;
}

export async function runSequentialLoop(options: SequentialLoopOptions): Promise<void> {
  const wait = options.sleep ?? sleep;
  const headers = { Authorization: `Bearer ${options.apiKey}`, "Content-Type": "application/json" };
  for (const task of options.tasks) {
    const created = await fetch(`${options.baseUrl}${task.endpoint}`, {
      method: "POST",
      headers,
      body: JSON.stringify(task.body),
    });
    const { id } = (await created.json()) as { id: string };
    let result: PollAnswer;
    do {
      await wait(options.pollIntervalMs);
      const polled = await fetch(`${options.baseUrl}/v1/result/${id}`, { headers });
      result = (await polled.json()) as PollAnswer;
    } while (!terminal.has(result.status));
    const url = result.image_url ?? result.video_url ?? result.audioUrl;
    if (result.status !== "completed" || !url) continue;
    const file = await fetch(url);
    await writeFile(path.join(options.outputDir, `${task.name}.png`), Buffer.from(await file.arrayBuffer()));
  }
}
