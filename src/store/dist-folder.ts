import { open, readdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { RefusedError } from "../errors.ts";
import { parseSha256Line } from "../lib/sha256-manifest.ts";
import { DIST_MANIFEST_FILE } from "./dist-manifest.ts";
import { asFailureToWrite, isLeftoverOfDeadRun, pidIsAlive, recoverInterruptedRun } from "./folder-swap.ts";

/**
 * The site's output folder (`dist/`, or `--out DIR`) as `build` and `publish` replace it. A build goes to a staging
 * folder beside the target (`.<name>.staging-<pid>`, same file system) and is swapped in by two renames only once it
 * is complete: the live folder aside to `.<name>.retired-<pid>`, the staging folder to the live name, then the
 * retired one removed. A failed build never touches the target.
 *
 * The guarantee: at every instant the target is a complete build (the old one or the new one), except between the
 * two renames, two system calls apart, when it is missing and `.<name>.retired-<pid>` holds the complete old build.
 * A run killed there is repaired by the next `build` or `publish`, which first restores the retired folder (and
 * removes staging folders of runs that are no longer alive, including `publish`'s `.ledgerlight-publish-<pid>`).
 *
 * A target is replaced only when it is missing, empty, or a previous Ledgerlight build (a `manifest.sha256` of
 * ours at its top): `--out content` or `--out ~` must never wipe a folder we did not create.
 */

/** Prefix of `publish`'s staging folder (a content copy and a build), beside the output folder. */
export const PUBLISH_STAGING_PREFIX = ".ledgerlight-publish-";

/** Whether `dir` holds a build of ours: a `manifest.sha256` at its top whose first line is in our format. */
export async function isLedgerlightBuild(dir: string): Promise<boolean> {
  let first = "";
  try {
    const handle = await open(path.join(dir, DIST_MANIFEST_FILE), "r");
    try {
      const buffer = Buffer.alloc(512);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      first = buffer.subarray(0, bytesRead).toString("utf8").split("\n")[0] ?? "";
    } finally {
      await handle.close();
    }
  } catch {
    return false;
  }
  return parseSha256Line(first) !== null;
}

/**
 * Refuses (RefusedError, exit 5) to build into `outDir` unless it is missing, an empty folder, or a previous
 * Ledgerlight build.
 */
export async function checkBuildTarget(outDir: string): Promise<void> {
  const info = await stat(outDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return null;
    throw error;
  });
  if (info === null) return;
  if (!info.isDirectory()) {
    throw new RefusedError(`${outDir} is a file, not a folder; the site was not built there. Choose another --out.`);
  }
  if ((await readdir(outDir)).length === 0) return;
  if (await isLedgerlightBuild(outDir)) return;
  throw new RefusedError(
    `${outDir} is not empty and is not a previous Ledgerlight build (it has no ${DIST_MANIFEST_FILE} of ours), so the site was not built there: replacing it would delete files Ledgerlight did not create. Choose an empty or new folder for --out.`,
  );
}

/** The staging folder a build of `outDir` goes to before it is swapped in. */
export function distStagingDir(outDir: string): string {
  return path.join(path.dirname(outDir), `.${path.basename(outDir)}.staging-${process.pid}`);
}

/** Swaps the complete build in `staging` in as `outDir` (see the guarantee above). */
export async function swapInDist(staging: string, outDir: string): Promise<void> {
  const retired = path.join(path.dirname(outDir), `.${path.basename(outDir)}.retired-${process.pid}`);
  try {
    await rm(retired, { recursive: true, force: true });
    const hadOld = await rename(outDir, retired).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code === "ENOENT") return false;
        throw error;
      },
    );
    try {
      await rename(staging, outDir);
    } catch (error) {
      if (hadOld) await rename(retired, outDir);
      throw error;
    }
    if (hadOld) await rm(retired, { recursive: true, force: true });
  } catch (error) {
    throw asFailureToWrite(outDir, error, [staging, retired]);
  }
}

/**
 * Repairs what a killed build or publish left beside `outDir`: restores a retired build when the live one is
 * missing, and removes staging folders (ours and publish's) whose run is no longer alive. Returns what it did, one
 * line each, for the command to print.
 */
export async function recoverDist(outDir: string, isAlive: (pid: number) => boolean = pidIsAlive): Promise<string[]> {
  const parent = path.dirname(outDir);
  const base = path.basename(outDir);
  const before = await readdir(parent).catch(() => [] as string[]);
  const hadLive = before.includes(base);
  await recoverInterruptedRun(parent, base, isAlive);
  const stagingBefore = before.filter(
    (entry) => entry.startsWith(`.${base}.staging-`) || entry.startsWith(PUBLISH_STAGING_PREFIX),
  );
  for (const entry of stagingBefore) {
    if (!entry.startsWith(PUBLISH_STAGING_PREFIX) || !isLeftoverOfDeadRun(entry, isAlive)) continue;
    await rm(path.join(parent, entry), { recursive: true, force: true });
  }
  const after = await readdir(parent).catch(() => [] as string[]);
  const notes: string[] = [];
  if (!hadLive && after.includes(base)) {
    notes.push(`Restored ${outDir}: a run was killed while swapping in a new build; this is the previous one.`);
  }
  const removed = stagingBefore.filter((entry) => !after.includes(entry)).length;
  if (removed > 0) notes.push(`Removed ${removed} unfinished build folder(s) left by runs that were killed.`);
  return notes;
}
