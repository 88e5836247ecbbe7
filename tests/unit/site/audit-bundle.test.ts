import { inflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { listZip } from "../../../src/lib/build/zip.ts";
import { sha256Hex } from "../../../src/lib/sha256.ts";
import { buildDownload, DOWNLOAD_TABLES, downloadCsvBytes } from "../../../src/lib/views/downloads.ts";
import { loadAuditBundle, takeAuditBundleBytes, takeAuditTableCsv } from "../../../src/site/audit-bundle.ts";
import { loadSiteData } from "../../../src/site/site-data.ts";

/** One entry's bytes, read back from the archive. */
function entryBytes(zip: Uint8Array, name: string): Uint8Array {
  const entry = listZip(zip).find((each) => each.name === name);
  if (!entry) throw new Error(`no ${name} in the archive`);
  const start = entry.offset + 30 + Buffer.byteLength(name) + entry.extraLength;
  const data = zip.subarray(start, start + entry.compressedSize);
  return entry.method === 8 ? new Uint8Array(inflateRawSync(data)) : data;
}

const same = (a: Uint8Array | undefined, b: Uint8Array) => a !== undefined && Buffer.compare(a, b) === 0;

// The committed content (`content/`, the build's default): one archive, built once in this file's module.
describe("the audit zip's handover of its bytes and its tables' CSVs", () => {
  it("hands each table's CSV to /data/<table>.csv once, the bytes the archive holds, whatever was taken before", async () => {
    const bundle = await loadAuditBundle();
    const { snapshot, payeeNames } = await loadSiteData();
    // The archive first: taking it must leave the tables' bytes whole.
    const zip = await takeAuditBundleBytes();
    expect(sha256Hex(zip)).toBe(bundle.sha256);
    for (const table of [...DOWNLOAD_TABLES].reverse()) {
      const made = downloadCsvBytes(buildDownload(table, snapshot, payeeNames));
      expect(made.length, table.name).toBeGreaterThan(0);
      const taken = takeAuditTableCsv(table.name);
      expect(same(taken, made), table.name).toBe(true);
      expect(same(entryBytes(zip, `${bundle.folder}/tables/${table.name}.csv`), made), table.name).toBe(true);
      // Once only: a second request (astro dev) makes its own.
      expect(takeAuditTableCsv(table.name), table.name).toBeUndefined();
    }
    expect(takeAuditTableCsv("no-such-table")).toBeUndefined();
  });

  it("gives the archive's same bytes to a second request, built again", async () => {
    const bundle = await loadAuditBundle();
    const again = await takeAuditBundleBytes();
    expect(sha256Hex(again)).toBe(bundle.sha256);
    expect(again.length).toBe(bundle.size);
  });
});
