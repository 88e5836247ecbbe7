import { describe, expect, it } from "vitest";
import {
  assertAuthorityNames,
  authorityNames,
  buildGovernanceView,
  donateCommand,
  freezeSentence,
  proposalsById,
  thresholdSentence,
  transferApprovals,
  VETO_ENTRY_FUNCTION,
  vetoCommand,
  vetoDeadlines,
  vetoTurnout,
} from "../../../../src/lib/figures/governance.ts";
import type { ProposalRecord, Snapshot, TransferRecord } from "../../../../src/schemas/snapshot.ts";
import { buildTestSnapshot, STEWARD, TEAM, WALLET } from "../../../support/snapshot/build-test-snapshot.ts";

const AUTH = [`0x${"1".repeat(64)}`, `0x${"2".repeat(64)}`, `0x${"3".repeat(64)}`] as const;
const FORMER = `0x${"4".repeat(64)}`;
const p = (path: string) => ({ ledgerVersion: 98765432n, path });

function governed(): Snapshot {
  const snapshot = buildTestSnapshot();
  snapshot.wallet.authorities = { owners: [...AUTH], required: 2n, provenance: p("ms") };
  snapshot.wallet.advances = {
    balanceOutstanding: 150000000n,
    lifetimeWithdrawals: 250000000n,
    lifetimeDeposits: 100000000n,
    provenance: p("adv"),
  };
  snapshot.wallet.reauthorization = { timestampSecs: 1735689600n, reauthRequired: false, provenance: p("re") };
  snapshot.proposals = [proposal("5", [AUTH[2], FORMER]), proposal("6", [AUTH[0], AUTH[1]])];
  return snapshot;
}

function proposal(id: string, votes: string[]): ProposalRecord {
  return {
    id: BigInt(id),
    payee: TEAM,
    amount: 300000000n,
    description: { hex: "0x48656c6c6f", text: "Hello" },
    status: "approved",
    votes,
    approved: true,
    expirationEpoch: 1240n,
    history: [{ state: { status: "approved", votes: votes.length }, seenAtLedgerVersion: 1n, seenAtEpoch: 1n }],
    provenance: p("prop"),
  };
}

function scheduled(uid: string, deadlineEpoch: string): TransferRecord {
  return {
    ...buildTestSnapshot().transfers[0]!,
    uid: BigInt(uid),
    deadlineEpoch: BigInt(deadlineEpoch),
    status: "scheduled",
  };
}

const config = { authorities: [{ address: AUTH[0], name: "Alice" }], stewards: [STEWARD] };

describe("thresholdSentence", () => {
  it("says the n-of-m rule in words, for every shape of n and m", () => {
    expect(thresholdSentence(2n, 3)).toBe("any 2 of these 3 must approve a payment");
    expect(thresholdSentence(3n, 3)).toBe("all 3 must approve a payment");
    expect(thresholdSentence(1n, 1)).toBe("this one authority alone approves a payment");
    expect(thresholdSentence(4n, 3)).toBe(
      "4 approvals are needed but there are only 3 authorities, so no payment can be approved",
    );
    expect(thresholdSentence(2n, 0)).toBe("no authorities are recorded, so no payment can be approved");
  });
});

describe("freezeSentence", () => {
  it("says frozen or not and counts the vetoes in a row out of 3", () => {
    expect(freezeSentence(false, 0n)).toBe(
      "Not frozen. 0 payments in a row were vetoed (the chain freezes the wallet at 3 in a row; any payment made resets the count).",
    );
    expect(freezeSentence(false, 1n)).toMatch(/^Not frozen\. 1 payment in a row was vetoed/);
    expect(freezeSentence(true, 3n)).toMatch(/^Frozen\. 3 payments in a row were vetoed/);
  });
});

describe("buildGovernanceView", () => {
  it("names the authorities the program names, keeps the chain's order and sources every figure in wallet.json", () => {
    const view = buildGovernanceView(governed(), config);
    expect(view.authorities?.members).toEqual([
      { address: AUTH[0], name: "Alice" },
      { address: AUTH[1], name: null },
      { address: AUTH[2], name: null },
    ]);
    expect(view.authorities?.sentence).toBe("any 2 of these 3 must approve a payment");
    expect(view.authorities?.required).toMatchObject({ value: "2", text: "2" });
    expect(view.authorities?.required.source).toMatchObject({
      file: "wallet.json",
      record: "authorities.required",
      ledgerVersion: "98765432",
      href: "/data/snapshot/wallet.json",
    });
    expect(view.stewards).toEqual([{ address: STEWARD, name: null }]);
    expect(view.advances?.outstanding).toMatchObject({ value: "150000000", text: "150.00" });
    expect(view.advances?.lifetimeWithdrawals.source.record).toBe("advances.lifetimeWithdrawals");
    expect(view.advances?.lifetimeDeposits.text).toBe("100.00");
    expect(view.freeze.isFrozen).toMatchObject({ value: "false", text: "no" });
    expect(view.freeze.consecutiveRejections).toMatchObject({ value: "0", text: "0 of 3" });
    expect(view.reauthorization?.lastAuthorized.text).toBe("1 Jan 2025, 00:00 UTC");
    expect(view.reauthorization?.required).toMatchObject({ value: "false", text: "no" });
  });

  it("says what was not read instead of inventing it", () => {
    const snapshot = buildTestSnapshot();
    const view = buildGovernanceView(snapshot, { authorities: [], stewards: [] });
    expect(view.authorities).toBeNull();
    expect(view.advances).toBeNull();
    expect(view.reauthorization).toBeNull();
    snapshot.wallet.reauthorization = { timestampSecs: 0n, reauthRequired: true, provenance: p("re") };
    const never = buildGovernanceView(snapshot, { authorities: [], stewards: [] }).reauthorization;
    expect(never?.lastAuthorized.text).toBe("never (since the V8 upgrade)");
    expect(never?.sentence).toMatch(/^Donors must vote to reauthorize/);
  });
});

describe("assertAuthorityNames", () => {
  it("accepts current authorities and former ones who voted, and names the key of any other address", () => {
    const snapshot = governed();
    expect(() =>
      assertAuthorityNames(
        snapshot,
        { authorities: [{ address: FORMER, name: "Former" }, ...config.authorities] },
        "p.yaml",
      ),
    ).not.toThrow();
    expect(() =>
      assertAuthorityNames(
        snapshot,
        { authorities: [...config.authorities, { address: TEAM, name: "Typo" }] },
        "p.yaml",
      ),
    ).toThrow(/^p\.yaml: authorities\[1\]\.address 0xc{64} \(Typo\) is not an authority of the wallet/);
  });
});

describe("transferApprovals", () => {
  it("lists exactly the proposal's voters, with names and whether each is still an authority", () => {
    const approvals = transferApprovals(
      governed(),
      5n,
      authorityNames({ authorities: [{ address: FORMER, name: "Bo" }] }),
    );
    expect(approvals).toEqual({
      proposalId: 5n,
      approvers: [
        { address: AUTH[2], name: null, isAuthority: true },
        { address: FORMER, name: "Bo", isAuthority: false },
      ],
      required: 2n,
      source: {
        file: "proposals.json",
        record: "[id=5].votes",
        ledgerVersion: "98765432",
        href: "/data/snapshot/proposals.json",
      },
    });
    expect(transferApprovals(governed(), 7n, new Map())).toBeNull();
  });
});

describe("proposalsById", () => {
  it("finds what a scan of the proposals finds, for every id and for a missing one", () => {
    const snapshot = governed();
    // A repeated id: the scan finds the first, and so must the lookup.
    snapshot.proposals = [...snapshot.proposals, { ...proposal("5", [AUTH[0]]) }];
    const byId = proposalsById(snapshot);
    for (const id of [5n, 6n, 7n]) {
      expect(byId.get(id)).toBe(snapshot.proposals.find((candidate) => candidate.id === id));
    }
    expect(byId.get(5n)?.votes).toEqual([AUTH[2], FORMER]);
    expect(byId.get(7n)).toBeUndefined();
  });

  it("is built once per proposal list: the same map for the same list, a new one for another", () => {
    const snapshot = governed();
    const first = proposalsById(snapshot);
    expect(proposalsById(snapshot)).toBe(first);
    expect(proposalsById({ proposals: snapshot.proposals })).toBe(first);
    snapshot.proposals = [proposal("8", [AUTH[1]])];
    const second = proposalsById(snapshot);
    expect(second).not.toBe(first);
    expect([...second.keys()]).toEqual([8n]);
    expect(transferApprovals(snapshot, 5n, new Map())).toBeNull();
    expect(transferApprovals(snapshot, 8n, new Map())?.approvers.map((a) => a.address)).toEqual([AUTH[1]]);
  });
});

describe("veto instructions", () => {
  it("name the entry function and the 0L tool's commands with the wallet and uid filled in", () => {
    expect(VETO_ENTRY_FUNCTION).toBe("0x1::donor_voice_txs::propose_veto_tx(wallet, uid)");
    expect(vetoCommand(WALLET, "29")).toBe(`libra txs community veto --community-wallet ${WALLET} --proposal-id 29`);
    expect(donateCommand(WALLET)).toBe(`libra txs transfer --to-account ${WALLET} --amount <coins>`);
  });

  it("give each scheduled transfer's deadline, soonest first, date first then epoch, 'about' when estimated", () => {
    const snapshot = governed();
    // The snapshot is in epoch 1234 (started 1 Jan 2026, 00:00 UTC; epochs of 24 h).
    snapshot.transfers = [
      ...snapshot.transfers,
      scheduled("9", "1236"),
      scheduled("8", "1236"),
      scheduled("7", "1235"),
      scheduled("6", "1230"),
    ];
    snapshot.vetoes = [
      {
        ballotId: 10n,
        transferUid: 8n,
        status: "pending",
        approvalPct: 0n,
        turnoutPct: 0n,
        requiredThresholdPct: 10000n,
        minTurnoutPct: 1250n,
        votesApprove: 0n,
        votesReject: 0n,
        maxVotes: 750500000n,
        deadlineEpoch: 1241n,
        history: [],
        provenance: p("veto"),
      } as unknown as Snapshot["vetoes"][number],
    ];
    const rows = vetoDeadlines(snapshot, new Map([[TEAM, "Team"]]), WALLET);
    expect(rows.map((row) => [row.uid, row.closingEpoch, row.deadlineText, row.openBallotId])).toEqual([
      // Past its deadline but still scheduled (the balance was short): the next boundary, closing epoch 1234.
      [6n, 1234n, "about 2 Jan 2026, 00:00 UTC, end of epoch 1,234", null],
      [7n, 1235n, "about 3 Jan 2026, 00:00 UTC, end of epoch 1,235", null],
      [8n, 1236n, "about 4 Jan 2026, 00:00 UTC, end of epoch 1,236", 10n],
      [9n, 1236n, "about 4 Jan 2026, 00:00 UTC, end of epoch 1,236", null],
    ]);
    expect(rows[0]).toMatchObject({
      payee: { address: TEAM, name: "Team" },
      amountUnits: 300000000n,
      amountText: "300.00",
      boundaryIso: "2026-01-02T00:00:00Z",
      estimated: true,
      command: `libra txs community veto --community-wallet ${WALLET} --proposal-id 6`,
    });
  });

  it("dates a boundary the snapshot has seen exactly, without 'about'", () => {
    const snapshot = governed();
    snapshot.meta.epoch = 1232n;
    snapshot.transfers = [scheduled("3", "1233")];
    const [row] = vetoDeadlines(snapshot, new Map(), WALLET);
    expect(row).toMatchObject({ estimated: false, deadlineText: "1 Jan 2026, 00:00 UTC, end of epoch 1,233" });
  });
});

describe("vetoTurnout", () => {
  it("is all donations ever made and the least weight reaching 12.5 % of it, rounded up to the base unit", () => {
    const snapshot = buildTestSnapshot();
    expect(vetoTurnout(snapshot).totalDonations).toMatchObject({ value: "750500000", text: "750.50" });
    // 750,500,000 / 8 = 93,812,500 exactly.
    expect(vetoTurnout(snapshot).minimumTurnout).toMatchObject({ value: "93812500", text: "93.8125" });
    snapshot.wallet.cumulativeDeposits.value = 750500001n;
    // 93,812,500.125 rounds up: 93,812,500 would be 12.4999… %.
    expect(vetoTurnout(snapshot).minimumTurnout.value).toBe("93812501");
    expect(vetoTurnout(snapshot).minimumTurnout.source.record).toBe("ceil(cumulativeDeposits.value × 1250 / 10000)");
  });
});
