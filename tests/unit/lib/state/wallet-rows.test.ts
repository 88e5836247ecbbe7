import { describe, expect, it } from "vitest";
import {
  balanceShare,
  latestExport,
  nameDirectory,
  SORT_ORDERS,
  sortRows,
  walletRows,
  walletTotals,
} from "../../../../src/lib/state/wallet-rows.ts";
import {
  BIG_BALANCE,
  HOSTILE_NAME,
  STATE_EXPORTS,
  STATE_HISTORIES,
  STATE_NAMES,
  STATE_WALLET_A,
  STATE_WALLET_B,
  STATE_WALLET_C,
  STATE_WALLET_D,
  STATE_WALLET_E,
} from "../../../support/state-fixture.ts";

const latest = STATE_EXPORTS[1];
if (latest === undefined) throw new Error("fixture has two exports");
const names = nameDirectory(STATE_NAMES);
const rows = walletRows(STATE_HISTORIES, latest, names);
const byAddress = new Map(rows.map((row) => [row.address, row]));

describe("nameDirectory", () => {
  it("prefers the explorer's metadata to a forensic label, and keeps a label when it is the only name", () => {
    expect(names.get(STATE_WALLET_A)?.name).toBe("Alpha Program");
    expect(names.get(STATE_WALLET_B)?.name).toBe(HOSTILE_NAME);
    expect(names.has(STATE_WALLET_C)).toBe(false);
  });
  it("does not depend on the order of names.json", () => {
    expect(nameDirectory([...STATE_NAMES].reverse()).get(STATE_WALLET_A)?.name).toBe("Alpha Program");
  });
});

describe("walletRows", () => {
  it("has one row per wallet with a state in the export, none from other exports", () => {
    expect(rows.map((row) => row.address)).toEqual([
      STATE_WALLET_C,
      STATE_WALLET_A,
      STATE_WALLET_B,
      STATE_WALLET_D,
      STATE_WALLET_E,
    ]);
    const v5 = STATE_EXPORTS[0];
    if (v5 === undefined) throw new Error("fixture has a v5 export");
    expect(walletRows(STATE_HISTORIES, v5, names).map((row) => row.address)).toEqual([STATE_WALLET_A]);
    expect(latestExport(STATE_EXPORTS)?.id).toBe("v6-epoch-79");
    expect(latestExport([])).toBeNull();
  });

  it("keeps amounts above 2^53 exact and derives paid out as received − balance", () => {
    const a = byAddress.get(STATE_WALLET_A);
    expect(a?.balance).toBe(BIG_BALANCE);
    expect(a?.received).toBe(BIG_BALANCE + 15_000_000n);
    expect(a?.paidOut).toBe(15_000_000n);
    expect(a?.paymentsRecorded).toBe(15_000_000n);
    expect(a?.donors).toBe(2);
    expect(a?.paymentCount).toBe(2);
  });

  it("names unnamed wallets by their short address and says they are unnamed", () => {
    expect(byAddress.get(STATE_WALLET_C)).toMatchObject({ name: "0x19e966bfa4b32ce9b7e23721b37b96d2", named: false });
  });

  it("carries each wallet's consistency check from the rule", () => {
    expect(
      rows.map((row) => [row.verdict.kind, row.verdict.kind === "cannot-tell" ? null : row.verdict.difference]),
    ).toEqual([
      ["agrees", 0n],
      ["agrees", 0n],
      ["differs", 100n],
      ["differs", -40_000_000n],
      ["agrees", 2n],
    ]);
  });
});

describe("walletTotals", () => {
  it("adds every row to the base unit and counts the outcomes", () => {
    const totals = walletTotals(rows);
    const sum = (pick: (row: (typeof rows)[number]) => bigint | null) =>
      rows.reduce((total, row) => total + (pick(row) ?? 0n), 0n);
    expect(totals.walletCount).toBe(5);
    expect(totals.balance).toBe(sum((row) => row.balance));
    expect(totals.balance).toBe(BIG_BALANCE + 5_000_000n + 100_000_000n + 1_000_000n);
    expect(totals.received).toBe(sum((row) => row.received));
    expect(totals.paidOut).toBe(sum((row) => row.paidOut));
    expect(totals.paymentsRecorded).toBe(sum((row) => row.paymentsRecorded));
    expect(totals.paymentCount).toBe(5);
    expect([totals.addsUp, totals.differs, totals.notCheckable]).toEqual([3, 2, 0]);
    expect(totals.receivedCount).toBe(5);
  });

  it("sums received only over wallets whose export records it", () => {
    const v5 = STATE_EXPORTS[0];
    if (v5 === undefined) throw new Error("fixture has a v5 export");
    const totals = walletTotals(walletRows(STATE_HISTORIES, v5, names));
    expect([totals.received, totals.receivedCount, totals.notCheckable]).toEqual([0n, 0, 1]);
  });
});

describe("balanceShare", () => {
  it("rounds down to hundredths of a percent", () => {
    expect(balanceShare(1n, 3n)).toBe("33.33 %");
    expect(balanceShare(2n, 3n)).toBe("66.66 %");
    expect(balanceShare(3n, 3n)).toBe("100.00 %");
    expect(balanceShare(9_999n, 100_000_000n)).toBe("< 0.01 %");
    expect(balanceShare(10_000n, 100_000_000n)).toBe("0.01 %");
  });
  it("shows a wallet holding nothing as 0.00 % and a share of nothing as a dash", () => {
    expect(balanceShare(0n, 10n)).toBe("0.00 %");
    expect(balanceShare(0n, 0n)).toBe("–");
  });
  it("is exact above 2^53", () => {
    expect(balanceShare(2n ** 62n, 2n ** 64n)).toBe("25.00 %");
    expect(balanceShare(2n ** 62n - 1n, 2n ** 64n)).toBe("24.99 %");
  });
});

describe("sortRows", () => {
  const order = (sort: (typeof SORT_ORDERS)[number]) => sortRows(rows, sort).map((row) => row.address);

  it("sorts by balance, received and difference, largest first, ties by address", () => {
    expect(order("balance")).toEqual([STATE_WALLET_A, STATE_WALLET_D, STATE_WALLET_B, STATE_WALLET_E, STATE_WALLET_C]);
    expect(order("received")).toEqual([STATE_WALLET_A, STATE_WALLET_D, STATE_WALLET_E, STATE_WALLET_B, STATE_WALLET_C]);
    // Differing wallets first by |difference| (40 LIBRA, then 100 units), then agreeing ones by their rounding.
    expect(order("difference")).toEqual([
      STATE_WALLET_D,
      STATE_WALLET_B,
      STATE_WALLET_E,
      STATE_WALLET_C,
      STATE_WALLET_A,
    ]);
  });

  it("sorts named wallets by name (case-insensitively), then unnamed ones by address", () => {
    expect(order("name")).toEqual([STATE_WALLET_B, STATE_WALLET_A, STATE_WALLET_C, STATE_WALLET_D, STATE_WALLET_E]);
  });

  it("gives every order the same rows, and leaves its input alone", () => {
    const before = rows.map((row) => row.address);
    for (const sort of SORT_ORDERS) expect([...order(sort)].sort()).toEqual([...before].sort());
    expect(rows.map((row) => row.address)).toEqual(before);
  });
});
