import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { setFloorPageSizes, writeFloorProject } from "../../../scripts/bench/floor.ts";

const root = path.resolve(import.meta.dirname, "../../..");
const work = await mkdtemp(path.join(tmpdir(), "ledgerlight-floor-test-"));
afterAll(() => rm(work, { recursive: true, force: true }));

describe("the bench's same-size floor", () => {
  it("builds one page per size asked for, each that many bytes to within one table row, as templated rows", async () => {
    const dir = await writeFloorProject(path.join(work, "sized"), root, "sized");
    const sizes = [600, 4_000, 40_000, 80_000];
    await setFloorPageSizes(dir, sizes);
    await promisify(execFile)(
      process.execPath,
      [path.join(root, "node_modules/astro/bin/astro.mjs"), "build", "--silent"],
      { cwd: dir, env: { ...process.env, ASTRO_TELEMETRY_DISABLED: "1", TZ: "UTC" } },
    );
    const dist = path.join(dir, "dist");
    const pages = (await readdir(dist, { recursive: true })).filter((file) => file.endsWith(".html"));
    expect(pages).toHaveLength(sizes.length);
    for (const [index, size] of sizes.entries()) {
      const html = await readFile(path.join(dist, String(index), "index.html"), "utf8");
      const bytes = Buffer.byteLength(html);
      expect(bytes, `page ${index}`).toBeLessThanOrEqual(size);
      expect(bytes, `page ${index}`).toBeGreaterThan(size - 107);
      // Ordinary markup from a template: a layout around a table of many rows, not one string.
      expect(html).toContain("<main><h1>");
      if (size >= 4_000) expect(html.match(/<tr>/g)?.length ?? 0).toBeGreaterThan(size / 200);
    }
  }, 120_000);
});
