import { describe, expect, it } from "vitest";
import {
  formatWeightReport,
  jsImportsOf,
  median,
  type PageWeight,
  pageAssetsOf,
  pageTypeOf,
  summariseByType,
  TOTAL_GZ_LIMIT,
  weightProblems,
} from "../../../../scripts/bench/page-weight.ts";

const page = (file: string, weights: Partial<PageWeight> = {}): PageWeight => ({
  file,
  type: pageTypeOf(file),
  isChartPage: false,
  htmlBytes: 1000,
  htmlGz: 500,
  cssGz: 100,
  jsGz: 0,
  totalGz: 500,
  ...weights,
});

describe("pageTypeOf", () => {
  it("names top-level pages by themselves and deeper pages by their family", () => {
    expect(pageTypeOf("index.html")).toBe("home");
    expect(pageTypeOf("404.html")).toBe("404");
    expect(pageTypeOf("transfers/index.html")).toBe("transfers");
    expect(pageTypeOf("transfers/12/index.html")).toBe("transfers/*");
    expect(pageTypeOf("transfers/status/paid/index.html")).toBe("transfers/status/*");
    expect(pageTypeOf("transfers/page/2/index.html")).toBe("transfers/page/*");
    expect(pageTypeOf(`donors/0x${"a".repeat(64)}/index.html`)).toBe("donors/*");
    expect(pageTypeOf("reports/2026-q1/index.html")).toBe("reports/*");
  });
});

describe("pageAssetsOf", () => {
  it("finds inline and linked CSS and executable scripts, and skips data scripts", () => {
    const html = [
      "<html><head><style>body{margin:0}</style>",
      '<link rel="stylesheet" href="/_astro/site.css"><link rel="icon" href="/favicon.svg">',
      '<link rel="modulepreload" href="/_astro/chunk.js">',
      '<script type="module" src="/_astro/chart.js"></script>',
      '<script type="application/json" id="data">{"a":1}</script>',
      "<script>console.log(1)</script><script></script>",
      "</head><body><canvas></canvas></body></html>",
    ].join("");
    expect(pageAssetsOf(html)).toEqual({
      inlineCss: ["body{margin:0}"],
      inlineJs: ["console.log(1)"],
      cssUrls: ["/_astro/site.css"],
      jsUrls: ["/_astro/chart.js", "/_astro/chunk.js"],
      isChartPage: true,
    });
  });

  it("counts the overview's SVG charts as charts", () => {
    const html =
      '<html><body><figure class="chart-figure" data-chart-figure><svg role="img"></svg></figure></body></html>';
    expect(pageAssetsOf(html).isChartPage).toBe(true);
  });

  it("sees no chart and no script on a plain page", () => {
    const assets = pageAssetsOf("<html><body><p>canvas is a word</p></body></html>");
    expect(assets.isChartPage).toBe(false);
    expect(assets.jsUrls).toEqual([]);
    expect(assets.inlineJs).toEqual([]);
  });
});

describe("jsImportsOf", () => {
  it("lists relative static and dynamic imports once each, not bare packages", () => {
    const code =
      'import{a as b}from"./chunk.abc.js";import"./side.js";const m=import("../lazy.mjs");import x from "lib";import"./side.js"';
    expect(jsImportsOf(code)).toEqual(["./chunk.abc.js", "./side.js", "../lazy.mjs"]);
  });

  it("follows Vite's dynamic imports, which are written with backticks", () => {
    expect(jsImportsOf("addEventListener(`load`,()=>{import(`./overview-charts.D3KFMW8g.js`)})")).toEqual([
      "./overview-charts.D3KFMW8g.js",
    ]);
  });
});

describe("median", () => {
  it("is the middle value, the lower one for an even count", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2);
    expect(median([7])).toBe(7);
    expect(() => median([])).toThrow(RangeError);
  });
});

describe("summariseByType", () => {
  it("gives median and maximum per type, and the heaviest page", () => {
    const summaries = summariseByType([
      page("transfers/1/index.html", { totalGz: 300, htmlGz: 300 }),
      page("transfers/2/index.html", { totalGz: 900, htmlGz: 900 }),
      page("transfers/3/index.html", { totalGz: 600, htmlGz: 600 }),
      page("index.html", { totalGz: 50, isChartPage: true, jsGz: 20 }),
    ]);
    expect(summaries.map((s) => s.type)).toEqual(["home", "transfers/*"]);
    const transfers = summaries[1];
    expect(transfers?.pages).toBe(3);
    expect(transfers?.totalGz).toEqual({ median: 600, max: 900 });
    expect(transfers?.heaviest).toBe("transfers/2/index.html");
    expect(summaries[0]?.chartPages).toBe(1);
    expect(summaries[0]?.jsGz).toEqual({ median: 20, max: 20 });
  });
});

describe("weightProblems", () => {
  it("flags pages over the total limit and JavaScript on pages without a chart, but not a chart's script", () => {
    const heavy = page("transfers/index.html", { totalGz: TOTAL_GZ_LIMIT + 1 });
    const atLimit = page("donors/index.html", { totalGz: TOTAL_GZ_LIMIT });
    const scripted = page("methodology/index.html", { jsGz: 10 });
    const chart = page("index.html", { jsGz: 10, isChartPage: true });
    const bigChart = page("charts/index.html", { jsGz: 61 * 1024, isChartPage: true });
    const problems = weightProblems([heavy, atLimit, scripted, chart, bigChart]);
    expect(problems.overTotal).toEqual([heavy]);
    expect(problems.jsWithoutChart).toEqual([scripted]);
    expect(problems.chartJsOver).toEqual([bigChart]);
  });

  it("reports a met target as met and a missed one with the pages", () => {
    const lines = formatWeightReport([page("index.html"), page("transfers/index.html", { totalGz: 200 * 1024 })]);
    expect(lines.join("\n")).toMatch(
      /MISSED: 1 page\(s\) over 120\.0 kB gzipped: transfers\/index\.html \(200\.0 kB\)/,
    );
    expect(lines.join("\n")).toMatch(/no JavaScript on pages without a chart, except the search page: met/);
  });

  it("reports the search page's script on its own line, not as a page that should have none", () => {
    const search = page("search/index.html", { jsGz: 1229 });
    expect(weightProblems([search]).jsWithoutChart).toEqual([]);
    expect(formatWeightReport([search]).join("\n")).toContain("the search page loads 1.2 kB");
  });
});
