import { describe, expect, it } from "vitest";
import {
  deriveRebaseFactor,
  formatRatioDown,
  type ReceiptObservation,
  rebaseRange,
  reduceRatio,
  sharedFactorDigits,
} from "../../../../src/lib/state/rebase.ts";

const addr = (hex: string) => `0x${"0".repeat(32)}${hex.repeat(32 / hex.length)}`;
const observe = (
  era: "v5" | "v6",
  payer: string,
  destination: string,
  cumulative: bigint,
  lastPaymentValue: bigint,
  lastPaymentTimestampSecs: bigint,
  record = 0,
): ReceiptObservation => ({
  payer: addr(payer),
  destination: addr(destination),
  cumulative,
  lastPaymentValue,
  lastPaymentTimestampSecs,
  source: { export: era === "v5" ? "v5-epoch-68" : "v6-epoch-79", file: `${era}.json`, record },
});

// The shape of the real evidence: round GAS payments carried over as floor(gas × f), f ≈ 35.3000456947.
const GAS = [
  observe("v5", "20", "46", 1_000_000n, 1_000_000n, 1638459321n, 1140),
  observe("v5", "20", "c8", 30_000_000_000n, 30_000_000_000n, 1640449299n, 1140),
  observe("v5", "c9", "05", 10_000_000_000n, 10_000_000_000n, 1639323354n, 150),
  observe("v5", "c9", "b3", 15_000_000_000n, 15_000_000_000n, 1639582557n, 150),
];
const LIBRA = [
  observe("v6", "20", "46", 35_300_045n, 35_300_045n, 1638459321n, 8),
  observe("v6", "20", "c8", 1_059_001_370_841n, 1_059_001_370_841n, 1640449299n, 8),
  observe("v6", "c9", "05", 353_000_456_947n, 353_000_456_947n, 1639323354n, 57),
  observe("v6", "c9", "b3", 529_500_685_420n, 529_500_685_420n, 1639582557n, 57),
];

describe("deriveRebaseFactor", () => {
  it("intersects every pair's interval: [353000456947/10^10, 1059001370842/(3·10^10))", () => {
    const derivation = deriveRebaseFactor(GAS, LIBRA);
    expect(derivation.status).toBe("determined");
    if (derivation.status !== "determined") return;
    expect(derivation.pairs).toHaveLength(4);
    expect(derivation.lower).toEqual(reduceRatio({ numerator: 353_000_456_947n, denominator: 10_000_000_000n }));
    expect(derivation.upper).toEqual(reduceRatio({ numerator: 1_059_001_370_842n, denominator: 30_000_000_000n }));
    expect(sharedFactorDigits(derivation.lower, derivation.upper)).toBe("35.3000456947");
    // Every pair's amounts are reproduced by every factor of the interval, at both ends.
    for (const pair of derivation.pairs) {
      for (const amount of pair.amounts) {
        const range = rebaseRange(amount.gas, derivation.lower, derivation.upper);
        expect(range).toEqual({ low: amount.libra, high: amount.libra });
      }
    }
    expect(derivation.pairs[0]?.gas.source).toEqual({ export: "v5-epoch-68", file: "v5.json", record: 1140 });
  });

  it("does not use a receipt paid again after the v5 export, and counts it", () => {
    const later = observe("v6", "20", "46", 70_600_090n, 35_300_045n, 1700000000n);
    const derivation = deriveRebaseFactor(GAS, [later, ...LIBRA.slice(1)]);
    expect(derivation.paidAgain).toBe(1);
    expect(derivation.pairs).toHaveLength(3);
  });

  it("says there is no evidence when no receipt appears in both eras", () => {
    const derivation = deriveRebaseFactor(GAS, []);
    expect(derivation.status).toBe("no-evidence");
    // Within one pair, too: the same GAS amount cannot become two LIBRA amounts under one factor.
    const split = observe("v6", "20", "46", 35_300_045n, 35_300_044n, 1638459321n);
    expect(deriveRebaseFactor(GAS.slice(0, 1), [split]).status).toBe("disagreement");
  });

  it("reports a disagreement, naming the two pairs no single factor explains", () => {
    // 1,000,000 GAS units → 35,300,045 says f ≥ 35.300045; 10^10 → 350,000,000,000 says f < 35.0000000001.
    const wrong = observe("v6", "c9", "05", 350_000_000_000n, 350_000_000_000n, 1639323354n, 57);
    const derivation = deriveRebaseFactor(GAS, [LIBRA[0] as ReceiptObservation, wrong]);
    expect(derivation.status).toBe("disagreement");
    if (derivation.status !== "disagreement") return;
    expect(derivation.conflict.high.destination).toBe(addr("46"));
    expect(derivation.conflict.low.destination).toBe(addr("05"));
  });

  it("is exact above 2^53", () => {
    const big = 2n ** 60n + 7n;
    const derivation = deriveRebaseFactor(
      [observe("v5", "aa", "bb", big, big, 1n)],
      [observe("v6", "aa", "bb", big * 3n, big * 3n, 1n)],
    );
    expect(derivation.status).toBe("determined");
    if (derivation.status !== "determined") return;
    expect(derivation.lower).toEqual({ numerator: 3n, denominator: 1n });
    expect(rebaseRange(big, derivation.lower, derivation.upper)).toEqual({ low: big * 3n, high: big * 3n });
  });
});

describe("rebaseRange", () => {
  it("gives the lowest and highest floor(units × f) over [lower, upper)", () => {
    const lower = { numerator: 353_000_456_947n, denominator: 10_000_000_000n };
    const upper = { numerator: 1_059_001_370_842n, denominator: 30_000_000_000n };
    // The SIP's balance at epoch 156 (GAS base units): the evidence leaves 612 LIBRA base units open
    // (figures checked with Python's integers: g*353000456947//10**10 and ceil(g*1059001370842/(3*10**10))-1).
    expect(rebaseRange(18_388_730_975_789n, lower, upper)).toEqual({
      low: 649_123_043_712_897n,
      high: 649_123_043_713_509n,
    });
    expect(rebaseRange(0n, lower, upper)).toEqual({ low: 0n, high: 0n });
    // An exact upper bound is excluded: 3 × [1, 2) never reaches 6.
    expect(rebaseRange(3n, { numerator: 1n, denominator: 1n }, { numerator: 2n, denominator: 1n })).toEqual({
      low: 3n,
      high: 5n,
    });
    expect(() => rebaseRange(-1n, lower, upper)).toThrow(RangeError);
  });
});

describe("formatRatioDown", () => {
  it("rounds down to the given digits", () => {
    expect(formatRatioDown({ numerator: 2n, denominator: 3n }, 4)).toBe("0.6666");
    expect(formatRatioDown({ numerator: 353_000_456_947n, denominator: 10_000_000_000n }, 0)).toBe("35");
    expect(formatRatioDown({ numerator: 7n, denominator: 2n }, 3)).toBe("3.500");
  });
});
