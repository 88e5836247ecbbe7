import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DONOR_PAGE_ROW_LIMIT, donorDetail, indexDonationsByDonor } from "../../../../src/lib/views/donor-donations.ts";
import { donorDonationsDownload, downloadCsv } from "../../../../src/lib/views/downloads.ts";
import { donorRows } from "../../../../src/lib/views/tables.ts";
import type { LedgerEntry, Snapshot } from "../../../../src/schemas/snapshot.ts";
import { readSnapshotFolder } from "../../../../src/store/snapshot-folder.ts";
import { buildTestSnapshot, DONOR_A, DONOR_B } from "../../../support/snapshot/build-test-snapshot.ts";

const COMMITTED = path.resolve(
  import.meta.dirname,
  "../../../../content/snapshots/0x0000000000000000000000000000000019e966bfa4b32ce9b7e23721b37b96d2",
);

function donation(donor: string, version: number, sequence: number, amount: string): LedgerEntry {
  return {
    stream: "deposit",
    sequence: BigInt(sequence),
    version: BigInt(version),
    timestampUsec: 1767000000000000n + BigInt(version) * 1000000n,
    epoch: 1n,
    amount: BigInt(amount),
    category: "donation",
    counterparty: donor,
    transferUid: null,
    txHash: `0x${String(version).padStart(64, "0")}`,
    txSender: donor,
    txFunction: "0x1::ol_account::transfer",
  };
}

function summaryOf(snapshot: Snapshot, address: string) {
  const row = donorRows(snapshot).find((r) => r.address === address);
  if (!row) throw new Error(`no row for ${address}`);
  return row;
}

describe("indexDonationsByDonor", () => {
  it("groups only attributed donations, by donor, newest first", () => {
    const snapshot = buildTestSnapshot();
    const extra = donation(DONOR_A, 500, 9, "7");
    const index = indexDonationsByDonor([...snapshot.ledger.entries, extra]);
    expect([...index.keys()].sort()).toEqual([DONOR_A, DONOR_B]);
    expect(index.get(DONOR_A)?.map((e) => e.version)).toEqual([500n, 100n]);
    expect(index.get(DONOR_B)?.map((e) => e.amount)).toEqual([250500000n]);
  });

  it("leaves out other inflows and outflows, and donations that name no donor", () => {
    const unnamed: LedgerEntry = { ...donation(DONOR_A, 600, 10, "1"), counterparty: null };
    const index = indexDonationsByDonor([...buildTestSnapshot().ledger.entries, unnamed]);
    const all = [...index.values()].flat();
    expect(all.every((e) => e.category === "donation" && e.counterparty !== null)).toBe(true);
    expect(all).toHaveLength(2);
  });

  it("attributes every donation exactly once, to its counterparty, in a total newest-first order", () => {
    const donors = ["0x01", "0x02", "0x03"].map((d) => `0x${d.slice(2).padStart(64, "0")}`);
    const entry = fc
      .record({
        donor: fc.constantFrom(...donors, null),
        category: fc.constantFrom("donation", "donation", "other-inflow", "payout"),
        version: fc.integer({ min: 1, max: 50 }),
        amount: fc.bigInt({ min: 1n, max: 10n ** 12n }),
      })
      .map(
        ({ donor, category, version, amount }, i = 0): LedgerEntry => ({
          ...donation(donor ?? donors[0]!, version, i, amount.toString()),
          category: category as LedgerEntry["category"],
          counterparty: donor,
        }),
      );
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 60 }), (raw) => {
        const entries = raw.map((e, i) => ({ ...e, sequence: BigInt(i) }));
        const index = indexDonationsByDonor(entries);
        const expected = entries.filter((e) => e.category === "donation" && e.counterparty !== null);
        const listed = [...index.values()].flat();
        expect(listed).toHaveLength(expected.length);
        expect(new Set(listed).size).toBe(expected.length);
        for (const [donor, list] of index) {
          expect(list.every((e) => e.counterparty === donor)).toBe(true);
          for (let i = 1; i < list.length; i++) {
            const [a, b] = [list[i - 1]!, list[i]!];
            const newer = a.version > b.version || (a.version === b.version && a.sequence > b.sequence);
            expect(newer).toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it("adds up to each donor's receipt in the committed snapshot, whose ledger starts before any donation", async () => {
    const snapshot = (await readSnapshotFolder(COMMITTED)) as Snapshot;
    const index = indexDonationsByDonor(snapshot.ledger.entries);
    expect(snapshot.donors.length).toBeGreaterThan(10);
    for (const donor of snapshot.donors) {
      const total = (index.get(donor.address) ?? []).reduce((sum, e) => sum + e.amount, 0n);
      expect(total, donor.address).toBe(donor.cumulative);
      const detail = donorDetail(snapshot, summaryOf(snapshot, donor.address), index.get(donor.address) ?? []);
      expect(detail.unlistedUnits, donor.address).toBe("0");
    }
    // Every donation in the ledger belongs to a donor with a receipt.
    const receipted = new Set(snapshot.donors.map((d) => d.address));
    expect([...index.keys()].every((address) => receipted.has(address))).toBe(true);
  });
});

describe("donorDetail", () => {
  it("gives the receipt figures, share, veto turnout and the donations of one donor", () => {
    const snapshot = buildTestSnapshot();
    const index = indexDonationsByDonor(snapshot.ledger.entries);
    const detail = donorDetail(snapshot, summaryOf(snapshot, DONOR_A), index.get(DONOR_A) ?? []);
    expect(detail.summary.cumulativeUnits).toBe("500000000");
    expect(detail.summary.share).toBe("66.62 %");
    // 500 of 750.5 LIBRA all-time: floor(500 × 10000 / 750.5) = 6662.
    expect(detail.vetoTurnoutPct).toBe("6662");
    expect(detail.vetoTurnout).toBe("66.62 %");
    expect(detail.donationCount).toBe(1);
    expect(detail.ledgerTotalUnits).toBe("500000000");
    expect(detail.unlistedUnits).toBe("0");
    expect(detail.first?.version).toBe("100");
    expect(detail.last?.version).toBe("100");
    expect(detail.rows).toEqual([
      {
        version: "100",
        versionDisplay: "100",
        sequence: "0",
        dateIso: "2025-12-29T09:21:40Z",
        day: "2025-12-29",
        epoch: "1232",
        epochDisplay: "1,232",
        amountUnits: "500000000",
        amountLibra: "500.00",
        txHash: `0x${"100".padStart(64, "0")}`,
        txHashShort: "0x00000000…00100",
      },
    ]);
    expect(detail.hiddenCount).toBe(0);
  });

  it("has no veto turnout for a donor the framework does not count", () => {
    const snapshot = buildTestSnapshot();
    const detail = donorDetail(snapshot, summaryOf(snapshot, DONOR_B), []);
    expect(detail.vetoTurnout).toBeNull();
    expect(detail.first).toBeNull();
    expect(detail.donationCount).toBe(0);
    // The receipt counts 250.5 LIBRA the (empty) list does not show.
    expect(detail.unlistedUnits).toBe("250500000");
    expect(detail.unlistedLibra).toBe("250.50");
  });

  it("shows only the newest rows beyond the limit, and counts the rest", () => {
    const snapshot = buildTestSnapshot();
    const many = Array.from({ length: DONOR_PAGE_ROW_LIMIT + 7 }, (_, i) => donation(DONOR_A, 1000 + i, i, "1"));
    const list = indexDonationsByDonor(many).get(DONOR_A) ?? [];
    const detail = donorDetail(snapshot, summaryOf(snapshot, DONOR_A), list);
    expect(detail.rows).toHaveLength(DONOR_PAGE_ROW_LIMIT);
    expect(detail.hiddenCount).toBe(7);
    expect(detail.rows[0]?.version).toBe(String(1000 + DONOR_PAGE_ROW_LIMIT + 6));
    expect(detail.first?.version).toBe("1000");
    expect(detail.donationCount).toBe(DONOR_PAGE_ROW_LIMIT + 7);
    expect(detail.ledgerTotalUnits).toBe(String(DONOR_PAGE_ROW_LIMIT + 7));
  });
});

describe("donorDonationsDownload", () => {
  it("has every donation of the donor, newest first, beyond the page's limit", () => {
    const many = Array.from({ length: DONOR_PAGE_ROW_LIMIT + 3 }, (_, i) => donation(DONOR_A, 1000 + i, i, "1500001"));
    const list = indexDonationsByDonor(many).get(DONOR_A) ?? [];
    const download = donorDonationsDownload(DONOR_A, list);
    expect(download.name).toBe(`donors/${DONOR_A}`);
    expect(download.rows).toHaveLength(DONOR_PAGE_ROW_LIMIT + 3);
    const lines = downloadCsv(download).split("\r\n");
    expect(lines[0]).toBe("version,deposit_sequence,time_utc,epoch,amount_units,amount_libra,tx_hash");
    expect(lines[1]).toBe(
      `${1000 + DONOR_PAGE_ROW_LIMIT + 2},${DONOR_PAGE_ROW_LIMIT + 2},2025-12-29T09:40:02Z,1,1500001,1.500001,0x${String(1000 + DONOR_PAGE_ROW_LIMIT + 2).padStart(64, "0")}`,
    );
  });
});
