import type { Snapshot } from "../../schemas/snapshot.ts";

/**
 * The books: opening balance + inflows − outflows must equal the on-chain balance at V, to the base unit.
 * Every inflow and outflow is a recorded ledger entry (other inflows included, under their own category), so a
 * difference means a movement we did not see, and the snapshot must not be written.
 */

export interface BooksInput {
  opening: bigint;
  entries: ReadonlyArray<{ stream: "deposit" | "withdraw"; amount: bigint }>;
  /** `CoinStore.coin.value` at V. */
  balance: bigint;
}

export interface BooksResult {
  inflows: bigint;
  outflows: bigint;
  /** opening + inflows − outflows. */
  expected: bigint;
  balance: bigint;
  /** balance − expected; 0 when the books balance. */
  difference: bigint;
  balanced: boolean;
}

export function reconcileBooks(input: BooksInput): BooksResult {
  let inflows = 0n;
  let outflows = 0n;
  for (const entry of input.entries) {
    if (entry.stream === "deposit") inflows += entry.amount;
    else outflows += entry.amount;
  }
  const expected = input.opening + inflows - outflows;
  const difference = input.balance - expected;
  return { inflows, outflows, expected, balance: input.balance, difference, balanced: difference === 0n };
}

/** The books of a whole snapshot: its opening balance, every ledger entry, and the CoinStore balance at its V. */
export function snapshotBooks(snapshot: Pick<Snapshot, "ledger" | "wallet">): BooksResult {
  return reconcileBooks({
    opening: snapshot.ledger.opening.amount,
    entries: snapshot.ledger.entries,
    balance: snapshot.wallet.balance.coinStoreValue,
  });
}
