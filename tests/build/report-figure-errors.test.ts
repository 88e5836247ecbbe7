import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FIGURE_NAMES } from "../../src/lib/reports/report-figures.ts";
import { buildSite, repoRoot } from "../support/site/build-site.ts";
import { writeMistypedFigureReport } from "../support/site/mistyped-figure-report.ts";

/** A report citing a figure that does not exist must stop the build, saying where and what the names are. */
describe("a build whose report cites an unknown figure", () => {
  const dirs: string[] = [];
  afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

  it("fails, naming the file, line and column, and the closest and the valid figure names", async () => {
    const content = await mkdtemp(path.join(tmpdir(), "ledgerlight-bad-figure-"));
    dirs.push(content);
    await cp(path.join(repoRoot, "content"), content, { recursive: true });
    await writeMistypedFigureReport(content);
    const build = buildSite({ label: "bad-figure", contentDir: content });
    const escaped = FIGURE_NAMES.join(", ").replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    await expect(build).rejects.toThrow(
      new RegExp(
        `reports/2025-q3\\.md:9:13: unknown figure "donations\\.totl"; did you mean "donations\\.total"\\? Valid names: ${escaped}, awards\\.team\\.<team>, awards\\.area\\.<area> \\(teams: mutual-health-plan, `,
      ),
    );
  });
});
