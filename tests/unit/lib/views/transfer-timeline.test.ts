import { describe, expect, it } from "vitest";
import { buildTransferTimeline } from "../../../../src/lib/views/transfer-timeline.ts";
import type { ProposalRecord, Snapshot, TransferRecord, VetoRecord } from "../../../../src/schemas/snapshot.ts";
import { buildTestSnapshot, DONOR_A, STEWARD, TEAM } from "../../../support/snapshot/build-test-snapshot.ts";

const AUTH = [`0x${"1".repeat(64)}`, `0x${"2".repeat(64)}`, `0x${"3".repeat(64)}`];

function proposal(id: string, overrides: Partial<ProposalRecord> = {}): ProposalRecord {
  return {
    id: BigInt(id),
    payee: TEAM,
    amount: 300000000n,
    description: { hex: "0x48656c6c6f", text: "Hello" },
    status: "approved",
    votes: [AUTH[0]!, AUTH[1]!],
    approved: true,
    expirationEpoch: 1240n,
    history: [{ state: { status: "approved", votes: 2 }, seenAtLedgerVersion: 1n, seenAtEpoch: 1n }],
    provenance: { ledgerVersion: 1n, path: "p" },
    ...overrides,
  };
}

function transfer(uid: string, overrides: Partial<TransferRecord>): TransferRecord {
  return { ...buildTestSnapshot().transfers[0]!, uid: BigInt(uid), ...overrides };
}

function ballot(ballotId: string, transferUid: string, overrides: Partial<VetoRecord>): VetoRecord {
  return {
    ballotId: BigInt(ballotId),
    transferUid: BigInt(transferUid),
    status: "pending",
    approvalPct: 9000n,
    turnoutPct: 4000n,
    requiredThresholdPct: 8200n,
    minTurnoutPct: 1250n,
    votesApprove: 270180000n,
    votesReject: 30020000n,
    maxVotes: 750500000n,
    deadlineEpoch: 1236n,
    history: [
      { state: { status: "pending", approvalPct: 0n, turnoutPct: 0n }, seenAtLedgerVersion: 1n, seenAtEpoch: 1n },
    ],
    provenance: { ledgerVersion: 1n, path: "v" },
    ...overrides,
  };
}

function snapshotWithAuthorities(): Snapshot {
  const snapshot = buildTestSnapshot();
  snapshot.wallet.authorities = { owners: AUTH, required: 2n, provenance: { ledgerVersion: 1n, path: "a" } };
  return snapshot;
}

describe("buildTransferTimeline", () => {
  it("tells a paid transfer's story from proposal to the payment transaction", () => {
    const snapshot = snapshotWithAuthorities();
    snapshot.proposals = [proposal("3")];
    expect(buildTransferTimeline(snapshot, 5n)).toEqual([
      {
        kind: "proposed",
        title: "Proposed",
        // Proposals expire 14 epochs after they are made: epoch 1226, older than the recorded epochs, so estimated
        // and placed at version 0 (before everything the snapshot recorded).
        epoch: 1226n,
        dateIso: "2025-12-24T00:00:00Z",
        estimated: true,
        when: "about 24 Dec 2025 to 25 Dec 2025, during epoch 1,226",
        placedAtVersion: 0n,
        ledgerVersion: null,
        txHash: null,
        detail:
          "Proposal #3: 2 of the wallet's authorities voted to pay 300.00 LIBRA. A proposal that is not approved by about 8 Jan 2026, end of epoch 1,240 lapses.",
      },
      {
        kind: "approved",
        title: "Approved",
        // Due 3 epochs after approval: approved in epoch 1230.
        epoch: 1230n,
        dateIso: "2025-12-28T00:00:00Z",
        estimated: true,
        when: "about 28 Dec 2025 to 29 Dec 2025, during epoch 1,230",
        placedAtVersion: 0n,
        ledgerVersion: null,
        txHash: null,
        detail: "Approved with 2 authority votes (the wallet needs 2 of its 3 authorities).",
      },
      {
        kind: "scheduled",
        title: "Scheduled",
        epoch: 1230n,
        dateIso: "2025-12-28T00:00:00Z",
        estimated: true,
        when: "about 28 Dec 2025 to 29 Dec 2025, during epoch 1,230",
        placedAtVersion: 0n,
        ledgerVersion: null,
        txHash: null,
        // Epoch 1233 closes when epoch 1234 starts: recorded, so exact, without "about".
        detail: "Set to be paid on 1 Jan 2026, end of epoch 1,233. Until then, donors can vote to stop it.",
      },
      {
        kind: "paid",
        title: "Paid",
        epoch: 1233n,
        dateIso: "2025-12-29T09:25:00Z",
        estimated: false,
        when: "29 Dec 2025, 09:25 UTC, epoch 1,233",
        placedAtVersion: 300n,
        ledgerVersion: 300n,
        txHash: `0x${"300".padStart(64, "0")}`,
        detail: "Paid: 300.00 LIBRA left the wallet in transaction 300, during epoch 1,233.",
      },
    ]);
  });

  it("without a matching proposal or authority list, starts at scheduling; unlinked payments say so", () => {
    const snapshot = buildTestSnapshot();
    snapshot.proposals = [
      proposal("3", { amount: 300000001n }),
      proposal("4", { description: { hex: "0x", text: "" } }),
    ];
    snapshot.ledger.entries[3]!.transferUid = null;
    const steps = buildTransferTimeline(snapshot, 5n);
    expect(steps.map((s) => s.kind)).toEqual(["scheduled", "paid"]);
    expect(steps[1]).toMatchObject({
      epoch: 1233n,
      dateIso: "2026-01-01T00:00:00Z",
      ledgerVersion: null,
      // Placed at the boundary that closed its deadline (the version that began epoch 1234).
      placedAtVersion: 350n,
      detail: "Paid 1 Jan 2026, end of epoch 1,233; the payment is not linked to a ledger entry in this snapshot.",
    });
  });

  it("shows an unapproved matching proposal without an approval step", () => {
    const snapshot = buildTestSnapshot();
    snapshot.proposals = [proposal("3", { status: "pending", approved: false, votes: [AUTH[0]!] })];
    const steps = buildTransferTimeline(snapshot, 5n);
    expect(steps.map((s) => s.kind)).toEqual(["proposed", "scheduled", "paid"]);
    expect(steps[0]?.detail).toMatch(/^Proposal #3: 1 of the wallet's authorities voted/);
  });

  it("tells a vetoed transfer's ballot in plain words and dates the veto by the snapshot that saw it", () => {
    const snapshot = buildTestSnapshot();
    snapshot.transfers.push(
      transfer("8", {
        status: "vetoed",
        deadlineEpoch: 1236n,
        history: [
          {
            state: { status: "scheduled", deadlineEpoch: 1236n },
            seenAtLedgerVersion: 98765000n,
            seenAtEpoch: 1233n,
          },
          { state: { status: "vetoed", deadlineEpoch: 1236n }, seenAtLedgerVersion: 98765432n, seenAtEpoch: 1234n },
        ],
      }),
    );
    snapshot.vetoes = [
      ballot("9", "8", {
        status: "passed",
        history: [
          {
            state: { status: "pending", approvalPct: 0n, turnoutPct: 0n },
            seenAtLedgerVersion: 98765000n,
            seenAtEpoch: 1233n,
          },
          {
            state: { status: "passed", approvalPct: 9000n, turnoutPct: 4000n },
            seenAtLedgerVersion: 98765432n,
            seenAtEpoch: 1234n,
          },
        ],
      }),
      ballot("2", "5", {}),
    ];
    const steps = buildTransferTimeline(snapshot, 8n);
    expect(steps.map((s) => s.kind)).toEqual(["scheduled", "veto-ballot", "vetoed"]);
    expect(steps[1]).toEqual({
      kind: "veto-ballot",
      title: "Veto ballot #9",
      // Placed where a snapshot first saw it passed; the vetoed status was seen there too, and follows it.
      epoch: 1234n,
      dateIso: "2026-01-01T00:00:00Z",
      estimated: false,
      when: "1 Jan 2026 or later, during epoch 1,234",
      placedAtVersion: 98765432n,
      ledgerVersion: null,
      txHash: null,
      detail:
        "Passed: payment stopped (listed by the chain under ballots_approved). It reached 40.00 % turnout with 90.00 % in favour, where 82.00 % was needed at that turnout, so the chain moved it to ballots_approved and transfer #8 was stopped.",
    });
    expect(steps[2]).toEqual({
      kind: "vetoed",
      title: "Stopped by donors",
      epoch: 1234n,
      dateIso: "2026-01-01T00:00:00Z",
      estimated: false,
      when: "By about 2 Jan 2026, recorded during epoch 1,234",
      placedAtVersion: 98765432n,
      ledgerVersion: 98765432n,
      txHash: null,
      detail:
        "Donors stopped this payment; the coins stayed in the wallet. First recorded in the chain state at ledger version 98,765,432.",
    });
  });

  it("places a ballot the chain gives no passing version no earlier than its transfer's scheduling", () => {
    const snapshot = buildTestSnapshot();
    snapshot.transfers.push(
      transfer("8", {
        status: "vetoed",
        deadlineEpoch: 1236n,
        history: [
          {
            state: { status: "scheduled", deadlineEpoch: 1236n },
            seenAtLedgerVersion: 98765432n,
            seenAtEpoch: 1234n,
          },
        ],
      }),
    );
    // Its only observation is "pending" at version 1, before the transfer was even scheduled.
    snapshot.vetoes = [ballot("9", "8", { status: "passed" })];
    const steps = buildTransferTimeline(snapshot, 8n);
    expect(steps.map((s) => [s.kind, s.placedAtVersion])).toEqual([
      // Due at the end of epoch 1236: scheduled in epoch 1233, which began at version 250.
      ["scheduled", 250n],
      ["veto-ballot", 250n],
      // No observation of the vetoed status: the latest snapshot that saw the record.
      ["vetoed", 98765432n],
    ]);
  });

  it("explains an overdue payment", () => {
    const snapshot = buildTestSnapshot();
    snapshot.transfers.push(transfer("7", { status: "overdue", deadlineEpoch: 1232n }));
    expect(buildTransferTimeline(snapshot, 7n).at(-1)).toEqual({
      kind: "overdue",
      title: "Overdue",
      epoch: 1232n,
      dateIso: "2025-12-31T00:00:00Z",
      estimated: false,
      when: "31 Dec 2025, end of epoch 1,232",
      // The boundary that closed epoch 1232 began epoch 1233, at version 250.
      placedAtVersion: 250n,
      ledgerVersion: null,
      txHash: null,
      detail:
        "The payment due 31 Dec 2025, end of epoch 1,232 did not go through: the wallet's balance was short. It is tried again at each following epoch boundary.",
    });
  });

  it("lists every ballot in id order for a pending transfer, notes a moved deadline, and ends with the estimate", () => {
    const snapshot = buildTestSnapshot();
    snapshot.transfers.push(
      transfer("12", {
        status: "scheduled",
        deadlineEpoch: 1236n,
        history: [
          { state: { status: "scheduled", deadlineEpoch: 1235n }, seenAtLedgerVersion: 1n, seenAtEpoch: 1232n },
          { state: { status: "scheduled", deadlineEpoch: 1236n }, seenAtLedgerVersion: 2n, seenAtEpoch: 1234n },
        ],
      }),
    );
    snapshot.vetoes = [
      ballot("14", "12", { deadlineEpoch: 1236n }),
      ballot("13", "12", { status: "failed", deadlineEpoch: 1233n }),
    ];
    const steps = buildTransferTimeline(snapshot, 12n);
    // #14 is open: placed where it opened (epoch 1229, older than the records: version 0, kept no earlier than the
    // scheduling); #13 was rejected at the end of epoch 1233 (version 350); the payment is still to come.
    expect(steps.map((s) => [s.title, s.placedAtVersion])).toEqual([
      ["Scheduled", 0n],
      ["Veto ballot #14", 0n],
      ["Veto ballot #13", 350n],
      ["Waiting for payment", null],
    ]);
    expect(steps[0]?.detail).toBe(
      "Set to be paid on or after about 4 Jan 2026, end of epoch 1,236. Until then, donors can vote to stop it. The deadline moved from about 3 Jan 2026, end of epoch 1,235 to about 4 Jan 2026, end of epoch 1,236.",
    );
    expect(steps[2]).toMatchObject({ dateIso: "2026-01-01T00:00:00Z", estimated: false });
    expect(steps[2]?.detail).toMatch(/^Rejected: did not pass \(listed by the chain under ballots_rejected\)\./);
    expect(steps[1]?.detail).toMatch(
      /^Open \(listed by the chain under ballots_pending\)\. Donors can vote until about 4 Jan 2026, end of epoch 1,236 \(about 3 days left as of the snapshot\)\./,
    );
    expect(steps[3]).toEqual({
      kind: "pending",
      title: "Waiting for payment",
      epoch: 1236n,
      dateIso: "2026-01-04T00:00:00Z",
      estimated: true,
      when: "Due about 4 Jan 2026, end of epoch 1,236, about 3 days left as of the snapshot",
      placedAtVersion: null,
      ledgerVersion: null,
      txHash: null,
      detail: "Not paid yet: due about 4 Jan 2026, end of epoch 1,236 unless donors stop it.",
    });
  });

  it("pairs identical payments with their proposals in order, skipping rejected proposals", () => {
    const snapshot = buildTestSnapshot();
    const same = { payee: DONOR_A, amount: 1000000n, description: { hex: "0x6d", text: "m" } };
    snapshot.transfers.push(
      transfer("21", { ...same, status: "scheduled" }),
      transfer("20", { ...same, status: "paid" }),
    );
    snapshot.proposals = [
      proposal("32", { ...same, votes: [STEWARD, AUTH[0]!, AUTH[1]!] }),
      proposal("30", { ...same, status: "rejected", approved: false }),
      proposal("31", same),
    ];
    expect(buildTransferTimeline(snapshot, 20n)[0]?.detail).toMatch(/^Proposal #31: 2 of/);
    expect(buildTransferTimeline(snapshot, 21n)[0]?.detail).toMatch(/^Proposal #32: 3 of/);
    expect(buildTransferTimeline(snapshot, 21n)[1]?.detail).toBe("Approved with 3 authority votes.");
  });

  it("refuses an unknown transfer", () => {
    expect(() => buildTransferTimeline(buildTestSnapshot(), 404n)).toThrow(/no transfer "404"/);
  });
});
