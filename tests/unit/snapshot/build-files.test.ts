import { describe, expect, it } from "vitest";
import { buildSnapshotFiles } from "../../../src/snapshot/build-files.ts";
import { buildTestSnapshot } from "../../support/snapshot/build-test-snapshot.ts";

describe("buildSnapshotFiles", () => {
  it("is deterministic and lists every file's sha256 in the manifest", () => {
    const a = buildSnapshotFiles(buildTestSnapshot());
    const b = buildSnapshotFiles(buildTestSnapshot());
    expect([...a]).toEqual([...b]);
    const manifest = JSON.parse(a.get("manifest.json") ?? "");
    expect(Object.keys(manifest.files)).toEqual([
      "changes.json",
      "donors.json",
      "epochs.json",
      "ledger.json",
      "meta.json",
      "proposals.json",
      "transfers.json",
      "vetoes.json",
      "wallet.json",
    ]);
    expect(manifest.files["meta.json"]).toMatch(/^[0-9a-f]{64}$/);
  });
});
