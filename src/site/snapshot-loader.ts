import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { Loader } from "astro/loaders";
import { parse } from "yaml";
import { readSnapshotFolder } from "../snapshot/snapshot-folder.ts";

/**
 * Astro content loaders for committed inputs. They only read files; validation happens through each
 * collection's zod schema (`parseData`), so a bad file fails the build with the file and field named.
 */

/** One entry per wallet folder under `dir`: the whole snapshot, one property per file (`SNAPSHOT_PARTS`). */
export function snapshotLoader(dir: string): Loader {
  return {
    name: "ledgerlight-snapshots",
    async load({ store, parseData, generateDigest, config }) {
      const root = new URL(`${dir.replace(/\/?$/, "/")}`, config.root);
      store.clear();
      const wallets = (await readdir(root, { withFileTypes: true }))
        .filter((entry) => entry.isDirectory() && !entry.name.startsWith("."))
        .map((entry) => entry.name)
        .sort();
      for (const wallet of wallets) {
        // The same reader the snapshot run uses: schemas and the sha256 manifest are checked before anything
        // is rendered, so an edited or half-written file fails the build with the file named.
        const raw = await readSnapshotFolder(fileURLToPath(new URL(`${wallet}/`, root)));
        const data = await parseData({ id: wallet, data: raw, filePath: `${dir}/${wallet}` });
        store.set({ id: wallet, data, digest: generateDigest(raw) });
      }
    },
  };
}

/** A single-entry collection (`id: "program"`) from a YAML file. */
export function yamlFileLoader(file: string, id: string): Loader {
  return {
    name: "ledgerlight-yaml-file",
    async load({ store, parseData, generateDigest, config }) {
      const text = await readFile(new URL(file, config.root), "utf8");
      const raw = parse(text) as Record<string, unknown>;
      const data = await parseData({ id, data: raw, filePath: file });
      store.clear();
      store.set({ id, data, digest: generateDigest(text) });
    },
  };
}
