import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { toCanonicalJson } from "../../src/lib/canonical-json.ts";
import { sha256Hex } from "../../src/lib/sha256.ts";
import type {
  StateExport,
  StateManifest,
  WalletName,
  WalletState,
  WalletStateHistory,
} from "../../src/schemas/state-history.ts";

/**
 * A small `content/state/` with known figures: a v5 export (GAS, one wallet) and a v6 export (LIBRA, five wallets),
 * covering every consistency outcome (exact, within the rebase rounding, more out than recorded, more recorded than
 * out, cannot tell), an amount above 2^53, both name sources, and hostile text in a name and a description.
 */

const wallet = (hex: string) => `0x${"0".repeat(32)}${hex.repeat(32 / hex.length)}`;
export const STATE_WALLET_A = wallet("a1");
export const STATE_WALLET_B = wallet("b2");
/** The program's main wallet (the SIP): it has a full site, which its page links to. */
export const STATE_WALLET_C = "0x0000000000000000000000000000000019e966bfa4b32ce9b7e23721b37b96d2";
export const STATE_WALLET_D = wallet("d4");
export const STATE_WALLET_E = wallet("e5");
/** A donor the main fixture snapshot knows too (build-test-snapshot's DONOR_A): its address links to its page. */
export const STATE_DONOR_KNOWN = `0x${"a".repeat(64)}`;
const DONOR_1 = STATE_DONOR_KNOWN;
const DONOR_2 = wallet("02");
const PAYEE = wallet("0f");
/** Above 2^53: a float would round it. */
export const BIG_BALANCE = 2n ** 60n + 7n;
export const HOSTILE_DESCRIPTION = `<script>alert("x")</script> pay & "see" <b>`;
export const HOSTILE_NAME = `<img src=x onerror=alert(document.domain)> Fund`;

const sha = (seed: string) => sha256Hex(seed);

export const STATE_EXPORTS: StateExport[] = [
  {
    id: "v5-epoch-68",
    era: "v5",
    unit: "GAS",
    epoch: "68",
    ledgerVersion: null,
    date: "2022-01-02",
    file: "report-2022-01-02-epoch-68.json",
    sha256: sha("v5"),
    format: "json-array",
    accountsRead: 10,
    walletCount: 1,
    dating: "epoch and date from the file name",
  },
  {
    id: "v6-epoch-79",
    era: "v6",
    unit: "LIBRA",
    epoch: "79",
    ledgerVersion: "33217173",
    date: "2024-03-13",
    file: "comm_wallets-v6-epoch79.json",
    sha256: sha("v6"),
    format: "concatenated-objects",
    accountsRead: 5,
    walletCount: 5,
    dating: "the end of epoch 79",
  },
];

const payment = (destination: string, cumulative: bigint, seconds: bigint) => ({
  destination,
  cumulative: cumulative.toString(),
  lastPaymentTimestampSecs: seconds.toString(),
  lastPaymentValue: cumulative.toString(),
});

function v6(record: number, balance: bigint, received: bigint, payments: bigint[], depositors: string[]): WalletState {
  return {
    export: "v6-epoch-79",
    record,
    balance: balance.toString(),
    cumulativeDeposits: { value: received.toString(), index: "0", depositors },
    donorReceipts: null,
    payments: payments.map((amount, index) => payment(index === 0 ? PAYEE : STATE_WALLET_B, amount, 1_700_000_000n)),
    schedule: null,
  };
}

export const STATE_HISTORIES: WalletStateHistory[] = [
  {
    address: STATE_WALLET_A,
    states: [
      {
        export: "v5-epoch-68",
        record: 7,
        balance: "11274089306399",
        cumulativeDeposits: null,
        donorReceipts: { count: 2, total: "11273089306399" },
        payments: [],
        schedule: null,
      },
      {
        ...v6(0, BIG_BALANCE, BIG_BALANCE + 15_000_000n, [10_000_000n, 5_000_000n], [DONOR_1, DONOR_2]),
        schedule: {
          scheduled: [
            { uid: "3", payee: PAYEE, value: "2500000", description: HOSTILE_DESCRIPTION, deadlineEpoch: "82" },
          ],
          veto: [],
          paid: [{ uid: "1", payee: PAYEE, value: "1000000", description: "first grant", deadlineEpoch: "70" }],
        },
      },
    ],
  },
  // More left than the receipts record: differs by +100 base units.
  { address: STATE_WALLET_B, states: [v6(1, 5_000_000n, 5_000_100n, [], [DONOR_1])] },
  // Nothing in, nothing out: agrees.
  { address: STATE_WALLET_C, states: [v6(2, 0n, 0n, [], [])] },
  // Receipts record more than left: differs by −40 LIBRA.
  { address: STATE_WALLET_D, states: [v6(3, 100_000_000n, 100_000_000n, [40_000_000n], [DONOR_2])] },
  // Two receipts, 2 base units short: within the rebase rounding allowance.
  { address: STATE_WALLET_E, states: [v6(4, 1_000_000n, 11_000_002n, [5_000_000n, 5_000_000n], [DONOR_1])] },
];

export const STATE_NAMES: WalletName[] = [
  {
    address: STATE_WALLET_A,
    name: "Alpha Program",
    description: "Funds alpha things.",
    source: { file: "community-wallets.json", sha256: sha("names"), kind: "explorer-metadata" },
  },
  {
    address: STATE_WALLET_A,
    name: "alpha label",
    description: null,
    source: { file: "DERIVED-community-wallet-labels.json", sha256: sha("labels"), kind: "forensic-labels" },
  },
  {
    address: STATE_WALLET_B,
    name: HOSTILE_NAME,
    description: null,
    source: { file: "DERIVED-community-wallet-labels.json", sha256: sha("labels"), kind: "forensic-labels" },
  },
];

/** The folder's files (canonical JSON) with their manifest, by relative path. */
export function stateFixtureFiles(): Map<string, string> {
  const files = new Map<string, string>([
    ["exports.json", toCanonicalJson(STATE_EXPORTS)],
    ["names.json", toCanonicalJson(STATE_NAMES)],
  ]);
  for (const history of STATE_HISTORIES) files.set(`wallets/${history.address}.json`, toCanonicalJson(history));
  const manifest: StateManifest = {
    schemaVersion: 1,
    files: Object.fromEntries([...files].map(([name, text]) => [name, sha256Hex(text)])),
  };
  files.set("manifest.json", toCanonicalJson(manifest));
  return files;
}

/** Writes the fixture as `<contentDir>/state/`. */
export async function writeStateFixture(contentDir: string): Promise<void> {
  for (const [name, text] of stateFixtureFiles()) {
    const file = path.join(contentDir, "state", name);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, text);
  }
}
