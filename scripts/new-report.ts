/**
 * `npm run new-report -- --finalize 2025-Q3 [--content DIR]` finalises a report instead (finalize-report.ts).
 *
 * `npm run new-report -- 2026-Q4 [--date YYYY-MM-DD] [--content DIR]`: writes `<content>/reports/2026-q4.md`, a
 * draft whose headline figures are `:figure[…]` directives, with the maintainer's checklist. Never overwrites a
 * report. A maintainer tool, not part of the build: the default date is today (UTC) from the clock.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { contentDirFromEnv } from "../src/config/build-env.ts";
import { loadProgramConfig, programConfigPath } from "../src/config/program.ts";
import { RefusedError, UsageError, ValidationError } from "../src/errors.ts";
import { snapshotQuarters } from "../src/lib/reports/report-figures.ts";
import { reportFileOf, reportScaffold } from "../src/lib/reports/report-scaffold.ts";
import { readCommittedSnapshot, snapshotsDir, walletSnapshotDir } from "../src/store/snapshot-folder.ts";
import { holdContentLock, parseCommandLine, runCli } from "./cli.ts";
import { finalizeReport } from "./finalize-report.ts";

const ArgsSchema = z.strictObject({
  quarter: z.string().regex(/^[1-9][0-9]{3}-[Qq][1-4]$/, "expected a quarter as YYYY-QN, e.g. 2026-Q4"),
  date: z.iso.date({ error: "expected a date as YYYY-MM-DD" }),
  content: z.string().min(1),
});

/** Which quarters the committed snapshot covers, or null when there is none to read (a warning, not an error). */
async function coveredQuarters(content: string): Promise<string[] | null> {
  try {
    const program = await loadProgramConfig(programConfigPath(content));
    const snapshot = await readCommittedSnapshot(walletSnapshotDir(snapshotsDir(content), program.wallet));
    return snapshot ? snapshotQuarters(snapshot) : null;
  } catch {
    return null;
  }
}

await runCli(
  async () => {
    let parsed: ReturnType<typeof parseArgs>;
    try {
      parsed = parseArgs({
        options: { date: { type: "string" }, content: { type: "string" }, finalize: { type: "string" } },
        strict: true,
        allowPositionals: true,
      });
    } catch (error) {
      throw new UsageError(`new-report: ${(error as Error).message}`, { cause: error });
    }
    if (parsed.values.finalize !== undefined) {
      if (parsed.positionals.length > 0 || parsed.values.date !== undefined) {
        throw new UsageError(
          "new-report: --finalize takes only the quarter, e.g. `npm run new-report -- --finalize 2025-Q3`.",
        );
      }
      const finalize = parseCommandLine(
        ArgsSchema.pick({ quarter: true, content: true }),
        { quarter: parsed.values.finalize, content: parsed.values.content ?? contentDirFromEnv() },
        "new-report --finalize",
      );
      await using _finalizeLock = await holdContentLock(
        path.resolve(finalize.content),
        "npm run new-report -- --finalize",
      );
      process.stdout.write(await finalizeReport(finalize.quarter, finalize.content));
      return;
    }
    if (parsed.positionals.length !== 1) {
      throw new UsageError("new-report: give exactly one quarter, e.g. `npm run new-report -- 2026-Q4`.");
    }
    const args = parseCommandLine(
      ArgsSchema,
      {
        quarter: parsed.positionals[0],
        date: parsed.values.date ?? new Date().toISOString().slice(0, 10),
        content: parsed.values.content ?? contentDirFromEnv(),
      },
      "new-report",
    );
    await using _lock = await holdContentLock(path.resolve(args.content), "npm run new-report");
    const { quarter, file } = reportFileOf(args.quarter);
    const target = path.join(args.content, "reports", file);
    try {
      // "wx": fail if the file exists, so a report someone has written is never replaced.
      await writeFile(target, reportScaffold(quarter, args.date), { encoding: "utf8", flag: "wx" });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EEXIST") {
        throw new RefusedError(`new-report: ${target} already exists; it was left unchanged.`, {
          advice: "edit that report, or pass another quarter.",
        });
      }
      if (code === "ENOENT")
        throw new ValidationError(`new-report: no folder ${path.dirname(target)}, so the report has nowhere to go.`, {
          advice: `create it first (mkdir -p ${path.dirname(target)}), or pass the content folder with --content DIR.`,
        });
      throw error;
    }
    process.stdout.write(`Wrote ${target} (a draft for ${quarter}; see the checklist at its end).\n`);
    const covered = await coveredQuarters(args.content);
    if (covered && !covered.includes(quarter)) {
      process.stdout.write(
        `Note: the committed snapshot covers ${covered[0]} to ${covered[covered.length - 1]}, not ${quarter}: the build fails on this report's figures until a snapshot reaches ${quarter}.\n`,
      );
    }
  },
  { writes: "the reports folder is" },
);
