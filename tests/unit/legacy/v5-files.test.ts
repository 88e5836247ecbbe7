import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mergeLegacy } from "../../../src/legacy/merge-legacy.ts";
import { fromV5Address, readLegacyFile, toV5Address } from "../../../src/legacy/v5-files.ts";

const FIXTURES = path.resolve(import.meta.dirname, "../../fixtures/legacy");
const EXPORT = path.join(FIXTURES, "report-2022-05-01-epoch-190.json");
const ARCHIVE = path.join(FIXTURES, "transactions.json");
const SUMMARY = path.join(FIXTURES, "summary.json");
const SIP = "0x0000000000000000000000000000000019e966bfa4b32ce9b7e23721b37b96d2";
const pad = (hex: string) => `0x${hex.padStart(64, "0")}`;

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), "ledgerlight-v5-"));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function scratch(name: string, text: string): Promise<string> {
  const file = path.join(work, name);
  await writeFile(file, text);
  return file;
}

describe("v5 addresses", () => {
  it("left-pads 16-byte addresses and refuses 32-byte ones without a v5 form", () => {
    expect(fromV5Address("19E966BFA4B32CE9B7E23721B37B96D2")).toBe(SIP);
    expect(toV5Address(SIP)).toBe("19e966bfa4b32ce9b7e23721b37b96d2");
    expect(() => toV5Address(`0x1${"0".repeat(63)}`)).toThrow(/no v5 form/);
  });
});

describe("reading a v5 state export", () => {
  it("takes the wallet's balance and every receipt whose destination is the wallet, amounts exact", async () => {
    const read = await readLegacyFile(EXPORT, { wallet: SIP });
    const sha256 = createHash("sha256")
      .update(await readFile(EXPORT))
      .digest("hex");
    const source = { file: "report-2022-05-01-epoch-190.json", sha256, kind: "state-export" };
    expect(read.source).toEqual(source);
    expect(read.itemsRead).toBe(6);
    expect(read.exports).toEqual([
      {
        epoch: "190",
        date: "2022-05-01",
        balance: "18014398509481986",
        donorCount: 3,
        // 9007199254740993 + 9007199254740992 + 1000000, beyond 2^53: exact only as bigint.
        receiptsTotal: "18014398510481985",
        source,
      },
    ]);
    expect(read.receipts.map((r) => [r.donor, r.cumulative, r.lastPaymentTimestampSecs, r.lastPaymentValue])).toEqual([
      [pad("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), "9007199254740993", "1651363200", "9007199254740993"],
      [pad("0123456789abcdef0123456789abcdef"), "9007199254740992", "1651000000", "100"],
      [pad("dddddddddddddddddddddddddddddddd"), "1000000", "1651363200", "1000000"],
    ]);
    expect(read.events).toEqual([]);
  });

  it("needs --date/--epoch when the file name does not carry them, and refuses contradicting ones", async () => {
    const copy = await scratch("export.json", await readFile(EXPORT, "utf8"));
    await expect(readLegacyFile(copy, { wallet: SIP })).rejects.toThrow(/--date YYYY-MM-DD and --epoch N/);
    const read = await readLegacyFile(copy, { wallet: SIP, date: "2022-05-01", epoch: "190" });
    expect(read.exports[0]?.epoch).toBe("190");
    await expect(readLegacyFile(EXPORT, { wallet: SIP, epoch: "191" })).rejects.toThrow(/disagree/);
  });

  it("refuses an export without the wallet (wrong address)", async () => {
    await expect(readLegacyFile(EXPORT, { wallet: pad("eeee") })).rejects.toThrow(
      /has no account 0000000000000000000000000000eeee: wrong address/,
    );
  });

  it("refuses a truncated export, naming the position", async () => {
    const text = await readFile(EXPORT, "utf8");
    const cut = await scratch("report-2022-05-01-epoch-190.json", text.slice(0, 700));
    await expect(readLegacyFile(cut, { wallet: SIP })).rejects.toThrow(
      /report-2022-05-01-epoch-190\.json is not complete JSON: unexpected end of input \(truncated\?\) at line \d+, column \d+ \(offset 700\)/,
    );
  });

  it("refuses files that are not exports, naming the record and field", async () => {
    const other = await scratch("other.json", '[{"name":"x"}]');
    await expect(readLegacyFile(other, { wallet: SIP })).rejects.toThrow(/other\.json is not a v5 state export/);
    const empty = await scratch("empty.json", "[]");
    await expect(readLegacyFile(empty, { wallet: SIP })).rejects.toThrow(/empty JSON array/);
    const floatCoin = await scratch(
      "report-2022-01-01-epoch-1.json",
      '[{"account":"19e966bfa4b32ce9b7e23721b37b96d2","balance":{"coin":1.5}}]',
    );
    await expect(readLegacyFile(floatCoin, { wallet: SIP })).rejects.toThrow(/account \[0\].*balance\.coin/s);
    const ragged = await scratch(
      "report-2022-01-01-epoch-2.json",
      '[{"account":"19e966bfa4b32ce9b7e23721b37b96d2","balance":{"coin":1},"receipts":{"destination":["aa"],"cumulative":[],"last_payment_timestamp":[],"last_payment_value":[]}}]',
    );
    await expect(readLegacyFile(ragged, { wallet: SIP })).rejects.toThrow(/receipts\.destination\[0\]/);
  });
});

describe("reading a v5 transaction archive", () => {
  it("finds the creation (with its onboarding coin), the community-wallet flag and community transfers", async () => {
    const read = await readLegacyFile(ARCHIVE, { wallet: SIP });
    expect(read.source.kind).toBe("transaction-archive");
    expect(read.exports).toEqual([]);
    expect(read.events.map(({ source: _s, ...e }) => e)).toEqual([
      {
        kind: "created",
        version: "10134",
        timestampUsec: "1635361491123182",
        sender: pad("ecaf65add1b785b0495e3099f4045ec0"),
        function: "AccountScripts::create_user_by_coin_tx",
        amount: "1000000",
        // Sent by the creator, who paid its fee: nothing came out of the wallet.
        feePaidByWallet: null,
      },
      {
        kind: "community-wallet-flag",
        version: "10332",
        timestampUsec: "1635361741760067",
        sender: SIP,
        function: "WalletScripts::set_wallet_type",
        amount: null,
        // 60 gas at price 1, from the wallet's own balance (as on the real chain).
        feePaidByWallet: "60",
      },
      {
        kind: "community-transfer",
        version: "10400",
        timestampUsec: "1635362000000001",
        sender: SIP,
        function: "TransferScripts::community_transfer",
        amount: null,
        feePaidByWallet: "80",
      },
    ]);
  });
});

describe("reading the derived receipts summary", () => {
  it("gives one export per snapshot, marked derived, and checks its own totals", async () => {
    const read = await readLegacyFile(SUMMARY, { wallet: SIP });
    expect(read.source.kind).toBe("derived-summary");
    expect(read.exports.map((e) => [e.epoch, e.date, e.balance, e.donorCount, e.receiptsTotal])).toEqual([
      ["190", "2022-05-01", "18014398509481986", 3, "18014398510481985"],
      ["221", "2022-06-01", "3000000", 1, "2000000"],
    ]);
    expect(read.receipts).toHaveLength(4);
    await expect(readLegacyFile(SUMMARY, { wallet: pad("eeee") })).rejects.toThrow(/not for account/);
    const wrongSum = await scratch(
      "bad-summary.json",
      (await readFile(SUMMARY, "utf8")).replace('"sum_cumulative": "2000000"', '"sum_cumulative": "2000001"'),
    );
    await expect(readLegacyFile(wrongSum, { wallet: SIP })).rejects.toThrow(/epoch 221.*do not match/);
  });
});

describe("merging imports", () => {
  it("keeps the original export over a derived summary that agrees, and adds the summary's other epochs", async () => {
    const fromExport = await readLegacyFile(EXPORT, { wallet: SIP });
    const fromSummary = await readLegacyFile(SUMMARY, { wallet: SIP });
    const empty = { exports: [], receipts: [], events: [] };
    const a = mergeLegacy(mergeLegacy(empty, fromExport), fromSummary);
    const b = mergeLegacy(mergeLegacy(empty, fromSummary), fromExport);
    expect(a).toEqual(b);
    expect(a.exports.map((e) => [e.epoch, e.source.kind])).toEqual([
      ["190", "state-export"],
      ["221", "derived-summary"],
    ]);
    expect(a.receipts.filter((r) => r.epoch === "190").every((r) => r.source.kind === "state-export")).toBe(true);
    // Sorted by epoch, then donor.
    expect(a.receipts.map((r) => `${r.epoch}/${r.donor.slice(-4)}`)).toEqual([
      "190/cdef",
      "190/aaaa",
      "190/dddd",
      "221/dddd",
    ]);
  });

  it("refuses a second file that claims the same epoch with other figures, naming both", async () => {
    const fromExport = await readLegacyFile(EXPORT, { wallet: SIP });
    const changed = await scratch(
      "report-2022-05-01-epoch-190.json",
      (await readFile(EXPORT, "utf8")).replace("18014398509481986", "18014398509481987"),
    );
    const other = await readLegacyFile(changed, { wallet: SIP });
    const summary = await readLegacyFile(SUMMARY, { wallet: SIP });
    const base = mergeLegacy({ exports: [], receipts: [], events: [] }, summary);
    expect(() => mergeLegacy(base, other)).toThrow(
      /Epoch 190: report-2022-05-01-epoch-190\.json \(state-export.*disagrees with summary\.json \(derived-summary/,
    );
    // The same file re-imported replaces its own records: same result.
    const once = mergeLegacy({ exports: [], receipts: [], events: [] }, fromExport);
    expect(mergeLegacy(once, fromExport)).toEqual(once);
  });
});
