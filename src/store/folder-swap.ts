import { mkdir, readdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { withDisplayPaths } from "./display-path.ts";
import { namingPath } from "./errno-path.ts";

/**
 * The all-or-nothing write under every committed folder (snapshots, legacy history). Files go to a staging
 * folder beside the live one (`.<name>.staging-<pid>`, same file system, so the swap is a rename); the live folder
 * is moved aside (`.<name>.retired-<pid>`) only for the instant of the swap. A run killed at any point leaves the
 * old folder or the new one, plus leftovers that `recoverInterruptedRun` clears.
 */

/**
 * `files` go to a staging folder beside `dir`, `prepare` validates (and may complete) it there, and only then is
 * it swapped in by rename, the old folder restored if the swap fails.
 */
export async function swapInFolder(
  dir: string,
  files: Map<string, string>,
  prepare: (staging: string) => Promise<void>,
): Promise<void> {
  const parent = path.dirname(dir);
  const base = path.basename(dir);
  const staging = path.join(parent, `.${base}.staging-${process.pid}`);
  const retired = path.join(parent, `.${base}.retired-${process.pid}`);
  await mkdir(parent, { recursive: true });
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging);
  try {
    try {
      for (const [name, bytes] of files) await writeFile(path.join(staging, name), bytes, "utf8");
      await prepare(staging);
    } catch (error) {
      // The user knows `dir`, not its staging copy: messages name the folder being replaced.
      throw withDisplayPaths(namingPath(error, dir), [{ staging, shown: dir }]);
    }
    const hadOld = await rename(dir, retired).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code === "ENOENT") return false;
        throw error;
      },
    );
    try {
      await rename(staging, dir);
    } catch (error) {
      if (hadOld) await rename(retired, dir);
      throw error;
    }
    if (hadOld) await rm(retired, { recursive: true, force: true });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/**
 * Cleans up after a run that was killed: a retired folder whose live folder is missing is the last complete
 * snapshot and is restored; staging folders are partial and are dropped.
 */
export async function recoverInterruptedRun(parent: string, base: string): Promise<void> {
  const entries = (await readdir(parent).catch(() => [] as string[])).sort();
  let live = entries.includes(base);
  for (const entry of entries) {
    if (entry.startsWith(`.${base}.retired-`)) {
      if (!live) {
        await rename(path.join(parent, entry), path.join(parent, base));
        live = true;
      } else {
        await rm(path.join(parent, entry), { recursive: true, force: true });
      }
    } else if (entry.startsWith(`.${base}.staging-`)) {
      await rm(path.join(parent, entry), { recursive: true, force: true });
    }
  }
}
