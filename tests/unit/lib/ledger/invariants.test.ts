import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  checkSnapshotInvariants,
  LATEST_PLAUSIBLE_USEC,
  SNAPSHOT_INVARIANTS,
  VIOLATIONS_SHOWN_PER_INVARIANT,
  violationLines,
} from "../../../../src/lib/ledger/invariants.ts";
import { monthBounds } from "../../../../src/lib/periods.ts";
import type { LedgerEntry, Snapshot, TransferRecord } from "../../../../src/schemas/snapshot.ts";
import { readSnapshotFolder } from "../../../../src/store/snapshot-folder.ts";
import { repoRoot } from "../../../support/site/build-site.ts";
import { buildTestSnapshot, DONOR_A, TEAM, WALLET } from "../../../support/snapshot/build-test-snapshot.ts";

/**
 * Each case breaks one rule of a valid snapshot (`buildTestSnapshot`, which keeps them all) and names the rules it
 * must break: exactly those, so a case proves its rule fires and the others stay quiet. Where one edit necessarily
 * breaks two rules, the case lists both; every rule has at least one case where it alone fires.
 */

const V = 98765432n;
const U64_MAX = 2n ** 64n - 1n;
const entry = (s: Snapshot, index: number) => s.ledger.entries[index] as LedgerEntry;
const transfer = (s: Snapshot) => s.transfers[0] as TransferRecord;
const run = (s: Snapshot) => s.changes[0] as Snapshot["changes"][number];

function extraTransfer(uid: bigint, status: TransferRecord["status"], deadlineEpoch: bigint): TransferRecord {
  return {
    uid,
    payee: TEAM,
    amount: 1n,
    description: { hex: "0x", text: "" },
    status,
    deadlineEpoch,
    history: [{ state: { status, deadlineEpoch }, seenAtLedgerVersion: V, seenAtEpoch: 1234n }],
    provenance: { ledgerVersion: V, path: "tx" },
  };
}

interface Case {
  what: string;
  edit: (s: Snapshot) => void;
  breaks: string[];
  message: RegExp;
}

const CASES: Case[] = [
  {
    what: "a balance one base unit above what the ledger adds up to",
    edit: (s) => {
      const up = s.wallet.balance.coinStoreValue + 1n;
      s.wallet.balance = { ...s.wallet.balance, coinStoreValue: up, total: up, unlocked: up };
      run(s).balance.after = up;
    },
    breaks: ["books-balance"],
    message: /balance at version 98765432 is 1440500001 \(difference 1 base units\)/,
  },
  {
    what: "a balance view whose total differs from the coin store",
    edit: (s) => {
      s.wallet.balance.total -= 1n;
    },
    breaks: ["balance-views-agree"],
    message: /wallet\.json: balance: coin store 1440500000, view total 1440499999/,
  },
  {
    what: "an unlocked balance above the total",
    edit: (s) => {
      s.wallet.balance.unlocked += 1n;
    },
    breaks: ["balance-views-agree"],
    message: /unlocked 1440500001/,
  },
  {
    what: "a donation naming no donor",
    edit: (s) => {
      entry(s, 0).counterparty = null;
    },
    breaks: ["entry-kinds"],
    message: /deposit event #0 \(tx version 100\): a donation that names no donor/,
  },
  {
    what: "a withdrawal called an inflow",
    edit: (s) => {
      entry(s, 4).category = "other-inflow";
      run(s).newOtherInflows = { count: 2, total: 30000000n };
      run(s).newOutflows = { count: 1, total: 300000000n };
    },
    breaks: ["entry-kinds"],
    message: /withdraw event #1 \(tx version 400\): a withdraw cannot be a other-inflow/,
  },
  {
    what: "a withdrawal listed before a deposit of the same transaction",
    edit: (s) => {
      const [a, b] = [entry(s, 2), entry(s, 3)];
      s.ledger.entries[2] = b;
      s.ledger.entries[3] = a;
    },
    breaks: ["ledger-order"],
    message: /deposit event #2 \(tx version 300\) comes after withdraw event #0/,
  },
  {
    what: "a gap in the deposit event numbers",
    edit: (s) => {
      entry(s, 1).sequence = 2n;
      entry(s, 2).sequence = 3n;
      s.meta.eventCursors.deposits = 4n;
    },
    breaks: ["event-numbers-contiguous"],
    message: /deposit event #2 \(tx version 200\): expected deposit event #1 here/,
  },
  {
    what: "a withdrawal cursor that disagrees with the ledger",
    edit: (s) => {
      s.meta.eventCursors.withdrawals = 3n;
    },
    breaks: ["event-numbers-contiguous"],
    message:
      /meta\.json: eventCursors\.withdrawals is 3, but ledger\.json records withdraw events up to #1 \(2 events\)/,
  },
  {
    what: "an epoch cursor that disagrees with the epoch records",
    edit: (s) => {
      s.meta.eventCursors.newEpochs = 3n;
    },
    breaks: ["epoch-count"],
    message: /eventCursors\.newEpochs is 3, but epochs\.json records 2 epoch changes/,
  },
  {
    what: "a ledger entry after the snapshot's ledger version",
    edit: (s) => {
      entry(s, 4).version = V + 1n;
    },
    breaks: ["versions-within-snapshot"],
    message: /withdraw event #1 \(tx version 98765433\): version 98765433 is after the snapshot's ledger version/,
  },
  {
    what: "a ledger entry not after the opening balance",
    edit: (s) => {
      s.ledger.opening.provenance.ledgerVersion = 100n;
    },
    breaks: ["versions-within-snapshot"],
    message: /deposit event #0 \(tx version 100\): version 100 is not after the opening balance/,
  },
  {
    what: "a record read after the snapshot's ledger version",
    edit: (s) => {
      (s.donors[0] as Snapshot["donors"][number]).provenance.ledgerVersion = V + 1n;
    },
    breaks: ["versions-within-snapshot"],
    message: new RegExp(`donors\\.json: donor ${DONOR_A}: read at version 98765433`),
  },
  {
    what: "an epoch record after the snapshot's ledger version",
    edit: (s) => {
      (s.epochs[1] as Snapshot["epochs"][number]).version = V + 1n;
      entry(s, 4).epoch = 1233n;
    },
    breaks: ["versions-within-snapshot"],
    message: /epochs\.json: epoch 1234 \(version 98765433\): after the snapshot's ledger version/,
  },
  {
    what: "a movement dated 1970 (a missing time)",
    edit: (s) => {
      entry(s, 0).timestampUsec = 0n;
    },
    breaks: ["times-plausible"],
    message: /deposit event #0 \(tx version 100\): time 0 µs is outside \(0, 1767225600000000\]/,
  },
  {
    what: "a movement dated after the chain's time at V",
    edit: (s) => {
      entry(s, 4).timestampUsec = s.meta.ledgerTimestampUsec + 1n;
    },
    breaks: ["times-plausible"],
    message: /withdraw event #1 \(tx version 400\): time 1767225600000001 µs is outside/,
  },
  {
    what: "a snapshot time of 2^64 − 1 µs",
    edit: (s) => {
      s.meta.ledgerTimestampUsec = U64_MAX;
      run(s).timestampUsec = U64_MAX;
    },
    breaks: ["times-plausible"],
    message: /meta\.json: ledgerTimestampUsec 18446744073709551615 is not a plausible time/,
  },
  {
    what: "a movement earlier than the one before it",
    edit: (s) => {
      entry(s, 1).timestampUsec = entry(s, 0).timestampUsec - 1n;
    },
    breaks: ["times-follow-versions"],
    message: /deposit event #1 \(tx version 200\): time 1767000099999999 µs is earlier than 1767000100000000 µs/,
  },
  {
    what: "two times within one transaction",
    edit: (s) => {
      entry(s, 3).timestampUsec += 1n;
      entry(s, 4).timestampUsec += 1n;
    },
    breaks: ["times-follow-versions"],
    message: /withdraw event #0 \(tx version 300\): two different times within one transaction/,
  },
  {
    what: "an epoch dated before the one before it",
    edit: (s) => {
      const [first, second] = s.epochs as [Snapshot["epochs"][number], Snapshot["epochs"][number]];
      second.timestampUsec = first.timestampUsec - 1n;
    },
    breaks: ["times-follow-versions"],
    message: /epochs\.json: epoch 1234 \(version 350\): time 1767139199999999 µs is earlier than epoch 1233's/,
  },
  {
    what: "an epoch repeating",
    edit: (s) => {
      (s.epochs[1] as Snapshot["epochs"][number]).epoch = 1233n;
      entry(s, 4).epoch = 1233n;
    },
    breaks: ["epochs-increasing"],
    message:
      /epochs\.json: epoch 1233 \(version 350\) follows epoch 1233 \(version 250\): epochs and versions must increase/,
  },
  {
    what: "an epoch record past the snapshot's epoch",
    edit: (s) => {
      s.epochs.push({ epoch: 1235n, version: 500n, timestampUsec: 1767225600000000n });
      s.meta.eventCursors.newEpochs = 3n;
    },
    breaks: ["epochs-increasing"],
    message: /epochs\.json: epoch 1235 \(version 500\): past the snapshot's epoch 1234/,
  },
  {
    what: "a movement in another epoch than the records put it",
    edit: (s) => {
      entry(s, 1).epoch = 1233n;
    },
    breaks: ["entry-epochs"],
    message: /deposit event #1 \(tx version 200\): epoch 1233, but the epoch records put it in an earlier epoch/,
  },
  {
    what: "a movement past the snapshot's epoch",
    edit: (s) => {
      entry(s, 4).epoch = 1235n;
    },
    breaks: ["entry-epochs"],
    message: /withdraw event #1 \(tx version 400\): epoch 1235, but the epoch records put it in epoch 1234/,
  },
  {
    what: "a paid transfer without a payout",
    edit: (s) => {
      entry(s, 3).transferUid = null;
    },
    breaks: ["paid-transfer-has-payout"],
    message:
      /transfers\.json: transfer 5 is marked paid \(300000000 to 0xc+\), but no withdrawal in ledger\.json pays it/,
  },
  {
    what: "a paid transfer paid before its deadline",
    edit: (s) => {
      transfer(s).deadlineEpoch = 1234n;
      (transfer(s).history[0] as TransferRecord["history"][number]).state.deadlineEpoch = 1234n;
    },
    breaks: ["paid-transfer-has-payout"],
    message: /transfer 5: paid by withdraw event #0 \(tx version 300\) in epoch 1233, before its deadline epoch 1234/,
  },
  {
    what: "a payout linked to a transfer that does not exist",
    edit: (s) => {
      entry(s, 3).transferUid = 6n;
    },
    breaks: ["paid-transfer-has-payout", "payout-names-paid-transfer"],
    message: /withdraw event #0 \(tx version 300\): linked to transfer 6, which transfers\.json does not have/,
  },
  {
    what: "a payout of another amount than its transfer",
    edit: (s) => {
      transfer(s).amount = 300000001n;
    },
    breaks: ["payout-names-paid-transfer"],
    message: /pays 300000000 to 0xc+, but transfer 5 is 300000001 to 0xc+/,
  },
  {
    what: "an advance linked to a transfer already paid",
    edit: (s) => {
      entry(s, 4).transferUid = 5n;
    },
    breaks: ["payout-names-paid-transfer"],
    message: /withdraw event #1 \(tx version 400\): a advance is linked to transfer 5; only payouts settle transfers/,
  },
  {
    what: "a scheduled transfer with a payout",
    edit: (s) => {
      transfer(s).status = "scheduled";
      transfer(s).deadlineEpoch = 1240n;
      transfer(s).history = [
        { state: { status: "scheduled", deadlineEpoch: 1240n }, seenAtLedgerVersion: V, seenAtEpoch: 1234n },
      ];
    },
    breaks: ["unpaid-transfer-has-no-payout"],
    message: /transfers\.json: transfer 5 is scheduled, but withdraw event #0 \(tx version 300\) pays it/,
  },
  {
    what: "a scheduled transfer whose deadline passed",
    edit: (s) => {
      s.transfers.push(extraTransfer(6n, "scheduled", 1200n));
    },
    breaks: ["transfer-status-matches-deadline"],
    message: /transfer 6 is scheduled, but its deadline epoch 1200 passed before epoch 1234/,
  },
  {
    what: "an overdue transfer whose deadline has not passed",
    edit: (s) => {
      s.transfers.push(extraTransfer(6n, "overdue", 1234n));
    },
    breaks: ["transfer-status-matches-deadline"],
    message: /transfer 6 is overdue, but its deadline epoch 1234 has not passed/,
  },
  {
    what: "a deadline epoch of 2^64 − 1",
    edit: (s) => {
      s.transfers.push(extraTransfer(6n, "scheduled", U64_MAX));
    },
    breaks: ["deadlines-plausible"],
    message: /transfers\.json: transfer 6: deadline epoch 18446744073709551615 is more than 1000 epochs after/,
  },
  {
    what: "a veto ballot about a transfer that does not exist",
    edit: (s) => {
      s.vetoes.push(veto(8n, 99n, "pending"));
    },
    breaks: ["veto-names-transfer"],
    message: /vetoes\.json: veto ballot 8 names transfer 99, which transfers\.json does not have/,
  },
  {
    what: "a passed veto whose transfer is not vetoed",
    edit: (s) => {
      s.vetoes.push(veto(8n, 5n, "passed"));
    },
    breaks: ["veto-names-transfer"],
    message: /veto ballot 8 passed, but transfer 5 is paid/,
  },
  {
    what: "a passed veto about the second of two transfers, which is not vetoed",
    edit: (s) => {
      s.transfers.push(extraTransfer(6n, "scheduled", 1234n));
      s.vetoes.push(veto(8n, 6n, "passed"));
    },
    breaks: ["veto-names-transfer"],
    message: /veto ballot 8 passed, but transfer 6 is scheduled/,
  },
  {
    what: "a veto ballot about a transfer that does not exist, transfers not in uid order",
    edit: (s) => {
      s.transfers.push(extraTransfer(6n, "scheduled", 1234n));
      s.transfers.reverse();
      s.vetoes.push(veto(8n, 5n, "pending"), veto(9n, 99n, "pending"));
    },
    breaks: ["veto-names-transfer"],
    message: /vetoes\.json: veto ballot 9 names transfer 99, which transfers\.json does not have/,
  },
  {
    what: "a vetoed transfer without a passed veto",
    edit: (s) => {
      s.transfers.push(extraTransfer(6n, "vetoed", 1234n));
    },
    breaks: ["veto-names-transfer"],
    message: /transfer 6 is vetoed, but no veto ballot about it passed/,
  },
  {
    what: "a history out of order",
    edit: (s) => {
      transfer(s).history = [
        { state: { status: "scheduled", deadlineEpoch: 1233n }, seenAtLedgerVersion: V, seenAtEpoch: 1234n },
        { state: { status: "paid", deadlineEpoch: 1233n }, seenAtLedgerVersion: V - 10n, seenAtEpoch: 1234n },
      ];
    },
    breaks: ["history-ordered"],
    message: /transfer 5: the observation at version 98765422 follows one at version 98765432/,
  },
  {
    what: "a history observed after the snapshot",
    edit: (s) => {
      (transfer(s).history[0] as TransferRecord["history"][number]).seenAtEpoch = 1235n;
    },
    breaks: ["history-ordered"],
    message: /transfer 5: an observation at version 98765432 \(epoch 1235\) is after the snapshot/,
  },
  {
    what: "a history ending at another status than the record's",
    edit: (s) => {
      (transfer(s).history[0] as TransferRecord["history"][number]).state.status = "scheduled";
    },
    breaks: ["history-ends-at-current-state"],
    message:
      /transfer 5: its history ends at \{"status":"scheduled","deadlineEpoch":"1233"\}, but the record shows \{"status":"paid"/,
  },
  {
    what: "a pending proposal flagged approved",
    edit: (s) => {
      s.proposals.push({
        id: 9n,
        payee: TEAM,
        amount: 1n,
        description: { hex: "0x", text: "" },
        status: "pending",
        votes: [],
        approved: true,
        expirationEpoch: 1240n,
        history: [{ state: { status: "pending", votes: 0 }, seenAtLedgerVersion: V, seenAtEpoch: 1234n }],
        provenance: { ledgerVersion: V, path: "p" },
      });
    },
    breaks: ["proposal-approval-flag"],
    message: /proposals\.json: proposal 9 is pending, but its approved flag is true/,
  },
  {
    what: "a donor receipt listed twice",
    edit: (s) => {
      s.donors.push({ ...(s.donors[0] as Snapshot["donors"][number]) });
    },
    breaks: ["records-unique"],
    message: new RegExp(`donors\\.json: donor ${DONOR_A} appears more than once`),
  },
  {
    what: "a transfer listed twice",
    edit: (s) => {
      s.transfers.push({ ...transfer(s) });
    },
    breaks: ["records-unique"],
    message: /transfers\.json: transfer 5 appears more than once/,
  },
  {
    what: "a receipt below the donor's recorded donations",
    edit: (s) => {
      (s.donors[0] as Snapshot["donors"][number]).cumulative = 499999999n;
    },
    breaks: ["donations-within-receipts"],
    message: new RegExp(`donor ${DONOR_A}'s receipt says 499999999, below the 500000000`),
  },
  {
    what: "a donor without a receipt",
    edit: (s) => {
      s.donors = s.donors.slice(1);
    },
    breaks: ["donations-within-receipts"],
    message: new RegExp(`no receipt for ${DONOR_A}, who donated 500000000`),
  },
  {
    what: "all-time donations below the recorded ones",
    edit: (s) => {
      s.wallet.cumulativeDeposits.value = 750499999n;
    },
    breaks: ["donations-within-cumulative-deposits"],
    message: /cumulativeDeposits\.value is 750499999, below the 750500000 of donations/,
  },
  {
    what: "a change log whose last run is not this snapshot",
    edit: (s) => {
      run(s).epoch = 1233n;
    },
    breaks: ["change-log-chained"],
    message: /the last run \(version 98765432, epoch 1233,.*\) is not this snapshot \(version 98765432, epoch 1234/,
  },
  {
    what: "a change log with a run that does not start where the one before ended",
    edit: (s) => {
      s.changes.unshift({ ...run(s), ledgerVersion: 500n, balance: { before: null, after: 7n } });
      run(s).ledgerVersion = 500n;
      const last = s.changes[1] as Snapshot["changes"][number];
      last.previousLedgerVersion = 400n;
      last.balance = { before: 7n, after: 1440500000n };
      last.newDonations = { count: 0, total: 0n, newDonors: 0 };
      last.newOtherInflows = { count: 0, total: 0n };
      last.newOutflows = { count: 0, total: 0n };
      last.newTransfers = [];
      s.meta.previousLedgerVersion = 400n;
    },
    breaks: ["change-log-chained"],
    message:
      /run at version 98765432: starts from version 400 with balance 7, but the run before ended at version 500 with 7/,
  },
  {
    what: "a change log reporting more donations than the ledger records",
    edit: (s) => {
      run(s).newDonations.count = 3;
    },
    breaks: ["change-log-adds-up"],
    message: /the runs report 3 donations totalling 750500000, but ledger\.json records 2 totalling 750500000/,
  },
  {
    what: "a change log reporting a new transfer that does not exist",
    edit: (s) => {
      run(s).newTransfers = [5n, 77n];
    },
    breaks: ["change-log-adds-up"],
    message: /the run at version 98765432 reports new transfer 77, which transfers\.json does not have/,
  },
  {
    what: "a change log reporting a new transfer that does not exist, transfers not in uid order",
    edit: (s) => {
      s.transfers.push(extraTransfer(6n, "scheduled", 1234n));
      s.transfers.reverse();
      run(s).newTransfers = [5n, 6n, 77n];
    },
    breaks: ["change-log-adds-up"],
    message: /the run at version 98765432 reports new transfer 77, which transfers\.json does not have/,
  },
  {
    what: "a previous ledger version not older than the snapshot's",
    edit: (s) => {
      s.meta.previousLedgerVersion = V;
    },
    breaks: ["previous-version-older", "change-log-chained"],
    message: /meta\.json: previousLedgerVersion 98765432 is not older than ledgerVersion 98765432/,
  },
];

function veto(ballotId: bigint, transferUid: bigint, status: "pending" | "passed" | "failed") {
  return {
    ballotId,
    transferUid,
    status,
    approvalPct: 0n,
    turnoutPct: 0n,
    requiredThresholdPct: 0n,
    minTurnoutPct: 0n,
    votesApprove: 0n,
    votesReject: 0n,
    maxVotes: 0n,
    deadlineEpoch: 1240n,
    history: [{ state: { status, approvalPct: 0n, turnoutPct: 0n }, seenAtLedgerVersion: V, seenAtEpoch: 1234n }],
    provenance: { ledgerVersion: V, path: "v" },
  };
}

describe("checkSnapshotInvariants", () => {
  it("finds nothing wrong with a consistent snapshot", () => {
    expect(checkSnapshotInvariants(buildTestSnapshot())).toEqual([]);
  });

  it("finds nothing wrong with the committed demo snapshot", async () => {
    const snapshot = await readSnapshotFolder(path.join(repoRoot, "content/snapshots", WALLET));
    expect(checkSnapshotInvariants(snapshot)).toEqual([]);
  });

  it.each(CASES)("$what breaks $breaks", ({ edit, breaks, message }) => {
    const snapshot = buildTestSnapshot();
    edit(snapshot);
    const violations = checkSnapshotInvariants(snapshot);
    expect([...new Set(violations.map((v) => v.invariant))].sort()).toEqual([...breaks].sort());
    expect(violationLines(violations).join("\n")).toMatch(message);
  });

  it("has a case where each invariant alone is broken, and an id and statement for each", () => {
    const alone = new Set(CASES.filter((c) => c.breaks.length === 1).map((c) => c.breaks[0]));
    for (const invariant of SNAPSHOT_INVARIANTS) {
      expect(invariant.id).toMatch(/^[a-z]+(-[a-z0-9]+)*$/);
      expect(invariant.statement.length).toBeGreaterThan(20);
      if (invariant.id !== "previous-version-older") expect(alone, invariant.id).toContain(invariant.id);
    }
    expect(new Set(SNAPSHOT_INVARIANTS.map((i) => i.id)).size).toBe(SNAPSHOT_INVARIANTS.length);
    // Every id a case names is a listed invariant (a typo would make a case pass for the wrong reason).
    const ids = new Set<string>(SNAPSHOT_INVARIANTS.map((i) => i.id));
    for (const c of CASES) for (const id of c.breaks) expect(ids).toContain(id);
  });

  it("spells out a few violations per invariant and counts the rest", () => {
    const snapshot = buildTestSnapshot();
    snapshot.donors = [];
    for (let i = 0; i < 20; i++)
      snapshot.donors.push({ ...(buildTestSnapshot().donors[0] as Snapshot["donors"][number]) });
    const violations = checkSnapshotInvariants(snapshot).filter((v) => v.invariant === "records-unique");
    expect(violations).toHaveLength(VIOLATIONS_SHOWN_PER_INVARIANT + 1);
    expect(violations.at(-1)?.message).toBe(
      `… and ${19 - VIOLATIONS_SHOWN_PER_INVARIANT} more records break this rule.`,
    );
  });

  it("stays linear: 10^5 entries are checked without a pass per entry over the others", () => {
    const snapshot = buildTestSnapshot();
    const template = entry(snapshot, 2);
    const many: LedgerEntry[] = [];
    for (let i = 0; i < 100_000; i++) {
      many.push({
        ...template,
        sequence: BigInt(3 + i),
        version: BigInt(1000 + i),
        epoch: 1234n,
        amount: 1n,
        timestampUsec: 1767200000000000n,
      });
    }
    snapshot.ledger.entries = [...snapshot.ledger.entries, ...many];
    const started = performance.now();
    const violations = checkSnapshotInvariants(snapshot);
    // Not a speed test (the benchmark measures speed): a bound no loaded machine reaches in linear time (~0.2 s
    // quiet, 1.6 s seen under load), which a pass per entry over 10^5 others (10^10 steps) cannot meet.
    expect(performance.now() - started).toBeLessThan(20_000);
    // The added inflows break the books and the change log, and nothing else.
    expect([...new Set(violations.map((v) => v.invariant))].sort()).toEqual([
      "books-balance",
      "change-log-adds-up",
      "event-numbers-contiguous",
    ]);
  });

  it("bounds times by the first µs of the year 10000", () => {
    expect(LATEST_PLAUSIBLE_USEC).toBe(monthBounds("10000-01").startUsec);
  });
});
