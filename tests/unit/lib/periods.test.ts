import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { U64_MAX } from "../../../src/lib/money.ts";
import {
  DEFAULT_EPOCH_USEC,
  dayOf,
  epochStartEstimator,
  estimateEpochStart,
  isoUtcOf,
  listMonths,
  listQuarters,
  MAX_LISTED_MONTHS,
  monthBounds,
  monthOf,
  previousDay,
  quarterBounds,
  quarterOf,
} from "../../../src/lib/periods.ts";
import type { EpochRecord } from "../../../src/schemas/snapshot.ts";

/** µs of a UTC wall time, via Date (fine in tests: the code under test does not use Date). */
const usec = (iso: string) => BigInt(Date.parse(iso)) * 1000n;
const DAY = 86_400_000_000n;

describe("quarterOf / monthOf / dayOf", () => {
  it("puts exactly 00:00:00 UTC on 1 Jan and 1 Apr in the new quarter, and the µs before in the old one", () => {
    expect(quarterOf(usec("2026-01-01T00:00:00Z"))).toBe("2026-Q1");
    expect(quarterOf(usec("2026-01-01T00:00:00Z") - 1n)).toBe("2025-Q4");
    expect(quarterOf(usec("2026-04-01T00:00:00Z"))).toBe("2026-Q2");
    expect(quarterOf(usec("2026-04-01T00:00:00Z") - 1n)).toBe("2026-Q1");
    expect(quarterOf(usec("2026-07-01T00:00:00Z"))).toBe("2026-Q3");
    expect(quarterOf(usec("2026-09-30T23:59:59.999Z"))).toBe("2026-Q3");
    expect(quarterOf(usec("2026-10-01T00:00:00Z"))).toBe("2026-Q4");
    expect(monthOf(usec("2026-07-15T12:00:00Z"))).toBe("2026-07");
    expect(monthOf(usec("2026-08-01T00:00:00Z") - 1n)).toBe("2026-07");
    expect(dayOf(usec("2026-07-15T23:59:59.999Z"))).toBe("2026-07-15");
  });

  it("handles leap days: 29 Feb 2024 and 2000 exist, 1900-style centuries do not (2100)", () => {
    expect(dayOf(usec("2024-02-29T12:00:00Z"))).toBe("2024-02-29");
    expect(dayOf(usec("2024-02-29T00:00:00Z") + DAY)).toBe("2024-03-01");
    expect(dayOf(usec("2000-02-28T00:00:00Z") + DAY)).toBe("2000-02-29");
    expect(dayOf(usec("2100-02-28T00:00:00Z") + DAY)).toBe("2100-03-01");
    expect(dayOf(usec("2023-02-28T00:00:00Z") + DAY)).toBe("2023-03-01");
    expect(monthOf(usec("2024-02-29T23:59:59Z"))).toBe("2024-02");
  });

  it("starts at the unix epoch, reaches u64::MAX µs, and refuses negative times", () => {
    expect(dayOf(0n)).toBe("1970-01-01");
    expect(quarterOf(0n)).toBe("1970-Q1");
    // 2^64 − 1 µs = 213,503,982 days + 8:01:49: 1,461 400-year cycles (584,400 years) after 1970 plus 56,265 days
    // (= 2124-01-19 in the 1970 cycle), far past anything Date can represent.
    expect(dayOf(U64_MAX)).toBe("586524-01-19");
    expect(quarterOf(U64_MAX)).toBe("586524-Q1");
    expect(isoUtcOf(U64_MAX)).toBe("586524-01-19T08:01:49Z");
    expect(() => dayOf(-1n)).toThrow(RangeError);
  });

  it("agrees with Date's UTC calendar for years 1970–9999", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 253_402_300_799_999_999n }), (t) => {
        const iso = new Date(Number(t / 1000n)).toISOString();
        expect(dayOf(t)).toBe(iso.slice(0, 10));
        expect(monthOf(t)).toBe(iso.slice(0, 7));
        expect(isoUtcOf(t)).toBe(`${iso.slice(0, 19)}Z`);
        const month = Number(iso.slice(5, 7));
        expect(quarterOf(t)).toBe(`${iso.slice(0, 4)}-Q${Math.ceil(month / 3)}`);
      }),
      { numRuns: 2000 },
    );
  });

  it("previousDay crosses month, year and leap-day boundaries", () => {
    expect(previousDay("2026-01-01")).toBe("2025-12-31");
    expect(previousDay("2024-03-01")).toBe("2024-02-29");
    expect(previousDay("2023-03-01")).toBe("2023-02-28");
    expect(() => previousDay("2026-1-01")).toThrow(RangeError);
  });
});

describe("quarterBounds / monthBounds", () => {
  it("gives the first µs of the quarter and of the next one", () => {
    expect(quarterBounds("2026-Q1")).toEqual({
      startUsec: usec("2026-01-01T00:00:00Z"),
      endUsec: usec("2026-04-01T00:00:00Z"),
    });
    expect(quarterBounds("2026-Q4")).toEqual({
      startUsec: usec("2026-10-01T00:00:00Z"),
      endUsec: usec("2027-01-01T00:00:00Z"),
    });
    // Q1 of a leap year is one day longer: 91 days instead of 90.
    const leap = quarterBounds("2024-Q1");
    expect(leap.endUsec - leap.startUsec).toBe(91n * DAY);
    const common = quarterBounds("2025-Q1");
    expect(common.endUsec - common.startUsec).toBe(90n * DAY);
    expect(monthBounds("2024-02")).toEqual({
      startUsec: usec("2024-02-01T00:00:00Z"),
      endUsec: usec("2024-03-01T00:00:00Z"),
    });
    expect(monthBounds("2025-12").endUsec).toBe(usec("2026-01-01T00:00:00Z"));
  });

  it.each(["2026-Q0", "2026-Q5", "2026Q1", "2026-q1", "26-Q1", "02026-Q1", " 2026-Q1", "2026-Q1 ", "1969-Q4", ""])(
    "rejects the quarter %j",
    (text) => {
      expect(() => quarterBounds(text)).toThrow(RangeError);
    },
  );

  it.each(["2026-00", "2026-13", "2026-7", "1969-12"])("rejects the month %j", (text) => {
    expect(() => monthBounds(text)).toThrow(RangeError);
  });

  it("contains every time of its quarter and round-trips through quarterOf", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: U64_MAX }), (t) => {
        const { startUsec, endUsec } = quarterBounds(quarterOf(t));
        expect(startUsec <= t && t < endUsec).toBe(true);
        expect(quarterOf(startUsec)).toBe(quarterOf(t));
        expect(quarterOf(endUsec)).not.toBe(quarterOf(t));
        const month = monthBounds(monthOf(t));
        expect(month.startUsec <= t && t < month.endUsec).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("listQuarters / listMonths", () => {
  it("lists every quarter touched, both ends included, across a year boundary", () => {
    expect(listQuarters(usec("2025-11-15T00:00:00Z"), usec("2026-04-01T00:00:00Z"))).toEqual([
      "2025-Q4",
      "2026-Q1",
      "2026-Q2",
    ]);
    expect(listQuarters(usec("2026-04-01T00:00:00Z") - 1n, usec("2026-04-01T00:00:00Z") - 1n)).toEqual(["2026-Q1"]);
    expect(listQuarters(2n, 1n)).toEqual([]);
  });

  it("lists months with no gaps", () => {
    expect(listMonths(usec("2025-11-30T23:59:59Z"), usec("2026-02-01T00:00:00Z"))).toEqual([
      "2025-11",
      "2025-12",
      "2026-01",
      "2026-02",
    ]);
    expect(listMonths(0n, 0n)).toEqual(["1970-01"]);
  });

  it("refuses, naming both times, a span no snapshot can have instead of listing it (2^64 − 1 µs is the year 586,524)", () => {
    const start = usec("2025-01-01T00:00:00Z");
    expect(() => listMonths(start, U64_MAX)).toThrow(
      /^the times 2025-01-01T00:00:00Z to 586524-01-19T08:01:49Z span 7013989 months, more than the 120000 \(10,000 years\)/,
    );
    expect(() => listQuarters(start, U64_MAX)).toThrow(RangeError);
    // The largest span allowed is still listed, and quickly.
    const last = monthBounds("12024-12").startUsec;
    expect(listMonths(start, last)).toHaveLength(Number(MAX_LISTED_MONTHS));
    expect(listQuarters(start, last)).toHaveLength(Number(MAX_LISTED_MONTHS / 3n));
    expect(() => listMonths(start, monthBounds("12025-01").startUsec)).toThrow(/span 120001 months/);
  });
});

describe("estimateEpochStart", () => {
  const epochs: EpochRecord[] = [
    { epoch: 10n, version: 100n, timestampUsec: 1000000000n },
    { epoch: 12n, version: 300n, timestampUsec: 1300000000n },
    { epoch: 14n, version: 500n, timestampUsec: 1600000000n },
  ];

  it("is exact for a recorded epoch", () => {
    expect(estimateEpochStart(12n, epochs, 14n, 1_650_000_000n)).toEqual({ usec: 1_300_000_000n, estimated: false });
  });

  it("extrapolates from the latest epoch at the average recorded length, floored", () => {
    // (1,600,000,000 − 1,000,000,000) / (14 − 10) = 150,000,000 µs per epoch.
    expect(estimateEpochStart(17n, epochs, 14n, 1_650_000_000n)).toEqual({ usec: 2_050_000_000n, estimated: true });
    // Gaps are filled from the nearest earlier record: 12 + 1 epoch.
    expect(estimateEpochStart(13n, epochs, 14n, 1_650_000_000n)).toEqual({ usec: 1_450_000_000n, estimated: true });
    // Before every record: backward from the earliest.
    expect(estimateEpochStart(9n, epochs, 14n, 1_650_000_000n)).toEqual({ usec: 850_000_000n, estimated: true });
    // Floor: (1,000,000,010 − 1,000,000,000) / 3 = 3.33… -> 3 µs.
    const uneven: EpochRecord[] = [
      { epoch: 1n, version: 1n, timestampUsec: 1000000000n },
      { epoch: 4n, version: 2n, timestampUsec: 1000000010n },
    ];
    expect(estimateEpochStart(6n, uneven, 4n, 1_000_000_010n)).toEqual({ usec: 1_000_000_016n, estimated: true });
  });

  it("falls back to 24 h per epoch with fewer than two recorded epochs, and to the snapshot time with none", () => {
    const one: EpochRecord[] = [{ epoch: 5n, version: 1n, timestampUsec: 1000n }];
    expect(estimateEpochStart(7n, one, 5n, 1000n)).toEqual({ usec: 1000n + 2n * DEFAULT_EPOCH_USEC, estimated: true });
    expect(DEFAULT_EPOCH_USEC).toBe(86_400_000_000n);
    expect(estimateEpochStart(8n, [], 5n, 5_000n)).toEqual({ usec: 5_000n + 3n * DAY, estimated: true });
  });

  it("never dates a future boundary before the snapshot was read", () => {
    // Epoch 14 started at 1.6e9 and is still running at 2.0e9: epoch 15 starts after 2.0e9, whatever the average.
    expect(estimateEpochStart(15n, epochs, 14n, 2_000_000_000n)).toEqual({ usec: 2_000_000_000n, estimated: true });
    expect(estimateEpochStart(16n, epochs, 14n, 2_000_000_000n)).toEqual({ usec: 2_150_000_000n, estimated: true });
  });

  it("clamps backward extrapolation at 0", () => {
    expect(estimateEpochStart(0n, epochs, 14n, 1_650_000_000n)).toEqual({ usec: 0n, estimated: true });
  });

  it("ignores the order of the records", () => {
    const shuffled = [epochs[2]!, epochs[0]!, epochs[1]!];
    for (const epoch of [9n, 11n, 13n, 17n]) {
      expect(estimateEpochStart(epoch, shuffled, 14n, 1_650_000_000n)).toEqual(
        estimateEpochStart(epoch, epochs, 14n, 1_650_000_000n),
      );
    }
  });
});

describe("epochStartEstimator", () => {
  /** The specification as a plain scan over the records (the estimator indexes them instead). */
  function scan(epoch: bigint, epochs: readonly EpochRecord[], ledgerEpoch: bigint, ledgerUsec: bigint) {
    let oldest: { epoch: bigint; usec: bigint } | null = null;
    let newest: { epoch: bigint; usec: bigint } | null = null;
    let anchor: { epoch: bigint; usec: bigint } | null = null;
    for (const record of epochs) {
      const known = { epoch: record.epoch, usec: record.timestampUsec };
      if (known.epoch === epoch) return { usec: known.usec, estimated: false };
      if (!oldest || known.epoch < oldest.epoch) oldest = known;
      if (!newest || known.epoch > newest.epoch) newest = known;
      if (known.epoch < epoch && (!anchor || known.epoch > anchor.epoch)) anchor = known;
    }
    let step = DEFAULT_EPOCH_USEC;
    if (oldest && newest && newest.epoch > oldest.epoch) {
      const average = (newest.usec - oldest.usec) / (newest.epoch - oldest.epoch);
      if (average > 0n) step = average;
    }
    const from = anchor ?? oldest ?? { epoch: ledgerEpoch, usec: ledgerUsec };
    let usec = from.usec + (epoch - from.epoch) * step;
    if (epoch > ledgerEpoch) {
      const notBefore = ledgerUsec + (epoch - ledgerEpoch - 1n) * step;
      if (usec < notBefore) usec = notBefore;
    }
    return { usec: usec < 0n ? 0n : usec, estimated: true };
  }

  it("answers every epoch exactly as a scan of the records does, repeated epochs and any order included", () => {
    const record = fc.record({
      epoch: fc.bigInt({ min: 0n, max: 40n }),
      version: fc.constant(1n),
      timestampUsec: fc.bigInt({ min: 0n, max: 10n ** 13n }),
    });
    fc.assert(
      fc.property(
        fc.array(record, { maxLength: 12 }),
        fc.bigInt({ min: 0n, max: 40n }),
        fc.bigInt({ min: 0n, max: 10n ** 13n }),
        (epochs, ledgerEpoch, ledgerUsec) => {
          const estimate = epochStartEstimator(epochs, ledgerEpoch, ledgerUsec);
          for (let epoch = 0n; epoch <= 45n; epoch++) {
            expect(estimate(epoch)).toEqual(scan(epoch, epochs, ledgerEpoch, ledgerUsec));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
