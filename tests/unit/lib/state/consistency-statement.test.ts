import { describe, expect, it } from "vitest";
import { consistencyStatement } from "../../../../src/lib/state/consistency-statement.ts";

const ACCUSING = /stol|theft|fraud|missing funds|misappropriat|suspicious/i;

describe("consistencyStatement", () => {
  it("says an exact match adds up", () => {
    const statement = consistencyStatement(
      { kind: "agrees", paidOut: 15_000_000n, recorded: 15_000_000n, difference: 0n, allowance: 2n },
      "LIBRA",
    );
    expect(statement.short).toBe("Adds up");
    expect(statement.sentence).toBe("Adds up: received − balance equals its recorded payments, to the last base unit.");
    expect(statement.detail).toBe(
      "received − balance = 15.00 LIBRA; recorded payments = 15.00 LIBRA; difference = 0 base units",
    );
  });

  it("explains a difference within the rebase allowance as its rounding", () => {
    const statement = consistencyStatement(
      { kind: "agrees", paidOut: 10_000_002n, recorded: 10_000_000n, difference: 2n, allowance: 2n },
      "LIBRA",
    );
    expect(statement.short).toBe("Adds up (rounding)");
    expect(statement.sentence).toContain("within 2 base units");
    expect(statement.sentence).toContain("at most one unit per recorded payment, here 2");
  });

  it("says by how much and which way a wallet differs, exactly, without accusing anyone", () => {
    const out = consistencyStatement(
      { kind: "differs", paidOut: 1_000_100n, recorded: 1_000_000n, difference: 100n, allowance: 0n },
      "LIBRA",
    );
    expect(out.short).toBe("Differs by 0.0001 LIBRA");
    expect(out.sentence).toMatch(
      /^Differs by 0\.0001 LIBRA: 0\.0001 LIBRA more left the wallet than its receipts record: movements its receipts do not record, e\.g\. /,
    );
    const recordedMore = consistencyStatement(
      { kind: "differs", paidOut: 0n, recorded: 40_000_000n, difference: -40_000_000n, allowance: 1n },
      "GAS",
    );
    expect(recordedMore.short).toBe("Differs by 40.00 GAS");
    expect(recordedMore.sentence).toContain("its receipts record 40.00 GAS more than left the wallet");
    for (const sentence of [out.sentence, recordedMore.sentence]) {
      expect(sentence).toContain("not by itself a sign that anything was taken");
      expect(sentence).not.toMatch(ACCUSING);
    }
  });

  it("says when an export cannot tell", () => {
    const statement = consistencyStatement(
      { kind: "cannot-tell", recorded: 7n, reason: "no-cumulative-deposits" },
      "GAS",
    );
    expect(statement.short).toBe("Cannot be checked");
    expect(statement.sentence).toContain("does not record the total the wallet received");
  });
});
