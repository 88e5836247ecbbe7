import { describe, expect, it } from "vitest";
import { createGrowingPlan, type PlannedRead, planTransactionReads } from "../../../src/snapshot/read-plan.ts";

const range = (from: number, to: number, step = 1): bigint[] => {
  const out: bigint[] = [];
  for (let v = from; v <= to; v += step) out.push(BigInt(v));
  return out;
};

/** Every wanted version is covered exactly once, and every range stays within the page limit. */
function covered(plan: readonly PlannedRead[], pageLimit: number): bigint[] {
  return plan.flatMap((read) => {
    if (read.kind === "single") return [read.version];
    expect(read.limit).toBeLessThanOrEqual(pageLimit);
    expect(read.wanted[0]).toBe(read.start);
    expect(read.wanted.at(-1)).toBe(read.start + BigInt(read.limit) - 1n);
    return read.wanted;
  });
}

describe("planTransactionReads", () => {
  it("reads dense versions with ranges of the page limit", () => {
    const versions = range(1000, 1999);
    const plan = planTransactionReads(versions, { pageLimit: 100 });
    expect(plan).toHaveLength(10);
    expect(plan.every((read) => read.kind === "range")).toBe(true);
    expect(plan[0]).toMatchObject({ kind: "range", start: 1000n, limit: 100 });
    expect(covered(plan, 100)).toEqual(versions);
  });

  it("reads sparse versions one at a time (a donation among millions of versions)", () => {
    const versions = range(5, 5_000_005, 1_000_000);
    const plan = planTransactionReads(versions, { pageLimit: 100 });
    expect(plan).toEqual(versions.map((version) => ({ kind: "single", version })));
  });

  it("mixes ranges for clusters and singles for strays, ending each range at its last wanted version", () => {
    const versions = [7n, 500n, 501n, 520n, 599n, 600n, 10_000n];
    const plan = planTransactionReads(versions, { pageLimit: 100 });
    expect(plan).toEqual([
      { kind: "single", version: 7n },
      { kind: "range", start: 500n, limit: 100, wanted: [500n, 501n, 520n, 599n] },
      { kind: "single", version: 600n },
      { kind: "single", version: 10_000n },
    ]);
    expect(covered(plan, 100)).toEqual(versions);
  });

  it("makes fewer requests than single reads when every fourth version is wanted", () => {
    const versions = range(0, 3999, 4);
    const plan = planTransactionReads(versions, { pageLimit: 100 });
    expect(plan).toHaveLength(40);
    expect(covered(plan, 100)).toEqual(versions);
  });

  it("weighs a range's cost: two wanted in a window are not worth a range costing three singles", () => {
    const versions = [10n, 50n, 900n, 910n, 920n, 930n];
    const plan = planTransactionReads(versions, { pageLimit: 100, rangeCost: 3 });
    expect(plan).toEqual([
      { kind: "single", version: 10n },
      { kind: "single", version: 50n },
      { kind: "range", start: 900n, limit: 31, wanted: [900n, 910n, 920n, 930n] },
    ]);
  });

  it("plans nothing for no versions, and refuses unsorted or repeated versions and a bad page limit", () => {
    expect(planTransactionReads([], { pageLimit: 100 })).toEqual([]);
    expect(() => planTransactionReads([3n, 2n], { pageLimit: 100 })).toThrow(/ascending/);
    expect(() => planTransactionReads([3n, 3n], { pageLimit: 100 })).toThrow(/ascending and distinct/);
    expect(() => planTransactionReads([3n], { pageLimit: 0 })).toThrow(/page limit/);
  });
});

/** A fixed shuffle (a linear congruential generator), so the test is the same every run. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** Dense clusters and strays, as the simulated wallet and the real chain give them. */
const MIXED = [...range(0, 2_999, 3), ...range(10_000, 10_400, 7), ...range(50_000, 5_050_000, 1_000_000), 3_000n];

describe("createGrowingPlan", () => {
  it("plans what planTransactionReads plans, whatever the order the versions come in", () => {
    const expected = planTransactionReads(
      [...MIXED].sort((a, b) => (a < b ? -1 : 1)),
      { pageLimit: 100 },
    );
    for (const seed of [1, 2, 3]) {
      const plan = createGrowingPlan({ pageLimit: 100 });
      for (const version of shuffled(MIXED, seed)) plan.add(version);
      expect(plan.take()).toEqual(expected);
    }
  });

  it("gives the windows below a sure version as the versions come, and the same plan in all", () => {
    const sorted = [...MIXED].sort((a, b) => (a < b ? -1 : 1));
    const plan = createGrowingPlan({ pageLimit: 100, rangeCost: 2 });
    const taken: PlannedRead[] = [];
    let early = 0;
    for (const version of sorted) {
      plan.add(version);
      // Coming in version order, every version below the last one added is known.
      const reads = plan.take(version);
      for (const read of reads) {
        const start = read.kind === "range" ? read.start : read.version;
        // A window is only decided once every version it could hold is known.
        expect(start + 100n).toBeLessThanOrEqual(version);
      }
      early += reads.length;
      taken.push(...reads);
    }
    taken.push(...plan.take());
    expect(early).toBeGreaterThan(taken.length / 2);
    expect(taken).toEqual(planTransactionReads(sorted, { pageLimit: 100, rangeCost: 2 }));
  });

  it("reads a version added below a window already taken on its own, so that none is left unread", () => {
    const plan = createGrowingPlan({ pageLimit: 100 });
    for (const version of range(1_000, 1_049)) plan.add(version);
    const first = plan.take(1_200n);
    expect(first).toEqual([{ kind: "range", start: 1_000n, limit: 50, wanted: range(1_000, 1_049) }]);
    plan.add(20n);
    expect(plan.take()).toEqual([{ kind: "single", version: 20n }]);
  });

  it("refuses a bad page limit", () => {
    expect(() => createGrowingPlan({ pageLimit: 1.5 })).toThrow(/page limit/);
  });
});
