/**
 * The snapshot benchmark's summary over `--runs N` full runs, each with its own floor measured right after it: on a
 * shared machine one run's wall moves with the machine's load (the same run's CPU varies by a quarter from one run to
 * the next), so the figure to read is the median of the runs, beside their spread and how many met the target.
 * Pure: figures in, lines out.
 */
import { median } from "./stats.ts";
import { wholeMb as mb } from "./units.ts";

/** One full run and the floor measured right after it. */
export interface SnapshotRunFigures {
  wallMs: number;
  /** The run's requests × latency ÷ concurrency. */
  boundMs: number;
  floorWallMs: number;
  /** Mean round trip of the run's requests and of the floor's, in ms (null: not measured). */
  roundTripMeanMs: number | null;
  floorRoundTripMeanMs: number | null;
  maxRssBytes: number;
}

/** Wall ÷ latency bound at most this meets the target (issue 18). */
export const WALL_TARGET = 1.5;
/** Peak RSS at most this meets the target (issue 18). */
export const RSS_TARGET_BYTES = 400 * 1024 * 1024;

const fixed2 = (value: number) => value.toFixed(2);
const spread = (values: readonly number[], show: (value: number) => string) =>
  `${show(Math.min(...values))}–${show(Math.max(...values))}`;

/** The summary lines over the runs (none for fewer than two: the run's own figures say it all). */
export function summarizeSnapshotRuns(runs: readonly SnapshotRunFigures[]): string[] {
  if (runs.length < 2) return [];
  const toBound = runs.map((run) => run.wallMs / run.boundMs);
  const toFloor = runs.map((run) => run.wallMs / run.floorWallMs);
  const rss = runs.map((run) => run.maxRssBytes);
  const trips = runs.flatMap((run) => (run.roundTripMeanMs === null ? [] : [run.roundTripMeanMs]));
  const floorTrips = runs.flatMap((run) => (run.floorRoundTripMeanMs === null ? [] : [run.floorRoundTripMeanMs]));
  const met = toBound.filter((ratio) => ratio <= WALL_TARGET).length;
  const rssMet = rss.filter((bytes) => bytes <= RSS_TARGET_BYTES).length;
  const lines = [
    `over ${runs.length} runs (medians, each run against its own floor):`,
    `  wall ÷ latency bound ${fixed2(median(toBound))} (${spread(toBound, fixed2)}; ${met} of ${runs.length} ≤ ${WALL_TARGET}: ${median(toBound) <= WALL_TARGET ? "met" : "missed"} by the median)`,
    `  wall ÷ floor ${fixed2(median(toFloor))} (${spread(toFloor, fixed2)})`,
  ];
  if (trips.length > 0 && floorTrips.length > 0) {
    lines.push(
      `  mean round trip of a request ${median(trips).toFixed(1)} ms in the run, ${median(floorTrips).toFixed(1)} ms in the floor`,
    );
  }
  lines.push(`  peak RSS ${spread(rss, mb)} (target ≤ ${mb(RSS_TARGET_BYTES)}: met in ${rssMet} of ${runs.length})`);
  return lines;
}
