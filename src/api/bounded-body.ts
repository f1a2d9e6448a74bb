/**
 * Reading an answer that may be hostile: never more than a cap in memory, and a dropped answer never
 * crashes the process. Shared by the API client (answers to creates and polls) and the downloader (a CDN's
 * error pages).
 */
import type { Readable } from "node:stream";

/**
 * Reads an answer up to `limit` bytes. Past it the body is dropped (the connection closed rather than
 * drained) and what was read comes back marked incomplete: enough for an error's preview, never a whole
 * hostile answer in memory.
 */
export async function readBounded(
  body: Readable,
  limit: number,
): Promise<{ text: string; complete: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    if (size + chunk.length > limit) {
      chunks.push(chunk.subarray(0, limit - size));
      discard(body);
      return { text: Buffer.concat(chunks).toString("utf8"), complete: false };
    }
    chunks.push(chunk);
    size += chunk.length;
  }
  return { text: Buffer.concat(chunks).toString("utf8"), complete: true };
}

/**
 * Drops an answer's connection without reading the rest. undici's body reports its own abort as an
 * `error` event, which would crash the process without a listener.
 */
export function discard(body: Readable): void {
  body.on("error", () => undefined);
  body.destroy();
}
