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

/**
 * The rebase evidence of the GAS → LIBRA timeline: two community wallets holding, in both the v5 and the v6 export,
 * the same four round payments as the real files, carried over by the rebase (so the derived factor is the real one,
 * [35.3000456947, 35.30004569473334)), and the program wallet's real v6 state. Added to the fixture content's state
 * folder (`withRebaseEvidence`), where the legacy page and the overview derive the factor from it.
 */
const long = (hex: string) => `0x${hex.padStart(64, "0")}`;
export const STATE_PAYER_A = long("2057bcfb0189b7fd0aba7244ba271661");
export const STATE_PAYER_B = long("c906f67f626683b77145d1f20c1a753b");
/** The program wallet's v6 state in the rebase evidence: balance and lifetime received (LIBRA base units). */
export const STATE_FIXTURE_V6 = { balance: 2_763_309_296_969_351n, received: 2_763_309_296_969_351n, depositors: 2 };

const carried = (destination: string, amount: bigint, secs: bigint) => ({
  destination: long(destination),
  cumulative: amount.toString(),
  lastPaymentTimestampSecs: secs.toString(),
  lastPaymentValue: amount.toString(),
});
const plainState = (exportId: string, record: number, balance: bigint, payments: WalletState["payments"]) => ({
  export: exportId,
  record,
  balance: balance.toString(),
  cumulativeDeposits: null,
  donorReceipts: null,
  payments,
  schedule: null,
});

export const REBASE_HISTORIES: WalletStateHistory[] = [
  {
    address: STATE_PAYER_A,
    states: [
      plainState("v5-epoch-68", 1140, 5_000_000n, [
        carried("46a7a744b5d33c47f6b20766f8088b10", 1_000_000n, 1638459321n),
        carried("c8a2afa2d3fc5908cf2d247d8b27fdd5", 30_000_000_000n, 1640449299n),
      ]),
      plainState("v6-epoch-79", 8, 1_000n, [
        carried("46a7a744b5d33c47f6b20766f8088b10", 35_300_045n, 1638459321n),
        carried("c8a2afa2d3fc5908cf2d247d8b27fdd5", 1_059_001_370_841n, 1640449299n),
      ]),
    ],
  },
  {
    address: STATE_PAYER_B,
    states: [
      plainState("v5-epoch-68", 150, 7_000_000n, [
        carried("005c829605d2bafbbe0743efaa2acf7d", 10_000_000_000n, 1639323354n),
        carried("b3d680cd888d0d067af852caf7512a23", 15_000_000_000n, 1639582557n),
      ]),
      plainState("v6-epoch-79", 57, 2_000n, [
        carried("005c829605d2bafbbe0743efaa2acf7d", 353_000_456_947n, 1639323354n),
        carried("b3d680cd888d0d067af852caf7512a23", 529_500_685_420n, 1639582557n),
      ]),
    ],
  },
  {
    address: STATE_WALLET_C,
    states: [
      {
        ...plainState("v6-epoch-79", 2, STATE_FIXTURE_V6.balance, []),
        cumulativeDeposits: {
          value: STATE_FIXTURE_V6.received.toString(),
          index: "6658667783097164",
          depositors: [STATE_PAYER_A, STATE_PAYER_B],
        },
      },
    ],
  },
];

/**
 * The folder's files (canonical JSON) with their manifest, by relative path. `withRebaseEvidence` adds the two
 * paying wallets and replaces the program wallet's state by its real v6 figures (REBASE_HISTORIES).
 */
export function stateFixtureFiles(options: { withRebaseEvidence?: boolean } = {}): Map<string, string> {
  const evidence = options.withRebaseEvidence ? REBASE_HISTORIES : [];
  const histories = [
    ...STATE_HISTORIES.filter((history) => !evidence.some((other) => other.address === history.address)),
    ...evidence,
  ].sort((a, b) => (a.address < b.address ? -1 : 1));
  const count = (id: string) => histories.filter((history) => history.states.some((st) => st.export === id)).length;
  const exports = STATE_EXPORTS.map((item) => ({ ...item, walletCount: count(item.id) }));
  const files = new Map<string, string>([
    ["exports.json", toCanonicalJson(exports)],
    ["names.json", toCanonicalJson(STATE_NAMES)],
  ]);
  for (const history of histories) files.set(`wallets/${history.address}.json`, toCanonicalJson(history));
  const manifest: StateManifest = {
    schemaVersion: 1,
    files: Object.fromEntries([...files].map(([name, text]) => [name, sha256Hex(text)])),
  };
  files.set("manifest.json", toCanonicalJson(manifest));
  return files;
}

/** Writes the fixture as `<contentDir>/state/`. */
export async function writeStateFixture(
  contentDir: string,
  options: { withRebaseEvidence?: boolean } = {},
): Promise<void> {
  for (const [name, text] of stateFixtureFiles(options)) {
    const file = path.join(contentDir, "state", name);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, text);
  }
}
