import { describe, expect, it } from "vitest";
import { createRunStop } from "../../../src/chain/run-stop.ts";
import { createLimiter } from "../../../src/snapshot/concurrency.ts";

/** A promise with its resolve and reject in hand. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("createLimiter", () => {
  it("runs at most `slots` pieces of work at once, the rest in order as slots free", async () => {
    const limit = createLimiter(2);
    const gates = [deferred(), deferred(), deferred(), deferred()];
    const started: number[] = [];
    const all = gates.map((gate, i) =>
      limit(async () => {
        started.push(i);
        await gate.promise;
        return i;
      }),
    );
    await tick();
    expect(started).toEqual([0, 1]);
    gates[1]?.resolve();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    for (const gate of gates) gate.resolve();
    expect(await Promise.all(all)).toEqual([0, 1, 2, 3]);
  });

  it("after the first failure, queued work is refused with that failure and never started", async () => {
    const limit = createLimiter(1, createRunStop());
    const gate = deferred();
    const started: string[] = [];
    const failing = limit(async () => {
      started.push("first");
      await gate.promise;
      throw new Error("the first failure");
    });
    const queued = [1, 2, 3].map((n) =>
      limit(async () => {
        started.push(`queued ${n}`);
      }),
    );
    gate.resolve();
    await expect(failing).rejects.toThrow("the first failure");
    for (const work of queued) await expect(work).rejects.toThrow("the first failure");
    await expect(limit(async () => started.push("later"))).rejects.toThrow("the first failure");
    expect(started).toEqual(["first"]);
  });

  it("a stop from outside (another read failed) refuses queued work at once", async () => {
    const run = createRunStop();
    const limit = createLimiter(1, run);
    const gate = deferred();
    const running = limit(() => gate.promise);
    const queued = limit(async () => "never");
    run.stop(new Error("stopped"));
    await expect(queued).rejects.toThrow("stopped");
    gate.resolve();
    await running;
  });

  it("without a stop, a failure does not refuse other work", async () => {
    const limit = createLimiter(1);
    await expect(limit(async () => Promise.reject(new Error("one")))).rejects.toThrow("one");
    expect(await limit(async () => "two")).toBe("two");
  });
});
