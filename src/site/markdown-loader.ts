import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Loader } from "astro/loaders";
import { ValidationError } from "../errors.ts";
import { compareText } from "../lib/compare.ts";

/**
 * Astro content loader for the Markdown folders under `content/` (`reports/`, `writeups/`). It reads files only;
 * `parse` (from `content-files.ts`) checks each one, and the collection's schema checks it again through
 * `parseData`. A folder that does not exist is an empty collection: a site may have no reports yet.
 */

/** Every `.mdx` file under `dir` (relative paths, sorted). MDX runs code, so `content/` must hold none. */
export async function findMdxFiles(dir: string): Promise<string[]> {
  let entries: import("node:fs").Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  return entries
    .filter((entry) => entry.isFile() && entry.name.toLowerCase().endsWith(".mdx"))
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

/** Throws, naming every `.mdx` file under `contentDir` (shown as `label/…`), when there is one. */
export async function refuseMdx(contentDir: string, label: string): Promise<void> {
  const found = await findMdxFiles(contentDir);
  if (found.length === 0) return;
  throw new ValidationError(
    `.mdx files are not accepted in ${label}/: ${found.map((file) => `${label}/${file}`).join(", ")}. MDX runs code at build time and can put scripts in pages; rename to .md (Markdown, rendered without raw HTML).`,
  );
}

/** What every parsed Markdown entry carries: its source file (for messages). */
type MarkdownEntry = Record<string, unknown> & { file: string };

export interface MarkdownFile<T extends MarkdownEntry> {
  id: string;
  entry: T;
}

/**
 * Reads every `.md` file of `folder` (sorted by name) with `parse`. Anything else in the folder (a subfolder, a
 * file with another extension) is an error, so a misnamed report is never silently left out.
 */
export async function readMarkdownFolder<T extends MarkdownEntry>(
  folder: string,
  label: string,
  parse: (file: string, text: string) => MarkdownFile<T>,
): Promise<MarkdownFile<T>[]> {
  let entries: import("node:fs").Dirent[];
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const files: MarkdownFile<T>[] = [];
  for (const entry of entries.sort((a, b) => compareText(a.name, b.name))) {
    if (entry.name.startsWith(".")) continue;
    const file = `${label}/${entry.name}`;
    if (!entry.isFile() || !entry.name.endsWith(".md")) {
      throw new ValidationError(`${file}: only Markdown files (.md) belong in ${label}/.`);
    }
    files.push(parse(file, await readFile(path.join(folder, entry.name), "utf8")));
  }
  // Ids come from file names, which the parsers restrict to one spelling each, so they are unique.
  return files;
}

/**
 * The loader for `<contentDir>/<folder>/*.md`. It first refuses any `.mdx` anywhere under `contentDir`, so the
 * rule holds for the whole content folder, not only the folders read here.
 */
export function markdownFolderLoader<T extends MarkdownEntry>(
  contentDir: string,
  folder: string,
  parse: (file: string, text: string) => MarkdownFile<T>,
): Loader {
  return {
    name: `ledgerlight-markdown-${folder}`,
    async load({ store, parseData, generateDigest, config }) {
      const root = fileURLToPath(new URL(`${contentDir.replace(/\/?$/, "/")}`, config.root));
      await refuseMdx(root, contentDir);
      const files = await readMarkdownFolder(path.join(root, folder), `${contentDir}/${folder}`, parse);
      store.clear();
      for (const { id, entry } of files) {
        const data = await parseData({ id, data: entry, filePath: entry.file });
        store.set({ id, data, digest: generateDigest(entry) });
      }
    },
  };
}
