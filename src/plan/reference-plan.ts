/**
 * What the `asset:<name>` and `file:<path>` references of a task's body stand for (design 9), checked at plan
 * time: every name is an entry of `assets`, every file a regular file inside the workspace. The body is
 * validated by its family on a copy where each reference is a stand-in of the form it will take on the wire
 * (`asset://…` for an asset, an https URL for a published file), so the family's own rules still apply.
 */
import { createHash } from "node:crypto";
import path from "node:path";
import { ConfigError } from "../errors.ts";
import type { RequestBody } from "../models/family.ts";
import { hashWorkspaceFile } from "../safe-fs.ts";
import type { ManifestAsset } from "./manifest.ts";
import { distinct, findReferences, type Reference, replaceReferences } from "./references.ts";
import { type PlannedAsset, type PlannedFile, stableJson, type Task } from "./tasks.ts";

/**
 * A file is published on the media branch, whose commits GitHub refuses above 100 MB per file; the asset
 * libraries' own limits are lower still (SD2 Manxue: 500 MB for all reference videos together).
 */
export const maxReferenceFileBytes = 100 * 1024 * 1024;

/** The manifest's `assets` and the checks already made, shared by every task of one plan. */
export class ReferenceBook {
  private readonly files = new Map<string, PlannedFile | ConfigError>();
  private readonly planned = new Map<string, PlannedAsset | ConfigError>();

  private readonly workspace: string;
  private readonly assets: Readonly<Record<string, ManifestAsset>>;

  constructor(workspace: string, assets: Readonly<Record<string, ManifestAsset>> = {}) {
    this.workspace = workspace;
    this.assets = assets;
  }

  /**
   * The references of `body`: a copy to validate, and what the task needs at run time. `report` receives each
   * problem with where in the body it is.
   */
  resolve(
    body: RequestBody,
    report: (message: string, at: readonly (string | number)[]) => void,
  ): { standIn: RequestBody; assets?: PlannedAsset[]; files?: PlannedFile[]; sources?: unknown } {
    const found = findReferences(body);
    if (found.length === 0) return { standIn: body };
    const assets: PlannedAsset[] = [];
    const files: PlannedFile[] = [];
    for (const { reference, at } of found) {
      try {
        if (reference.kind === "asset") assets.push(this.asset(reference.name));
        else files.push(this.file(reference.path, `file:${reference.path}`));
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        report(error.message, at);
      }
    }
    const uniqueAssets = distinct(assets);
    const uniqueFiles = distinct(files);
    return {
      standIn: replaceReferences(body, standInFor),
      ...(uniqueAssets.length && { assets: uniqueAssets }),
      ...(uniqueFiles.length && { files: uniqueFiles }),
      // What decides the output besides the body: each asset's definition and each file's content.
      sources: {
        assets: uniqueAssets.map(({ name, library, sourceHash }) => ({ name, library, sourceHash })),
        files: uniqueFiles.map(({ path, sha256 }) => ({ path, sha256 })),
      },
    };
  }

  private asset(name: string): PlannedAsset {
    let planned = this.planned.get(name);
    if (planned === undefined) {
      planned = this.plan(name);
      this.planned.set(name, planned);
    }
    if (planned instanceof ConfigError) throw planned;
    return planned;
  }

  private plan(name: string): PlannedAsset | ConfigError {
    const entry = Object.hasOwn(this.assets, name) ? this.assets[name] : undefined;
    if (entry === undefined) {
      const names = Object.keys(this.assets);
      return new ConfigError(
        names.length
          ? `asset:${name} names no entry of "assets"; the assets are ${names.join(", ")}`
          : `asset:${name} names an asset, but the manifest has no "assets" section (see README "Assets")`,
      );
    }
    try {
      const source =
        entry.url !== undefined
          ? { url: entry.url }
          : { file: this.file(entry.file as string, `asset "${name}": file ${entry.file}`) };
      const origin = "url" in source ? { url: source.url } : { sha256: source.file.sha256 };
      const sourceHash = createHash("sha256")
        .update(stableJson({ type: entry.type, ...origin }))
        .digest("hex");
      return { name, type: entry.type, library: entry.library, source, sourceHash };
    } catch (error) {
      if (error instanceof ConfigError) return error;
      throw error;
    }
  }

  /** A file named relative to the workspace (where the media branch mirrors it), checked once per plan. */
  private file(relative: string, label: string): PlannedFile {
    let checked = this.files.get(relative);
    if (checked === undefined) {
      try {
        const { sha256, path: real } = hashWorkspaceFile(
          this.workspace,
          path.resolve(this.workspace, relative),
          {
            maxBytes: maxReferenceFileBytes,
            label,
            sizeHint: "Give the asset library a public https URL instead.",
          },
        );
        checked = { path: real, sha256, written: relative };
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        checked = error;
      }
      this.files.set(relative, checked);
    }
    if (checked instanceof ConfigError) throw checked;
    return checked;
  }
}

/** A value of the form the reference takes on the wire, for the family's schema to check. */
function standInFor(reference: Reference): string {
  return reference.kind === "asset"
    ? `asset://${encodeURIComponent(reference.name)}`
    : `https://media-branch.invalid/${encodeURI(reference.path)}`;
}

/** Every workspace file the selected tasks need published: referenced directly or as an asset's source. */
export function filesToPublish(tasks: readonly Task[]): PlannedFile[] {
  const files = new Map<string, PlannedFile>();
  for (const task of tasks.filter((t) => t.selected)) {
    for (const file of task.files ?? []) files.set(file.path, file);
    for (const asset of task.assets ?? []) {
      if ("file" in asset.source) files.set(asset.source.file.path, asset.source.file);
    }
  }
  return [...files.values()];
}
