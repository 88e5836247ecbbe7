import { readdirSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { recoverInterruptedRun, swapInFolder, writeText } from "../../../src/store/folder-swap.ts";

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

describe("writeText", () => {
  it("writes a text larger than one piece as writeFile does, a surrogate pair on the piece boundary included", async () => {
    // Pieces are 2^20 code units: an emoji (two code units) starting at the last unit of the first piece.
    const text = `${"a".repeat((1 << 20) - 1)}😀é${"b".repeat(1 << 20)}€\n`;
    await mkdir(dir);
    await writeText(path.join(dir, "chunked.json"), text);
    await writeFile(path.join(dir, "whole.json"), text, "utf8");
    const written = await readFile(path.join(dir, "chunked.json"));
    expect(written.equals(await readFile(path.join(dir, "whole.json")))).toBe(true);
    expect(written.toString("utf8")).toBe(text);
  });

  it("writes an empty text as an empty file, and replaces what was there", async () => {
    await mkdir(dir);
    await writeFile(path.join(dir, "a.json"), "old content\n");
    await writeText(path.join(dir, "a.json"), "");
    expect(await readFile(path.join(dir, "a.json"), "utf8")).toBe("");
  });
});

describe("swapInFolder takes the files from a generator", () => {
  it("writes each text before the next is built", async () => {
    // What the staging folder held when each text was built.
    const stagedBefore: string[][] = [];
    function* files(): Generator<[string, string]> {
      for (const name of ["a.json", "b.json"]) {
        const staging = readdirSync(parent).find((entry) => entry.startsWith(".live.staging-"));
        stagedBefore.push(staging === undefined ? [] : readdirSync(path.join(parent, staging)).sort());
        yield [name, `${name}\n`];
      }
    }
    let seen: Record<string, string> = {};
    await swapInFolder(dir, files(), async (staging) => {
      seen = await folderTexts(staging);
    });
    expect(stagedBefore).toEqual([[], ["a.json"]]);
    expect(seen).toEqual({ "a.json": "a.json\n", "b.json": "b.json\n" });
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

describe("swapInFolder takes the files from an async generator", () => {
  const stagingNow = () => readdirSync(parent).filter((entry) => entry.startsWith(".live.staging-"));

  it("makes no staging folder until the first file is built, and checks each file as it is written", async () => {
    let stagedWhileWaiting: string[] = ["not looked at"];
    const checked: Array<[string, string[]]> = [];
    async function* files(): AsyncGenerator<[string, string]> {
      // What a snapshot run does before its first file: it reads the node.
      await new Promise((resolve) => setTimeout(resolve, 5));
      stagedWhileWaiting = stagingNow();
      yield ["a.json", "1\n"];
      await new Promise((resolve) => setTimeout(resolve, 5));
      yield ["b.json", "2\n"];
    }
    await swapInFolder(
      dir,
      files(),
      async () => {},
      async (staging, name) => {
        checked.push([name, (await readdir(staging)).sort()]);
      },
    );
    expect(stagedWhileWaiting).toEqual([]);
    expect(checked).toEqual([
      ["a.json", ["a.json"]],
      ["b.json", ["a.json", "b.json"]],
    ]);
    expect(await folderTexts(dir)).toEqual({ "a.json": "1\n", "b.json": "2\n" });
  });

  it("a failure of the files' own is thrown as it is (not told as a write's), and leaves no folder it made", async () => {
    const deep = path.join(parent, "made", "for", "live");
    // An errno-like failure: a write's would be named after the folder (`namingPath`); this one is not a write's.
    const failure = Object.assign(new Error("the node refused"), { code: "ENODE" });
    async function* files(): AsyncGenerator<[string, string]> {
      yield ["a.json", "1\n"];
      throw failure;
    }
    const thrown = await swapInFolder(deep, files(), async () => {}).catch((error: unknown) => error);
    expect(thrown).toBe(failure);
    expect((thrown as NodeJS.ErrnoException).path).toBeUndefined();
    expect(await readdir(parent)).toEqual([]);
  });

  it("a file that fails its check ends the generator: the files after it are never built", async () => {
    const built: string[] = [];
    let finished = false;
    async function* files(): AsyncGenerator<[string, string]> {
      try {
        for (const name of ["a.json", "b.json", "c.json"]) {
          built.push(name);
          yield [name, `${name}\n`];
        }
      } finally {
        finished = true;
      }
    }
    const refusal = swapInFolder(
      dir,
      files(),
      async () => {},
      async (_staging, name) => {
        if (name === "b.json") throw new Error("b.json is not valid");
      },
    );
    await expect(refusal).rejects.toThrow("b.json is not valid");
    expect(built).toEqual(["a.json", "b.json"]);
    expect(finished).toBe(true);
    expect(await readdir(parent)).toEqual([]);
  });
});
