import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "node-html-parser";
import { describe, expect, inject, it } from "vitest";
import { parseExploreData } from "../../src/lib/views/chart-explore.ts";
import { niceScale, plotY } from "../../src/lib/views/chart-svg.ts";
import { repoRoot } from "../support/site/build-site.ts";
import { rawLinkAfter } from "../support/site/raw-link.ts";

const SIP = "0x0000000000000000000000000000000019e966bfa4b32ce9b7e23721b37b96d2";

function textOf(html: string, id: string): string {
  const element = parse(html).getElementById(id);
  if (!element) throw new Error(`no element #${id} in the page`);
  return element.textContent.trim();
}

describe("home page built from fixture content", () => {
  it("shows the balance exactly from base units, with the ledger version it was read at", async () => {
    const html = await readFile(path.join(inject("fixtureDist"), "index.html"), "utf8");
    // The fixture balance is u64::MAX base units: any float on the way would round it.
    expect(textOf(html, "balance")).toBe("18,446,744,073,709.551615");
    expect(html).toContain('value="18446744073709551615"');
    expect(textOf(html, "ledger-version")).toBe("98,765,432");
    expect(html).toContain('<time datetime="2026-01-01T00:00:00Z">1 Jan 2026, 00:00 UTC</time>');
    expect(html).toContain("<title>Overview · Fixture Program</title>");
  });

  it("shows the totals and the books term by term, exactly, each linked to its source", async () => {
    const root = parse(await readFile(path.join(inject("fixtureDist"), "index.html"), "utf8"));
    const figure = (id: string) => root.querySelector(`[data-figure="${id}"]`);
    expect(figure("donated")?.textContent.trim()).toBe("750.50");
    expect(figure("paid-out")?.textContent.trim()).toBe("320.00");
    // The fixture's 20.00 advance goes to its steward: a fee; the 300.00 payout to a team: an award.
    expect(figure("awarded")?.textContent.trim()).toBe("300.00");
    expect(figure("fees")?.textContent.trim()).toBe("20.00");
    expect(figure("fees")?.getAttribute("data-source-record")).toBe(
      "sum(entries[category=payout|advance, payee is a steward].amount)",
    );
    expect(figure("scheduled")?.textContent.trim()).toBe("0.00");
    expect(figure("available")?.getAttribute("value")).toBe("18446744073709551615");
    expect(figure("opening")?.textContent.trim()).toBe("18,446,744,073,269.051615");
    expect(figure("inflows")?.textContent.trim()).toBe("760.50");
    expect(figure("outflows")?.textContent.trim()).toBe("320.00");
    expect(figure("balance-check")?.textContent.trim()).toBe("18,446,744,073,709.551615");
    expect(root.querySelector("#reconciliation")?.textContent.replace(/\s+/g, " ").trim()).toBe(
      "18,446,744,073,269.051615 (opening balance) + 760.50 (donations and other inflows) \u2212 320.00 (payments out) = 18,446,744,073,709.551615 (balance on chain)",
    );
    expect(root.querySelector(".ok")?.textContent).toMatch(/Exact to the last/);
    for (const id of ["donated", "paid-out", "scheduled", "available", "vetoed"]) {
      const file = figure(id)?.getAttribute("data-source-file");
      expect(file, id).toMatch(/^[a-z]+\.json$/);
      // Linked to the rows that make it up where a list does (then the raw file second), else to the raw file.
      const link = figure(id)?.closest("a");
      const rows = figure(id)?.getAttribute("data-rows-href");
      expect(link?.getAttribute("href"), id).toBe(rows ?? `/data/snapshot/${file}`);
      if (rows !== undefined) expect(rawLinkAfter(link)?.getAttribute("href"), id).toBe(`/data/snapshot/${file}`);
    }
    expect(figure("donated")?.getAttribute("data-rows-href")).toBe("/ledger/kind/donation/");
    expect(figure("scheduled")?.getAttribute("data-rows-href")).toBe("/transfers/status/waiting/");
    expect(figure("available")?.hasAttribute("data-rows-href")).toBe(false);
  });

  it("shows no simulated-data banner for a real snapshot", async () => {
    const html = await readFile(path.join(inject("fixtureDist"), "index.html"), "utf8");
    expect(html).not.toContain("Simulated data.");
  });
});

describe("overview charts built from fixture content", () => {
  async function fixtureHome() {
    return parse(await readFile(path.join(inject("fixtureDist"), "index.html"), "utf8"));
  }
  type Root = Awaited<ReturnType<typeof fixtureHome>>;
  const cells = (root: Root, id: string) =>
    root
      .querySelectorAll(`#${id} tbody tr, #${id} tfoot tr`)
      .map((row) => row.querySelectorAll("th, td").map((cell) => cell.textContent.replace(/\s+/g, " ").trim()));
  const units = (root: Root, id: string) =>
    root
      .querySelectorAll(`#${id} tbody tr`)
      .map((row) => row.querySelectorAll("td").map((cell) => cell.querySelector("data")?.getAttribute("value")));

  it("carries the three tables with the fixture's exact figures", async () => {
    const root = await fixtureHome();
    expect(cells(root, "balance-table")).toEqual([
      ["Opening balance (end of 2025-12-28)", "18,446,744,073,269.051615"],
      ["2025-12", "18,446,744,073,709.551615"],
    ]);
    expect(units(root, "balance-table")).toEqual([["18446744073269051615"], ["18446744073709551615"]]);
    expect(cells(root, "flows-table")).toEqual([
      ["2025-12", "760.50", "320.00"],
      ["All months", "760.50", "320.00"],
    ]);
    expect(units(root, "flows-table")).toEqual([["760500000", "320000000"]]);
    // The fixture's 20 LIBRA advance goes to the program's steward: a fee over the 12.00 cap on 300.00 of awards.
    expect(cells(root, "fees-table")).toEqual([
      ["2025-Q4", "300.00", "20.00", "12.00", "\u2715 No: over by 8.00"],
      ["Lifetime", "300.00", "20.00", "12.00", "\u2715 No: over by 8.00"],
    ]);
    for (const id of ["balance-table", "flows-table", "fees-table"]) {
      const table = root.querySelector(`#${id}`);
      expect(table?.querySelector("caption")?.textContent, id).toMatch(/LIBRA$/);
      expect(table?.querySelectorAll('thead th[scope="col"]').length, id).toBeGreaterThanOrEqual(2);
      // The table is open from the start and the chart is in the page as drawn, with or without scripting.
      const section = table?.closest("section[data-chart-section]");
      expect(section?.querySelector("details[data-chart-table]")?.hasAttribute("open"), id).toBe(true);
      expect(section?.querySelector("[data-chart-figure]")?.hasAttribute("hidden"), id).toBe(false);
    }
  });

  it("draws each chart as an SVG image of the numbers its table prints, with a title and description", async () => {
    const root = await fixtureHome();
    const svg = (id: string) => {
      const image = root.querySelector(`svg#${id}-chart`);
      expect(image, id).not.toBeNull();
      expect(image?.getAttribute("role"), id).toBe("img");
      const [titleId, descId] = (image?.getAttribute("aria-labelledby") ?? "").split(" ");
      expect(image?.querySelector(`title#${titleId}`)?.textContent.trim(), id).not.toBe("");
      expect(image?.querySelector(`desc#${descId}`)?.textContent, id).toMatch(/The table below gives every figure/);
      return image!;
    };
    const rects = (id: string, key: string) =>
      svg(id)
        .querySelectorAll(`rect.chart-series-${key}`)
        .map((rect) => ({ y: Number(rect.getAttribute("y")), height: Number(rect.getAttribute("height")) }));
    /** The bar a value gets on an axis from 0 to the chart's scale: from the zero line (the plot's bottom) up. */
    const bar = (units: bigint, scale: ReturnType<typeof niceScale>) => ({
      y: plotY(scale, units),
      height: plotY(scale, 0n) - plotY(scale, units),
    });

    const flows = units(root, "flows-table").map((row) => row.map((value) => BigInt(value ?? "NaN")));
    const flowScale = niceScale(flows.flat());
    expect(rects("flows", "in")).toEqual(flows.map((row) => bar(row[0]!, flowScale)));
    expect(rects("flows", "out")).toEqual(flows.map((row) => bar(row[1]!, flowScale)));
    expect(
      svg("flows")
        .querySelectorAll(".chart-axis-x text")
        .map((t) => t.textContent),
    ).toEqual(["2025-12"]);

    // Fees 20.00 and the 12.00 cap (the table's third and fourth columns).
    const feeScale = niceScale([20_000_000n, 12_000_000n]);
    expect(rects("fees", "fee")).toEqual([bar(20_000_000n, feeScale)]);
    expect(rects("fees", "cap")).toEqual([bar(12_000_000n, feeScale)]);

    // The balance: a stepped line from the opening balance to December's closing one, both u64-sized.
    const [opening, december] = units(root, "balance-table").map((row) => BigInt(row[0] ?? "NaN"));
    const balanceScale = niceScale([opening!, december!]);
    const line = svg("balance").querySelector("path.chart-series-balance:not(.chart-dots)");
    expect(line?.getAttribute("d")).toBe(`M0 ${plotY(balanceScale, opening!)}H100V${plotY(balanceScale, december!)}`);
    expect(
      svg("balance")
        .querySelectorAll(".chart-axis-x text")
        .map((t) => t.textContent),
    ).toEqual(["2025-12-28", "2025-12-29"]);
    // Drawn in the page: no canvas, no chart script, no inline style.
    expect(root.querySelector("canvas")).toBeNull();
    expect(root.querySelectorAll("[style]")).toHaveLength(0);
  });

  it("puts a hidden 'Explore the values' button under each chart, naming the file of the chart's exact series", async () => {
    const root = await fixtureHome();
    const seriesOf = async (id: string) => {
      const href = root
        .querySelector(`button[data-chart-explore="${id}-chart"]`)
        ?.getAttribute("data-chart-values-href");
      expect(href, id).toBe(`/data/charts/${id}.json`);
      return parseExploreData(await readFile(path.join(inject("fixtureDist"), href ?? ""), "utf8"));
    };
    for (const id of ["balance", "flows", "fees"]) {
      const button = root.querySelector(`section[data-chart-section="${id}"] button[data-chart-explore]`);
      expect(button?.textContent.trim(), id).toBe("Explore the values");
      expect(button?.getAttribute("type"), id).toBe("button");
      // Hidden in the HTML: only the page's script shows it, so without JavaScript it is not there.
      expect(button?.hasAttribute("hidden"), id).toBe(true);
      expect(button?.getAttribute("data-chart-explore"), id).toBe(`${id}-chart`);
      expect(root.querySelector(`svg#${id}-chart`), id).not.toBeNull();
      const data = await seriesOf(id);
      expect(data.labels.length, id).toBeGreaterThan(0);
      // The series lives in its file only: the page does not carry it a second time.
      expect(button?.hasAttribute("data-chart-values"), id).toBe(false);
    }
    // The same exact amounts the fees table prints: 20.00 paid against a 12.00 cap, in base units.
    const fees = await seriesOf("fees");
    expect(fees.labels).toEqual(["2025-Q4"]);
    expect(fees.series.map((series) => [series.key, series.units])).toEqual([
      ["fee", ["20000000"]],
      ["cap", ["12000000"]],
    ]);
  });

  it("states the snapshot time and the 3-day rule, with the stale warning ready but hidden", async () => {
    const root = await fixtureHome();
    const freshness = root.querySelector("#freshness");
    expect(freshness?.getAttribute("data-freshness")).toBe("2026-01-01T00:00:00Z");
    expect(freshness?.textContent.replace(/\s+/g, " ")).toContain("block time 1 Jan 2026, 00:00 UTC.");
    expect(root.querySelector("[data-freshness-rule]")?.textContent.replace(/\s+/g, " ")).toContain(
      "Snapshots are taken daily: figures read more than 3 days ago may be out of date. These were read from the chain on 1 Jan 2026, 00:00 UTC.",
    );
    expect(textOf(root.toString(), "ledger-epoch")).toBe("1,234");
    const warning = root.querySelector("[data-stale-warning]");
    expect(warning?.getAttribute("role")).toBe("status");
    expect(warning?.hasAttribute("hidden")).toBe(true);
    expect(root.querySelector("#shortfall")).toBeNull();
  });
});

describe("home page built from the committed snapshot", () => {
  it("shows the committed balance and ledger version", async () => {
    const html = await readFile(path.join(inject("defaultDist"), "index.html"), "utf8");
    const meta = JSON.parse(await readFile(path.join(repoRoot, "content/snapshots", SIP, "meta.json"), "utf8"));
    const wallet = JSON.parse(await readFile(path.join(repoRoot, "content/snapshots", SIP, "wallet.json"), "utf8"));
    const balance = wallet.balance;
    expect(html).toContain(`value="${balance.coinStoreValue}"`);
    const shown = textOf(html, "balance").replaceAll(",", "");
    // Recompose base units from the shown text by string surgery, not arithmetic.
    const [whole = "", fraction = ""] = shown.split(".");
    expect(`${whole}${fraction.padEnd(6, "0")}`.replace(/^0+(?=\d)/, "")).toBe(balance.coinStoreValue);
    expect(textOf(html, "ledger-version").replaceAll(",", "")).toBe(meta.ledgerVersion);
  });

  it("says plainly that the committed data is simulated", async () => {
    const meta = JSON.parse(await readFile(path.join(repoRoot, "content/snapshots", SIP, "meta.json"), "utf8"));
    const html = await readFile(path.join(inject("defaultDist"), "index.html"), "utf8");
    expect(html.includes("Simulated data.")).toBe(meta.simulated);
  });
});

describe("home page first screen and 'to whom' (fixture content)", () => {
  const squash = (text: string | undefined) => text?.replace(/\s+/g, " ").trim();
  async function fixtureHome() {
    return parse(await readFile(path.join(inject("fixtureDist"), "index.html"), "utf8"));
  }

  it("rounds the headline cards to hundredths and keeps the exact amount beside them, each linked to its source", async () => {
    const root = await fixtureHome();
    const glance = (key: string) => root.querySelector(`[data-figure="glance:${key}"]`);
    // u64::MAX base units: rounded for the card, exact in #balance right under it.
    expect(glance("balance")?.textContent).toBe("18,446,744,073,709.55");
    expect(glance("balance")?.getAttribute("value")).toBe("18446744073709551615");
    expect(root.querySelector('[data-glance="balance"] #balance')?.textContent).toBe("18,446,744,073,709.551615");
    expect(glance("donated")?.textContent).toBe("750.50");
    expect(glance("paid-out")?.textContent).toBe("320");
    expect(glance("awarded")?.textContent).toBe("300");
    expect(glance("fees")?.textContent).toBe("20");
    expect(glance("waiting")?.textContent).toBe("0");
    expect(glance("stopped")?.textContent).toBe("0");
    for (const key of ["balance", "donated", "paid-out", "awarded", "fees", "waiting", "stopped"]) {
      // Each card's figure opens the page listing its rows (the ledger, a filtered ledger or transfer list), and
      // names its raw snapshot file for auditors' scripts.
      expect(glance(key)?.closest("a")?.getAttribute("href"), key).toMatch(/^\/(ledger|transfers)\/[a-z0-9/#-]*$/);
      expect(glance(key)?.getAttribute("data-source-file"), key).toMatch(/^[a-z]+\.json$/);
    }
    // Exact figures need no "exactly" line; the fee verdict is one plain sentence, decided exactly (20 > 4 % of 300).
    expect(root.querySelectorAll('[data-glance="donated"] .exact')).toHaveLength(0);
    const verdict = root.querySelector("#fee-verdict");
    expect(verdict?.classList.contains("breach")).toBe(true);
    expect(squash(verdict?.textContent)).toBe(
      "✕ Fees so far: 20 LIBRA, 6.67 % of the 300 LIBRA awarded, over the 4 % cap by 8 LIBRA. The fee rule",
    );
    for (const [href, text] of [
      ["/governance/", "Who decides"],
      ["/take-part/", "How to take part"],
    ] as const) {
      expect(root.querySelector(`#glance a[href="${href}"]`)?.textContent ?? null, href).toBe(text);
    }
    expect(root.querySelector('#glance a[href="#to-whom"]')?.textContent).toBe("Who received the awards");
  });

  it("says who received the awards, all time and this quarter, exactly, with the steward's fee apart", async () => {
    const root = await fixtureHome();
    const rows = (id: string) =>
      root
        .querySelectorAll(`#${id} tbody tr, #${id} tfoot tr`)
        .map((row) => row.querySelectorAll("th, td").map((cell) => squash(cell.textContent)));
    // The fixture's award went to an address program.yaml does not list; the snapshot was read in 2026-Q1.
    expect(root.querySelectorAll("#awards-by-team thead th").map((cell) => squash(cell.textContent))).toEqual([
      "Team",
      "All time",
      "2026 Q1",
    ]);
    expect(rows("awards-by-team")).toEqual([
      ["Not a listed team", "300.00", "none"],
      ["All awards", "300.00", "0.00"],
    ]);
    expect(rows("awards-by-area")[0]).toEqual(["Not a listed team", "300.00", "none"]);
    expect(squash(root.querySelector("#to-whom")?.textContent)).toContain("(January to March 2026, the quarter");
    const allTime = root.querySelector('#awards-by-team tbody td[data-label="All time"] data');
    expect(allTime?.getAttribute("data-source-record")).toBe(
      "sum(entries[category=payout|advance, payee is not a steward, payee is not a listed team].amount)",
    );
    expect(allTime?.getAttribute("data-period")).toBe("all");
    expect(squash(root.querySelector("#steward-fee")?.textContent)).toMatch(
      /^Apart from the awards, the program steward was paid an administrative fee of 20\.00 LIBRA in all, of which 0\.00 LIBRA in 2026 Q1\./,
    );
  });

  it("explains the opening balance of the books line from the ledger's opening record", async () => {
    const root = await fixtureHome();
    expect(squash(root.querySelector("#opening-note")?.textContent)).toBe(
      "The opening balance of 18,446,744,073,269.051615 LIBRA is what the wallet already held when this record begins: its balance on the chain at ledger version 99, just before the first movement listed here. Where those coins came from is older than this record, so it is not broken down here.",
    );
  });

  it("names every listed team, linked to its team page", async () => {
    const root = parse(await readFile(path.join(inject("defaultDist"), "index.html"), "utf8"));
    const names = root.querySelectorAll("#awards-by-team tbody th").map((cell) => squash(cell.textContent));
    expect(names).toContain("Mutual Health Plan");
    const links = root.querySelectorAll("#awards-by-team tbody th a").map((link) => link.getAttribute("href"));
    expect(links.length).toBeGreaterThan(3);
    for (const href of links) expect(href).toMatch(/^\/teams\/[a-z0-9]+(-[a-z0-9]+)*\/$/);
    expect(links).toContain("/teams/mutual-health-plan/");
    // Every amount cell of the phone-stacked tables names its column for the card layout.
    for (const cell of root.querySelectorAll("table.stack tbody td")) {
      expect(cell.getAttribute("data-label")?.length ?? 0).toBeGreaterThan(0);
    }
  });
});
