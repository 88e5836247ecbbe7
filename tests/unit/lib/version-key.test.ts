import { describe, expect, it } from "vitest";
import { versionKey } from "../../../src/lib/version-key.ts";

describe("versionKey", () => {
  it("is the version as a number while a number holds it exactly", () => {
    expect(versionKey(0n)).toBe(0);
    expect(versionKey(150_884n)).toBe(150_884);
    expect(versionKey(9_007_199_254_740_991n)).toBe(Number.MAX_SAFE_INTEGER);
  });

  it("keeps two versions apart as Map keys where a number would merge them", () => {
    const above = [9_007_199_254_740_992n, 9_007_199_254_740_993n, 18_446_744_073_709_551_615n];
    const keys = new Map(above.map((version) => [versionKey(version), version]));
    expect(keys.size).toBe(above.length);
    for (const version of above) expect(keys.get(versionKey(version))).toBe(version);
    expect(new Set([versionKey(9_007_199_254_740_991n), ...keys.keys()]).size).toBe(above.length + 1);
  });
});
