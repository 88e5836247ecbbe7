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
  checkPageLimit(pageLimit);
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
    const read = windowRead(versions.slice(i, end), singleCost, rangeCost);
    plan.push(read);
    i += read.kind === "range" ? read.wanted.length : 1;
  }
  return plan;
}

function checkPageLimit(pageLimit: number): void {
  if (!Number.isInteger(pageLimit) || pageLimit < 1)
    throw new Error(`page limit ${pageLimit} is not a positive integer`);
}

/**
 * The read for the window that starts at `inWindow[0]` and holds `inWindow` (ascending, within the page limit): one
 * range read for all of them when that is worth it, else a single read of the first alone (the next window starts
 * at the second).
 */
function windowRead(inWindow: bigint[], singleCost: number, rangeCost: number): PlannedRead {
  const start = inWindow[0] as bigint;
  if (inWindow.length > 1 && inWindow.length * singleCost > rangeCost) {
    const last = inWindow[inWindow.length - 1] as bigint;
    return { kind: "range", start, limit: Number(last - start + 1n), wanted: inWindow };
  }
  return { kind: "single", version: start };
}

/**
 * The plan of `planTransactionReads`, made while the versions are still being learnt: a run learns them page by
 * page of its event streams, and reads the transactions of the versions it is sure of while it still reads pages.
 * `add` each wanted version once, in any order; `take(below)` gives the reads of the windows that lie wholly below
 * `below` (every wanted version under it has been added: the caller knows it from its streams' progress), and
 * `take()` all the rest. As long as that holds, the reads taken, in the order taken, are exactly
 * `planTransactionReads` of every version added: each window is decided on the very versions the whole plan decides
 * it on. A version added later below a window already taken (a node whose versions go back within a stream, which
 * the chain-facts check refuses) still gets a read of its own.
 */
export function createGrowingPlan(options: ReadPlanOptions) {
  checkPageLimit(options.pageLimit);
  const span = BigInt(options.pageLimit);
  const singleCost = options.singleCost ?? 1;
  const rangeCost = options.rangeCost ?? 1;
  const pending = new MinHeap();
  return {
    add(version: bigint): void {
      pending.push(version);
    },
    take(below?: bigint): PlannedRead[] {
      const reads: PlannedRead[] = [];
      for (let start = pending.peek(); start !== undefined; start = pending.peek()) {
        if (below !== undefined && start + span > below) break;
        const inWindow: bigint[] = [];
        for (let next = pending.peek(); next !== undefined && next - start < span; next = pending.peek()) {
          inWindow.push(pending.pop() as bigint);
        }
        const read = windowRead(inWindow, singleCost, rangeCost);
        // A single read takes the first version alone; the rest start the next window.
        if (read.kind === "single") for (const version of inWindow.slice(1)) pending.push(version);
        reads.push(read);
      }
      return reads;
    },
  };
}

/** The smallest of the versions pushed first: a binary heap. */
class MinHeap {
  private readonly items: bigint[] = [];

  peek(): bigint | undefined {
    return this.items[0];
  }

  push(value: bigint): void {
    const items = this.items;
    let at = items.push(value) - 1;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if ((items[parent] as bigint) <= value) break;
      items[at] = items[parent] as bigint;
      at = parent;
    }
    items[at] = value;
  }

  pop(): bigint | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length === 0 || last === undefined) return top;
    let at = 0;
    for (;;) {
      const left = 2 * at + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const child = right < items.length && (items[right] as bigint) < (items[left] as bigint) ? right : left;
      if ((items[child] as bigint) >= last) break;
      items[at] = items[child] as bigint;
      at = child;
    }
    items[at] = last;
    return top;
  }
}

/** Requests a plan makes (one per read; a node that clamps a page below its limit adds follow-ups). */
export function planRequests(plan: readonly PlannedRead[]): number {
  return plan.length;
}
