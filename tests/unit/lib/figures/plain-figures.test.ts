import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  feeVerdict,
  formatCapPercent,
  formatCoinsRounded,
  formatShare,
} from "../../../../src/lib/figures/plain-figures.ts";
import { teamSlug } from "../../../../src/lib/team-slug.ts";

describe("formatCoinsRounded", () => {
  it.each([
    [0n, "0", true],
    [14_550_000_000n, "14,550", true],
    [1_234_565_000n, "1,234.57", false],
    [1_234_564_999n, "1,234.56", false],
    [214_025_924_162n, "214,025.92", false],
    [999_995_000n, "1,000", false],
    [4_999n, "0", false],
    [5_000n, "0.01", false],
    [18446744073709551615n, "18,446,744,073,709.55", false],
  ])("%s base units -> %s", (units, text, exact) => {
    expect(formatCoinsRounded(units)).toEqual({ text, exact });
  });

  it("is never more than half a hundredth away from the exact value", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), (units) => {
        const text = formatCoinsRounded(units).text.replaceAll(",", "");
        const [whole = "0", fraction = ""] = text.split(".");
        const back = BigInt(whole) * 1_000_000n + BigInt(fraction.padEnd(6, "0"));
        const distance = back > units ? back - units : units - back;
        expect(distance <= 5_000n).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("formatShare", () => {
  it("rounds to hundredths of a percent, halves up", () => {
    expect(formatShare(14_550n, 435_150n)).toBe("3.34 %");
    expect(formatShare(1n, 8n)).toBe("12.50 %");
    expect(formatShare(1n, 3n)).toBe("33.33 %");
    expect(formatShare(2n, 3n)).toBe("66.67 %");
    expect(formatShare(0n, 0n)).toBeNull();
  });

  it("never shows a share over the cap at or below the cap", () => {
    expect(formatShare(400_001n, 10_000_000n, 400n)).toBe("4.01 %");
    expect(formatShare(400_000n, 10_000_000n, 400n)).toBe("4.00 %");
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 15n }), fc.bigInt({ min: 0n, max: 10n ** 14n }), (whole, part) => {
        const shown = formatShare(part, whole, 400n) as string;
        const hundredths = BigInt(shown.replace(" %", "").replace(".", ""));
        if (part * 10_000n > whole * 400n) expect(hundredths > 400n).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("formatCapPercent", () => {
  it.each([
    [400n, "4 %"],
    [350n, "3.5 %"],
    [425n, "4.25 %"],
    [5n, "0.05 %"],
  ])("%s bps -> %s", (bps, text) => {
    expect(formatCapPercent(bps)).toBe(text);
  });
});

describe("feeVerdict", () => {
  it("says the demo's lifetime verdict in one sentence", () => {
    const verdict = feeVerdict({ fees: 14_550_000_000n, awards: 435_150_000_000n, capBps: 400n }, "LIBRA");
    expect(verdict.sentence).toBe(
      "Fees so far: 14,550 LIBRA, 3.34 % of the 435,150 LIBRA awarded, within the 4 % cap.",
    );
    expect(verdict.withinCap).toBe(true);
    expect(verdict.allowance).toBe(17_406_000_000n);
  });

  it("decides exactly, and says by how much a breach exceeds the allowance", () => {
    const verdict = feeVerdict({ fees: 4_000_001n, awards: 100_000_000n, capBps: 400n }, "LIBRA", "Fees this quarter");
    expect(verdict.withinCap).toBe(false);
    expect(verdict.sentence).toBe(
      "Fees this quarter: 4 LIBRA, 4.01 % of the 100 LIBRA awarded, over the 4 % cap by 0.000001 LIBRA.",
    );
    expect(feeVerdict({ fees: 4_000_000n, awards: 100_000_000n, capBps: 400n }, "LIBRA").withinCap).toBe(true);
  });

  it("handles periods without awards", () => {
    expect(feeVerdict({ fees: 0n, awards: 0n, capBps: 400n }, "LIBRA").sentence).toBe(
      "Fees so far: none, and nothing has been awarded yet, so the 4 % cap holds.",
    );
    const breach = feeVerdict({ fees: 1_000_000n, awards: 0n, capBps: 400n }, "LIBRA");
    expect(breach.withinCap).toBe(false);
    expect(breach.sentence).toBe("Fees so far: 1 LIBRA with nothing awarded yet, over the 4 % cap.");
  });
});

describe("teamSlug", () => {
  it.each([
    ["Mutual Health Plan", "mutual-health-plan"],
    ["Community Dispute Resolution", "community-dispute-resolution"],
    ["  Café & Co. ", "cafe-co"],
    ["中文", "team"],
  ])("%j -> %s", (name, slug) => {
    expect(teamSlug(name)).toBe(slug);
  });
});
