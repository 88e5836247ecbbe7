import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkConsistency, rebaseAllowance, recordedPayments } from "../../../../src/lib/state/consistency.ts";
import type { WalletState } from "../../../../src/schemas/state-history.ts";

const DEST = `0x${"ab".repeat(32)}`;

function state(balance: bigint, received: bigint | null, payments: readonly bigint[]) {
  return {
    balance: balance.toString(),
    cumulativeDeposits: received === null ? null : { value: received.toString(), index: "0", depositors: [] },
    payments: payments.map((cumulative) => ({
      destination: DEST,
      cumulative: cumulative.toString(),
      lastPaymentTimestampSecs: "0",
      lastPaymentValue: cumulative.toString(),
    })),
  } satisfies Pick<WalletState, "balance" | "cumulativeDeposits" | "payments">;
}

describe("checkConsistency", () => {
  it("cannot tell without cumulative deposits (v5 exports), but still sums the receipts", () => {
    expect(checkConsistency(state(10n, null, [3n, 4n]), "v5")).toEqual({
      kind: "cannot-tell",
      recorded: 7n,
      reason: "no-cumulative-deposits",
    });
  });

  it("agrees exactly when received − balance is the sum of the receipts, beyond 2^53", () => {
    const big = 2n ** 60n + 7n;
    const check = checkConsistency(state(5n, big + 5n, [big - 1n, 1n]), "v6");
    expect(check).toEqual({ kind: "agrees", paidOut: big, recorded: big, difference: 0n, allowance: 2n });
  });

  it("agrees within the rebase allowance (one base unit per receipt) in v6, never in v5 or below zero", () => {
    expect(checkConsistency(state(0n, 12n, [5n, 5n]), "v6")).toMatchObject({ kind: "agrees", difference: 2n });
    expect(checkConsistency(state(0n, 13n, [5n, 5n]), "v6")).toMatchObject({ kind: "differs", difference: 3n });
    expect(checkConsistency(state(0n, 9n, [5n, 5n]), "v6")).toMatchObject({ kind: "differs", difference: -1n });
    expect(checkConsistency(state(0n, 11n, [5n, 5n]), "v5")).toMatchObject({
      kind: "differs",
      difference: 1n,
      allowance: 0n,
    });
  });

  it("reports the signed difference when the records do not match", () => {
    // A real case: received equals balance while receipts record payments (the deposit record began later).
    expect(checkConsistency(state(100n, 100n, [40n]), "v6")).toEqual({
      kind: "differs",
      paidOut: 0n,
      recorded: 40n,
      difference: -40n,
      allowance: 1n,
    });
  });

  it("the allowance covers every flooring the rebase can cause (V − B = ΣRᵢ in GAS, each value floored after scaling)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 15n }), { maxLength: 30 }),
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        fc.bigInt({ min: 1n, max: 10n ** 9n }),
        fc.bigInt({ min: 1n, max: 10n ** 9n }),
        (receipts, balance, numerator, denominator) => {
          const scale = (units: bigint) => (units * numerator) / denominator; // floor for non-negative bigint
          const received = balance + receipts.reduce((a, b) => a + b, 0n);
          const rebased = state(scale(balance), scale(received), receipts.map(scale));
          const check = checkConsistency(rebased, "v6");
          expect(check.kind).toBe("agrees");
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("rebaseAllowance / recordedPayments", () => {
  it("allows one unit per receipt after the rebase and none before it", () => {
    expect(rebaseAllowance(7, "v6")).toBe(7n);
    expect(rebaseAllowance(7, "v5")).toBe(0n);
    expect(recordedPayments(state(0n, null, []))).toBe(0n);
  });
});
