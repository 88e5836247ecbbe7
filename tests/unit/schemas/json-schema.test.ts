import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { buildJsonSchemas } from "../../../src/schemas/json-schema.ts";
import { repoRoot } from "../../support/site/build-site.ts";

const schemaDir = path.join(repoRoot, "public/schema");
const snapshotsDir = path.join(repoRoot, "content/snapshots");

describe("published JSON Schemas", () => {
  it("are exactly what the zod schemas generate (run `npm run export-schema` after changing them)", async () => {
    for (const [name, text] of buildJsonSchemas()) {
      expect(await readFile(path.join(schemaDir, name), "utf8"), name).toBe(text);
    }
    expect((await readdir(schemaDir)).sort()).toEqual([...buildJsonSchemas().keys()].sort());
  });

  it("validate every committed snapshot file without our code, and reject a bad amount", async () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const wallets = await readdir(snapshotsDir);
    expect(wallets.length).toBeGreaterThan(0);
    const checked = new Set<string>();
    for (const wallet of wallets) {
      // Snapshot files, and the `legacy/` sub-folder's files against their `legacy-` schemas.
      const entries = await readdir(path.join(snapshotsDir, wallet), { withFileTypes: true, recursive: true });
      for (const entry of entries.filter((e) => e.isFile())) {
        const relative = path.relative(path.join(snapshotsDir, wallet), path.join(entry.parentPath, entry.name));
        const schemaName = relative.replace("/", "-").replace(/\.json$/, ".schema.json");
        const schema = JSON.parse(await readFile(path.join(schemaDir, schemaName), "utf8"));
        const data = JSON.parse(await readFile(path.join(snapshotsDir, wallet, relative), "utf8"));
        const validate = ajv.getSchema(schema.$id) ?? ajv.compile(schema);
        expect(validate(data), `${wallet}/${relative}: ${JSON.stringify(validate.errors)}`).toBe(true);
        checked.add(schemaName);
      }
    }
    // The committed content exercises every schema, the legacy ones included.
    expect([...checked].sort()).toEqual([...buildJsonSchemas().keys()].sort());
    const walletSchema = JSON.parse(await readFile(path.join(schemaDir, "wallet.schema.json"), "utf8"));
    const validate = ajv.getSchema(walletSchema.$id) ?? ajv.compile(walletSchema);
    const wallet = JSON.parse(await readFile(path.join(snapshotsDir, wallets[0]!, "wallet.json"), "utf8"));
    expect(validate({ ...wallet, balance: { ...wallet.balance, coinStoreValue: "1.5" } })).toBe(false);
  });
});
