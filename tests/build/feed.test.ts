import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "node-html-parser";
import { describe, expect, inject, it } from "vitest";

async function feedEntries(dist: string) {
  const xml = parse(await readFile(path.join(dist, "feed.xml"), "utf8"), { lowerCaseTagName: false });
  return xml.querySelectorAll("entry").map((entry) => ({
    title: entry.querySelector("title")?.textContent ?? "",
    updated: entry.querySelector("updated")?.textContent ?? "",
    link: entry.querySelector("link")?.getAttribute("href") ?? "",
  }));
}

describe("the Atom feed", () => {
  it("announces final reports and writeups but not drafts, among the chain readings, newest first", async () => {
    const entries = await feedEntries(inject("fixtureDist"));
    const titles = entries.map((entry) => entry.title);
    expect(titles).toContain("Quarterly report, 2025 Q4: Fourth quarter 2025");
    expect(titles).toContain("Program note: A program note");
    expect(titles.filter((title) => title.includes("Third quarter 2025"))).toEqual([]);
    expect(entries.some((entry) => entry.link.endsWith("/changes/#v98765432"))).toBe(true);
    const times = entries.map((entry) => entry.updated);
    expect(times).toEqual([...times].sort().reverse());
    const report = entries.find((entry) => entry.title.startsWith("Quarterly report"));
    expect(report).toMatchObject({
      updated: "2026-01-10T00:00:00Z",
      link: "https://ledgerlight.example.org/reports/2025-q4/",
    });
  });
});
