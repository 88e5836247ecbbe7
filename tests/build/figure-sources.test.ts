import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { type HTMLElement, parse } from "node-html-parser";
import { describe, expect, inject, it } from "vitest";
import { SNAPSHOT_FILES } from "../../src/schemas/snapshot.ts";
import { repoRoot } from "../support/site/build-site.ts";
import { distPathOf, listDist } from "../support/site/dist-files.ts";
import { rawLinkAfter } from "../support/site/raw-link.ts";

/**
 * Provenance on the page: every figure element of the overview and of the quarterly reports carries its source.
 * A figure element is every `<data>` in `<main>` (an exact value the page shows) and every element with
 * `data-figure`. Each must be, or sit inside, a link to a file or page that exists in the build; name a snapshot
 * file (`data-source-file`) and the records in it (`data-source-record`); and name the ledger version of the
 * snapshot the build published (`data-ledger-version`). A figure that is one on-chain event also names its
 * transaction (`data-tx-version`), which must be in the published ledger, and links to it on the explorer only
 * when the data is real.
 */

interface Published {
  dist: string;
  files: Set<string>;
  meta: { ledgerVersion: string; simulated: boolean };
  ledger: { entries: { version: string; category: string; transferUid: string | null }[] };
}

async function published(dist: string): Promise<Published> {
  const read = async (file: string) => JSON.parse(await readFile(path.join(dist, "data/snapshot", file), "utf8"));
  return {
    dist,
    files: new Set(await listDist(dist)),
    meta: await read("meta.json"),
    ledger: await read("ledger.json"),
  };
}

/** The figure elements of a page, as defined above. */
function figureElements(root: HTMLElement): HTMLElement[] {
  const main = root.querySelector("main");
  if (!main) throw new Error("no <main>");
  return [...new Set([...main.querySelectorAll("data"), ...main.querySelectorAll("[data-figure]")])];
}

function linkOf(element: HTMLElement): HTMLElement | null {
  return element.tagName === "A" ? element : element.closest("a");
}

/** What is wrong with one figure element's source, or [] when nothing is. */
function sourceProblems(element: HTMLElement, site: Published, explorerPrefix: string): string[] {
  const problems: string[] = [];
  const attribute = (name: string) => element.getAttribute(name);
  const link = linkOf(element);
  const href = link?.getAttribute("href");
  if (!href) problems.push("is not a link");
  else if (!href.startsWith("/") || href.startsWith("//")) problems.push(`links off the site: ${href}`);
  else if (!site.files.has(distPathOf(href))) problems.push(`links to ${href}, which is not in the build`);
  const file = attribute("data-source-file");
  if (!file || !Object.hasOwn(SNAPSHOT_FILES, file)) problems.push(`names no snapshot file (${file})`);
  else if (!site.files.has(`data/snapshot/${file}`)) problems.push(`names ${file}, which is not published`);
  if (!attribute("data-source-record")?.trim()) problems.push("names no record");
  if (attribute("data-ledger-version") !== site.meta.ledgerVersion) {
    problems.push(
      `ledger version ${attribute("data-ledger-version")} is not the snapshot's ${site.meta.ledgerVersion}`,
    );
  }
  const tx = attribute("data-tx-version");
  if (tx !== undefined) {
    const entries = site.ledger.entries.filter((entry) => entry.version === tx);
    if (entries.length === 0) problems.push(`transaction ${tx} is not in ledger.json`);
    if (BigInt(tx) > BigInt(site.meta.ledgerVersion)) problems.push(`transaction ${tx} is after the snapshot`);
    const uid = /^transfer:(\d+)$/.exec(attribute("data-figure") ?? "")?.[1];
    if (uid !== undefined && !entries.some((entry) => entry.transferUid === uid)) {
      problems.push(`transaction ${tx} did not pay transfer ${uid}`);
    }
  }
  const explorer = attribute("data-explorer-href");
  if (explorer !== undefined) {
    if (site.meta.simulated) problems.push("links simulated data to an explorer");
    if (tx === undefined || explorer !== `${explorerPrefix}${tx}`) problems.push(`explorer link ${explorer}`);
  }
  return problems;
}

async function pageFigures(site: Published, page: string) {
  const root = parse(await readFile(path.join(site.dist, page), "utf8"));
  const figures = figureElements(root);
  const program = await readFile(path.join(repoRoot, "content/program.yaml"), "utf8");
  const template = /^ {2}transaction: "([^"]+)\{version\}"$/m.exec(program)?.[1] ?? "(no explorer)";
  const problems = figures.flatMap((element) =>
    sourceProblems(element, site, template).map(
      (problem) => `${page}: ${element.getAttribute("data-figure") ?? "<data>"} "${element.textContent}" ${problem}`,
    ),
  );
  return { root, figures, problems };
}

const reportPages = async (dist: string) =>
  (await readdir(path.join(dist, "reports"), { withFileTypes: true }))
    .filter((entry) => entry.isDirectory())
    .map((entry) => `reports/${entry.name}/index.html`);

describe("figure sources on the committed build", () => {
  it("give every figure of the overview a link, a snapshot file, a record and the snapshot's ledger version", async () => {
    const site = await published(inject("defaultDist"));
    const { figures, problems, root } = await pageFigures(site, "index.html");
    // The headline figures, the books, the counts and the chart tables' amounts.
    expect(figures.length).toBeGreaterThan(40);
    expect(problems).toEqual([]);
    const balance = root.querySelector("#balance");
    expect(balance?.getAttribute("data-source-file")).toBe("wallet.json");
    expect(balance?.getAttribute("data-source-record")).toBe("balance.coinStoreValue");
    // The balance links first to the ledger row whose running balance it is, then to the raw file, smaller.
    const link = linkOf(balance as HTMLElement);
    expect(link?.getAttribute("href")).toMatch(/^\/ledger\/#m-[dw]\d+$/);
    expect(balance?.getAttribute("data-rows-href")).toBe(link?.getAttribute("href"));
    expect(rawLinkAfter(link)?.getAttribute("href")).toBe("/data/snapshot/wallet.json");
    expect(rawLinkAfter(link)?.getAttribute("aria-label")).toBe("raw JSON for balance");
    for (const id of ["donated", "paid-out", "awarded", "fees", "scheduled", "available", "vetoed", "opening"]) {
      expect(root.querySelector(`[data-figure="${id}"]`), id).not.toBeNull();
    }
  });

  it("give every figure of the 2025-Q3 report, prose and statement, its source", async () => {
    const site = await published(inject("defaultDist"));
    const { figures, problems, root } = await pageFigures(site, "reports/2025-q3/index.html");
    expect(problems).toEqual([]);
    const prose = figures.filter((element) => element.closest(".prose"));
    const statement = figures.filter((element) => element.closest("#statement"));
    // 7 cited figures and one transfer; the statement's table, reconciliation, fee check and award tables.
    expect(prose.length).toBe(8);
    expect(statement.length).toBeGreaterThan(15);
    // The transfer was paid: a single on-chain event, with its transaction; simulated, so no explorer link.
    const transfer = root.querySelector('.prose a[data-figure="transfer:23"]');
    expect(transfer?.getAttribute("data-tx-version")).toMatch(/^\d+$/);
    expect(transfer?.hasAttribute("data-explorer-href")).toBe(false);
    expect(site.meta.simulated).toBe(true);
  });
});

describe("figure sources on the fixture build (real data, explorer configured)", () => {
  it("give every figure of the overview and of each report its source", async () => {
    const site = await published(inject("fixtureDist"));
    let total = 0;
    for (const page of ["index.html", ...(await reportPages(site.dist))]) {
      const { figures, problems } = await pageFigures(site, page);
      total += figures.length;
      expect(problems, page).toEqual([]);
    }
    expect(total).toBeGreaterThan(40);
  });

  it("link a paid transfer's payment to the explorer, with its transaction version", async () => {
    const site = await published(inject("fixtureDist"));
    const { root } = await pageFigures(site, "reports/2025-q4/index.html");
    const transfer = root.querySelector('a[data-figure="transfer:5"]');
    const tx = transfer?.getAttribute("data-tx-version");
    expect(tx).toMatch(/^\d+$/);
    expect(transfer?.getAttribute("data-explorer-href")).toBe(`https://scan.openlibra.io/transactions/${tx}`);
    expect(transfer?.getAttribute("href")).toBe("/transfers/5/");
  });
});

describe("the figure-source check itself", () => {
  it("reports a figure without a source, a link or the snapshot's ledger version", async () => {
    const site = await published(inject("fixtureDist"));
    const root = parse(
      `<main><p><a href="/data/snapshot/ledger.json"><data value="1" data-source-record="x" data-ledger-version="${site.meta.ledgerVersion}">1</data></a>` +
        `<data value="2" data-source-file="ledger.json" data-source-record="x" data-ledger-version="${site.meta.ledgerVersion}">2</data>` +
        `<a href="/nowhere/"><data value="3" data-source-file="ledger.json" data-source-record="x" data-ledger-version="1">3</data></a>` +
        `<a href="/transfers/5/" data-figure="transfer:5" data-source-file="transfers.json" data-source-record="[uid=5]" data-ledger-version="${site.meta.ledgerVersion}" data-tx-version="999999999999">t</a></p></main>`,
    );
    const problems = figureElements(root).map((element) => sourceProblems(element, site, "https://x/"));
    expect(problems).toEqual([
      ["names no snapshot file (undefined)"],
      ["is not a link"],
      [
        "links to /nowhere/, which is not in the build",
        `ledger version 1 is not the snapshot's ${site.meta.ledgerVersion}`,
      ],
      [
        "transaction 999999999999 is not in ledger.json",
        "transaction 999999999999 is after the snapshot",
        "transaction 999999999999 did not pay transfer 5",
      ],
    ]);
  });
});

describe("figure sources on the governance pages", () => {
  it("give every figure of /governance/ and /take-part/ its source", async () => {
    const site = await published(inject("defaultDist"));
    for (const page of ["governance/index.html", "take-part/index.html"]) {
      const { figures, problems } = await pageFigures(site, page);
      expect(figures.length, page).toBeGreaterThan(3);
      expect(problems, page).toEqual([]);
    }
  });
});
