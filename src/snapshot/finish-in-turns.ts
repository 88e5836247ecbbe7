import { setImmediate as nextTurn } from "node:timers/promises";
import type { Sliced } from "../lib/slices.ts";

/**
 * Runs sliced work (`src/lib/slices.ts`) in turns of about `turnMs` of the main thread each, letting the event loop
 * run between them. A snapshot run assembles and checks its ledger's ~10^5 records while its views are still read:
 * done in one go (~0.9 s at the benchmark's scale) that held every answer that arrived meanwhile unread and every
 * request slot idle, so the views ended that much later. A turn shorter than a request's round trip keeps them
 * moving.
 */
export async function finishInTurns<T>(
  work: Sliced<T>,
  turnMs = 10,
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
