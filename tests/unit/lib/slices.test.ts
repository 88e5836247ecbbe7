import { describe, expect, it } from "vitest";
import { finishSlices, pauseAt, SLICE_ITEMS, type Sliced } from "../../../src/lib/slices.ts";

function* sumInSlices(values: readonly number[], log: string[]): Sliced<number> {
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    if (pauseAt(i)) {
      log.push(`pause at ${i}`);
      yield;
    }
    sum += values[i] as number;
  }
  return sum;
}

describe("sliced work", () => {
  it("finishSlices runs the work through every pause and returns its result", () => {
    const log: string[] = [];
    const values = Array.from({ length: 3 * SLICE_ITEMS }, (_, i) => i);
    expect(finishSlices(sumInSlices(values, log))).toBe((values.length * (values.length - 1)) / 2);
    expect(log).toEqual([
      `pause at ${SLICE_ITEMS - 1}`,
      `pause at ${2 * SLICE_ITEMS - 1}`,
      `pause at ${3 * SLICE_ITEMS - 1}`,
    ]);
  });

  it("pauseAt marks one item in every SLICE_ITEMS, none before the first slice is full", () => {
    const marked = Array.from({ length: 4 * SLICE_ITEMS }, (_, i) => i).filter(pauseAt);
    expect(marked).toEqual([SLICE_ITEMS - 1, 2 * SLICE_ITEMS - 1, 3 * SLICE_ITEMS - 1, 4 * SLICE_ITEMS - 1]);
  });
});
