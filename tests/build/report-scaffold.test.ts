import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "node-html-parser";
import { describe, expect, inject, it } from "vitest";
import { PAGED_REPORT_QUARTER, pagedReportScaffold } from "../support/site/paged-content.ts";

/**
 * The paged build's only report is what `npm run new-report` writes, not edited (`paged-content.ts`): it builds as
 * it is, and every figure directive in it becomes a figure on the page. That each figure's rows add up to it is
 * `figure-rows.test.ts`'s job, which follows every report of this build.
 */
describe("a report as new-report scaffolds it", () => {
  it("builds, with one figure on the page for each directive in the text, none left as text", async () => {
    const text = await pagedReportScaffold();
    const html = await readFile(
      path.join(inject("pagedDist"), "reports", PAGED_REPORT_QUARTER.toLowerCase(), "index.html"),
      "utf8",
    );
    const prose = parse(html).querySelector("article .prose");
    if (!prose) throw new Error("no report text on the page");
    // Directives outside code spans (the checklist shows `:figure[name]` as written).
    const written = [...text.replace(/`[^`]*`/g, "").matchAll(/:figure\[([^\]]*)\](?:\{period=([^}]*)\})?/g)].map(
      ([, name, period]) => `${name} ${period ?? PAGED_REPORT_QUARTER}`,
    );
    expect(written.length).toBeGreaterThan(20);
    const shown = prose
      .querySelectorAll("data[data-figure]")
      .map((figure) => `${figure.getAttribute("data-figure")} ${figure.getAttribute("data-period")}`);
    expect(shown).toEqual(written);
    const withoutCode = prose
      .querySelectorAll("code")
      .reduce((rest, code) => rest.replace(code.textContent, ""), prose.textContent);
    expect(withoutCode).not.toContain(":figure");
    // The teams' lines name the payees that are no listed team (the test snapshot pays no team of program.yaml).
    expect(shown).toContain(`awards.team.not-a-listed-team ${PAGED_REPORT_QUARTER}`);
    // Figures made of rows link to them, then to the raw file; the others to the raw file alone.
    const waiting = prose.querySelector('data[data-figure="transfers.pending.count"][data-period="all"]');
    expect(waiting?.getAttribute("value")).toBe("1000");
    expect(waiting?.closest("a")?.getAttribute("href")).toBe("/transfers/status/waiting/");
    const allowance = prose.querySelector('data[data-figure="fees.allowance"]');
    expect(allowance?.closest("a")?.getAttribute("href")).toBe("/data/snapshot/ledger.json");
  });
});
