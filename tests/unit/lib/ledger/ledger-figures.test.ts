import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  balanceSeries,
  computeTotals,
  monthlyClosingBalances,
  monthlyFlows,
  reconciliationLine,
} from "../../../../src/lib/ledger/ledger-figures.ts";
import { U64_MAX } from "../../../../src/lib/money.ts";
import { listMonths } from "../../../../src/lib/periods.ts";
import {
  type LedgerEntry,
  type Snapshot,
  SnapshotSchema,
  type TransferRecord,
} from "../../../../src/schemas/snapshot.ts";
import { buildTestSnapshot, TEAM } from "../../../support/snapshot/build-test-snapshot.ts";

const usec = (iso: string) => BigInt(Date.parse(iso)) * 1000n;

function transfer(uid: string, amount: string, status: TransferRecord["status"]): TransferRecord {
  return {
    uid: BigInt(uid),
    payee: TEAM,
    amount: BigInt(amount),
    description: { hex: "0x", text: "" },
    status,
    deadlineEpoch: 1240n,
    history: [{ state: { status, deadlineEpoch: 1240n }, seenAtLedgerVersion: 98765432n, seenAtEpoch: 1234n }],
    provenance: { ledgerVersion: 98765432n, path: `tx/${uid}` },
  };
}

/** A ledger entry like the fixture's first one, at another time and amount. */
function movement(stream: LedgerEntry["stream"], iso: string, amount: string, version: string): LedgerEntry {
  const base = buildTestSnapshot().ledger.entries[stream === "deposit" ? 0 : 3]!;
  return {
    ...base,
    stream,
    version: BigInt(version),
    sequence: BigInt(version),
    timestampUsec: usec(iso),
    amount: BigInt(amount),
  };
}

describe("computeTotals", () => {
  it("sums the fixture's ledger by category", () => {
    expect(computeTotals(buildTestSnapshot())).toEqual({
      donations: 750_500_000n,
      otherInflows: 10_000_000n,
      paidOut: 300_000_000n,
      advances: 20_000_000n,
      otherOutflows: 0n,
      vetoedAmount: 0n,
      scheduledAmount: 0n,
      opening: 1_000_000_000n,
      balance: 1_440_500_000n,
      availableAfterScheduled: 1_440_500_000n,
      counts: {
        donations: 2,
        donors: 2,
        transfers: { scheduled: 0, overdue: 0, paid: 1, vetoed: 0 },
        vetoBallots: { pending: 0, passed: 0, failed: 0 },
      },
    });
  });

  it("keeps a negative 'available after scheduled' when the wallet has promised more than it holds", () => {
    const snapshot = buildTestSnapshot();
    snapshot.transfers.push(
      transfer("6", "2000000000", "scheduled"),
      transfer("7", "100000000", "overdue"),
      transfer("8", "50000000", "vetoed"),
    );
    snapshot.ledger.entries.push({ ...snapshot.ledger.entries[4]!, category: "other-outflow", version: 500n });
    const ballot = {
      ballotId: 9n,
      transferUid: 8n,
      status: "passed" as const,
      approvalPct: 9000n,
      turnoutPct: 4000n,
      requiredThresholdPct: 8200n,
      minTurnoutPct: 1250n,
      votesApprove: 1n,
      votesReject: 0n,
      maxVotes: 2n,
      deadlineEpoch: 1236n,
      history: [
        {
          state: { status: "passed" as const, approvalPct: 9000n, turnoutPct: 4000n },
          seenAtLedgerVersion: 1n,
          seenAtEpoch: 1n,
        },
      ],
      provenance: { ledgerVersion: 1n, path: "v" },
    };
    snapshot.vetoes.push(ballot, { ...ballot, ballotId: 10n, status: "pending" });
    const totals = computeTotals(snapshot);
    expect(totals.scheduledAmount).toBe(2_100_000_000n);
    expect(totals.vetoedAmount).toBe(50_000_000n);
    expect(totals.otherOutflows).toBe(20_000_000n);
    // 1,440.5 − 2,100 = −659.5 LIBRA.
    expect(totals.availableAfterScheduled).toBe(-659_500_000n);
    expect(totals.counts.transfers).toEqual({ scheduled: 1, overdue: 1, paid: 1, vetoed: 1 });
    expect(totals.counts.vetoBallots).toEqual({ pending: 1, passed: 1, failed: 0 });
  });

  it("adds u64::MAX amounts without overflow, and handles empty lists", () => {
    const snapshot = buildTestSnapshot();
    snapshot.ledger.entries = [
      movement("deposit", "2026-01-01T00:00:00Z", U64_MAX.toString(), "1"),
      movement("deposit", "2026-01-01T00:00:01Z", U64_MAX.toString(), "2"),
    ];
    snapshot.transfers = [];
    snapshot.donors = [];
    const totals = computeTotals(snapshot);
    expect(totals.donations).toBe(2n * U64_MAX);
    expect(totals.counts).toEqual({
      donations: 2,
      donors: 0,
      transfers: { scheduled: 0, overdue: 0, paid: 0, vetoed: 0 },
      vetoBallots: { pending: 0, passed: 0, failed: 0 },
    });
  });

  it("never sees a malformed amount: the snapshot schema refuses it at the boundary", () => {
    const written = SnapshotSchema.encode(buildTestSnapshot());
    written.ledger.entries[0]!.amount = "1e6";
    expect(() => SnapshotSchema.parse(written)).toThrow(/u64/);
  });
});

describe("reconciliationLine", () => {
  it("shows the fixture's books balancing: 1,000 + 760.5 − 320 = 1,440.5 LIBRA", () => {
    expect(reconciliationLine(buildTestSnapshot())).toEqual({
      opening: 1_000_000_000n,
      inflows: 760_500_000n,
      outflows: 320_000_000n,
      expected: 1_440_500_000n,
      balance: 1_440_500_000n,
      balanced: true,
    });
  });

  it("reports a one-unit mismatch", () => {
    const snapshot = buildTestSnapshot();
    snapshot.wallet.balance.coinStoreValue = 1440500001n;
    expect(reconciliationLine(snapshot)).toMatchObject({ expected: 1_440_500_000n, balanced: false });
  });
});

describe("balanceSeries", () => {
  it("starts with the opening balance on the day before the first movement, then one point per day", () => {
    // Every fixture entry falls on 2025-12-29 (UTC).
    expect(balanceSeries(buildTestSnapshot())).toEqual([
      { day: "2025-12-28", balance: 1_000_000_000n },
      { day: "2025-12-29", balance: 1_440_500_000n },
    ]);
  });

  it("keeps the last balance of each UTC day and skips days without movements", () => {
    const snapshot = buildTestSnapshot();
    snapshot.ledger.opening.amount = 100n;
    snapshot.ledger.entries = [
      movement("deposit", "2024-02-28T23:59:59.999Z", "50", "1"),
      movement("deposit", "2024-02-29T00:00:00Z", "10", "2"),
      movement("withdraw", "2024-02-29T23:00:00Z", "30", "3"),
      movement("deposit", "2024-03-02T08:00:00Z", "5", "4"),
    ];
    expect(balanceSeries(snapshot)).toEqual([
      { day: "2024-02-27", balance: 100n },
      { day: "2024-02-28", balance: 150n },
      { day: "2024-02-29", balance: 130n },
      { day: "2024-03-02", balance: 135n },
    ]);
  });

  it("is the opening balance on the snapshot's day when there are no movements", () => {
    const snapshot = buildTestSnapshot();
    snapshot.ledger.entries = [];
    expect(balanceSeries(snapshot)).toEqual([{ day: "2026-01-01", balance: 1_000_000_000n }]);
  });

  it("ends at the reconciled balance", () => {
    const snapshot = buildTestSnapshot();
    expect(balanceSeries(snapshot).at(-1)?.balance).toBe(reconciliationLine(snapshot).expected);
  });
});

describe("monthlyFlows", () => {
  it("sums the fixture's single month", () => {
    expect(monthlyFlows(buildTestSnapshot())).toEqual([
      { month: "2025-12", inflow: 760_500_000n, outflow: 320_000_000n },
    ]);
  });

  it("includes empty months between the first and last movement", () => {
    const snapshot = buildTestSnapshot();
    snapshot.ledger.entries.push(movement("withdraw", "2026-03-01T00:00:00Z", "7", "900"));
    expect(monthlyFlows(snapshot)).toEqual([
      { month: "2025-12", inflow: 760_500_000n, outflow: 320_000_000n },
      { month: "2026-01", inflow: 0n, outflow: 0n },
      { month: "2026-02", inflow: 0n, outflow: 0n },
      { month: "2026-03", inflow: 0n, outflow: 7n },
    ]);
  });

  it("is empty for an empty ledger", () => {
    const snapshot = buildTestSnapshot();
    snapshot.ledger.entries = [];
    expect(monthlyFlows(snapshot)).toEqual([]);
  });

  it("adds up to the ledger totals, month by month with no gaps, for random ledgers", () => {
    const start = Date.parse("2020-01-01T00:00:00Z");
    const entryArb = fc.record({
      stream: fc.constantFrom<LedgerEntry["stream"]>("deposit", "withdraw"),
      offsetMs: fc.integer({ min: 0, max: 5 * 366 * 86_400_000 }),
      amount: fc.bigInt({ min: 0n, max: U64_MAX }),
    });
    fc.assert(
      fc.property(fc.array(entryArb, { minLength: 1, maxLength: 40 }), (drawn) => {
        const sorted = [...drawn].sort((a, b) => a.offsetMs - b.offsetMs);
        const snapshot: Snapshot = buildTestSnapshot();
        snapshot.ledger.entries = sorted.map((e, i) =>
          movement(e.stream, new Date(start + e.offsetMs).toISOString(), e.amount.toString(), `${i + 1}`),
        );
        const flows = monthlyFlows(snapshot);
        const line = reconciliationLine(snapshot);
        expect(flows.reduce((sum, f) => sum + f.inflow, 0n)).toBe(line.inflows);
        expect(flows.reduce((sum, f) => sum + f.outflow, 0n)).toBe(line.outflows);
        const first = BigInt(snapshot.ledger.entries[0]!.timestampUsec);
        const last = BigInt(snapshot.ledger.entries.at(-1)!.timestampUsec);
        expect(flows.map((f) => f.month)).toEqual(listMonths(first, last));
        const series = balanceSeries(snapshot);
        expect(series.at(-1)!.balance).toBe(line.expected);
        expect(new Set(series.map((p) => p.day)).size).toBe(series.length);
      }),
      { numRuns: 300 },
    );
  });
});

describe("monthlyClosingBalances", () => {
  it("is the opening plus each month's net flow so far, over the same months as monthlyFlows", () => {
    const snapshot = buildTestSnapshot();
    snapshot.ledger.entries.push(movement("withdraw", "2026-03-01T00:00:00Z", "7", "900"));
    expect(monthlyClosingBalances(snapshot)).toEqual([
      { month: "2025-12", closing: 1_440_500_000n },
      { month: "2026-01", closing: 1_440_500_000n },
      { month: "2026-02", closing: 1_440_500_000n },
      { month: "2026-03", closing: 1_440_499_993n },
    ]);
  });

  it("agrees with the daily series at each month's last day, and is empty without movements", () => {
    const snapshot = buildTestSnapshot();
    snapshot.ledger.opening.amount = 100n;
    snapshot.ledger.entries = [
      movement("deposit", "2024-02-28T23:59:59.999Z", "50", "1"),
      movement("withdraw", "2024-02-29T23:00:00Z", "30", "3"),
      movement("deposit", "2024-03-02T08:00:00Z", "5", "4"),
    ];
    expect(monthlyClosingBalances(snapshot)).toEqual([
      { month: "2024-02", closing: 120n },
      { month: "2024-03", closing: 125n },
    ]);
    snapshot.ledger.entries = [];
    expect(monthlyClosingBalances(snapshot)).toEqual([]);
  });
});
