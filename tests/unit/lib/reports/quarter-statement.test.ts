import { describe, expect, it } from "vitest";
import { quarterStatement, UNLISTED_TEAM } from "../../../../src/lib/reports/quarter-statement.ts";
import { buildTestSnapshot, STEWARD, TEAM } from "../../../support/snapshot/build-test-snapshot.ts";

const program = { teams: [], stewards: [STEWARD], coinSymbol: "LIBRA" };

describe("quarterStatement", () => {
  it("accounts for 2025-Q4 of the test snapshot from opening to closing balance", () => {
    const statement = quarterStatement(buildTestSnapshot(), program, "2025-q4");
    expect(statement).toMatchObject({
      quarter: "2025-Q4",
      opening: { units: 1_000_000_000n, text: "1,000.00 LIBRA" },
      donations: {
        count: { units: 2n, text: "2", figure: "donations.count" },
        total: { units: 750_500_000n },
        newDonors: { units: 2n, text: "2", figure: "donors.new" },
      },
      otherInflows: { units: 10_000_000n },
      inflows: { units: 760_500_000n },
      fees: { total: { units: 20_000_000n }, allowance: { units: 12_000_000n }, withinCap: false },
      outflows: { units: 320_000_000n },
      closing: { units: 1_440_500_000n, text: "1,440.50 LIBRA" },
      reconciles: true,
      vetoes: {
        ballots: { units: 0n, text: "0", figure: "vetoes.count" },
        passed: { units: 0n },
        failed: { units: 0n },
        lapsed: { units: 0n, figure: "vetoes.lapsed" },
        open: { units: 0n, figure: "vetoes.open" },
      },
      transfersDue: 0n,
    });
    expect(statement.fees.excess).toMatchObject({ units: 8_000_000n, text: "8.00 LIBRA", figure: "fees.excess" });
    expect(statement.fees.excess?.source.record).toBe(
      `${statement.fees.total.source.record} \u2212 ${statement.fees.allowance.source.record}`,
    );
    expect(statement.opening).toMatchObject({ figure: "balance.opening", source: { file: "ledger.json" } });
    // The payee is not in the program's teams: grouped, never dropped; the steward's fee is not an award.
    expect(statement.awards.byTeam).toMatchObject([
      {
        name: UNLISTED_TEAM,
        amount: { units: 300_000_000n, text: "300.00 LIBRA", figure: "awards.team" },
        count: { units: 1n, text: "1", figure: "awards.team.count" },
      },
    ]);
    expect(statement.awards.byTeam[0]?.amount.source.record).toBe(
      "sum(entries[category=payout|advance, payee is not a steward, payee is not a listed team, timestampUsec in 2025-Q4 (UTC)].amount)",
    );
    expect(statement.awards.byArea.map((group) => group.name)).toEqual([UNLISTED_TEAM]);
  });

  it("names a listed team and its program area", () => {
    const teams = [{ address: TEAM, name: "Clinic", area: "healthcare" }];
    const statement = quarterStatement(buildTestSnapshot(), { ...program, teams }, "2025-Q4");
    expect(statement.awards.byTeam.map((group) => [group.name, group.amount.text])).toEqual([
      ["Clinic", "300.00 LIBRA"],
    ]);
    expect(statement.awards.byArea.map((group) => [group.name, group.count.text])).toEqual([["healthcare", "1"]]);
    expect(statement.awards.byArea[0]?.amount.source.record).toContain('payee\'s area is "healthcare"');
  });

  it("shows an excess of none and zero awards in a quarter without payments", () => {
    const statement = quarterStatement(buildTestSnapshot(), program, "2026-Q1");
    expect(statement.awards.byTeam).toEqual([]);
    expect(statement.fees).toMatchObject({ withinCap: true, excess: null });
    expect(statement.opening.units).toBe(statement.closing.units);
    expect(statement.transfersDue).toBe(1n);
  });

  it("refuses a quarter the snapshot does not cover", () => {
    expect(() => quarterStatement(buildTestSnapshot(), program, "2025-Q3")).toThrow(/not in the snapshot/);
  });
});
