import { readFile } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { parse } from "node-html-parser";
import { describe, expect, inject, it } from "vitest";
import { DONOR_PAGE_ROW_LIMIT } from "../../src/lib/views/donor-donations.ts";
import type { DonorRecord, SnapshotLedger } from "../../src/schemas/snapshot.ts";
import { repoRoot } from "../support/site/build-site.ts";
import { listDist } from "../support/site/dist-files.ts";
import { PROLIFIC_DONATIONS, PROLIFIC_DONOR } from "../support/site/hostile-content.ts";
import { DONOR_A, DONOR_B } from "../support/snapshot/build-test-snapshot.ts";

const SIP = "0x0000000000000000000000000000000019e966bfa4b32ce9b7e23721b37b96d2";

async function page(dist: string, file: string) {
  return parse(await readFile(path.join(dist, file), "utf8"));
}

const text = (root: ReturnType<typeof parse>, selector: string) =>
  root.querySelector(selector)?.textContent.replace(/\s+/g, " ").trim();

describe("donor pages built from fixture content", () => {
  it("show the address, total, share, dates and veto weight exactly", async () => {
    const root = await page(inject("fixtureDist"), `donors/${DONOR_A}/index.html`);
    expect(text(root, "h1")).toBe("Donor 0xaaaaaa…aaaaa");
    expect(text(root, "#address")).toBe(DONOR_A);
    expect(text(root, "#short-address")).toBe(DONOR_A);
    expect(root.querySelector("#cumulative")?.getAttribute("value")).toBe("500000000");
    expect(text(root, "#cumulative")).toBe("500.00");
    expect(text(root, "#cumulative-units")).toBe("500,000,000");
    // 500 of 750.5 LIBRA given by all donors, rounded down to 0.01 %.
    expect(text(root, "#share")).toBe("66.62 %");
    expect(text(root, "#first-donation")).toBe("29 Dec 2025, 09:21 UTC, ledger version 100");
    expect(text(root, "#last-donation")).toBe("29 Dec 2025, 09:20 UTC, 500.00 LIBRA");
    expect(text(root, "#veto-weight")).toBe("500.00 LIBRA");
    expect(root.querySelector("main")?.textContent).toMatch(/on its own this vote is 66\.62 % turnout/);
  });

  it("list each donation with its ledger version linked to the transaction on the configured node", async () => {
    const root = await page(inject("fixtureDist"), `donors/${DONOR_A}/index.html`);
    const rows = root.querySelectorAll("#donations tbody tr");
    expect(rows).toHaveLength(1);
    const cells = rows[0]!.querySelectorAll("td").map((cell) => cell.textContent.trim());
    expect(cells.map((cell) => cell.replace(/\s+/g, " "))).toEqual([
      "2025-12-29",
      expect.stringMatching(/^version 100 0x[0-9a-f]{8}…[0-9a-f]{5}$/),
      "1,232",
      "500.00",
    ]);
    expect(rows[0]!.querySelector("a")?.getAttribute("href")).toBe(
      "https://rpc.scan.openlibra.world/v1/transactions/by_version/100",
    );
    expect(rows[0]!.querySelector("data")?.getAttribute("value")).toBe("500000000");
    expect(root.querySelector(`a[href="/data/donors/${DONOR_A}.csv"]`)).not.toBeNull();
    for (const file of ["donors.json", "ledger.json", "wallet.json"]) {
      expect(root.querySelector(`a[href="/data/snapshot/${file}"]`), file).not.toBeNull();
    }
  });

  it("say when the chain gives a donor no veto weight", async () => {
    const root = await page(inject("fixtureDist"), `donors/${DONOR_B}/index.html`);
    expect(text(root, "#veto-weight")).toBe("none");
    expect(text(root, "#share")).toBe("33.37 %");
    expect(root.querySelector("main")?.textContent).toMatch(/does not count this account as a donor in veto ballots/);
  });

  it("are linked from every row of the donors table", async () => {
    const dist = inject("fixtureDist");
    const files = new Set(await listDist(dist));
    const links = (await page(dist, "donors/index.html")).querySelectorAll("tbody tr a");
    expect(links.map((a) => a.getAttribute("href"))).toEqual([`/donors/${DONOR_A}/`, `/donors/${DONOR_B}/`]);
    for (const link of links) expect(files.has(`${link.getAttribute("href")?.slice(1)}index.html`)).toBe(true);
  });
});

describe("donor pages built from the committed snapshot", () => {
  it("exist for every donor, with the receipt's total and every ledger donation", async () => {
    const dist = inject("defaultDist");
    const folder = path.join(repoRoot, "content/snapshots", SIP);
    const donors: DonorRecord[] = JSON.parse(await readFile(path.join(folder, "donors.json"), "utf8"));
    const ledger: SnapshotLedger = JSON.parse(await readFile(path.join(folder, "ledger.json"), "utf8"));
    const table = await page(dist, "donors/index.html");
    expect(table.querySelectorAll("tbody tr a")).toHaveLength(donors.length);
    for (const donor of donors) {
      const root = await page(dist, `donors/${donor.address}/index.html`);
      expect(root.querySelector("#cumulative")?.getAttribute("value"), donor.address).toBe(donor.cumulative);
      const donations = ledger.entries.filter((e) => e.category === "donation" && e.counterparty === donor.address);
      const shown = root.querySelectorAll("#donations tbody tr data").map((d) => d.getAttribute("value"));
      expect(shown, donor.address).toEqual(
        donations
          .reverse()
          .slice(0, DONOR_PAGE_ROW_LIMIT)
          .map((e) => e.amount),
      );
      // The ledger holds every donation, so no page reports donations it cannot list.
      expect(root.querySelector("#unlisted"), donor.address).toBeNull();
      expect(table.querySelector(`a[href="/donors/${donor.address}/"]`), donor.address).not.toBeNull();
    }
  });

  it("link no ledger version to a real node while the data is simulated", async () => {
    const donors: DonorRecord[] = JSON.parse(
      await readFile(path.join(repoRoot, "content/snapshots", SIP, "donors.json"), "utf8"),
    );
    const root = await page(inject("defaultDist"), `donors/${donors[0]!.address}/index.html`);
    expect(root.querySelectorAll("#donations a")).toHaveLength(0);
    expect(root.querySelector("main")?.textContent).toMatch(
      /simulated data, so its ledger versions have no transaction/,
    );
  });
});

describe("a donor with more donations than a page shows", () => {
  it("gets the newest ones, a count of the rest, and all of them as CSV, in a bounded page", async () => {
    const dist = inject("hostileDist");
    const html = await readFile(path.join(dist, `donors/${PROLIFIC_DONOR}/index.html`), "utf8");
    const root = parse(html);
    const rows = root.querySelectorAll("#donations tbody tr");
    expect(rows).toHaveLength(DONOR_PAGE_ROW_LIMIT);
    expect(rows[0]!.querySelectorAll("td")[1]?.textContent.replace(/\s+/g, " ").trim()).toMatch(/^version 1,249 0x/);
    expect(text(root, "#donations caption")).toBe(
      `The newest ${DONOR_PAGE_ROW_LIMIT} of ${PROLIFIC_DONATIONS} donations`,
    );
    expect(root.querySelector("main")?.textContent).toContain(
      `${PROLIFIC_DONATIONS - DONOR_PAGE_ROW_LIMIT} older donations are not shown here.`,
    );
    const csv = await readFile(path.join(dist, `data/donors/${PROLIFIC_DONOR}.csv`), "utf8");
    expect(csv.split("\r\n").length - 2).toBe(PROLIFIC_DONATIONS);
    expect(gzipSync(html).length).toBeLessThanOrEqual(120 * 1024);
  });
});
