import type { RunStop } from "../chain/run-stop.ts";

/**
 * A public node must not be hammered, so every fan-out of a snapshot run shares one bound on work in flight. And a
 * run that has failed is over: once any work fails, or the run is stopped, work still queued is refused with the
 * first failure instead of being started (a failed run used to work through every queued read with full retries).
 */

/** A shared bound on work in flight: `limit(fn)` runs `fn` when one of `slots` is free. */
export type Limiter = <R>(work: () => Promise<R>) => Promise<R>;

/**
 * Waiters in arrival order. A linked list: `Array.shift()` moves every element, and a run queues 10^5 reads at once.
 */
class WaitQueue {
  private head: { wake: () => void; next: WaitQueue["head"] } | undefined;
  private tail: WaitQueue["head"];

  push(wake: () => void): void {
    const node = { wake, next: undefined };
    if (this.tail === undefined) this.head = node;
    else this.tail.next = node;
    this.tail = node;
  }

  shift(): (() => void) | undefined {
    const node = this.head;
    if (node === undefined) return undefined;
    this.head = node.next;
    if (this.head === undefined) this.tail = undefined;
    return node.wake;
  }
}

export function createLimiter(slots: number, run?: RunStop): Limiter {
  return createLaneLimiters(slots, 1, run)[0] as Limiter;
}

/**
 * `lanes` limiters sharing one bound of `slots`: a freed slot goes to the lanes' waiters in turn (round robin), so
 * no lane waits for another to drain. A snapshot run reads event pages, transactions and views in a lane each:
 * transaction pages cost the node and us far more than a view, and taking them in turn with the light requests
 * spreads that cost over the run instead of piling it up (a single first-in-first-out queue ran every view before
 * the first event page, and every transaction after the last).
 */
export function createLaneLimiters(slots: number, lanes: number, run?: RunStop): Limiter[] {
  let active = 0;
  const queues = Array.from({ length: lanes }, () => new WaitQueue());
  let turn = 0;
  const wakeNext = (): boolean => {
    for (let tried = 0; tried < lanes; tried++) {
      const queue = queues[turn] as WaitQueue;
      turn = (turn + 1) % lanes;
      const wake = queue.shift();
      if (wake !== undefined) {
        wake();
        return true;
      }
    }
    return false;
  };
  // A stop wakes every waiter, which then finds the run stopped and rejects.
  run?.signal.addEventListener("abort", () => {
    while (wakeNext()) {}
  });
  return queues.map((waiting) => async <R>(work: () => Promise<R>): Promise<R> => {
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
      wakeNext();
    }
  });
}
