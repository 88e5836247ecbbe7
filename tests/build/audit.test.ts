import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { type HTMLElement, parse } from "node-html-parser";
import { describe, expect, inject, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { formatInteger } from "../../src/lib/money.ts";
import { DONOR_PAGE_ROW_LIMIT } from "../../src/lib/views/donor-donations.ts";
import type { LedgerEntry } from "../../src/schemas/snapshot.ts";
import { repoRoot } from "../support/site/build-site.ts";
import { listDist } from "../support/site/dist-files.ts";
import { SECOND_WALLET, SECOND_WALLET_PREFIX } from "../support/site/wallets-content.ts";
import { DONOR_A } from "../support/snapshot/build-test-snapshot.ts";

/**
 * Issue 17, auditors: every page names the commit it was built from and the source repository; the data page adds
 * each wallet's ledger version and one zip of everything, with its sha256; rows name their transaction's version
 * and hash.
 */

const run = promisify(execFile);
const MAIN = "0x0000000000000000000000000000000019e966bfa4b32ce9b7e23721b37b96d2";
const MAIN_DIR = path.join(repoRoot, "content/snapshots", MAIN);

async function page(dist: string, file: string): Promise<HTMLElement> {
  return parse(await readFile(path.join(dist, file), "utf8"));
}

const git = async (...args: string[]) => (await run("git", args, { cwd: repoRoot })).stdout.trim();

async function ledgerVersionOf(snapshotDir: string): Promise<string> {
  return (JSON.parse(await readFile(path.join(snapshotDir, "meta.json"), "utf8")) as { ledgerVersion: string })
    .ledgerVersion;
}

/** What `unzip` (Info-ZIP, not our reader) lists and extracts: the archive is checked by another program. */
async function unzipList(zip: string): Promise<string[]> {
  return (await run("unzip", ["-Z1", zip])).stdout.split("\n").filter((line) => line !== "");
}

async function unzipFile(zip: string, name: string): Promise<Buffer> {
  const { stdout } = await run("unzip", ["-p", zip, name], { encoding: "buffer", maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

describe("the built commit and the source repository", () => {
  it("are named in every page's footer: the commit is `git rev-parse HEAD`, local changes said", async () => {
    const dist = inject("defaultDist");
    const head = await git("rev-parse", "HEAD");
    const dirty = (await git("status", "--porcelain", "--untracked-files=no")) !== "";
    const program = parseYaml(await readFile(path.join(repoRoot, "content/program.yaml"), "utf8")) as {
      sourceRepository: string;
    };
    expect(program.sourceRepository).toMatch(/^https:\/\//);
    const pages = (await listDist(dist)).filter((file) => file.endsWith(".html"));
    expect(pages.length).toBeGreaterThan(50);
    for (const file of pages) {
      const footer = (await page(dist, file)).querySelector("footer #build-source");
      expect(footer, file).not.toBeNull();
      expect(footer!.querySelector("code[data-commit]")?.textContent, file).toBe(head);
      expect(footer!.querySelector("[data-local-changes]") !== null, file).toBe(dirty);
      expect(footer!.querySelector(`a[href="${program.sourceRepository}"]`), file).not.toBeNull();
      expect(footer!.querySelector('a[href="/data/#source"]'), file).not.toBeNull();
    }
  });

  it("is on the data page with the ledger version of the snapshot and the commands to rebuild", async () => {
    const root = await page(inject("defaultDist"), "data/index.html");
    const head = await git("rev-parse", "HEAD");
    expect(root.querySelector("#source + dl code[data-commit]")?.textContent).toBe(head);
    const wallets = root.querySelectorAll("dd[data-wallet]");
    expect(wallets.map((dd) => dd.getAttribute("data-wallet"))).toEqual([MAIN]);
    const version = await ledgerVersionOf(MAIN_DIR);
    expect(wallets[0]!.getAttribute("data-ledger-version")).toBe(version);
    expect(wallets[0]!.textContent).toContain(`ledger version ${formatInteger(BigInt(version))}`);
    const commands = root.querySelectorAll("ol.commands code").map((code) => code.textContent);
    expect(commands).toContain(`git checkout ${head}`);
    expect(commands).toContain("npm ci && npm run build");
  });

  it("names every wallet's ledger version on each wallet site's data page", async () => {
    const dist = inject("walletsDist");
    const content = inject("walletsContent");
    const expected = [
      [MAIN, await ledgerVersionOf(path.join(content, "snapshots", MAIN))],
      [SECOND_WALLET, await ledgerVersionOf(path.join(content, "snapshots", SECOND_WALLET))],
    ];
    const head = await git("rev-parse", "HEAD");
    for (const file of ["data/index.html", `${SECOND_WALLET_PREFIX.slice(1)}data/index.html`]) {
      const root = await page(dist, file);
      const listed = root
        .querySelectorAll("dd[data-wallet]")
        .map((dd) => [dd.getAttribute("data-wallet"), dd.getAttribute("data-ledger-version")]);
      expect(listed, file).toEqual(expected);
      // One build, one commit: every wallet's build was given the commit read once at the start.
      expect(root.querySelector("footer code[data-commit]")?.textContent, file).toBe(head);
    }
  });
});

describe("the audit zip", () => {
  it("is linked from the data page with the sha256 of its bytes", async () => {
    const dist = inject("defaultDist");
    const root = await page(dist, "data/index.html");
    const href = root.querySelector("a[data-audit-zip]")?.getAttribute("href") ?? "";
    const version = await ledgerVersionOf(MAIN_DIR);
    expect(href).toBe(`/downloads/ledgerlight-audit-0x19e966bfa4b32ce9b7e23721b37b96d2-${version}.zip`);
    const bytes = await readFile(path.join(dist, href));
    const printed = root.querySelector("code[data-audit-zip-sha256]")?.textContent;
    expect(printed).toMatch(/^[0-9a-f]{64}$/);
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(printed);
    // The whole site's manifest lists it with the same hash.
    const manifest = await readFile(path.join(dist, "manifest.sha256"), "utf8");
    expect(manifest).toContain(`${printed}  ${href.slice(1)}\n`);
  });

  it("holds every snapshot file, table, schema and community wallet state file, byte for byte as committed and published", async () => {
    const dist = inject("defaultDist");
    const [zipName] = await readdir(path.join(dist, "downloads"));
    const zip = path.join(dist, "downloads", zipName!);
    const folder = zipName!.replace(/\.zip$/, "");
    const snapshotFiles = (await readdir(MAIN_DIR, { withFileTypes: true }))
      .filter((entry) => entry.isFile() && entry.name.endsWith(".json"))
      .map((entry) => entry.name);
    const legacyFiles = await readdir(path.join(MAIN_DIR, "legacy"));
    const schemaFiles = await readdir(path.join(repoRoot, "public/schema"));
    const tables = ["donors", "ledger", "transfers", "vetoes"];
    const stateDir = path.join(repoRoot, "content/state");
    const stateFiles = (await readdir(stateDir, { recursive: true, withFileTypes: true }))
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(stateDir, path.join(entry.parentPath, entry.name)));
    expect(stateFiles).toContain("manifest.json");
    const expected = new Map<string, string>([
      ...snapshotFiles.map((file) => [`snapshot/${file}`, path.join(MAIN_DIR, file)] as const),
      ...legacyFiles.map((file) => [`snapshot/legacy/${file}`, path.join(MAIN_DIR, "legacy", file)] as const),
      ...schemaFiles.map((file) => [`schema/${file}`, path.join(repoRoot, "public/schema", file)] as const),
      ...tables.map((table) => [`tables/${table}.csv`, path.join(dist, "data", `${table}.csv`)] as const),
      ...stateFiles.map((file) => [`state/${file}`, path.join(stateDir, file)] as const),
    ]);
    expect(snapshotFiles).toContain("manifest.json");
    expect(snapshotFiles.length).toBe(10);
    const listed = await unzipList(zip);
    expect([...listed].sort()).toEqual([...expected.keys()].map((name) => `${folder}/${name}`).sort());
    for (const [name, source] of expected) {
      const inZip = await unzipFile(zip, `${folder}/${name}`);
      expect(inZip.equals(await readFile(source)), name).toBe(true);
    }
    // Fixed time and permissions on every entry, as zipinfo prints them.
    const info = (await run("zipinfo", ["-l", zip])).stdout.split("\n").filter((line) => line.startsWith("-"));
    expect(info).toHaveLength(listed.length);
    for (const line of info) expect(line, line).toMatch(/^-rw-r--r-- .* 80-Jan-01 00:00 /);
  });

  it("is one per wallet site, under its prefix, with its own snapshot", async () => {
    const dist = inject("walletsDist");
    const root = await page(dist, `${SECOND_WALLET_PREFIX.slice(1)}data/index.html`);
    const href = root.querySelector("a[data-audit-zip]")?.getAttribute("href") ?? "";
    expect(href.startsWith(`${SECOND_WALLET_PREFIX}downloads/ledgerlight-audit-0x4c0de5e0`)).toBe(true);
    const zip = path.join(dist, href);
    const bytes = await readFile(zip);
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(
      root.querySelector("code[data-audit-zip-sha256]")?.textContent,
    );
    const folder = path.basename(href, ".zip");
    const meta = await unzipFile(zip, `${folder}/snapshot/meta.json`);
    const committed = await readFile(path.join(inject("walletsContent"), "snapshots", SECOND_WALLET, "meta.json"));
    expect(meta.equals(committed)).toBe(true);
  });
});

describe("rows name their transaction's version and hash", () => {
  async function ledgerEntries(content: string, wallet: string): Promise<LedgerEntry[]> {
    const text = await readFile(path.join(content, "snapshots", wallet, "ledger.json"), "utf8");
    return (JSON.parse(text) as { entries: LedgerEntry[] }).entries;
  }

  it("on every transfer page: the payment's version and full hash", async () => {
    const dist = inject("defaultDist");
    const payments = (await ledgerEntries(path.join(repoRoot, "content"), MAIN)).filter(
      (entry) => entry.stream === "withdraw" && entry.transferUid !== null,
    );
    expect(payments.length).toBeGreaterThan(10);
    for (const payment of payments) {
      const file = `transfers/${payment.transferUid}/index.html`;
      const step = (await page(dist, file)).querySelector('li[data-kind="paid"]');
      expect(step, file).not.toBeNull();
      expect(step!.getAttribute("data-ledger-version"), file).toBe(String(payment.version));
      expect(step!.querySelector("code[data-tx-hash]")?.textContent, file).toBe(payment.txHash);
      expect(step!.textContent, file).toContain(`Ledger version ${formatInteger(BigInt(payment.version))}`);
    }
  });

  it("on every donor page: each donation's version and hash (short, the whole one in its title)", async () => {
    const dist = inject("defaultDist");
    const donations = (await ledgerEntries(path.join(repoRoot, "content"), MAIN)).filter(
      (entry) => entry.category === "donation",
    );
    const byHash = new Map(donations.map((entry) => [entry.txHash, entry]));
    const pages = (await listDist(dist)).filter((file) => /^donors\/0x[0-9a-f]{64}\/index\.html$/.test(file));
    expect(pages.length).toBeGreaterThan(5);
    let rows = 0;
    for (const file of pages) {
      for (const cell of (await page(dist, file)).querySelectorAll('#donations td[data-label="Transaction"]')) {
        const hash = cell.getAttribute("data-tx-hash") ?? "";
        const entry = byHash.get(hash);
        expect(entry, `${file}: ${hash}`).toBeDefined();
        expect(cell.getAttribute("data-version")).toBe(String(entry!.version));
        expect(cell.textContent).toContain(`version ${formatInteger(BigInt(entry!.version))}`);
        const code = cell.querySelector("code");
        expect(code?.getAttribute("title")).toBe(hash);
        expect(code?.textContent).toBe(`${hash.slice(0, 10)}…${hash.slice(-5)}`);
        rows++;
      }
    }
    // Every donation is a row of its donor's page, up to the page's limit per donor (the rest are in the CSV).
    const perDonor = new Map<string, number>();
    for (const entry of donations) perDonor.set(entry.counterparty!, (perDonor.get(entry.counterparty!) ?? 0) + 1);
    const expected = [...perDonor.values()].reduce((sum, count) => sum + Math.min(count, DONOR_PAGE_ROW_LIMIT), 0);
    expect(rows).toBe(expected);
    expect(rows).toBeGreaterThan(10);
  });

  it("link the payment to the explorer for a real snapshot, beside its hash", async () => {
    const root = await page(inject("fixtureDist"), "transfers/5/index.html");
    const step = root.querySelector('li[data-kind="paid"]');
    expect(step?.querySelector('a[rel="external"]')?.getAttribute("href")).toBe(
      "https://scan.openlibra.io/transactions/300",
    );
    expect(step?.querySelector("code[data-tx-hash]")?.textContent).toMatch(/^0x[0-9a-f]+$/);
    const donor = await page(inject("fixtureDist"), `donors/${DONOR_A}/index.html`);
    expect(donor.querySelector('#donations td[data-label="Transaction"] code')?.getAttribute("title")).toMatch(
      /^0x[0-9a-f]+$/,
    );
  });
});
