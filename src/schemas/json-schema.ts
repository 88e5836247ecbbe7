import { z } from "zod";
import { toCanonicalJson } from "../lib/canonical-json.ts";
import { LEGACY_FILES, LegacyManifestSchema } from "./legacy.ts";
import { SNAPSHOT_FILES, SnapshotManifestSchema } from "./snapshot.ts";

/**
 * JSON Schema (draft 2020-12) for every snapshot file, generated from the same zod schemas the code uses, so
 * auditors can validate committed files without our code. Published under `public/schema/`; a test keeps the
 * committed copies identical to what this generates.
 */
export const SCHEMA_BASE_URL = "https://ledgerlight.invalid/schema/";

export function buildJsonSchemas(): Map<string, string> {
  const files = new Map<string, string>();
  // The legacy era's files (`legacy/`) get a `legacy-` prefix: `legacy-exports.schema.json`.
  const legacy = Object.fromEntries(
    Object.entries({ ...LEGACY_FILES, "manifest.json": LegacyManifestSchema }).map(([file, schema]) => [
      `legacy-${file}`,
      schema,
    ]),
  );
  const all = { ...SNAPSHOT_FILES, "manifest.json": SnapshotManifestSchema, ...legacy };
  for (const [file, schema] of Object.entries(all).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const name = file.replace(/\.json$/, ".schema.json");
    // The files hold the encoded side of every codec (u64 amounts as decimal strings), so describe the input.
    const json = z.toJSONSchema(schema, { target: "draft-2020-12", unrepresentable: "throw", io: "input" });
    files.set(
      name,
      toCanonicalJson({ ...json, $id: `${SCHEMA_BASE_URL}${name}`, title: `Ledgerlight snapshot ${file}` }),
    );
  }
  return files;
}
