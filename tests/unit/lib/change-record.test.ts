import { describe, expect, it } from "vitest";
import { computeChangeRecord } from "../../../src/lib/change-record.ts";
import { buildTestSnapshot, DONOR_A, TEAM } from "../../support/snapshot/build-test-snapshot.ts";

describe("computeChangeRecord", () => {
  it("counts everything as new for a wallet's first snapshot", () => {
    const snapshot = buildTestSnapshot();
    expect(computeChangeRecord(null, snapshot)).toEqual(snapshot.changes[0]);
  });

  it("reports only what was added since the previous snapshot", () => {
    const previous = buildTestSnapshot();
    const next = buildTestSnapshot();
    next.meta.ledgerVersion = "99000000";
    next.ledger.entries.push(
      { ...next.ledger.entries[0]!, sequence: "3", version: "500", amount: "7", counterparty: DONOR_A },
      { ...next.ledger.entries[3]!, sequence: "2", version: "600", amount: "9", counterparty: TEAM },
    );
    next.donors.push({ ...next.donors[0]!, address: `0x${"f".repeat(64)}` });
    next.transfers.push({ ...next.transfers[0]!, uid: "9", status: "scheduled" });
    next.transfers[0]!.status = "paid";
    previous.transfers[0]!.status = "scheduled";
    next.vetoes = [];
    next.wallet.balance.coinStoreValue = "1440499998";
    const record = computeChangeRecord(previous, next);
    expect(record).toMatchObject({
      ledgerVersion: "99000000",
      previousLedgerVersion: "98765432",
      newDonations: { count: 1, total: "7", newDonors: 1 },
      newOtherInflows: { count: 0, total: "0" },
      newOutflows: { count: 1, total: "9" },
      newTransfers: ["9"],
      statusChanges: [{ transferUid: "5", from: "scheduled", to: "paid" }],
      newVetoBallots: [],
      balance: { before: "1440500000", after: "1440499998" },
    });
  });
});
