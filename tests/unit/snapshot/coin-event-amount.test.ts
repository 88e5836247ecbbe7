import { describe, expect, it } from "vitest";
import { CoinEventDataSchema } from "../../../src/schemas/chain-resources.ts";
import { coinEventAmount } from "../../../src/snapshot/read-chain.ts";

/** Event data as nodes send it, good and bad: the fast reading must agree with the schema on every one. */
const samples: unknown[] = [
  { amount: "0" },
  { amount: "50000000" },
  { amount: "18446744073709551615" },
  { amount: "18446744073709551616" },
  { amount: "01" },
  { amount: "-1" },
  { amount: "1e6" },
  { amount: " 1" },
  { amount: 5 },
  { amount: null },
  { epoch: "3" },
  { amount: "7", extra: true },
  {},
  [],
  ["5"],
  null,
  "5",
  5,
  undefined,
];

describe("coinEventAmount", () => {
  it("reads exactly what CoinEventDataSchema accepts, with the same amount", () => {
    for (const data of samples) {
      const parsed = CoinEventDataSchema.safeParse(data);
      expect(coinEventAmount(data), JSON.stringify(data) ?? "undefined").toBe(
        parsed.success ? parsed.data.amount : undefined,
      );
    }
  });

  it("gives the amount as an exact bigint", () => {
    expect(coinEventAmount({ amount: "18446744073709551615" })).toBe(18446744073709551615n);
  });
});
