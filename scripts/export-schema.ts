/**
 * `node scripts/export-schema.ts [--check]`: writes the snapshot JSON Schemas to public/schema/ (or, with
 * --check, exits 5 when the committed ones differ from what the zod schemas generate).
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { RefusedError } from "../src/errors.ts";
import { buildJsonSchemas } from "../src/schemas/json-schema.ts";
import { failedAfterWriting, parseCliArgs, runCli } from "./cli.ts";

const OUT = "public/schema";

await runCli(
  async () => {
    const { check } = parseCliArgs(
      "export-schema",
      { check: { type: "boolean" } },
      z.object({ check: z.boolean().default(false) }).strict(),
    );
    const files = buildJsonSchemas();
    const stale: string[] = [];
    for (const [name, text] of files) {
      const file = path.join(OUT, name);
      if (check) {
        const committed = await readFile(file, "utf8").catch(() => "");
        if (committed !== text) stale.push(file);
      }
    }
    if (!check) {
      try {
        await mkdir(OUT, { recursive: true });
        for (const [name, text] of files) await writeFile(path.join(OUT, name), text, "utf8");
      } catch (error) {
        throw failedAfterWriting(error, `${OUT}/ may be partly rewritten; run npm run export-schema again.`);
      }
    }
    if (stale.length > 0) {
      throw new RefusedError(`The committed JSON Schemas differ from the zod schemas: ${stale.join(", ")}.`, {
        advice: "run npm run export-schema and commit the files it writes.",
      });
    }
    process.stdout.write(`${check ? "Checked" : "Wrote"} ${files.size} schemas in ${OUT}/\n`);
  },
  { writes: `${OUT}/ is` },
);
