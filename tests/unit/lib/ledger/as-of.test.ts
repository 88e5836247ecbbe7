import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ValidationError } from "../../../../src/errors.ts";
import { recordedRunVersions, snapshotAsOf } from "../../../../src/lib/ledger/as-of.ts";
import { snapshotBooks } from "../../../../src/lib/ledger/reconcile.ts";
import { FIGURE_NAMES, figureResolver } from "../../../../src/lib/reports/report-figures.ts";
import type { Snapshot } from "../../../../src/schemas/snapshot.ts";
import { readCommittedSnapshot, snapshotsDir, walletSnapshotDir } from "../../../../src/store/snapshot-folder.ts";
import { repoRoot } from "../../../support/site/build-site.ts";

const WALLET = "0x0000000000000000000000000000000019e966bfa4b32ce9b7e23721b37b96d2";
let demo: Snapshot;

beforeAll(async () => {
  const snapshot = await readCommittedSnapshot(walletSnapshotDir(snapshotsDir(path.join(repoRoot, "content")), WALLET));
  if (!snapshot) throw new Error("no committed demo snapshot");
  demo = snapshot;
});

const figuresOf = (snapshot: Snapshot, period: string) => {
  const resolver = figureResolver(snapshot, { stewards: [], coinSymbol: "LIBRA" });
  return FIGURE_NAMES.map((name) => resolver.figure(name, period).value);
};

describe("snapshotAsOf", () => {
  it("at the latest run gives the snapshot itself, record for record", () => {
    const latest = demo.meta.ledgerVersion;
    expect(recordedRunVersions(demo).at(-1)).toBe(latest);
    expect(snapshotAsOf(demo, latest)).toEqual(demo);
    expect(figuresOf(snapshotAsOf(demo, latest), "all")).toEqual(figuresOf(demo, "all"));
  });

  it("at every earlier run holds nothing newer than that run, and its books balance to the run's own balance", () => {
    const runs = recordedRunVersions(demo).slice(0, -1);
    expect(runs.length).toBeGreaterThan(10);
    for (const version of runs) {
      const asOf = snapshotAsOf(demo, version);
      const run = demo.changes.find((change) => change.ledgerVersion === version);
      expect(asOf.meta.ledgerVersion).toBe(version);
      expect(asOf.meta.ledgerTimestampUsec).toBe(run?.timestampUsec);
      expect(asOf.meta.epoch).toBe(run?.epoch);
      expect(snapshotBooks(asOf).balanced).toBe(true);
      expect(asOf.wallet.balance.coinStoreValue).toBe(run?.balance.after);
      expect(asOf.ledger.entries.length).toBeLessThan(demo.ledger.entries.length);
      expect(asOf.ledger.entries.every((entry) => entry.version <= version)).toBe(true);
      expect(asOf.epochs.every((epoch) => epoch.version <= version)).toBe(true);
      expect(asOf.changes.at(-1)?.ledgerVersion).toBe(version);
      for (const record of [...asOf.transfers, ...asOf.proposals, ...asOf.vetoes]) {
        expect(record.history.every((seen) => seen.seenAtLedgerVersion <= version)).toBe(true);
        expect(record.history.at(-1)?.state.status).toBe(record.status);
      }
      // Donors: what they had given by V, which the ledger's donations up to V account for (beyond any receipts
      // from before the ledger's record, which are the same at every version).
      const donatedBy = (snapshot: Snapshot, address: string) =>
        snapshot.ledger.entries
          .filter((entry) => entry.category === "donation" && entry.counterparty === address)
          .reduce((sum, entry) => sum + entry.amount, 0n);
      for (const donor of demo.donors) {
        const before = asOf.donors.find((item) => item.address === donor.address);
        const preLedger = donor.cumulative - donatedBy(demo, donor.address);
        expect(before?.cumulative ?? 0n).toBe(preLedger + donatedBy(asOf, donor.address));
      }
      expect(asOf.wallet.cumulativeDeposits.depositorCount).toBe(asOf.donors.length);
    }
  });

  it("shows a transfer's status as it was then, and leaves out transfers not yet seen", () => {
    const moved = demo.transfers.find((transfer) => transfer.history.length > 1);
    if (!moved) throw new Error("the demo history has no transfer whose status moved");
    const first = moved.history[0];
    if (!first) throw new Error("empty history");
    const asOf = snapshotAsOf(demo, first.seenAtLedgerVersion);
    const then = asOf.transfers.find((transfer) => transfer.uid === moved.uid);
    expect(then?.status).toBe(first.state.status);
    expect(then?.status).not.toBe(moved.status);
    expect(then?.history).toEqual([first]);
    const earliest = recordedRunVersions(demo)[0] as bigint;
    const later = demo.transfers.filter((transfer) => (transfer.history[0]?.seenAtLedgerVersion ?? 0n) > earliest);
    expect(later.length).toBeGreaterThan(0);
    const uids = new Set(snapshotAsOf(demo, earliest).transfers.map((transfer) => transfer.uid));
    for (const transfer of later) expect(uids.has(transfer.uid)).toBe(false);
  });

  it("changes the figures of the quarter a later run added to, and leaves earlier quarters alone", () => {
    // The run at 1313 (Q3 2025, August) and the latest: Q3's donations grew, Q1's did not.
    const august = snapshotAsOf(demo, 1313n);
    expect(figuresOf(august, "2025-Q3")).not.toEqual(figuresOf(demo, "2025-Q3"));
    expect(figuresOf(august, "2025-Q1")).toEqual(figuresOf(demo, "2025-Q1"));
  });

  it("refuses a version that is not a recorded run, naming the recorded ones", () => {
    expect(() => snapshotAsOf(demo, 1812n)).toThrow(ValidationError);
    expect(() => snapshotAsOf(demo, 1812n)).toThrow(/1812 is not a recorded snapshot run .*160, 331/);
    expect(() => snapshotAsOf(demo, 999999n)).toThrow(/not a recorded snapshot run/);
  });

  it("refuses when the books at V do not give the balance the run recorded", () => {
    const tampered: Snapshot = {
      ...demo,
      changes: demo.changes.map((change) =>
        change.ledgerVersion === 988n
          ? { ...change, balance: { ...change.balance, after: change.balance.after + 1n } }
          : change,
      ),
    };
    expect(() => snapshotAsOf(tampered, 988n)).toThrow(/ledger version 988.*books do not balance/);
    expect(() => snapshotAsOf(tampered, 1149n)).not.toThrow();
  });

  it("does not change the snapshot it is given", () => {
    const before = structuredClone(demo);
    snapshotAsOf(demo, 657n);
    expect(demo).toEqual(before);
  });
});
