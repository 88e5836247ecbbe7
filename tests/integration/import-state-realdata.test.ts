import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkConsistency } from "../../src/lib/state/consistency.ts";
import { readStateFolder, type StateData, stateDir } from "../../src/store/state-folder.ts";
import { repoRoot } from "../support/site/build-site.ts";

/**
 * `npm run import-state` on the real exports, read in place from ../shared/realdata (never copied into the
 * repository; skipped with a message where absent, unless LEDGERLIGHT_REQUIRE_REALDATA=1 makes that a failure).
 * Every expected figure is computed here from the raw bytes without JSON.parse (regular expressions and BigInt over
 * the digits), so the importer's parser is not checking itself. The committed content/state/ must be exactly what
 * the importer writes from these files.
 */

const run = promisify(execFile);
const REALDATA = path.resolve(repoRoot, "../shared/realdata");
const V5 = path.join(REALDATA, "monthly-reports/report-2022-01-02-epoch-68.json");
const V6 = path.join(REALDATA, "libra-framework/comm_wallets-v6-epoch79.json");
const EXPLORER = path.join(REALDATA, "test_data/community-wallets.json");
const LABELS = path.join(REALDATA, "forensic-db/DERIVED-community-wallet-labels.json");
const SIP_HEX = "19e966bfa4b32ce9b7e23721b37b96d2";
const SIP = `0x${"0".repeat(32)}${SIP_HEX}`;
/** Wallets of the v6 file whose received − balance matches their recorded payments (the rest differ). */
const AGREE_V6 = 99;

const present = [V5, V6, EXPLORER, LABELS].every((file) => existsSync(file));
if (!present) {
  const message = `[import-state] The real exports are missing under ${REALDATA}.`;
  if (process.env.LEDGERLIGHT_REQUIRE_REALDATA === "1") {
    throw new Error(`${message} LEDGERLIGHT_REQUIRE_REALDATA=1 requires them.`);
  }
  console.warn(`${message} Skipping the real-data tests; set LEDGERLIGHT_REQUIRE_REALDATA=1 to fail instead.`);
}

/** The commands the README gives for the committed data. */
const COMMANDS = [
  [V5, "--names", EXPLORER, "--names", LABELS],
  [
    V6,
    "--epoch",
    "79",
    "--ledger-version",
    "33217173",
    "--date",
    "2024-03-13",
    "--dating-note",
    "SOURCES.md of the real data: the mainnet state snapshot at v6 epoch 79, ledger version 33,217,173, epoch ended 2024-03-13",
  ],
];

async function importState(content: string, args: string[]): Promise<void> {
  await run(process.execPath, [path.join(repoRoot, "scripts/import-state.ts"), "--content", content, ...args], {
    cwd: repoRoot,
  });
}

async function folderBytes(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile())) {
    const file = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, file)] = await readFile(file, "utf8");
  }
  return out;
}

/** The v6 file cut into its accounts' texts (each starts with `{` + newline + `"account"` at column 0). */
function v6Accounts(text: string): string[] {
  return text.split(/\n(?=\{\n {2}"account")/).filter((part) => part.trim() !== "");
}
const digitsAfter = (text: string, key: RegExp): bigint => BigInt((key.exec(text) as RegExpExecArray)[1] as string);
/** The u64 numbers of a JSON array named `name` inside `text` (pretty-printed, numbers only). */
function numbersOf(text: string, name: string): bigint[] {
  const body = new RegExp(`"${name}": \\[([^\\]]*)\\]`).exec(text)?.[1] ?? "";
  return [...body.matchAll(/\d+/g)].map((m) => BigInt(m[0]));
}

describe.runIf(present)("importing the real exports (read in place from ../shared)", () => {
  let work: string;
  let content: string;
  let data: StateData;
  let v6Text: string;
  let v5Text: string;
  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), "ledgerlight-import-state-real-"));
    content = path.join(work, "content");
    for (const args of COMMANDS) await importState(content, args);
    data = (await readStateFolder(stateDir(content))) as StateData;
    v6Text = await readFile(V6, "utf8");
    v5Text = await readFile(V5, "utf8");
  }, 60_000);
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  const v6States = () =>
    data.wallets.flatMap((w) =>
      w.states.filter((s) => s.export === "v6-epoch-79").map((s) => ({ address: w.address, ...s })),
    );

  it("finds all 143 wallets of the v6 file, holding the total balance summed here from the raw digits", () => {
    const accounts = v6Accounts(v6Text);
    expect(accounts).toHaveLength(143);
    const total = accounts.reduce((sum, a) => sum + digitsAfter(a, /"coin": (\d+)/), 0n);
    expect(total).toBe(46_145_220_627_382_048n); // also printed by the importer
    const states = v6States();
    expect(states).toHaveLength(143);
    expect(states.reduce((sum, s) => sum + BigInt(s.balance), 0n)).toBe(total);
    expect(data.exports.find((e) => e.id === "v6-epoch-79")).toMatchObject({
      walletCount: 143,
      accountsRead: 143,
      unit: "LIBRA",
      ledgerVersion: "33217173",
      date: "2024-03-13",
    });
  });

  it("gives the SIP's v6 balance and depositors as the raw file states them", () => {
    const sip = v6Accounts(v6Text).find((a) => a.includes(`"account": "${"0".repeat(32)}${SIP_HEX}"`)) as string;
    const depositors = /"depositors": \[([^\]]*)\]/.exec(sip)?.[1]?.match(/[0-9a-f]{64}/g) ?? [];
    const state = v6States().find((s) => s.address === SIP);
    expect(state?.balance).toBe(digitsAfter(sip, /"coin": (\d+)/).toString());
    expect(state?.balance).toBe("2763309296969351");
    expect(state?.cumulativeDeposits?.depositors).toHaveLength(depositors.length);
    expect(depositors).toHaveLength(144);
    expect(state?.cumulativeDeposits?.value).toBe(digitsAfter(sip, /"value": (\d+)/).toString());
  });

  it("counts the wallets with recorded payments, and those whose records agree or differ, as the raw file says", () => {
    const accounts = v6Accounts(v6Text);
    const withPayments = accounts.filter((a) => numbersOf(a, "cumulative").length > 0);
    expect(withPayments).toHaveLength(19);
    expect(v6States().filter((s) => s.payments.length > 0)).toHaveLength(19);
    // The rule of src/lib/state/consistency.ts, applied to the raw digits: 0 ≤ (received − balance) − Σ receipts ≤ n.
    let agree = 0;
    for (const a of accounts) {
      const receipts = numbersOf(a, "cumulative");
      const difference =
        digitsAfter(a, /"value": (\d+)/) - digitsAfter(a, /"coin": (\d+)/) - receipts.reduce((x, y) => x + y, 0n);
      if (difference >= 0n && difference <= BigInt(receipts.length)) agree++;
    }
    const checks = v6States().map((s) => checkConsistency(s, "v6"));
    expect(checks.filter((c) => c.kind === "agrees")).toHaveLength(agree);
    expect(checks.filter((c) => c.kind === "differs")).toHaveLength(143 - agree);
    expect([agree, 143 - agree]).toEqual([AGREE_V6, 143 - AGREE_V6]);
  });

  it("takes the v5 wallets from the registry, with the SIP's balance and donors summed here from the raw file", () => {
    const registry = /"comm_wallet":\{"list":\[([^\]]*)\]/.exec(v5Text)?.[1]?.match(/[0-9a-f]{32}/g) ?? [];
    expect(registry).toHaveLength(92);
    const balances = new Map(
      [
        ...v5Text.matchAll(
          /\{"account":"([0-9a-f]{32})","auth_key":"[0-9a-f]*","role":"[A-Za-z]*","balance":\{"coin":(\d+)\}/g,
        ),
      ].map((m) => [m[1] as string, BigInt(m[2] as string)]),
    );
    const total = registry.reduce((sum, a) => sum + (balances.get(a) as bigint), 0n);
    const v5States = data.wallets.flatMap((w) => w.states.filter((s) => s.export === "v5-epoch-68"));
    expect(v5States).toHaveLength(92);
    expect(v5States.reduce((sum, s) => sum + BigInt(s.balance), 0n)).toBe(total);
    expect(total).toBe(147_238_313_952_842n);
    // The SIP's donors: every receipts list with the SIP among its destinations, the cumulative at the same position.
    let donors = 0;
    let donated = 0n;
    for (const m of v5Text.matchAll(/"receipts":\{"destination":\[([^\]]*)\],"cumulative":\[([^\]]*)\]/g)) {
      const at = (m[1] as string).split(",").indexOf(`"${SIP_HEX}"`);
      if (at < 0) continue;
      donors++;
      donated += BigInt((m[2] as string).split(",")[at] as string);
    }
    const sip = data.wallets.find((w) => w.address === SIP)?.states[0];
    expect(sip).toMatchObject({ export: "v5-epoch-68", balance: "11274089306399", cumulativeDeposits: null });
    expect(sip?.donorReceipts).toEqual({ count: donors, total: donated.toString() });
    expect(donors).toBe(61);
  });

  it("is exactly the committed content/state/, and importing the same files again changes no byte", async () => {
    const imported = await folderBytes(stateDir(content));
    expect(imported).toEqual(await folderBytes(stateDir(path.join(repoRoot, "content"))));
    for (const args of [...COMMANDS].reverse()) await importState(content, args);
    expect(await folderBytes(stateDir(content))).toEqual(imported);
  }, 60_000);
});
