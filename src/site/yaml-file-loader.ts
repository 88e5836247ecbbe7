import { readFile } from "node:fs/promises";
import type { Loader } from "astro/loaders";
import { parse } from "yaml";

/**
 * A single-entry collection (`id`) from a YAML file. It only reads the file; validation happens through the
 * collection's zod schema (`parseData`), so a bad file fails the build with the file and field named.
 */
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
