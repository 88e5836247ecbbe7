import { describe, expect, it } from "vitest";
import { ballotState, readBallot, readBallots } from "../../../../src/lib/ledger/ballot-state.ts";
import type { TransferRecord, VetoRecord } from "../../../../src/schemas/snapshot.ts";
import { buildTestSnapshot } from "../../../support/snapshot/build-test-snapshot.ts";

function ballot(overrides: Partial<VetoRecord> = {}): VetoRecord {
  return {
    ballotId: 21n,
    transferUid: 19n,
    status: "pending",
    approvalPct: 10000n,
    turnoutPct: 40n,
    requiredThresholdPct: 10000n,
    minTurnoutPct: 1250n,
    votesApprove: 1547056734n,
    votesReject: 0n,
    maxVotes: 384973513148n,
    deadlineEpoch: 588n,
    history: [
      {
        state: { status: "pending", approvalPct: 10000n, turnoutPct: 40n },
        seenAtLedgerVersion: 1n,
        seenAtEpoch: 1n,
      },
    ],
    provenance: { ledgerVersion: 1n, path: "v" },
    ...overrides,
  };
}

function target(status: TransferRecord["status"], deadlineEpoch = 583n): TransferRecord {
  return { ...buildTestSnapshot().transfers[0]!, uid: 19n, status, deadlineEpoch };
}

const epochEndText = (epoch: bigint) => `D${epoch}, end of epoch ${epoch}`;

describe("ballotState", () => {
  const at = (
    snapshotEpoch: bigint,
    status: VetoRecord["status"] = "pending",
    targetStatus?: TransferRecord["status"],
  ) => ballotState({ status, deadlineEpoch: 588n, snapshotEpoch, targetStatus });

  it("keeps a pending ballot open up to and including its deadline epoch, and lapses it after", () => {
    expect(at(581n, "pending", "scheduled")).toBe("open");
    expect(at(588n, "pending", "scheduled")).toBe("open");
    expect(at(588n, "pending", "overdue")).toBe("open");
    expect(at(588n, "pending", undefined)).toBe("open");
    expect(at(589n, "pending", "scheduled")).toBe("lapsed");
    expect(at(732n, "pending", "paid")).toBe("lapsed");
  });

  it("lapses a pending ballot whose transfer was already paid or stopped, even before its deadline", () => {
    expect(at(585n, "pending", "paid")).toBe("lapsed");
    expect(at(588n, "pending", "vetoed")).toBe("lapsed");
  });

  it("takes the chain's word for closed ballots, whatever the epoch", () => {
    expect(at(550n, "passed", "vetoed")).toBe("passed");
    expect(at(900n, "passed", "vetoed")).toBe("passed");
    expect(at(580n, "failed", "scheduled")).toBe("rejected");
    expect(at(900n, "failed", "paid")).toBe("rejected");
  });
});

describe("readBallot", () => {
  it("reads ballot #21 of the committed snapshot as lapsed, with the chain's listing and a plain reason", () => {
    const reading = readBallot(ballot(), {
      snapshotEpoch: 732n,
      target: target("paid"),
      epochEndText,
      daysLeft: null,
    });
    expect(reading).toEqual({
      state: "lapsed",
      label: "Lapsed: can no longer stop anything",
      chainList: "ballots_pending",
      chainListing: "listed by the chain under ballots_pending",
      reason:
        "Its deadline, D588, end of epoch 588, passed 144 epochs before this snapshot with 0.40 % turnout, below the 12.50 % needed, so it lapsed and can no longer stop anything. Besides, transfer #19 was paid at its deadline, D583, end of epoch 583. The chain still lists it as pending because it moves a ballot only when someone votes or tallies.",
    });
  });

  it("says one epoch, and names approval when turnout was enough", () => {
    const reading = readBallot(ballot({ turnoutPct: 2000n, approvalPct: 5000n, requiredThresholdPct: 9000n }), {
      snapshotEpoch: 589n,
      target: target("overdue"),
      epochEndText,
      daysLeft: null,
    });
    expect(reading.state).toBe("lapsed");
    expect(reading.reason).toBe(
      "Its deadline, D588, end of epoch 588, passed 1 epoch before this snapshot with 20.00 % turnout and 50.00 % in favour, below the 90.00 % needed at that turnout, so it lapsed and can no longer stop anything. The chain still lists it as pending because it moves a ballot only when someone votes or tallies.",
    );
  });

  it("reads a ballot whose transfer was paid before its own deadline as lapsed", () => {
    const reading = readBallot(ballot(), { snapshotEpoch: 585n, target: target("paid"), epochEndText, daysLeft: 3n });
    expect(reading.state).toBe("lapsed");
    expect(reading.reason).toBe(
      "Before it reached the rule (it stands with 0.40 % turnout, below the 12.50 % needed), transfer #19 was paid at its deadline, D583, end of epoch 583, so it lapsed and can no longer stop anything, although its own deadline, D588, end of epoch 588, has not passed. The chain still lists it as pending because it moves a ballot only when someone votes or tallies.",
    );
  });

  it("reads a pending ballot at its deadline epoch as open, with the days left as of the snapshot", () => {
    const reading = readBallot(ballot(), {
      snapshotEpoch: 588n,
      target: target("scheduled", 590n),
      epochEndText,
      daysLeft: 0n,
    });
    expect(reading).toMatchObject({ state: "open", label: "Open", chainList: "ballots_pending" });
    expect(reading.reason).toBe(
      "Donors can vote until D588, end of epoch 588 (less than a day left as of the snapshot). So far 0.40 % of all donations took part (at least 12.50 % must) and 100.00 % of their votes are in favour (100.00 % needed at that turnout).",
    );
  });

  it("reads passed and rejected ballots from the chain's lists", () => {
    const passed = readBallot(ballot({ status: "passed", turnoutPct: 3896n, requiredThresholdPct: 8271n }), {
      snapshotEpoch: 732n,
      target: target("vetoed"),
      epochEndText,
      daysLeft: null,
    });
    expect(passed).toMatchObject({ state: "passed", chainList: "ballots_approved" });
    expect(passed.reason).toBe(
      "It reached 38.96 % turnout with 100.00 % in favour, where 82.71 % was needed at that turnout, so the chain moved it to ballots_approved and transfer #19 was stopped.",
    );
    const rejected = readBallot(ballot({ status: "failed" }), {
      snapshotEpoch: 732n,
      target: target("paid"),
      epochEndText,
      daysLeft: null,
    });
    expect(rejected).toMatchObject({
      state: "rejected",
      label: "Rejected: did not pass",
      chainList: "ballots_rejected",
    });
    expect(rejected.reason).toBe(
      "It closed with 0.40 % turnout, below the 12.50 % needed, so the chain moved it to ballots_rejected; it did not stop transfer #19.",
    );
  });
});

describe("readBallots", () => {
  it("reads every ballot of a snapshot with its deadline dated from epochs.json, and days left only while open", () => {
    const snapshot = buildTestSnapshot();
    // The test snapshot is in epoch 1234 (epochs 1233 and 1234 recorded, one day apart).
    snapshot.transfers.push({ ...snapshot.transfers[0]!, uid: 6n, status: "scheduled", deadlineEpoch: 1236n });
    snapshot.vetoes = [
      ballot({ ballotId: 7n, transferUid: 6n, deadlineEpoch: 1236n }),
      ballot({ ballotId: 8n, transferUid: 5n, deadlineEpoch: 1232n }),
    ];
    const readings = readBallots(snapshot);
    const open = readings.get(7n);
    expect(open).toMatchObject({ state: "open", daysLeft: 3n, deadline: { epoch: 1236n, estimated: true } });
    expect(open?.reason).toMatch(/^Donors can vote until about 4 Jan 2026, end of epoch 1,236 \(about 3 days left/);
    const lapsed = readings.get(8n);
    expect(lapsed).toMatchObject({ state: "lapsed", daysLeft: null, deadline: { estimated: false, passed: true } });
    expect(lapsed?.reason).toMatch(/^Its deadline, 31 Dec 2025, end of epoch 1,232, passed 2 epochs before/);
  });
});
