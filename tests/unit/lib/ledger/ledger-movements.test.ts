import { describe, expect, it } from "vitest";
import { formatIsoForPeople } from "../../../../src/lib/format-time.ts";
import { payeeDirectory } from "../../../../src/lib/ledger/classify.ts";
import {
  balanceBeforeRowHref,
  buildLedgerLists,
  LEDGER_FILTERS,
  latestBalanceHref,
  ledgerCsvName,
  ledgerListHref,
  movementRowHref,
  openingRowHref,
} from "../../../../src/lib/ledger/ledger-lists.ts";
import {
  hashAbbreviation,
  type MovementContext,
  movementRows,
  shortHash,
} from "../../../../src/lib/ledger/ledger-movements.ts";
import type { Snapshot } from "../../../../src/schemas/snapshot.ts";
import { buildTestSnapshot, DONOR_A, STEWARD, TEAM } from "../../../support/snapshot/build-test-snapshot.ts";

function context(snapshot: Snapshot, explorer = false): MovementContext {
  return {
    directory: payeeDirectory({ stewards: [STEWARD], teams: [{ address: TEAM, name: "Team C" }] }),
    names: new Map([
      [TEAM, "Team C"],
      [STEWARD, "Program steward"],
    ]),
    transferPayees: new Map(snapshot.transfers.map((t) => [t.uid, t.payee])),
    donors: new Set([DONOR_A]),
    explorer: explorer ? { transaction: "https://x/tx/{version}", account: "https://x/a/{address}" } : undefined,
  };
}

describe("movementRows", () => {
  it("lists every movement newest first, with its kind, signed amount and the running balance after it", () => {
    const snapshot = buildTestSnapshot();
    const rows = movementRows(snapshot.ledger, context(snapshot));
    expect(rows.map((r) => [r.anchor, r.kind, r.disbursement, r.signedUnits, r.balanceAfterUnits])).toEqual([
      ["m-w1", "advance", "fee", "-20000000", "1440500000"],
      ["m-w0", "award", "award", "-300000000", "1460500000"],
      ["m-d2", "other-inflow", null, "10000000", "1760500000"],
      ["m-d1", "donation", null, "250500000", "1750500000"],
      ["m-d0", "donation", null, "500000000", "1500000000"],
    ]);
    // The newest balance is the books' balance: opening + in − out.
    expect(rows[0]?.balanceAfterUnits).toBe(snapshot.wallet.balance.coinStoreValue.toString());
    expect(rows.map((r) => r.signedText)).toEqual(["\u221220.00", "\u2212300.00", "+10.00", "+250.50", "+500.00"]);
  });

  it("reads each row's identifiers, amounts and times from its ledger entry, the same text on every read", () => {
    const snapshot = buildTestSnapshot();
    const rows = movementRows(snapshot.ledger, context(snapshot, true));
    const byAnchor = new Map(rows.map((r) => [r.anchor, r]));
    for (const entry of snapshot.ledger.entries) {
      const row = byAnchor.get(`m-${entry.stream === "deposit" ? "d" : "w"}${entry.sequence}`);
      expect(row).toBeDefined();
      if (!row) continue;
      expect([row.stream, row.sequence, row.version, row.timestampUsec, row.amountUnits]).toEqual([
        entry.stream,
        entry.sequence.toString(),
        entry.version.toString(),
        entry.timestampUsec.toString(),
        entry.amount.toString(),
      ]);
      expect(row.signedUnits).toBe((entry.stream === "deposit" ? entry.amount : -entry.amount).toString());
      expect([row.counterparty, row.transferUid, row.txHash]).toEqual([
        entry.counterparty,
        entry.transferUid === null ? null : entry.transferUid.toString(),
        entry.txHash,
      ]);
      expect(row.explorerHref).toBe(`https://x/tx/${entry.version}`);
      expect(row.kindWords).toBe(
        {
          donation: "Donation",
          "other-inflow": "Other inflow",
          award: "Award",
          fee: "Fee",
          advance: "Advance",
          "other-outflow": "Other outflow",
        }[row.kind],
      );
      // A row's texts are the same however often a page or a CSV reads them.
      expect([row.anchor, row.dateIso, row.balanceAfterText]).toEqual([row.anchor, row.dateIso, row.balanceAfterText]);
    }
  });

  it("dates each row for people from its own time, where rows share a time and where a time comes back", () => {
    const snapshot = buildTestSnapshot();
    const [first, second, third] = [...snapshot.ledger.entries].sort((a, b) => Number(a.version - b.version));
    if (!first || !second || !third) throw new Error("the test snapshot has at least three movements");
    // One block's movements share its time; a later time that equals an earlier one is formatted again.
    const shared = { ...snapshot.ledger };
    shared.entries = snapshot.ledger.entries.map((entry) =>
      entry === second
        ? { ...entry, timestampUsec: first.timestampUsec }
        : entry === third
          ? { ...entry, timestampUsec: 1767139200000000n }
          : entry,
    );
    const rows = movementRows(shared, context(snapshot));
    expect(rows.map((r) => r.dateText)).toEqual(rows.map((r) => formatIsoForPeople(r.dateIso)));
    const byAnchor = new Map(rows.map((r) => [r.anchor, r]));
    const anchor = (entry: typeof first) => `m-${entry.stream === "deposit" ? "d" : "w"}${entry.sequence}`;
    expect(byAnchor.get(anchor(second))?.dateText).toBe(byAnchor.get(anchor(first))?.dateText);
    expect(byAnchor.get(anchor(third))?.dateIso).toBe("2025-12-31T00:00:00Z");
    expect(byAnchor.get(anchor(third))?.dateText).toBe("31 Dec 2025, 00:00 UTC");
  });

  it("names known payees, links donors with a page and paid transfers, and the explorer only when given one", () => {
    const snapshot = buildTestSnapshot();
    const rows = movementRows(snapshot.ledger, context(snapshot));
    const byAnchor = new Map(rows.map((r) => [r.anchor, r]));
    expect(byAnchor.get("m-w0")?.counterpartyName).toBe("Team C");
    expect(byAnchor.get("m-w0")?.counterpartyHref).toBe("/transfers/5/");
    expect(byAnchor.get("m-d0")?.counterpartyHref).toBe(`/donors/${DONOR_A}/`);
    expect(byAnchor.get("m-d1")?.counterpartyHref).toBeNull();
    expect(byAnchor.get("m-d1")?.counterpartyShort).toBe("0xbbbbbb…bbbbb");
    // In parts for markup (LedgerTable writes the ellipsis as a reference): no part holds the ellipsis.
    expect(byAnchor.get("m-d1")?.counterpartyAbbreviation).toEqual({ head: "0xbbbbbb", tail: "bbbbb" });
    expect(rows.every((r) => r.explorerHref === null)).toBe(true);
    const real = movementRows(snapshot.ledger, context(snapshot, true));
    expect(real[0]?.explorerHref).toBe("https://x/tx/400");
    expect(real[0]?.txHashShort).toBe(shortHash(real[0]?.txHash ?? ""));
    const hash = real[0]?.txHash ?? "";
    expect(real[0]?.txHashAbbreviation).toEqual({ head: hash.slice(0, 10), tail: hash.slice(-5) });
    expect(hashAbbreviation("0xabc")).toEqual({ head: "0xabc", tail: null });
    expect(shortHash("0xabc")).toBe("0xabc");
    expect(rows.map((r) => r.amountText)).toEqual(rows.map((r) => r.signedText.slice(1)));
  });

  it("classifies a payout to a steward as a fee, and a payout naming no payee by its transfer's payee", () => {
    const snapshot = buildTestSnapshot();
    const [first, ...rest] = snapshot.ledger.entries;
    const entries = [
      ...rest.slice(0, 2),
      { ...rest[2]!, counterparty: null },
      { ...rest[3]!, category: "payout" as const, transferUid: null },
    ];
    const rows = movementRows({ opening: snapshot.ledger.opening, entries: [first!, ...entries] }, context(snapshot));
    expect(rows.map((r) => r.kind)).toEqual(["fee", "award", "other-inflow", "donation", "donation"]);
  });
});

describe("ledger lists", () => {
  const snapshot = buildTestSnapshot();
  const rows = movementRows(snapshot.ledger, context(snapshot));
  const lists = buildLedgerLists(rows);

  it("has one list per filter, per quarter and per filter within a quarter, each with its exact total", () => {
    expect(lists.lists.length).toBe(1 + LEDGER_FILTERS.length + lists.quarters.length * (1 + LEDGER_FILTERS.length));
    const list = (filter: string | null, quarter: string | null = null) =>
      lists.byHref.get(ledgerListHref(filter, quarter));
    expect(list(null)?.total).toBe(440_500_000n);
    expect(list("paid-out")?.total).toBe(-320_000_000n);
    expect(list("awarded")?.rows.map((r) => r.anchor)).toEqual(["m-w0"]);
    expect(list("fees-paid")?.rows.map((r) => r.anchor)).toEqual(["m-w1"]);
    expect(list("advance")?.rows.map((r) => r.anchor)).toEqual(["m-w1"]);
    expect(list("money-in")?.total).toBe(760_500_000n);
    expect(list("fee")?.rows).toEqual([]);
    const quarter = lists.quarters[0] as string;
    expect(list("donation", quarter)?.total).toBe(750_500_000n);
    expect(ledgerListHref("award", "2025-Q3")).toBe("/ledger/quarter/2025-q3/kind/award/");
    expect(ledgerCsvName("award", "2025-Q3")).toBe("quarter-2025-q3-kind-award");
    expect(ledgerCsvName(null, null)).toBe("all");
    expect(() => ledgerListHref("nope", null)).toThrow(/no ledger filter/);
  });

  it("finds the row of a balance: newest, before a time, or the opening row", () => {
    const entries = snapshot.ledger.entries;
    expect(latestBalanceHref(entries)).toBe("/ledger/#m-w1");
    expect(latestBalanceHref([])).toBe("/ledger/#opening");
    expect(movementRowHref(entries, 0)).toBe("/ledger/#m-d0");
    expect(openingRowHref(250)).toBe("/ledger/page/3/#opening");
    expect(balanceBeforeRowHref(entries, BigInt(entries[0]!.timestampUsec))).toBe("/ledger/#opening");
    expect(balanceBeforeRowHref(entries, entries[3]!.timestampUsec)).toBe("/ledger/#m-d1");
    expect(balanceBeforeRowHref(entries, 10n ** 18n)).toBe("/ledger/#m-w1");
    expect(lists.rowHref("m-d0")).toBe("/ledger/#m-d0");
    // On a long ledger the row is on its page, newest first: entry 0 of 250 is the 250th row, on page 3.
    const long = Array.from({ length: 250 }, (_, i) => ({ stream: "deposit" as const, sequence: BigInt(i) }));
    expect(movementRowHref(long, 0)).toBe("/ledger/page/3/#m-d0");
    expect(movementRowHref(long, 249)).toBe("/ledger/#m-d249");
  });
});
