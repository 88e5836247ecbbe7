import { describe, expect, it } from "vitest";
import {
  eventSource,
  feeRecords,
  ledgerBalanceRecord,
  ledgerCount,
  ledgerSum,
  paymentVersions,
  periodCondition,
  recordSource,
  selectRecords,
  snapshotFileHref,
  sourceAttributes,
  sourceTitle,
  transferSource,
} from "../../../../src/lib/figures/figure-source.ts";

const real = { meta: { ledgerVersion: 1813n, simulated: false } };
const simulated = { meta: { ledgerVersion: 1813n, simulated: true } };
const explorer = { transaction: "https://scan.example/tx/{version}", account: "https://scan.example/a/{address}" };

describe("figure sources", () => {
  it("point a figure read from a file at that file as the site serves it, at the snapshot's ledger version", () => {
    expect(recordSource(real, "wallet.json", "balance.coinStoreValue")).toEqual({
      file: "wallet.json",
      record: "balance.coinStoreValue",
      ledgerVersion: "1813",
      href: "/data/snapshot/wallet.json",
    });
    expect(snapshotFileHref("ledger.json")).toBe("/data/snapshot/ledger.json");
    expect(recordSource(real, "transfers.json", "count([*])", "/transfers/").href).toBe("/transfers/");
  });

  it("name sums and counts over records in one notation", () => {
    expect(ledgerSum(["category=donation", ...periodCondition("timestampUsec", "2025-Q3")])).toBe(
      "sum(entries[category=donation, timestampUsec in 2025-Q3 (UTC)].amount)",
    );
    expect(ledgerCount([])).toBe("count(entries[*])");
    expect(periodCondition("timestampUsec", "all")).toEqual([]);
    expect(selectRecords({ aggregate: "count", collection: "", where: ["status=paid"] })).toBe("count([status=paid])");
    expect(selectRecords({ aggregate: "sum", collection: "", where: [], field: "amount" })).toBe("sum([*].amount)");
    expect(() => selectRecords({ aggregate: "sum", collection: "entries", where: [] })).toThrow(/needs the field/);
  });

  it("name a quarter's awards, fees and allowance by the fee rule", () => {
    expect(feeRecords("2025-Q3", "400")).toEqual({
      awards: "sum(entries[category=payout|advance, payee is not a steward, timestampUsec in 2025-Q3 (UTC)].amount)",
      fees: "sum(entries[category=payout|advance, payee is a steward, charged to 2025-Q3 (UTC) by the fee rule].amount)",
      allowance:
        "floor(sum(entries[category=payout|advance, payee is not a steward, timestampUsec in 2025-Q3 (UTC)].amount) × 400 / 10000)",
    });
    expect(feeRecords("all", "250").fees).toBe("sum(entries[category=payout|advance, payee is a steward].amount)");
    expect(ledgerBalanceRecord("all", "start")).toBe("opening.amount");
    expect(ledgerBalanceRecord("2025-07")).toBe(
      "opening.amount + sum(entries[stream=deposit, timestampUsec before end of 2025-07 (UTC)].amount) \u2212 sum(entries[stream=withdraw, timestampUsec before end of 2025-07 (UTC)].amount)",
    );
  });

  it("give a single on-chain event its transaction version, and an explorer link only for real data", () => {
    expect(eventSource(real, "transfers.json", "[uid=23]", "1500", "/transfers/23/", explorer)).toEqual({
      file: "transfers.json",
      record: "[uid=23]",
      ledgerVersion: "1813",
      txVersion: "1500",
      href: "/transfers/23/",
      explorerHref: "https://scan.example/tx/1500",
    });
    const fake = eventSource(simulated, "transfers.json", "[uid=23]", "1500", "/transfers/23/", explorer);
    expect(fake.txVersion).toBe("1500");
    expect(fake).not.toHaveProperty("explorerHref");
    expect(eventSource(real, "transfers.json", "[uid=23]", "1500", "/transfers/23/")).not.toHaveProperty(
      "explorerHref",
    );
    expect(() => eventSource(real, "ledger.json", "x", "15e2", "/")).toThrow(/not a transaction version/);
  });

  it("make a cited transfer an event once paid, a record before", () => {
    const entries = [
      { category: "donation", transferUid: null, version: 10n },
      { category: "payout", transferUid: 23n, version: 1500n },
      { category: "payout", transferUid: 23n, version: 1600n },
      { category: "other-outflow", transferUid: 24n, version: 1700n },
    ];
    const versions = paymentVersions(entries);
    expect([...versions]).toEqual([[23n, 1500n]]);
    expect(transferSource(real, 23n, versions.get(23n), explorer)).toMatchObject({
      txVersion: "1500",
      explorerHref: "https://scan.example/tx/1500",
      href: "/transfers/23/",
    });
    const pending = transferSource(real, 24n, versions.get(24n), explorer);
    expect(pending).toEqual({
      file: "transfers.json",
      record: "[uid=24]",
      ledgerVersion: "1813",
      href: "/transfers/24/",
    });
  });

  it("render as data attributes and a title, event fields only for events", () => {
    const state = recordSource(real, "wallet.json", "balance.coinStoreValue");
    expect(sourceAttributes(state)).toEqual({
      "data-source-file": "wallet.json",
      "data-source-record": "balance.coinStoreValue",
      "data-ledger-version": "1813",
    });
    expect(sourceTitle(state)).toBe("Source: wallet.json, balance.coinStoreValue, snapshot at ledger version 1813");
    const event = eventSource(real, "transfers.json", "[uid=23]", "1500", "/transfers/23/", explorer);
    expect(sourceAttributes(event)).toMatchObject({
      "data-tx-version": "1500",
      "data-explorer-href": "https://scan.example/tx/1500",
    });
    expect(sourceTitle(event)).toBe(
      "Source: transfers.json, [uid=23], snapshot at ledger version 1813, transaction version 1500",
    );
  });
});
