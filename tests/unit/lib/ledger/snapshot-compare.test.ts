import { describe, expect, it } from "vitest";
import { compareSnapshots, countRecords, describeDifference } from "../../../../src/lib/ledger/snapshot-compare.ts";
import { buildTestSnapshot } from "../../../support/snapshot/build-test-snapshot.ts";

describe("compareSnapshots", () => {
  it("finds nothing between equal snapshots and counts every record once", () => {
    const snapshot = buildTestSnapshot();
    const result = compareSnapshots(snapshot, structuredClone(snapshot));
    expect(result.differences).toEqual([]);
    const lists =
      snapshot.ledger.entries.length +
      snapshot.transfers.length +
      snapshot.proposals.length +
      snapshot.vetoes.length +
      snapshot.donors.length +
      snapshot.epochs.length +
      snapshot.changes.length;
    // + opening balance, wallet state and metadata.
    expect(result.records).toBe(lists + 3);
    expect(countRecords(snapshot)).toBe(result.records);
  });

  it("names the record by its permanent key and the first differing field by its dotted path", () => {
    const committed = buildTestSnapshot();
    const rebuilt = structuredClone(committed);
    const transfer = rebuilt.transfers[0];
    if (!transfer) throw new Error("fixture has no transfer");
    transfer.amount = 1n;
    rebuilt.wallet.balance.coinStoreValue = 7n;
    const { differences } = compareSnapshots(committed, rebuilt);
    expect(differences.map((d) => [d.file, d.record, d.field, d.rebuilt])).toEqual([
      ["transfers.json", `transfer #${transfer.uid}`, "amount", '"1"'],
      ["wallet.json", "wallet state", "balance.coinStoreValue", '"7"'],
    ]);
    expect(describeDifference(differences[0] ?? (undefined as never))).toBe(
      `transfers.json, transfer #${transfer.uid}, field amount: committed "${committed.transfers[0]?.amount}", chain "1".`,
    );
  });

  it("looks in history first: a ledger difference is named before the state it explains", () => {
    const committed = buildTestSnapshot();
    const rebuilt = structuredClone(committed);
    rebuilt.wallet.balance.coinStoreValue = 7n;
    const entry = rebuilt.ledger.entries[1];
    if (!entry) throw new Error("fixture has too few ledger entries");
    entry.amount = 5n;
    const [first] = compareSnapshots(committed, rebuilt).differences;
    expect(first?.file).toBe("ledger.json");
    expect(first?.record).toBe(
      `${entry.stream === "deposit" ? "deposit" : "withdrawal"} #${entry.sequence} (version ${entry.version})`,
    );
  });

  it("reports records only one side has, and array fields by index", () => {
    const committed = buildTestSnapshot();
    const rebuilt = structuredClone(committed);
    const dropped = rebuilt.donors.pop();
    if (!dropped) throw new Error("fixture has no donor");
    rebuilt.epochs.push({ epoch: 999999n, version: 999999n, timestampUsec: 1n });
    const history = rebuilt.transfers[0]?.history[0];
    if (!history) throw new Error("fixture transfer has no history");
    history.seenAtEpoch = 123456n;
    const { differences } = compareSnapshots(committed, rebuilt);
    expect(differences.map((d) => describeDifference(d))).toEqual([
      expect.stringMatching(
        /^transfers\.json, transfer #\d+, field history\[0\]\.seenAtEpoch: committed "\d+", chain "123456"\.$/,
      ),
      `donors.json, donor ${dropped.address}: in the committed snapshot but not on the chain.`,
      "epochs.json, epoch 999999: on the chain but not in the committed snapshot.",
    ]);
  });
});
