import { describe, expect, it } from "vitest";
import { createRunStop } from "../../../src/chain/run-stop.ts";
import { createLaneLimiters, createLimiter } from "../../../src/snapshot/concurrency.ts";

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

describe("createLaneLimiters", () => {
  it("shares one bound across lanes and gives freed slots to the lanes in turn, not to the first queued", async () => {
    const [events, views] = createLaneLimiters(1, 2) as [
      ReturnType<typeof createLimiter>,
      ReturnType<typeof createLimiter>,
    ];
    const started: string[] = [];
    const gates = new Map<string, { resolve: () => void }>();
    const work = (limit: typeof events, name: string) => {
      const gate = deferred();
      gates.set(name, gate);
      return limit(async () => {
        started.push(name);
        await gate.promise;
      });
    };
    // Every view is queued before the first event page, as a run queues them.
    const all = [work(views, "v1"), work(views, "v2"), work(views, "v3"), work(events, "e1"), work(events, "e2")];
    await tick();
    expect(started).toEqual(["v1"]);
    for (const name of ["v1", "e1", "v2", "e2"]) {
      gates.get(name)?.resolve();
      await tick();
    }
    // A single first-in-first-out queue would have run v2 and v3 before e1.
    expect(started).toEqual(["v1", "e1", "v2", "e2", "v3"]);
    gates.get("v3")?.resolve();
    await Promise.all(all);
  });

  it("a failure in one lane refuses the work queued in the other", async () => {
    const [events, views] = createLaneLimiters(1, 2, createRunStop()) as [
      ReturnType<typeof createLimiter>,
      ReturnType<typeof createLimiter>,
    ];
    const gate = deferred();
    const failing = events(async () => {
      await gate.promise;
      throw new Error("an event page failed");
    });
    const queued = views(async () => "never");
    gate.resolve();
    await expect(failing).rejects.toThrow("an event page failed");
    await expect(queued).rejects.toThrow("an event page failed");
  });
});
