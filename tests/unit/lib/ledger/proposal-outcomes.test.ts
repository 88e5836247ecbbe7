import { describe, expect, it } from "vitest";
import { proposalOutcomes } from "../../../../src/lib/ledger/proposal-outcomes.ts";
import type { ProposalRecord, Snapshot, VetoRecord } from "../../../../src/schemas/snapshot.ts";
import { buildTestSnapshot, STEWARD, TEAM } from "../../../support/snapshot/build-test-snapshot.ts";

function proposal(id: string, overrides: Partial<ProposalRecord>): ProposalRecord {
  return {
    id: BigInt(id),
    payee: TEAM,
    amount: 5000000n,
    description: { hex: "0x61", text: "a" },
    status: "pending",
    votes: [TEAM],
    approved: false,
    expirationEpoch: 1240n,
    history: [{ state: { status: "pending", votes: 1 }, seenAtLedgerVersion: 1n, seenAtEpoch: 1226n }],
    provenance: { ledgerVersion: 1n, path: "p" },
    ...overrides,
  };
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

describe("proposalOutcomes", () => {
  it("says what became of every proposal that is not a transfer, and what each missing number is", () => {
    const base = buildTestSnapshot();
    const snapshot: Snapshot = {
      ...base,
      wallet: {
        ...base.wallet,
        authorities: { owners: [TEAM, STEWARD], required: 2n, provenance: { ledgerVersion: 1n, path: "a" } },
      },
      proposals: [
        proposal("5", { status: "approved" }),
        proposal("6", { status: "approved", payee: STEWARD, amount: 20000000n }),
        proposal("8", {
          status: "rejected",
          history: [
            { state: { status: "pending", votes: 1 }, seenAtLedgerVersion: 1n, seenAtEpoch: 1226n },
            { state: { status: "rejected", votes: 1 }, seenAtLedgerVersion: 2n, seenAtEpoch: 1241n },
          ],
        }),
        proposal("9", { votes: [TEAM] }),
      ],
      transfers: [...base.transfers, { ...base.transfers[0]!, uid: 10n }],
      vetoes: [ballot("7", {})],
    };
    const { proposals, gaps } = proposalOutcomes(snapshot, new Map([[STEWARD, "Steward"]]));
    expect(proposals.map((p) => [p.id, p.outcome, p.ledgerHref])).toEqual([
      [6n, "advance", "/ledger/#m-w1"],
      [8n, "expired", null],
      [9n, "pending", null],
    ]);
    expect(proposals[0]?.payeeName).toBe("Steward");
    expect(proposals[1]?.words).toMatch(/^Expired: it had 1 of the 2 approvals needed when its 14 epochs ran out/);
    expect(proposals[2]?.words).toBe(
      "Still collecting approvals: 1 of 2 so far; it expires at the end of epoch 1,240 unless approved.",
    );
    expect(gaps.map((g) => [g.id, g.href])).toEqual([
      [6n, "#proposal-6"],
      [7n, "/transfers/5/"],
      [8n, "#proposal-8"],
      [9n, "#proposal-9"],
    ]);
    expect(gaps[1]?.words).toBe("a donors' veto ballot against transfer #5, not a payment");
  });

  it("walks the numbers in use: a run nothing recorded is one gap, and a transfer number of 2^64 − 1 costs nothing", () => {
    const base = buildTestSnapshot();
    const huge = 2n ** 64n - 1n;
    const snapshot: Snapshot = {
      ...base,
      transfers: [...base.transfers, { ...base.transfers[0]!, uid: 9n }, { ...base.transfers[0]!, uid: huge }],
      vetoes: [ballot("7", {})],
    };
    const { gaps } = proposalOutcomes(snapshot, new Map());
    expect(gaps.map((g) => [g.id, g.lastId, g.href])).toEqual([
      [6n, 6n, null],
      [7n, 7n, "/transfers/5/"],
      [8n, 8n, null],
      [10n, huge - 1n, null],
    ]);
    expect(gaps[3]?.words).toBe("not in this snapshot: the counter was used by something Ledgerlight does not record");
  });
});
