import type { RunStop } from "../chain/run-stop.ts";

/**
 * A public node must not be hammered, so every fan-out of a snapshot run shares one bound on work in flight. And a
 * run that has failed is over: once any work fails, or the run is stopped, work still queued is refused with the
 * first failure instead of being started (a failed run used to work through every queued read with full retries).
 */

/** A shared bound on work in flight: `limit(fn)` runs `fn` when one of `slots` is free. */
export type Limiter = <R>(work: () => Promise<R>) => Promise<R>;

export function createLimiter(slots: number, run?: RunStop): Limiter {
  let active = 0;
  const waiting: Array<() => void> = [];
  // A stop wakes every waiter, which then finds the run stopped and rejects.
  run?.signal.addEventListener("abort", () => {
    for (const wake of waiting.splice(0)) wake();
  });
  return async <R>(work: () => Promise<R>): Promise<R> => {
    run?.throwIfStopped();
    if (active >= slots) await new Promise<void>((resolve) => waiting.push(resolve));
    run?.throwIfStopped();
    active++;
    try {
      return await work();
    } catch (error) {
      run?.stop(error);
      throw error;
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}
