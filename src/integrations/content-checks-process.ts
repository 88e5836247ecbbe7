/**
 * `npm run build`'s checks of the content before Astro runs, in their own process
 * (`node src/integrations/content-checks-process.ts --content-label=LABEL -- CONTENT_DIR`, run by build-wallets.ts):
 * no writeup or report too large (markdown-loader.ts), and every final report's pin and body (report-pins.ts),
 * naming files under LABEL (the content folder as the user named it). Each failure keeps its kind and advice
 * (child-failure.ts). In a process of its own so that the memory the checks took (the Markdown toolchain) is gone,
 * not held by the parent beside the Astro build that follows. The committed snapshots are checked where they are
 * read, in the Astro build (src/site/site-data.ts), once.
 */
import { parseArgs } from "node:util";
import { refuseOversizedMarkdown } from "../site/markdown-loader.ts";
import { checkReportPins } from "../site/report-pins.ts";
import { exitWithFailure } from "./child-failure.ts";

try {
  const { values, positionals } = parseArgs({
    options: { "content-label": { type: "string" } },
    allowPositionals: true,
    strict: true,
  });
  const [contentDir] = positionals;
  const contentLabel = values["content-label"];
  if (contentDir === undefined || contentLabel === undefined || positionals.length !== 1)
    throw new Error("usage: node src/integrations/content-checks-process.ts --content-label=LABEL -- CONTENT_DIR");
  // A huge writeup fails at once, naming the file, as bad input (exit 3), before anything reads it.
  await refuseOversizedMarkdown(contentDir, contentLabel);
  // A final report with a bad pin or an edited body is bad input (exit 3), found before Astro runs.
  await checkReportPins(contentDir);
} catch (error) {
  exitWithFailure(error);
}
