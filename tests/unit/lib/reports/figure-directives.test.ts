import { describe, expect, it } from "vitest";
import { transferSource } from "../../../../src/lib/figures/figure-source.ts";
import type { FigureContext } from "../../../../src/lib/reports/figure-directives.ts";
import { renderMarkdown } from "../../../../src/lib/reports/markdown.ts";
import { FIGURE_NAMES, figureResolver } from "../../../../src/lib/reports/report-figures.ts";
import { buildTestSnapshot, STEWARD } from "../../../support/snapshot/build-test-snapshot.ts";

const snapshot = buildTestSnapshot();
const explorer = {
  transaction: "https://explorer.example/tx/{version}",
  account: "https://explorer.example/a/{address}",
};
const context: FigureContext = {
  file: "content/reports/2025-q4.md",
  figures: figureResolver(snapshot, { stewards: [STEWARD], coinSymbol: "LIBRA" }),
  transfer: (uid) =>
    uid === "5"
      ? {
          href: "/transfers/5/",
          text: "transfer 5 (300.00 LIBRA to Team)",
          source: transferSource(snapshot, 5n, 1500n, explorer),
        }
      : undefined,
  defaultPeriod: "2025-Q4",
};
const V = snapshot.meta.ledgerVersion;
const DONATIONS = "sum(entries[category=donation, timestampUsec in 2025-Q4 (UTC)].amount)";

describe(":figure and :transfer directives", () => {
  it("render a figure as a link to the rows it is made of, with the exact value and the source in <data>, then the raw file", () => {
    expect(renderMarkdown("Donors gave :figure[donations.total]{period=2025-Q4}.", context)).toBe(
      `<p>Donors gave <a href="/ledger/quarter/2025-q4/kind/donation/" title="Source: ledger.json, ${DONATIONS}, snapshot at ledger version ${V}"><data value="750500000" data-figure="donations.total" data-period="2025-Q4" data-source-file="ledger.json" data-source-record="${DONATIONS}" data-ledger-version="${V}" data-rows-href="/ledger/quarter/2025-q4/kind/donation/">750.50 LIBRA</data></a><a href="/data/snapshot/ledger.json" class="raw-link" aria-label="raw JSON for donations.total, 2025-Q4"></a>.</p>`,
    );
  });

  it("link a figure no page lists the rows of to its source file alone", () => {
    expect(renderMarkdown(":figure[fees.allowance]", context)).toMatch(
      /^<p><a href="\/data\/snapshot\/ledger\.json" title="[^"]*"><data value="12000000" data-figure="fees\.allowance" [^>]*>12\.00 LIBRA<\/data><\/a><\/p>$/,
    );
  });

  it("keep only the figure's text inside a link (no nested links, no raw link)", () => {
    expect(renderMarkdown("[gave :figure[donations.total]](/donors/)", context)).toBe(
      '<p><a href="/donors/">gave <data value="750500000" data-figure="donations.total" data-period="2025-Q4" data-source-file="ledger.json" data-source-record="sum(entries[category=donation, timestampUsec in 2025-Q4 (UTC)].amount)" data-ledger-version="98765432" data-rows-href="/ledger/quarter/2025-q4/kind/donation/">750.50 LIBRA</data></a></p>',
    );
  });

  it("default the period to the report's quarter, and accept `all`", () => {
    expect(renderMarkdown(":figure[donations.count]", context)).toMatch(/<data value="2" [^>]*>2<\/data>/);
    expect(renderMarkdown(":figure[balance.opening]{period=all}", context)).toContain(
      '<data value="1000000000" data-figure="balance.opening" data-period="all" data-source-file="ledger.json" data-source-record="opening.amount"',
    );
  });

  it("render a transfer reference as a link to its page, naming its record and payment transaction", () => {
    expect(renderMarkdown("Paid as :transfer[5].", context)).toBe(
      `<p>Paid as <a href="/transfers/5/" title="Source: transfers.json, [uid=5], snapshot at ledger version ${V}, transaction version 1500" data-figure="transfer:5" data-source-file="transfers.json" data-source-record="[uid=5]" data-ledger-version="${V}" data-tx-version="1500" data-explorer-href="https://explorer.example/tx/1500">transfer 5 (300.00 LIBRA to Team)</a>.</p>`,
    );
  });

  it("inside a link's text, render only the figure (no link inside a link)", () => {
    expect(renderMarkdown("[We got :figure[donations.count] gifts](/donors/)", context)).toMatch(
      /^<p><a href="\/donors\/">We got <data value="2" data-figure="donations.count" [^>]*>2<\/data> gifts<\/a><\/p>$/,
    );
  });

  it("leave a bare `:word` as text", () => {
    expect(renderMarkdown("Note:this and 10:30.", context)).toBe("<p>Note:this and 10:30.</p>");
  });

  it("fail on an unknown figure with file, line:column and the valid names", () => {
    expect(() => renderMarkdown("Intro.\n\nWe got :figure[donations.totl]{period=2025-Q4}.", context)).toThrow(
      `content/reports/2025-q4.md:3:8: unknown figure "donations.totl"; did you mean "donations.total"? Valid names: ${FIGURE_NAMES.join(", ")}, awards.team.<team>, awards.area.<area> (teams: not-a-listed-team; areas: not-a-listed-team).`,
    );
  });

  it("count lines from the top of the file when the body starts after the frontmatter", () => {
    expect(() => renderMarkdown("\nSee :transfer[99].", { ...context, firstLine: 8 })).toThrow(
      /^content\/reports\/2025-q4\.md:9:5: unknown transfer uid 99/,
    );
  });

  it("fail on a period outside the snapshot, an unknown transfer, a bad uid, stray attributes", () => {
    expect(() => renderMarkdown(":figure[donations.total]{period=2024-Q1}", context)).toThrow(
      /^content\/reports\/2025-q4\.md:1:1: period "2024-Q1" is not in the snapshot/,
    );
    expect(() => renderMarkdown("See :transfer[99].", context)).toThrow(
      "content/reports/2025-q4.md:1:5: unknown transfer uid 99: the snapshot has no transfer with this uid.",
    );
    expect(() => renderMarkdown(":transfer[five]", context)).toThrow(/needs a transfer uid \(digits\)/);
    expect(() => renderMarkdown(":figure[donations.total]{quarter=2025-Q4}", context)).toThrow(
      /takes only a period attribute, not quarter/,
    );
    expect(() => renderMarkdown(":figure[donations.total]", { ...context, defaultPeriod: undefined })).toThrow(
      /needs a period outside a quarterly report/,
    );
  });

  it("fail on any other directive, so a typo never renders as text", () => {
    expect(() => renderMarkdown("A :figur[donations.total] typo.", context)).toThrow(
      /content\/reports\/2025-q4\.md:1:3: unknown directive ":figur"/,
    );
    expect(() => renderMarkdown("::figure[donations.total]", context)).toThrow(/unknown directive "::figure"/);
    expect(() => renderMarkdown(":::note\ntext\n:::", context)).toThrow(/unknown directive ":::note"/);
  });

  it("fail without a snapshot context (plain rendering)", () => {
    expect(() => renderMarkdown(":figure[donations.total]{period=2025-Q4}")).toThrow(/needs the snapshot/);
    expect(renderMarkdown("Note:this")).toBe("<p>Note:this</p>");
  });

  it("keep raw HTML out even next to a figure", () => {
    const html = renderMarkdown(
      '<data value="1" data-source-file="wallet.json">9 LIBRA</data> <a data-tx-version="1">x</a> :figure[donations.count]',
      context,
    );
    expect(html).toMatch(
      /^<p>9 LIBRA x <a href="\/ledger\/quarter\/2025-q4\/kind\/donation\/" title="[^"]*"><data value="2" /,
    );
    // Only the figure's own attributes survive: none from the raw HTML.
    expect(html.match(/data-source-file="[^"]*"/g)).toEqual(['data-source-file="ledger.json"']);
    expect(html).not.toContain("data-tx-version");
  });
});
