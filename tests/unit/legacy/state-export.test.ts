import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SnapshotRefusedError, ValidationError } from "../../../src/errors.ts";
import { mergeStateExport, mergeWalletNames } from "../../../src/legacy/merge-state.ts";
import { decodeDescriptionBytes, readStateExport } from "../../../src/legacy/state-export.ts";
import { readWalletNames } from "../../../src/legacy/wallet-names.ts";
import { EMPTY_STATE } from "../../../src/store/state-folder.ts";

/**
 * The state export reader on small hand-made files of both shapes: libra-framework's objects written one after
 * another (v6, LIBRA) and a v5 monthly export (a JSON array, GAS, the registry in account 0x0).
 */

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), "ledgerlight-state-export-"));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function file(name: string, text: string | Buffer): Promise<string> {
  const at = path.join(work, name);
  await writeFile(at, text);
  return at;
}

const W1 = `${"0".repeat(32)}${"a1".repeat(16)}`;
const W2 = `${"0".repeat(32)}${"b2".repeat(16)}`;
const PLAIN = `${"0".repeat(32)}${"c3".repeat(16)}`;
const MAX = "18446744073709551615"; // 2^64 − 1
const ABOVE_2_53 = "9007199254740993";

/** Hostile description bytes: markup, a NUL, a lone 0xff (not UTF-8), then "ok". */
const HOSTILE = [...Buffer.from("<script>alert(1)</script>"), 0, 0xff, 0x6f, 0x6b];

function v6Wallet(account: string, extra: string): string {
  return `{
  "account": "${account}",
  "balance": { "coin": ${MAX} },
  "comm_wallet": { "list": [] },
  "receipts": null,
  "cumulative_deposits": null,
  "tx_schedule": null${extra}
}`;
}

const V6 = [
  v6Wallet(W1, "").replace(
    '"cumulative_deposits": null',
    `"cumulative_deposits": { "value": ${ABOVE_2_53}, "index": 5, "depositors": ["${PLAIN}"] }`,
  ),
  `{ "account": "${PLAIN}", "balance": { "coin": 1 }, "comm_wallet": null, "tx_schedule": null }`,
  v6Wallet(W2, "")
    .replace('"comm_wallet": { "list": [] }', '"comm_wallet": null')
    .replace(
      '"receipts": null',
      `"receipts": { "destination": ["${PLAIN}"], "cumulative": [${ABOVE_2_53}], "last_payment_timestamp": [1686282676], "last_payment_value": [7] }`,
    )
    .replace(
      '"tx_schedule": null',
      `"tx_schedule": { "scheduled": [{ "uid": { "creation_num": 3, "addr": "${W2}" }, "deadline": 81, "tx": { "payee": "${PLAIN}", "value": ${ABOVE_2_53}, "description": [${HOSTILE.join(",")}] }, "epoch_latest_veto_received": 0 }], "veto": [], "paid": [], "guid_capability": { "addr": "${W2}" } }`,
    ),
].join("\n");

const V5_W1 = "a1".repeat(16);
const V5_W2 = "b2".repeat(16);
const V5_DONOR = "d4".repeat(16);
const V5 = JSON.stringify([
  { account: V5_W1, balance: { coin: 0 } },
  {
    account: V5_DONOR,
    balance: { coin: 5 },
    receipts: {
      destination: [V5_W1, V5_W2],
      cumulative: [0, 0],
      last_payment_timestamp: [1, 2],
      last_payment_value: [0, 0],
    },
  },
  { account: V5_W2.toUpperCase(), balance: { coin: 0 } },
  { account: "00000000000000000000000000000000", comm_wallet: { list: [V5_W1, V5_W2] } },
])
  // Amounts above 2^53 that JSON.stringify could not write exactly.
  .replace('"balance":{"coin":0}', `"balance":{"coin":${MAX}}`)
  .replace('"cumulative":[0,0]', `"cumulative":[${ABOVE_2_53},${ABOVE_2_53}]`);

const DATING = { date: "2024-03-13", ledgerVersion: "33217173" };

describe("readStateExport: libra-framework's export (objects one after another)", () => {
  it("reads every account with comm_wallet or tx_schedule, amounts exact beyond 2^53, with provenance", async () => {
    const read = await readStateExport(await file("comm_wallets-v6-epoch79.json", V6), DATING);
    expect(read.export).toEqual({
      id: "v6-epoch-79",
      era: "v6",
      unit: "LIBRA",
      epoch: "79",
      ledgerVersion: "33217173",
      date: "2024-03-13",
      file: "comm_wallets-v6-epoch79.json",
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      format: "concatenated-objects",
      accountsRead: 3,
      walletCount: 2,
      dating: "epoch from the file name; date, ledger version given to the importer.",
    });
    expect(read.wallets.map((w) => w.address)).toEqual([`0x${W1}`, `0x${W2}`]);
    const [first, second] = read.wallets.map((w) => w.states[0]);
    expect(first).toMatchObject({
      export: "v6-epoch-79",
      record: 0,
      balance: MAX,
      cumulativeDeposits: { value: ABOVE_2_53, index: "5", depositors: [`0x${PLAIN}`] },
      donorReceipts: null,
      payments: [],
      schedule: null,
    });
    expect(second?.record).toBe(2);
    expect(second?.payments).toEqual([
      {
        destination: `0x${PLAIN}`,
        cumulative: ABOVE_2_53,
        lastPaymentTimestampSecs: "1686282676",
        lastPaymentValue: "7",
      },
    ]);
    expect(second?.schedule?.scheduled).toEqual([
      {
        uid: "3",
        payee: `0x${PLAIN}`,
        value: ABOVE_2_53,
        description: "<script>alert(1)</script>\u0000\uFFFDok",
        deadlineEpoch: "81",
      },
    ]);
  });

  it("decodes description bytes safely: valid UTF-8 exactly, anything else as U+FFFD, never markup", () => {
    expect(decodeDescriptionBytes([...Buffer.from("Grant – 1 €")])).toBe("Grant – 1 €");
    expect(decodeDescriptionBytes([0xc3])).toBe("\uFFFD");
    expect(decodeDescriptionBytes("0x3c623e")).toBe("<b>");
  });

  it("needs the date (and says how to give it) when neither the file nor the options state it", async () => {
    const undated = await file("wallets.json", V6);
    await expect(readStateExport(undated)).rejects.toThrow(
      /wallets\.json does not state its epoch.*--epoch N and --date/,
    );
    await expect(readStateExport(undated, { epoch: "79" })).rejects.toThrow(/does not state its date/);
    const read = await readStateExport(undated, { epoch: "79", date: "2024-03-13", note: "SOURCES.md" });
    expect(read.export.dating).toBe("epoch, date given to the importer; ledger version not stated (SOURCES.md).");
    expect(read.export.ledgerVersion).toBeNull();
    const padded = await readStateExport(await file("wallets-epoch-079.json", V6), DATING);
    expect([padded.export.id, padded.export.epoch]).toEqual(["v6-epoch-79", "79"]);
  });

  it("refuses an epoch that disagrees with the file name", async () => {
    const named = await file("comm_wallets-v6-epoch80.json", V6);
    await expect(readStateExport(named, { ...DATING, epoch: "79" })).rejects.toThrow(
      /names epoch 80 in its file name; the epoch given \(79\) disagrees/,
    );
  });
});

describe("readStateExport: v5 monthly export (one array)", () => {
  it("takes the wallets from the registry wherever it stands, and their donors from every account's receipts", async () => {
    const read = await readStateExport(await file("report-2022-01-02-epoch-68.json", V5));
    expect(read.export).toMatchObject({
      id: "v5-epoch-68",
      era: "v5",
      unit: "GAS",
      date: "2022-01-02",
      ledgerVersion: null,
      format: "json-array",
      accountsRead: 4,
      walletCount: 2,
      dating: "epoch and date from the file name; ledger version not stated.",
    });
    const [w1, w2] = read.wallets;
    expect(w1?.address).toBe(`0x${"0".repeat(32)}${V5_W1}`);
    expect(w1?.states[0]).toMatchObject({ record: 0, balance: MAX, donorReceipts: { count: 1, total: ABOVE_2_53 } });
    expect(w2?.address).toBe(`0x${"0".repeat(32)}${V5_W2}`);
    expect(w2?.states[0]).toMatchObject({ record: 2, balance: "0", cumulativeDeposits: null });
  });
});

describe("readStateExport refusals (ValidationError naming the file)", () => {
  const refuses = async (name: string, text: string | Buffer, pattern: RegExp) => {
    const at = await file(name, text);
    const error = await readStateExport(at, DATING).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(pattern);
  };

  it("a truncated file", async () => {
    await refuses(
      "cut-epoch-1.json",
      V6.slice(0, V6.length - 40),
      /cut-epoch-1\.json is not complete JSON: .*truncated/,
    );
    await refuses("report-2022-01-02-epoch-68.json", V5.slice(0, 100), /not complete JSON/);
  });

  it("a file that is not a state export", async () => {
    await refuses(
      "x-epoch-1.json",
      '{"snapshots": []}',
      /x-epoch-1\.json is not a state export: its first value is not an account/,
    );
    await refuses("y-epoch-1.json", "[1, 2]", /is not a state export/);
    await refuses("z-epoch-1.json", "[]", /holds no accounts/);
    await refuses(
      "array-epoch-1.json",
      `[${v6Wallet(W1, "")}]`,
      /is written in the 32-byte form \(64 hex\), but a JSON array of accounts is read as a v5 monthly export/,
    );
    await refuses("b-epoch-1.json", Buffer.from([0x7b, 0x22, 0xff, 0x22]), /not UTF-8/);
  });

  it("an export without community wallets", async () => {
    await refuses(
      "none-epoch-1.json",
      `{ "account": "${PLAIN}", "balance": { "coin": 1 }, "comm_wallet": null }`,
      /none-epoch-1\.json has no community wallets: no account with a comm_wallet or tx_schedule/,
    );
    await refuses(
      "report-2024-03-13-epoch-1.json",
      JSON.stringify([{ account: V5_W1, balance: { coin: 1 } }]),
      /has no community wallets: no account 0x0/,
    );
  });

  it("a registry naming an account the export does not hold, a wallet listed twice, a bad amount", async () => {
    await refuses(
      "report-2024-03-13-epoch-2.json",
      JSON.stringify([{ account: "0".repeat(32), comm_wallet: { list: [V5_W1] } }]),
      /registry lists 1 account\(s\) the export does not hold/,
    );
    await refuses(
      "twice-epoch-1.json",
      `${v6Wallet(W1, "")}\n${v6Wallet(W1, "")}`,
      /lists community wallet 0x0+a1a1.* twice \(again at \[1\]\)/,
    );
    await refuses(
      "neg-epoch-1.json",
      v6Wallet(W1, "").replace(MAX, "-1"),
      /neg-epoch-1\.json account \[0\] \(community wallet 0x0+a1a1.*\) is not valid:\n {2}- balance\.coin: expected a u64/,
    );
    await refuses(
      "big-epoch-1.json",
      v6Wallet(W1, "").replace(MAX, "18446744073709551616"),
      /balance\.coin: expected a u64/,
    );
  });
});

describe("merging exports and names", () => {
  it("re-importing the same file gives the same records; another file disagreeing about the id is refused naming both", async () => {
    const read = await readStateExport(await file("comm_wallets-v6-epoch79.json", V6), DATING);
    const once = mergeStateExport(EMPTY_STATE, read);
    expect(mergeStateExport(once, read)).toEqual(once);
    const changed = await readStateExport(
      await file("copy-epoch79.json", V6.replace(`"coin": ${MAX}`, `"coin": 12`)),
      DATING,
    );
    expect(() => mergeStateExport(once, changed)).toThrow(SnapshotRefusedError);
    expect(() => mergeStateExport(once, changed)).toThrow(
      /Export v6-epoch-79: copy-epoch79\.json \(sha256 [0-9a-f]{12}…\) disagrees with comm_wallets-v6-epoch79\.json/,
    );
    // The same figures in another layout: accepted, the first file stays the source.
    const same = await readStateExport(await file("pretty-epoch79.json", `${V6}\n\n`), DATING);
    expect(mergeStateExport(once, same)).toBe(once);
    // One file under two ids (a wrong --epoch) would record one state twice.
    const renamed = await readStateExport(await file("again-epoch80.json", V6), DATING);
    expect(() => mergeStateExport(once, renamed)).toThrow(/already imported as export v6-epoch-79/);
  });

  it("keeps exports oldest first (v5 before v6) and each wallet's states in that order", async () => {
    const v6 = await readStateExport(await file("comm_wallets-v6-epoch79.json", V6), DATING);
    const v5 = await readStateExport(await file("report-2022-01-02-epoch-68.json", V5));
    const merged = mergeStateExport(mergeStateExport(EMPTY_STATE, v6), v5);
    expect(merged.exports.map((e) => e.id)).toEqual(["v5-epoch-68", "v6-epoch-79"]);
    const w1 = merged.wallets.find((w) => w.address === `0x${W1}`);
    expect(w1?.states.map((s) => s.export)).toEqual(["v5-epoch-68", "v6-epoch-79"]);
  });

  it("reads names from the explorer metadata and forensic cw: labels, each with its source", async () => {
    const explorer = await readWalletNames(
      await file(
        "community-wallets.json",
        JSON.stringify({ communityWallets: { [V5_W1.toUpperCase()]: { name: " A ", description: "<b>x</b>" } } }),
      ),
    );
    expect(explorer).toEqual([
      {
        address: `0x${W1}`,
        name: "A",
        description: "<b>x</b>",
        source: { file: "community-wallets.json", sha256: expect.any(String), kind: "explorer-metadata" },
      },
    ]);
    const labels = await readWalletNames(
      await file(
        "labels.json",
        JSON.stringify([
          { address: `0x${V5_W2}`, owner: "cw: b" },
          { address: `0x${V5_W1}`, owner: "exchange" },
        ]),
      ),
    );
    expect(labels.map((n) => [n.address, n.name, n.source.kind])).toEqual([[`0x${W2}`, "b", "forensic-labels"]]);
    const merged = mergeWalletNames(mergeWalletNames(EMPTY_STATE, labels), explorer);
    expect(merged.names.map((n) => n.source.kind)).toEqual(["explorer-metadata", "forensic-labels"]);
    await expect(readWalletNames(await file("other.json", '{"x":1}'))).rejects.toThrow(/neither the explorer/);
  });
});
