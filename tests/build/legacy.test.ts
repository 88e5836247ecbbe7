import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { type ConfigData, HtmlValidate } from "html-validate";
import { type HTMLElement, parse } from "node-html-parser";
import { describe, expect, inject, it } from "vitest";
import { legacyAddress } from "../../src/lib/figures/legacy-figures.ts";
import { repoRoot } from "../support/site/build-site.ts";
import { distPathOf, listDist, parseHtml } from "../support/site/dist-files.ts";
import { FIXTURE_LEGACY, legacyFixtureFiles } from "../support/site/legacy-fixture.ts";
import { PAGED_REBASE_FACTOR } from "../support/site/paged-content.ts";
import { WALLET } from "../support/snapshot/build-test-snapshot.ts";

/**
 * The legacy era page of the fixture build (legacy-fixture.ts): its figures equal the fixture's, every figure links
 * to a published legacy file with that file's sha256, amounts are said to be GAS, and nothing of it reaches the
 * overview's totals. Content without a legacy folder gets no page and no links; the committed content has the real one.
 */

const page = async (dist: string, file: string) => parse(await readFile(path.join(dist, file), "utf8"));
const values = (root: HTMLElement, figure: string) =>
  root.querySelectorAll(`[data-figure="${figure}"]`).map((element) => element.getAttribute("value"));

describe("the legacy era page (fixture build)", () => {
  it("shows each export's balance and donor count, the latest export's receipts and the reconciliation", async () => {
    const root = await page(inject("fixtureDist"), "legacy/index.html");
    expect(values(root, "legacy-balance")).toEqual(FIXTURE_LEGACY.exports.map((item) => item.balance.toString()));
    expect(values(root, "legacy-donor-count")).toEqual(FIXTURE_LEGACY.exports.map((item) => String(item.donorCount)));
    expect(values(root, "legacy-receipts-total")).toEqual(
      FIXTURE_LEGACY.exports.map((item) => item.receiptsTotal.toString()),
    );
    // Every export: balance − Σ receipts is the 1 GAS onboarding coin.
    expect(root.querySelectorAll("[data-unreceipted]").map((cell) => cell.getAttribute("data-unreceipted"))).toEqual(
      FIXTURE_LEGACY.exports.map(() => FIXTURE_LEGACY.difference.toString()),
    );
    expect(root.querySelector("#legacy-receipts-sum")?.getAttribute("value")).toBe(
      FIXTURE_LEGACY.receiptsSum.toString(),
    );
    expect(root.querySelector("#legacy-difference")?.getAttribute("value")).toBe(FIXTURE_LEGACY.difference.toString());
    expect(root.querySelector("#legacy-difference")?.textContent).toBe("1.00");
    expect(root.querySelector("#legacy-reconciliation")?.parentNode?.textContent).toContain(
      "exactly the 1.00 GAS onboarding coin",
    );
    expect(root.querySelector("#legacy-largest-amount")?.getAttribute("value")).toBe(
      FIXTURE_LEGACY.largestAmount.toString(),
    );
    expect(root.querySelector("#legacy-largest-amount")?.textContent).toBe("5,000.123456");
    expect(root.querySelector("#legacy-largest-donor")?.textContent).toBe(legacyAddress(FIXTURE_LEGACY.largestDonor));
    const donorRows = root.querySelectorAll("#legacy-donor-table tbody tr");
    expect(donorRows.map((row) => row.getAttribute("data-donor"))).toHaveLength(3);
    expect(donorRows[0]?.getAttribute("data-donor")).toBe(FIXTURE_LEGACY.largestDonor);
  });

  it("says the amounts are GAS before the rebase and shows both address forms", async () => {
    const root = await page(inject("fixtureDist"), "legacy/index.html");
    const statement = root.querySelector("#gas-statement")?.textContent.replace(/\s+/g, " ") ?? "";
    // The fixture has a state history, so the statement names the derived factor (gas-to-libra.test.ts).
    expect(statement).toContain(
      "All amounts on this page are in GAS, before the rebase; the GAS figures are the exact record.",
    );
    expect(root.querySelector("#rebase-factor")).toBeNull();
    expect(root.querySelector("#legacy-address-64")?.textContent).toBe(WALLET);
    expect(root.querySelector("#legacy-address-16")?.textContent).toBe("19e966bfa4b32ce9b7e23721b37b96d2");
    // The v5 points of the GAS → LIBRA timeline (gas-to-libra.test.ts checks the rest of it).
    const timeline = root.querySelectorAll(
      "#gas-to-libra-points [data-legacy-event], #gas-to-libra-points [data-legacy-export]",
    );
    expect(
      timeline.map((item) => item.getAttribute("data-legacy-event") ?? item.getAttribute("data-legacy-export")),
    ).toEqual(["created", "community-wallet-flag", "50", "400"]);
    expect(timeline[0]?.textContent).toContain("27 Oct 2021, 19:04 UTC");
    expect(timeline[0]?.textContent).toContain("10,134");
    expect(timeline[1]?.textContent).toContain("10,332");
    const rules = root.querySelector("#legacy-rules")?.parentNode?.textContent ?? "";
    expect(rules).toContain("two thirds");
    expect(rules).toContain("AutoPay");
  });

  it("links every figure to a published legacy file, naming the record and the file's sha256", async () => {
    const dist = inject("fixtureDist");
    const root = await page(dist, "legacy/index.html");
    const files = new Set(await listDist(dist));
    const figures = root.querySelector("main")?.querySelectorAll("data") ?? [];
    expect(figures.length).toBeGreaterThan(15);
    const problems: string[] = [];
    for (const figure of figures) {
      const href = figure.closest("a")?.getAttribute("href") ?? "";
      const file = figure.getAttribute("data-source-file") ?? "";
      const name = `${figure.getAttribute("data-figure")} ${figure.textContent}`;
      if (!files.has(distPathOf(href))) problems.push(`${name}: links to ${href}, not in the build`);
      if (`/data/snapshot/${file}` !== href) problems.push(`${name}: names ${file} but links to ${href}`);
      if (!figure.getAttribute("data-source-record")?.trim()) problems.push(`${name}: names no record`);
      const bytes = files.has(distPathOf(href)) ? await readFile(path.join(dist, distPathOf(href))) : "";
      if (figure.getAttribute("data-source-sha256") !== createHash("sha256").update(bytes).digest("hex")) {
        problems.push(`${name}: sha256 is not the published file's`);
      }
    }
    expect(problems).toEqual([]);
    const links = root.querySelectorAll("main a").map((link) => link.getAttribute("href") ?? "");
    // Every link of the page resolves inside the build; a fragment to an element of the page itself.
    const broken = links.filter((href) =>
      href.startsWith("#") ? root.querySelector(`[id="${href.slice(1)}"]`) === null : !files.has(distPathOf(href)),
    );
    expect(broken).toEqual([]);
  });

  it("publishes the legacy files byte for byte and lists them on the data page", async () => {
    const dist = inject("fixtureDist");
    for (const [name, text] of legacyFixtureFiles(WALLET)) {
      await expect(readFile(path.join(dist, "data/snapshot/legacy", name), "utf8")).resolves.toBe(text);
    }
    const data = await page(dist, "data/index.html");
    const hrefs = data.querySelectorAll("main a").map((link) => link.getAttribute("href"));
    expect(hrefs).toEqual(
      expect.arrayContaining([...legacyFixtureFiles(WALLET).keys()].map((name) => `/data/snapshot/legacy/${name}`)),
    );
  });

  it("is linked from the overview, the methodology and the footer, and stays out of the overview's totals", async () => {
    const dist = inject("fixtureDist");
    const overview = await page(dist, "index.html");
    expect(overview.querySelector("#legacy-link a")?.getAttribute("href")).toBe("/legacy/");
    expect(overview.querySelector(".site-footer a[href='/legacy/']")).not.toBeNull();
    const methodology = await page(dist, "methodology/index.html");
    expect(methodology.querySelector("#legacy")?.parentNode?.querySelector("a[href='/legacy/']")).not.toBeNull();
    // No figure of the overview comes from, or carries an amount of, the legacy files.
    const legacyAmounts = new Set(
      FIXTURE_LEGACY.exports.flatMap((item) => [item.balance.toString(), item.receiptsTotal.toString()]),
    );
    legacyAmounts.add(FIXTURE_LEGACY.largestAmount.toString());
    const overviewFigures = overview.querySelectorAll("main data");
    expect(overviewFigures.length).toBeGreaterThan(20);
    for (const figure of overviewFigures) {
      expect(figure.getAttribute("data-source-file") ?? "").not.toMatch(/^legacy\//);
      expect(legacyAmounts.has(figure.getAttribute("value") ?? "")).toBe(false);
    }
    expect(overview.querySelector("#totals-heading")?.parentNode?.textContent).not.toContain("GAS");
  });

  it("has no script and no html-validate error", async () => {
    const dist = inject("fixtureDist");
    const html = await readFile(path.join(dist, "legacy/index.html"), "utf8");
    expect(parseHtml(html).querySelectorAll("script")).toEqual([]);
    const config = JSON.parse(await readFile(path.join(repoRoot, ".htmlvalidate.json"), "utf8")) as ConfigData;
    const validator = new HtmlValidate(config);
    const problems: string[] = [];
    for (const file of ["legacy/index.html", "index.html", "data/index.html", "methodology/index.html"]) {
      const report = await validator.validateString(await readFile(path.join(dist, file), "utf8"), file);
      problems.push(
        ...report.results.flatMap((r) => r.messages.map((m) => `${file}:${m.line} ${m.ruleId}: ${m.message}`)),
      );
    }
    expect(problems).toEqual([]);
  });
});

describe("the legacy era page with a stated rebase factor (paged build)", () => {
  it("shows GAS and the converted LIBRA, floor(GAS × numerator / denominator), and cites the factor", async () => {
    const root = await page(inject("pagedDist"), "legacy/index.html");
    const statement = root.querySelector("#gas-statement")?.textContent.replace(/\s+/g, " ") ?? "";
    expect(statement).toContain("All amounts on this page are in GAS, before the rebase, and are not converted.");
    expect(root.querySelector("#rebase-factor")?.textContent.replace(/\s+/g, " ")).toContain(
      `${PAGED_REBASE_FACTOR.numerator}/${PAGED_REBASE_FACTOR.denominator} LIBRA base units per GAS base unit (A test factor)`,
    );
    const rows = root.querySelectorAll("#legacy-export-table tbody tr");
    // Balance 2,501.00 GAS / 3 = 833.666666 LIBRA, rounded down; 5,752.123457 / 3 = 1,917.374485.
    expect(rows.map((row) => row.querySelectorAll("td")[1]?.textContent)).toEqual(["833.666666", "1,917.374485"]);
    expect(values(root, "legacy-balance")).toEqual(FIXTURE_LEGACY.exports.map((item) => item.balance.toString()));
  });
});

describe("without a legacy folder", () => {
  it("builds no legacy page, no legacy files and no link to either", async () => {
    // The hostile corpus's content has no legacy/ folder (the committed content has the real one, below).
    const dist = inject("hostileDist");
    const files = await listDist(dist);
    // The JSON Schemas in public/schema/ (legacy-*.schema.json) are published with every build; nothing else.
    expect(files.filter((file) => file.includes("legacy") && !file.startsWith("schema/"))).toEqual([]);
    for (const file of ["index.html", "methodology/index.html", "data/index.html"]) {
      const html = await readFile(path.join(dist, file), "utf8");
      expect(html, file).not.toContain("/legacy/");
    }
  });
});

describe("the committed content's legacy era (real v5 figures, imported by npm run import-legacy)", () => {
  it("shows the real exports, the creation and flag, and explains the books to the base unit", async () => {
    const root = await page(inject("defaultDist"), "legacy/index.html");
    expect(values(root, "legacy-balance")).toEqual([
      "11274089306399",
      "14190612459888",
      "16098141181876",
      "18388730975789",
    ]);
    expect(values(root, "legacy-donor-count")).toEqual(["61", "68", "77", "82"]);
    const text = root.querySelector("main")?.textContent.replace(/\s+/g, " ") ?? "";
    expect(text).toContain("27 Oct 2021, 19:04 UTC, v5 transaction version 10,134");
    expect(text).toContain("27 Oct 2021, 19:09 UTC, v5 transaction version 10,332");
    // balance − Σ receipts = 0.99994 GAS: the 1 GAS onboarding coin less the 60 units the wallet paid in gas for its
    // set_wallet_type transaction (60 gas at price 1), so every other unit is a donor's.
    expect(root.querySelector("#legacy-difference")?.getAttribute("value")).toBe("999940");
    expect(root.querySelector("#legacy-fees-paid")?.getAttribute("value")).toBe("60");
    expect(text).toMatch(/✓ The difference is exactly the 1\.00 GAS onboarding coin .* less the 0\.00006 GAS in fees/);
    // content/state/ holds the rebase evidence, so GAS comes with a derived LIBRA equivalent (gas-to-libra.test.ts).
    expect(text).toContain(
      "All amounts on this page are in GAS, before the rebase; the GAS figures are the exact record.",
    );
  });
});
