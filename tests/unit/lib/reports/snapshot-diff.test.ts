import { describe, expect, it } from "vitest";
import { diffSnapshots, explainChange } from "../../../../src/lib/reports/snapshot-diff.ts";
import { buildTestSnapshot, DONOR_A, STEWARD, TEAM } from "../../../support/snapshot/build-test-snapshot.ts";

describe("diffSnapshots", () => {
  it("counts everything as new for a wallet's first snapshot", () => {
    const snapshot = buildTestSnapshot();
    expect(diffSnapshots(null, snapshot)).toEqual(snapshot.changes[0]);
  });

  it("reports only what was added since the previous snapshot", () => {
    const previous = buildTestSnapshot();
    const next = buildTestSnapshot();
    next.meta.ledgerVersion = 99000000n;
    next.ledger.entries.push(
      { ...next.ledger.entries[0]!, sequence: 3n, version: 500n, amount: 7n, counterparty: DONOR_A },
      { ...next.ledger.entries[3]!, sequence: 2n, version: 600n, amount: 9n, counterparty: TEAM },
    );
    next.donors.push({ ...next.donors[0]!, address: `0x${"f".repeat(64)}` });
    next.transfers.push({ ...next.transfers[0]!, uid: 9n, status: "scheduled" });
    next.transfers[0]!.status = "paid";
    previous.transfers[0]!.status = "scheduled";
    next.vetoes = [];
    next.wallet.balance.coinStoreValue = 1440499998n;
    const record = diffSnapshots(previous, next);
    expect(record).toMatchObject({
      ledgerVersion: 99000000n,
      previousLedgerVersion: 98765432n,
      newDonations: { count: 1, total: 7n, newDonors: 1 },
      newOtherInflows: { count: 0, total: 0n },
      newOutflows: { count: 1, total: 9n },
      newTransfers: [9n],
      statusChanges: [{ transferUid: 5n, from: "scheduled", to: "paid" }],
      newVetoBallots: [],
      balance: { before: 1440500000n, after: 1440499998n },
    });
  });
});

describe("explainChange", () => {
  /** The fixture read twice: first with transfer 5 scheduled, then (version 99000000) paid, with a veto ballot moving. */
  function twoReadings() {
    const previous = buildTestSnapshot();
    previous.transfers[0]!.status = "scheduled";
    previous.transfers[0]!.history = [
      { state: { status: "scheduled", deadlineEpoch: 1233n }, seenAtLedgerVersion: 98765432n, seenAtEpoch: 1234n },
    ];
    const ballot = {
      ballotId: 6n,
      transferUid: 5n,
      status: "pending" as const,
      approvalPct: 9000n,
      turnoutPct: 500n,
      requiredThresholdPct: 10000n,
      minTurnoutPct: 1250n,
      votesApprove: 9n,
      votesReject: 1n,
      maxVotes: 200n,
      deadlineEpoch: 1240n,
      history: [
        {
          state: { status: "pending" as const, approvalPct: 9000n, turnoutPct: 500n },
          seenAtLedgerVersion: 98765432n,
          seenAtEpoch: 1234n,
        },
      ],
      provenance: { ledgerVersion: 98765432n, path: "ballot 6" },
    };
    previous.vetoes = [ballot];
    const next = structuredClone(previous);
    next.meta.ledgerVersion = 99000000n;
    next.meta.epoch = 1240n;
    next.transfers[0]!.status = "paid";
    next.transfers[0]!.history.push({
      state: { status: "paid", deadlineEpoch: 1233n },
      seenAtLedgerVersion: 99000000n,
      seenAtEpoch: 1240n,
    });
    next.transfers.push({
      ...structuredClone(next.transfers[0]!),
      uid: 7n,
      payee: STEWARD,
      amount: 12000000n,
      status: "scheduled",
      deadlineEpoch: 1243n,
      history: [
        { state: { status: "scheduled", deadlineEpoch: 1243n }, seenAtLedgerVersion: 99000000n, seenAtEpoch: 1240n },
      ],
    });
    next.vetoes[0]!.history.push({
      state: { status: "failed", approvalPct: 9000n, turnoutPct: 900n },
      seenAtLedgerVersion: 99000000n,
      seenAtEpoch: 1240n,
    });
    next.vetoes[0]!.status = "failed";
    // A second fee to the steward (the fixture pays one at version 400), after the previous reading.
    next.ledger.entries.push({
      ...next.ledger.entries[4]!,
      sequence: 2n,
      version: 98800000n,
      epoch: 1239n,
      amount: 12000000n,
      category: "advance",
      counterparty: STEWARD,
    });
    next.wallet.balance.coinStoreValue = 1440500000n - 12000000n;
    return { previous, next };
  }
  const program = { stewards: [STEWARD], teams: [{ address: TEAM, name: "Mutual health plan" }] };

  it("names new transfers with payee names and their status as of the change", () => {
    const { previous, next } = twoReadings();
    const change = explainChange(diffSnapshots(previous, next), next, { program });
    expect(change.newTransfers).toEqual([
      {
        uid: 7n,
        amount: 12000000n,
        payee: STEWARD,
        payeeName: "the program's steward (administrative fee)",
        deadlineEpoch: 1243n,
        status: "scheduled",
      },
    ]);
  });

  it("dates a payment by its ledger entry and other status changes by the reading that saw them", () => {
    const { previous, next } = twoReadings();
    const change = explainChange(diffSnapshots(previous, next), next, { program });
    expect(change.statusChanges).toEqual([
      {
        uid: 5n,
        amount: 300000000n,
        payee: TEAM,
        payeeName: "Mutual health plan",
        deadlineEpoch: 1233n,
        from: "scheduled",
        to: "paid",
        epoch: 1233n,
        txVersion: 300n,
      },
    ]);
    next.transfers[0]!.history[1]!.state.status = "vetoed";
    const vetoed = explainChange(
      { ...diffSnapshots(previous, next), statusChanges: [{ transferUid: 5n, from: "scheduled", to: "vetoed" }] },
      next,
    );
    expect(vetoed.statusChanges[0]).toMatchObject({ to: "vetoed", epoch: 1240n, txVersion: null });
  });

  it("reads veto tally movements from the ballot's history, for each change of a later snapshot", () => {
    const { previous, next } = twoReadings();
    const later = explainChange(diffSnapshots(previous, next), next);
    expect(later.ballots).toEqual([
      {
        ballotId: 6n,
        transferUid: 5n,
        before: { status: "pending", approvalPct: 9000n, turnoutPct: 500n },
        after: { status: "failed", approvalPct: 9000n, turnoutPct: 900n },
        state: "rejected",
      },
    ]);
    // The first reading, explained from the later snapshot, still shows the ballot as it was opened then.
    const first = explainChange(diffSnapshots(null, previous), next);
    expect(first.ballots).toEqual([
      {
        ballotId: 6n,
        transferUid: 5n,
        before: null,
        after: { status: "pending", approvalPct: 9000n, turnoutPct: 500n },
        // Read in epoch 1234, before its deadline (1240), while transfer 5 was still scheduled.
        state: "open",
      },
    ]);
    // Had its deadline been epoch 1233, the chain would still list it as pending in epoch 1234, but it had lapsed.
    const lapsedSnapshot = structuredClone(next);
    lapsedSnapshot.vetoes[0]!.deadlineEpoch = 1233n;
    expect(explainChange(diffSnapshots(null, previous), lapsedSnapshot).ballots[0]?.state).toBe("lapsed");
    expect(first.newTransfers.map((t) => [t.uid, t.status])).toEqual([[5n, "scheduled"]]);
  });

  it("gives each change of one snapshot the movements and new donors of its version range, in ledger order", () => {
    const { previous, next } = twoReadings();
    // Versions out of ledger order, and a second donation by a donor: the range is by version, the order the ledger's.
    const entries = next.ledger.entries;
    entries.push({ ...entries.find((e) => e.category === "donation")!, sequence: 99n, version: 1n });
    entries.reverse();
    const records = [diffSnapshots(null, previous), diffSnapshots(previous, next)];
    const scan = (from: bigint | null, to: bigint) =>
      entries.flatMap((entry, index) =>
        entry.version <= to && (from === null || entry.version > from) ? [{ index, entry }] : [],
      );
    for (const record of records) {
      // Explained after the other change of the same snapshot, and alone on a copy: the same answer.
      const change = explainChange(record, next, { program });
      expect(explainChange(record, structuredClone(next), { program })).toEqual(change);
      const expected = scan(record.previousLedgerVersion, record.ledgerVersion);
      expect(change.movements?.map((m) => [m.sequence, m.version])).toEqual(
        expected.map(({ entry }) => [entry.sequence, entry.version]),
      );
      const firstIndex = new Map<string, number>();
      entries.forEach((entry, index) => {
        if (entry.category === "donation" && entry.counterparty !== null && !firstIndex.has(entry.counterparty)) {
          firstIndex.set(entry.counterparty, index);
        }
      });
      expect(change.newDonorAddresses).toEqual(
        expected
          .filter(({ index, entry }) => firstIndex.get(entry.counterparty ?? "") === index)
          .map(({ entry }) => entry.counterparty),
      );
    }
    expect(explainChange(records[0]!, next, { program }).newDonorAddresses?.length).toBeGreaterThan(0);
  });

  it("reconciles the balance change and totals the fees paid up to each version", () => {
    const { previous, next } = twoReadings();
    const change = explainChange(diffSnapshots(previous, next), next, { program });
    expect(change.balance).toEqual({
      before: 1440500000n,
      after: 1428500000n,
      donations: 0n,
      otherInflows: { count: 0, total: 0n },
      outflows: { count: 1, total: 12000000n },
      reconciles: true,
    });
    expect(change.fees).toEqual({ before: 20000000n, after: 32000000n });
    expect(explainChange(diffSnapshots(previous, next), next).fees).toBeNull();
    const broken = explainChange({ ...diffSnapshots(previous, next), balance: { before: 1n, after: 5n } }, next);
    expect(broken.balance.reconciles).toBe(false);
  });
});
