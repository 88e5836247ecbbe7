import { afterEach, describe, expect, it, vi } from "vitest";
import { toCanonicalJson } from "../../../src/lib/canonical-json.ts";
import { SNAPSHOT_FILES, type TransferRecord } from "../../../src/schemas/snapshot.ts";
import { arrayDocumentPieces, createArrayDocumentCheck } from "../../../src/store/record-array-text.ts";
import { buildTestSnapshot } from "../../support/snapshot/build-test-snapshot.ts";

const SCHEMA = SNAPSHOT_FILES["transfers.json"];

/** `count` transfers, cycling through the test snapshot's (uid unique, a description with text to escape). */
function transfersOf(count: number): TransferRecord[] {
  const { transfers } = buildTestSnapshot();
  return Array.from({ length: count }, (_, i) => {
    const base = transfers[i % transfers.length] as TransferRecord;
    return { ...base, uid: BigInt(i), description: { hex: "0x", text: `"quoted"\n\\},\n  {${i}` } };
  });
}

/** The whole-file way: the schema's encode, one canonical text. */
const wholeText = (transfers: TransferRecord[]) => toCanonicalJson(SCHEMA.encode(transfers));

/** Whether the chunked check passes `pieces`, and whether the whole parse does. */
function bothChecks(pieces: readonly string[]): { chunked: boolean; whole: boolean } {
  const check = createArrayDocumentCheck(SCHEMA);
  for (const piece of pieces) check.push(piece);
  let whole: boolean;
  try {
    whole = SCHEMA.safeParse(JSON.parse(pieces.join(""))).success;
  } catch {
    whole = false;
  }
  return { chunked: check.end(), whole };
}

/** `text` cut every `size` code units, as a file read in pieces is. */
const cut = (text: string, size: number) =>
  Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, (i + 1) * size));

afterEach(() => {
  vi.restoreAllMocks();
});

describe("arrayDocumentPieces", () => {
  it.each([0, 1, 99, 100, 101, 250])("writes the bytes of the schema's encode (%i records)", (count) => {
    const transfers = transfersOf(count);
    const pieces = [...arrayDocumentPieces(transfers)];
    expect(pieces.join("")).toBe(wholeText(transfers));
    expect(pieces).toHaveLength(count === 0 ? 1 : Math.ceil(count / 100) + 1);
  });

  it("refuses what has no text with the path of the value", () => {
    const transfers: unknown[] = transfersOf(150);
    transfers[120] = { ...(transfers[120] as object), amount: 0.5 };
    expect(() => [...arrayDocumentPieces(transfers)]).toThrow(
      /^\$\[120\]\.amount: only safe integers may be numbers in canonical JSON/,
    );
  });
});

describe("createArrayDocumentCheck", () => {
  it.each([97, 4096, 65536])("passes canonical text in pieces of %i code units, cut anywhere", (size) => {
    expect(bothChecks(cut(wholeText(transfersOf(250)), size))).toEqual({ chunked: true, whole: true });
  });

  it("parses a chunk of records at a time: no JSON.parse is given the whole text", () => {
    const text = wholeText(transfersOf(250));
    const parse = vi.spyOn(JSON, "parse");
    const check = createArrayDocumentCheck(SCHEMA);
    for (const piece of cut(text, 4096)) check.push(piece);
    expect(check.end()).toBe(true);
    const longest = Math.max(...parse.mock.calls.map(([arg]) => String(arg).length));
    expect(parse.mock.calls.length).toBeGreaterThan(2);
    expect(longest).toBeLessThan(text.length / 2);
  });

  const canonical = wholeText(transfersOf(250));
  const late = canonical.indexOf('"uid": "220"');
  const failing: Array<[string, string]> = [
    [
      "an amount that is not a u64 in a late chunk",
      `${canonical.slice(0, late)}"uid": "-220"${canonical.slice(late + 12)}`,
    ],
    ["a record with a key too many", canonical.replace('"status": "', '"x": 1,\n    "status": "')],
    ["broken JSON in a late chunk", `${canonical.slice(0, late)}"uid": 220"${canonical.slice(late + 12)}`],
    ["a record that is an array", canonical.replace('"uid": "199"\n  },\n  {', '"uid": "199"\n  },\n  [],\n  {')],
    ["text after the array", `${canonical}{}`],
    ["a truncated file", canonical.slice(0, canonical.length / 2)],
  ];
  it.each(failing)("fails text with %s, which the whole parse refuses too", (_, text) => {
    expect(text).not.toBe(canonical);
    expect(bothChecks(cut(text, 4096))).toEqual({ chunked: false, whole: false });
  });

  it.each([
    ["minified", JSON.stringify(JSON.parse(canonical))],
    ["an empty array", "[]\n"],
    ["no newline at the end", canonical.trimEnd()],
  ])("gives up on valid text in another layout (%s), for the caller's whole parse", (_, text) => {
    expect(bothChecks([text])).toEqual({ chunked: false, whole: true });
  });
});
