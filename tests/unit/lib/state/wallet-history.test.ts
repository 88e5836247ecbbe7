import { describe, expect, it } from "vitest";
import {
  communityWalletHref,
  exportDescription,
  sortPageHref,
  stateFileHref,
} from "../../../../src/lib/state/export-note.ts";
import {
  latestState,
  walletHistoryRows,
  walletPaymentRows,
  walletScheduleRows,
} from "../../../../src/lib/state/wallet-history.ts";
import {
  BIG_BALANCE,
  HOSTILE_DESCRIPTION,
  STATE_EXPORTS,
  STATE_HISTORIES,
  STATE_WALLET_A,
} from "../../../support/state-fixture.ts";

const alpha = STATE_HISTORIES.find((history) => history.address === STATE_WALLET_A);
if (alpha === undefined) throw new Error("fixture has wallet A");

describe("walletHistoryRows", () => {
  it("lists every export the wallet is in, oldest first, each in its own unit, with its provenance", () => {
    const rows = walletHistoryRows({ ...alpha, states: [...alpha.states].reverse() }, STATE_EXPORTS);
    expect(rows.map((row) => [row.provenance.exportId, row.unit, row.balance])).toEqual([
      ["v5-epoch-68", "GAS", 11_274_089_306_399n],
      ["v6-epoch-79", "LIBRA", BIG_BALANCE],
    ]);
    expect(rows[0]).toMatchObject({ received: null, donors: 2, verdict: { kind: "cannot-tell" } });
    expect(rows[1]?.provenance).toEqual({
      exportId: "v6-epoch-79",
      file: "comm_wallets-v6-epoch79.json",
      sha256: STATE_EXPORTS[1]?.sha256,
      record: 0,
      epoch: "79",
      ledgerVersion: "33217173",
      date: "2024-03-13",
      dating: "the end of epoch 79",
    });
  });

  it("refuses a state whose export is not listed", () => {
    expect(() => walletHistoryRows(alpha, STATE_EXPORTS.slice(1))).toThrow(/export v5-epoch-68, which is not listed/);
  });
});

describe("latestState", () => {
  it("is the wallet's state in the latest export it appears in", () => {
    expect(latestState(alpha, STATE_EXPORTS)?.from.id).toBe("v6-epoch-79");
    expect(latestState({ address: STATE_WALLET_A, states: [] }, STATE_EXPORTS)).toBeNull();
  });
});

describe("walletPaymentRows", () => {
  it("lists payments largest first with the last payment's UTC time, none for a zero time", () => {
    const rows = walletPaymentRows([
      { destination: `0x${"1".repeat(64)}`, cumulative: "5", lastPaymentTimestampSecs: "0", lastPaymentValue: "5" },
      {
        destination: `0x${"2".repeat(64)}`,
        cumulative: "18446744073709551615",
        lastPaymentTimestampSecs: "1700000000",
        lastPaymentValue: "3",
      },
    ]);
    expect(rows.map((row) => [row.cumulative, row.lastPaymentIso, row.lastPaymentDate])).toEqual([
      [18_446_744_073_709_551_615n, "2023-11-14T22:13:20Z", "14 Nov 2023, 22:13 UTC"],
      [5n, null, null],
    ]);
  });
});

describe("walletScheduleRows", () => {
  it("lists scheduled, then stopped, then paid, by uid, keeping descriptions as given", () => {
    const latest = alpha.states[1];
    const rows = walletScheduleRows(latest?.schedule ?? null);
    expect(rows.map((row) => [row.list, row.uid, row.description])).toEqual([
      ["scheduled", 3n, HOSTILE_DESCRIPTION],
      ["paid", 1n, "first grant"],
    ]);
    expect(walletScheduleRows(null)).toEqual([]);
  });
});

describe("export note and links", () => {
  it("says where and when the state was exported, in the site's own formatting", () => {
    expect(exportDescription(STATE_EXPORTS[1] as (typeof STATE_EXPORTS)[number])).toBe(
      "state exported from the 0L chain at v6 epoch 79 (ledger version 33,217,173, 13 Mar 2024)",
    );
    expect(exportDescription(STATE_EXPORTS[0] as (typeof STATE_EXPORTS)[number])).toBe(
      "state exported from the 0L chain at v5 epoch 68 (2 Jan 2022)",
    );
  });
  it("gives stable permalinks", () => {
    expect(communityWalletHref(STATE_WALLET_A)).toBe(`/community-wallets/${STATE_WALLET_A}/`);
    expect(sortPageHref("name")).toBe("/community-wallets/by/name/");
    expect(stateFileHref("exports.json")).toBe("/data/state/exports.json");
  });
});
