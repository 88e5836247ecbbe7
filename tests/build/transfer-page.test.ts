import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "node-html-parser";
import { describe, expect, inject, it } from "vitest";
import { listDist } from "../support/site/dist-files.ts";

async function page(dist: string, file: string) {
  return parse(await readFile(path.join(dist, file), "utf8"));
}

describe("a transfer page", () => {
  it("says what kind of payment it is and which rule decided", async () => {
    const root = await page(inject("fixtureDist"), "transfers/5/index.html");
    expect(root.querySelector("#kind")?.textContent.trim()).toBe("Award");
    expect(root.querySelector("#kind-reason")?.textContent).toContain("not a known team");
  });

  it("links the payment transaction and the payee to the configured explorer for a real snapshot", async () => {
    const root = await page(inject("fixtureDist"), "transfers/5/index.html");
    const links = root.querySelectorAll('a[rel="external"]').map((link) => link.getAttribute("href"));
    expect(links).toEqual([
      `https://scan.openlibra.io/accounts/0x${"c".repeat(64)}`,
      "https://scan.openlibra.io/transactions/300",
    ]);
  });

  it("never links simulated transactions to a real explorer", async () => {
    const dist = inject("defaultDist");
    const pages = (await listDist(dist)).filter((file) => file.startsWith("transfers/") && file.endsWith(".html"));
    expect(pages.length).toBeGreaterThan(10);
    for (const file of pages) {
      expect(await readFile(path.join(dist, file), "utf8"), file).not.toContain("scan.openlibra.io");
    }
    const root = await page(dist, "transfers/10/index.html");
    expect(root.querySelector("main")?.textContent).toContain("exist on no real chain, so there are no explorer links");
  });
});
