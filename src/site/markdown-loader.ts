import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
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

/**
 * The largest writeup or report accepted, checked (stat) before the file is read: a report is a few kB of prose, so
 * a file past this is a mistake or an attack, and reading it whole would take the build's memory with it.
 */
export const MAX_MARKDOWN_BYTES = 1024 * 1024;

function oversized(file: string, size: number, maxBytes: number): ValidationError {
  return new ValidationError(
    `${file} is ${size} bytes, more than the ${maxBytes / 1024} kB a writeup or report may have. Shorten it, or split it into several files.`,
  );
}

/**
 * Throws, naming the file (as `label/…`), when a writeup or report under `contentDir` is larger than `maxBytes`:
 * what `npm run build` checks before Astro starts, so the failure is quick and keeps its exit code (bad input).
 */
export async function refuseOversizedMarkdown(
  contentDir: string,
  label: string,
  maxBytes = MAX_MARKDOWN_BYTES,
): Promise<void> {
  for (const folder of ["reports", "writeups"]) {
    let names: string[];
    try {
      names = await readdir(path.join(contentDir, folder));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") continue;
      throw error;
    }
    for (const name of names.sort(compareText)) {
      if (!name.endsWith(".md")) continue;
      const { size } = await stat(path.join(contentDir, folder, name));
      if (size > maxBytes) throw oversized(`${label}/${folder}/${name}`, size, maxBytes);
    }
  }
}

/** What every parsed Markdown entry carries: its source file (for messages). */
type MarkdownEntry = Record<string, unknown> & { file: string };

export interface MarkdownFile<T extends MarkdownEntry> {
  id: string;
  entry: T;
}

/**
 * Reads every `.md` file of `folder` (sorted by name) with `parse`. Anything else in the folder (a subfolder, a
 * file with another extension) is an error, so a misnamed report is never silently left out; so is a file larger
 * than `maxBytes`, refused before it is read.
 */
export async function readMarkdownFolder<T extends MarkdownEntry>(
  folder: string,
  label: string,
  parse: (file: string, text: string) => MarkdownFile<T>,
  maxBytes = MAX_MARKDOWN_BYTES,
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
    const where = path.join(folder, entry.name);
    const { size } = await stat(where);
    if (size > maxBytes) throw oversized(file, size, maxBytes);
    files.push(parse(file, await readFile(where, "utf8")));
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
    async load({ store, parseData, generateDigest, config, watcher, logger }) {
      const root = fileURLToPath(new URL(`${contentDir.replace(/\/?$/, "/")}`, config.root));
      const dir = path.join(root, folder);
      const sync = async () => {
        await refuseMdx(root, contentDir);
        const files = await readMarkdownFolder(dir, `${contentDir}/${folder}`, parse);
        store.clear();
        for (const { id, entry } of files) {
          const data = await parseData({ id, data: entry, filePath: entry.file });
          store.set({ id, data, digest: generateDigest(entry) });
        }
      };
      await sync();
      // `npm run dev` only (the watcher exists in dev): an edit, a new report or a deleted one shows on the next
      // page load; a file that no longer parses is logged and the last good entries stay until it is fixed.
      if (watcher) {
        watcher.add(dir);
        const reload = reloadsOnChange(sync, fileStamp, {
          done: (changed) => logger.info(`reloaded ${contentDir}/${folder}/ (${path.basename(changed)} changed)`),
          failed: (error) => logger.error((error as Error).message),
        });
        const onChange = (changed: string) =>
          path.dirname(changed) === dir && changed.endsWith(".md") ? reload(changed) : Promise.resolve();
        for (const event of ["change", "add", "unlink"] as const) watcher.on(event, onChange);
      }
    },
  };
}

/** A file's size and modification time, or "gone": what changes when the file is written. */
async function fileStamp(file: string): Promise<string> {
  return stat(file).then(
    (info) => `${info.size}:${info.mtimeMs}`,
    () => "gone",
  );
}

/**
 * How long after a change event the watcher (chokidar, under Vite) drops further change events of the same file
 * (50 ms in chokidar 4), with a margin: a write that lands within it is reported by no event of its own.
 */
const DROPPED_CHANGES_MS = 100;

/**
 * What the dev server does on each change of a file in the folder: `reload` it (read the folder afresh), one reload
 * at a time, each after the ones before, so reloads never finish out of order leaving an older read in the store.
 * A save is often a truncation, then a write, and the watcher reports the write only if it comes more than 50 ms
 * after the truncation's event. Seen in CI, with a dev server and its test under load: one event for a save, a
 * reload that read the file emptied ("has no frontmatter") before the write landed, and no event after it, so the
 * page kept the save before until the next edit. So each reload notes the changed file's `stamp` before it reads,
 * and once the watcher would report a change again, reloads again if the stamp moved on meanwhile: the last read is
 * of the file as it was last written. Returns the reloads for that change, done (a failed reload is told, not thrown).
 */
function reloadsOnChange(
  reload: () => Promise<void>,
  stamp: (file: string) => Promise<string>,
  tell: { done: (file: string) => void; failed: (error: unknown) => void },
): (file: string) => Promise<void> {
  let reloads = Promise.resolve();
  return (changed) => {
    reloads = reloads.then(async () => {
      for (let again = true; again; ) {
        const before = await stamp(changed);
        const reported = Date.now() + DROPPED_CHANGES_MS;
        try {
          await reload();
          tell.done(changed);
        } catch (error) {
          tell.failed(error);
        }
        // A write after this moment has an event (and a reload) of its own.
        await sleep(Math.max(0, reported - Date.now()));
        again = (await stamp(changed)) !== before;
      }
    });
    return reloads;
  };
}
