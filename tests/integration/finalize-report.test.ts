import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EXIT_CODES } from "../../src/errors.ts";
import { reportBodySha256 } from "../../src/lib/reports/frozen-report.ts";
import { parseReportFile } from "../../src/site/content-files.ts";
import { runScript } from "../support/run-script.ts";
import { repoRoot } from "../support/site/build-site.ts";

/** `npm run new-report -- --finalize QUARTER` on a copy of the committed content (snapshot read 30 Nov 2025). */

let content: string;

beforeEach(async () => {
  content = await mkdtemp(path.join(tmpdir(), "ledgerlight-finalize-"));
  await cp(path.join(repoRoot, "content"), content, { recursive: true });
});
afterEach(() => rm(content, { recursive: true, force: true }));

function newReport(args: string[]) {
  return runScript("scripts/new-report.ts", args);
}

const reportFile = (quarter: string) => path.join(content, "reports", `${quarter}.md`);

describe("npm run new-report -- --finalize", () => {
  it("marks the report final and pins the committed snapshot's ledger version, keeping every other byte", async () => {
    const before = await readFile(reportFile("2025-q3"), "utf8");
    expect(before).toContain("status: draft\n");
    const result = await newReport(["--finalize", "2025-Q3", "--content", content]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toContain("figures pinned to ledger version 1813 (30 Nov 2025, 17:17 UTC)");
    const after = await readFile(reportFile("2025-q3"), "utf8");
    const { entry } = parseReportFile("reports/2025-q3.md", before);
    expect(after).toBe(
      before.replace(
        "status: draft\n---\n",
        `status: final\nledgerVersion: "1813"\nbodySha256: ${reportBodySha256(entry.body)}\n---\n`,
      ),
    );
    expect(parseReportFile("reports/2025-q3.md", after).entry).toMatchObject({
      status: "final",
      ledgerVersion: "1813",
    });
    // Nothing else is left in the folder (no temporary file).
    expect(await readdir(path.join(content, "reports"))).toEqual(["2025-q3.md"]);
  });

  it("refuses a report that is already final (exit 5), leaving it unchanged", async () => {
    expect((await newReport(["--finalize", "2025-q3", "--content", content])).code).toBe(0);
    const final = await readFile(reportFile("2025-q3"), "utf8");
    const again = await newReport(["--finalize", "2025-Q3", "--content", content]);
    expect(again.code).toBe(EXIT_CODES.refused);
    expect(again.stderr).toContain("is already final (pinned at ledger version 1813)");
    expect(again.stderr).toContain("addenda");
    expect(await readFile(reportFile("2025-q3"), "utf8")).toBe(final);
  });

  it("refuses a quarter that has not ended by the snapshot's clock (exit 5), leaving the draft unchanged", async () => {
    expect((await newReport(["2025-Q4", "--content", content, "--date", "2025-11-30"])).code).toBe(0);
    const draft = await readFile(reportFile("2025-q4"), "utf8");
    const result = await newReport(["--finalize", "2025-Q4", "--content", content]);
    expect(result.code).toBe(EXIT_CODES.refused);
    expect(result.stderr).toContain(
      "2025-Q4 has not ended by the committed snapshot's clock (ledger version 1813, 30 Nov 2025, 17:17 UTC)",
    );
    expect(await readFile(reportFile("2025-q4"), "utf8")).toBe(draft);
  });

  it("says what is wrong with the command line (exit 2), a missing report or a broken one (exit 3)", async () => {
    expect((await newReport(["--finalize", "2025-Q9", "--content", content])).code).toBe(EXIT_CODES.usage);
    expect((await newReport(["--finalize", "2025-Q3", "2025-Q3", "--content", content])).code).toBe(EXIT_CODES.usage);
    const missing = await newReport(["--finalize", "2025-Q2", "--content", content]);
    expect(missing.code).toBe(EXIT_CODES.badInput);
    expect(missing.stderr).toContain("there is no");
    const text = await readFile(reportFile("2025-q3"), "utf8");
    await writeFile(reportFile("2025-q3"), text.replace("status: draft", "status: draft\nfigure: 1"), "utf8");
    const broken = await newReport(["--finalize", "2025-Q3", "--content", content]);
    expect(broken.code).toBe(EXIT_CODES.badInput);
    expect(broken.stderr).toContain("figure: unknown key");
  });
});
