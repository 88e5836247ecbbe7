import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { toCanonicalJson } from "../../../src/lib/canonical-json.ts";
import { sha256Hex } from "../../../src/lib/sha256.ts";
import { parseOrThrow } from "../../../src/schemas/parse.ts";
import { SNAPSHOT_FILES, SnapshotLedgerSchema } from "../../../src/schemas/snapshot.ts";
import { buildSnapshotFiles, snapshotFileTexts } from "../../../src/snapshot/build-files.ts";
import { parseJson } from "../../../src/store/parse-json.ts";
import { readSnapshotFolder, replaceSnapshotFolder, walletSnapshotDir } from "../../../src/store/snapshot-folder.ts";
import { buildTestSnapshot, WALLET } from "../../support/snapshot/build-test-snapshot.ts";

function withBalance(balance: bigint) {
  const snapshot = buildTestSnapshot();
  snapshot.wallet.balance.coinStoreValue = balance;
  return snapshot;
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

describe("walletSnapshotDir", () => {
  it("is the wallet's canonical address inside the snapshots folder, whatever form the address came in", () => {
    expect(walletSnapshotDir("content/snapshots", "0x19E966BFA4B32CE9B7E23721B37B96D2")).toBe(
      path.join("content/snapshots", "0x0000000000000000000000000000000019e966bfa4b32ce9b7e23721b37b96d2"),
    );
  });
});

describe("replaceSnapshotFolder", () => {
  it("writes a complete, valid folder and replaces it whole on the next run", async () => {
    await replaceSnapshotFolder(dir, buildSnapshotFiles(withBalance(5n)));
    await replaceSnapshotFolder(dir, buildSnapshotFiles(withBalance(6n)));
    const snapshot = await readSnapshotFolder(dir);
    expect(snapshot.wallet.balance.coinStoreValue).toBe(6n);
    expect(snapshot).toEqual(withBalance(6n));
    expect(await readdir(parent)).toEqual([WALLET]);
  });

  it("keeps the old folder untouched when the new files do not validate, naming the file and field", async () => {
    await replaceSnapshotFolder(dir, buildSnapshotFiles(withBalance(5n)));
    const bad = buildSnapshotFiles(withBalance(5n));
    const meta = JSON.parse(bad.get("meta.json") ?? "");
    bad.set("meta.json", `${JSON.stringify({ ...meta, ledgerVersion: 5 })}\n`);
    await expect(replaceSnapshotFolder(dir, bad)).rejects.toThrow(/meta\.json does not match the sha256/);
    expect((await readSnapshotFolder(dir)).wallet.balance.coinStoreValue).toBe(5n);
    expect(await readdir(parent)).toEqual([WALLET]);
  });

  it("writes a snapshot its schema refuses as it stands, then refuses it in staging with the file and field, keeping the old folder", async () => {
    await replaceSnapshotFolder(dir, buildSnapshotFiles(withBalance(5n)));
    const bad = withBalance(6n);
    (bad.transfers[0] as { amount: bigint }).amount = 2n ** 64n;
    (bad.ledger.entries[1] as { amount: bigint }).amount = -1n;
    // The run's way: one file at a time from the generator.
    const failure = await replaceSnapshotFolder(dir, snapshotFileTexts(bad)).catch((error: Error) => error);
    expect(String(failure)).toContain(`${path.join(dir, "ledger.json")} is not valid`);
    expect(String(failure)).toContain('entries[1].amount: expected a u64 decimal string (found "-1")');
    (bad.ledger.entries[1] as { amount: bigint }).amount = 1n;
    await expect(replaceSnapshotFolder(dir, snapshotFileTexts(bad))).rejects.toThrow(
      `${path.join(dir, "transfers.json")} is not valid`,
    );
    expect(await readSnapshotFolder(dir)).toEqual(withBalance(5n));
    expect(await readdir(parent)).toEqual([WALLET]);
  });

  /** The snapshot's files with `name`'s text edited by `edit` and the manifest's sha256 for it recomputed. */
  function withFileText(name: string, edit: (text: string) => string): Map<string, string> {
    const files = buildSnapshotFiles(withBalance(5n));
    const text = edit(files.get(name) ?? "");
    const manifest = JSON.parse(files.get("manifest.json") ?? "");
    manifest.files[name] = sha256Hex(text);
    files.set(name, text);
    files.set("manifest.json", toCanonicalJson(manifest));
    return files;
  }
  const withLedgerText = (edit: (text: string) => string) => withFileText("ledger.json", edit);

  it.each([
    ["a transfer's amount that is not a u64", (text: string) => text.replace(/"amount": "\d+"/, '"amount": "-5"')],
    ["broken JSON", (text: string) => text.replace(/"uid": "(\d+)"/, '"uid": $1"')],
    ["a record in another layout", (text: string) => text.replace("[\n  {", "[{")],
  ])("refuses a transfers.json with %s (sha256 recomputed) with the findings of a whole parse", async (_, edit) => {
    await replaceSnapshotFolder(dir, buildSnapshotFiles(withBalance(5n)));
    const bad = withFileText("transfers.json", edit);
    const text = bad.get("transfers.json") ?? "";
    expect(text).not.toBe(buildSnapshotFiles(withBalance(5n)).get("transfers.json"));
    const file = path.join(parent, `.${WALLET}.staging-${process.pid}`, "transfers.json");
    let findings = "no error";
    try {
      parseOrThrow(SNAPSHOT_FILES["transfers.json"], parseJson(text, file), file);
    } catch (error) {
      findings = (error as Error).message.replaceAll(file, path.join(dir, "transfers.json"));
    }
    if (findings === "no error") {
      // Valid text in another layout: the check gives up on chunks and the whole parse accepts it.
      await replaceSnapshotFolder(dir, bad);
      expect((await readSnapshotFolder(dir)).transfers).toEqual(withBalance(5n).transfers);
      return;
    }
    await expect(replaceSnapshotFolder(dir, bad)).rejects.toThrow(findings);
    expect(await readSnapshotFolder(dir)).toEqual(withBalance(5n));
  });

  it.each([
    ["an entry's amount that is not a u64", (text: string) => text.replace('"amount": "500000000"', '"amount": "-5"')],
    ["broken JSON", (text: string) => text.replace('"sequence": "1"', '"sequence": 1"')],
    [
      "an entry with a key too many",
      (text: string) => text.replace('"stream": "withdraw",', '"stream": "withdraw",\n      "x": 1,'),
    ],
  ])("refuses a ledger.json with %s (sha256 recomputed) with the findings of a whole parse", async (_, edit) => {
    await replaceSnapshotFolder(dir, buildSnapshotFiles(withBalance(5n)));
    const bad = withLedgerText(edit);
    const file = path.join(parent, `.${WALLET}.staging-${process.pid}`, "ledger.json");
    const text = bad.get("ledger.json") ?? "";
    let findings = "no error";
    try {
      parseOrThrow(SnapshotLedgerSchema, parseJson(text, file), file);
    } catch (error) {
      findings = (error as Error).message.replaceAll(file, path.join(dir, "ledger.json"));
    }
    expect(findings).toContain("ledger.json");
    await expect(replaceSnapshotFolder(dir, bad)).rejects.toThrow(findings);
    expect(await readSnapshotFolder(dir)).toEqual(withBalance(5n));
  });

  it("refuses a ledger.json changed after its sha256 was listed as such, before any parse", async () => {
    const bad = withLedgerText((text) => text);
    bad.set("ledger.json", (bad.get("ledger.json") ?? "").replace('"amount": "500000000"', '"amount": "-5"'));
    await expect(replaceSnapshotFolder(dir, bad)).rejects.toThrow(/ledger\.json does not match the sha256/);
  });

  it("restores the last complete snapshot when a run died between the two renames", async () => {
    await replaceSnapshotFolder(dir, buildSnapshotFiles(withBalance(5n)));
    // Simulate a crash: live folder moved aside, a half-written staging folder left behind.
    await rename(dir, path.join(parent, `.${WALLET}.retired-999`));
    await mkdir(path.join(parent, `.${WALLET}.staging-999`));
    await writeFile(path.join(parent, `.${WALLET}.staging-999`, "meta.json"), "{", "utf8");
    await replaceSnapshotFolder(dir, buildSnapshotFiles(withBalance(6n)));
    expect(await readdir(parent)).toEqual([WALLET]);
    expect((await readSnapshotFolder(dir)).wallet.balance.coinStoreValue).toBe(6n);
  });

  it("detects a committed file edited after it was written", async () => {
    await replaceSnapshotFolder(dir, buildSnapshotFiles(withBalance(5n)));
    const file = path.join(dir, "wallet.json");
    await writeFile(
      file,
      (await readFile(file, "utf8")).replace('"coinStoreValue": "5"', '"coinStoreValue": "50"'),
      "utf8",
    );
    await expect(readSnapshotFolder(dir)).rejects.toThrow(/wallet\.json does not match the sha256 in manifest\.json/);
  });

  it("names the file and field of a schema violation", async () => {
    const files = buildSnapshotFiles(withBalance(5n));
    await mkdir(dir, { recursive: true });
    const wallet = JSON.parse(files.get("wallet.json") ?? "");
    wallet.balance.coinStoreValue = "-5";
    const text = `${JSON.stringify(wallet)}\n`;
    files.set("wallet.json", text);
    const manifest = JSON.parse(files.get("manifest.json") ?? "");
    const { sha256Hex } = await import("../../../src/lib/sha256.ts");
    manifest.files["wallet.json"] = sha256Hex(text);
    files.set("manifest.json", `${JSON.stringify(manifest)}\n`);
    for (const [name, bytes] of files) await writeFile(path.join(dir, name), bytes, "utf8");
    await expect(readSnapshotFolder(dir)).rejects.toThrow(/wallet\.json is not valid:[\s\S]*balance\.coinStoreValue/);
  });
});
