import type { Snapshot } from "../../../src/schemas/snapshot.ts";

/**
 * A small, valid, hand-made snapshot whose every figure is known, for unit and build tests. The books balance:
 * opening 1,000.000000 + donations 500 + 250.5 + other 10 − payout 300 − advance 20 = 1,440.500000 LIBRA.
 */
export const WALLET = "0x0000000000000000000000000000000019e966bfa4b32ce9b7e23721b37b96d2";
export const DONOR_A = `0x${"a".repeat(64)}`;
export const DONOR_B = `0x${"b".repeat(64)}`;
export const TEAM = `0x${"c".repeat(64)}`;
export const STEWARD = `0x${"d".repeat(64)}`;

const p = (ledgerVersion: string, path: string) => ({ ledgerVersion: BigInt(ledgerVersion), path });

export function buildTestSnapshot(): Snapshot {
  return {
    meta: {
      schemaVersion: 1,
      toolVersion: "0.1.0",
      chainId: 1,
      nodeUrl: "http://127.0.0.1:8080/v1",
      wallet: WALLET,
      ledgerVersion: 98765432n,
      ledgerTimestampUsec: 1767225600000000n,
      epoch: 1234n,
      previousLedgerVersion: null,
      eventCursors: { deposits: 3n, withdrawals: 2n, newEpochs: 2n },
      simulated: false,
    },
    wallet: {
      balance: {
        coinStoreValue: 1440500000n,
        unlocked: 1440500000n,
        total: 1440500000n,
        provenance: p("98765432", `${WALLET}/0x1::coin::CoinStore<0x1::libra_coin::LibraCoin>/coin/value`),
      },
      cumulativeDeposits: {
        value: 750500000n,
        index: 760000000n,
        depositorCount: 2,
        provenance: p("98765432", "cd"),
      },
      freeze: {
        isFrozen: false,
        consecutiveRejections: 0n,
        liquidateToMatchIndex: true,
        provenance: p("98765432", "f"),
      },
      reauthorization: null,
      advances: null,
      authorities: null,
      otherBallots: [],
    },
    ledger: {
      opening: { amount: 1000000000n, provenance: p("99", "opening") },
      entries: [
        entry("deposit", "0", "100", "500000000", "donation", DONOR_A, "1232"),
        entry("deposit", "1", "200", "250500000", "donation", DONOR_B, "1232"),
        entry("deposit", "2", "300", "10000000", "other-inflow", null, "1233"),
        entry("withdraw", "0", "300", "300000000", "payout", TEAM, "1233", "5"),
        entry("withdraw", "1", "400", "20000000", "advance", STEWARD, "1234"),
      ],
    },
    transfers: [
      {
        uid: 5n,
        payee: TEAM,
        amount: 300000000n,
        description: { hex: "0x48656c6c6f", text: "Hello" },
        status: "paid",
        deadlineEpoch: 1233n,
        history: [
          { state: { status: "paid", deadlineEpoch: 1233n }, seenAtLedgerVersion: 98765432n, seenAtEpoch: 1234n },
        ],
        provenance: p("98765432", "tx/paid/0"),
      },
    ],
    proposals: [],
    vetoes: [],
    donors: [
      {
        address: DONOR_A,
        cumulative: 500000000n,
        lastPaymentTimestampSecs: 1767000000n,
        lastPaymentValue: 500000000n,
        vetoWeight: 500000000n,
        provenance: p("98765432", "ra"),
      },
      {
        address: DONOR_B,
        cumulative: 250500000n,
        lastPaymentTimestampSecs: 1767100000n,
        lastPaymentValue: 250500000n,
        vetoWeight: null,
        provenance: p("98765432", "rb"),
      },
    ],
    epochs: [
      { epoch: 1233n, version: 250n, timestampUsec: 1767139200000000n },
      { epoch: 1234n, version: 350n, timestampUsec: 1767225600000000n },
    ],
    changes: [
      {
        ledgerVersion: 98765432n,
        previousLedgerVersion: null,
        epoch: 1234n,
        timestampUsec: 1767225600000000n,
        newDonations: { count: 2, total: 750500000n, newDonors: 2 },
        newOtherInflows: { count: 1, total: 10000000n },
        newOutflows: { count: 2, total: 320000000n },
        newTransfers: [5n],
        statusChanges: [],
        newVetoBallots: [],
        balance: { before: null, after: 1440500000n },
      },
    ],
  };
}

function entry(
  stream: "deposit" | "withdraw",
  sequence: string,
  version: string,
  amount: string,
  category: Snapshot["ledger"]["entries"][number]["category"],
  counterparty: string | null,
  epoch: string,
  transferUid: string | null = null,
): Snapshot["ledger"]["entries"][number] {
  return {
    stream,
    sequence: BigInt(sequence),
    version: BigInt(version),
    timestampUsec: BigInt(version) * 1000000n + 1767000000000000n,
    epoch: BigInt(epoch),
    amount: BigInt(amount),
    category,
    counterparty,
    transferUid: transferUid === null ? null : BigInt(transferUid),
    txHash: `0x${version.padStart(64, "0")}`,
    txSender: counterparty,
    txFunction: category === "donation" ? "0x1::ol_account::transfer" : "0x1::diem_governance::trigger_epoch",
  };
}
