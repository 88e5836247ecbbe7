import { readFile } from "node:fs/promises";
import path from "node:path";
import { type HTMLElement, parse } from "node-html-parser";
import { describe, expect, inject, it } from "vitest";
import { distPathOf, listDist } from "../support/site/dist-files.ts";
import { parseCsv } from "../support/site/parse-csv.ts";
import { rawLinkAfter } from "../support/site/raw-link.ts";

/**
 * Every figure links to the rows that make it up. For each figure with a rows link (`data-rows-href`) on the
 * overview and the quarterly reports, the rows of the page it links to, over all that list's pages, sum (or, for a
 * count, number) exactly to the figure, and so do the rows of the CSV that page links; a figure that is a balance
 * links to the ledger row whose running balance it is. Then the ledger itself: every entry of the published
 * snapshot on exactly one `/ledger/` row, the rows adding up to in − out, the running balance ending at the
 * balance, and the advance listed as an advance.
 */

interface ListRows {
  /** Signed amounts of every row, all pages, in page order. */
  amounts: bigint[];
  /** The row elements, all pages. */
  rows: HTMLElement[];
  /** The first page's stated total and count, and its CSV link. */
  statedTotal: bigint;
  statedCount: number;
  csvHref: string;
}

function site(dist: string) {
  const pages = new Map<string, Promise<HTMLElement>>();
  const page = (href: string) => {
    const file = distPathOf(href);
    let parsed = pages.get(file);
    if (!parsed) {
      parsed = readFile(path.join(dist, file), "utf8").then((html) => parse(html));
      pages.set(file, parsed);
    }
    return parsed;
  };
  /** Follows `rel=next` from the list's first page to its last. */
  const listRows = async (href: string): Promise<ListRows> => {
    const first = await page(href);
    const total = first.querySelector("[data-rows-total]");
    const csv = first.querySelector("a[data-rows-csv]");
    if (!total || !csv) throw new Error(`${href} states no rows total or CSV`);
    const rows: HTMLElement[] = [];
    let current: HTMLElement | null = first;
    let at = href;
    const seen = new Set<string>();
    while (current) {
      if (seen.has(at)) throw new Error(`pagination loops at ${at}`);
      seen.add(at);
      for (const row of current.querySelectorAll("tbody[data-rows] > tr")) {
        if (row.getAttribute("id") !== "opening") rows.push(row);
      }
      const next: string | undefined = current.querySelector('nav.pagination a[rel="next"]')?.getAttribute("href");
      current = next ? await page(next) : null;
      at = next ?? "";
    }
    const amounts = rows.map((row) => {
      const amount = row.querySelector("[data-amount]")?.getAttribute("value");
      if (amount === undefined) throw new Error(`${href}: a row without an amount`);
      return BigInt(amount);
    });
    return {
      amounts,
      rows,
      statedTotal: BigInt(total.getAttribute("value") ?? "x"),
      statedCount: Number(total.getAttribute("data-rows-count")),
      csvHref: csv.getAttribute("href") ?? "",
    };
  };
  /** The CSV's rows as signed amounts (ledger: `direction`, transfers: amounts, always positive). */
  const csvAmounts = async (href: string): Promise<bigint[]> => {
    const [header, ...records] = parseCsv(await readFile(path.join(dist, distPathOf(href)), "utf8"));
    const amount = header?.indexOf("amount_units") ?? -1;
    const direction = header?.indexOf("direction") ?? -1;
    // A list without amounts (donors: receipts, not movements) can still be counted.
    if (amount < 0) return records.map(() => 0n);
    return records.map((record) => {
      const units = BigInt(record[amount] ?? "x");
      return direction >= 0 && record[direction] === "out" ? -units : units;
    });
  };
  return { dist, page, listRows, csvAmounts };
}

type Site = ReturnType<typeof site>;
const sum = (values: readonly bigint[]) => values.reduce((total, value) => total + value, 0n);
const abs = (value: bigint) => (value < 0n ? -value : value);

/** What is wrong with one linked figure, or [] when its rows make it up exactly. */
async function figureProblems(s: Site, figure: HTMLElement): Promise<string[]> {
  const name = `${figure.getAttribute("data-figure")}${figure.getAttribute("data-period") ? ` (${figure.getAttribute("data-period")})` : ""}`;
  const rowsHref = figure.getAttribute("data-rows-href") ?? "";
  const value = BigInt(figure.getAttribute("value") ?? "x");
  const problems: string[] = [];
  const link = figure.closest("a");
  if (link?.getAttribute("href") !== rowsHref) problems.push(`${name}: the figure does not link to ${rowsHref}`);
  const raw = rawLinkAfter(link);
  const file = figure.getAttribute("data-source-file");
  if (
    raw?.getAttribute("href") !== `/data/snapshot/${file}` ||
    !raw?.getAttribute("aria-label")?.startsWith("raw JSON")
  ) {
    problems.push(`${name}: no second link to the raw ${file}`);
  }
  const [pathPart, anchor] = rowsHref.split("#");
  if (anchor !== undefined) {
    const row = (await s.page(pathPart ?? "")).getElementById(anchor);
    const balance = row?.querySelector("[data-balance]")?.getAttribute("value");
    if (balance === undefined || BigInt(balance) !== value) {
      problems.push(`${name}: row ${rowsHref} has balance ${balance}, the figure is ${value}`);
    }
    return problems;
  }
  const list = await s.listRows(rowsHref);
  const isCount = /count/.test(name);
  const csv = await s.csvAmounts(list.csvHref);
  if (isCount) {
    if (BigInt(list.rows.length) !== value)
      problems.push(`${name}: ${list.rows.length} rows on ${rowsHref}, figure ${value}`);
    if (BigInt(csv.length) !== value) problems.push(`${name}: ${csv.length} rows in ${list.csvHref}, figure ${value}`);
  } else {
    // One direction per figure: the rows' amounts, all in or all out, add up to it.
    const pageSum = sum(list.amounts.map(abs));
    if (pageSum !== value || abs(sum(list.amounts)) !== value) {
      problems.push(`${name}: rows on ${rowsHref} sum to ${sum(list.amounts)}, figure ${value}`);
    }
    if (sum(csv.map(abs)) !== value || abs(sum(csv)) !== value) {
      problems.push(`${name}: rows of ${list.csvHref} sum to ${sum(csv)}, figure ${value}`);
    }
  }
  if (list.statedTotal !== sum(list.amounts) || list.statedCount !== list.rows.length) {
    problems.push(
      `${rowsHref}: states ${list.statedTotal} in ${list.statedCount} rows, lists ${sum(list.amounts)} in ${list.rows.length}`,
    );
  }
  return problems;
}

async function linkedFigures(s: Site, page: string) {
  const root = await s.page(`/${page}`.replace(/index\.html$/, ""));
  return root.querySelectorAll("main [data-rows-href]");
}

async function reportPages(dist: string): Promise<string[]> {
  return (await listDist(dist)).filter((file) => /^reports\/\d{4}-q\d\/index\.html$/.test(file));
}

describe("every linked figure adds up from the rows it links to", () => {
  it("on the committed build's overview: headline figures, books, counts and chart tables", async () => {
    const s = site(inject("defaultDist"));
    const figures = await linkedFigures(s, "index.html");
    const names = new Set(figures.map((figure) => figure.getAttribute("data-figure")));
    for (const id of ["balance", "donated", "paid-out", "awarded", "fees", "scheduled", "vetoed", "opening"]) {
      expect(names, id).toContain(id);
    }
    for (const id of ["inflows", "outflows", "balance-check", "donations-count", "donors-count", "paid-count"]) {
      expect(names, id).toContain(id);
    }
    const problems = (await Promise.all(figures.map((figure) => figureProblems(s, figure)))).flat();
    expect(problems).toEqual([]);
    // The issue's case: 449,700 paid out is the awards plus the 150 LIBRA advance, and the page it links lists both.
    const paidOut = figures.find((figure) => figure.getAttribute("data-figure") === "paid-out");
    expect(paidOut?.getAttribute("data-rows-href")).toBe("/ledger/kind/paid-out/");
    const list = await s.listRows("/ledger/kind/paid-out/");
    expect(list.rows.some((row) => row.getAttribute("data-kind") === "advance")).toBe(true);
  });

  it("in the 2025-Q3 report's prose and statement", async () => {
    const s = site(inject("defaultDist"));
    const figures = await linkedFigures(s, "reports/2025-q3/index.html");
    expect(figures.filter((figure) => figure.closest("#statement")).length).toBeGreaterThan(8);
    const problems = (await Promise.all(figures.map((figure) => figureProblems(s, figure)))).flat();
    expect(problems).toEqual([]);
  });

  for (const dist of ["fixtureDist", "pagedDist"] as const) {
    it(`on the ${dist.replace("Dist", "")} build's overview and reports`, async () => {
      const s = site(inject(dist));
      let count = 0;
      const names = new Set<string | undefined>();
      for (const page of ["index.html", ...(await reportPages(s.dist))]) {
        const figures = await linkedFigures(s, page);
        count += figures.length;
        for (const figure of figures) names.add(figure.getAttribute("data-figure"));
        const problems = (await Promise.all(figures.map((figure) => figureProblems(s, figure)))).flat();
        expect(problems, page).toEqual([]);
      }
      expect(count).toBeGreaterThan(10);
      if (dist === "pagedDist") {
        // Its report is new-report's scaffold: the prose's figures made of rows, the waiting transfers among them.
        for (const name of ["transfers.pending.count", "transfers.pending.amount", "donations.total", "awards.total"]) {
          expect(names, name).toContain(name);
        }
      }
    });
  }

  it("finds a figure whose link leads to the wrong rows", async () => {
    const s = site(inject("defaultDist"));
    const donated = (await linkedFigures(s, "index.html")).find((f) => f.getAttribute("data-figure") === "donated");
    expect(donated).toBeDefined();
    const broken = parse(donated?.closest("a")?.parentNode?.toString() ?? "").querySelector("[data-figure]");
    broken?.setAttribute("data-rows-href", "/ledger/kind/award/");
    broken?.closest("a")?.setAttribute("href", "/ledger/kind/award/");
    expect(await figureProblems(s, broken as HTMLElement)).toEqual([
      expect.stringMatching(/^donated: rows on \/ledger\/kind\/award\/ sum to -\d+, figure \d+$/),
      expect.stringMatching(/^donated: rows of \/data\/ledger\/kind-award\.csv sum to/),
    ]);
  });
});

describe("the ledger page", () => {
  it("lists every entry of the published snapshot on exactly one row, with its running balance", async () => {
    const s = site(inject("defaultDist"));
    const read = async (file: string) => JSON.parse(await readFile(path.join(s.dist, "data/snapshot", file), "utf8"));
    const ledger = await read("ledger.json");
    const wallet = await read("wallet.json");
    const list = await s.listRows("/ledger/");
    const anchors = list.rows.map((row) => row.getAttribute("id"));
    expect(new Set(anchors).size).toBe(anchors.length);
    const expected = (ledger.entries as { stream: string; sequence: string; amount: string; version: string }[]).map(
      (entry) => ({
        id: `m-${entry.stream === "deposit" ? "d" : "w"}${entry.sequence}`,
        amount: entry.stream === "deposit" ? BigInt(entry.amount) : -BigInt(entry.amount),
        version: entry.version,
      }),
    );
    // Newest first on the page, so reversed: the same entries in the same order, amounts and versions included.
    expect(
      list.rows
        .map((row, index) => ({
          id: row.getAttribute("id"),
          amount: list.amounts[index],
          version: /version ([\d,]+)/.exec(row.textContent)?.[1]?.replaceAll(",", ""),
        }))
        .reverse(),
    ).toEqual(expected);
    // Rows add up to in − out; the running balance goes from the opening balance to the balance on chain.
    const opening = BigInt(ledger.opening.amount);
    const balance = BigInt(wallet.balance.coinStoreValue);
    expect(sum(list.amounts)).toBe(balance - opening);
    const balances = list.rows.map((row) => BigInt(row.querySelector("[data-balance]")?.getAttribute("value") ?? "x"));
    expect(balances[0]).toBe(balance);
    let running = opening;
    for (let index = list.rows.length - 1; index >= 0; index--) {
      running += list.amounts[index] as bigint;
      expect(balances[index]).toBe(running);
    }
    const last = await s.page(
      list.rows.length > 100 ? `/ledger/page/${Math.ceil(list.rows.length / 100)}/` : "/ledger/",
    );
    expect(last.querySelector("#opening [data-balance]")?.getAttribute("value")).toBe(opening.toString());
    expect(last.querySelector("#opening")?.textContent).toContain("when this record begins");
  });

  it("shows the 150 LIBRA advance as an advance, with its transaction hash", async () => {
    const s = site(inject("defaultDist"));
    const advances = await s.listRows("/ledger/kind/advance/");
    expect(advances.amounts).toEqual([-150_000_000n]);
    const row = advances.rows[0];
    expect(row?.querySelector('[data-label="Kind"]')?.textContent.trim()).toBe("Advance");
    expect(row?.querySelector('[data-label="Transaction"] code')?.getAttribute("title")).toMatch(/^0x[0-9a-f]{64}$/);
    for (const cell of row?.querySelectorAll("td") ?? []) expect(cell.hasAttribute("data-label")).toBe(true);
  });

  it("links each transaction to the explorer only for real data", async () => {
    const real = site(inject("fixtureDist"));
    const rows = (await real.listRows("/ledger/")).rows;
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const version = /version ([\d,]+)/.exec(row.textContent)?.[1]?.replaceAll(",", "");
      expect(row.querySelector('[data-label="Transaction"] a')?.getAttribute("href")).toBe(
        `https://scan.openlibra.io/transactions/${version}`,
      );
    }
    const simulated = site(inject("defaultDist"));
    expect((await simulated.page("/ledger/")).querySelector('[data-label="Transaction"] a')).toBeNull();
  });
});

describe("what changed", () => {
  it("names every item each count counts, each linked to a page of the build", async () => {
    const s = site(inject("defaultDist"));
    const page = await s.page("/changes/");
    const files = new Set(await listDist(s.dist));
    expect(page.querySelectorAll(".change-list li[data-counts]").length).toBeGreaterThan(5);
    // Per reading: the counts its sentences state equal the items they name (a transfer count's items are the
    // sentences after it), or the "… more" link standing for the rest.
    for (const entry of page.querySelectorAll(".change-list > li")) {
      const counts = entry
        .querySelectorAll("li[data-counts]")
        .flatMap((line) => (line.getAttribute("data-counts") ?? "").split(" ").map(Number));
      const items = entry.querySelectorAll("a[data-item]").length;
      const more = entry.querySelectorAll("a[data-more]").reduce((n, a) => n + Number(a.getAttribute("data-more")), 0);
      expect(items + more, entry.querySelector("h2")?.textContent).toBe(counts.reduce((a, b) => a + b, 0));
    }
    for (const link of page.querySelectorAll(".change-list a")) {
      const href = link.getAttribute("href") ?? "";
      expect(files.has(distPathOf(href)), href).toBe(true);
    }
    // The advance's reading says it paid out in payments and names it (it is no transfer).
    const text = page.textContent.replace(/\s+/g, " ");
    expect(text).toMatch(/an advance of 150\.00 LIBRA to Dispute Resolution Office/);
  });
});
