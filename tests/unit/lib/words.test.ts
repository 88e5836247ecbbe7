import { describe, expect, it } from "vitest";
import { countOf, documentTitle, documentTitleParts, MAX_TITLE_LENGTH } from "../../../src/lib/words.ts";

describe("countOf", () => {
  it("uses the singular for exactly one and groups thousands", () => {
    expect(countOf(1, "donor", "donors")).toBe("1 donor");
    expect(countOf(0, "donor", "donors")).toBe("0 donors");
    expect(countOf(12345n, "transfer", "transfers")).toBe("12,345 transfers");
  });
});

describe("documentTitle", () => {
  const length = (text: string) => Array.from(text).length;

  it("leaves a short title whole", () => {
    expect(documentTitle("Vetoes", "Social Infrastructure Program")).toBe("Vetoes · Social Infrastructure Program");
  });

  it("shortens a long page title, keeps the program name, and never passes the limit", () => {
    const title = documentTitle("A".repeat(200), "Social Infrastructure Program");
    expect(length(title)).toBe(MAX_TITLE_LENGTH);
    expect(title.endsWith("… · Social Infrastructure Program")).toBe(true);
  });

  it("counts characters, not UTF-16 units, and never splits one", () => {
    const title = documentTitle("🙂".repeat(100), "Program");
    expect(length(title)).toBeLessThanOrEqual(MAX_TITLE_LENGTH);
    expect(title).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it("clips the whole title when the program name leaves no room", () => {
    expect(length(documentTitle("Vetoes", "P".repeat(100)))).toBe(MAX_TITLE_LENGTH);
  });

  it("comes in parts for markup: the ellipsis only where a title was clipped, the parts free of it", () => {
    expect(documentTitleParts("Vetoes", "Program")).toEqual({ before: "Vetoes · Program", clipped: false, after: "" });
    const long = documentTitleParts("A".repeat(200), "Social Infrastructure Program");
    expect(long).toEqual({
      before: "A".repeat(MAX_TITLE_LENGTH - 33),
      clipped: true,
      after: " · Social Infrastructure Program",
    });
    const tight = documentTitleParts("Vetoes", "P".repeat(100));
    expect(tight.clipped && tight.after === "" && !tight.before.includes("\u2026")).toBe(true);
    expect(`${tight.before}\u2026`).toBe(documentTitle("Vetoes", "P".repeat(100)));
  });
});
