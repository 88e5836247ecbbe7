import { writeFile } from "node:fs/promises";
import path from "node:path";

/**
 * Writes a draft 2025-Q3 report into `contentDir` citing `donations.totl`, a figure that does not exist: bad input
 * found only while Astro renders the report (the checks before Astro look at sizes and final reports' pins). The
 * mistake is on line 9, column 13 of `reports/2025-q3.md`.
 */
export function writeMistypedFigureReport(contentDir: string): Promise<void> {
  return writeFile(
    path.join(contentDir, "reports", "2025-q3.md"),
    [
      "---",
      "quarter: 2025-Q3",
      "title: Third quarter 2025",
      "authors: [Program steward]",
      "published: 2025-10-15",
      "status: draft",
      "---",
      "",
      "Donors gave :figure[donations.totl] this quarter.",
      "",
    ].join("\n"),
    "utf8",
  );
}
