/**
 * Summaries of measured figures for the benchmarks' printouts (medians over runs, spreads of request round trips).
 * Pure: numbers in, numbers out. Timings only: no amount of money ever passes here.
 */

/** The median: the middle value, or the mean of the two middle values of an even count; NaN for none. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** The value below which a fraction `q` of `sorted` (ascending) lies, by nearest rank (`q` = 0.9: the 90th percentile). */
export function quantileOfSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1] as number;
}

/** Count, mean and percentiles of durations in ms; the figures are null when there were none (as JSON can carry). */
export interface DurationSummary {
  count: number;
  meanMs: number | null;
  p50Ms: number | null;
  p90Ms: number | null;
  p99Ms: number | null;
}

export function summarizeDurations(durations: readonly number[]): DurationSummary {
  const sorted = [...durations].sort((a, b) => a - b);
  if (sorted.length === 0) return { count: 0, meanMs: null, p50Ms: null, p90Ms: null, p99Ms: null };
  return {
    count: sorted.length,
    meanMs: sorted.reduce((total, value) => total + value, 0) / sorted.length,
    p50Ms: quantileOfSorted(sorted, 0.5),
    p90Ms: quantileOfSorted(sorted, 0.9),
    p99Ms: quantileOfSorted(sorted, 0.99),
  };
}

/**
 * Whether a measured ratio keeps its target, by the two statistics a benchmark of paired runs prints: the ratio of
 * the medians and the median of each run's own ratio. "met" or "missed" when both say so; when they disagree, "at
 * the line" with both figures, never the verdict of the one that happens to pass. Why: on a shared 2-core machine
 * the same commit near its line was met by one and missed by the other in consecutive benches (the site build at
 * 1.98× and 2.20×; verify at 1,000 recorded runs likewise), so a one-word verdict from either alone would change
 * with the machine's speed. With one run the two are the same figure, and the verdict is that figure's.
 */
export function ratioVerdict(ofMedians: number, ofRuns: number, within: (ratio: number) => boolean): string {
  const byMedians = within(ofMedians);
  if (byMedians === within(ofRuns)) return byMedians ? "met" : "missed";
  return `at the line: ${ofMedians.toFixed(2)}× by the medians, ${ofRuns.toFixed(2)}× by the runs' own ratios`;
}
