import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { toCanonicalJson } from "../../../src/lib/canonical-json.ts";
import { sha256Hex } from "../../../src/lib/sha256.ts";
import type { LegacyEvent, LegacyExport, LegacyManifest, LegacyReceipt } from "../../../src/schemas/legacy.ts";

/**
 * A small legacy folder with known figures: two state exports (epochs 50 and 400), the donors' receipts in each,
 * and the wallet's two own transactions (created with the 1 GAS onboarding coin, then flagged as a community
 * wallet). In both exports the balance is Σ receipts + 1 GAS, as in the real import.
 */

const v5 = (hex: string) => `0x${"0".repeat(32)}${hex.repeat(32 / hex.length)}`;
export const LEGACY_DONOR_X = v5("1a2b");
export const LEGACY_DONOR_Y = v5("3c4d");
export const LEGACY_DONOR_Z = v5("5e6f");
const CREATOR = v5("7a");
const ONBOARDING = 1_000_000n;

const source = (file: string, kind: "state-export" | "transaction-archive") => ({
  file,
  sha256: sha256Hex(file),
  kind,
});

const RECEIPTS: Record<string, Array<[string, bigint]>> = {
  "50": [
    [LEGACY_DONOR_X, 2_000_000_000n],
    [LEGACY_DONOR_Y, 500_000_000n],
  ],
  "400": [
    [LEGACY_DONOR_X, 5_000_123_456n],
    [LEGACY_DONOR_Y, 750_000_000n],
    [LEGACY_DONOR_Z, 1_000_001n],
  ],
};
const DATES: Record<string, string> = { "50": "2021-12-01", "400": "2022-11-15" };

const sum = (rows: Array<[string, bigint]>) => rows.reduce((total, [, amount]) => total + amount, 0n);

/** The figures the legacy page must show for this fixture. */
export const FIXTURE_LEGACY = {
  exports: Object.entries(RECEIPTS).map(([epoch, rows]) => ({
    epoch,
    balance: sum(rows) + ONBOARDING,
    donorCount: rows.length,
    receiptsTotal: sum(rows),
  })),
  latestEpoch: "400",
  receiptsSum: sum(RECEIPTS["400"] ?? []),
  difference: ONBOARDING,
  largestDonor: LEGACY_DONOR_X,
  largestAmount: 5_000_123_456n,
};

export function legacyFixtureFiles(wallet: string): Map<string, string> {
  const exports: LegacyExport[] = FIXTURE_LEGACY.exports.map((item) => ({
    epoch: item.epoch,
    date: DATES[item.epoch] ?? "",
    balance: item.balance.toString(),
    donorCount: item.donorCount,
    receiptsTotal: item.receiptsTotal.toString(),
    source: source(`state_epoch_${item.epoch}.json`, "state-export"),
  }));
  const receipts: LegacyReceipt[] = Object.entries(RECEIPTS).flatMap(([epoch, rows]) =>
    rows.map(([donor, cumulative]) => ({
      epoch,
      donor,
      cumulative: cumulative.toString(),
      lastPaymentTimestampSecs: "1640000000",
      lastPaymentValue: "1000000",
      source: source(`state_epoch_${epoch}.json`, "state-export" as const),
    })),
  );
  const events: LegacyEvent[] = [
    {
      kind: "created",
      version: "10134",
      timestampUsec: "1635361491000000",
      sender: CREATOR,
      function: "AccountScripts::create_user_by_coin_tx",
      amount: ONBOARDING.toString(),
      feePaidByWallet: null,
      source: source("transaction-archive-0-99999.json", "transaction-archive"),
    },
    {
      kind: "community-wallet-flag",
      version: "10332",
      timestampUsec: "1635362000000000",
      sender: wallet,
      function: "WalletScripts::set_wallet_type",
      amount: null,
      // The fixture's wallet paid no fee (the real one paid 60 units: see the committed content's legacy page).
      feePaidByWallet: null,
      source: source("transaction-archive-0-99999.json", "transaction-archive"),
    },
  ];
  const files = new Map<string, string>([
    ["events.json", toCanonicalJson(events)],
    ["exports.json", toCanonicalJson(exports)],
    ["receipts.json", toCanonicalJson(receipts)],
  ]);
  const manifest: LegacyManifest = {
    schemaVersion: 1,
    wallet,
    coin: "GAS",
    files: Object.fromEntries([...files].map(([name, text]) => [name, sha256Hex(text)])),
  };
  files.set("manifest.json", toCanonicalJson(manifest));
  return files;
}

/** Writes the fixture legacy folder into `<walletDir>/legacy/`. */
export async function writeLegacyFixture(walletDir: string, wallet: string): Promise<void> {
  const dir = path.join(walletDir, "legacy");
  await mkdir(dir, { recursive: true });
  for (const [name, text] of legacyFixtureFiles(wallet)) await writeFile(path.join(dir, name), text, "utf8");
}
