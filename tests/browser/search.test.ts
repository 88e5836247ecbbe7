import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { ProgramConfigSchema } from "../../src/schemas/program.ts";
import { scanWithAxe } from "../support/site/axe.ts";
import { browserAvailability, launchChromium } from "../support/site/browser.ts";
import { repoRoot } from "../support/site/build-site.ts";
import { serveDist } from "../support/site/static-server.ts";

const { available } = browserAvailability();
const SIP = "0x0000000000000000000000000000000019e966bfa4b32ce9b7e23721b37b96d2";

/** Records everything that would mean the page misbehaved: script errors, CSP violations, dialogs, foreign requests. */
async function watch(page: Page, origin: string): Promise<string[]> {
  const incidents: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") incidents.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => incidents.push(`error: ${error.message}`));
  page.on("dialog", (dialog) => {
    incidents.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on("request", (request) => {
    if (!request.url().startsWith(origin)) incidents.push(`request: ${request.url()}`);
  });
  await page.exposeFunction("reportCspViolation", (text: string) => incidents.push(`csp: ${text}`));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      (window as unknown as { reportCspViolation(text: string): void }).reportCspViolation(
        `${event.violatedDirective} ${event.blockedURI}`,
      );
    });
  });
  return incidents;
}

async function search(page: Page, term: string): Promise<{ status: string; links: string[] }> {
  await page.locator("#search-input").fill(term);
  await page.waitForFunction(
    (wanted) => {
      const status = document.getElementById("search-status")?.textContent ?? "";
      return status.includes(`“${wanted}”`) && !status.startsWith("Searching");
    },
    term,
    { timeout: 20_000 },
  );
  return {
    status: (await page.locator("#search-status").textContent()) ?? "",
    links: await page
      .locator("#search-results li > a")
      .evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? "")),
  };
}

describe.runIf(available)("site search in Chromium", () => {
  let browser: Browser;
  let site: { url: string; close: () => Promise<void> };
  let hostile: { url: string; close: () => Promise<void> };

  beforeAll(async () => {
    browser = await launchChromium();
    site = await serveDist(inject("defaultDist"));
    hostile = await serveDist(inject("hostileDist"));
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await hostile?.close();
  });

  it("finds a transfer by its uid and by its payee's name", async () => {
    const program = ProgramConfigSchema.parse(
      parseYaml(await readFile(path.join(repoRoot, "content/program.yaml"), "utf8")),
    );
    const transfers = JSON.parse(
      await readFile(path.join(repoRoot, "content/snapshots", SIP, "transfers.json"), "utf8"),
    ) as Array<{ uid: string; payee: string }>;
    const teams = new Map(program.teams.map((team) => [team.address, team.name]));
    const byTeam = transfers.find((transfer) => teams.has(transfer.payee));
    if (!byTeam) throw new Error("the committed snapshot has no transfer to a named team");
    const team = teams.get(byTeam.payee) as string;

    const context = await browser.newContext();
    const page = await context.newPage();
    const incidents = await watch(page, site.url);
    await page.goto(`${site.url}/search/`);
    await expect(page.locator("#search-box").isVisible()).resolves.toBe(true);
    await expect(page.locator("#search-fallback").isVisible()).resolves.toBe(false);

    const uid = transfers[transfers.length - 1]?.uid as string;
    const byUid = await search(page, uid);
    expect(byUid.links).toContain(`/transfers/${uid}/`);
    const byName = await search(page, team);
    expect(byName.links).toContain(`/transfers/${byTeam.uid}/`);
    expect(byName.status).toMatch(/^\d+ pages? found for “/);
    await expect(page.locator("#search-results mark").count()).resolves.toBeGreaterThan(0);
    const nothing = await search(page, "zzzqqqxxx");
    expect(nothing.links).toEqual([]);
    expect(nothing.status).toBe("Nothing found for “zzzqqqxxx”.");

    // The query is kept in the address, so a search can be linked and reloaded.
    await search(page, team);
    expect(new URL(page.url()).searchParams.get("q")).toBe(team);
    await page.reload();
    await page.waitForFunction(() => document.querySelectorAll("#search-results li").length > 0, null, {
      timeout: 20_000,
    });
    expect((await scanWithAxe(page)).violations).toEqual([]);
    expect(incidents).toEqual([]);
    await context.close();
  });

  it("finds the methodology page, also where web workers are unavailable (it needs none)", async () => {
    const page = await browser.newPage();
    const incidents = await watch(page, site.url);
    await page.addInitScript(() => {
      Reflect.deleteProperty(window, "Worker");
    });
    await page.goto(`${site.url}/search/`);
    expect(await page.evaluate(() => typeof Worker)).toBe("undefined");
    const result = await search(page, "methodology");
    expect(result.status).toMatch(/found/);
    expect(incidents).toEqual([]);
    await page.close();
  });

  it("without JavaScript, explains that search needs it and links to the tables and downloads", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${site.url}/search/`);
    await expect(page.locator("#search-box").isVisible()).resolves.toBe(false);
    await expect(page.locator("#search-needs-js").textContent()).resolves.toMatch(/needs JavaScript/);
    const links = await page.locator("#search-fallback a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    expect(links).toEqual(expect.arrayContaining(["/transfers/", "/donors/", "/data/"]));
    await context.close();
  });

  it("shows hostile descriptions in results as text: nothing runs, nothing is parsed as markup", async () => {
    const page = await browser.newPage();
    const incidents = await watch(page, hostile.url);
    // Straight from a link with the query, as a reader would arrive.
    await page.goto(`${hostile.url}/search/?q=ledgerlightPwned`);
    await page.waitForFunction(() => /found/.test(document.getElementById("search-status")?.textContent ?? ""), null, {
      timeout: 20_000,
    });
    const texts = await page.locator("#search-results li p").allTextContents();
    expect(texts.some((text) => text.includes("<script>window.__ledgerlightPwned=1</script>"))).toBe(true);
    expect(texts.some((text) => text.includes('<img src=x onerror="window.__ledgerlightPwned=1">'))).toBe(true);
    const onerror = await search(page, "onerror");
    expect(onerror.links.length).toBeGreaterThan(1);
    const payloads = await search(page, "alert");
    expect(payloads.links.length).toBeGreaterThan(5);
    // Only our own elements in the results: links, paragraphs, marks. No element came from the data.
    const tags = await page.locator("#search-results *").evaluateAll((all) => [...new Set(all.map((e) => e.tagName))]);
    expect(tags.sort()).toEqual(["A", "LI", "MARK", "P"]);
    expect(await page.evaluate(() => (window as unknown as { __ledgerlightPwned?: unknown }).__ledgerlightPwned)).toBe(
      undefined,
    );
    expect(incidents).toEqual([]);
    await page.close();
  });
});
