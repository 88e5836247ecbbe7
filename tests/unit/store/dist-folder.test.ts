import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RefusedError } from "../../../src/errors.ts";
import {
  checkBuildTarget,
  distStagingDir,
  isLedgerlightBuild,
  recoverDist,
  swapInDist,
} from "../../../src/store/dist-folder.ts";

const MANIFEST = `${"a".repeat(64)}  index.html\n`;
let parent: string;
let dist: string;
beforeEach(async () => {
  parent = await mkdtemp(path.join(tmpdir(), "ledgerlight-dist-"));
  dist = path.join(parent, "dist");
});
afterEach(async () => {
  await rm(parent, { recursive: true, force: true });
});

async function makeBuild(dir: string, page: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, "index.html"), page);
  await writeFile(path.join(dir, "manifest.sha256"), MANIFEST);
}

describe("checkBuildTarget", () => {
  it("accepts a missing folder, an empty one and a previous build", async () => {
    await checkBuildTarget(dist);
    await mkdir(dist);
    await checkBuildTarget(dist);
    await makeBuild(dist, "old");
    await checkBuildTarget(dist);
    expect(await isLedgerlightBuild(dist)).toBe(true);
  });

  it.each([
    ["a content folder", { "program.yaml": "name: x\n" }],
    ["a folder with a foreign manifest.sha256", { "manifest.sha256": "not ours\n" }],
  ])("refuses %s and leaves it", async (_what, files) => {
    await mkdir(dist);
    for (const [name, text] of Object.entries(files)) await writeFile(path.join(dist, name), text);
    await expect(checkBuildTarget(dist)).rejects.toThrow(RefusedError);
    await expect(checkBuildTarget(dist)).rejects.toThrow(/is not empty and is not a previous Ledgerlight build/);
    expect((await readdir(dist)).sort()).toEqual(Object.keys(files).sort());
  });

  it("refuses a file", async () => {
    await writeFile(dist, "x");
    await expect(checkBuildTarget(dist)).rejects.toThrow(/is a file, not a folder/);
  });
});

describe("swapInDist and recoverDist", () => {
  it("swaps a complete build in and leaves nothing beside it", async () => {
    await makeBuild(dist, "old");
    const staging = distStagingDir(dist);
    await makeBuild(staging, "new");
    await swapInDist(staging, dist);
    expect(await readFile(path.join(dist, "index.html"), "utf8")).toBe("new");
    expect(await readdir(parent)).toEqual(["dist"]);
  });

  it("restores the previous build when a run was killed between the two renames", async () => {
    await makeBuild(path.join(parent, ".dist.retired-99999999"), "old");
    await makeBuild(path.join(parent, ".dist.staging-99999999"), "half");
    await mkdir(path.join(parent, ".ledgerlight-publish-99999999", "content"), { recursive: true });
    const notes = await recoverDist(dist);
    expect(await readdir(parent)).toEqual(["dist"]);
    expect(await readFile(path.join(dist, "index.html"), "utf8")).toBe("old");
    expect(notes).toEqual([
      `Restored ${dist}: a run was killed while swapping in a new build; this is the previous one.`,
      "Removed 2 unfinished build folder(s) left by runs that were killed.",
    ]);
  });

  it("leaves the folders of runs still alive", async () => {
    await makeBuild(dist, "live");
    await mkdir(path.join(parent, ".dist.staging-4242"));
    await mkdir(path.join(parent, ".ledgerlight-publish-4242"));
    expect(await recoverDist(dist, (pid) => pid === 4242)).toEqual([]);
    expect((await readdir(parent)).sort()).toEqual([".dist.staging-4242", ".ledgerlight-publish-4242", "dist"]);
  });
});
