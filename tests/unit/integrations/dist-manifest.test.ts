import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, stat, symlink, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import type { AstroIntegration } from "astro";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  DIST_MANIFEST_FILE,
  distManifest,
  stampModificationTimes,
  writeDistManifest,
} from "../../../src/integrations/dist-manifest.ts";

const run = promisify(execFile);
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

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

describe("writeDistManifest", () => {
  it("lists every file but itself with its sha256, sorted, in a form sha256sum -c accepts", async () => {
    expect(await writeDistManifest(dist)).toBe(4);
    const manifest = await readFile(path.join(dist, DIST_MANIFEST_FILE), "utf8");
    expect(manifest).toBe(
      [
        `${sha256("p{}")}  _astro/a.css`,
        `${sha256("{}\n")}  data/snapshot/meta.json`,
        `${sha256("")}  feed.xml`,
        `${sha256("<p>home</p>\n")}  index.html`,
        "",
      ].join("\n"),
    );
    await run("sha256sum", ["--check", "--strict", "--quiet", DIST_MANIFEST_FILE], { cwd: dist });
  });

  it("makes sha256sum -c fail once a published file changes", async () => {
    await writeDistManifest(dist);
    await writeFile(path.join(dist, "index.html"), "<p>changed</p>\n");
    await expect(run("sha256sum", ["--check", "--quiet", DIST_MANIFEST_FILE], { cwd: dist })).rejects.toMatchObject({
      stdout: expect.stringContaining("index.html: FAILED"),
    });
  });

  it("refuses a manifest.sha256 that something else already put in dist/", async () => {
    await writeFile(path.join(dist, DIST_MANIFEST_FILE), "");
    await expect(writeDistManifest(dist)).rejects.toThrow(/manifest.sha256 exists before the build wrote it/);
  });

  it("refuses a symlink (it would not publish as a file)", async () => {
    await symlink("index.html", path.join(dist, "home.html"));
    await expect(writeDistManifest(dist)).rejects.toThrow("dist/home.html is neither a file nor a folder");
  });
});

describe("stampModificationTimes", () => {
  it("sets the access and modification time of every file and folder, the root included", async () => {
    await stampModificationTimes(dist, 1_767_225_600);
    for (const file of ["", "data", "data/snapshot", "_astro", "index.html", "data/snapshot/meta.json", "feed.xml"]) {
      const stats = await stat(path.join(dist, file));
      expect({ file, mtime: stats.mtimeMs, atime: stats.atimeMs }).toEqual({
        file,
        mtime: 1_767_225_600_000,
        atime: 1_767_225_600_000,
      });
    }
  });
});

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
