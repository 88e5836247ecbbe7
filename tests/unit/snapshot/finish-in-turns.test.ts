import { describe, expect, it } from "vitest";
import type { Sliced } from "../../../src/lib/slices.ts";
import { finishInTurns } from "../../../src/snapshot/finish-in-turns.ts";

/** Work of `slices` slices that logs each, and a clock that moves `msPerSlice` with each slice. */
function slicedWork(slices: number, log: string[], clock: { ms: number }, msPerSlice: number): Sliced<string> {
  return (function* () {
    for (let i = 0; i < slices; i++) {
      clock.ms += msPerSlice;
      log.push(`slice ${i}`);
      yield;
    }
    return "done";
  })();
}

describe("finishInTurns", () => {
  it("lets the event loop run once a turn has used its time, and returns the work's result", async () => {
    const log: string[] = [];
    const clock = { ms: 0 };
    // Answers that arrived meanwhile: callbacks waiting on the event loop while the work runs.
    setImmediate(() => log.push("event loop"));
    const result = await finishInTurns(slicedWork(6, log, clock, 4), 10, () => clock.ms);
    expect(result).toBe("done");
    // 4 ms a slice, turns of 10 ms: the third slice ends the first turn.
    expect(log.slice(0, 4)).toEqual(["slice 0", "slice 1", "slice 2", "event loop"]);
    expect(log.filter((line) => line.startsWith("slice"))).toHaveLength(6);
  });

  it("runs work whose slices fit in one turn without letting anything in", async () => {
    const log: string[] = [];
    const clock = { ms: 0 };
    setImmediate(() => log.push("event loop"));
    await finishInTurns(slicedWork(6, log, clock, 1), 10, () => clock.ms);
    expect(log.at(-1)).toBe("slice 5");
    expect(log).not.toContain("event loop");
  });

  it("passes a failure of the work on as it is", async () => {
    const failing = (function* (): Sliced<never> {
      yield;
      throw new RangeError("refused");
    })();
    await expect(finishInTurns(failing)).rejects.toThrow(new RangeError("refused"));
  });
});
