import { describe, expect, it } from "vitest";
import { closestName, editDistance } from "../../../src/lib/closest-name.ts";

describe("editDistance", () => {
  it("counts insertions, deletions and replacements", () => {
    expect(editDistance("", "")).toBe(0);
    expect(editDistance("abc", "")).toBe(3);
    expect(editDistance("", "ab")).toBe(2);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("donations.totl", "donations.total")).toBe(1);
    expect(editDistance("awardsPaid", "awardPaid")).toBe(1);
    expect(editDistance("abc", "abc")).toBe(0);
  });

  it("is symmetric", () => {
    expect(editDistance("fees.total", "fees.allowance")).toBe(editDistance("fees.allowance", "fees.total"));
  });
});

describe("closestName", () => {
  const names = ["donations.total", "donations.count", "awards.total", "fees.total", "fees.allowance"];

  it("suggests the valid name a typo is closest to", () => {
    expect(closestName("donations.totl", names)).toBe("donations.total");
    expect(closestName("donation.count", names)).toBe("donations.count");
    expect(closestName("award.total", names)).toBe("awards.total");
    expect(closestName("Fees.Allowence", names)).toBe("fees.allowance");
  });

  it("suggests nothing for a name that is no typo of any", () => {
    expect(closestName("weather", names)).toBeUndefined();
    expect(closestName("x", [])).toBeUndefined();
  });

  it("breaks ties by the order the names are listed in", () => {
    expect(closestName("ab", ["aa", "bb"])).toBe("aa");
    expect(closestName("ab", ["bb", "aa"])).toBe("bb");
  });
});
