import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { toCanonicalJson } from "../../../src/lib/canonical-json.ts";
import { sha256Hex } from "../../../src/lib/sha256.ts";
import type {
  PaymentReceipt,
  StateExport,
  StateManifest,
  WalletState,
  WalletStateHistory,
} from "../../../src/schemas/state-history.ts";
import { STATE_SCHEMA_VERSION } from "../../../src/schemas/state-history.ts";

/**
 * A small `content/state/` (the contract in src/schemas/state-history.ts) for the GAS → LIBRA timeline: a v5 export
 * (GAS) and a v6 export (LIBRA) in which two community wallets hold the same four round payments as the real files,
 * carried over by the rebase (so the derived factor is the real one, [35.3000456947, 35.30004569473334)), and the
 * program's wallet with its v6 state. Until the importer's real `content/state/` is committed, this is the only one.
 */

const long = (hex: string) => `0x${hex.padStart(64, "0")}`;
export const STATE_PAYER_A = long("2057bcfb0189b7fd0aba7244ba271661");
export const STATE_PAYER_B = long("c906f67f626683b77145d1f20c1a753b");

const EXPORTS: StateExport[] = [
  {
    id: "v5-epoch-68",
    era: "v5",
    unit: "GAS",
    epoch: "68",
    ledgerVersion: null,
    date: "2022-01-02",
    file: "report-2022-01-02-epoch-68.json",
    sha256: sha256Hex("v5 fixture"),
    format: "json-array",
    accountsRead: 10,
    walletCount: 3,
    dating: "the file's name",
  },
  {
    id: "v6-epoch-79",
    era: "v6",
    unit: "LIBRA",
    epoch: "79",
    ledgerVersion: "33217173",
    date: "2024-03-13",
    file: "comm_wallets-v6-epoch79.json",
    sha256: sha256Hex("v6 fixture"),
    format: "concatenated-objects",
    accountsRead: 3,
    walletCount: 3,
    dating: "SOURCES.md: the epoch ended 2024-03-13",
  },
];

/** The program wallet's v6 state: balance and lifetime received (LIBRA base units). */
export const STATE_FIXTURE_V6 = { balance: 2_763_309_296_969_351n, received: 2_763_309_296_969_351n, depositors: 2 };

const payment = (destination: string, amount: bigint, secs: bigint): PaymentReceipt => ({
  destination: long(destination),
  cumulative: amount.toString(),
  lastPaymentTimestampSecs: secs.toString(),
  lastPaymentValue: amount.toString(),
});

const state = (exportId: string, record: number, balance: bigint, payments: PaymentReceipt[]): WalletState => ({
  export: exportId,
  record,
  balance: balance.toString(),
  cumulativeDeposits: null,
  donorReceipts: null,
  payments,
  schedule: null,
});

export function stateFixtureFiles(wallet: string): Map<string, string> {
  const histories: WalletStateHistory[] = [
    {
      address: STATE_PAYER_A,
      states: [
        state("v5-epoch-68", 1140, 5_000_000n, [
          payment("46a7a744b5d33c47f6b20766f8088b10", 1_000_000n, 1638459321n),
          payment("c8a2afa2d3fc5908cf2d247d8b27fdd5", 30_000_000_000n, 1640449299n),
        ]),
        state("v6-epoch-79", 8, 1_000n, [
          payment("46a7a744b5d33c47f6b20766f8088b10", 35_300_045n, 1638459321n),
          payment("c8a2afa2d3fc5908cf2d247d8b27fdd5", 1_059_001_370_841n, 1640449299n),
        ]),
      ],
    },
    {
      address: STATE_PAYER_B,
      states: [
        state("v5-epoch-68", 150, 7_000_000n, [
          payment("005c829605d2bafbbe0743efaa2acf7d", 10_000_000_000n, 1639323354n),
          payment("b3d680cd888d0d067af852caf7512a23", 15_000_000_000n, 1639582557n),
        ]),
        state("v6-epoch-79", 57, 2_000n, [
          payment("005c829605d2bafbbe0743efaa2acf7d", 353_000_456_947n, 1639323354n),
          payment("b3d680cd888d0d067af852caf7512a23", 529_500_685_420n, 1639582557n),
        ]),
      ],
    },
    {
      address: wallet,
      states: [
        {
          ...state("v6-epoch-79", 3, STATE_FIXTURE_V6.balance, []),
          cumulativeDeposits: {
            value: STATE_FIXTURE_V6.received.toString(),
            index: "6658667783097164",
            depositors: [STATE_PAYER_A, STATE_PAYER_B],
          },
        },
      ],
    },
  ];
  const files = new Map<string, string>([
    ["exports.json", toCanonicalJson(EXPORTS)],
    ["names.json", toCanonicalJson([])],
  ]);
  for (const history of histories) files.set(`wallets/${history.address}.json`, toCanonicalJson(history));
  const manifest: StateManifest = {
    schemaVersion: STATE_SCHEMA_VERSION,
    files: Object.fromEntries([...files].map(([name, text]) => [name, sha256Hex(text)])),
  };
  files.set("manifest.json", toCanonicalJson(manifest));
  return files;
}

/** Writes the fixture into `<contentDir>/state/`. */
export async function writeStateFixture(contentDir: string, wallet: string): Promise<void> {
  await mkdir(path.join(contentDir, "state", "wallets"), { recursive: true });
  for (const [name, text] of stateFixtureFiles(wallet)) {
    await writeFile(path.join(contentDir, "state", name), text, "utf8");
  }
}
