import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  buildFeeReport,
  capCheck,
  compareDisbursementIds,
  type FeeConfig,
  feeLinkProblems,
  formatRate,
  listDisbursements,
  splitProRata,
} from "../../../../src/lib/figures/fees.ts";
import type { LedgerEntry, Snapshot, TransferRecord } from "../../../../src/schemas/snapshot.ts";
import { buildTestSnapshot, STEWARD, TEAM } from "../../../support/snapshot/build-test-snapshot.ts";

const OTHER = `0x${"e".repeat(64)}`;
const usec = (iso: string) => BigInt(Date.parse(iso)) * 1000n;
const PROPERTY_RUNS = 10_000;
/** 10^4 whole-snapshot runs take seconds; on a loaded 2-core machine more than vitest's default 5 s. */
const PROPERTY_TIMEOUT_MS = 60_000;

function withdrawal(
  sequence: string,
  iso: string,
  amount: string,
  payee: string | null,
  category: LedgerEntry["category"] = "payout",
  transferUid: string | null = null,
): LedgerEntry {
  const base = buildTestSnapshot().ledger.entries[3] as LedgerEntry;
  return {
    ...base,
    sequence: BigInt(sequence),
    timestampUsec: usec(iso),
    amount: BigInt(amount),
    counterparty: payee,
    category,
    transferUid: transferUid === null ? null : BigInt(transferUid),
  };
}

function transfer(
  uid: string,
  payee: string,
  amount: string,
  status: TransferRecord["status"],
  text = "",
): TransferRecord {
  const base = buildTestSnapshot().transfers[0] as TransferRecord;
  return { ...base, uid: BigInt(uid), payee, amount: BigInt(amount), status, description: { hex: "0x", text } };
}

describe("splitProRata", () => {
  it("gives floor shares, then the leftover units to the largest remainders, ties to the lowest uid", () => {
    // 7 × 1/3 = 2 r1, 7 × 2/3 = 4 r2: the one unit left goes to the larger remainder.
    expect(
      splitProRata(7n, [
        { id: "1", weight: 1n },
        { id: "2", weight: 2n },
      ]),
    ).toEqual(
      new Map([
        ["1", 2n],
        ["2", 5n],
      ]),
    );
    // Equal remainders: the lowest uid (numerically: 3 before 12) wins, whatever the input order.
    expect(
      splitProRata(10n, [
        { id: "12", weight: 1n },
        { id: "3", weight: 1n },
        { id: "withdrawal-0", weight: 1n },
      ]),
    ).toEqual(
      new Map([
        ["12", 3n],
        ["3", 4n],
        ["withdrawal-0", 3n],
      ]),
    );
    expect(() => splitProRata(5n, [{ id: "1", weight: 0n }])).toThrow(RangeError);
  });

  it("orders transfer uids numerically and withdrawals without a uid after them", () => {
    expect(["withdrawal-2", "10", "withdrawal-10", "9", "withdrawal-2.1"].sort(compareDisbursementIds)).toEqual([
      "9",
      "10",
      "withdrawal-2",
      "withdrawal-2.1",
      "withdrawal-10",
    ]);
  });

  it("never creates or loses a base unit, and no share is more than one unit off its exact value", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.uniqueArray(
          fc.record({ id: fc.integer({ min: 0, max: 50 }), weight: fc.bigInt({ min: 0n, max: 10n ** 9n }) }),
          {
            minLength: 1,
            maxLength: 6,
            selector: (item) => item.id,
          },
        ),
        (amount, raw) => {
          fc.pre(raw.some((item) => item.weight > 0n));
          const weights = raw.map((item) => ({ id: String(item.id), weight: item.weight }));
          const total = weights.reduce((sum, item) => sum + item.weight, 0n);
          const shares = splitProRata(amount, weights);
          expect([...shares.values()].reduce((sum, share) => sum + share, 0n)).toBe(amount);
          for (const item of weights) {
            const floor = (amount * item.weight) / total;
            const share = shares.get(item.id) as bigint;
            expect(share === floor || share === floor + 1n).toBe(true);
          }
          // The order weights are given in does not matter.
          expect(splitProRata(amount, [...weights].reverse())).toEqual(shares);
        },
      ),
      { numRuns: PROPERTY_RUNS },
    );
  });
});

describe("capCheck and formatRate", () => {
  it("says within the cap exactly when fee × 10000 ≤ base × capBps, with headroom or excess", () => {
    expect(capCheck(12_000_000n, 300_000_000n, 400n)).toMatchObject({
      allowance: 12_000_000n,
      withinCap: true,
      headroom: 0n,
      excess: 0n,
    });
    expect(capCheck(20_000_000n, 300_000_000n, 400n)).toMatchObject({
      allowance: 12_000_000n,
      withinCap: false,
      headroom: 0n,
      excess: 8_000_000n,
    });
    // 49 units allow 1.96 -> 1: a fee of 2 breaches even though 2 < 1.96 rounded up.
    expect(capCheck(2n, 49n, 400n).withinCap).toBe(false);
    expect(capCheck(0n, 0n, 400n).withinCap).toBe(true);
    expect(capCheck(1n, 0n, 400n).withinCap).toBe(false);
  });

  it("formats rates exactly, as whole basis points or a reduced fraction", () => {
    expect(formatRate(capCheck(1_400_000_000n, 40_000_000_000n, 400n).rate)).toBe("350 bps");
    expect(formatRate(capCheck(20_000_000n, 300_000_000n, 400n).rate)).toBe("666 2/3 bps");
    expect(formatRate(capCheck(1n, 30_000n, 400n).rate)).toBe("1/3 bps");
    expect(formatRate(capCheck(0n, 0n, 400n).rate)).toBe("no base");
  });

  it("withinCap ⇔ fee × 10000 ≤ award × capBps ⇔ fee ≤ allowance, for any u64-sized figures and caps", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
        fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
        fc.integer({ min: 1, max: 10_000 }),
        (fee, base, cap) => {
          const check = capCheck(fee, base, BigInt(cap));
          expect(check.withinCap).toBe(fee * 10_000n <= base * BigInt(cap));
          expect(check.withinCap).toBe(fee <= check.allowance);
          expect(check.withinCap ? check.allowance - check.headroom : check.allowance + check.excess).toBe(fee);
        },
      ),
      { numRuns: PROPERTY_RUNS },
    );
  });
});

describe("buildFeeReport on the test snapshot", () => {
  it("allocates the unlinked 20 LIBRA advance to the steward to the quarter's one award, and names the breach", () => {
    const report = buildFeeReport(buildTestSnapshot(), { stewards: [STEWARD] });
    const award = report.awards.get("5");
    expect(award).toMatchObject({
      basis: "allocated",
      linked: 0n,
      allocated: 20_000_000n,
      charged: 20_000_000n,
      net: 300_000_000n,
      gross: 320_000_000n,
      allowance: 12_000_000n,
      withinCap: false,
      excess: 8_000_000n,
    });
    expect(formatRate(award?.rate ?? { numerator: 0n, denominator: 0n })).toBe("666 2/3 bps");
    expect(report.fees.get("withdrawal-1")).toMatchObject({
      linkSource: null,
      charges: [],
      pool: "2025-Q4",
      unallocated: 0n,
    });
    expect(report.pools.get("2025-Q4")).toEqual({
      quarter: "2025-Q4",
      total: 20_000_000n,
      feeIds: ["withdrawal-1"],
      awardIds: ["5"],
      awardTotal: 300_000_000n,
    });
    expect(report.quarters).toEqual([
      expect.objectContaining({ quarter: "2025-Q4", awards: 300_000_000n, fees: 20_000_000n, withinCap: false }),
    ]);
    expect(report.breaches.awards.map((a) => a.award.id)).toEqual(["5"]);
    expect(report.breaches.quarters.map((q) => q.quarter)).toEqual(["2025-Q4"]);
    expect(report.breaches.lifetime).toBe(true);
  });

  it("classifies every disbursement with the rule that decided it", () => {
    const snapshot = buildTestSnapshot();
    snapshot.ledger.entries.push(
      withdrawal("2", "2025-12-30T00:00:00Z", "1000000", OTHER, "other-outflow"),
      withdrawal("3", "2025-12-30T00:00:00Z", "1000000", null, "advance"),
      withdrawal("4", "2025-12-30T00:00:00Z", "1000000", OTHER, "advance"),
    );
    const config: FeeConfig = { stewards: [STEWARD], teams: [{ address: TEAM, name: "Team" }] };
    const rules = (s: Snapshot) =>
      listDisbursements(s, config).map((d) => [d.id, d.classification.kind, d.classification.rule]);
    expect(rules(snapshot)).toEqual([
      ["5", "award", "known-team"],
      ["withdrawal-1", "fee", "steward"],
      ["withdrawal-2", "other", "other-outflow"],
      ["withdrawal-3", "award", "no-payee"],
      ["withdrawal-4", "award", "not-steward"],
    ]);
    snapshot.wallet.freeze.isFrozen = true;
    expect(rules(snapshot)[2]).toEqual(["withdrawal-2", "refund-liquidation", "wallet-liquidating"]);
  });

  it("charges a linked fee against its award only, leaving an unlinked fee with no award to carry it unallocated", () => {
    const snapshot = buildTestSnapshot();
    snapshot.transfers.push(transfer("6", STEWARD, "10000000", "paid"));
    snapshot.ledger.entries.push(withdrawal("2", "2025-12-30T00:00:00Z", "10000000", STEWARD, "payout", "6"));
    const report = buildFeeReport(snapshot, { stewards: [STEWARD], feeLinks: [{ fee: "6", awards: ["5"] }] });
    expect(report.awards.get("5")).toMatchObject({ basis: "linked", linked: 10_000_000n, allocated: 0n });
    expect(report.fees.get("6")).toMatchObject({ linkSource: "config", linkedAwards: ["5"], unallocated: 0n });
    expect(report.fees.get("withdrawal-1")).toMatchObject({ charges: [], pool: null, unallocated: 20_000_000n });
    expect(report.lifetime).toMatchObject({ awards: 300_000_000n, fees: 30_000_000n });
  });

  it("reads links from a fee's description with the pattern, ignoring numbers that are not awards", () => {
    const snapshot = buildTestSnapshot();
    snapshot.transfers.push(transfer("6", STEWARD, "10000000", "paid", "fee for #5, #99 and #6"));
    snapshot.ledger.entries.push(withdrawal("2", "2025-12-30T00:00:00Z", "10000000", STEWARD, "payout", "6"));
    const config = { stewards: [STEWARD], feeDescriptionPattern: "#(?<uid>[0-9]{1,20})" };
    expect(buildFeeReport(snapshot, config).fees.get("6")).toMatchObject({
      linkSource: "description",
      linkedAwards: ["5"],
      ignoredReferences: ["99", "6"],
    });
    // An explicit link wins over the description.
    snapshot.transfers.push(transfer("7", TEAM, "1000000", "scheduled"));
    const explicit = buildFeeReport(snapshot, { ...config, feeLinks: [{ fee: "6", awards: ["7"] }] });
    expect(explicit.fees.get("6")).toMatchObject({ linkSource: "config", linkedAwards: ["7"], charges: [] });
    expect(explicit.fees.get("6")?.unallocated).toBe(10_000_000n);
    // Without a pattern, descriptions link nothing.
    expect(buildFeeReport(snapshot, { stewards: [STEWARD] }).fees.get("6")?.linkSource).toBeNull();
  });

  it("counts pending apart in the quarter they fall due, and shows vetoed payments without counting them", () => {
    const snapshot = buildTestSnapshot();
    snapshot.transfers.push(
      transfer("7", TEAM, "100000000", "scheduled"),
      transfer("8", STEWARD, "5000000", "vetoed"),
      transfer("9", STEWARD, "4000000", "overdue"),
      transfer("10", TEAM, "50000000", "vetoed"),
    );
    const report = buildFeeReport(snapshot, { stewards: [STEWARD], feeLinks: [{ fee: "9", awards: ["7"] }] });
    // Deadline epoch 1233 closes when epoch 1234 starts, 2026-01-01T00:00:00Z: quarter 2026-Q1.
    expect(report.quarters.map((q) => [q.quarter, q.awards, q.fees, q.pendingAwards, q.pendingFees])).toEqual([
      ["2025-Q4", 300_000_000n, 20_000_000n, 0n, 0n],
      ["2026-Q1", 0n, 0n, 100_000_000n, 4_000_000n],
    ]);
    expect(report.lifetime).toMatchObject({
      awards: 300_000_000n,
      fees: 20_000_000n,
      pendingAwards: 100_000_000n,
      pendingFees: 4_000_000n,
      vetoedAwards: 50_000_000n,
      vetoedFees: 5_000_000n,
    });
    expect(report.awards.get("7")?.pendingCharges).toEqual([{ feeId: "9", awardId: "7", amount: 4_000_000n }]);
    expect(report.fees.get("8")?.charges).toEqual([]);
    expect(report.awards.get("5")?.allocated).toBe(20_000_000n);
  });

  it("shows a transfer marked paid before the ledger begins as unrecorded and counts it nowhere", () => {
    const snapshot = buildTestSnapshot();
    snapshot.transfers.push(transfer("6", TEAM, "700000000", "paid"));
    const report = buildFeeReport(snapshot, { stewards: [STEWARD] });
    expect(report.awards.get("6")?.award.state).toBe("unrecorded");
    expect(report.lifetime.awards).toBe(300_000_000n);
  });

  it("names every fee link whose uid the snapshot lacks or has as the other kind", () => {
    const snapshot = buildTestSnapshot();
    snapshot.transfers.push(transfer("6", STEWARD, "10000000", "scheduled"));
    const config = {
      stewards: [STEWARD],
      feeLinks: [
        { fee: "6", awards: ["5", "404"] },
        { fee: "5", awards: ["6"] },
      ],
    };
    expect(feeLinkProblems(listDisbursements(snapshot, config), config)).toEqual([
      "feeLinks[0].awards[1]: no transfer 404 in the snapshot",
      "feeLinks[1].fee: transfer 5 is not a fee (its payee is not a steward)",
      "feeLinks[1].awards[0]: transfer 6 is not an award (it is a fee)",
    ]);
  });
});

/** Random small programs: awards and fees (transfers or bare withdrawals) over three quarters, links, states. */
const QUARTER_DAYS = ["2025-08-15", "2025-11-15", "2026-02-15"];
interface RandomPayment {
  fee: boolean;
  amount: bigint;
  quarter: number;
  state: "paid" | "scheduled" | "vetoed";
  payee: string;
  links: number[];
}
const paymentArb: fc.Arbitrary<RandomPayment> = fc.record({
  fee: fc.boolean(),
  amount: fc.bigInt({ min: 0n, max: 10n ** 9n }),
  quarter: fc.integer({ min: 0, max: 2 }),
  state: fc.constantFrom<RandomPayment["state"]>("paid", "paid", "paid", "scheduled", "vetoed"),
  payee: fc.constantFrom(TEAM, OTHER),
  links: fc.array(fc.nat({ max: 7 }), { maxLength: 3 }),
});

function randomProgram(payments: RandomPayment[]): { snapshot: Snapshot; config: FeeConfig } {
  const snapshot = buildTestSnapshot();
  snapshot.transfers = [];
  snapshot.ledger.entries = [];
  const feeLinks: { fee: string; awards: string[] }[] = [];
  const awardUids = payments.flatMap((p, i) => (p.fee ? [] : [String(100 + i)]));
  payments.forEach((payment, index) => {
    const uid = String(100 + index);
    const payee = payment.fee ? STEWARD : payment.payee;
    const time = `${QUARTER_DAYS[payment.quarter]}T00:00:00Z`;
    // Every third paid payment is a bare withdrawal (an advance, no uid); the rest settle a transfer.
    const bare = payment.state === "paid" && index % 3 === 2;
    if (!bare) {
      snapshot.transfers.push(transfer(uid, payee, payment.amount.toString(), payment.state));
    }
    if (payment.state === "paid") {
      snapshot.ledger.entries.push(
        withdrawal(
          String(index),
          time,
          payment.amount.toString(),
          payee,
          bare ? "advance" : "payout",
          bare ? null : uid,
        ),
      );
    }
    const targets = [...new Set(payment.links.map((n) => awardUids[n]).filter((u): u is string => u !== undefined))];
    if (payment.fee && !bare && targets.length > 0) {
      // Only link to awards that are transfers (bare withdrawals have no uid to link).
      const transferTargets = targets.filter((t) => {
        const i = Number(t) - 100;
        const p = payments[i];
        return p !== undefined && !(p.state === "paid" && i % 3 === 2);
      });
      if (transferTargets.length > 0) feeLinks.push({ fee: uid, awards: transferTargets });
    }
  });
  return { snapshot, config: { stewards: [STEWARD], feeLinks } };
}

describe("buildFeeReport properties", () => {
  const programs = fc.array(paymentArb, { maxLength: 8 }).map(randomProgram);

  it(
    "parts sum to the whole: fee charges + unallocated = fees, quarters = lifetime, gross = net + fee",
    () => {
      fc.assert(
        fc.property(programs, ({ snapshot, config }) => {
          expect(feeLinkProblems(listDisbursements(snapshot, config), config)).toEqual([]);
          const report = buildFeeReport(snapshot, config);
          let paidFees = 0n;
          let paidAwards = 0n;
          let charged = 0n;
          for (const use of report.fees.values()) {
            const counted = use.fee.state === "paid";
            if (counted) paidFees += use.fee.amount;
            const sum = use.charges.reduce((s, c) => s + c.amount, 0n) + use.unallocated;
            // A paid fee is charged to its linked awards, joins its quarter's pool, or is unallocated: exactly one.
            if (use.pool !== null) expect([use.charges, use.unallocated, counted]).toEqual([[], 0n, true]);
            else expect(sum).toBe(counted ? use.fee.amount : 0n);
          }
          for (const award of report.awards.values()) {
            if (award.award.state === "paid") paidAwards += award.award.amount;
            else expect(award.charged).toBe(0n);
            expect(award.gross).toBe(award.net + award.charged);
            expect(award.linked).toBe(award.charges.reduce((s, c) => s + c.amount, 0n));
            expect(award.charged).toBe(award.linked + award.allocated);
            charged += award.charged;
          }
          const unallocated = [...report.fees.values()].reduce((s, u) => s + u.unallocated, 0n);
          // Each pool is shared out to the unit among its awards.
          for (const pool of report.pools.values()) {
            const shared = pool.awardIds.reduce((s, id) => s + (report.awards.get(id)?.allocated ?? 0n), 0n);
            expect(shared).toBe(pool.awardIds.length > 0 ? pool.total : 0n);
          }
          expect(charged + unallocated).toBe(paidFees);
          expect(report.lifetime.fees).toBe(paidFees);
          expect(report.lifetime.awards).toBe(paidAwards);
          for (const key of ["awards", "fees", "pendingAwards", "pendingFees", "vetoedAwards", "vetoedFees"] as const) {
            expect(report.quarters.reduce((s, q) => s + q[key], 0n)).toBe(report.lifetime[key]);
          }
        }),
        { numRuns: PROPERTY_RUNS },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    "within cap exactly when fee × 10000 ≤ award × 400, for every award, quarter and the lifetime",
    () => {
      fc.assert(
        fc.property(programs, ({ snapshot, config }) => {
          const report = buildFeeReport(snapshot, config);
          const rows = [
            ...[...report.awards.values()].map((a) => ({ fee: a.charged, base: a.award.amount, row: a })),
            ...report.quarters.map((q) => ({ fee: q.fees, base: q.awards, row: q })),
            { fee: report.lifetime.fees, base: report.lifetime.awards, row: report.lifetime },
          ];
          for (const { fee, base, row } of rows) {
            expect(row.withinCap).toBe(fee * 10_000n <= base * 400n);
            expect(row.allowance).toBe((base * 400n) / 10_000n);
          }
          expect(report.breaches.lifetime).toBe(!report.lifetime.withinCap);
          expect(report.breaches.quarters).toEqual(report.quarters.filter((q) => !q.withinCap));
        }),
        { numRuns: PROPERTY_RUNS },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    "vetoed payments change no counted total; linked awards never get an allocated share",
    () => {
      fc.assert(
        fc.property(programs, fc.bigInt({ min: 1n, max: 10n ** 6n }), ({ snapshot, config }, bump) => {
          const report = buildFeeReport(snapshot, config);
          for (const use of report.fees.values()) {
            if (use.fee.state === "vetoed") expect(use.charges).toEqual([]);
            if (use.fee.state === "paid" && use.linkSource !== null) {
              expect(use.pool).toBeNull();
            }
          }
          const linked = new Set(
            [...report.fees.values()].filter((u) => u.fee.state !== "vetoed").flatMap((u) => u.linkedAwards),
          );
          for (const award of report.awards.values()) {
            if (linked.has(award.award.id)) expect(award.allocated).toBe(0n);
          }
          // Making every vetoed payment larger leaves the counted figures as they were.
          const bigger = structuredClone(snapshot);
          for (const t of bigger.transfers) if (t.status === "vetoed") t.amount += bump;
          const again = buildFeeReport(bigger, config);
          expect([again.lifetime.awards, again.lifetime.fees, again.lifetime.withinCap]).toEqual([
            report.lifetime.awards,
            report.lifetime.fees,
            report.lifetime.withinCap,
          ]);
          expect([...again.awards.values()].map((a) => a.charged)).toEqual(
            [...report.awards.values()].map((a) => a.charged),
          );
        }),
        { numRuns: PROPERTY_RUNS },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});
