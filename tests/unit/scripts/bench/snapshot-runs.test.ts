import { describe, expect, it } from "vitest";
import { type SnapshotRunFigures, summarizeSnapshotRuns } from "../../../../scripts/bench/snapshot-runs.ts";

const MB = 1024 * 1024;
const run = (wallMs: number, floorWallMs: number, rssMb: number, trip: number | null = 25): SnapshotRunFigures => ({
  wallMs,
  boundMs: 10_000,
  floorWallMs,
  roundTripMeanMs: trip,
  floorRoundTripMeanMs: trip === null ? null : 21,
  maxRssBytes: rssMb * MB,
});

describe("the snapshot benchmark's summary over runs", () => {
  it("gives the medians of each run against its own bound and floor, their spread and how many met the targets", () => {
    const lines = summarizeSnapshotRuns([
      run(18_000, 12_000, 390, 30),
      run(12_000, 10_000, 350, 24),
      run(15_000, 12_500, 410, 26),
    ]);
    expect(lines).toEqual([
      "over 3 runs (medians, each run against its own floor):",
      "  wall ÷ latency bound 1.50 (1.20–1.80; 2 of 3 ≤ 1.5: met by the median)",
      "  wall ÷ floor 1.20 (1.20–1.50)",
      "  mean round trip of a request 26.0 ms in the run, 21.0 ms in the floor",
      "  peak RSS 350 MB–410 MB (target ≤ 400 MB: met in 2 of 3)",
    ]);
  });

  it("says missed when the median is over the target, and leaves out round trips nobody measured", () => {
    const lines = summarizeSnapshotRuns([
      run(16_000, 10_000, 300, null),
      run(14_000, 10_000, 300, null),
      run(17_000, 10_000, 300, null),
      run(15_500, 10_000, 300, null),
    ]);
    expect(lines[1]).toBe("  wall ÷ latency bound 1.58 (1.40–1.70; 1 of 4 ≤ 1.5: missed by the median)");
    expect(lines.some((line) => line.includes("round trip"))).toBe(false);
  });

  it("prints nothing for a single run: its own figures say it all", () => {
    expect(summarizeSnapshotRuns([run(12_000, 10_000, 300)])).toEqual([]);
  });
});
