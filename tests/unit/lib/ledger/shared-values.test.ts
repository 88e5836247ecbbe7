import { describe, expect, it } from "vitest";
import { createValueSharer } from "../../../../src/lib/ledger/shared-values.ts";
import { LedgerEntrySchema } from "../../../../src/schemas/snapshot.ts";
import { buildTestSnapshot } from "../../../support/snapshot/build-test-snapshot.ts";

describe("createValueSharer", () => {
  it("gives back each ledger entry field for field, in the schema's key order, as a new record", () => {
    const { ledger } = buildTestSnapshot();
    const sharer = createValueSharer();
    for (const entry of ledger.entries) {
      const shared = sharer.entry(entry);
      expect(shared).toEqual(entry);
      expect(shared).not.toBe(entry);
      expect(Object.keys(shared)).toEqual(Object.keys(LedgerEntrySchema.shape));
      // What the schema accepts, it accepts again (nothing added, nothing renamed).
      expect(LedgerEntrySchema.encode(shared)).toEqual(LedgerEntrySchema.encode(entry));
    }
  });

  it("keeps null counterparties and senders null", () => {
    const [entry] = buildTestSnapshot().ledger.entries;
    if (!entry) throw new Error("the test snapshot has a ledger");
    const shared = createValueSharer().entry({ ...entry, counterparty: null, txSender: null, transferUid: null });
    expect([shared.counterparty, shared.txSender, shared.transferUid]).toEqual([null, null, null]);
  });

  it("leaves every other record as it was, nested arrays and objects included, with the same values", () => {
    const snapshot = buildTestSnapshot();
    const before = structuredClone(snapshot.transfers);
    const shared = createValueSharer().record(snapshot.transfers);
    expect(shared).toBe(snapshot.transfers);
    expect(shared).toEqual(before);
    const nested = { a: [1n, "x", null, true, 2, { b: ["y", 3n] }] };
    expect(createValueSharer().record(structuredClone(nested))).toEqual(nested);
  });
});
