import { compareText } from "../../src/lib/compare.ts";
/**
 * Page weight for the site benchmark, as pure functions over HTML text and byte counts (the benchmark does the file
 * reading and gzip). Targets from the issue: every page ≤ 120 kB gzipped in total (HTML plus the CSS and JS it
 * loads), no JavaScript at all on pages without a chart, ≤ 60 kB gzipped JavaScript on chart pages.
 */

export const TOTAL_GZ_LIMIT = 120 * 1024;
export const CHART_JS_GZ_LIMIT = 60 * 1024;

/**
 * The type of a built page, from its path in dist: `index.html` is "home", a top-level page is its name
 * ("transfers"), and a page one level further down is a member of a family named by its parent with `*`
 * ("transfers/*" for `/transfers/12/`, "transfers/status/*", "donors/*", "reports/*").
 */
export function pageTypeOf(file: string): string {
  const segments = file
    .replace(/(^|\/)index\.html$/, "")
    .replace(/\.html$/, "")
    .split("/")
    .filter(Boolean);
  if (segments.length === 0) return "home";
  if (segments.length === 1) return segments[0] as string;
  return `${segments.slice(0, -1).join("/")}/*`;
}

/** What a page's HTML pulls in: inline style and script text, and the site-local stylesheets and scripts it links. */
export interface PageAssets {
  inlineCss: string[];
  inlineJs: string[];
  /** Root-relative URLs of linked stylesheets, e.g. `/_astro/site.abc.css`. */
  cssUrls: string[];
  /** Root-relative URLs of external scripts. */
  jsUrls: string[];
  /**
   * The page shows a chart (a `<canvas>`, or the overview's SVG charts marked `data-chart-figure`), so JavaScript
   * is allowed on it.
   */
  isChartPage: boolean;
}

const attribute = (tag: string, name: string) =>
  new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, "i").exec(tag)?.slice(1).find(Boolean);

/** Script types a browser runs (no type, a JavaScript MIME type or `module`); JSON and templates are data. */
const isExecutable = (type: string | undefined) =>
  type === undefined || /^(module|(text|application)\/(java|ecma)script)$/i.test(type.trim());

/** Scans a page's HTML for its CSS and JavaScript (regular expressions suffice for the HTML Astro emits). */
export function pageAssetsOf(html: string): PageAssets {
  const assets: PageAssets = {
    inlineCss: [],
    inlineJs: [],
    cssUrls: [],
    jsUrls: [],
    isChartPage: /<canvas[\s>]|\sdata-chart-figure[\s>=]/i.test(html),
  };
  for (const match of html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/gi)) assets.inlineCss.push(match[1] ?? "");
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const tag = `<script${match[1] ?? ""}>`;
    if (!isExecutable(attribute(tag, "type"))) continue;
    const src = attribute(tag, "src");
    if (src !== undefined) assets.jsUrls.push(src);
    else if ((match[2] ?? "").trim() !== "") assets.inlineJs.push(match[2] ?? "");
  }
  for (const match of html.matchAll(/<link\b[^>]*>/gi)) {
    const tag = match[0];
    const rel = attribute(tag, "rel")?.toLowerCase().split(/\s+/) ?? [];
    const href = attribute(tag, "href");
    if (href === undefined) continue;
    if (rel.includes("stylesheet")) assets.cssUrls.push(href);
    else if (rel.includes("modulepreload")) assets.jsUrls.push(href);
  }
  return assets;
}

/**
 * Relative modules a bundled script imports (`import"./x.js"`, `from "./x.js"`, `import("./x.js")`, also with
 * backticks), so a chart
 * page is charged for the chunks its entry script pulls in, not just the entry.
 */
export function jsImportsOf(code: string): string[] {
  const out = new Set<string>();
  // Vite writes dynamic imports with backticks (import(`./x.js`)), static ones with quotes.
  for (const match of code.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)(["'`])(\.{1,2}\/[^"'`]+?\.m?js)\1/g)) {
    if (match[2]) out.add(match[2]);
  }
  return [...out];
}

/** One built page's weight in bytes: `…Gz` gzipped (what travels), the rest raw. */
export interface PageWeight {
  file: string;
  type: string;
  isChartPage: boolean;
  htmlBytes: number;
  htmlGz: number;
  /** Inline and linked CSS. */
  cssGz: number;
  /** Inline and external JavaScript, including the modules the external scripts import. */
  jsGz: number;
  /** HTML plus linked CSS and external JavaScript (inline CSS and JS already travel inside the HTML). */
  totalGz: number;
}

/** Median of a non-empty list (the lower middle for an even count, so it is always a measured value). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError("median of nothing");
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] as number;
}

export interface TypeSummary {
  type: string;
  pages: number;
  chartPages: number;
  htmlGz: { median: number; max: number };
  cssGz: { median: number; max: number };
  jsGz: { median: number; max: number };
  totalGz: { median: number; max: number };
  /** The heaviest page of the type (by total), for Lighthouse and for a look. */
  heaviest: string;
}

/** Per page type, median and maximum of each measure, types in alphabetical order. */
export function summariseByType(pages: readonly PageWeight[]): TypeSummary[] {
  const groups = new Map<string, PageWeight[]>();
  for (const page of pages) {
    const group = groups.get(page.type);
    if (group) group.push(page);
    else groups.set(page.type, [page]);
  }
  const stat = (group: PageWeight[], pick: (page: PageWeight) => number) => {
    const values = group.map(pick);
    return { median: median(values), max: Math.max(...values) };
  };
  return [...groups]
    .sort(([a], [b]) => compareText(a, b))
    .map(([type, group]) => ({
      type,
      pages: group.length,
      chartPages: group.filter((page) => page.isChartPage).length,
      htmlGz: stat(group, (page) => page.htmlGz),
      cssGz: stat(group, (page) => page.cssGz),
      jsGz: stat(group, (page) => page.jsGz),
      totalGz: stat(group, (page) => page.totalGz),
      heaviest: group.reduce((a, b) => (b.totalGz > a.totalGz || (b.totalGz === a.totalGz && b.file < a.file) ? b : a))
        .file,
    }));
}

export interface WeightProblems {
  /** Pages over `TOTAL_GZ_LIMIT` in total. */
  overTotal: PageWeight[];
  /** Pages without a chart that load any JavaScript. */
  jsWithoutChart: PageWeight[];
  /** Chart pages over `CHART_JS_GZ_LIMIT` of JavaScript. */
  chartJsOver: PageWeight[];
}

/**
 * The search page needs its script (the search runs in the browser over the static index; there is no server), so it is reported on its
 * own line rather than as a page that should have none.
 */
export const SEARCH_PAGE = "search/index.html";

/** Every page that misses a target, heaviest first. */
export function weightProblems(pages: readonly PageWeight[]): WeightProblems {
  const heaviestFirst = (a: PageWeight, b: PageWeight) => b.totalGz - a.totalGz || (a.file < b.file ? -1 : 1);
  return {
    overTotal: pages.filter((page) => page.totalGz > TOTAL_GZ_LIMIT).sort(heaviestFirst),
    jsWithoutChart: pages
      .filter((page) => !page.isChartPage && page.file !== SEARCH_PAGE && page.jsGz > 0)
      .sort(heaviestFirst),
    chartJsOver: pages.filter((page) => page.isChartPage && page.jsGz > CHART_JS_GZ_LIMIT).sort(heaviestFirst),
  };
}

/** `12.3 kB` (1 kB = 1,024 bytes). */
export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;

/** The page weight report, as lines to print. */
export function formatWeightReport(pages: readonly PageWeight[]): string[] {
  const pad = (text: string, width: number) => text.padStart(width);
  const pair = (stat: { median: number; max: number }) => pad(`${kb(stat.median)} / ${kb(stat.max)}`, 20);
  const lines = [
    `  page weight by type, gzipped, median / max (targets: every page ≤ ${kb(TOTAL_GZ_LIMIT)} in total; JS 0 kB on pages without a chart, ≤ ${kb(CHART_JS_GZ_LIMIT)} on chart pages):`,
    `    ${"type".padEnd(22)} ${pad("pages", 6)} ${pad("HTML", 20)} ${pad("CSS", 20)} ${pad("JS", 20)} ${pad("total", 20)}`,
  ];
  for (const summary of summariseByType(pages)) {
    const charts = summary.chartPages > 0 ? ` (${summary.chartPages} with a chart)` : "";
    lines.push(
      `    ${summary.type.padEnd(22)} ${pad(String(summary.pages), 6)} ${pair(summary.htmlGz)} ${pair(summary.cssGz)} ${pair(summary.jsGz)} ${pair(summary.totalGz)}${charts}`,
    );
  }
  const problems = weightProblems(pages);
  const search = pages.find((page) => page.file === SEARCH_PAGE);
  const searchJs = search
    ? ` (the search page loads ${kb(search.jsGz)}, plus the index files a query needs: index.json, a word shard or two and the results' document chunks)`
    : "";
  const list = (found: PageWeight[], what: (page: PageWeight) => string) =>
    `${found
      .slice(0, 5)
      .map((page) => `${page.file} (${what(page)})`)
      .join(", ")}${found.length > 5 ? `, and ${found.length - 5} more` : ""}`;
  lines.push(
    problems.overTotal.length === 0
      ? `  every page ≤ ${kb(TOTAL_GZ_LIMIT)} gzipped: met`
      : `  MISSED: ${problems.overTotal.length} page(s) over ${kb(TOTAL_GZ_LIMIT)} gzipped: ${list(problems.overTotal, (page) => kb(page.totalGz))}`,
    problems.jsWithoutChart.length === 0
      ? `  no JavaScript on pages without a chart, except the search page: met${searchJs}`
      : `  MISSED: ${problems.jsWithoutChart.length} page(s) without a chart load JavaScript: ${list(problems.jsWithoutChart, (page) => kb(page.jsGz))}`,
    problems.chartJsOver.length === 0
      ? `  chart pages ≤ ${kb(CHART_JS_GZ_LIMIT)} JavaScript gzipped: met (${pages.filter((page) => page.isChartPage).length} chart page(s))`
      : `  MISSED: ${problems.chartJsOver.length} chart page(s) over ${kb(CHART_JS_GZ_LIMIT)} JavaScript: ${list(problems.chartJsOver, (page) => kb(page.jsGz))}`,
  );
  return lines;
}
