import { describe, expect, it } from "vitest";
import { describeChange } from "../../../src/lib/change-summary.ts";
import { buildTestSnapshot } from "../../support/snapshot/build-test-snapshot.ts";

describe("describeChange", () => {
  it("describes a first snapshot in plain words", () => {
    const record = buildTestSnapshot().changes[0]!;
    expect(describeChange(record)).toEqual({
      heading: "First snapshot of 1 Jan 2026, 00:00 UTC (ledger version 98,765,432, epoch 1,234)",
      sentences: [
        "2 donations totalling 750.50 LIBRA, 2 new donors.",
        "1 other inflow with no donor receipt totalling 10.00 LIBRA.",
        "2 payments out of the wallet totalling 320.00 LIBRA.",
        "1 transfer approved by the wallet's authorities: #5.",
        "Balance: 1,440.50 LIBRA.",
      ],
    });
  });

  it("names status changes, veto ballots and the balance movement", () => {
    const record = {
      ...buildTestSnapshot().changes[0]!,
      previousLedgerVersion: "1",
      newDonations: { count: 1, total: "1", newDonors: 0 },
      newOtherInflows: { count: 0, total: "0" },
      newOutflows: { count: 0, total: "0" },
      newTransfers: [],
      statusChanges: [
        { transferUid: "10", from: "overdue" as const, to: "paid" as const },
        { transferUid: "17", from: "scheduled" as const, to: "vetoed" as const },
      ],
      newVetoBallots: ["18"],
      balance: { before: "2000000", after: "1500000" },
    };
    expect(describeChange(record).sentences).toEqual([
      "1 donation totalling 0.000001 LIBRA.",
      "Transfer #10 went from overdue (the wallet was short when it fell due) to paid.",
      "Transfer #17 went from scheduled to stopped by donors (vetoed).",
      "1 veto ballot opened by donors: #18.",
      "Balance down 0.50 LIBRA, now 1.50 LIBRA.",
    ]);
  });

  it("says so when nothing happened", () => {
    const record = {
      ...buildTestSnapshot().changes[0]!,
      previousLedgerVersion: "1",
      newDonations: { count: 0, total: "0", newDonors: 0 },
      newOtherInflows: { count: 0, total: "0" },
      newOutflows: { count: 0, total: "0" },
      newTransfers: [],
      statusChanges: [],
      newVetoBallots: [],
      balance: { before: "5", after: "5" },
    };
    expect(describeChange(record).sentences).toEqual([
      "No new activity in the wallet.",
      "Balance unchanged, now 0.000005 LIBRA.",
    ]);
  });
});
