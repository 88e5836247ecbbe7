import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { type HTMLElement, parse } from "node-html-parser";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { buildWalletSites } from "../../src/integrations/build-wallets.ts";
import { findBrokenLinks } from "../../src/lib/build/dist-links.ts";
import { DEFAULT_BUILD_ENV, repoRoot } from "../support/site/build-site.ts";
import { distPathOf, listDist } from "../support/site/dist-files.ts";
import { rawLinkAfter } from "../support/site/raw-link.ts";
import { SECOND_WALLET, SECOND_WALLET_NAME, SECOND_WALLET_PREFIX } from "../support/site/wallets-content.ts";

/**
 * Several wallets of one program (issue 7): the main wallet's site at the root, the other wallet's full site under
 * /wallets/<slug>/, a switcher on both, combined totals on the main overview, one manifest over everything. And with
 * one wallet (the committed content), none of it.
 */

const run = promisify(execFile);
const MAIN = "0x0000000000000000000000000000000019e966bfa4b32ce9b7e23721b37b96d2";
const SUB = SECOND_WALLET_PREFIX.slice(1);

async function page(dist: string, file: string): Promise<HTMLElement> {
  return parse(await readFile(path.join(dist, file), "utf8"));
}

function switcherLinks(root: HTMLElement) {
  const nav = root.querySelector('nav[aria-label="Wallets"]');
  if (!nav) return null;
  return nav.querySelectorAll("a").map((link) => ({
    href: link.getAttribute("href"),
    text: link.textContent.trim(),
    current: link.getAttribute("aria-current") ?? null,
  }));
}

async function hashDist(dist: string): Promise<Map<string, string>> {
  const hashes = new Map<string, string>();
  for (const file of await listDist(dist)) {
    hashes.set(
      file,
      createHash("sha256")
        .update(await readFile(path.join(dist, file)))
        .digest("hex"),
    );
  }
  return hashes;
}

describe("one wallet (the committed content)", () => {
  it("has no wallet switcher and no combined totals on any page", async () => {
    const dist = inject("defaultDist");
    const pages = (await listDist(dist)).filter((file) => file.endsWith(".html"));
    expect(pages.length).toBeGreaterThan(50);
    const found: string[] = [];
    for (const file of pages) {
      const html = await readFile(path.join(dist, file), "utf8");
      // A link into a wallet site (href="/wallets/…"); the state files served at /data/state/wallets/… are not one.
      if (/aria-label="Wallets"|id="wallet-totals"|data-site-root|"\/wallets\//.test(html)) found.push(file);
    }
    expect(found).toEqual([]);
    expect((await listDist(dist)).some((file) => file.startsWith("wallets/"))).toBe(false);
  });
});

describe("two wallets of one program", () => {
  const dist = () => inject("walletsDist");

  it("builds the main wallet at the root and the other one's full site under its short address", async () => {
    const files = new Set(await listDist(dist()));
    for (const file of [
      "index.html",
      "transfers/index.html",
      "reports/2025-q3/index.html",
      `${SUB}index.html`,
      `${SUB}transfers/index.html`,
      `${SUB}transfers/4/index.html`,
      `${SUB}vetoes/index.html`,
      `${SUB}donors/index.html`,
      `${SUB}donors/0x00000000000000000000000000000000d0d0a1a1b2b2c3c3d4d4e5e5f6f60707/index.html`,
      `${SUB}changes/index.html`,
      `${SUB}search/index.html`,
      `${SUB}search-index/index.json`,
      `${SUB}data/snapshot/wallet.json`,
      `${SUB}data/snapshot/ledger.json`,
      `${SUB}feed.xml`,
    ]) {
      expect(files.has(file), file).toBe(true);
    }
    // The other wallet's snapshot files are published byte for byte, under its prefix.
    expect(await readFile(path.join(dist(), SUB, "data/snapshot/wallet.json"), "utf8")).toBe(
      await readFile(path.join(inject("walletsContent"), "snapshots", SECOND_WALLET, "wallet.json"), "utf8"),
    );
    const meta = JSON.parse(await readFile(path.join(dist(), SUB, "data/snapshot/meta.json"), "utf8"));
    expect(meta.wallet).toBe(SECOND_WALLET);
    // Reports and writeups are the program's: published once, at the root.
    expect([...files].some((file) => file.startsWith(`${SUB}reports/20`) || file.startsWith(`${SUB}writeups/`))).toBe(
      false,
    );
    const reports = await page(dist(), `${SUB}reports/index.html`);
    expect(reports.querySelector("#reports-on-main-site a")?.getAttribute("href")).toBe("/reports/");
  });

  it("shows the switcher on both sites, linking each wallet's home and marking the current one", async () => {
    const main = [
      { href: "/", text: "Social Infrastructure Program (this wallet)", current: "true" },
      { href: SECOND_WALLET_PREFIX, text: SECOND_WALLET_NAME, current: null },
    ];
    const sub = [
      { href: "/", text: "Social Infrastructure Program", current: null },
      { href: SECOND_WALLET_PREFIX, text: `${SECOND_WALLET_NAME} (this wallet)`, current: "true" },
    ];
    for (const file of ["index.html", "transfers/index.html", "methodology/index.html", "404.html"]) {
      expect(switcherLinks(await page(dist(), file)), file).toEqual(main);
      expect(switcherLinks(await page(dist(), `${SUB}${file}`)), `${SUB}${file}`).toEqual(sub);
    }
  });

  it("points every link of the other wallet's pages into its own site, except the switcher and shared files", async () => {
    const root = await page(dist(), `${SUB}transfers/4/index.html`);
    expect(root.querySelector(".site-name")?.getAttribute("href")).toBe(SECOND_WALLET_PREFIX);
    expect(root.querySelector('nav[aria-label="Sections"] a')?.getAttribute("href")).toBe(SECOND_WALLET_PREFIX);
    const hrefs = root
      .querySelectorAll("a[href], link[href], script[src], form[action]")
      .filter((element) => !element.closest('nav[aria-label="Wallets"]'))
      .map((element) => element.getAttribute("href") ?? element.getAttribute("src") ?? element.getAttribute("action"))
      .filter((url): url is string => url?.startsWith("/") === true);
    expect(hrefs.length).toBeGreaterThan(10);
    expect(hrefs.filter((url) => !url.startsWith(SECOND_WALLET_PREFIX))).toEqual([]);
    const search = await page(dist(), `${SUB}search/index.html`);
    expect(search.querySelector("form")?.getAttribute("action")).toBe(`${SECOND_WALLET_PREFIX}search/`);
    // The data page's manifest link is the one manifest of the whole site.
    const data = await page(dist(), `${SUB}data/index.html`);
    expect(data.querySelectorAll('a[href="/manifest.sha256"]').length).toBe(1);
    // The search script loads the wallet's own index.
    const scripts = (await readdir(path.join(dist(), SUB, "_astro"))).filter((file) => file.startsWith("search."));
    const code = await readFile(path.join(dist(), SUB, "_astro", scripts[0] ?? "missing"), "utf8");
    expect(code).toContain(SECOND_WALLET_PREFIX);
  });

  it("reports on the other wallet on its own site: its name, address and figures", async () => {
    const root = await page(dist(), `${SUB}index.html`);
    expect(root.querySelector("h1")?.textContent).toBe(`Social Infrastructure Program: ${SECOND_WALLET_NAME}`);
    expect(root.querySelector("#wallet-totals")).toBeNull();
    const wallet = JSON.parse(await readFile(path.join(dist(), SUB, "data/snapshot/wallet.json"), "utf8"));
    expect(root.querySelector("#balance")?.getAttribute("value")).toBe(wallet.balance.coinStoreValue);
    // The balance links to its row on the wallet's own ledger, then to its own snapshot file.
    const balanceLink = root.querySelector("#balance")?.closest("a");
    expect(balanceLink?.getAttribute("href")).toMatch(new RegExp(`^${SECOND_WALLET_PREFIX}ledger/#m-[dw]\\d+$`));
    expect(rawLinkAfter(balanceLink)?.getAttribute("href")).toBe(`${SECOND_WALLET_PREFIX}data/snapshot/wallet.json`);
    const transfer = await page(dist(), `${SUB}transfers/4/index.html`);
    expect(transfer.querySelector("h1")?.textContent).toContain("4");
  });

  it("lists every wallet on the main overview, with combined totals that are the sums of the wallets' figures", async () => {
    const root = await page(dist(), "index.html");
    const table = root.querySelector("#wallet-totals table");
    expect(table).not.toBeNull();
    const rows = table?.querySelectorAll("tbody tr") ?? [];
    expect(rows.map((row) => row.getAttribute("data-wallet"))).toEqual([MAIN, SECOND_WALLET]);
    // Each wallet's figures are that wallet's own overview figures, linked to its published snapshot files.
    const sites = [
      { row: rows[0], overview: await page(dist(), "index.html"), prefix: "/" },
      { row: rows[1], overview: await page(dist(), `${SUB}index.html`), prefix: SECOND_WALLET_PREFIX },
    ];
    const columns = [
      ["balance", "#balance"],
      ["donated", "#donated"],
      ["paidOut", "#paid-out"],
      ["fees", "#fees"],
    ] as const;
    const files = new Set(await listDist(dist()));
    for (const [column, id] of columns) {
      let sum = 0n;
      for (const { row, overview, prefix } of sites) {
        const cell = row?.querySelector(`data[data-figure$=":${column}"]`);
        const own = overview.querySelector(id);
        expect(cell?.getAttribute("value"), `${prefix} ${column}`).toBe(own?.getAttribute("value"));
        expect(cell?.getAttribute("data-ledger-version")).toBe(own?.getAttribute("data-ledger-version"));
        // The figure links to the rows on that wallet's own site; the raw file follows, from its own snapshot.
        const link = cell?.closest("a");
        const href = link?.getAttribute("href") ?? "";
        const raw = rawLinkAfter(link)?.getAttribute("href") ?? "";
        expect(href.startsWith(`${prefix}ledger/`), href).toBe(true);
        expect(raw.startsWith(`${prefix}data/snapshot/`), raw).toBe(true);
        for (const url of [href, raw]) expect(files.has(distPathOf(url)), url).toBe(true);
        sum += BigInt(cell?.getAttribute("value") ?? "x");
      }
      const combined = table?.querySelector(`tfoot data[data-figure="combined:${column}"]`);
      expect(combined?.getAttribute("value"), column).toBe(sum.toString());
    }
    // The two snapshots were read at different ledger versions, and the page says so.
    expect(root.querySelector("#wallet-versions")?.textContent).toMatch(
      /read at different ledger versions \(Social Infrastructure Program at 1,813, Commons fund at 26\)/,
    );
  });

  it("has no broken same-site link anywhere in the combined site", async () => {
    const files = await listDist(dist());
    const pages = await Promise.all(
      files
        .filter((file) => file.endsWith(".html"))
        .map(async (file) => ({ file, html: await readFile(path.join(dist(), file), "utf8") })),
    );
    expect(pages.filter((p) => p.file.startsWith(SUB)).length).toBeGreaterThan(15);
    expect(findBrokenLinks(pages, new Set(files))).toEqual([]);
    const { stdout } = await run(process.execPath, ["scripts/check-links.ts", "--dist", dist()], { cwd: repoRoot });
    expect(stdout).toContain("every same-site link leads to a file of the build");
  });

  it("publishes one manifest.sha256 at the root listing every file of both sites exactly once", async () => {
    const text = await readFile(path.join(dist(), "manifest.sha256"), "utf8");
    const listed = text
      .trimEnd()
      .split("\n")
      .map((line) => line.slice(66));
    const files = (await listDist(dist())).filter((file) => file !== "manifest.sha256");
    expect(listed).toEqual([...files].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
    expect(new Set(listed).size).toBe(listed.length);
    expect(listed.some((file) => file.startsWith(SUB))).toBe(true);
    expect(files.filter((file) => file.endsWith("manifest.sha256"))).toEqual([]);
    await run("sha256sum", ["--check", "--strict", "--quiet", "manifest.sha256"], { cwd: dist() });
  });

  describe("built again in another time zone and locale, with SOURCE_DATE_EPOCH", () => {
    let again: string;
    beforeAll(async () => {
      again = await mkdtemp(path.join(tmpdir(), "ledgerlight-wallets-again-"));
      await buildWalletSites({
        root: repoRoot,
        contentDir: inject("walletsContent"),
        outDir: again,
        env: {
          ...DEFAULT_BUILD_ENV,
          TZ: "Pacific/Auckland",
          LANG: "de_DE.UTF-8",
          LC_ALL: "de_DE.UTF-8",
          SOURCE_DATE_EPOCH: "1767225600",
        },
      });
    });
    afterAll(async () => {
      if (again) await rm(again, { recursive: true, force: true });
    });

    it("gives the same bytes for every file, and dates every file SOURCE_DATE_EPOCH", async () => {
      expect(await hashDist(again)).toEqual(await hashDist(dist()));
      const { mtimeMs } = await stat(path.join(again, SUB, "transfers/4/index.html"));
      expect(mtimeMs).toBe(1767225600 * 1000);
      expect((await stat(path.join(again, "manifest.sha256"))).mtimeMs).toBe(1767225600 * 1000);
    });
  });
});
