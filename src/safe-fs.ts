/**
 * The one way this action touches files a pull request could have planted: every write in `output-dir`
 * and every read of a repository file or an earlier record goes through here.
 *
 * The threat is repository content, not a concurrent process: a checkout can hold a symbolic link where the
 * action will write (`output-dir` itself, a parent of it, `results.json`, `hero.png`, `hero.png.part`) or a
 * directory, FIFO or device where it will read. So directories below the workspace are checked once with
 * lstat, files are created under fresh random names with O_EXCL|O_NOFOLLOW and renamed onto their final
 * name (rename(2) replaces a link there, it never writes through it), and reads refuse anything but a
 * regular file inside the workspace, opened without blocking and read up to a limit.
 */
import { createHash, randomBytes } from "node:crypto";
import {
  closeSync,
  constants,
  copyFileSync,
  fstatSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readlinkSync,
  readSync,
  realpathSync,
  renameSync,
  rmSync,
  type Stats,
  writeSync,
} from "node:fs";
import { type FileHandle, open, rename, rm } from "node:fs/promises";
import path from "node:path";
import { ConfigError } from "./errors.ts";

const { O_APPEND, O_CREAT, O_EXCL, O_NOFOLLOW, O_NONBLOCK, O_RDONLY, O_WRONLY } = constants;

/** New files are readable by everyone, like a checkout's files; the runner's umask still applies. */
const fileMode = 0o644;
const exclusiveFlags = O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW;

/** A path as results.json and workflows write it: relative to the workspace, with forward slashes. */
export function workspacePath(workspace: string, file: string): string {
  return path.relative(workspace, file).split(path.sep).join("/");
}

// ── output-dir ──────────────────────────────────────────────────────────────────────────────────────

/**
 * Creates `outputDir` one directory at a time from the workspace down, refusing any component below the
 * workspace that is a symbolic link or not a directory: a link committed as `output-dir` (or a parent of it)
 * would send every file and results.json outside the workspace. The workspace itself may sit under a link
 * (macOS's /tmp); only what the repository controls is checked.
 */
export function prepareOutputDir(workspace: string, outputDir: string, input = "output-dir"): void {
  const root = path.resolve(workspace);
  const relative = path.relative(root, path.resolve(outputDir));
  if (relative.startsWith("..") || path.isAbsolute(relative)) {
    throw new ConfigError(`input "${input}": ${outputDir} is outside the workspace (${root}).`);
  }
  let current = root;
  for (const part of relative.split(path.sep).filter(Boolean)) {
    current = path.join(current, part);
    const shown = workspacePath(root, current);
    let stats = lstatOrUndefined(current);
    if (!stats) {
      try {
        mkdirSync(current);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") {
          throw new ConfigError(
            `input "${input}": cannot create ${shown} (${(error as NodeJS.ErrnoException).code ?? error}).`,
          );
        }
      }
      stats = lstatSync(current);
    }
    if (stats.isSymbolicLink()) {
      throw new ConfigError(
        `input "${input}": ${shown} is a symbolic link (to ${linkTarget(current)}); output-dir and its parents must be real directories in the workspace, so that nothing is written outside it. Remove the link or choose another output-dir.`,
      );
    }
    if (!stats.isDirectory()) {
      throw new ConfigError(
        `input "${input}": ${shown} exists and is not a directory; choose another output-dir or remove it.`,
      );
    }
  }
}

// ── writes ──────────────────────────────────────────────────────────────────────────────────────────

/**
 * A fresh name beside `file` for its temporary copy (`hero.png.3f9c…part`): random, so a name planted in
 * the repository is never the one written, and still ending in the usual suffix.
 */
export function temporaryNameFor(file: string, suffix = ".part"): string {
  return `${file}.${randomBytes(6).toString("hex")}${suffix}`;
}

/** Creates a new file that did not exist (never opening an existing one or following a link). */
export function createExclusive(file: string): Promise<FileHandle> {
  return open(file, exclusiveFlags, fileMode);
}

/** Writes `file` whole or not at all: an exclusive temporary file, then a rename onto the final name. */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const temporary = temporaryNameFor(file);
  try {
    const handle = await createExclusive(temporary);
    try {
      await handle.writeFile(data);
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** The synchronous `writeFileAtomic`, for the ledger (its writes finish before `update()` returns). */
export function writeFileAtomicSync(
  file: string,
  data: string | Uint8Array,
  options: { suffix?: string; fsync?: boolean } = {},
): void {
  const temporary = temporaryNameFor(file, options.suffix);
  try {
    const fd = openSync(temporary, exclusiveFlags, fileMode);
    try {
      const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
      for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset);
      if (options.fsync) fsyncQuietly(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/**
 * Opens a file to append to, creating it if needed. A link at its name is refused (ELOOP), not removed:
 * the only appended file is the ledger's journal, whose name the ledger deletes before its first append
 * (its constructor compacts), so a link there can only be put back by another process while the run lasts.
 */
export function openForAppend(file: string): number {
  return openSync(file, O_APPEND | O_CREAT | O_WRONLY | O_NOFOLLOW, fileMode);
}

/**
 * Moves a regular file into place (an earlier attempt's file from a scratch folder into output-dir). A
 * rename when both are on one file system; else a copy to an exclusive temporary name, then a rename.
 */
export function moveFileInto(source: string, target: string): void {
  try {
    renameSync(source, target);
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EXDEV") throw error;
  }
  const temporary = temporaryNameFor(target);
  try {
    copyFileSync(source, temporary, constants.COPYFILE_EXCL);
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

// ── reads ───────────────────────────────────────────────────────────────────────────────────────────

export interface ReadLimits {
  /** The largest file accepted; a larger one is an error naming the limit. */
  maxBytes: number;
  /** Starts every error, e.g. `input "manifest": m.yml` or `field "prompt-file": p.md`. */
  label: string;
  /** Said after the size error, e.g. what to do instead. */
  sizeHint?: string;
}

/**
 * Reads a file of the repository (a manifest, a prompt-file, a results.json to resume from) as UTF-8: its
 * real path (links resolved) must be inside the real workspace, and it must be a regular file of at most
 * `maxBytes`. Opened with O_NONBLOCK, so a FIFO cannot hang the action. Every refusal is a ConfigError that
 * starts with `label`.
 */
export function readWorkspaceFile(workspace: string, file: string, limits: ReadLimits): string {
  const { fd, size, fail } = openWorkspaceFile(workspace, file, limits);
  const { maxBytes } = limits;
  try {
    // The size may change while it is read: never read past the limit.
    const buffer = Buffer.allocUnsafe(Math.min(maxBytes, size) + 1);
    let length = 0;
    for (let read = -1; read !== 0 && length < buffer.length; length += read) {
      read = readSync(fd, buffer, length, buffer.length - length, null);
    }
    if (length > maxBytes) fail(`is over the limit of ${maxBytes} bytes.`);
    return buffer.subarray(0, length).toString("utf8");
  } finally {
    closeSync(fd);
  }
}

/**
 * The sha256 of a file of the repository (reference media a task names), read in chunks under the same
 * checks as `readWorkspaceFile`; also its real path relative to the workspace, with forward slashes.
 */
export function hashWorkspaceFile(
  workspace: string,
  file: string,
  limits: ReadLimits,
): { sha256: string; bytes: number; path: string } {
  const { fd, real, fail } = openWorkspaceFile(workspace, file, limits);
  try {
    const hash = createHash("sha256");
    const buffer = Buffer.allocUnsafe(1024 * 1024);
    let bytes = 0;
    for (let read = readSync(fd, buffer); read > 0; read = readSync(fd, buffer)) {
      bytes += read;
      if (bytes > limits.maxBytes) fail(`is over the limit of ${limits.maxBytes} bytes.`);
      hash.update(buffer.subarray(0, read));
    }
    return { sha256: hash.digest("hex"), bytes, path: workspacePath(realpathSync(workspace), real) };
  } finally {
    closeSync(fd);
  }
}

/** Opens a workspace file for reading after the checks both readers share; the caller closes `fd`. */
function openWorkspaceFile(
  workspace: string,
  file: string,
  limits: ReadLimits,
): { fd: number; size: number; real: string; fail: (reason: string) => never } {
  const { label, maxBytes } = limits;
  const fail = (reason: string): never => {
    throw new ConfigError(`${label} ${reason}`);
  };
  let real: string;
  try {
    real = realpathSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === "ENOENT" ? fail("does not exist") : fail(`cannot be read (${code ?? error})`);
  }
  if (!isInside(realpathSync(workspace), real)) {
    const viaLink = isInside(path.resolve(workspace), path.resolve(file));
    fail(`is outside the workspace${viaLink ? " (a symbolic link leads out of it)" : ""}`);
  }
  let fd: number;
  try {
    fd = openSync(real, O_RDONLY | O_NONBLOCK | O_NOFOLLOW);
  } catch (error) {
    return fail(`cannot be read (${(error as NodeJS.ErrnoException).code ?? error})`);
  }
  try {
    const stats = fstatSync(fd);
    if (stats.isDirectory()) fail("is a directory, not a file");
    if (!stats.isFile()) fail(`is not a regular file (it is ${kindOf(stats)})`);
    if (stats.size > maxBytes) {
      fail(
        `is ${stats.size} bytes; the limit is ${maxBytes} bytes.${limits.sizeHint ? ` ${limits.sizeHint}` : ""}`,
      );
    }
    return { fd, size: stats.size, real, fail };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

/**
 * Why a file named by an untrusted record (an earlier results.json) may not be used, or undefined when it
 * may: it must be a regular file inside `dir` (output-dir), with no symbolic link on the way below the
 * workspace, so a record cannot adopt `README.md`, `../../etc/hosts` or a link's target as its output.
 */
export function whyNotOwnFile(workspace: string, dir: string, file: string): string | undefined {
  const root = path.resolve(workspace);
  const absolute = path.resolve(root, file);
  const inDir = path.relative(path.resolve(dir), absolute);
  if (!inDir || inDir.startsWith("..") || path.isAbsolute(inDir)) {
    return `${file} is not inside output-dir (${path.relative(root, dir) || "."})`;
  }
  let current = root;
  const parts = path.relative(root, absolute).split(path.sep);
  for (const [i, part] of parts.entries()) {
    current = path.join(current, part);
    const stats = lstatOrUndefined(current);
    if (!stats) return `${file} does not exist`;
    if (stats.isSymbolicLink()) return `${file} leads through a symbolic link (${part})`;
    const last = i === parts.length - 1;
    if (!last && !stats.isDirectory()) return `${file} does not exist`;
    if (last && !stats.isFile()) return `${file} is not a regular file (it is ${kindOf(stats)})`;
  }
  return undefined;
}

/**
 * Opens a file checked by `whyNotOwnFile` for reading, still refusing a link at its name or anything but a
 * regular file (it could have been swapped since).
 */
export function openOwnFile(file: string): number {
  const fd = openSync(file, O_RDONLY | O_NONBLOCK | O_NOFOLLOW);
  if (!fstatSync(fd).isFile()) {
    closeSync(fd);
    throw new Error(`${file} is not a regular file`);
  }
  return fd;
}

// ── helpers ─────────────────────────────────────────────────────────────────────────────────────────

function isInside(root: string, file: string): boolean {
  const relative = path.relative(root, file);
  return !relative.startsWith("..") && !path.isAbsolute(relative);
}

function lstatOrUndefined(file: string): Stats | undefined {
  try {
    return lstatSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw error;
  }
}

function linkTarget(file: string): string {
  try {
    return readlinkSync(file);
  } catch {
    return "an unreadable target";
  }
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return "a directory";
  if (stats.isFIFO()) return "a FIFO";
  if (stats.isSocket()) return "a socket";
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return "a device";
  if (stats.isSymbolicLink()) return "a symbolic link";
  return "not a regular file";
}

/** fsync is a durability hint here: a file system that refuses it (EINVAL on some mounts) is not an error. */
function fsyncQuietly(fd: number): void {
  try {
    fsyncSync(fd);
  } catch {
    // The rename still makes the new content appear whole to every reader.
  }
}
