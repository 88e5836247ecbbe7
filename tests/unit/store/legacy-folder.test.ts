import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SnapshotRefusedError } from "../../../src/errors.ts";
import { sha256Hex } from "../../../src/lib/sha256.ts";
import { buildSnapshotFiles } from "../../../src/snapshot/build-files.ts";
import { buildLegacyFiles, readLegacyFolder, replaceLegacyFolder } from "../../../src/store/legacy-folder.ts";
import { readSnapshotFolder, replaceSnapshotFolder } from "../../../src/store/snapshot-folder.ts";
import { legacyFixtureFiles, writeLegacyFixture } from "../../support/site/legacy-fixture.ts";
import { buildTestSnapshot, WALLET } from "../../support/snapshot/build-test-snapshot.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "ledgerlight-legacy-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function writeFolder(files: Map<string, string>) {
  const folder = path.join(dir, "legacy");
  await mkdir(folder, { recursive: true });
  for (const [name, text] of files) await writeFile(path.join(folder, name), text, "utf8");
  return folder;
}

describe("readLegacyFolder", () => {
  it("is null without a legacy folder", async () => {
    await expect(readLegacyFolder(path.join(dir, "legacy"), WALLET)).resolves.toBeNull();
  });

  it("reads, validates and keeps the bytes of every file", async () => {
    const files = legacyFixtureFiles(WALLET);
    const legacy = await readLegacyFolder(await writeFolder(files), WALLET);
    expect(legacy?.exports.map((item) => item.epoch)).toEqual(["50", "400"]);
    expect(legacy?.receipts).toHaveLength(5);
    expect(legacy?.events.map((item) => item.kind)).toEqual(["created", "community-wallet-flag"]);
    expect(legacy?.texts).toEqual(files);
    expect([...(legacy?.sha256.keys() ?? [])].sort()).toEqual([...files.keys()].sort());
  });

  it("refuses a file changed after the import, naming it", async () => {
    const files = legacyFixtureFiles(WALLET);
    files.set(
      "exports.json",
      (files.get("exports.json") ?? "").replace('"balance": "2501000000"', '"balance": "2501000001"'),
    );
    const folder = await writeFolder(files);
    await expect(readLegacyFolder(folder, WALLET)).rejects.toThrow(/exports\.json does not match the sha256/);
  });

  it("refuses another wallet's folder and a folder without a manifest", async () => {
    const folder = await writeFolder(legacyFixtureFiles(`0x${"e".repeat(64)}`));
    await expect(readLegacyFolder(folder, WALLET)).rejects.toThrow(/is for wallet 0xeee/);
    await rm(path.join(folder, "manifest.json"));
    await expect(readLegacyFolder(folder, WALLET)).rejects.toThrow(/has no manifest\.json/);
  });

  it("names the file and field of an invalid record", async () => {
    const files = legacyFixtureFiles(WALLET);
    const broken = (files.get("events.json") ?? "").replace('"version": "10134"', '"version": "x"');
    files.set("events.json", broken);
    const manifest = JSON.parse(files.get("manifest.json") ?? "{}");
    manifest.files["events.json"] = sha256Hex(broken);
    files.set("manifest.json", `${JSON.stringify(manifest, null, 2)}\n`);
    await expect(readLegacyFolder(await writeFolder(files), WALLET)).rejects.toThrow(
      /events\.json is not valid:[\s\S]*\[0\]\.version/,
    );
  });
});

describe("readLegacyFolder's refusals (the same words for the site build and the importer)", () => {
  it("refuses a folder that misses a file its manifest lists, as a refusal, naming both", async () => {
    const folder = await writeFolder(legacyFixtureFiles(WALLET));
    await rm(path.join(folder, "receipts.json"));
    const reading = readLegacyFolder(folder, WALLET);
    await expect(reading).rejects.toThrow(`${folder} is missing receipts.json, which manifest.json lists.`);
    await expect(reading).rejects.toBeInstanceOf(SnapshotRefusedError);
  });

  it("says how to recover a folder without a manifest", async () => {
    const folder = await writeFolder(new Map([["exports.json", "[]\n"]]));
    await expect(readLegacyFolder(folder, WALLET)).rejects.toThrow(
      /has no manifest\.json, so it is not a complete legacy folder; remove it and run `npm run import-legacy` again/,
    );
  });
});

describe("buildLegacyFiles and replaceLegacyFolder", () => {
  it("write canonical files and a manifest that the reader accepts, byte for byte", async () => {
    const fixture = await readLegacyFolder(await writeFolder(legacyFixtureFiles(WALLET)), WALLET);
    if (!fixture) throw new Error("fixture missing");
    const files = buildLegacyFiles(WALLET, fixture);
    const target = path.join(dir, "written", "legacy");
    await replaceLegacyFolder(target, WALLET, files);
    const written = await readLegacyFolder(target, WALLET);
    expect(written?.texts).toEqual(files);
    expect({ exports: written?.exports, receipts: written?.receipts, events: written?.events }).toEqual({
      exports: fixture.exports,
      receipts: fixture.receipts,
      events: fixture.events,
    });
  });

  it("leave the committed folder as it was when the new files are for another wallet", async () => {
    const folder = await writeFolder(legacyFixtureFiles(WALLET));
    const before = await readLegacyFolder(folder, WALLET);
    const other = `0x${"e".repeat(64)}`;
    const files = buildLegacyFiles(other, { exports: [], receipts: [], events: [] });
    await expect(replaceLegacyFolder(folder, WALLET, files)).rejects.toThrow(
      `is for wallet ${other}, but the folder is ${WALLET}'s.`,
    );
    expect((await readLegacyFolder(folder, WALLET))?.texts).toEqual(before?.texts);
    expect(await readdir(dir)).toEqual(["legacy"]);
  });
});

describe("readLegacyFolder's cross-file check", () => {
  it("refuses a receipt of an export that exports.json does not list", async () => {
    const files = legacyFixtureFiles(WALLET);
    const receipts = (files.get("receipts.json") ?? "").replace('"epoch": "50"', '"epoch": "51"');
    files.set("receipts.json", receipts);
    const manifest = JSON.parse(files.get("manifest.json") ?? "{}");
    manifest.files["receipts.json"] = sha256Hex(receipts);
    files.set("manifest.json", `${JSON.stringify(manifest, null, 2)}\n`);
    await expect(readLegacyFolder(await writeFolder(files), WALLET)).rejects.toThrow(
      /receipts\.json\[0\] is for epoch 51, which exports\.json does not list/,
    );
  });
});

describe("a legacy folder inside a wallet's snapshot folder", () => {
  it("leaves the snapshot reader alone", async () => {
    const walletDir = path.join(dir, "snapshots", WALLET);
    await replaceSnapshotFolder(walletDir, buildSnapshotFiles(buildTestSnapshot()));
    await writeLegacyFixture(walletDir, WALLET);
    await expect(readSnapshotFolder(walletDir)).resolves.toMatchObject({ meta: { schemaVersion: 1 } });
    await expect(readLegacyFolder(path.join(walletDir, "legacy"), WALLET)).resolves.not.toBeNull();
  });
});
