import { describe, expect, it } from "vitest";
import { WALLET_CSV_HEADER, walletsCsv, walletsJson } from "../../../../src/lib/state/wallet-downloads.ts";
import { nameDirectory, walletRows } from "../../../../src/lib/state/wallet-rows.ts";
import { parseCsv } from "../../../support/site/parse-csv.ts";
import {
  BIG_BALANCE,
  HOSTILE_NAME,
  STATE_EXPORTS,
  STATE_HISTORIES,
  STATE_NAMES,
  STATE_WALLET_A,
  STATE_WALLET_C,
} from "../../../support/state-fixture.ts";

const latest = STATE_EXPORTS[1];
if (latest === undefined) throw new Error("fixture has two exports");
const rows = walletRows(STATE_HISTORIES, latest, nameDirectory(STATE_NAMES));

describe("walletsCsv", () => {
  it("has one record per wallet in exact base units, digits only, names as text", () => {
    const [header, ...records] = parseCsv(walletsCsv(rows, latest));
    expect(header).toEqual([...WALLET_CSV_HEADER]);
    expect(records).toHaveLength(5);
    const a = records.find((record) => record[0] === STATE_WALLET_A);
    expect(a).toEqual([
      STATE_WALLET_A,
      "Alpha Program",
      "LIBRA",
      BIG_BALANCE.toString(),
      (BIG_BALANCE + 15_000_000n).toString(),
      "15000000",
      "2",
      "2",
      "15000000",
      "agrees",
      "0",
      "v6-epoch-79",
      "0",
    ]);
    // An unnamed wallet has an empty name; a hostile name stays text (no formula, no markup interpreted).
    expect(records.find((record) => record[0] === STATE_WALLET_C)?.[1]).toBe("");
    expect(records.some((record) => record[1] === HOSTILE_NAME)).toBe(true);
    expect(records.find((record) => record[9] === "differs" && record[10]?.startsWith("-"))?.[10]).toBe("-40000000");
  });
});

describe("walletsJson", () => {
  it("writes amounts as decimal strings, says the data is real and names the export", () => {
    const json = JSON.parse(walletsJson(rows, latest));
    expect(json.data).toBe("real");
    expect(json.export.id).toBe("v6-epoch-79");
    expect(json.wallets).toHaveLength(5);
    expect(json.wallets.find((item: { address: string }) => item.address === STATE_WALLET_A)).toMatchObject({
      address: STATE_WALLET_A,
      balance: BIG_BALANCE.toString(),
      check: "agrees",
    });
  });
});
