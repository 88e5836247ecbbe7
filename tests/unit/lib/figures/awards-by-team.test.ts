import { describe, expect, it } from "vitest";
import { awardGroups, byAmountDescending, UNLISTED_TEAM } from "../../../../src/lib/figures/awards-by-team.ts";
import { buildTestSnapshot, STEWARD, TEAM } from "../../../support/snapshot/build-test-snapshot.ts";

const teams = [{ address: TEAM, name: "Clinic", area: "healthcare" }];

describe("awardGroups", () => {
  it("sums every award of the whole ledger by team and area, leaving the steward's fee out", () => {
    // The test snapshot pays 300.00 to TEAM (an award) and advances 20.00 to STEWARD (a fee).
    const groups = awardGroups(buildTestSnapshot(), { teams, stewards: [STEWARD] }, "all");
    expect(groups.period).toBe("all");
    expect(groups.total).toBe(300_000_000n);
    expect(groups.byTeam.map((group) => [group.name, group.units, group.count])).toEqual([
      ["Clinic", 300_000_000n, 1n],
    ]);
    expect(groups.byArea.map((group) => [group.name, group.units])).toEqual([["healthcare", 300_000_000n]]);
    // All time: no period condition in the record it names.
    expect(groups.byTeam[0]?.sources.amount.record).toBe(
      'sum(entries[category=payout|advance, payee is not a steward, payee\'s team is "Clinic"].amount)',
    );
    expect(groups.byTeam[0]?.sources.count.record).toMatch(/^count\(entries\[/);
  });

  it("groups an unknown payee as not a listed team, and counts the fee as an award when no steward is named", () => {
    const groups = awardGroups(buildTestSnapshot(), { teams: [], stewards: [] }, "all");
    expect(groups.byTeam.map((group) => [group.name, group.units, group.count])).toEqual([
      [UNLISTED_TEAM, 320_000_000n, 2n],
    ]);
  });

  it("keeps to the quarter's block times: nothing in a quarter without payments", () => {
    const snapshot = buildTestSnapshot();
    expect(awardGroups(snapshot, { teams, stewards: [STEWARD] }, "2025-q4").total).toBe(300_000_000n);
    const empty = awardGroups(snapshot, { teams, stewards: [STEWARD] }, "2026-Q1");
    expect(empty).toMatchObject({ period: "2026-Q1", byTeam: [], byArea: [], total: 0n });
  });

  it("orders by amount, largest first, then by name", () => {
    const group = (name: string, units: bigint) => ({ name, units, count: 1n, sources: {} as never });
    const sorted = [group("b", 5n), group("a", 5n), group("c", 9n)].sort(byAmountDescending);
    expect(sorted.map((item) => item.name)).toEqual(["c", "a", "b"]);
  });
});
