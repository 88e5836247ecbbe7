import { describe, expect, it } from "vitest";
import { medianRows, roundLine, summaryLines, type VerifyRow } from "../../../../scripts/bench/verify-figures.ts";

const MB = 1024 * 1024;

/** One verify of a history of `runs` recorded runs: 644 requests plus one per run, as the benchmark measures. */
const row = (runs: number, cpuMs: number, extra: Partial<VerifyRow> = {}): VerifyRow => ({
  runs,
  outcome: "verified",
  requests: 644 + runs,
  cpuMs,
  processCpuMs: cpuMs + 900,
  nodeCpuMs: 1_000 + 14 * runs,
  wallMs: cpuMs,
  maxRssBytes: 300 * MB,
  answerBytes: 1_267 * 1024,
  answerParseMs: 3.9,
  ...extra,
});

const round = (ten: number, hundred: number, thousand: number) => [
  row(10, ten),
  row(100, hundred),
  row(1_000, thousand),
];

describe("verify benchmark figures", () => {
  it("one round: the table, the fixed part and the part per run, and a plain verdict", () => {
    const lines = summaryLines([round(4_000, 4_400, 7_600)]);
    expect(lines[0]).toBe(
      "  runs | outcome | requests (× 10 runs) | verify CPU ms (× 10 runs) | with its process's start | the node's CPU ms (× 10 runs) | wall ms | verify's peak RSS",
    );
    expect(lines[3]).toBe("  1,000 | verified | 1,644 (2.51) | 7,600 (1.90) | 8,500 | 15,000 (13.16) | 7,600 | 300 MB");
    // 7,600 = F + 1,000 r and 4,000 = F + 10 r: r = 3.64 ms, F = 3,964 ms; under 2× needs r < F / 980 = 4.04 ms.
    expect(lines[4]).toContain("verify CPU 3,964 ms + 3.64 ms per run (under 2× needs under 4.04 ms)");
    expect(lines[4]).toContain("requests 644 + 1.00 per run (under 2× needs under 0.66)");
    expect(lines.some((line) => line.includes("each round's own"))).toBe(false);
    expect(lines.at(-1)).toBe("  target: 1,000 runs under 2× the cost of 10: requests missed, verify CPU met");
    expect(summaryLines([round(4_000, 4_400, 8_000)]).at(-1)).toContain("verify CPU missed");
  });

  it("rounds: medians per history, each round's own ratio, and met or missed only when both statistics agree", () => {
    const steady = [round(4_000, 4_400, 7_600), round(4_200, 4_500, 8_000), round(3_900, 4_300, 7_500)];
    const lines = summaryLines(steady);
    expect(lines[0]).toMatch(/^ {2}medians of 3 rounds: runs \| outcome/);
    expect(lines[1]).toContain("  10 | verified | 654 (1.00) | 4,000 (1.00)");
    expect(lines[3]).toContain("  1,000 | verified | 1,644 (2.51) | 7,600 (1.90)");
    expect(lines).toContain(
      "  verify CPU, 1,000 runs ÷ 10, each round's own: 1.90×, 1.90×, 1.92×; median 1.90× (3 of 3 rounds under 2.00×)",
    );
    expect(lines.at(-1)).toBe("  target: 1,000 runs under 2× the cost of 10: requests missed, verify CPU met");

    // The machine slows between rounds: medians 4,000 and 8,000 give 2.00× (missed), the rounds' own 1.95×, 2.00×,
    // 1.93× give 1.95× (met): at the line, with both figures, not the verdict of the one that passes.
    const drifting = [round(3_600, 4_000, 7_020), round(4_000, 4_400, 8_000), round(4_300, 4_700, 8_300)];
    expect(summaryLines(drifting).at(-1)).toBe(
      "  target: 1,000 runs under 2× the cost of 10: requests missed, verify CPU at the line: 2.00× by the medians, 1.95× by the runs' own ratios",
    );
  });

  it("takes each figure's median over the rounds, and keeps every outcome when the rounds disagree", () => {
    const medians = medianRows([
      [row(10, 4_000), row(1_000, 9_000, { outcome: "different" })],
      [row(10, 4_400), row(1_000, 8_000)],
      [row(10, 4_200, { maxRssBytes: 400 * MB }), row(1_000, 8_500)],
    ]);
    expect(medians.map((r) => [r.runs, r.cpuMs, r.outcome])).toEqual([
      [10, 4_200, "verified"],
      [1_000, 8_500, "different / verified"],
    ]);
    expect(medians[0]?.maxRssBytes).toBe(300 * MB);
  });

  it("prints a round's CPU per history beside its ratio to the fewest runs' in the same round", () => {
    expect(roundLine(2, round(4_000, 4_400, 8_400))).toBe(
      "  round 2: verify CPU 10 runs 4,000 ms, 100 runs 4,400 ms (1.10×), 1,000 runs 8,400 ms (2.10×)",
    );
  });
});
