import { describe, expect, it } from "vitest";
import type { TreeUsage } from "../../../../scripts/bench/process-tree.ts";
import { cpuTargetVerdict, pairedRunLine, perRunRatiosLine } from "../../../../scripts/bench/site.ts";

const usage = (cpuSeconds: number): TreeUsage => ({
  cpuSeconds,
  wallMs: cpuSeconds * 1000,
  maxProcessRss: 500 * 1024 * 1024,
  peakTreeRss: 512 * 1024 * 1024,
});

describe("site benchmark, run by run", () => {
  it("prints each paired run's CPU beside the floors built right after it", () => {
    expect(pairedRunLine(2, usage(60), usage(20), usage(30))).toBe(
      "  run 2: CPU ours 60.0 s, floor 4 kB 20.0 s (3.00×), floor sized 30.0 s (2.00×); peak tree RSS ours 512 MB",
    );
  });

  it("takes the median of each run's own ratios, not the ratio of the medians, and counts the runs within 2×", () => {
    // The machine slows down between runs: ours and its floors slow together.
    const ours = [usage(50), usage(70), usage(90)];
    const fixed = [usage(20), usage(20), usage(45)];
    const sized = [usage(26), usage(40), usage(50)];
    // The ratio of the medians would say 70 / 20 = 3.50× and 70 / 40 = 1.75×; the runs' own: 2.5, 3.5, 2.0 and 1.92, 1.75, 1.8.
    expect(perRunRatiosLine(ours, fixed, sized)).toBe(
      "  CPU ratio of each run to its own floors, median: 4 kB 2.50× (1 of 3 runs ≤ 2.00×), same sizes 1.80× (3 of 3 runs ≤ 2.00×)",
    );
  });

  it("says met or missed only when the ratio of the medians and the runs' own ratios agree", () => {
    const floors = [usage(30), usage(30), usage(30)];
    expect(cpuTargetVerdict([usage(50), usage(55), usage(60)], floors)).toBe("met");
    expect(cpuTargetVerdict([usage(61), usage(65), usage(70)], floors)).toBe("missed");
    // The same build on a machine whose speed drifts: a slow run beside a fast floor, and the other way round.
    // Medians 60 / 30 = 2.00× (met); the runs' own ratios 2.40, 1.60, 2.22: median 2.22× (missed).
    expect(cpuTargetVerdict([usage(60), usage(48), usage(80)], [usage(25), usage(30), usage(36)])).toBe(
      "at the line: 2.00× by the medians, 2.22× by the runs' own ratios",
    );
  });
});
