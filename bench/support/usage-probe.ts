/**
 * Preloaded into a measured process (`node --import bench/support/usage-probe.ts dist/index.js`). At exit it
 * writes to GENMEDIA_BENCH_USAGE_FILE the process's own getrusage figures (CPU time, peak RSS), which cover
 * its whole life and need neither /proc polling nor /usr/bin/time, how often results.json was rewritten and
 * what was appended to its journal (counted by watching the synchronous fs calls the ledger uses; a count,
 * the calls are unchanged).
 */
import fs from "node:fs";
import { syncBuiltinESMExports } from "node:module";

const usageFile = process.env.GENMEDIA_BENCH_USAGE_FILE;
if (usageFile) {
  let resultsWrites = 0;
  let resultsBytes = 0;
  let journalAppends = 0;
  let journalBytes = 0;
  const journalFds = new Set<number>();
  const writeFileSync = fs.writeFileSync;
  const renameSync = fs.renameSync;
  const openSync = fs.openSync;
  const closeSync = fs.closeSync;
  const writeSync = fs.writeSync;
  const isResults = (target: unknown) => typeof target === "string" && /results\.json[^/]*$/.test(target);
  fs.writeFileSync = ((file: fs.PathOrFileDescriptor, data: string | NodeJS.ArrayBufferView, options) => {
    // `length`, not Buffer.byteLength: counting must cost nothing (the JSON is ASCII-escaped but for names).
    if (isResults(file)) resultsBytes += typeof data === "string" ? data.length : data.byteLength;
    return writeFileSync(file, data, options);
  }) as typeof fs.writeFileSync;
  fs.renameSync = (from: fs.PathLike, to: fs.PathLike) => {
    if (isResults(to)) resultsWrites++;
    return renameSync(from, to);
  };
  fs.openSync = ((file: fs.PathLike, ...rest: unknown[]) => {
    const fd = (openSync as (...args: unknown[]) => number)(file, ...rest);
    if (typeof file === "string" && file.endsWith("results.json.journal")) journalFds.add(fd);
    return fd;
  }) as typeof fs.openSync;
  fs.closeSync = (fd: number) => {
    journalFds.delete(fd);
    return closeSync(fd);
  };
  fs.writeSync = ((fd: number, data: string | NodeJS.ArrayBufferView, ...rest: unknown[]) => {
    if (journalFds.has(fd)) {
      journalAppends++;
      journalBytes += typeof data === "string" ? data.length : data.byteLength;
    }
    return (writeSync as (...args: unknown[]) => number)(fd, data, ...rest);
  }) as typeof fs.writeSync;
  syncBuiltinESMExports();

  const report = () => {
    const usage = process.resourceUsage();
    writeFileSync(
      usageFile,
      JSON.stringify({
        userMs: usage.userCPUTime / 1000,
        systemMs: usage.systemCPUTime / 1000,
        maxRssKb: usage.maxRSS,
        uptimeMs: process.uptime() * 1000,
        resultsWrites,
        resultsBytes,
        journalAppends,
        journalBytes,
      }),
    );
  };
  process.on("exit", report);
  // A process the benchmark has to kill leaves the last of these snapshots.
  setInterval(report, 1_000).unref();
}
