import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { distinctLedgerVersions, sumWalletFigures } from "../../../../src/lib/figures/wallet-totals.ts";

const U64_MAX = 2n ** 64n - 1n;

describe("sumWalletFigures", () => {
  it("adds each figure over the wallets, exactly, beyond what a float holds", () => {
    const total = sumWalletFigures([
      { balance: U64_MAX, donated: 1n, paidOut: 0n, fees: 3n },
      { balance: U64_MAX, donated: 2n, paidOut: 5n, fees: 0n },
    ]);
    expect(total).toEqual({ balance: 2n * U64_MAX, donated: 3n, paidOut: 5n, fees: 3n });
  });

  it("is zero for no wallets and the wallet itself for one", () => {
    expect(sumWalletFigures([])).toEqual({ balance: 0n, donated: 0n, paidOut: 0n, fees: 0n });
    const one = { balance: 7n, donated: 8n, paidOut: 9n, fees: 1n };
    expect(sumWalletFigures([one])).toEqual(one);
  });

  it("does not depend on the order of the wallets", () => {
    const figures = fc.record({
      balance: fc.bigInt({ min: 0n, max: U64_MAX }),
      donated: fc.bigInt({ min: 0n, max: U64_MAX }),
      paidOut: fc.bigInt({ min: 0n, max: U64_MAX }),
      fees: fc.bigInt({ min: 0n, max: U64_MAX }),
    });
    fc.assert(
      fc.property(fc.array(figures, { maxLength: 6 }), (wallets) => {
        expect(sumWalletFigures([...wallets].reverse())).toEqual(sumWalletFigures(wallets));
      }),
    );
  });
});

describe("distinctLedgerVersions", () => {
  it("is one version when every wallet was read at the same one, else each once in order", () => {
    expect(distinctLedgerVersions([26n, 26n])).toEqual([26n]);
    expect(distinctLedgerVersions([1813n, 26n, 1813n])).toEqual([1813n, 26n]);
  });
});
