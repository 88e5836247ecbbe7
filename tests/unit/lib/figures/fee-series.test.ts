import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FEE_CAP_BASIS_POINTS, feeSeries } from "../../../../src/lib/figures/fee-series.ts";
import { feeAllowanceFor } from "../../../../src/lib/figures/fees.ts";
import { U64_MAX } from "../../../../src/lib/money.ts";
import type { LedgerEntry, TransferRecord } from "../../../../src/schemas/snapshot.ts";
import { buildTestSnapshot, STEWARD, TEAM } from "../../../support/snapshot/build-test-snapshot.ts";

const usec = (iso: string) => BigInt(Date.parse(iso)) * 1000n;

/** A withdrawal like the fixture's payout, at another time, amount, category and payee. */
function payment(
  iso: string,
  amount: string,
  payee: string | null,
  category: LedgerEntry["category"] = "payout",
  transferUid: string | null = null,
): LedgerEntry {
  const base = buildTestSnapshot().ledger.entries[3]!;
  return {
    ...base,
    timestampUsec: usec(iso),
    amount: BigInt(amount),
    counterparty: payee,
    category,
    transferUid: transferUid === null ? null : BigInt(transferUid),
  };
}

function transfer(uid: string, payee: string, amount: string, status: TransferRecord["status"]): TransferRecord {
  const base = buildTestSnapshot().transfers[0]!;
  return { ...base, uid: BigInt(uid), payee, amount: BigInt(amount), status };
}

/** The allowance under the default cap, as the fee series computes it. */
const feeAllowance = (awards: bigint) => feeAllowanceFor(awards, FEE_CAP_BASIS_POINTS);

describe("feeAllowance", () => {
  it("is 4 % of the awards, rounded down to the base unit", () => {
    expect(FEE_CAP_BASIS_POINTS).toBe(400n);
    expect(feeAllowance(0n)).toBe(0n);
    expect(feeAllowance(24n)).toBe(0n); // 0.96 -> 0
    expect(feeAllowance(25n)).toBe(1n); // exactly 1
    expect(feeAllowance(49n)).toBe(1n); // 1.96 -> 1
    expect(feeAllowance(50n)).toBe(2n);
    expect(feeAllowance(300_000_000n)).toBe(12_000_000n);
    expect(feeAllowance(123_456_789n)).toBe(4_938_271n); // 4,938,271.56 -> 4,938,271
    expect(feeAllowance(U64_MAX)).toBe(737_869_762_948_382_064n); // 737,869,762,948,382,064.6 -> …064
    expect(() => feeAllowance(-1n)).toThrow(RangeError);
  });

  it("makes fees ≤ allowance exactly the design's fee × 10000 ≤ award × 400", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: U64_MAX }), fc.bigInt({ min: 0n, max: U64_MAX }), (award, fee) => {
        expect(fee <= feeAllowance(award)).toBe(fee * 10_000n <= award * 400n);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("feeSeries", () => {
  it("counts the fixture's advance to the steward as a fee and its payout to the team as an award", () => {
    expect(feeSeries(buildTestSnapshot(), [STEWARD])).toEqual({
      quarters: [
        { quarter: "2025-Q4", awards: 300_000_000n, fees: 20_000_000n, allowance: 12_000_000n, withinCap: false },
      ],
      lifetime: { awards: 300_000_000n, fees: 20_000_000n, allowance: 12_000_000n, withinCap: false },
    });
  });

  it("treats every paid transfer and advance as an award when no steward is configured", () => {
    expect(feeSeries(buildTestSnapshot(), []).lifetime).toEqual({
      awards: 320_000_000n,
      fees: 0n,
      allowance: 12_800_000n,
      withinCap: true,
    });
  });

  it("excludes vetoed, scheduled and overdue transfers (they moved no coins) and other outflows", () => {
    const snapshot = buildTestSnapshot();
    snapshot.transfers.push(
      transfer("6", STEWARD, "999000000", "vetoed"),
      transfer("7", TEAM, "888000000", "scheduled"),
      transfer("8", STEWARD, "777000000", "overdue"),
      transfer("9", TEAM, "666000000", "vetoed"),
    );
    snapshot.ledger.entries.push(payment("2025-12-30T00:00:00Z", "555000000", STEWARD, "other-outflow"));
    expect(feeSeries(snapshot, [STEWARD])).toEqual(feeSeries(buildTestSnapshot(), [STEWARD]));
  });

  it("buckets by UTC quarter, keeps empty quarters as zeros, and sums the lifetime before rounding", () => {
    const snapshot = buildTestSnapshot();
    snapshot.ledger.entries = [
      payment("2025-03-31T23:59:59Z", "49", TEAM),
      payment("2025-04-01T00:00:00Z", "49", TEAM, "advance"),
      payment("2025-06-30T12:00:00Z", "1", STEWARD),
      payment("2025-12-01T00:00:00Z", "2", STEWARD, "advance"),
    ];
    const series = feeSeries(snapshot, [STEWARD]);
    expect(series.quarters).toEqual([
      { quarter: "2025-Q1", awards: 49n, fees: 0n, allowance: 1n, withinCap: true },
      { quarter: "2025-Q2", awards: 49n, fees: 1n, allowance: 1n, withinCap: true },
      { quarter: "2025-Q3", awards: 0n, fees: 0n, allowance: 0n, withinCap: true },
      { quarter: "2025-Q4", awards: 0n, fees: 2n, allowance: 0n, withinCap: false },
    ]);
    // 98 units of awards allow 3 units over the life (3.92), more than the sum of quarterly floors (2).
    expect(series.lifetime).toEqual({ awards: 98n, fees: 3n, allowance: 3n, withinCap: true });
  });

  it("finds the payee of a payout that names none through its transfer, else counts it as an award", () => {
    const snapshot = buildTestSnapshot();
    snapshot.transfers.push(transfer("6", STEWARD, "5000000", "paid"));
    snapshot.ledger.entries = [
      payment("2025-10-01T00:00:00Z", "5000000", null, "payout", "6"),
      payment("2025-10-02T00:00:00Z", "100000000", null, "payout", null),
      payment("2025-10-03T00:00:00Z", "25000000", null, "payout", "404"),
    ];
    expect(feeSeries(snapshot, [STEWARD]).lifetime).toEqual({
      awards: 125_000_000n,
      fees: 5_000_000n,
      allowance: 5_000_000n,
      withinCap: true,
    });
  });

  it("is empty when nothing was paid out", () => {
    const snapshot = buildTestSnapshot();
    snapshot.ledger.entries = snapshot.ledger.entries.filter((entry) => entry.stream === "deposit");
    expect(feeSeries(snapshot, [STEWARD])).toEqual({
      quarters: [],
      lifetime: { awards: 0n, fees: 0n, allowance: 0n, withinCap: true },
    });
  });
});
