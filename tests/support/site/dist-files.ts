import { readdir } from "node:fs/promises";
import path from "node:path";

/** Every file under a built `dist/`, as paths relative to it, sorted. */
export async function listDist(root: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(dir: string) {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else out.push(path.relative(root, full));
    }
  }
  await walk(root);
  return out.sort();
}

/** The file a root-relative URL maps to in `dist/` (directory URLs map to their index.html). */
export function distPathOf(url: string): string {
  const pathname = decodeURIComponent(url.split(/[?#]/)[0] ?? "/");
  return pathname.endsWith("/") ? `${pathname.slice(1)}index.html` : pathname.slice(1);
}
