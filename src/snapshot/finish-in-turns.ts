import { setImmediate as nextTurn } from "node:timers/promises";
import type { Sliced } from "../lib/slices.ts";

/**
 * Runs sliced work (`src/lib/slices.ts`) in turns of about `turnMs` of the main thread each, letting the event loop
 * run between them. A snapshot run assembles and checks its ledger's ~10^5 records while its views are still read:
 * done in one go (~0.9 s at the benchmark's scale) that held every answer that arrived meanwhile unread and every
 * request slot idle, so the views ended that much later. A turn shorter than a request's round trip keeps them
 * moving; every answer that arrives during a turn waits for its end, so the turns are short (2 ms: the event loop's
 * 90th-percentile delay over a bench run went from ~8 ms to ~6 ms with 10 ms turns made 2 ms, slices made 256 items
 * and the read-back check's reads made 256 kB).
 */
export async function finishInTurns<T>(
  work: Sliced<T>,
  turnMs = 2,
  now: () => number = () => performance.now(),
): Promise<T> {
  let turnStarted = now();
  for (;;) {
    const step = work.next();
    if (step.done) return step.value;
    if (now() - turnStarted >= turnMs) {
      await nextTurn();
      turnStarted = now();
    }
  }
}
