import { execFile } from "node:child_process";
import { cp, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { transferSource } from "../../src/lib/figures/figure-source.ts";
import { renderMarkdown } from "../../src/lib/reports/markdown.ts";
import { figureResolver } from "../../src/lib/reports/report-figures.ts";
import { reportScaffold } from "../../src/lib/reports/report-scaffold.ts";
import { parseReportFile } from "../../src/site/content-files.ts";
import { readCommittedSnapshot } from "../../src/store/snapshot-folder.ts";
import { repoRoot } from "../support/site/build-site.ts";

const run = promisify(execFile);
const SIP = "0x0000000000000000000000000000000019e966bfa4b32ce9b7e23721b37b96d2";

let content: string;

beforeAll(async () => {
  content = await mkdtemp(path.join(tmpdir(), "ledgerlight-new-report-"));
  await cp(path.join(repoRoot, "content"), content, { recursive: true });
});
afterAll(() => rm(content, { recursive: true, force: true }));

async function newReport(args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ["scripts/new-report.ts", ...args], { cwd: repoRoot });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

describe("npm run new-report", () => {
  it("writes a draft whose frontmatter is valid and whose figures are directives, not numbers", async () => {
    const result = await newReport(["2025-q4", "--content", content, "--date", "2026-01-12"]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    const file = path.join(content, "reports", "2025-q4.md");
    expect(result.stdout).toBe(`Wrote ${file} (a draft for 2025-Q4; see the checklist at its end).\n`);
    const text = await readFile(file, "utf8");
    expect(text).toBe(reportScaffold("2025-Q4", "2026-01-12"));
    const { entry } = parseReportFile("content/reports/2025-q4.md", text);
    expect(entry).toMatchObject({ quarter: "2025-Q4", title: "Fourth quarter 2025", status: "draft" });
    expect(entry.body).toContain("- Donations: :figure[donations.total] in :figure[donations.count] donations");
    expect(entry.body).toContain("## Maintainer checklist");
    // No figure is pasted in: the only digits in the body are the quarter, the year and the checklist's numbers.
    expect(entry.body.replace(/2025|Q4|\n[1-6]\. |4 %/g, "")).not.toMatch(/[0-9]/);
  });

  it("writes a scaffold that renders against the committed snapshot, once its transfer placeholder is filled in", async () => {
    const snapshot = await readCommittedSnapshot(path.join(content, "snapshots", SIP));
    if (!snapshot) throw new Error("no committed snapshot");
    const text = await readFile(path.join(content, "reports", "2025-q4.md"), "utf8");
    const { entry } = parseReportFile("content/reports/2025-q4.md", text);
    const context = {
      file: entry.file,
      firstLine: entry.bodyLine,
      figures: figureResolver(snapshot, { stewards: ["0x5157e3a2d0c4f1b8a9e6d7c3b2a1f0e9"], coinSymbol: "LIBRA" }),
      transfer: (uid: string) =>
        uid === "30"
          ? { href: "/transfers/30/", text: "transfer #30", source: transferSource(snapshot, 30n, undefined) }
          : undefined,
      defaultPeriod: entry.quarter,
    };
    expect(() => renderMarkdown(entry.body, context)).toThrow(/:transfer needs a transfer uid \(digits\), not "UID"/);
    const html = renderMarkdown(entry.body.replace(":transfer[UID]", ":transfer[30]"), context);
    expect(html).toMatch(
      /<a href="\/data\/snapshot\/ledger\.json" title="[^"]+"><data value="96924937578" data-figure="donations\.total" [^>]*>96,924\.937578 LIBRA<\/data><\/a>/,
    );
    // Directives are all resolved; the checklist's `:figure[name]` is code, shown as written.
    expect(html.replace(/<code>[^<]*<\/code>/g, "")).not.toContain(":figure");
  });

  it("refuses to overwrite a report, and leaves it unchanged", async () => {
    const file = path.join(content, "reports", "2025-q3.md");
    const before = await readFile(file, "utf8");
    const result = await newReport(["2025-Q3", "--content", content]);
    expect(result.code).toBe(5);
    expect(result.stderr).toBe(
      `new-report: ${file} already exists; it was left unchanged.\nWhat to do: edit that report, or pass another quarter.\nNothing was written; the reports folder is unchanged.\n`,
    );
    expect(await readFile(file, "utf8")).toBe(before);
  });

  it("refuses a malformed quarter or date, or no quarter, writing nothing", async () => {
    const badQuarter = await newReport(["2026-Q5", "--content", content]);
    expect(badQuarter.code).toBe(2);
    expect(badQuarter.stderr).toContain("quarter: expected a quarter as YYYY-QN, e.g. 2026-Q4");
    const badDate = await newReport(["2026-Q1", "--content", content, "--date", "12/01/2026"]);
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toContain("date: expected a date as YYYY-MM-DD");
    expect((await newReport(["--content", content])).stderr).toContain("give exactly one quarter");
    await expect(readFile(path.join(content, "reports", "2026-q1.md"), "utf8")).rejects.toThrow(/ENOENT/);
  });

  it("warns when the snapshot does not reach the quarter yet", async () => {
    const result = await newReport(["2026-Q4", "--content", content, "--date", "2026-11-24"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      "Note: the committed snapshot covers 2025-Q1 to 2025-Q4, not 2026-Q4: the build fails on this report's figures until a snapshot reaches 2026-Q4.",
    );
  });
});
