import { describe, expect, it } from "vitest";
import { awardFeeWords, feePaymentWords, workedFeeExample } from "../../../../src/lib/figures/fee-words.ts";
import { buildFeeReport } from "../../../../src/lib/figures/fees.ts";
import type { TransferRecord } from "../../../../src/schemas/snapshot.ts";
import { buildTestSnapshot, STEWARD, TEAM } from "../../../support/snapshot/build-test-snapshot.ts";

const due = { iso: "2026-01-01T00:00:00Z", estimated: true, epoch: "1,233" };

function transfer(uid: string, payee: string, amount: string, status: TransferRecord["status"]): TransferRecord {
  const base = buildTestSnapshot().transfers[0] as TransferRecord;
  return { ...base, uid: BigInt(uid), payee, amount: BigInt(amount), status, description: { hex: "0x", text: "" } };
}

function report() {
  const snapshot = buildTestSnapshot();
  snapshot.transfers.push(
    transfer("7", TEAM, "100000000", "scheduled"),
    transfer("9", STEWARD, "3000000", "scheduled"),
    transfer("10", TEAM, "50000000", "vetoed"),
  );
  return buildFeeReport(snapshot, { stewards: [STEWARD], feeLinks: [{ fee: "9", awards: ["7"] }] });
}
const nameOf = (id: string) => ({ text: `transfer #${id}`, payee: "Health Plan", amount: 100_000_000n });

describe("the fee block in words", () => {
  it("leads a paid award with the verdict, a breach included with its excess", () => {
    const words = awardFeeWords(report().awards.get("5")!, 400n, "LIBRA", due);
    expect(words.sentence).toBe(
      "This award's fee: 20 LIBRA, 6.67 % of the 300 LIBRA awarded, over the 4 % cap by 8 LIBRA.",
    );
    expect(words.withinCap).toBe(false);
  });

  it("says plainly what a scheduled award is waiting for, and that a vetoed one cost nothing", () => {
    const fees = report();
    expect(awardFeeWords(fees.awards.get("7")!, 400n, "LIBRA", due).sentence).toBe(
      "Not paid yet: 100 LIBRA is due about 1 Jan 2026, 00:00 UTC (end of epoch 1,233), and a fee of 3 LIBRA is scheduled for it; its fee will count once both are paid.",
    );
    const vetoed = awardFeeWords(fees.awards.get("10")!, 400n, "LIBRA", due);
    expect(vetoed.sentence).toMatch(/^Vetoed: donors stopped this payment, so nothing was paid\./);
    expect(vetoed.verdict).toBeNull();
  });

  it("says which award a fee payment is for, paid, pooled or still scheduled", () => {
    const fees = report();
    expect(feePaymentWords(fees.fees.get("9")!, "LIBRA", due, nameOf)).toBe(
      "Not paid yet: this fee of 3 LIBRA is due about 1 Jan 2026, 00:00 UTC (end of epoch 1,233). It is for one award: transfer #7 (100 LIBRA to Health Plan), and will count once both are paid.",
    );
    expect(feePaymentWords(fees.fees.get("withdrawal-1")!, "LIBRA", due, nameOf)).toMatch(
      /^This fee of 20 LIBRA names no award, so it is shared, .* among the awards paid in 2025-Q4/,
    );
  });

  it("works an example from the first paid award that carries a fee", () => {
    const example = workedFeeExample(report().awards.values(), 400n, "LIBRA", (id) => ({
      text: `transfer #${id}`,
      payee: "Health Plan",
      amount: 300_000_000n,
    }));
    expect(example).toEqual({
      awardId: "5",
      sentence:
        "For example, transfer #5 paid 300 LIBRA to Health Plan; no fee payment names it, so it carries its share of its quarter's unnamed fee payments, 20 LIBRA. That is 6.67 % of the award, over the 4 % cap, which allows only 12 LIBRA.",
    });
    expect(workedFeeExample([], 400n, "LIBRA", nameOf)).toBeNull();
  });
});
