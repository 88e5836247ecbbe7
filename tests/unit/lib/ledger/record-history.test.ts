import { describe, expect, it } from "vitest";
import { appendObservation } from "../../../../src/lib/ledger/record-history.ts";

describe("appendObservation", () => {
  it("starts a history and appends only when the state changes", () => {
    const first = appendObservation(undefined, { status: "scheduled" }, { ledgerVersion: 10n, epoch: 1n });
    expect(first).toEqual([{ state: { status: "scheduled" }, seenAtLedgerVersion: 10n, seenAtEpoch: 1n }]);
    const same = appendObservation(first, { status: "scheduled" }, { ledgerVersion: 20n, epoch: 2n });
    expect(same).toEqual(first);
    const moved = appendObservation(same, { status: "paid" }, { ledgerVersion: 30n, epoch: 4n });
    expect(moved).toHaveLength(2);
    expect(moved[1]).toEqual({ state: { status: "paid" }, seenAtLedgerVersion: 30n, seenAtEpoch: 4n });
    expect(first).toHaveLength(1);
  });
});
