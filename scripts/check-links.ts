/**
 * `npm run check-links -- [--dist DIR]`: checks that every same-site link, script, stylesheet, image and form
 * action on every built page (default `dist/`) leads to a file of the build. Offline: external URLs are not
 * fetched. Exit 0 when every link resolves, 5 naming each broken one (page, URL, missing file), 3 on bad input.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { RefusedError, ValidationError } from "../src/errors.ts";
import { findBrokenLinks } from "../src/lib/build/dist-links.ts";
import { parseCliArgs, runCli } from "./cli.ts";

/** Shown at most; the count says how many more there are. */
const MAX_LISTED = 50;

async function listFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(dir: string) {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else out.push(path.relative(root, full).split(path.sep).join("/"));
    }
  }
  await walk(root);
  return out.sort();
}

await runCli(
  async () => {
    const args = parseCliArgs(
      "check-links",
      { dist: { type: "string" } },
      z.object({ dist: z.string().min(1).default("dist") }).strict(),
    );
    const isDir = await stat(args.dist).then(
      (s) => s.isDirectory(),
      () => false,
    );
    if (!isDir) {
      throw new ValidationError(`check-links: ${args.dist} is not a folder, so there is no built site to check.`, {
        advice: "run npm run build first (or pass --dist DIR of a built site).",
      });
    }
    const files = await listFiles(args.dist);
    const htmlFiles = files.filter((file) => file.endsWith(".html"));
    if (htmlFiles.length === 0) {
      throw new ValidationError(`check-links: ${args.dist} has no HTML pages, so it is not a built site.`, {
        advice: "run npm run build first (or pass --dist DIR of a built site).",
      });
    }
    const pages = await Promise.all(
      htmlFiles.map(async (file) => ({ file, html: await readFile(path.join(args.dist, file), "utf8") })),
    );
    const broken = findBrokenLinks(pages, new Set(files));
    if (broken.length > 0) {
      const listed = broken.slice(0, MAX_LISTED).map((b) => `  - ${b.page} links to ${b.url} (no ${b.target})`);
      const more = broken.length > MAX_LISTED ? [`  … and ${broken.length - MAX_LISTED} more.`] : [];
      throw new RefusedError([`${broken.length} broken link(s) in ${args.dist}:`, ...listed, ...more].join("\n"), {
        advice:
          "fix the page or content that writes each link (or the file it should lead to), build again and re-check.",
      });
    }
    process.stdout.write(`${htmlFiles.length} pages, every same-site link leads to a file of the build.\n`);
  },
  { readOnly: true },
);
