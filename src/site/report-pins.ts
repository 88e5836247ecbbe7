import path from "node:path";
import { loadProgramConfig, programConfigPath } from "../config/program.ts";
import { reportFigures } from "../lib/reports/frozen-report.ts";
import { readCommittedSnapshot, snapshotsDir, walletSnapshotDir } from "../store/snapshot-folder.ts";
import { parseReportFile } from "./content-files.ts";
import { readMarkdownFolder } from "./markdown-loader.ts";

/**
 * Before `npm run build` starts Astro: every report of `contentDir` is valid, a final one's body is the one it was
 * finalised with, and its pin is a recorded run of the committed snapshot, no newer than it. A problem throws the
 * ValidationError the report page would (naming the file), so the build exits 3 before anything is built. The
 * page checks the same again, so a bare `astro build` refuses too.
 */
export async function checkReportPins(contentDir: string): Promise<void> {
  const reports = await readMarkdownFolder(path.join(contentDir, "reports"), "reports", parseReportFile);
  const final = reports.filter(({ entry }) => entry.status === "final");
  if (final.length === 0) return;
  const program = await loadProgramConfig(programConfigPath(contentDir));
  const snapshot = await readCommittedSnapshot(walletSnapshotDir(snapshotsDir(contentDir), program.wallet));
  // Without a snapshot the build itself fails, saying so; nothing to check the pins against here.
  if (!snapshot) return;
  for (const { entry } of final) reportFigures(entry, snapshot);
}
