import type { StateExport, WalletState } from "../../schemas/state-history.ts";

/**
 * Does a community wallet's own record of what it paid out add up?
 *
 * Two figures in one state export say how much left the wallet, and they are kept by different parts of the chain:
 *
 * - **paid out** = received − balance, where "received" is `cumulative_deposits.value` (every deposit the wallet
 *   ever took in) and balance is what it holds now;
 * - **recorded payments** = Σ of the `cumulative` amounts in the wallet's own `receipts` (one per destination).
 *
 * The rule, in order:
 *
 * 1. No cumulative deposits in the export (every v5 monthly export): `cannot-tell`, because "received" is unknown.
 * 2. difference = paid out − recorded payments (signed: positive means more left the wallet than its receipts
 *    record, negative means the receipts record more than left it).
 * 3. difference = 0: `agrees`, exactly.
 * 4. v6 (LIBRA) exports only: 0 < difference ≤ n, where n is the number of receipts, is `agrees` within the
 *    **rebase allowance**. Why: the v5→v6 rebase multiplied every stored amount by one factor f and floored each
 *    result separately. For amounts stated in GAS with received V, balance B and receipts R₁…Rₙ where V − B = ΣRᵢ,
 *    floor(V·f) − floor(B·f) lies strictly between (V−B)·f − 1 and (V−B)·f + 1, while Σ floor(Rᵢ·f) lies in
 *    (ΣRᵢ·f − n, ΣRᵢ·f]; so the rebased difference is an integer in 0…n. Flooring can never make it negative.
 *    Movements after the rebase are not scaled and add no rounding.
 * 5. Anything else: `differs`, by the signed difference. This says only that the two records do not match; it can
 *    mean movements that receipts do not record (fees, burns, transfers outside the payment path, a record started
 *    after some payments were made), not that anything was taken.
 *
 * Amounts are bigint base units of the export's own unit; nothing is converted or rounded here.
 */

export type ConsistencyCheck =
  | {
      kind: "agrees";
      paidOut: bigint;
      recorded: bigint;
      /** paid out − recorded: 0, or within `allowance` for a rebased export. */
      difference: bigint;
      /** The largest difference accepted as rebase flooring (0 when the export was not rebased). */
      allowance: bigint;
    }
  | { kind: "differs"; paidOut: bigint; recorded: bigint; difference: bigint; allowance: bigint }
  | { kind: "cannot-tell"; recorded: bigint; reason: "no-cumulative-deposits" };

/** What the check reads from a wallet state. */
export type ConsistencyInput = Pick<WalletState, "balance" | "cumulativeDeposits" | "payments">;

/** The largest shortfall of receipts that the rebase's per-value flooring can explain (rule 4). */
export function rebaseAllowance(paymentCount: number, era: StateExport["era"]): bigint {
  return era === "v6" ? BigInt(paymentCount) : 0n;
}

/** Σ of the wallet's recorded payments (its receipts' cumulative amounts). */
export function recordedPayments(state: Pick<WalletState, "payments">): bigint {
  return state.payments.reduce((total, payment) => total + BigInt(payment.cumulative), 0n);
}

/** Checks one wallet state of an export of era `era` (see the module comment for the rule). */
export function checkConsistency(state: ConsistencyInput, era: StateExport["era"]): ConsistencyCheck {
  const recorded = recordedPayments(state);
  if (state.cumulativeDeposits === null) return { kind: "cannot-tell", recorded, reason: "no-cumulative-deposits" };
  const paidOut = BigInt(state.cumulativeDeposits.value) - BigInt(state.balance);
  const difference = paidOut - recorded;
  const allowance = rebaseAllowance(state.payments.length, era);
  const agrees = difference >= 0n && difference <= allowance;
  return { kind: agrees ? "agrees" : "differs", paidOut, recorded, difference, allowance };
}
