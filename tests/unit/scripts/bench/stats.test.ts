import { describe, expect, it } from "vitest";
import { median, quantileOfSorted, ratioVerdict, summarizeDurations } from "../../../../scripts/bench/stats.ts";

describe("benchmark statistics", () => {
  it("median: the middle value, the mean of the two middle ones for an even count, NaN for none", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it("quantileOfSorted: nearest rank, never past the ends", () => {
    const tenValues = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(quantileOfSorted(tenValues, 0.5)).toBe(5);
    expect(quantileOfSorted(tenValues, 0.9)).toBe(9);
    expect(quantileOfSorted(tenValues, 0.99)).toBe(10);
    expect(quantileOfSorted(tenValues, 0)).toBe(1);
    expect(quantileOfSorted([], 0.9)).toBeNaN();
  });

  it("summarizeDurations: count, mean and percentiles of unsorted durations", () => {
    const durations = [40, 20, 21, 22, 20, 25, 20, 23, 21, 100];
    expect(summarizeDurations(durations)).toEqual({ count: 10, meanMs: 31.2, p50Ms: 21, p90Ms: 40, p99Ms: 100 });
    expect(summarizeDurations([])).toEqual({ count: 0, meanMs: null, p50Ms: null, p90Ms: null, p99Ms: null });
  });

  it("ratioVerdict: met or missed when both statistics agree, else at the line with both figures", () => {
    const withinTwo = (ratio: number) => ratio <= 2;
    expect(ratioVerdict(1.9, 1.95, withinTwo)).toBe("met");
    expect(ratioVerdict(2.1, 2.3, withinTwo)).toBe("missed");
    expect(ratioVerdict(2, 2.04, withinTwo)).toBe("at the line: 2.00× by the medians, 2.04× by the runs' own ratios");
    // The bound is the caller's: under 2 (strict) turns the same 2.00× into a miss.
    expect(ratioVerdict(2, 2, (ratio) => ratio < 2)).toBe("missed");
  });
});
