import { describe, expect, it } from "vitest";
import { payeeDirectory } from "../../../../src/lib/ledger/classify.ts";
import { buildLedgerLists, type LedgerList } from "../../../../src/lib/ledger/ledger-lists.ts";
import { type MovementRow, movementRows } from "../../../../src/lib/ledger/ledger-movements.ts";
import { ledgerListCsv, ledgerListCsvs } from "../../../../src/lib/views/downloads.ts";
import { buildTestSnapshot, DONOR_A, STEWARD, TEAM } from "../../../support/snapshot/build-test-snapshot.ts";

const FIELDS: (keyof MovementRow)[] = [
  "anchor",
  "stream",
  "sequence",
  "kind",
  "kindWords",
  "disbursement",
  "timestampUsec",
  "dateIso",
  "quarter",
  "amountUnits",
  "signedUnits",
  "signedText",
  "amountText",
  "balanceAfterUnits",
  "balanceAfterText",
  "counterparty",
  "counterpartyName",
  "counterpartyShort",
  "counterpartyAbbreviation",
  "counterpartyHref",
  "transferUid",
  "version",
  "versionDisplay",
  "txHash",
  "txHashShort",
  "txHashAbbreviation",
  "explorerHref",
];

/**
 * A ledger of `count` movements from the test snapshot's five, repeated over quarters with names of every UTF-8
 * width and hostile text, so the lists are many, overlap, are not runs of `all`, and outgrow the first buffer.
 */
function ledger(count: number): MovementRow[] {
  const snapshot = buildTestSnapshot();
  const base = movementRows(snapshot.ledger, {
    directory: payeeDirectory({ stewards: [STEWARD], teams: [{ address: TEAM, name: "Équipe €😀" }] }),
    names: new Map([
      [TEAM, 'Équipe €😀, "quoted"\n=cmd'],
      [STEWARD, "Program steward"],
    ]),
    transferPayees: new Map(snapshot.transfers.map((t) => [t.uid, t.payee])),
    donors: new Set([DONOR_A]),
    explorer: undefined,
  });
  return Array.from({ length: count }, (_, i) => {
    // The rows read their fields through getters: copied one by one into a plain row.
    const row = base[i % base.length] as MovementRow;
    const plain = Object.fromEntries(FIELDS.map((field) => [field, row[field]])) as unknown as MovementRow;
    return {
      ...plain,
      anchor: `${row.anchor}-${i}`,
      sequence: String(i),
      quarter: `202${5 - (i % 3)}-Q${1 + (i % 4)}`,
    };
  });
}

/** The bytes as text, refusing anything that is not UTF-8: equal texts are then equal bytes (and compare fast). */
const text = (bytes: Uint8Array | undefined) => new TextDecoder("utf-8", { fatal: true }).decode(bytes);

describe("ledgerListCsvs", () => {
  it("gives every list the bytes of its own CSV, with text of every UTF-8 width, across chunks", () => {
    const rows = ledger(6000);
    // One record longer than a chunk (1 MB), which gets a chunk of its own, between rows that share chunks.
    (rows[4321] as MovementRow).counterpartyName = "é€".repeat(200_000);
    const lists = buildLedgerLists(rows);
    const csvs = ledgerListCsvs(lists.all);
    expect(lists.lists.length).toBeGreaterThan(30);
    expect(csvs.bytesOf(lists.all).length).toBeGreaterThan(2 << 20);
    for (const list of lists.lists) {
      expect(text(csvs.bytesOf(list)), list.csvName).toBe(ledgerListCsv(list));
    }
  });

  it("gives the same bytes asked twice and in any order, each call its own copy", () => {
    const lists = buildLedgerLists(ledger(500));
    const first = ledgerListCsvs(lists.all);
    const forwards = lists.lists.map((list) => first.bytesOf(list));
    // A consumer writing into what it was given must not change what the next one gets.
    for (const bytes of forwards) bytes.fill(0);
    const again = ledgerListCsvs(lists.all);
    const backwards = [...lists.lists].reverse().map((list) => first.bytesOf(list));
    backwards.reverse();
    for (const [index, list] of lists.lists.entries()) {
      const expected = ledgerListCsv(list);
      expect(text(backwards[index]), list.csvName).toBe(expected);
      expect(text(first.bytesOf(list)), list.csvName).toBe(expected);
      expect(text(again.bytesOf(list)), list.csvName).toBe(expected);
    }
  });

  it("is the header alone for a list without rows, and refuses a row that is not in the ledger", () => {
    const lists = buildLedgerLists(ledger(10));
    const csvs = ledgerListCsvs(lists.all);
    const empty: LedgerList = { ...lists.all, csvName: "empty", rows: [] };
    expect(text(csvs.bytesOf(empty))).toBe(ledgerListCsv(empty));
    const stranger = { ...lists.all, csvName: "stranger", rows: ledger(1) };
    expect(() => csvs.bytesOf(stranger)).toThrow(/stranger: a row that is not in the ledger/);
  });
});
