/**
 * `npm run new-report -- --finalize 2025-Q3 [--content DIR]` (called by new-report.ts): marks the quarter's report
 * final, pinned to the committed snapshot's ledger version, with its body's sha256, keeping every other byte of the
 * file. Refuses (exit 5) a quarter that has not ended by the snapshot's clock and a report that is already final.
 */
import { readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { loadProgramConfig, programConfigPath } from "../src/config/program.ts";
import { RefusedError, ValidationError } from "../src/errors.ts";
import { formatUtcDateTime } from "../src/lib/format-time.ts";
import { finalizedReportText, quarterNotEnded, reportFigures } from "../src/lib/reports/frozen-report.ts";
import { reportFileOf } from "../src/lib/reports/report-scaffold.ts";
import { parseReportFile } from "../src/site/content-files.ts";
import { readCommittedSnapshot, snapshotsDir, walletSnapshotDir } from "../src/store/snapshot-folder.ts";

export async function finalizeReport(rawQuarter: string, content: string): Promise<string> {
  const { quarter, file } = reportFileOf(rawQuarter);
  const target = path.join(content, "reports", file);
  let text: string;
  try {
    text = await readFile(target, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new ValidationError(
        `new-report --finalize: there is no ${target} to finalise; write it first (\`npm run new-report -- ${quarter}\`).`,
      );
    }
    throw error;
  }
  const { entry } = parseReportFile(target, text);
  if (entry.status === "final") {
    throw new RefusedError(
      `new-report --finalize: ${target} is already final (pinned at ledger version ${entry.ledgerVersion}); a published report never changes. Add a dated correction under \`addenda:\` instead.`,
    );
  }
  const program = await loadProgramConfig(programConfigPath(content));
  const snapshot = await readCommittedSnapshot(walletSnapshotDir(snapshotsDir(content), program.wallet));
  if (!snapshot) {
    throw new ValidationError(
      `new-report --finalize: no committed snapshot of ${program.wallet} in ${content}; run \`npm run snapshot\` first.`,
    );
  }
  const { ledgerVersion, ledgerTimestampUsec } = snapshot.meta;
  if (quarterNotEnded(quarter, ledgerTimestampUsec)) {
    throw new RefusedError(
      `new-report --finalize: ${quarter} has not ended by the committed snapshot's clock (ledger version ${ledgerVersion}, ${formatUtcDateTime(ledgerTimestampUsec)}), so its figures may still change. Take a snapshot after the quarter's last day, then finalise.`,
    );
  }
  const finalized = finalizedReportText(text, entry.body, ledgerVersion);
  // The file as it will be read: valid, final and pinned to a version the build accepts.
  reportFigures(parseReportFile(target, finalized).entry, snapshot);
  // Written beside the report and renamed over it, so the report is never half written.
  const temporary = `${target}.finalize-${process.pid}.tmp`;
  try {
    await writeFile(temporary, finalized, { encoding: "utf8", flag: "wx" });
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return `Finalised ${target}: status final, figures pinned to ledger version ${ledgerVersion} (${formatUtcDateTime(ledgerTimestampUsec)}). From now on a correction is a dated addendum (\`addenda:\` in its frontmatter).\n`;
}
