import type { LedgerEntry } from "../../schemas/snapshot.ts";
import { pageCount, pageHref, TRANSFERS_PER_PAGE } from "../pagination.ts";
import { type MovementRow, movementAnchor } from "./ledger-movements.ts";

/**
 * The ledger's static lists: every movement (`/ledger/`), by kind (`/ledger/kind/<filter>/`), by quarter
 * (`/ledger/quarter/<yyyy-qn>/`) and by kind within a quarter. A figure that is a sum of movements links to the one
 * list whose rows make it up; the filters that are unions of kinds (money in, paid out, awarded, …) exist because a
 * headline figure is defined that way, and linking a superset would not let a reader add the rows up.
 */

/** Rows per ledger page: the same as the transfer lists. */
export const MOVEMENTS_PER_PAGE = TRANSFERS_PER_PAGE;

export interface LedgerFilter {
  slug: string;
  /** Page heading: "Donations". */
  heading: string;
  /** What the rows are, in a sentence: "donations". */
  noun: string;
  /** One sentence on what the filter keeps, for the page. */
  explanation: string;
  keep: (row: MovementRow) => boolean;
}

/** Every filter, single kinds first, then the unions headline figures are made of. */
export const LEDGER_FILTERS: readonly LedgerFilter[] = [
  {
    slug: "donation",
    heading: "Donations",
    noun: "donations",
    explanation: "Money donors sent to the wallet.",
    keep: (row) => row.kind === "donation",
  },
  {
    slug: "other-inflow",
    heading: "Other inflows",
    noun: "other inflows",
    explanation: "Money that came in without being a donation (for example the chain's match-index recycling).",
    keep: (row) => row.kind === "other-inflow",
  },
  {
    slug: "award",
    heading: "Awards",
    noun: "awards",
    explanation: "Scheduled payments to anyone but a steward, paid after the donors' veto window.",
    keep: (row) => row.kind === "award",
  },
  {
    slug: "fee",
    heading: "Fees",
    noun: "fees",
    explanation: "Scheduled payments to a steward: the program's administrative fee.",
    keep: (row) => row.kind === "fee",
  },
  {
    slug: "advance",
    heading: "Advances",
    noun: "advances",
    explanation: "Payments made at once when the authorities approved them, with no veto window.",
    keep: (row) => row.kind === "advance",
  },
  {
    slug: "other-outflow",
    heading: "Other outflows",
    noun: "other outflows",
    explanation: "Money that left the wallet outside any payment or advance; neither an award nor a fee.",
    keep: (row) => row.kind === "other-outflow",
  },
  {
    slug: "money-in",
    heading: "Money in",
    noun: "movements into the wallet",
    explanation: "Everything paid into the wallet: donations and other inflows.",
    keep: (row) => row.stream === "deposit",
  },
  {
    slug: "money-out",
    heading: "Money out",
    noun: "movements out of the wallet",
    explanation: "Everything paid out of the wallet: awards, fees, advances and other outflows.",
    keep: (row) => row.stream === "withdraw",
  },
  {
    slug: "paid-out",
    heading: "Paid to teams and steward",
    noun: "payments to teams and steward",
    explanation: "Awards, fees and advances: every payment the authorities approved.",
    keep: (row) => row.disbursement !== null,
  },
  {
    slug: "awarded",
    heading: "Awarded to teams",
    noun: "awards, advances included",
    explanation: "Awards and advances to anyone but a steward: what counts as awarded under the fee rule.",
    keep: (row) => row.disbursement === "award",
  },
  {
    slug: "fees-paid",
    heading: "Administrative fees paid",
    noun: "fees, advances to a steward included",
    explanation: "Payments and advances to a steward: every administrative fee paid.",
    keep: (row) => row.disbursement === "fee",
  },
];

const FILTER_BY_SLUG = new Map(LEDGER_FILTERS.map((filter) => [filter.slug, filter]));

/** The filter named `slug`; throws for an unknown one (a typo in a link would otherwise be a broken page). */
export function ledgerFilter(slug: string): LedgerFilter {
  const filter = FILTER_BY_SLUG.get(slug);
  if (!filter) throw new RangeError(`no ledger filter "${slug}"`);
  return filter;
}

/** The first page of a ledger list: all movements, one filter, one quarter (`YYYY-QN`) or both. */
export function ledgerListHref(filter: string | null, quarter: string | null): string {
  if (filter !== null) ledgerFilter(filter);
  const q = quarter === null ? "" : `quarter/${quarter.toLowerCase()}/`;
  const k = filter === null ? "" : `kind/${filter}/`;
  return `/ledger/${q}${k}`;
}

/** The list's CSV: `/data/ledger/all.csv`, `kind-award.csv`, `quarter-2025-q3.csv`, `quarter-2025-q3-kind-award.csv`. */
export function ledgerCsvName(filter: string | null, quarter: string | null): string {
  const parts = [
    ...(quarter === null ? [] : ["quarter", quarter.toLowerCase()]),
    ...(filter === null ? [] : ["kind", filter]),
  ];
  return parts.length === 0 ? "all" : parts.join("-");
}

/**
 * Where the row of `entries[index]` (ledger order, oldest first) is on `/ledger/` (newest first): its page and
 * anchor. Its running balance is the balance just after that movement.
 */
export function movementRowHref(entries: readonly Pick<LedgerEntry, "stream" | "sequence">[], index: number): string {
  const entry = entries[index];
  if (!entry) throw new RangeError(`no ledger entry at ${index}`);
  const newestFirst = entries.length - 1 - index;
  return `${pageHref("/ledger/", Math.floor(newestFirst / MOVEMENTS_PER_PAGE) + 1)}#${movementAnchor(entry)}`;
}

/** The opening balance's row: the last row of the last page of `/ledger/`. */
export function openingRowHref(entryCount: number): string {
  return `${pageHref("/ledger/", pageCount(entryCount, MOVEMENTS_PER_PAGE))}#opening`;
}

/**
 * The row whose running balance is the balance just before `usec`: the newest movement before it (ledger order is
 * time order, so a binary search finds it), or the opening row when nothing moved before then.
 */
export function balanceBeforeRowHref(
  entries: readonly Pick<LedgerEntry, "stream" | "sequence" | "timestampUsec">[],
  usec: bigint,
): string {
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (BigInt((entries[middle] as LedgerEntry).timestampUsec) < usec) low = middle + 1;
    else high = middle;
  }
  return low === 0 ? openingRowHref(entries.length) : movementRowHref(entries, low - 1);
}

/** The row whose running balance is the wallet's balance now: the newest movement, or the opening row. */
export function latestBalanceHref(entries: readonly Pick<LedgerEntry, "stream" | "sequence">[]): string {
  return entries.length === 0 ? openingRowHref(0) : movementRowHref(entries, entries.length - 1);
}

export interface LedgerList {
  href: string;
  /** `/data/ledger/<csvName>.csv`. */
  csvName: string;
  filter: LedgerFilter | null;
  /** `YYYY-QN`, or null for every quarter. */
  quarter: string | null;
  heading: string;
  noun: string;
  /** Newest first. */
  rows: MovementRow[];
  /** Sum of the rows' signed amounts, base units. */
  total: bigint;
}

export interface LedgerLists {
  all: LedgerList;
  /** Every list, `all` first; each is built by one pass over the rows. */
  lists: LedgerList[];
  byHref: ReadonlyMap<string, LedgerList>;
  /** Quarters with movements, newest first. */
  quarters: string[];
  /** Where a movement's row is on `/ledger/`: its page and anchor. */
  rowHref: (anchor: string) => string;
  /** The opening balance's row (on the last page of `/ledger/`). */
  openingHref: string;
  /**
   * The row whose running balance is the balance just before `usec` (the newest movement before it), or the
   * opening row when nothing moved before then.
   */
  balanceBeforeHref: (usec: bigint) => string;
}

const label = (quarter: string) => quarter.replace("-", " ");

/** Builds every list once. `rows` newest first, as `movementRows` returns them. */
export function buildLedgerLists(rows: readonly MovementRow[]): LedgerLists {
  const make = (filter: LedgerFilter | null, quarter: string | null): LedgerList => ({
    href: ledgerListHref(filter?.slug ?? null, quarter),
    csvName: ledgerCsvName(filter?.slug ?? null, quarter),
    filter,
    quarter,
    heading:
      filter === null
        ? quarter === null
          ? "Ledger"
          : `Ledger, ${label(quarter)}`
        : `${filter.heading}${quarter === null ? "" : `, ${label(quarter)}`}`,
    noun: `${filter === null ? "movements" : filter.noun}${quarter === null ? "" : ` in ${label(quarter)}`}`,
    rows: [],
    total: 0n,
  });
  const all = make(null, null);
  const byKind = LEDGER_FILTERS.map((filter) => make(filter, null));
  const byQuarter = new Map<string, { list: LedgerList; kinds: LedgerList[] }>();
  const add = (list: LedgerList, row: MovementRow, signed: bigint) => {
    list.rows.push(row);
    list.total += signed;
  };
  for (const row of rows) {
    const signed = BigInt(row.signedUnits);
    add(all, row, signed);
    let quarter = byQuarter.get(row.quarter);
    if (!quarter) {
      quarter = { list: make(null, row.quarter), kinds: LEDGER_FILTERS.map((filter) => make(filter, row.quarter)) };
      byQuarter.set(row.quarter, quarter);
    }
    add(quarter.list, row, signed);
    LEDGER_FILTERS.forEach((filter, index) => {
      if (!filter.keep(row)) return;
      add(byKind[index] as LedgerList, row, signed);
      add(quarter.kinds[index] as LedgerList, row, signed);
    });
  }
  const quarters = [...byQuarter.keys()].sort().reverse();
  const lists = [all, ...byKind];
  for (const quarter of quarters) {
    const group = byQuarter.get(quarter);
    if (group) lists.push(group.list, ...group.kinds);
  }
  // Built on the first lookup only: the pages link rows by other means, and this index holds an anchor per row.
  let indexOf: Map<string, number> | undefined;
  const rowHref = (anchor: string) => {
    indexOf ??= new Map(all.rows.map((row, index) => [row.anchor, index]));
    const index = indexOf.get(anchor);
    if (index === undefined) throw new RangeError(`no ledger row ${anchor}`);
    return `${pageHref("/ledger/", Math.floor(index / MOVEMENTS_PER_PAGE) + 1)}#${anchor}`;
  };
  const openingHref = openingRowHref(all.rows.length);
  return {
    all,
    lists,
    byHref: new Map(lists.map((list) => [list.href, list])),
    quarters,
    rowHref,
    openingHref,
    balanceBeforeHref: (usec) => {
      const row = all.rows.find((candidate) => BigInt(candidate.timestampUsec) < usec);
      return row ? rowHref(row.anchor) : openingHref;
    },
  };
}
