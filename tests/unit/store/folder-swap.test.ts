import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { recoverInterruptedRun, swapInFolder } from "../../../src/store/folder-swap.ts";

let parent: string;
let dir: string;
beforeEach(async () => {
  parent = await mkdtemp(path.join(tmpdir(), "ledgerlight-swap-"));
  dir = path.join(parent, "live");
});
afterEach(async () => {
  await rm(parent, { recursive: true, force: true });
});

async function folderTexts(folder: string): Promise<Record<string, string>> {
  const names = (await readdir(folder)).sort();
  return Object.fromEntries(
    await Promise.all(names.map(async (n) => [n, await readFile(path.join(folder, n), "utf8")])),
  );
}

describe("swapInFolder", () => {
  it("replaces the folder with exactly the new files, leaving nothing beside it", async () => {
    await swapInFolder(
      dir,
      new Map([
        ["a.json", "1\n"],
        ["b.json", "2\n"],
      ]),
      async () => {},
    );
    await swapInFolder(dir, new Map([["a.json", "3\n"]]), async () => {});
    expect(await folderTexts(dir)).toEqual({ "a.json": "3\n" });
    expect(await readdir(parent)).toEqual(["live"]);
  });

  it("validates in staging and leaves the old folder untouched when prepare refuses", async () => {
    await swapInFolder(dir, new Map([["a.json", "1\n"]]), async () => {});
    let seen: Record<string, string> = {};
    const refusal = swapInFolder(dir, new Map([["a.json", "2\n"]]), async (staging) => {
      expect(path.dirname(staging)).toBe(parent);
      seen = await folderTexts(staging);
      throw new Error("not valid");
    });
    await expect(refusal).rejects.toThrow("not valid");
    expect(seen).toEqual({ "a.json": "2\n" });
    expect(await folderTexts(dir)).toEqual({ "a.json": "1\n" });
    expect(await readdir(parent)).toEqual(["live"]);
  });

  it("swaps in what prepare added to staging", async () => {
    await swapInFolder(dir, new Map([["a.json", "1\n"]]), async (staging) => {
      await writeFile(path.join(staging, "carried.json"), "kept\n");
    });
    expect(await folderTexts(dir)).toEqual({ "a.json": "1\n", "carried.json": "kept\n" });
  });
});

describe("recoverInterruptedRun", () => {
  it("restores a retired folder whose live folder is gone and drops staging leftovers", async () => {
    await mkdir(path.join(parent, ".live.retired-99999999"));
    await writeFile(path.join(parent, ".live.retired-99999999", "a.json"), "old\n");
    await mkdir(path.join(parent, ".live.staging-99999999"));
    await mkdir(path.join(parent, ".other.staging-99999999"));
    await recoverInterruptedRun(parent, "live");
    expect((await readdir(parent)).sort()).toEqual([".other.staging-99999999", "live"]);
    expect(await folderTexts(dir)).toEqual({ "a.json": "old\n" });
  });

  it("drops a retired folder when the live one survived the swap", async () => {
    await mkdir(dir);
    await writeFile(path.join(dir, "a.json"), "new\n");
    await mkdir(path.join(parent, ".live.retired-99999999"));
    await recoverInterruptedRun(parent, "live");
    expect(await readdir(parent)).toEqual(["live"]);
    expect(await folderTexts(dir)).toEqual({ "a.json": "new\n" });
  });
});

describe("recoverInterruptedRun leaves a live run's folders alone", () => {
  it("keeps the staging and retired folders of a pid that is alive", async () => {
    await mkdir(path.join(parent, ".live.retired-4242"));
    await mkdir(path.join(parent, ".live.staging-4242"));
    await mkdir(path.join(parent, ".live.staging-99999999"));
    await recoverInterruptedRun(parent, "live", (pid) => pid === 4242);
    expect((await readdir(parent)).sort()).toEqual([".live.retired-4242", ".live.staging-4242"]);
  });
});
