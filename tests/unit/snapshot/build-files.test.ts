import { describe, expect, it } from "vitest";
import { toCanonicalJson } from "../../../src/lib/canonical-json.ts";
import { sha256Hex } from "../../../src/lib/sha256.ts";
import { SNAPSHOT_FILES, type Snapshot, SnapshotLedgerSchema } from "../../../src/schemas/snapshot.ts";
import { buildSnapshotFiles, snapshotFileTexts } from "../../../src/snapshot/build-files.ts";
import { SNAPSHOT_PARTS } from "../../../src/store/snapshot-folder.ts";
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

describe("snapshotFileTexts", () => {
  it("writes every part as the schema's encode would, bigints as u64 decimal strings, without calling it", () => {
    const snapshot = buildTestSnapshot();
    const files = buildSnapshotFiles(snapshot);
    for (const [part, name] of Object.entries(SNAPSHOT_PARTS) as Array<[keyof Snapshot, keyof typeof SNAPSHOT_FILES]>) {
      const schema = SNAPSHOT_FILES[name] as unknown as { encode(value: unknown): unknown };
      expect(files.get(name), name).toBe(toCanonicalJson(schema.encode(snapshot[part])));
    }
    // The parts hold u64s in every kind of place: top-level fields, records, nested observations.
    expect(files.get("transfers.json")).toMatch(/"seenAtLedgerVersion": "\d+"/);
    expect(files.get("ledger.json")).toMatch(/"amount": "\d+"/);
  });

  it("lists the sha256 of the ledger's pieces as written, the same bytes as the whole-ledger encode", () => {
    const snapshot = buildTestSnapshot();
    const files = buildSnapshotFiles(snapshot);
    const manifest = JSON.parse(files.get("manifest.json") ?? "");
    const whole = toCanonicalJson(SnapshotLedgerSchema.encode(snapshot.ledger));
    expect(files.get("ledger.json")).toBe(whole);
    expect(manifest.files["ledger.json"]).toBe(sha256Hex(whole));
  });

  it("refuses to list the manifest before every file's pieces were all taken", () => {
    const texts = snapshotFileTexts(buildTestSnapshot());
    expect(() => [...texts]).toThrow(
      /^ledger\.json, transfers\.json, proposals\.json, vetoes\.json, donors\.json, epochs\.json, changes\.json asked for before every piece was taken$/,
    );
  });

  it("writes the parts that are one array of records in pieces of 100 records, [] for an empty one", () => {
    const snapshot = buildTestSnapshot();
    const transfer = snapshot.transfers[0];
    if (transfer === undefined) throw new Error("the test snapshot has a transfer");
    snapshot.transfers = Array.from({ length: 250 }, (_, i) => ({ ...transfer, uid: BigInt(i) }));
    snapshot.vetoes = [];
    // Each file's pieces taken as the run's writer takes them, before the next file is asked for.
    const pieces = new Map<string, string[]>();
    for (const [name, text] of snapshotFileTexts(snapshot))
      pieces.set(name, typeof text === "string" ? [text] : [...text]);
    const transfers = pieces.get("transfers.json") ?? [];
    expect(transfers).toHaveLength(4);
    expect(transfers.join("")).toBe(toCanonicalJson(SNAPSHOT_FILES["transfers.json"].encode(snapshot.transfers)));
    expect(pieces.get("vetoes.json")).toEqual(["[]\n"]);
  });
});
