import { afterEach, describe, expect, it, vi } from "vitest";
import { toCanonicalJson } from "../../../src/lib/canonical-json.ts";
import { parseOrThrow } from "../../../src/schemas/parse.ts";
import { type SnapshotLedger, SnapshotLedgerSchema } from "../../../src/schemas/snapshot.ts";
import { checkLedgerText, ledgerText, ledgerTextPieces, parseLedgerText } from "../../../src/store/ledger-text.ts";
import { parseJson } from "../../../src/store/parse-json.ts";
import { buildTestSnapshot } from "../../support/snapshot/build-test-snapshot.ts";

const FILE = "snapshots/w/ledger.json";

/** A ledger of `count` entries, cycling through the test snapshot's five (sequence and version made unique). */
function ledgerOf(count: number): SnapshotLedger {
  const { ledger } = buildTestSnapshot();
  const entries = Array.from({ length: count }, (_, i) => {
    const base = ledger.entries[i % ledger.entries.length] as SnapshotLedger["entries"][number];
    return { ...base, sequence: BigInt(i), version: BigInt(100 + i), txHash: `"quoted"\n\\${i}` };
  });
  return { opening: ledger.opening, entries };
}

/** `text` without the first line holding `field` after `marker`. */
function withoutFieldAfter(text: string, marker: string, field: string): string {
  const at = text.indexOf(field, text.indexOf(marker));
  return text.slice(0, text.lastIndexOf("\n", at)) + text.slice(text.indexOf("\n", at));
}

/** The whole-file way: one encode, one canonical text, one parse. */
const wholeText = (ledger: SnapshotLedger) => toCanonicalJson(SnapshotLedgerSchema.encode(ledger));
const wholeParse = (text: string) => parseOrThrow(SnapshotLedgerSchema, parseJson(text, FILE), FILE);

/** The error a call throws (its class and message), or "no error". */
function thrown(call: () => unknown): string {
  try {
    call();
    return "no error";
  } catch (error) {
    return `${(error as Error).constructor.name}: ${(error as Error).message}`;
  }
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("ledgerText", () => {
  it("encodes a chunk of entries at a time, never the whole ledger at once", () => {
    const whole = vi.spyOn(SnapshotLedgerSchema, "encode");
    ledgerText(ledgerOf(2500));
    expect(whole).not.toHaveBeenCalled();
  });

  it.each([0, 1, 99, 100, 101, 999, 1000, 1001, 2500])(
    "writes the same bytes as the whole-ledger encode (%i entries)",
    (count) => {
      const ledger = ledgerOf(count);
      expect(ledgerText(ledger)).toBe(wholeText(ledger));
    },
  );

  it("writes a ledger its schema refuses as it stands, and the check refuses that text with the whole parse's findings (the full path)", () => {
    const ledger = ledgerOf(2500);
    (ledger.entries[1500] as { amount: bigint }).amount = 2n ** 64n;
    const text = ledgerText(ledger);
    expect(thrown(() => wholeText(ledger))).toContain("1500");
    expect(text).toContain(`"amount": "${2n ** 64n}"`);
    const findings = thrown(() => checkLedgerText(text, FILE));
    expect(findings).toBe(thrown(() => wholeParse(text)));
    expect(findings).toContain(`entries[1500].amount: expected a u64 decimal string (found "${2n ** 64n}")`);
  });

  it("refuses what has no text with the path of the value (an undefined in an entry's place)", () => {
    const ledger = ledgerOf(300);
    (ledger.entries as unknown[])[250] = undefined;
    expect(thrown(() => ledgerText(ledger))).toMatch(/^TypeError: \$\.entries\[250\]: undefined cannot be written/);
  });
});

describe("parseLedgerText and checkLedgerText", () => {
  it.each([0, 1, 100, 101, 1000, 1001, 2500])("give what the whole parse gives (%i entries)", (count) => {
    const text = wholeText(ledgerOf(count));
    expect(parseLedgerText(text, FILE)).toEqual(wholeParse(text));
    expect(parseLedgerText(text, FILE)).toEqual(ledgerOf(count));
    expect(() => checkLedgerText(text, FILE)).not.toThrow();
  });

  it("parse a chunk of entries at a time: no JSON.parse is given the whole text", () => {
    const text = wholeText(ledgerOf(2500));
    const parse = vi.spyOn(JSON, "parse");
    parseLedgerText(text, FILE);
    checkLedgerText(text, FILE);
    const longest = Math.max(...parse.mock.calls.map(([arg]) => String(arg).length));
    expect(parse).toHaveBeenCalled();
    expect(longest).toBeLessThan(text.length / 2);
  });

  it("write and parse no text of V8's large-object size (128 KiB), whose garbage only a full collection frees", () => {
    const parse = vi.spyOn(JSON, "parse");
    const pieces = [...ledgerTextPieces(ledgerOf(2500))];
    checkLedgerText(pieces, FILE);
    const parsed = parse.mock.calls.map(([arg]) => String(arg).length);
    expect(Math.max(...pieces.map((piece) => piece.length), ...parsed)).toBeLessThan(128 * 1024);
    expect(parsed.length).toBeGreaterThan(10);
  });

  /** `text` cut every `size` code units, as a file read in pieces is. */
  const cut = (text: string, size: number) =>
    Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, (i + 1) * size));

  it.each([97, 4096, 65536])("check the text in pieces of %i code units, cut anywhere, as the whole text", (size) => {
    const good = wholeText(ledgerOf(2001));
    expect(() => checkLedgerText(cut(good, size), FILE)).not.toThrow();
    const bad = good.replace('"sequence": "2000",', '"sequence": "-2000",');
    expect(thrown(() => checkLedgerText(cut(bad, size), FILE))).toBe(thrown(() => wholeParse(bad)));
    expect(thrown(() => checkLedgerText(cut(bad, size), FILE))).toContain("entries[2000].sequence");
  });

  it("read a ledger in another layout (minified) as the whole parse does", () => {
    const text = JSON.stringify(JSON.parse(wholeText(ledgerOf(1200))));
    expect(parseLedgerText(text, FILE)).toEqual(wholeParse(text));
  });

  const canonical = wholeText(ledgerOf(2500));
  const bad: Array<[string, string]> = [
    ["an amount that is not a u64", canonical.replace('"amount": "500000000"', '"amount": "-5"')],
    [
      "an entry with a key too many",
      canonical.replace('"category": "payout",', '"category": "payout",\n      "x": 1,'),
    ],
    ["a missing field in a late chunk", withoutFieldAfter(canonical, '"sequence": "2400"', '"txSender"')],
    ["broken JSON in a late chunk", canonical.replace('"sequence": "2100"', '"sequence": 2100"')],
    [
      "an entry that is a nested array",
      canonical.replace('"sequence": "1999",', '"sequence": "1999",\n    },\n    [],\n    {'),
    ],
    ["a second entries key after the opening", canonical.replace(/\n}\n$/, ',\n  "entries": []\n}\n')],
    ["an opening that is not one", canonical.replace(/"opening": \{/, '"opening": {\n    "x": 1,')],
    ["text after the document", `${canonical}{}`],
    ["a truncated file", canonical.slice(0, canonical.length / 2)],
  ];
  it.each(bad)("refuse %s with the whole parse's findings", (_, text) => {
    expect(text).not.toBe(canonical);
    const findings = thrown(() => wholeParse(text));
    // A case the whole parse accepts tests nothing here (the duplicate key is accepted by both, see below).
    if (findings === "no error") {
      expect(parseLedgerText(text, FILE)).toEqual(wholeParse(text));
      return;
    }
    expect(findings).toContain(FILE);
    expect(thrown(() => parseLedgerText(text, FILE))).toBe(findings);
    expect(thrown(() => checkLedgerText(text, FILE))).toBe(findings);
  });

  it("take a duplicate entries key as JSON.parse does (the last one wins)", () => {
    const text = canonical.replace(/\n}\n$/, ',\n  "entries": []\n}\n');
    expect(parseLedgerText(text, FILE).entries).toEqual([]);
  });
});
