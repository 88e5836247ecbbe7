import { describe, expect, it } from "vitest";
import { SnapshotRefusedError } from "../../../src/errors.ts";
import type { Snapshot } from "../../../src/schemas/snapshot.ts";
import { checkExtendsCommitted } from "../../../src/snapshot/run-snapshot.ts";
import { buildTestSnapshot } from "../../support/snapshot/build-test-snapshot.ts";

const at = (snapshot: Snapshot, ledgerVersion: bigint): Snapshot => ({
  ...snapshot,
  meta: { ...snapshot.meta, ledgerVersion },
});

describe("checkExtendsCommitted (the append-only check at swap time)", () => {
  const next = buildTestSnapshot();

  it("writes when nothing is committed, or what is committed is what the run started from", () => {
    expect(() => checkExtendsCommitted("dir", null, next)).not.toThrow();
    expect(() => checkExtendsCommitted("dir", at(next, next.meta.ledgerVersion - 1n), next)).not.toThrow();
  });

  it.each([
    ["a later version", 1n],
    ["the same version", 0n],
  ])("refuses when another run committed %s meanwhile (never backwards)", (_what, ahead) => {
    const committed = at(next, next.meta.ledgerVersion + ahead);
    expect(() => checkExtendsCommitted("content/snapshots/0xsip", committed, next)).toThrow(SnapshotRefusedError);
    expect(() => checkExtendsCommitted("content/snapshots/0xsip", committed, next)).toThrow(
      `The committed snapshot in content/snapshots/0xsip changed while this run was reading, and this run's snapshot does not extend it, so it was not written. Run again to read on from the new committed snapshot:\n  - the committed snapshot is at ledger version ${committed.meta.ledgerVersion}; this run read version ${next.meta.ledgerVersion}, which is not later.`,
    );
  });

  it("refuses a later snapshot that drops what another run committed meanwhile", () => {
    const committed = at(next, next.meta.ledgerVersion - 1n);
    const dropped = { ...next, ledger: { ...next.ledger, entries: next.ledger.entries.slice(1) } };
    expect(() => checkExtendsCommitted("dir", committed, dropped)).toThrow(/ledger\.json/);
  });
});
