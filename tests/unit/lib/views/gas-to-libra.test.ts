import { describe, expect, it } from "vitest";
import { deriveRebaseFactor, type ReceiptObservation } from "../../../../src/lib/state/rebase.ts";
import {
  EQUIVALENT_ROUNDING,
  equivalentRangeText,
  evidenceRecords,
  factorText,
  libraEquivalent,
} from "../../../../src/lib/views/gas-to-libra.ts";

const addr = (hex: string) => `0x${"0".repeat(32)}${hex.repeat(32 / hex.length)}`;
const receipt = (amount: bigint, exportId: string, record: number): ReceiptObservation => ({
  payer: addr("20"),
  destination: addr("46"),
  cumulative: amount,
  lastPaymentValue: amount,
  lastPaymentTimestampSecs: 1638459321n,
  source: { export: exportId, file: `${exportId}.json`, record },
});
// 10^10 GAS units → 353,000,456,947 LIBRA units: f in [35.3000456947, 35.3000456948).
const derivation = deriveRebaseFactor(
  [receipt(10_000_000_000n, "v5-epoch-68", 1140)],
  [receipt(353_000_456_947n, "v6-epoch-79", 8)],
);

describe("libraEquivalent", () => {
  it("rounds the smallest factor's figure down to 0.01 LIBRA and keeps the exact range", () => {
    // 1 GAS: 35.3000456947 … 35.3000456948 → floor to the unit: 35,300,045 both ends; shown 35.30.
    expect(libraEquivalent(1_000_000n, derivation)).toEqual({ low: 35_300_045n, high: 35_300_045n, text: "35.30" });
    // 2,501 GAS: 88,285.4142824… to 88,285.4142826…: one base unit either way.
    const exact = libraEquivalent(2_501_000_000n, derivation);
    expect(exact).toEqual({ low: 88_285_414_282n, high: 88_285_414_282n, text: "88,285.41" });
    expect(exact && equivalentRangeText(exact)).toBe("exactly 88,285.414282 LIBRA");
    // 18,388,730.975789 GAS: the evidence leaves 1,838 base units open (figures from Python's integers).
    const wide = libraEquivalent(18_388_730_975_789n, derivation);
    expect(wide).toEqual({ low: 649_123_043_712_897n, high: 649_123_043_714_735n, text: "649,123,043.71" });
    expect(wide && equivalentRangeText(wide)).toBe("between 649,123,043.712897 and 649,123,043.714735 LIBRA");
    // Rounded down, never up: 0.999979 LIBRA shows as 0.99.
    expect(libraEquivalent(28_328n, derivation)?.text).toBe("0.99");
  });

  it("gives nothing when the evidence determines no factor", () => {
    const none = deriveRebaseFactor([], []);
    expect(libraEquivalent(1_000_000n, none)).toBeNull();
    expect(factorText(none)).toBeNull();
  });

  it("names the factor by the digits the evidence fixes, and the rounding in words", () => {
    expect(factorText(derivation)).toBe("35.3000456947…");
    expect(EQUIVALENT_ROUNDING).toContain("rounded down to 0.01 LIBRA");
    expect(evidenceRecords(derivation.pairs)).toBe(
      "20202020… is record 1140 of v5-epoch-68.json and record 8 of v6-epoch-79.json",
    );
  });
});
