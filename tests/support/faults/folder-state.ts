import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

/**
 * sha256 of every file under `dir` by relative path (dot-files included), or null when `dir` does not exist:
 * "byte-identical" in the fault suite means the same map before and after.
 */
export async function folderState(dir: string): Promise<Record<string, string> | null> {
  let entries: import("node:fs").Dirent[];
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch {
    return null;
  }
  const out: Record<string, string> = {};
  for (const entry of entries.sort((a, b) => (a.parentPath + a.name < b.parentPath + b.name ? -1 : 1))) {
    const file = path.join(entry.parentPath, entry.name);
    const relative = path.relative(dir, file);
    if (entry.isDirectory()) out[`${relative}/`] = "dir";
    else if (entry.isFile())
      out[relative] = createHash("sha256")
        .update(await readFile(file))
        .digest("hex");
  }
  return out;
}
