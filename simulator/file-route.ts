/** The result files of completed tasks: the CDN side of the simulator, with Range, expiry and faults. */
import type { IncomingMessage, ServerResponse } from "node:http";
import { pipeline } from "node:stream/promises";
import type { RouteContext } from "./api-routes.ts";
import type { RecordedRequest } from "./http.ts";
import { contentTypeOf, mediaStream, parseRange, subtitleText } from "./media.ts";
import { hasResultFile, statusAt } from "./tasks.ts";
import { wantsSubtitles } from "./wire.ts";

export async function serveFile(
  ctx: RouteContext,
  req: IncomingMessage,
  res: ServerResponse,
  record: RecordedRequest,
  id: string,
  fileName: string,
) {
  // Result URLs are public CDN links: clients must not send the key there. Recorded, and logged loudly.
  if (req.headers.authorization !== undefined) {
    ctx.log(
      `WARNING: ${req.method} ${record.path} carries an Authorization header (the key must not leave the API)`,
    );
  }
  const task = ctx.liveTask(id);
  if (task !== undefined) record.taskId = task.id;
  const faults = ctx.select("file", task && ctx.subjectOf(task));
  await ctx.sleep(faults.delayMs);
  if (ctx.answerWithFault(req, res, record, faults.action)) return;
  if (
    task === undefined ||
    !hasResultFile(task.schedule) ||
    statusAt(task.schedule, ctx.elapsedMs(task)) !== "completed"
  ) {
    return ctx.notFound(res, record, "file");
  }
  if (faults.action?.kind === "expired" || ctx.urlExpired(task)) {
    if (faults.action?.kind === "expired") record.fault = "expired";
    return ctx.send(res, record, faults.action?.status ?? 404, { error: "url expired" });
  }

  if (fileName.endsWith(".srt")) {
    if (!wantsSubtitles(task)) return ctx.notFound(res, record, "file");
    const text = subtitleText(task.prompt);
    record.status = 200;
    // As object stores commonly serve .srt: plain text, the format told only by the name.
    res.writeHead(200, {
      "Content-Type": "text/plain; charset=utf-8",
      "Content-Length": String(Buffer.byteLength(text)),
    });
    res.end(req.method === "HEAD" ? undefined : text);
    return;
  }

  const file = ctx.fileOf(task);
  const range = parseRange(req.headers.range, file.bytes);
  if (range === "unsatisfiable") {
    return ctx.send(
      res,
      record,
      416,
      { error: "range not satisfiable" },
      { "Content-Range": `bytes */${file.bytes}` },
    );
  }
  const start = range?.start ?? 0;
  const end = range?.end ?? file.bytes - 1;
  const length = end - start + 1;
  const headers: Record<string, string> = {
    "Content-Type": contentTypeOf(file),
    "Content-Length": String(length),
    "Accept-Ranges": "bytes",
  };
  if (range !== undefined) headers["Content-Range"] = `bytes ${start}-${end}/${file.bytes}`;
  record.status = range === undefined ? 200 : 206;
  res.writeHead(record.status, headers);
  if (req.method === "HEAD" || length <= 0) {
    res.end();
    return;
  }
  if (faults.action?.kind === "truncate") {
    record.fault = "truncate";
    const half = Math.floor(length / 2);
    res.flushHeaders();
    if (half > 0) {
      const partial = mediaStream(file, start, start + half - 1);
      partial.pipe(res, { end: false });
      await new Promise<void>((resolve) => partial.once("end", resolve).once("error", resolve));
    }
    // Ending the socket (not destroying it) lets the bytes already written leave first.
    res.socket?.end();
    return;
  }
  await pipeline(mediaStream(file, start, end), res).catch(() => {
    // The client went away mid-download: nothing to answer.
  });
}
