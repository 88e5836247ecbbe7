import { describe, expect, it } from "vitest";
import { UNLISTED_TEAM } from "../../../../src/lib/figures/awards-by-team.ts";
import { recordSource } from "../../../../src/lib/figures/figure-source.ts";
import {
  headlineAmount,
  openingBalanceNote,
  quarterInWords,
  toWhom,
} from "../../../../src/lib/figures/home-figures.ts";
import { buildTestSnapshot, STEWARD, TEAM } from "../../../support/snapshot/build-test-snapshot.ts";

const snapshot = buildTestSnapshot();
const source = recordSource(snapshot, "ledger.json", "x");

describe("headlineAmount", () => {
  it("rounds to hundredths for the card and keeps every base unit beside it", () => {
    expect(headlineAmount({ units: "1234567891", source })).toMatchObject({
      units: "1234567891",
      rounded: "1,234.57",
      exact: "1,234.567891",
      approximate: true,
    });
    expect(headlineAmount({ units: "14550000000", source })).toMatchObject({
      rounded: "14,550",
      exact: "14,550.00",
      approximate: false,
    });
    // u64::MAX: no float anywhere on the way.
    expect(headlineAmount({ units: "18446744073709551615", source })).toMatchObject({
      rounded: "18,446,744,073,709.55",
      exact: "18,446,744,073,709.551615",
    });
  });

  it("refuses a negative amount rather than hide its sign", () => {
    expect(() => headlineAmount({ units: "-1", source })).toThrow(/negative/);
  });
});

describe("toWhom", () => {
  const program = { teams: [{ address: TEAM, name: "Mutual Health Plan", area: "healthcare" }], stewards: [STEWARD] };

  it("lists awards by team and area for all time, with the snapshot's quarter beside them", () => {
    // The snapshot was read on 1 Jan 2026 (2026-Q1); its only award was paid in December 2025.
    const result = toWhom(snapshot, program);
    expect(result.quarter).toBe("2026-Q1");
    expect([result.totals.allTime.units, result.totals.quarter.units]).toEqual([300_000_000n, 0n]);
    // The steward's 20.00 advance is the fee, shown apart.
    expect([result.fees.allTime.units, result.fees.quarter.units]).toEqual([20_000_000n, 0n]);
    expect(result.fees.allTime.source.record).toBe("sum(entries[category=payout|advance, payee is a steward].amount)");
    expect(result.totals.quarter.source.record).toContain("timestampUsec in 2026-Q1 (UTC)");
    expect(result.byTeam).toMatchObject([
      { name: "Mutual Health Plan", href: "/teams/mutual-health-plan/", teams: [], quarter: null },
    ]);
    expect(result.byTeam[0]?.allTime.units).toBe(300_000_000n);
    expect(result.byArea).toMatchObject([
      { name: "healthcare", href: null, teams: [{ name: "Mutual Health Plan", href: "/teams/mutual-health-plan/" }] },
    ]);
  });

  it("fills the quarter column when the snapshot's quarter has awards, and never links an unlisted payee", () => {
    const december = { ...snapshot, meta: { ...snapshot.meta, ledgerTimestampUsec: 1767100000000000n } };
    const result = toWhom(december, { teams: [], stewards: [STEWARD] });
    expect(result.quarter).toBe("2025-Q4");
    expect([result.totals.allTime.units, result.totals.quarter.units]).toEqual([300_000_000n, 300_000_000n]);
    expect(result.fees.quarter.units).toBe(20_000_000n);
    expect(result.byTeam).toMatchObject([{ name: UNLISTED_TEAM, href: null, teams: [] }]);
    expect(result.byTeam[0]?.quarter?.units).toBe(300_000_000n);
    expect(result.byTeam[0]?.quarter?.sources.amount.record).toContain("timestampUsec in 2025-Q4 (UTC)");
  });
});

describe("quarterInWords", () => {
  it("names the months", () => {
    expect(quarterInWords("2025-Q4")).toBe("October to December 2025");
    expect(quarterInWords("2026-Q1")).toBe("January to March 2026");
    expect(() => quarterInWords("2026-Q5")).toThrow(/not a quarter/);
  });
});

describe("openingBalanceNote", () => {
  it("says where the record begins, from the opening record's ledger version", () => {
    const note = openingBalanceNote(
      { amount: 25000000000n, provenance: { ledgerVersion: 1n, path: "0x1::coin::CoinStore" } },
      "LIBRA",
    );
    expect(note.version).toBe("1");
    expect(note.sentence).toBe(
      "The opening balance of 25,000.00 LIBRA is what the wallet already held when this record begins: its balance on the chain at ledger version 1, just before the first movement listed here. Where those coins came from is older than this record, so it is not broken down here.",
    );
  });

  it("says so when the wallet started empty", () => {
    const note = openingBalanceNote({ amount: 0n, provenance: { ledgerVersion: 0n, path: "x" } }, "LIBRA");
    expect(note.sentence).toMatch(/^The opening balance is 0\.00 LIBRA: the wallet held nothing/);
  });
});
