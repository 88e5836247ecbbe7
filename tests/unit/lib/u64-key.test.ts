import { describe, expect, it } from "vitest";
import { u64Key } from "../../../src/lib/u64-key.ts";

describe("u64Key", () => {
  it("is the value as a number while a number holds it exactly", () => {
    expect(u64Key(0n)).toBe(0);
    expect(u64Key(150_884n)).toBe(150_884);
    expect(u64Key(9_007_199_254_740_991n)).toBe(Number.MAX_SAFE_INTEGER);
  });

  it("keeps two values apart as Map keys where a number would merge them", () => {
    const above = [9_007_199_254_740_992n, 9_007_199_254_740_993n, 18_446_744_073_709_551_615n];
    const keys = new Map(above.map((version) => [u64Key(version), version]));
    expect(keys.size).toBe(above.length);
    for (const version of above) expect(keys.get(u64Key(version))).toBe(version);
    expect(new Set([u64Key(9_007_199_254_740_991n), ...keys.keys()]).size).toBe(above.length + 1);
  });
});
