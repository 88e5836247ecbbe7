/**
 * `npm run new-report -- --finalize 2025-Q3 [--content DIR]` finalises a report instead (finalize-report.ts).
 *
 * `npm run new-report [-- 2026-Q4] [--date YYYY-MM-DD] [--content DIR]`: writes `<content>/reports/2026-q4.md`, a
 * draft whose sentences state the quarter's facts as `:figure[…]` directives, with the maintainer's checklist.
 * Without a quarter it scaffolds the next one without a report that the committed snapshot covers, and says so.
 * Never overwrites a report. A maintainer tool, not part of the build: the default date is today (UTC) from the clock.
 */
import { readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { contentDirFromEnv } from "../src/config/build-env.ts";
import { loadProgramConfig, programConfigPath } from "../src/config/program.ts";
import { RefusedError, UsageError, ValidationError } from "../src/errors.ts";
import { snapshotQuarters } from "../src/lib/reports/report-figures.ts";
import {
  NO_FACTS,
  nextReportQuarter,
  reportFileOf,
  reportScaffold,
  scaffoldFacts,
} from "../src/lib/reports/report-scaffold.ts";
import type { ProgramConfig } from "../src/schemas/program.ts";
import type { Snapshot } from "../src/schemas/snapshot.ts";
import { readCommittedSnapshot, snapshotsDir, walletSnapshotDir } from "../src/store/snapshot-folder.ts";
import { holdContentLock, parseCommandLine, runCli } from "./cli.ts";
import { finalizeReport } from "./finalize-report.ts";

const ArgsSchema = z.strictObject({
  quarter: z
    .string()
    .regex(/^[1-9][0-9]{3}-[Qq][1-4]$/, "expected a quarter as YYYY-QN, e.g. 2026-Q4")
    .optional(),
  date: z.iso.date({ error: "expected a date as YYYY-MM-DD" }),
  content: z.string().min(1),
});

/** The program and its committed snapshot, or null when there is none to read (the scaffold then has no facts). */
async function committed(content: string): Promise<{ program: ProgramConfig; snapshot: Snapshot } | null> {
  try {
    const program = await loadProgramConfig(programConfigPath(content));
    const snapshot = await readCommittedSnapshot(walletSnapshotDir(snapshotsDir(content), program.wallet));
    return snapshot ? { program, snapshot } : null;
  } catch {
    return null;
  }
}

/** The quarters that have a report file (`2025-q3.md` -> `2025-Q3`). */
async function reportedQuarters(reports: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(reports);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  return names
    .filter((name) => /^[1-9][0-9]{3}-q[1-4]\.md$/.test(name))
    .map((name) => reportFileOf(name.slice(0, -3)).quarter);
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
        ArgsSchema.pick({ quarter: true, content: true }).required({ quarter: true }),
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
    if (parsed.positionals.length > 1) {
      throw new UsageError(
        "new-report: give at most one quarter, e.g. `npm run new-report -- 2026-Q4` (none: the next one without a report).",
      );
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
    const data = await committed(args.content);
    const covered = data ? snapshotQuarters(data.snapshot) : null;
    const reports = path.join(args.content, "reports");
    let quarter: string;
    if (args.quarter !== undefined) {
      quarter = reportFileOf(args.quarter).quarter;
    } else {
      if (!covered) {
        throw new ValidationError(
          `new-report: no committed snapshot in ${args.content} to choose a quarter from; name one: npm run new-report -- 2026-Q4`,
        );
      }
      const chosen = nextReportQuarter(await reportedQuarters(reports), covered);
      if (!chosen) {
        throw new RefusedError(
          `new-report: every quarter the committed snapshot covers (${covered[0]} to ${covered[covered.length - 1]}) up to the newest report has one; take a newer snapshot (npm run snapshot) or name a quarter: npm run new-report -- 2026-Q4`,
        );
      }
      quarter = chosen.quarter;
      process.stdout.write(`No quarter given: chose ${quarter} (${chosen.reason}).\n`);
    }
    const { file } = reportFileOf(quarter);
    const target = path.join(reports, file);
    const facts = data ? scaffoldFacts(data.snapshot, data.program, quarter) : NO_FACTS;
    try {
      // "wx": fail if the file exists, so a report someone has written is never replaced.
      await writeFile(target, reportScaffold(quarter, args.date, facts), { encoding: "utf8", flag: "wx" });
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
    if (covered && !covered.includes(quarter)) {
      process.stdout.write(
        `Note: the committed snapshot covers ${covered[0]} to ${covered[covered.length - 1]}, not ${quarter}: the build fails on this report's figures until a snapshot reaches ${quarter}.\n`,
      );
      return;
    }
    // The command to see the draft, as it must be typed from here (another content folder goes in the variable).
    const env =
      path.resolve(args.content) === path.resolve("content") ? "" : `LEDGERLIGHT_CONTENT_DIR=${args.content} `;
    process.stdout.write(
      `See it while you edit: ${env}npm run dev, then open /reports/${quarter.toLowerCase()}/ at the address it prints.\n`,
    );
  },
  { writes: "the reports folder is" },
);
