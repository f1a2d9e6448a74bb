import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AssetClient, type AssetTransport, reviewStatus } from "../../src/api/assets.ts";
import { RejectedError } from "../../src/api/errors.ts";
import type { PlannedAsset } from "../../src/plan/tasks.ts";
import { earlierUpload } from "../../src/run/assets.ts";
import { journalOf, Ledger } from "../../src/run/ledger.ts";
import { readResults } from "../../src/run/previous-results.ts";
import { type AssetRecord, resultsFileSchema } from "../../src/run/record.ts";

const hash = (c: string) => c.repeat(64);
const face: PlannedAsset = {
  name: "face",
  type: "image",
  library: "seedance2",
  source: { url: "https://e.com/me.jpg" },
  sourceHash: hash("a"),
};
const record = (change: Partial<AssetRecord>): AssetRecord => ({
  name: "face",
  library: "seedance2",
  assetId: "asset-1",
  status: "Active",
  sourceHash: hash("a"),
  error: null,
  ...change,
});

describe("reuse of an earlier upload", () => {
  it("uses an Active upload of the same library and source, under any name", () => {
    expect(earlierUpload(face, [record({ name: "old-name" })])).toEqual({
      use: "active",
      assetId: "asset-1",
    });
  });

  it("asks about one still in review instead of uploading again", () => {
    expect(earlierUpload(face, [record({ status: "Processing" })])).toEqual({
      use: "poll",
      assetId: "asset-1",
    });
  });

  it("fails again with the earlier reason when the same source failed review", () => {
    expect(earlierUpload(face, [record({ status: "Failed", error: "face" })])).toEqual({
      use: "failed",
      assetId: "asset-1",
      error: "face",
    });
  });

  it("uploads when the source or the library changed, or no id was recorded", () => {
    expect(earlierUpload(face, [record({ sourceHash: hash("b"), status: "Failed" })])).toEqual({
      use: "upload",
    });
    expect(earlierUpload(face, [record({ library: "sd2-manxue" })])).toEqual({ use: "upload" });
    expect(earlierUpload(face, [record({ assetId: null })])).toEqual({ use: "upload" });
    expect(earlierUpload(face, [])).toEqual({ use: "upload" });
  });

  it("prefers an Active upload to a Failed one of the same source", () => {
    const records = [record({ status: "Failed", error: "x" }), record({ assetId: "asset-2" })];
    expect(earlierUpload(face, records)).toEqual({ use: "active", assetId: "asset-2" });
  });
});

describe("asset records in results.json", () => {
  const task = {
    name: "t",
    model: "m",
    kind: "image",
    status: "pending",
    taskId: "x",
    submittedAt: null,
    finishedAt: null,
    file: null,
    inputHash: "h",
    error: null,
  };

  it("loads a file written before assets existed", () => {
    expect(resultsFileSchema.parse({ version: 1, tasks: [task] }).assets).toEqual([]);
  });

  it("drops an invalid asset entry alone and keeps the task ids beside it", () => {
    const parsed = resultsFileSchema.parse({
      version: 1,
      tasks: [task],
      assets: [record({}), { ...record({}), assetId: "../../x y" }, { nonsense: true }],
    });
    expect(parsed.tasks).toHaveLength(1);
    expect(parsed.assets).toEqual([record({})]);
    expect(resultsFileSchema.parse({ version: 1, tasks: [task], assets: "no" }).assets).toEqual([]);
  });

  it("are written by the ledger and read back with the journal's later changes", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "genmedia-assets-"));
    const file = path.join(dir, "results.json");
    const ledger = new Ledger(file, [task as never]);
    ledger.recordAsset(record({ status: "Processing" }));
    const read = readResults(file, "results.json", true);
    expect(typeof read === "string" ? read : read.assets).toEqual([record({ status: "Processing" })]);
    // A change only in the journal (as a killed run leaves it) wins over results.json.
    writeFileSync(journalOf(file), `${JSON.stringify({ asset: record({ status: "Active" }) })}\n{"asset":`);
    const replayed = readResults(file, "results.json", true);
    expect(typeof replayed === "string" ? replayed : replayed.assets).toEqual([record({ status: "Active" })]);
  });
});

describe("the asset client", () => {
  function transport(answers: Record<string, unknown>): AssetTransport & { paths: string[] } {
    const paths: string[] = [];
    const answer = async (endpoint: string) => {
      paths.push(endpoint);
      return answers[endpoint];
    };
    return { paths, postBilled: answer, postQuery: answer, getJson: answer };
  }

  it("URL-encodes an id into the detail path and matches statuses case-insensitively", async () => {
    const http = transport({ "/kyyVideo2/asset/a%2F..%2Fb": { code: 0, data: { status: "ACTIVE" } } });
    const reviews = await new AssetClient(http).reviews("seedance2", ["a/../b"]);
    expect(http.paths).toEqual(["/kyyVideo2/asset/a%2F..%2Fb"]);
    expect(reviews.get("a/../b")).toEqual({ status: "Active" });
    expect(reviewStatus("processing")).toBe("Processing");
    expect(reviewStatus("EXPIRED")).toBe("Failed");
    expect(reviewStatus("whatever")).toBeUndefined();
  });

  it("reads an SD2 Manxue batch with partial failures", async () => {
    const http = transport({
      "/asset/sd2Manxue/assetStatus": {
        code: "0",
        msg: null,
        data: {
          items: [{ assetId: "a", status: "Active" }],
          failedItems: [{ assetId: "b", errorMessage: "policy" }],
        },
      },
    });
    const reviews = await new AssetClient(http).reviews("sd2-manxue", ["a", "b"]);
    expect(Object.fromEntries(reviews)).toEqual({
      a: { status: "Active" },
      b: { status: "Failed", error: "policy" },
    });
  });

  it("refuses an envelope with a failing code with its msg, and an upload answer without an id", async () => {
    const refused = transport({
      "/kyyVideo2/asset/upload": { code: "1001", msg: "Insufficient balance", data: null },
    });
    await expect(
      new AssetClient(refused).upload({ library: "seedance2", type: "image", url: "https://e/x", name: "n" }),
    ).rejects.toThrow(/code 1001.*Insufficient balance/);
    const noId = transport({ "/asset/sd2Manxue/assetUpload": { code: 200, data: { items: [] } } });
    await expect(
      new AssetClient(noId).upload({ library: "sd2-manxue", type: "video", url: "https://e/x", name: "n" }),
    ).rejects.toBeInstanceOf(RejectedError);
  });
});
