/**
 * The checks before a build, in their own process
 * (`node src/integrations/check-snapshots-process.ts [--content-label=LABEL] -- CONTENT_DIR ADDRESS...`, run by
 * build-wallets.ts). With `--content-label` (what `npm run build` passes: the content folder as the user named it),
 * first the checks `npm run build` makes before Astro runs: no writeup or report too large (markdown-loader.ts), and
 * every final report's pin and body (report-pins.ts). Then every wallet's committed snapshot is read and checked
 * against the snapshot invariants (src/store/checked-snapshot.ts), and one that is missing or breaks one is bad
 * input, refused with the folder, rule and record named. Each failure keeps its kind and advice
 * (child-failure.ts). In a process of its own so that the memory the checks took (a snapshot, the Markdown
 * toolchain) is gone, not held by the parent beside the Astro build that follows.
 */
import { parseArgs } from "node:util";
import { ValidationError } from "../errors.ts";
import { refuseOversizedMarkdown } from "../site/markdown-loader.ts";
import { checkReportPins } from "../site/report-pins.ts";
import { readCheckedSnapshot } from "../store/checked-snapshot.ts";
import { snapshotsDir, walletSnapshotDir } from "../store/snapshot-folder.ts";
import { exitWithFailure } from "./child-failure.ts";

try {
  const { values, positionals } = parseArgs({
    options: { "content-label": { type: "string" } },
    allowPositionals: true,
    strict: true,
  });
  const [contentDir, ...addresses] = positionals;
  const contentLabel = values["content-label"];
  if (contentDir === undefined)
    throw new Error(
      "usage: node src/integrations/check-snapshots-process.ts [--content-label=LABEL] -- CONTENT_DIR ADDRESS...",
    );
  if (contentLabel !== undefined) {
    // A huge writeup fails at once, naming the file, as bad input (exit 3), before anything reads it.
    await refuseOversizedMarkdown(contentDir, contentLabel);
    // A final report with a bad pin or an edited body is bad input (exit 3), found before Astro runs.
    await checkReportPins(contentDir);
  }
  for (const address of addresses) {
    const dir = walletSnapshotDir(snapshotsDir(contentDir), address);
    if ((await readCheckedSnapshot(dir)) === null) {
      throw new ValidationError(`No committed snapshot for wallet ${address}: expected ${dir}/.`, {
        advice: "take one first with npm run snapshot (or npm run publish), then build.",
      });
    }
  }
} catch (error) {
  exitWithFailure(error);
}
