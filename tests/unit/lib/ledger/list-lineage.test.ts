import { describe, expect, it } from "vitest";
import { checkAppendOnly } from "../../../../src/lib/ledger/append-only.ts";
import { recordSharedPrefix, sharedPrefixLength } from "../../../../src/lib/ledger/list-lineage.ts";
import { linkPayouts } from "../../../../src/snapshot/assemble-snapshot.ts";
import { buildTestSnapshot } from "../../../support/snapshot/build-test-snapshot.ts";

describe("list lineage", () => {
  it("knows a recorded prefix only against the list it was recorded with", () => {
    const base = [{ a: 1 }, { a: 2 }, { a: 3 }];
    const list = base.concat([{ a: 4 }]);
    expect(sharedPrefixLength(list, base)).toBe(0);
    recordSharedPrefix(list, base, 3);
    expect(sharedPrefixLength(list, base)).toBe(3);
    expect(sharedPrefixLength(list, base.slice())).toBe(0);
    expect(sharedPrefixLength(base, base)).toBe(3);
    expect(() => recordSharedPrefix(list, base, 4)).toThrow("a shared prefix of 4 elements between lists of 4 and 3");
  });

  it("lets the append-only check skip only the recorded prefix of the ledger", () => {
    const previous = buildTestSnapshot();
    const next = buildTestSnapshot();
    next.meta.ledgerVersion = 99000000n;
    const entries = previous.ledger.entries.concat([]);
    // Entry 3 rewritten after the first three were recorded as shared: the check still sees it.
    entries[3] = { ...(entries[3] as (typeof entries)[number]), amount: 1n };
    recordSharedPrefix(entries, previous.ledger.entries, 3);
    next.ledger.entries = entries;
    expect(checkAppendOnly(previous, next)).toEqual([
      'ledger.json: withdraw event #0 (tx version 300) changed: field amount was "300000000", now "1".',
    ]);
  });
});

describe("linkPayouts", () => {
  const ledgerOf = () => {
    const snapshot = buildTestSnapshot();
    // The payout of transfer 5 not linked yet, and transfer 5 paid.
    const before = snapshot.ledger.entries.map((entry) => ({ ...entry, transferUid: null }));
    return { before, transfers: snapshot.transfers };
  };

  it("records the whole last list as shared when it links only the run's own entries", () => {
    const { before, transfers } = ledgerOf();
    const payout = before[3] as (typeof before)[number];
    const kept = before.filter((entry) => entry !== payout);
    const linked = linkPayouts(kept.concat([payout]), kept, transfers);
    expect(linked[4]?.transferUid).toBe(5n);
    expect(sharedPrefixLength(linked, kept)).toBe(4);
  });

  it("links a paid transfer in a later run when its payout comes later, the same transfer list given again", () => {
    const { before, transfers } = ledgerOf();
    const payout = before[3] as (typeof before)[number];
    const first = before.filter((entry) => entry !== payout);
    const unlinked = linkPayouts(first.concat([]), undefined, transfers);
    expect(unlinked.some((entry) => entry.transferUid !== null)).toBe(false);
    const second = linkPayouts(unlinked.concat([payout]), unlinked, transfers);
    expect(second[4]?.transferUid).toBe(5n);
    // Once linked, the same list again links nothing more (the payout is not linked twice).
    const third = linkPayouts(second.concat([{ ...payout, sequence: 9n }]), second, transfers);
    expect(third.filter((entry) => entry.transferUid === 5n)).toHaveLength(1);
  });

  it("records the list as shared only up to an entry of the last list it links", () => {
    const { before, transfers } = ledgerOf();
    const linked = linkPayouts(before.concat([]), before, transfers);
    expect(linked[3]?.transferUid).toBe(5n);
    expect(sharedPrefixLength(linked, before)).toBe(3);
  });
});
