import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { toCanonicalJson } from "../../../src/lib/canonical-json.ts";
import { sha256Hex } from "../../../src/lib/sha256.ts";
import { readStateFolder } from "../../../src/site/community-wallets.ts";
import { STATE_EXPORTS, STATE_HISTORIES, stateFixtureFiles, writeStateFixture } from "../../support/state-fixture.ts";

let dir: string | undefined;
afterEach(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

async function fixture(): Promise<string> {
  dir = await mkdtemp(path.join(tmpdir(), "ledgerlight-state-"));
  await writeStateFixture(dir);
  return path.join(dir, "state");
}

/** Rewrites one file and its manifest entry, so only the cross-file checks can catch it. */
async function replaceWithManifest(state: string, name: string, text: string) {
  const files = stateFixtureFiles();
  const manifest = JSON.parse(files.get("manifest.json") ?? "{}");
  manifest.files[name] = sha256Hex(text);
  await writeFile(path.join(state, name), text);
  await writeFile(path.join(state, "manifest.json"), toCanonicalJson(manifest));
}

describe("readStateFolder", () => {
  it("is null without a state folder (no community wallets pages)", async () => {
    dir = await mkdtemp(path.join(tmpdir(), "ledgerlight-state-"));
    expect(await readStateFolder(path.join(dir, "state"))).toBeNull();
  });

  it("reads every file the manifest lists, keeping the bytes for publishing", async () => {
    const state = await fixture();
    const data = await readStateFolder(state);
    expect(data?.exports).toEqual(STATE_EXPORTS);
    expect(data?.histories.map((history) => history.address).sort()).toEqual(
      STATE_HISTORIES.map((history) => history.address).sort(),
    );
    expect([...(data?.texts.keys() ?? [])].sort()).toEqual([...stateFixtureFiles().keys()].sort());
  });

  it("refuses a file changed after import, naming it", async () => {
    const state = await fixture();
    await writeFile(path.join(state, "names.json"), "[]\n");
    await expect(readStateFolder(state)).rejects.toThrow(/names\.json does not match the sha256 in manifest\.json/);
  });

  it("refuses a file the manifest does not list", async () => {
    const state = await fixture();
    await writeFile(path.join(state, "wallets", `0x${"9".repeat(64)}.json`), "{}\n");
    await expect(readStateFolder(state)).rejects.toThrow(/not listed: wallets\/0x9{64}\.json/);
  });

  it("refuses an export whose wallet count the wallet files do not match", async () => {
    const state = await fixture();
    const exports = STATE_EXPORTS.map((item) => (item.id === "v6-epoch-79" ? { ...item, walletCount: 6 } : item));
    await replaceWithManifest(state, "exports.json", toCanonicalJson(exports));
    await expect(readStateFolder(state)).rejects.toThrow(
      /export v6-epoch-79 says 6 community wallets, but 5 wallet files hold a state from it/,
    );
  });

  it("refuses a state of an export exports.json does not list, naming the file and record", async () => {
    const state = await fixture();
    const [first] = STATE_HISTORIES;
    if (first === undefined) throw new Error("fixture has wallets");
    const edited = { ...first, states: first.states.map((item) => ({ ...item, export: "v6-epoch-80" })) };
    await replaceWithManifest(state, `wallets/${first.address}.json`, toCanonicalJson(edited));
    await expect(readStateFolder(state)).rejects.toThrow(
      /states\[0\] is from export v6-epoch-80, which exports\.json does not list/,
    );
  });

  it("refuses a schema violation naming the file and field", async () => {
    const state = await fixture();
    const [first] = STATE_HISTORIES;
    if (first === undefined) throw new Error("fixture has wallets");
    const edited = { ...first, states: first.states.map((item) => ({ ...item, balance: "1e6" })) };
    await replaceWithManifest(state, `wallets/${first.address}.json`, toCanonicalJson(edited));
    await expect(readStateFolder(state)).rejects.toThrow(/states\[0\]\.balance/);
  });
});
