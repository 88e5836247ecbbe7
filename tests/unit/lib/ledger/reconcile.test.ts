import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { reconcileBooks } from "../../../../src/lib/ledger/reconcile.ts";

describe("reconcileBooks", () => {
  it("balances when opening + inflows − outflows equals the balance, to the base unit", () => {
    const result = reconcileBooks({
      opening: 1_000n,
      entries: [
        { stream: "deposit", amount: 500n },
        { stream: "withdraw", amount: 200n },
      ],
      balance: 1_300n,
    });
    expect(result).toEqual({
      inflows: 500n,
      outflows: 200n,
      expected: 1_300n,
      balance: 1_300n,
      difference: 0n,
      balanced: true,
    });
  });

  it("reports a one-unit difference", () => {
    const result = reconcileBooks({ opening: 0n, entries: [{ stream: "deposit", amount: 10n }], balance: 11n });
    expect(result.balanced).toBe(false);
    expect(result.difference).toBe(1n);
  });

  it("balances over random ledgers, and any missing movement unbalances it", () => {
    const movement = fc.record({
      stream: fc.constantFrom<"deposit" | "withdraw">("deposit", "withdraw"),
      amount: fc.bigInt({ min: 1n, max: 10n ** 15n }),
    });
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 18n }),
        fc.array(movement, { maxLength: 60 }),
        (opening, entries) => {
          let balance = opening;
          for (const e of entries) balance += e.stream === "deposit" ? e.amount : -e.amount;
          expect(reconcileBooks({ opening, entries, balance }).balanced).toBe(true);
          if (entries.length > 0) {
            expect(reconcileBooks({ opening, entries: entries.slice(1), balance }).balanced).toBe(false);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
