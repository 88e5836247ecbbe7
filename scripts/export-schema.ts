/**
 * `node scripts/export-schema.ts [--check]`: writes the snapshot JSON Schemas to public/schema/ (or, with
 * --check, exits 1 when the committed ones differ from what the zod schemas generate).
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { buildJsonSchemas } from "../src/schemas/json-schema.ts";
import { parseCliArgs, runCli } from "./cli.ts";

const OUT = "public/schema";

await runCli(async () => {
  const { check } = parseCliArgs(
    "export-schema",
    { check: { type: "boolean" } },
    z.object({ check: z.boolean().default(false) }).strict(),
  );
  const files = buildJsonSchemas();
  await mkdir(OUT, { recursive: true });
  const stale: string[] = [];
  for (const [name, text] of files) {
    const file = path.join(OUT, name);
    if (check) {
      const committed = await readFile(file, "utf8").catch(() => "");
      if (committed !== text) stale.push(file);
    } else {
      await writeFile(file, text, "utf8");
    }
  }
  if (stale.length > 0) {
    process.stderr.write(`Out of date (run npm run export-schema): ${stale.join(", ")}\n`);
    process.exitCode = 1;
  } else {
    process.stdout.write(`${check ? "Checked" : "Wrote"} ${files.size} schemas in ${OUT}/\n`);
  }
});
