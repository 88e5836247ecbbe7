import { describe, expect, it } from "vitest";
import type { EpochRecord } from "../../../src/schemas/snapshot.ts";
import { epochLookup } from "../../../src/snapshot/assemble-snapshot.ts";

/** The rule as first written: walk from the first record while records are before `version`. */
function walk(epochs: readonly EpochRecord[], version: bigint, epochAtV: bigint): bigint {
  const first = epochs[0];
  if (!first) return epochAtV;
  let current = first.epoch - 1n;
  for (const record of epochs) {
    if (record.version < version) current = record.epoch;
    else break;
  }
  return current;
}

const record = (epoch: bigint, version: bigint): EpochRecord => ({ epoch, version, timestampUsec: 0n });

const lists: Array<[string, EpochRecord[]]> = [
  ["none", []],
  ["one", [record(7n, 100n)]],
  ["in order", [record(3n, 10n), record(4n, 20n), record(5n, 35n), record(6n, 36n), record(7n, 90n)]],
  ["with a repeated version", [record(3n, 10n), record(4n, 20n), record(5n, 20n), record(6n, 50n)]],
  ["out of order (left to the walk)", [record(3n, 10n), record(4n, 40n), record(5n, 20n), record(6n, 60n)]],
];

describe("epochLookup", () => {
  it.each(lists)("gives the walk's epoch at every version, epochs %s", (_, epochs) => {
    const epochAt = epochLookup(epochs, 99n);
    for (let version = 0n; version <= 100n; version++) {
      expect(epochAt(version), `version ${version}`).toBe(walk(epochs, version, 99n));
    }
  });

  it("gives a boundary's version the epoch it closes, and the one before the first record's epoch before it", () => {
    const epochAt = epochLookup([record(3n, 10n), record(4n, 20n)], 9n);
    expect([epochAt(5n), epochAt(10n), epochAt(11n), epochAt(20n), epochAt(21n)]).toEqual([2n, 2n, 3n, 3n, 4n]);
  });
});
