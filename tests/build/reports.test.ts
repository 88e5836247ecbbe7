import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "node-html-parser";
import { describe, expect, inject, it } from "vitest";
import { listDist, parseHtml } from "../support/site/dist-files.ts";
import { HOSTILE_MARKDOWN_SLUG } from "../support/site/hostile-markdown.ts";

async function page(dist: string, file: string) {
  return parse(await readFile(path.join(dist, file), "utf8"));
}

const squash = (value: string | undefined) => value?.replace(/\s+/g, " ").trim();

describe("reports built from fixture content", () => {
  it("are listed on the index: quarterly reports newest first, then writeups, drafts labelled", async () => {
    const root = await page(inject("fixtureDist"), "reports/index.html");
    const reports = root.querySelectorAll(".quarterly-list > li");
    expect(reports.map((li) => li.querySelector("a")?.getAttribute("href"))).toEqual([
      "/reports/2025-q4/",
      "/reports/2025-q3/",
    ]);
    expect(reports.map((li) => squash(li.querySelector("h3")?.textContent))).toEqual([
      "Fourth quarter 2025",
      "Draft Third quarter 2025",
    ]);
    expect(squash(reports[1]?.textContent)).toContain("2025 Q3 · Published 10 Oct 2025");
    const writeups = root.querySelectorAll(".writeups-list > li");
    expect(writeups.map((li) => li.querySelector("a")?.getAttribute("href"))).toEqual(["/writeups/program-note/"]);
    expect(root.querySelector(".writeups-list .draft-label")).toBeNull();
    expect(root.querySelector('nav a[aria-current="page"]')?.textContent.trim()).toBe("Reports");
  });

  it("each have a page with title, authors, date, draft label and the rendered Markdown", async () => {
    const dist = inject("fixtureDist");
    const final = await page(dist, "reports/2025-q4/index.html");
    expect(squash(final.querySelector("h1")?.textContent)).toBe("Fourth quarter 2025");
    expect(final.querySelectorAll(".publication-header > *").map((element) => squash(element.textContent))).toEqual([
      "Quarterly report, 2025 Q4",
      "Fourth quarter 2025",
      "By Fixture Steward and Second Author. Published 10 Jan 2026.",
    ]);
    expect(final.querySelector(".draft-label")).toBeNull();
    expect(squash(final.querySelector(".prose p")?.textContent)).toBe("The fixture's final report.");
    const draft = await page(dist, "reports/2025-q3/index.html");
    expect(squash(draft.querySelector(".draft-note")?.textContent)).toBe(
      "Draft This text is not final and may still change.",
    );
    expect(draft.querySelector(".prose h2")?.textContent).toBe("Draft text");
    const note = await page(dist, "writeups/program-note/index.html");
    expect(note.querySelector('.prose a[href="/donors/"]')?.textContent).toBe("link to the donors");
    expect(note.querySelector('nav a[aria-current="page"]')?.textContent.trim()).toBe("Reports");
  });
});

describe("figures in a report built from fixture content", () => {
  it("are the snapshot's exact values, equal to the overview's and the transfer page's to the base unit", async () => {
    const dist = inject("fixtureDist");
    const report = await page(dist, "reports/2025-q4/index.html");
    const overview = await page(dist, "index.html");
    const transfer = await page(dist, "transfers/5/index.html");
    expect(squash(report.querySelectorAll(".prose p")[1]?.textContent)).toBe(
      `Donors gave 750.50 LIBRA and the wallet closed the quarter at 18,446,744,073,709.551615 LIBRA; fees came to 20.00 LIBRA. The team was paid by transfer #5 (300.00 LIBRA to 0x${"c".repeat(64)}).`,
    );
    const cited = report.querySelectorAll(".prose a > data").map((data) => ({
      figure: data.getAttribute("data-figure"),
      href: data.parentNode?.getAttribute("href"),
      value: data.getAttribute("value"),
    }));
    // Every quarter's movements are in 2025-Q4, so the quarter's figures are the overview's lifetime ones.
    const overviewValue = (id: string) => overview.querySelector(`data#${id}`)?.getAttribute("value");
    // Each links to its rows (a ledger list, or the row whose running balance it is), then to the raw file.
    expect(cited).toEqual([
      { figure: "donations.total", href: "/ledger/quarter/2025-q4/kind/donation/", value: overviewValue("donated") },
      { figure: "balance.closing", href: "/ledger/#m-w1", value: overviewValue("balance") },
      { figure: "fees.total", href: "/ledger/quarter/2025-q4/kind/fees-paid/", value: overviewValue("fees") },
    ]);
    expect(
      report
        .querySelectorAll(".prose a > data")
        .map((data) => data.parentNode?.nextElementSibling?.getAttribute("href")),
    ).toEqual(["/data/snapshot/ledger.json", "/data/snapshot/ledger.json", "/data/snapshot/ledger.json"]);
    expect(cited.map((figure) => figure.value)).toEqual(["750500000", "18446744073709551615", "20000000"]);
    const link = report.querySelector('.prose a[href="/transfers/5/"]');
    expect(link?.textContent).toContain(`${transfer.querySelector("data#amount")?.textContent} LIBRA`);
    expect(transfer.querySelector("data#amount")?.getAttribute("value")).toBe("300000000");
  });

  it("come with the quarter's statement: balances, reconciliation, fees over the cap in words and numbers", async () => {
    const report = await page(inject("fixtureDist"), "reports/2025-q4/index.html");
    const statement = report.querySelector("#statement");
    const figure = (name: string) => statement?.querySelector(`data[data-figure="${name}"]`)?.getAttribute("value");
    expect(figure("balance.opening")).toBe((2n ** 64n - 1n - 440_500_000n).toString());
    expect(figure("donations.total")).toBe("750500000");
    expect(figure("inflows.other")).toBe("10000000");
    expect(figure("awards.total")).toBe("300000000");
    expect(figure("fees.total")).toBe("20000000");
    expect(figure("balance.closing")).toBe((2n ** 64n - 1n).toString());
    const rows = statement?.querySelectorAll(".statement-table")[0]?.querySelectorAll("tbody tr") ?? [];
    const cells = (row: (typeof rows)[number]) =>
      row
        .querySelectorAll("th, td")
        .map((cell) => squash(cell.textContent))
        .join(" | ");
    expect(rows.map(cells)).toEqual([
      "Opening balance | 18,446,744,073,269.051615 LIBRA",
      "Donations (2 donations; 2 new donors) | + 750.50 LIBRA",
      "Other inflows | + 10.00 LIBRA",
      "Awards to teams | − 300.00 LIBRA",
      "Administrative fees | − 20.00 LIBRA",
      "Other outflows | − 0.00 LIBRA",
      "Closing balance | 18,446,744,073,709.551615 LIBRA",
    ]);
    expect(squash(statement?.querySelector("[data-reconciliation]")?.textContent)).toBe(
      "18,446,744,073,269.051615 LIBRA + 760.50 LIBRA in − 320.00 LIBRA out = 18,446,744,073,709.551615 LIBRA ✓ Exact to the base unit.",
    );
    const fee = statement?.querySelector("[data-fee-check] strong");
    expect(fee?.classList.contains("breach")).toBe(true);
    expect(squash(fee?.textContent)).toBe(
      "✕ Over the cap: fees of 20.00 LIBRA against an allowance of 12.00 LIBRA (4 % of 300.00 LIBRA awarded), 8.00 LIBRA too much.",
    );
    const byTeam = statement?.querySelectorAll(".statement-table")[1]?.querySelectorAll("tbody tr") ?? [];
    expect(byTeam.map(cells)).toEqual(["Not a listed team | 1 | 300.00 LIBRA"]);
    expect(squash(statement?.querySelector("[data-vetoes]")?.textContent)).toBe(
      "0 veto ballots closing in 2025 Q4: 0 passed (transfer stopped), 0 rejected, 0 lapsed (deadline passed or payment already made, so it can no longer stop anything), 0 still open. See every ballot.",
    );
  });

  it("say so when the snapshot does not cover the report's quarter", async () => {
    const draft = await page(inject("fixtureDist"), "reports/2025-q3/index.html");
    expect(squash(draft.querySelector("#statement p")?.textContent)).toBe(
      "The committed snapshot does not cover 2025 Q3 (it covers 2025 Q4 to 2026 Q1), so no statement can be generated for it.",
    );
  });
});

describe("reports built from the committed content", () => {
  it("cite figures equal to the overview's fee table and the transfer page, to the base unit", async () => {
    const dist = inject("defaultDist");
    const report = await page(dist, "reports/2025-q3/index.html");
    const overview = await page(dist, "index.html");
    const cited = (...names: string[]) =>
      names.map((name) => report.querySelector(`.prose a > data[data-figure="${name}"]`)?.getAttribute("value"));
    const q3 = overview
      .querySelectorAll("#fees-table tbody tr")
      .find((row) => row.querySelector("th")?.textContent.trim() === "2025-Q3");
    const [awards, fees, allowance] = (q3?.querySelectorAll("data") ?? []).map((data) => data.getAttribute("value"));
    expect(awards).toBeDefined();
    expect(cited("awards.total", "fees.total", "fees.allowance")).toEqual([awards, fees, allowance]);
    const statement = report.querySelector("#statement");
    expect(statement?.querySelector('data[data-figure="awards.total"]')?.getAttribute("value")).toBe(awards);
    expect(statement?.querySelector('data[data-figure="fees.total"]')?.getAttribute("value")).toBe(fees);
    const transfer = await page(dist, "transfers/23/index.html");
    const amount = transfer.querySelector("data#amount");
    expect(report.querySelector('.prose a[href="/transfers/23/"]')?.textContent).toBe(
      `transfer #23 (${amount?.textContent} LIBRA to Mutual Health Plan)`,
    );
    expect(statement?.querySelector("[data-reconciliation]")?.textContent).toContain("✓ Exact to the base unit.");
  });

  it("list the committed report and program note, and each page exists", async () => {
    const dist = inject("defaultDist");
    const files = new Set(await listDist(dist));
    const root = await page(dist, "reports/index.html");
    const hrefs = root.querySelectorAll(".publication-list a").map((a) => a.getAttribute("href") ?? "");
    expect(hrefs).toEqual(["/reports/2025-q3/", "/writeups/about-this-site/"]);
    for (const href of hrefs) expect(files.has(`${href.slice(1)}index.html`), href).toBe(true);
    expect(root.querySelector(".quarterly-list .draft-label")?.textContent).toBe("Draft");
    expect(root.querySelector('nav a[href="/reports/"]')).not.toBeNull();
  });
});

describe("hostile Markdown", () => {
  for (const file of [`writeups/${HOSTILE_MARKDOWN_SLUG}/index.html`, "reports/2025-q4/index.html"]) {
    it(`keeps the prose and shows frontmatter as text in ${file}`, async () => {
      const root = parseHtml(await readFile(path.join(inject("hostileDist"), file), "utf8"));
      const prose = root.querySelector(".prose");
      expect(prose).not.toBeNull();
      for (const marker of ["SAFE-heading", "SAFE-paragraph", "SAFE-after-inline-script", "SAFE-bidi", "SAFE-table"]) {
        expect(prose?.textContent, marker).toContain(marker);
      }
      expect(prose?.querySelector("pre code")?.textContent).toBe('<script>alert("SAFE-code-block")</script>\n');
      expect(root.querySelector("h1")?.textContent).toBe("<script>alert('title')</script> SAFE-title");
      // The document title is clipped to 70 characters (documentTitle); the heading above carries the whole title.
      expect(root.querySelector("title")?.textContent).toMatch(/^<script>alert\('title'\)<\/script> SAFE-/);
      expect(squash(root.querySelector(".publication-header")?.textContent)).toContain(
        "By <b onmouseover=alert(1)>author</b>.",
      );
    });
  }
});
