import { mkdir, mkdtemp, rm, stat, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { AstroIntegration } from "astro";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { distManifest } from "../../../src/integrations/dist-manifest.ts";
import { DIST_MANIFEST_FILE } from "../../../src/store/dist-manifest.ts";

let dist: string;

beforeEach(async () => {
  dist = await mkdtemp(path.join(tmpdir(), "ledgerlight-dist-manifest-"));
  await mkdir(path.join(dist, "data/snapshot"), { recursive: true });
  await mkdir(path.join(dist, "_astro"));
  await writeFile(path.join(dist, "index.html"), "<p>home</p>\n");
  await writeFile(path.join(dist, "data/snapshot/meta.json"), "{}\n");
  await writeFile(path.join(dist, "_astro/a.css"), "p{}");
  await writeFile(path.join(dist, "feed.xml"), "");
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await rm(dist, { recursive: true, force: true });
});

/** Runs the integration's two hooks on `dist` as `astro build` would. */
async function runHooks(integration: AstroIntegration) {
  const logger = { info: vi.fn() };
  await (integration.hooks["astro:config:setup"] as () => void)();
  await (integration.hooks["astro:build:done"] as (options: unknown) => Promise<void>)({
    dir: pathToFileURL(`${dist}/`),
    logger,
  });
  return logger;
}

describe("distManifest integration", () => {
  it("without SOURCE_DATE_EPOCH writes the manifest and leaves every time alone", async () => {
    vi.stubEnv("SOURCE_DATE_EPOCH", undefined);
    await utimes(path.join(dist, "index.html"), 1_000_000, 1_000_000);
    const logger = await runHooks(distManifest());
    expect((await stat(path.join(dist, "index.html"))).mtimeMs).toBe(1_000_000_000);
    expect((await stat(path.join(dist, DIST_MANIFEST_FILE))).mtimeMs).not.toBe(1_000_000_000);
    expect(logger.info).toHaveBeenCalledWith("manifest.sha256 written (4 files)");
  });

  it("with SOURCE_DATE_EPOCH dates every file in dist/, the manifest included", async () => {
    vi.stubEnv("SOURCE_DATE_EPOCH", "86400");
    await runHooks(distManifest());
    for (const file of [DIST_MANIFEST_FILE, "index.html", "data/snapshot/meta.json", "data", ""]) {
      expect({ file, mtime: (await stat(path.join(dist, file))).mtimeMs }).toEqual({ file, mtime: 86_400_000 });
    }
  });

  it("stops at config setup, naming the variable, when SOURCE_DATE_EPOCH is not whole seconds", async () => {
    vi.stubEnv("SOURCE_DATE_EPOCH", "2026-01-01");
    const setup = distManifest().hooks["astro:config:setup"] as () => void;
    expect(setup).toThrow(/SOURCE_DATE_EPOCH is not valid:[\s\S]*found "2026-01-01"/);
  });
});
