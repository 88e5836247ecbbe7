import { describe, expect, it } from "vitest";
import {
  latestLegacyExport,
  legacyAddress,
  legacyDonorRows,
  legacyExportRows,
  legacyReconciliation,
  legacyTimeline,
  rebaseGas,
} from "../../../../src/lib/figures/legacy-figures.ts";
import { U64_MAX } from "../../../../src/lib/money.ts";
import { formatGasChange, perMille } from "../../../../src/lib/views/legacy-page.ts";
import type { LegacyEvent, LegacyExport, LegacyReceipt } from "../../../../src/schemas/legacy.ts";

const source = { file: "state.json", sha256: "0".repeat(64), kind: "state-export" as const };
const donor = (digit: string) => `0x${"0".repeat(32)}${digit.repeat(32)}`;
const exported = (epoch: string, date: string, balance: string, donorCount: number, receiptsTotal: string) =>
  ({ epoch, date, balance, donorCount, receiptsTotal, source }) satisfies LegacyExport;
const receipt = (epoch: string, who: string, cumulative: string) =>
  ({
    epoch,
    donor: who,
    cumulative,
    lastPaymentTimestampSecs: "1640000000",
    lastPaymentValue: "5",
    source,
  }) satisfies LegacyReceipt;
const event = (
  kind: LegacyEvent["kind"],
  version: string,
  timestampUsec: string,
  amount: string | null,
  feePaidByWallet: string | null = null,
) =>
  ({
    kind,
    version,
    timestampUsec,
    sender: donor("7"),
    function: "M::f",
    amount,
    feePaidByWallet,
    source,
  }) satisfies LegacyEvent;

// Epochs out of order and 10 < 9 as strings: ordering must be numeric.
const EXPORTS = [
  exported("10", "2022-01-02", "3000001", 2, "3000000"),
  exported("9", "2022-01-01", "1000001", 1, "1000000"),
];
const RECEIPTS = [
  receipt("9", donor("a"), "1000000"),
  receipt("10", donor("b"), "1000000"),
  receipt("10", donor("a"), "2000000"),
];
const EVENTS = [
  event("community-wallet-flag", "10332", "1635362000000000", null),
  event("created", "10134", "1635361491000000", "1000000"),
];

describe("legacy export rows (growth)", () => {
  it("orders exports by epoch as numbers and gives each its change since the previous one", () => {
    const rows = legacyExportRows(EXPORTS);
    expect(rows.map((row) => [row.epoch, row.balance, row.balanceChange])).toEqual([
      ["9", 1_000_001n, null],
      ["10", 3_000_001n, 2_000_000n],
    ]);
    expect(latestLegacyExport(EXPORTS)?.epoch).toBe("10");
    expect(latestLegacyExport([])).toBeNull();
  });

  it("keeps a fall in balance negative and exact", () => {
    const rows = legacyExportRows([
      exported("1", "2022-01-01", U64_MAX.toString(), 0, "0"),
      exported("2", "2022-01-02", "0", 0, "0"),
    ]);
    expect(rows[1]?.balanceChange).toBe(-U64_MAX);
    expect(formatGasChange(-1_500_000n)).toBe("\u22121.50");
    expect(formatGasChange(1n)).toBe("+0.000001");
  });
});

describe("legacy donor rows", () => {
  it("lists one export's donors largest first with a running total and floored shares", () => {
    const rows = legacyDonorRows(RECEIPTS, "10");
    expect(rows.map((row) => [row.rank, row.donor, row.cumulative, row.runningTotal, row.shareHundredths])).toEqual([
      [1, donor("a"), 2_000_000n, 2_000_000n, 6666n],
      [2, donor("b"), 1_000_000n, 3_000_000n, 3333n],
    ]);
  });

  it("breaks ties by address and gives no share of an empty total", () => {
    const rows = legacyDonorRows([receipt("1", donor("b"), "0"), receipt("1", donor("a"), "0")], "1");
    expect(rows.map((row) => [row.donor, row.shareHundredths])).toEqual([
      [donor("a"), 0n],
      [donor("b"), 0n],
    ]);
  });
});

describe("legacy reconciliation", () => {
  it("explains balance − Σ receipts by the 1 GAS onboarding coin of the created event", () => {
    const books = legacyReconciliation(EXPORTS[0] as LegacyExport, RECEIPTS, EVENTS);
    expect(books).toMatchObject({
      epoch: "10",
      balance: 3_000_001n,
      receiptsSum: 3_000_000n,
      receiptsTotal: 3_000_000n,
      difference: 1n,
      onboarding: 1_000_000n,
      explained: false,
    });
  });

  it("is explained only when the difference is exactly the onboarding coin", () => {
    const latest = exported("10", "2022-01-02", "4000000", 2, "3000000");
    expect(legacyReconciliation(latest, RECEIPTS, EVENTS)).toMatchObject({ difference: 1_000_000n, explained: true });
    expect(legacyReconciliation(latest, RECEIPTS, [])).toMatchObject({ onboarding: null, explained: false });
    const short = exported("10", "2022-01-02", "2000000", 2, "3000000");
    expect(legacyReconciliation(short, RECEIPTS, EVENTS).difference).toBe(-1_000_000n);
  });

  it("counts the fees the wallet paid for its own transactions up to the export's day, as the real SIP's books need", () => {
    // The real wallet: 1 GAS onboarding, then 60 units of gas for its set_wallet_type: 999,940 units unreceipted.
    const latest = exported("10", "2022-01-02", "3999940", 2, "3000000");
    const paid = [...EVENTS, event("community-wallet-flag", "10332", "1635361741760067", null, "60")];
    expect(legacyReconciliation(latest, RECEIPTS, paid)).toMatchObject({
      difference: 999_940n,
      feesPaid: 60n,
      feeTransactions: 1,
      explained: true,
    });
    // Without the fee the same export is not explained; a fee paid after the export's day does not count.
    expect(legacyReconciliation(latest, RECEIPTS, EVENTS).explained).toBe(false);
    const later = [...EVENTS, event("other", "99999", "1641168000000000", null, "60")];
    expect(legacyReconciliation(latest, RECEIPTS, later)).toMatchObject({ feesPaid: 0n, explained: false });
  });
});

describe("legacy timeline", () => {
  it("puts events by version and exports by day in one list, events first on the same day", () => {
    const items = legacyTimeline(EVENTS, [...EXPORTS, exported("1", "2021-10-27", "1000000", 0, "0")]);
    expect(items.map((item) => (item.type === "event" ? item.event.version : `epoch ${item.epoch}`))).toEqual([
      "10134",
      "10332",
      "epoch 1",
      "epoch 9",
      "epoch 10",
    ]);
    expect(items[0]?.day).toBe("2021-10-27");
  });
});

describe("legacy addresses and the rebase", () => {
  it("prints a left-padded address as v5's 32 lower-case hex digits, and refuses other forms", () => {
    expect(legacyAddress("0x0000000000000000000000000000000019e966bfa4b32ce9b7e23721b37b96d2")).toBe(
      "19e966bfa4b32ce9b7e23721b37b96d2",
    );
    expect(legacyAddress(`0x${"a".repeat(64)}`)).toBeNull();
    expect(() => legacyAddress("0x19e966bfa4b32ce9b7e23721b37b96d2")).toThrow(RangeError);
  });

  it("converts GAS to LIBRA exactly with the stated factor, rounding down to the base unit", () => {
    expect(rebaseGas(1_000_001n, { numerator: "1", denominator: "3" })).toBe(333_333n);
    expect(rebaseGas(U64_MAX, { numerator: "35", denominator: "1" })).toBe(U64_MAX * 35n);
    expect(() => rebaseGas(1n, { numerator: "1", denominator: "0" })).toThrow(RangeError);
  });

  it("draws growth bars in thousandths of the largest balance", () => {
    expect(perMille(1_000_001n, 3_000_001n)).toBe(333n);
    expect(perMille(5n, 0n)).toBe(0n);
  });
});
