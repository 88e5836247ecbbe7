import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "node-html-parser";
import { describe, expect, inject, it } from "vitest";
import { repoRoot } from "../support/site/build-site.ts";

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
      expect(figure(id)?.getAttribute("data-source"), id).toMatch(/^\/data\/snapshot\/[a-z]+\.json/);
    }
  });

  it("shows no simulated-data banner for a real snapshot", async () => {
    const html = await readFile(path.join(inject("fixtureDist"), "index.html"), "utf8");
    expect(html).not.toContain("Simulated data.");
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
