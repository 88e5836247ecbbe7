/**
 * The program's combined figures when it has several wallets: each wallet's headline figures side by side and their
 * sums. Exact bigint sums of figures the wallets' own overviews show; nothing is converted or rounded.
 */

/** One wallet's figures, in base units. */
export interface WalletFigures {
  balance: bigint;
  donated: bigint;
  paidOut: bigint;
  fees: bigint;
}

export type WalletFigureName = keyof WalletFigures;

/** The columns of the combined table, in order. */
export const WALLET_FIGURE_NAMES: readonly WalletFigureName[] = ["balance", "donated", "paidOut", "fees"];

/** Each figure summed over the wallets. An empty list sums to zero. */
export function sumWalletFigures(wallets: readonly WalletFigures[]): WalletFigures {
  const total: WalletFigures = { balance: 0n, donated: 0n, paidOut: 0n, fees: 0n };
  for (const wallet of wallets) for (const name of WALLET_FIGURE_NAMES) total[name] += wallet[name];
  return total;
}

/**
 * The ledger versions the wallets were read at, once each in first-seen order: one version when every snapshot
 * was read at the same chain state, several when the combined figures add up readings of different moments.
 */
export function distinctLedgerVersions(versions: readonly bigint[]): bigint[] {
  return [...new Set(versions)];
}
