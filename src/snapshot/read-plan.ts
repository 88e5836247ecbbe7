/**
 * The read plan for a run's transactions: which versions to fetch with one range read
 * (`GET /transactions?start=V&limit=N`) and which one at a time (`GET /transactions/by_version/V`). Pure: no I/O.
 *
 * Where the wanted versions are dense (the simulated SIP, where nearly every block touches the wallet) a range read
 * brings many of them in one request; where they are sparse (the real chain, where a donation is one version among
 * millions) a range would fetch only strangers' transactions, so single reads are cheaper. The rule: take the range
 * that starts at the first unplanned version and spans the page limit; it is worth it when the wanted versions it
 * holds × `singleCost` exceed `rangeCost`. Greedy from the left is optimal for covering points with windows of one
 * fixed length, so with equal costs the plan makes the fewest requests.
 */

export interface RangeRead {
  kind: "range";
  start: bigint;
  /** Versions asked for: `start` … `start + limit - 1`, ending at the last wanted version of the window. */
  limit: number;
  /** The wanted versions inside, ascending. */
  wanted: bigint[];
}

export interface SingleRead {
  kind: "single";
  version: bigint;
}

export type PlannedRead = RangeRead | SingleRead;

export interface ReadPlanOptions {
  /** Most transactions one range read returns (a real node's page limit is 100). */
  pageLimit: number;
  /** What one single read costs (default 1: one request). */
  singleCost?: number;
  /** What one range read costs (default 1: one request; raise it when a page's bytes matter more than requests). */
  rangeCost?: number;
}

/** The plan for `versions` (ascending, distinct), in version order; throws on unsorted or repeated input. */
export function planTransactionReads(versions: readonly bigint[], options: ReadPlanOptions): PlannedRead[] {
  const { pageLimit } = options;
  if (!Number.isInteger(pageLimit) || pageLimit < 1)
    throw new Error(`page limit ${pageLimit} is not a positive integer`);
  const singleCost = options.singleCost ?? 1;
  const rangeCost = options.rangeCost ?? 1;
  const span = BigInt(pageLimit);
  const plan: PlannedRead[] = [];
  let i = 0;
  while (i < versions.length) {
    const start = versions[i] as bigint;
    let end = i + 1;
    while (end < versions.length) {
      const next = versions[end] as bigint;
      const previous = versions[end - 1] as bigint;
      if (next <= previous) throw new Error(`versions must be ascending and distinct: ${next} follows ${previous}`);
      if (next - start >= span) break;
      end++;
    }
    const count = end - i;
    if (count > 1 && count * singleCost > rangeCost) {
      const wanted = versions.slice(i, end);
      const last = wanted[wanted.length - 1] as bigint;
      plan.push({ kind: "range", start, limit: Number(last - start + 1n), wanted });
      i = end;
    } else {
      plan.push({ kind: "single", version: start });
      i++;
    }
  }
  return plan;
}

/** Requests a plan makes (one per read; a node that clamps a page below its limit adds follow-ups). */
export function planRequests(plan: readonly PlannedRead[]): number {
  return plan.length;
}
