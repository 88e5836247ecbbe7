import { describe, expect, it } from "vitest";
import { astroFailureSummary } from "../../../../src/lib/build/astro-failure.ts";

describe("astroFailureSummary", () => {
  it("keeps Astro's message and drops its location and stack trace", () => {
    const output = [
      "/c/reports/2026-q1.md frontmatter is not valid YAML: Flow sequence must end with a ] at line 1, column 17:",
      "",
      "title: [unclosed",
      "                ^",
      "",
      "  Location:",
      "    /w/src/site/content-files.ts:35:9",
      "  Stack trace:",
      "    at splitFrontmatter (/w/src/site/content-files.ts:35:9)",
    ].join("\n");
    expect(astroFailureSummary(output)).toBe(
      [
        "/c/reports/2026-q1.md frontmatter is not valid YAML: Flow sequence must end with a ] at line 1, column 17:",
        "",
        "title: [unclosed",
        "                ^",
      ].join("\n"),
    );
  });

  it("drops bare stack frames from output without sections", () => {
    expect(
      astroFailureSummary(
        "Error: bad field in writeups/a.md\n    at load (file:///x/y.js:1:2)\n    at async run (/x/z.js:3:4)\n",
      ),
    ).toBe("Error: bad field in writeups/a.md");
  });
});
