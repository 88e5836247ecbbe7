/**
 * Runs `work` over `items` with at most `limit` in flight, keeping results in input order. A public node must
 * not be hammered, so every fan-out of a snapshot run goes through here. The first failure stops new work and
 * rejects once in-flight work has settled.
 */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  async function lane(): Promise<void> {
    while (failure === undefined && next < items.length) {
      const index = next++;
      try {
        results[index] = await work(items[index] as T);
      } catch (error) {
        failure ??= { error };
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  if (failure) throw failure.error;
  return results;
}

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
