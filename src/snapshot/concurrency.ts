/**
 * A public node must not be hammered, so every fan-out of a snapshot run shares one bound on work in flight.
 */

/** A shared bound on work in flight: `limit(fn)` runs `fn` when one of `slots` is free. */
export type Limiter = <R>(work: () => Promise<R>) => Promise<R>;

export function createLimiter(slots: number): Limiter {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async <R>(work: () => Promise<R>): Promise<R> => {
    if (active >= slots) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await work();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}
