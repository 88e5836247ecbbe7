import { describe, expect, it } from "vitest";
import { mapConcurrently } from "../../../src/lib/map-concurrently.ts";

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 1));

describe("mapConcurrently", () => {
  it("returns results in the items' order whatever order the calls finish in", async () => {
    const items = [5, 1, 4, 2, 3];
    const out = await mapConcurrently(items, 3, async (n) => {
      for (let i = 0; i < n; i++) await tick();
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30]);
  });

  it("never has more than `limit` calls in flight, and uses that many", async () => {
    let inFlight = 0;
    let most = 0;
    await mapConcurrently(
      Array.from({ length: 20 }, (_, i) => i),
      4,
      async () => {
        inFlight++;
        most = Math.max(most, inFlight);
        await tick();
        inFlight--;
      },
    );
    expect(most).toBe(4);
  });

  it("rejects with the first failure and starts no call after it", async () => {
    const started: number[] = [];
    await expect(
      mapConcurrently([0, 1, 2, 3, 4, 5], 1, async (n) => {
        started.push(n);
        if (n === 2) throw new Error("boom at 2");
        return n;
      }),
    ).rejects.toThrow("boom at 2");
    expect(started).toEqual([0, 1, 2]);
  });

  it("handles no items and refuses a limit below 1", async () => {
    expect(await mapConcurrently([], 8, async () => 1)).toEqual([]);
    await expect(mapConcurrently([1], 0, async () => 1)).rejects.toThrow(RangeError);
  });
});
