/**
 * Work that may be paused between slices: a generator that yields (nothing) at points where it can be left and
 * taken up again, and returns its result. Pure code only says where it may pause; its caller decides whether to.
 * `finishSlices` runs it straight through (the same result as a plain function); a snapshot run lets its
 * still-running reads go on between slices (`src/snapshot/finish-in-turns.ts`), so that assembling 10^5 records
 * does not hold up the answers of the views read meanwhile.
 */
export type Sliced<T> = Generator<void, T, undefined>;

/**
 * Items a loop of sliced work handles between two pause points: ~1 ms of the ledger's assembly at the benchmark's
 * scale, so that a turn of `finishInTurns` ends close to when it should (at 1,024 items a slice alone took ~5 ms).
 */
export const SLICE_ITEMS = 256;

/** Runs sliced work to its end, with no pause, and returns its result. */
export function finishSlices<T>(work: Sliced<T>): T {
  for (;;) {
    const step = work.next();
    if (step.done) return step.value;
  }
}

/** A pause point every `SLICE_ITEMS` items: `if (pauseAt(i)) yield;` in a loop over `i`. */
export const pauseAt = (index: number): boolean => index % SLICE_ITEMS === SLICE_ITEMS - 1;
