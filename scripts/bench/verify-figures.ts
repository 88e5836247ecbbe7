/**
 * The verify benchmark's printout (verify.ts measures, this says what the measurements show): one row per history
 * (recorded in 10, 100 and 1,000 runs) per round, the medians over `--runs` rounds, the cost as a fixed part plus a
 * part per recorded run, and whether 1,000 runs stay under 2× the cost of 10. Why rounds: one verify's CPU moves by
 * ±5 % with the machine, and verify sits near its line (2.06–2.13× in three benches of one commit), so a verdict
 * from one round would be the machine's; each round verifies every history in turn, so a round's own ratio is taken
 * at one speed of the machine. Pure: rows in, lines out. Timings and counts only: no amount of money passes here.
 */
import { median, ratioVerdict } from "./stats.ts";
import { wholeCount as count, wholeMb } from "./units.ts";

/** One verify of one history, in its own process. */
export interface VerifyRow {
  runs: number;
  outcome: string;
  requests: number;
  /** Verify's process during `verifySnapshot`. */
  cpuMs: number;
  /** Verify's process from its start. */
  processCpuMs: number;
  /** The fake node's process while verify ran. */
  nodeCpuMs: number;
  wallMs: number;
  maxRssBytes: number;
  /** One earlier run's answer (the wallet's resources at the head) and `JSON.parse` of it alone, in verify's process. */
  answerBytes: number;
  answerParseMs: number;
}

/** The goal: the most recorded runs cost under this many times the fewest. */
const TARGET = 2;

/**
 * Each history's figures as medians over the rounds (`rounds[r]`: one row per history, in the same order each
 * round); the outcome is the rounds' own when they agree, else every outcome seen (a replay that verified once and
 * not again is not summed up as either).
 */
export function medianRows(rounds: readonly (readonly VerifyRow[])[]): VerifyRow[] {
  const first = rounds[0] ?? [];
  return first.map((row, at) => {
    const rows = rounds.map((round) => round[at] as VerifyRow);
    const of = (pick: (r: VerifyRow) => number) => median(rows.map(pick));
    return {
      runs: row.runs,
      outcome: [...new Set(rows.map((r) => r.outcome))].join(" / "),
      requests: of((r) => r.requests),
      cpuMs: of((r) => r.cpuMs),
      processCpuMs: of((r) => r.processCpuMs),
      nodeCpuMs: of((r) => r.nodeCpuMs),
      wallMs: of((r) => r.wallMs),
      maxRssBytes: of((r) => r.maxRssBytes),
      answerBytes: of((r) => r.answerBytes),
      answerParseMs: of((r) => r.answerParseMs),
    };
  });
}

/** One round: verify's CPU for each history, each beside its ratio to the fewest runs' in the same round. */
export function roundLine(round: number, rows: readonly VerifyRow[]): string {
  const base = rows[0];
  if (!base) return `  round ${round}: nothing verified`;
  const parts = rows.map(
    (row, at) =>
      `${count(row.runs)} runs ${count(row.cpuMs)} ms${at === 0 ? "" : ` (${(row.cpuMs / base.cpuMs).toFixed(2)}×)`}`,
  );
  return `  round ${round}: verify CPU ${parts.join(", ")}`;
}

/**
 * The table of medians, the fixed part and the part per recorded run (from the table's two ends), the parse floor,
 * and the targets line. Requests do not move with the machine: met or missed by the medians. Verify's CPU: by the
 * ratio of the medians and the median of the rounds' own ratios (`ratioVerdict`), with how many rounds kept it.
 */
export function summaryLines(rounds: readonly (readonly VerifyRow[])[]): string[] {
  const rows = medianRows(rounds);
  const base = rows[0];
  const last = rows[rows.length - 1];
  if (!base || !last) return [];
  const times = (value: number, of: number) => `${count(value)} (${(value / of).toFixed(2)})`;
  const lines = [
    `  ${rounds.length === 1 ? "" : `medians of ${rounds.length} rounds: `}runs | outcome | requests (× 10 runs) | verify CPU ms (× 10 runs) | with its process's start | the node's CPU ms (× 10 runs) | wall ms | verify's peak RSS`,
  ];
  for (const row of rows) {
    lines.push(
      `  ${count(row.runs)} | ${row.outcome} | ${times(row.requests, base.requests)} | ${times(row.cpuMs, base.cpuMs)} | ${count(row.processCpuMs)} | ${times(row.nodeCpuMs, base.nodeCpuMs)} | ${count(row.wallMs)} | ${wholeMb(row.maxRssBytes)}`,
    );
  }
  if (last.runs <= base.runs) return lines;
  // cost(n) = F + n·r: the fixed part (the records, read once) and the part each recorded run adds, from the two
  // ends of the table. 1,000 runs under 2× of 10 needs F + 1,000·r < 2·(F + 10·r), i.e. r < F / 980.
  const bound = last.runs - TARGET * base.runs;
  const parts = (of: (row: VerifyRow) => number) => {
    const perRun = (of(last) - of(base)) / (last.runs - base.runs);
    return { fixed: of(base) - base.runs * perRun, perRun };
  };
  const describe = (name: string, unit: string, of: (row: VerifyRow) => number) => {
    const { fixed, perRun } = parts(of);
    return `${name} ${count(fixed)}${unit} + ${perRun.toFixed(2)}${unit} per run (under 2× needs under ${(fixed / bound).toFixed(2)}${unit})`;
  };
  lines.push(
    `  fixed part + per run: ${describe("requests", "", (row) => row.requests)}; ${describe("verify CPU", " ms", (row) => row.cpuMs)}; ${describe("the node's CPU", " ms", (row) => row.nodeCpuMs)}`,
  );
  // The floor of a run that parses its answer in full: JSON.parse of the largest answer (the last run's), timed in
  // each verify process after its verification; verify's reusing parser reads only what changed and may go below it.
  const parses = rounds.flatMap((round) => round.map((row) => row.answerParseMs));
  lines.push(
    `  per run: ${parts((row) => row.cpuMs).perRun.toFixed(2)} ms of verify's CPU; JSON.parse of one run's whole answer (${count(last.answerBytes / 1024)} kB, the last run's) alone: ${median(parses).toFixed(2)} ms (median over the ${parses.length} verify processes, each the median of 21), the floor of parsing each answer in full`,
  );
  const within = (ratio: number) => ratio < TARGET;
  const roundRatios = rounds.map((round) => {
    const fewest = round[0] as VerifyRow;
    const most = round[round.length - 1] as VerifyRow;
    return most.cpuMs / fewest.cpuMs;
  });
  if (rounds.length > 1) {
    lines.push(
      `  verify CPU, ${count(last.runs)} runs ÷ ${count(base.runs)}, each round's own: ${roundRatios.map((r) => `${r.toFixed(2)}×`).join(", ")}; median ${median(roundRatios).toFixed(2)}× (${roundRatios.filter(within).length} of ${rounds.length} rounds under ${TARGET.toFixed(2)}×)`,
    );
  }
  const cpu = ratioVerdict(last.cpuMs / base.cpuMs, median(roundRatios), within);
  lines.push(
    `  target: ${count(last.runs)} runs under 2× the cost of ${count(base.runs)}: requests ${within(last.requests / base.requests) ? "met" : "missed"}, verify CPU ${cpu}`,
  );
  return lines;
}
