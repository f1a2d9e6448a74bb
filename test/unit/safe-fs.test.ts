import { execFileSync } from "node:child_process";
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  openForAppend,
  prepareOutputDir,
  readWorkspaceFile,
  whyNotOwnFile,
  writeFileAtomic,
  writeFileAtomicSync,
} from "../../src/safe-fs.ts";

/** A workspace and, beside it, a victim file that must never change. */
function layout(): { workspace: string; victim: string } {
  const root = mkdtempSync(path.join(tmpdir(), "safe-fs-"));
  const workspace = path.join(root, "workspace");
  mkdirSync(workspace);
  const victim = path.join(root, "victim.txt");
  writeFileSync(victim, "victim\n");
  return { workspace, victim };
}

describe("prepareOutputDir", () => {
  it("creates every missing folder below the workspace", () => {
    const { workspace } = layout();
    prepareOutputDir(workspace, path.join(workspace, "a/b/c"));
    expect(lstatSync(path.join(workspace, "a/b/c")).isDirectory()).toBe(true);
  });

  it("refuses a link or a file on the way, naming the input, the component and the link's target", () => {
    const { workspace, victim } = layout();
    symlinkSync(path.dirname(victim), path.join(workspace, "a"));
    expect(() => prepareOutputDir(workspace, path.join(workspace, "a/b"))).toThrow(
      `input "output-dir": a is a symbolic link (to ${path.dirname(victim)})`,
    );
    writeFileSync(path.join(workspace, "f"), "");
    expect(() => prepareOutputDir(workspace, path.join(workspace, "f/b"))).toThrow(
      'input "output-dir": f exists and is not a directory',
    );
  });

  it("accepts a workspace that is itself reached through a link", () => {
    const { workspace } = layout();
    const alias = `${workspace}-alias`;
    symlinkSync(workspace, alias);
    prepareOutputDir(alias, path.join(alias, "out"));
    expect(lstatSync(path.join(workspace, "out")).isDirectory()).toBe(true);
  });
});

describe("writes", () => {
  it("replace a link at the final name instead of writing through it", async () => {
    const { workspace, victim } = layout();
    symlinkSync(victim, path.join(workspace, "a.txt"));
    symlinkSync(victim, path.join(workspace, "b.txt"));
    writeFileAtomicSync(path.join(workspace, "a.txt"), "a\n");
    await writeFileAtomic(path.join(workspace, "b.txt"), "b\n");
    expect(readFileSync(victim, "utf8")).toBe("victim\n");
    expect(lstatSync(path.join(workspace, "a.txt")).isFile()).toBe(true);
    expect(readFileSync(path.join(workspace, "b.txt"), "utf8")).toBe("b\n");
  });

  it("refuse to append through a link", () => {
    const { workspace, victim } = layout();
    symlinkSync(victim, path.join(workspace, "journal"));
    expect(() => openForAppend(path.join(workspace, "journal"))).toThrow(/ELOOP/);
  });
});

describe("readWorkspaceFile", () => {
  const limits = { maxBytes: 16, label: 'field "prompt-file": p.md' };

  it("reads a regular file, and refuses a directory, a FIFO, an oversized file and a link out", () => {
    const { workspace, victim } = layout();
    const file = path.join(workspace, "p.md");
    writeFileSync(file, "a prompt");
    expect(readWorkspaceFile(workspace, file, limits)).toBe("a prompt");
    writeFileSync(file, "x".repeat(17));
    expect(() => readWorkspaceFile(workspace, file, limits)).toThrow(
      'field "prompt-file": p.md is 17 bytes; the limit is 16 bytes.',
    );
    mkdirSync(path.join(workspace, "dir"));
    expect(() => readWorkspaceFile(workspace, path.join(workspace, "dir"), limits)).toThrow(/is a directory/);
    execFileSync("mkfifo", [path.join(workspace, "fifo")]);
    expect(() => readWorkspaceFile(workspace, path.join(workspace, "fifo"), limits)).toThrow(
      /is not a regular file \(it is a FIFO\)/,
    );
    symlinkSync(victim, path.join(workspace, "link.md"));
    expect(() => readWorkspaceFile(workspace, path.join(workspace, "link.md"), limits)).toThrow(
      /is outside the workspace \(a symbolic link leads out of it\)/,
    );
    expect(() => readWorkspaceFile(workspace, path.join(workspace, "none.md"), limits)).toThrow(
      /does not exist/,
    );
  });
});

describe("whyNotOwnFile", () => {
  it("accepts only a regular file inside output-dir reached through no link", () => {
    const { workspace, victim } = layout();
    const out = path.join(workspace, "out");
    mkdirSync(out);
    writeFileSync(path.join(out, "a.png"), "a");
    writeFileSync(path.join(workspace, "README.md"), "r");
    symlinkSync(path.join(workspace, "README.md"), path.join(out, "b.png"));
    symlinkSync(path.dirname(victim), path.join(out, "sub"));
    expect(whyNotOwnFile(workspace, out, "out/a.png")).toBeUndefined();
    expect(whyNotOwnFile(workspace, out, "README.md")).toMatch(/is not inside output-dir/);
    expect(whyNotOwnFile(workspace, out, "../victim.txt")).toMatch(/is not inside output-dir/);
    expect(whyNotOwnFile(workspace, out, "out/b.png")).toMatch(/symbolic link/);
    expect(whyNotOwnFile(workspace, out, "out/sub/victim.txt")).toMatch(/symbolic link \(sub\)/);
    expect(whyNotOwnFile(workspace, out, "out")).toMatch(/is not inside output-dir/);
    expect(whyNotOwnFile(workspace, out, "out/none.png")).toMatch(/does not exist/);
  });
});
