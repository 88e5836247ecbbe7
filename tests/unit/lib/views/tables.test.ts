import { describe, expect, it } from "vitest";
import { U64_MAX } from "../../../../src/lib/money.ts";
import { formatHundredthsPercent } from "../../../../src/lib/percent.ts";
import { isoUtcOf } from "../../../../src/lib/periods.ts";
import { donorRows, ledgerRows, transferRows, vetoRows } from "../../../../src/lib/views/tables.ts";
import type { TransferRecord, VetoRecord } from "../../../../src/schemas/snapshot.ts";
import { buildTestSnapshot, DONOR_A, DONOR_B, STEWARD, TEAM } from "../../../support/snapshot/build-test-snapshot.ts";

const NAMES = new Map([[TEAM, "Team C"]]);

function transfer(uid: string, overrides: Partial<TransferRecord>): TransferRecord {
  const base = buildTestSnapshot().transfers[0]!;
  return { ...base, uid: BigInt(uid), ...overrides };
}

function ballot(ballotId: string, overrides: Partial<VetoRecord>): VetoRecord {
  return {
    ballotId: BigInt(ballotId),
    transferUid: 5n,
    status: "pending",
    approvalPct: 0n,
    turnoutPct: 0n,
    requiredThresholdPct: 10000n,
    minTurnoutPct: 1250n,
    votesApprove: 0n,
    votesReject: 0n,
    maxVotes: 750500000n,
    deadlineEpoch: 1236n,
    history: [
      { state: { status: "pending", approvalPct: 0n, turnoutPct: 0n }, seenAtLedgerVersion: 1n, seenAtEpoch: 1n },
    ],
    provenance: { ledgerVersion: 1n, path: "v" },
    ...overrides,
  };
}

describe("formatHundredthsPercent", () => {
  it.each([
    [0n, "0.00 %"],
    [5n, "0.05 %"],
    [1250n, "12.50 %"],
    [1234n, "12.34 %"],
    [10000n, "100.00 %"],
    [-5n, "\u22120.05 %"],
  ])("%s -> %j", (value, text) => {
    expect(formatHundredthsPercent(value)).toBe(text);
  });
});

describe("transferRows", () => {
  it("builds the fixture's paid transfer with its exact due date (the start of epoch 1234)", () => {
    expect(transferRows(buildTestSnapshot(), NAMES)).toEqual([
      {
        uid: "5",
        status: "paid",
        payee: TEAM,
        payeeName: "Team C",
        amountUnits: "300000000",
        amountLibra: "300.00",
        deadlineEpoch: "1233",
        deadlineEpochDisplay: "1,233",
        deadlineDateIso: "2026-01-01T00:00:00Z",
        deadlineDateEstimated: false,
        deadlineQuarter: "2026-Q1",
        descriptionText: "Hello",
        descriptionHex: "0x48656c6c6f",
      },
    ]);
  });

  it("estimates future due dates, sorts newest uid first, formats u64::MAX and keeps non-UTF-8 as hex", () => {
    const snapshot = buildTestSnapshot();
    snapshot.transfers.push(
      transfer("12", { status: "scheduled", deadlineEpoch: 1236n, payee: STEWARD }),
      transfer("7", { amount: U64_MAX, description: { hex: "0xff", text: null } }),
      transfer("100", { status: "scheduled", deadlineEpoch: 1323n }),
      transfer("99", { status: "scheduled", deadlineEpoch: 1322n }),
    );
    const rows = transferRows(snapshot, NAMES);
    expect(rows.map((r) => r.uid)).toEqual(["100", "99", "12", "7", "5"]);
    const [r100, r99, r12, r7] = rows;
    // Recorded epochs are 24 h apart, so epoch 1237 starts 3 days after epoch 1234 (2026-01-01), estimated.
    expect(r12).toMatchObject({
      payeeName: null,
      deadlineDateIso: "2026-01-04T00:00:00Z",
      deadlineDateEstimated: true,
      deadlineQuarter: "2026-Q1",
    });
    expect(r7).toMatchObject({
      amountUnits: "18446744073709551615",
      amountLibra: "18,446,744,073,709.551615",
      descriptionText: null,
      descriptionHex: "0xff",
    });
    // Epoch 1324 starts 90 days after 2026-01-01: exactly 2026-04-01T00:00:00Z, the first instant of Q2.
    expect(r100).toMatchObject({ deadlineDateIso: "2026-04-01T00:00:00Z", deadlineQuarter: "2026-Q2" });
    expect(r99).toMatchObject({ deadlineDateIso: "2026-03-31T00:00:00Z", deadlineQuarter: "2026-Q1" });
  });

  it("is empty for a wallet without transfers", () => {
    const snapshot = buildTestSnapshot();
    snapshot.transfers = [];
    expect(transferRows(snapshot, NAMES)).toEqual([]);
  });
});

describe("donorRows", () => {
  it("gives each donor's share in basis points, rounded down", () => {
    // A: 500 / 750.5 = 66.622…% -> 6662 bp; B: 250.5 / 750.5 = 33.377…% -> 3337 bp (sum 99.99 %: floor).
    expect(donorRows(buildTestSnapshot())).toEqual([
      {
        address: DONOR_A,
        cumulativeUnits: "500000000",
        cumulativeLibra: "500.00",
        shareBasisPoints: "6662",
        share: "66.62 %",
        lastPaymentDate: "2025-12-29",
        lastPaymentIso: "2025-12-29T09:20:00Z",
        lastPaymentValueUnits: "500000000",
        lastPaymentValueLibra: "500.00",
        vetoWeightUnits: "500000000",
        vetoWeightLibra: "500.00",
      },
      {
        address: DONOR_B,
        cumulativeUnits: "250500000",
        cumulativeLibra: "250.50",
        shareBasisPoints: "3337",
        share: "33.37 %",
        lastPaymentDate: "2025-12-30",
        lastPaymentIso: "2025-12-30T13:06:40Z",
        lastPaymentValueUnits: "250500000",
        lastPaymentValueLibra: "250.50",
        vetoWeightUnits: null,
        vetoWeightLibra: null,
      },
    ]);
  });

  it("orders equal cumulatives by address, handles a zero total, u64::MAX and a missing last payment", () => {
    const snapshot = buildTestSnapshot();
    const [a, b] = snapshot.donors as [(typeof snapshot.donors)[0], (typeof snapshot.donors)[0]];
    snapshot.donors = [
      { ...b, cumulative: 0n, lastPaymentTimestampSecs: 0n },
      { ...a, cumulative: 0n },
    ];
    const zero = donorRows(snapshot);
    expect(zero.map((r) => [r.address, r.share, r.lastPaymentDate])).toEqual([
      [DONOR_A, "0.00 %", "2025-12-29"],
      [DONOR_B, "0.00 %", null],
    ]);
    snapshot.donors = [{ ...a, cumulative: U64_MAX }];
    expect(donorRows(snapshot)[0]).toMatchObject({
      cumulativeLibra: "18,446,744,073,709.551615",
      shareBasisPoints: "10000",
      share: "100.00 %",
    });
  });

  it("is empty without donors", () => {
    const snapshot = buildTestSnapshot();
    snapshot.donors = [];
    expect(donorRows(snapshot)).toEqual([]);
  });
});

describe("ledgerRows", () => {
  it("lists entries in ledger order with the running balance from the opening", () => {
    const snapshot = buildTestSnapshot();
    // Input order must not matter: the rows follow version, deposit before withdraw, sequence.
    snapshot.ledger.entries.reverse();
    const rows = ledgerRows(snapshot);
    expect(rows.map((r) => [r.version, r.stream, r.amountUnits, r.balanceAfterUnits])).toEqual([
      ["100", "deposit", "500000000", "1500000000"],
      ["200", "deposit", "250500000", "1750500000"],
      ["300", "deposit", "10000000", "1760500000"],
      ["300", "withdraw", "300000000", "1460500000"],
      ["400", "withdraw", "20000000", "1440500000"],
    ]);
    // Exactly the download's columns: a field no column reads would be built for every entry, twice a build.
    expect(rows[3]).toStrictEqual({
      version: "300",
      stream: "withdraw",
      sequence: "0",
      category: "payout",
      dateIso: "2025-12-29T09:25:00Z",
      epoch: "1233",
      amountUnits: "300000000",
      amountLibra: "300.00",
      balanceAfterUnits: "1460500000",
      counterparty: TEAM,
      transferUid: "5",
      txHash: `0x${"300".padStart(64, "0")}`,
      txFunction: "0x1::diem_governance::trigger_epoch",
    });
  });

  it("dates each entry by its own time, where entries share a time and where a time comes back", () => {
    const snapshot = buildTestSnapshot();
    // Versions 200 and 300 in one block's time; version 400 back at version 100's time.
    const at = new Map([
      [200n, 1767139200000000n],
      [300n, 1767139200000000n],
      [400n, 1767000100000000n],
    ]);
    snapshot.ledger.entries = snapshot.ledger.entries.map((entry) => ({
      ...entry,
      timestampUsec: at.get(entry.version) ?? entry.timestampUsec,
    }));
    expect(ledgerRows(snapshot).map((r) => [r.version, r.dateIso])).toEqual(
      snapshot.ledger.entries
        .map((entry) => [entry.version.toString(), isoUtcOf(entry.timestampUsec)])
        .sort((a, b) => Number(a[0]) - Number(b[0])),
    );
  });

  it("is empty for an empty ledger", () => {
    const snapshot = buildTestSnapshot();
    snapshot.ledger.entries = [];
    expect(ledgerRows(snapshot)).toEqual([]);
  });
});

describe("vetoRows", () => {
  it("formats the chain's ×100 percentages exactly, newest ballot first", () => {
    const snapshot = buildTestSnapshot();
    snapshot.vetoes = [
      ballot("9", { status: "passed", approvalPct: 10000n, turnoutPct: 4000n, requiredThresholdPct: 8200n }),
      ballot("11", { approvalPct: 1250n, turnoutPct: 5n, deadlineEpoch: 1239n }),
    ];
    const rows = vetoRows(snapshot);
    expect(rows.map((r) => r.ballotId)).toEqual(["11", "9"]);
    expect(rows[0]).toEqual({
      ballotId: "11",
      transferUid: "5",
      status: "pending",
      approvalPct: "1250",
      approval: "12.50 %",
      turnoutPct: "5",
      turnout: "0.05 %",
      requiredThresholdPct: "10000",
      requiredThreshold: "100.00 %",
      minTurnoutPct: "1250",
      minTurnout: "12.50 %",
      votesApproveUnits: "0",
      votesRejectUnits: "0",
      maxVotesUnits: "750500000",
      deadlineEpoch: "1239",
      deadlineEpochDisplay: "1,239",
    });
    expect(rows[1]).toMatchObject({ status: "passed", approval: "100.00 %", turnout: "40.00 %" });
  });

  it("is empty without ballots", () => {
    expect(vetoRows(buildTestSnapshot())).toEqual([]);
  });
});
