import { describe, expect, it } from "vitest";
import { type CollectGarbage, exposeCollector, Scavenger } from "../../src/run/scavenger.ts";

const KiB = 1024;

function recording(): { calls: string[]; collect: CollectGarbage } {
  const calls: string[] = [];
  return { calls, collect: (options) => calls.push(options.type) };
}

describe("chunk scavenger", () => {
  it("collects fully before the first download, scavenges every 8 MiB, and fully again after the last big one", () => {
    const { calls, collect } = recording();
    let asked = 0;
    const scavenger = new Scavenger(() => {
      asked++;
      return collect;
    });
    expect(asked).toBe(0);
    scavenger.streamOpened();
    scavenger.streamOpened();
    expect(calls).toEqual(["major"]);
    // Two streams, 64 KiB chunks: 40 MiB in all.
    for (let i = 0; i < 640; i++) scavenger.chunkWritten(64 * KiB);
    expect(calls).toEqual(["major", "minor", "minor", "minor", "minor", "minor"]);
    scavenger.streamClosed();
    expect(calls.at(-1)).toBe("minor");
    for (let i = 0; i < 400; i++) scavenger.chunkWritten(64 * KiB);
    scavenger.streamClosed();
    // 65 MiB since the first full collection: the chunks promoted meanwhile are worth one.
    expect(calls.at(-1)).toBe("major");
    expect(asked).toBe(1);
  });

  it("does not collect after small downloads, nor before any but the first", () => {
    const { calls, collect } = recording();
    const scavenger = new Scavenger(() => collect);
    for (let i = 0; i < 1000; i++) {
      scavenger.streamOpened();
      scavenger.chunkWritten(256);
      scavenger.streamClosed();
    }
    expect(calls).toEqual(["major"]);
  });

  it("does nothing, and throws nothing, where no collector can be had", () => {
    const scavenger = new Scavenger(() => null);
    scavenger.streamOpened();
    for (let i = 0; i < 2000; i++) scavenger.chunkWritten(64 * KiB);
    expect(() => scavenger.streamClosed()).not.toThrow();
  });

  it("finds node's collector in this process, and a minor collection runs", () => {
    const collect = exposeCollector();
    expect(typeof collect).toBe("function");
    expect(() => collect?.({ type: "minor" })).not.toThrow();
  });
});
