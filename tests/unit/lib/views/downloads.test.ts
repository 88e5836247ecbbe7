import { describe, expect, it } from "vitest";
import {
  buildDownload,
  DOWNLOAD_TABLES,
  downloadCsv,
  downloadCsvBytes,
  downloadJson,
  downloadJsonBytes,
} from "../../../../src/lib/views/downloads.ts";
import { buildTestSnapshot, TEAM } from "../../../support/snapshot/build-test-snapshot.ts";

const NAMES = new Map([[TEAM, "Team C"]]);

describe("DOWNLOAD_TABLES", () => {
  it("names each download once", () => {
    const names = DOWNLOAD_TABLES.map((table) => table.name);
    expect(names).toEqual(["transfers", "ledger", "donors", "vetoes"]);
  });

  it("counts exactly the rows it builds, each as wide as its header", () => {
    const snapshot = buildTestSnapshot();
    for (const table of DOWNLOAD_TABLES) {
      const download = buildDownload(table, snapshot, NAMES);
      expect(download.rows.length, table.name).toBe(table.count(snapshot));
      for (const row of download.rows) expect(row.length, table.name).toBe(table.header.length);
    }
  });

  it("builds a table's rows only when asked, from the snapshot it is given", () => {
    const snapshot = buildTestSnapshot();
    const ledger = DOWNLOAD_TABLES.find((table) => table.name === "ledger");
    if (!ledger) throw new Error("no ledger download");
    const download = buildDownload(ledger, snapshot, NAMES);
    const csv = downloadCsv(download);
    expect(csv.split("\r\n")[0]).toBe(ledger.header.join(","));
    expect(csv.split("\r\n")).toHaveLength(snapshot.ledger.entries.length + 2);
    const json = JSON.parse(downloadJson(download)) as Record<string, string | null>[];
    expect(json).toHaveLength(snapshot.ledger.entries.length);
    expect(Object.keys(json[0] ?? {})).toEqual(ledger.header);
  });
});

describe("downloadJson", () => {
  /** The plain definition: objects keyed by the header, pretty-printed by JSON.stringify. */
  const reference = (header: string[], rows: (string | bigint | number | null)[][]) =>
    `${JSON.stringify(
      rows.map((row) => Object.fromEntries(header.map((key, i) => [key, row[i] === null ? null : String(row[i])]))),
      null,
      2,
    )}\n`;

  it("writes exactly the bytes of JSON.stringify(records, null, 2) for every table", () => {
    const snapshot = buildTestSnapshot();
    for (const table of DOWNLOAD_TABLES) {
      const download = buildDownload(table, snapshot, NAMES);
      expect(downloadJson(download), table.name).toBe(reference(download.header, download.rows));
    }
  });

  it("escapes hostile text and writes numbers as strings, null as null, and no rows as []", () => {
    const header = ["text", "amount", "missing"];
    const rows = [['quote " backslash \\ newline \n tab \t nul \u0000 </script> \u2028', 12n, null]];
    const download = { name: "t", title: "T", header, rows };
    expect(downloadJson(download)).toBe(reference(header, rows));
    expect(JSON.parse(downloadJson(download))).toEqual([{ text: rows[0]?.[0], amount: "12", missing: null }]);
    expect(downloadJson({ ...download, rows: [] })).toBe("[]\n");
    expect(downloadJson({ ...download, rows: [] })).toBe(reference(header, []));
  });
});

describe("downloadCsvBytes and downloadJsonBytes", () => {
  const utf8 = (text: string) => new TextEncoder().encode(text);

  it("are the UTF-8 bytes of downloadCsv and downloadJson, for every table and for text beyond ASCII", () => {
    const snapshot = buildTestSnapshot();
    for (const table of DOWNLOAD_TABLES) {
      const download = buildDownload(table, snapshot, NAMES);
      expect(downloadCsvBytes(download), table.name).toEqual(utf8(downloadCsv(download)));
      expect(downloadJsonBytes(download), table.name).toEqual(utf8(downloadJson(download)));
    }
    // Enough rows to span several of the encoder's batches, each with characters of two, three and four bytes.
    const rows = Array.from({ length: 5000 }, (_, i) => [`é€😀 row ${i}, "quoted"`, BigInt(i), null]);
    const download = { name: "t", title: "T", header: ["text", "amount", "missing"], rows };
    const csv = downloadCsvBytes(download);
    expect(csv.length).toBeGreaterThan(1 << 17);
    expect(csv).toEqual(utf8(downloadCsv(download)));
    expect(new TextDecoder("utf-8", { fatal: true }).decode(csv)).toBe(downloadCsv(download));
    expect(downloadJsonBytes(download)).toEqual(utf8(downloadJson(download)));
    expect(downloadJsonBytes({ ...download, rows: [] })).toEqual(utf8("[]\n"));
  });
});
