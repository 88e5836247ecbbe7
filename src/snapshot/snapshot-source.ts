import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { UsageError, ValidationError } from "../errors.ts";
import type { Snapshot } from "../schemas/snapshot.ts";
import { readSnapshotFolder } from "../store/snapshot-folder.ts";

/**
 * Opens a snapshot named on the command line: a snapshot folder, or a git revision of the repository whose
 * committed folder at `snapshotPath` is read (auditors diff committed snapshots). A revision's files are written
 * to a temporary folder and read with the same checks as any folder (schemas, manifest sha256).
 */

const git = promisify(execFile);

export interface SnapshotSource {
  snapshot: Snapshot;
  /** How to name it in messages: the folder, or `git <revision> (<commit>)`. */
  label: string;
}

async function isDirectory(where: string): Promise<boolean> {
  return stat(where).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

async function gitOut(repo: string, args: string[]): Promise<string> {
  const { stdout } = await git("git", ["-C", repo, ...args], { maxBuffer: 1 << 30, encoding: "utf8" });
  return stdout;
}

export async function openSnapshot(
  spec: string,
  options: { repo: string; snapshotPath: string },
): Promise<SnapshotSource> {
  if (await isDirectory(spec)) return { snapshot: await readSnapshotFolder(spec), label: spec };
  let commit: string;
  try {
    commit = (await gitOut(options.repo, ["rev-parse", "--verify", "--quiet", `${spec}^{commit}`])).trim();
  } catch {
    throw new UsageError(
      `${spec} is neither a snapshot folder nor a git revision of ${options.repo} (e.g. HEAD~1, a tag or a commit id).`,
    );
  }
  const folder = options.snapshotPath.replace(/\\/g, "/").replace(/\/+$/, "");
  // Files only: a wallet folder may hold a `legacy/` sub-folder, which is not part of the snapshot.
  const names = (await gitOut(options.repo, ["ls-tree", commit, `${folder}/`]))
    .split("\n")
    .filter((line) => / blob [0-9a-f]+\t/.test(line))
    .map((line) => path.posix.basename(line.slice(line.indexOf("\t") + 1)));
  if (names.length === 0) {
    throw new ValidationError(`git revision ${spec} (${commit.slice(0, 12)}) has no snapshot at ${folder}.`);
  }
  const temp = await mkdtemp(path.join(tmpdir(), "ledgerlight-revision-"));
  try {
    const dir = path.join(temp, "snapshot");
    await mkdir(dir);
    for (const name of names) {
      await writeFile(
        path.join(dir, name),
        await gitOut(options.repo, ["show", `${commit}:${folder}/${name}`]),
        "utf8",
      );
    }
    try {
      return { snapshot: await readSnapshotFolder(dir), label: `git ${spec} (${commit.slice(0, 12)})` };
    } catch (error) {
      // Name the revision, not the temporary folder, in what went wrong.
      if (error instanceof Error) error.message = error.message.replaceAll(dir, `${spec}:${folder}`);
      throw error;
    }
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}
