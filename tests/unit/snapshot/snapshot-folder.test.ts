import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildSnapshotFiles, type SnapshotContent } from "../../../src/snapshot/build-files.ts";
import { readSnapshotFolder, replaceSnapshotFolder } from "../../../src/snapshot/snapshot-folder.ts";

const WALLET = "0x0000000000000000000000000000000019e966bfa4b32ce9b7e23721b37b96d2";

function content(balance: string, version = "100"): SnapshotContent {
  return {
    meta: {
      schemaVersion: 1,
      toolVersion: "0.1.0",
      chainId: 1,
      nodeUrl: "http://127.0.0.1:1/v1",
      wallet: WALLET,
      ledgerVersion: version,
      ledgerTimestampUsec: "1700000000000000",
      epoch: "7",
      simulated: true,
    },
    balance: { coinStoreValue: balance, unlocked: "0", total: balance, source: "test" },
  };
}

let parent: string;
let dir: string;
beforeEach(async () => {
  parent = await mkdtemp(path.join(tmpdir(), "ledgerlight-folder-"));
  dir = path.join(parent, WALLET);
});
afterEach(async () => {
  await rm(parent, { recursive: true, force: true });
});

describe("buildSnapshotFiles", () => {
  it("is deterministic and lists every file's sha256 in the manifest", () => {
    const a = buildSnapshotFiles(content("5"));
    const b = buildSnapshotFiles(content("5"));
    expect([...a]).toEqual([...b]);
    const manifest = JSON.parse(a.get("manifest.json") ?? "");
    expect(Object.keys(manifest.files)).toEqual(["balance.json", "meta.json"]);
    expect(manifest.files["meta.json"]).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("replaceSnapshotFolder", () => {
  it("writes a complete, valid folder and replaces it whole on the next run", async () => {
    await replaceSnapshotFolder(dir, buildSnapshotFiles(content("5")));
    await replaceSnapshotFolder(dir, buildSnapshotFiles(content("6", "101")));
    const files = await readSnapshotFolder(dir);
    expect(JSON.parse(files.get("balance.json") ?? "").coinStoreValue).toBe("6");
    expect(await readdir(parent)).toEqual([WALLET]);
  });

  it("keeps the old folder untouched when the new files do not validate", async () => {
    await replaceSnapshotFolder(dir, buildSnapshotFiles(content("5")));
    const bad = buildSnapshotFiles(content("5"));
    bad.set("balance.json", '{"coinStoreValue": 5}\n');
    await expect(replaceSnapshotFolder(dir, bad)).rejects.toThrow(/balance\.json is not valid/);
    const files = await readSnapshotFolder(dir);
    expect(JSON.parse(files.get("balance.json") ?? "").coinStoreValue).toBe("5");
    expect(await readdir(parent)).toEqual([WALLET]);
  });

  it("restores the last complete snapshot when a run died between the two renames", async () => {
    await replaceSnapshotFolder(dir, buildSnapshotFiles(content("5")));
    const { rename, mkdir } = await import("node:fs/promises");
    // Simulate a crash: live folder moved aside, a half-written staging folder left behind.
    await rename(dir, path.join(parent, `.${WALLET}.retired-999`));
    await mkdir(path.join(parent, `.${WALLET}.staging-999`));
    await writeFile(path.join(parent, `.${WALLET}.staging-999`, "meta.json"), "{", "utf8");
    await replaceSnapshotFolder(dir, buildSnapshotFiles(content("6", "101")));
    expect(await readdir(parent)).toEqual([WALLET]);
    expect(JSON.parse(await readFile(path.join(dir, "balance.json"), "utf8")).coinStoreValue).toBe("6");
  });

  it("detects a committed file edited after it was written", async () => {
    await replaceSnapshotFolder(dir, buildSnapshotFiles(content("5")));
    const file = path.join(dir, "balance.json");
    await writeFile(file, (await readFile(file, "utf8")).replace('"5"', '"50"'), "utf8");
    await expect(readSnapshotFolder(dir)).rejects.toThrow(/does not match the sha256 in manifest\.json/);
  });
});
