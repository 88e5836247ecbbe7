import { describe, expect, it } from "vitest";
import { checkAppendOnly } from "../../../../src/lib/ledger/append-only.ts";
import { buildTestSnapshot, DONOR_A } from "../../../support/snapshot/build-test-snapshot.ts";

function advanced() {
  const next = buildTestSnapshot();
  next.meta.ledgerVersion = 99000000n;
  next.meta.previousLedgerVersion = 98765432n;
  return next;
}

describe("checkAppendOnly", () => {
  it("accepts a snapshot that only adds history and moves status forward", () => {
    const previous = buildTestSnapshot();
    previous.transfers[0]!.status = "scheduled";
    previous.transfers[0]!.history = [
      { state: { status: "scheduled", deadlineEpoch: 1233n }, seenAtLedgerVersion: 1n, seenAtEpoch: 1230n },
    ];
    const next = advanced();
    next.transfers[0]!.history = [
      ...previous.transfers[0]!.history,
      { state: { status: "paid", deadlineEpoch: 1233n }, seenAtLedgerVersion: 99000000n, seenAtEpoch: 1234n },
    ];
    next.ledger.entries.push({ ...next.ledger.entries[0]!, sequence: 3n, version: 500n });
    expect(checkAppendOnly(previous, next)).toEqual([]);
  });

  it("names a ledger record that was rewritten", () => {
    const next = advanced();
    next.ledger.entries[1]!.amount = 250500001n;
    const [problem] = checkAppendOnly(buildTestSnapshot(), next);
    expect(problem).toBe(
      'ledger.json: deposit event #1 (tx version 200) changed: field amount was "250500000", now "250500001".',
    );
  });

  it("names a dropped record", () => {
    const next = advanced();
    next.ledger.entries.pop();
    next.epochs.pop();
    expect(checkAppendOnly(buildTestSnapshot(), next)).toEqual([
      "ledger.json: withdraw event #1 (tx version 400) is missing from the new snapshot.",
      "epochs.json: epoch 1234 is missing from the new snapshot.",
    ]);
  });

  it("refuses a status moving backwards and a changed transfer amount", () => {
    const next = advanced();
    next.transfers[0]!.amount = 1n;
    next.transfers[0]!.history.push({
      state: { status: "scheduled", deadlineEpoch: 1240n },
      seenAtLedgerVersion: 99000000n,
      seenAtEpoch: 1240n,
    });
    next.transfers[0]!.status = "scheduled";
    expect(checkAppendOnly(buildTestSnapshot(), next)).toEqual([
      `transfers.json: transfer 5: amount changed (was "${buildTestSnapshot().transfers[0]?.amount}", now "1").`,
      "transfers.json: transfer 5: status moved from paid to scheduled, which the chain's rules do not allow.",
    ]);
  });

  it("refuses shrinking donations, another chain and an older version", () => {
    const next = buildTestSnapshot();
    next.meta.chainId = 2;
    next.meta.ledgerVersion = 1n;
    next.donors = next.donors.map((d) => (d.address === DONOR_A ? { ...d, cumulative: 1n } : d));
    expect(checkAppendOnly(buildTestSnapshot(), next)).toEqual([
      "meta.json: chain id changed from 1 to 2.",
      "meta.json: ledger version 1 is older than the committed 98765432.",
      `donors.json: donor ${DONOR_A} cumulative donations went down from 500000000 to 1.`,
    ]);
  });
});
