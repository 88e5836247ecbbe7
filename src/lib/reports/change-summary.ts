import type { TransferStatus } from "../../schemas/snapshot.ts";
import { abbreviateAddress, shortAddress } from "../address.ts";
import { formatUtcDateTime } from "../format-time.ts";
import type { BallotState } from "../ledger/ballot-state.ts";
import { ledgerListHref } from "../ledger/ledger-lists.ts";
import { formatCoinAmount, formatInteger } from "../money.ts";
import { formatHundredthsPercent } from "../percent.ts";
import { countOf } from "../words.ts";
import type {
  BallotMovement,
  MovementBrief,
  SnapshotChange,
  StatusChangeDetail,
  TransferBrief,
} from "./snapshot-diff.ts";

/**
 * Plain-words sentences for one change between two snapshots ("what changed" page, feed, `npm run diff`),
 * in a fixed order: donations, new transfers, status changes, veto ballots, the balance with its reconciliation,
 * fees. Written for the public: counts, amounts in coins, no field names. Every sentence comes from the change
 * alone (`explainChange`), so the page, the feed and the command line say the same thing.
 */

const STATUS_WORDS: Record<TransferStatus, string> = {
  scheduled: "scheduled",
  overdue: "overdue (the wallet was short when it fell due)",
  paid: "paid",
  vetoed: "stopped by donors (vetoed)",
};

/** What became of a transfer approved in the same change (it may already have been paid or vetoed). */
const NEW_TRANSFER_STATUS: Record<TransferStatus, string> = {
  scheduled: "",
  overdue: "; now overdue (the wallet was short when it fell due)",
  paid: "; already paid",
  vetoed: "; already stopped by donors (vetoed)",
};

const BALLOT_OUTCOME: Record<BallotState, string> = {
  open: "still open",
  passed: "passed, so the transfer is stopped",
  rejected: "closed without passing, so the transfer goes ahead",
  lapsed:
    "the chain still lists it as pending, but its deadline had passed or the transfer was already paid, so it lapsed and can no longer stop anything",
};

/** Lists are cut here on the page; the rest is one click away on the transfers list. */
const LIST_LIMIT = 10;

const plural = countOf;
const integer = (value: bigint) => formatInteger(value);
const percent = (value: bigint) => formatHundredthsPercent(value);

/**
 * A piece of a sentence: text, or text linking to the record it names. `item` marks one counted item named;
 * `more` stands for that many counted items not named one by one (a link to the list that has them).
 */
export type ChangePart = string | { text: string; href: string; item?: true; more?: number };

/** One sentence with its links, and the counts it states (each must equal the items it names, `more` included). */
export interface ChangeLine {
  parts: ChangePart[];
  counts: number[];
}

export interface ChangeSummary {
  /** "Snapshot of 24 Nov 2026, 15:36 UTC (ledger version 1,991, epoch 764)". */
  heading: string;
  /** The sentences as plain text (the feed, `npm run diff`): exactly the text of `lines`. */
  sentences: string[];
  /** The same sentences with links to the records they name (the "what changed" page). */
  lines: ChangeLine[];
}

/** The plain text of a line. */
export function lineText(line: ChangeLine): string {
  return line.parts.map((part) => (typeof part === "string" ? part : part.text)).join("");
}

const plain = (text: string): ChangeLine => ({ parts: [text], counts: [] });

/** "a, b and c": the items, then one part for the rest beyond the list limit, linked to where they all are. */
function namedList(items: readonly ChangePart[], rest: { href: string; noun: string } | null): ChangePart[] {
  const shown = items.slice(0, LIST_LIMIT);
  const left = items.length - shown.length;
  const parts: ChangePart[] = [];
  shown.forEach((item, index) => {
    if (index > 0) parts.push(index === shown.length - 1 && left === 0 ? " and " : ", ");
    parts.push(item);
  });
  if (left > 0) {
    parts.push(", ");
    parts.push({
      text: `and ${formatInteger(BigInt(left))} more ${rest?.noun ?? ""}`.trimEnd(),
      href: rest?.href ?? "/ledger/",
      more: left,
    });
  }
  return parts;
}

export function describeChange(change: SnapshotChange, coinSymbol = "LIBRA"): ChangeSummary {
  const coins = (units: bigint) => formatCoinAmount(units, coinSymbol);
  const payee = (t: TransferBrief) => t.payeeName ?? shortAddress(t.payee);
  const transferLink = (uid: bigint, text = `Transfer #${uid}`): ChangePart => ({ text, href: `/transfers/${uid}/` });
  const lines: ChangeLine[] = [];
  const first = change.previousLedgerVersion === null;
  const { donations } = change;
  const movements = change.movements;
  const rowOf = (movement: MovementBrief) => movement.rowHref;
  if (donations.count > 0) {
    // With the snapshot at hand the new donors get a sentence of their own that names them; without it, the count.
    const namesDonors = change.newDonorAddresses !== undefined;
    const head = `${plural(donations.count, "donation", "donations")} totalling ${coins(donations.total)}${donations.newDonors > 0 && !namesDonors ? `, ${plural(donations.newDonors, "new donor", "new donors")}` : ""}`;
    const given = movements?.filter((m) => m.category === "donation");
    lines.push(
      given === undefined
        ? plain(`${head}.`)
        : {
            parts: [
              `${head}: `,
              ...namedList(
                given.map((m) => ({
                  text: `${coins(m.amount)} from ${m.counterparty === null ? "an unnamed sender" : abbreviateAddress(m.counterparty)}`,
                  href: rowOf(m),
                  item: true as const,
                })),
                { href: ledgerListHref("donation", null), noun: "on the ledger" },
              ),
              ".",
            ],
            counts: [donations.count],
          },
    );
  }
  if (donations.newDonors > 0 && change.newDonorAddresses !== undefined) {
    const named = change.newDonorAddresses.slice(0, donations.newDonors);
    // A first reading also counts donors whose gifts are older than the ledger's record: said, and linked to the
    // donors page that lists everyone.
    const older = donations.newDonors - named.length;
    const items: ChangePart[] = named.map((address) => ({
      text: abbreviateAddress(address),
      href: `/donors/${address}/`,
      item: true as const,
    }));
    lines.push({
      parts: [
        `${plural(donations.newDonors, "new donor", "new donors")}: `,
        ...namedList(items, { href: "/donors/", noun: "on the donors page" }),
        ...(older > 0
          ? [
              named.length > 0 ? ", " : "",
              {
                text: `${named.length > 0 ? "and " : ""}${plural(older, "donor", "donors")} whose gifts are older than this record`,
                href: "/donors/",
                more: older,
              },
            ]
          : []),
        ".",
      ],
      counts: [donations.newDonors],
    });
  }
  if (change.newTransfers.length > 0) {
    const shown = change.newTransfers.slice(0, LIST_LIMIT);
    const left = change.newTransfers.length - shown.length;
    lines.push(
      {
        parts: [`${plural(change.newTransfers.length, "transfer", "transfers")} approved by the wallet's authorities.`],
        counts: [],
      },
      ...shown.map((t) => ({
        parts: [
          { ...(transferLink(t.uid) as { text: string; href: string }), item: true as const },
          `: ${coins(t.amount)} to ${payee(t)}, due at the end of epoch ${integer(t.deadlineEpoch)}${NEW_TRANSFER_STATUS[t.status]}.`,
        ],
        counts: [],
      })),
      ...(left > 0
        ? [
            {
              parts: [
                "… ",
                { text: `and ${plural(left, "more transfer", "more transfers")}`, href: "/transfers/", more: left },
                " (see the transfers list).",
              ],
              counts: [],
            },
          ]
        : []),
    );
    // The count sits on the first line; the transfers it counts are the lines after it.
    (lines[lines.length - shown.length - (left > 0 ? 1 : 0) - 1] as ChangeLine).counts.push(change.newTransfers.length);
  }
  lines.push(
    ...limitedLines(
      change.statusChanges,
      (s) => ({ parts: statusParts(s, coins, transferLink), counts: [] }),
      (n) => `more status change${n === 1 ? "" : "s"}`,
      "/transfers/",
      " (see the transfers list).",
    ),
  );
  lines.push(
    ...limitedLines(
      change.ballots,
      (ballot) => ({ parts: ballotParts(ballot, transferLink), counts: [] }),
      (n) => `more veto ballot${n === 1 ? "" : "s"}`,
      "/vetoes/",
      " (see the vetoes page).",
    ),
  );
  const activity = lines.length > 0 || change.balance.otherInflows.count > 0 || change.balance.outflows.count > 0;
  if (!first && !activity) lines.push(plain("No new activity in the wallet."));
  lines.push(balanceLine(change, coins, movements, rowOf));
  if (change.fees) {
    const before = change.fees.before;
    const after = change.fees.after;
    if (first) lines.push(plain(`Administrative fees paid so far: ${coins(after)}.`));
    else if (after !== before) {
      lines.push(plain(`Administrative fees paid so far: ${coins(after)}, up ${coins(after - before)}.`));
    }
  }
  return {
    heading: `${first ? "First snapshot" : "Snapshot"} of ${formatUtcDateTime(change.timestampUsec)} (ledger version ${integer(change.ledgerVersion)}, epoch ${integer(change.epoch)})`,
    sentences: lines.map(lineText),
    lines,
  };
}

/** One line per item up to the limit, then one line for the rest, linked to the list that has them all. */
function limitedLines<T>(
  items: readonly T[],
  say: (item: T) => ChangeLine,
  rest: (count: number) => string,
  href: string,
  where: string,
): ChangeLine[] {
  const shown = items.slice(0, LIST_LIMIT).map(say);
  const left = items.length - LIST_LIMIT;
  return left > 0
    ? [
        ...shown,
        { parts: ["… ", { text: `and ${formatInteger(BigInt(left))} ${rest(left)}`, href }, where], counts: [] },
      ]
    : shown;
}

function statusParts(
  change: StatusChangeDetail,
  coins: (units: bigint) => string,
  link: (uid: bigint, text?: string) => ChangePart,
): ChangePart[] {
  const what = ` (${coins(change.amount)} to ${change.payeeName ?? shortAddress(change.payee)})`;
  const from = change.from === null ? "unknown" : STATUS_WORDS[change.from];
  const when =
    change.epoch === null
      ? ""
      : change.txVersion !== null
        ? ` in epoch ${integer(change.epoch)} (payment at ledger version ${integer(change.txVersion)})`
        : ` (first seen in epoch ${integer(change.epoch)})`;
  return [link(change.uid), `${what} went from ${from} to ${STATUS_WORDS[change.to]}${when}.`];
}

function ballotParts(ballot: BallotMovement, link: (uid: bigint, text?: string) => ChangePart): ChangePart[] {
  const { before, after } = ballot;
  const transfer = link(ballot.transferUid, `transfer #${ballot.transferUid}`);
  if (before === null) {
    return [
      `Donors opened veto ballot #${ballot.ballotId} against `,
      transfer,
      `: turnout ${percent(after.turnoutPct)}, ${percent(after.approvalPct)} of the votes cast for stopping it; ${BALLOT_OUTCOME[ballot.state]}.`,
    ];
  }
  const moves: string[] = [];
  if (before.turnoutPct !== after.turnoutPct) {
    moves.push(`turnout ${percent(before.turnoutPct)} → ${percent(after.turnoutPct)}`);
  }
  if (before.approvalPct !== after.approvalPct) {
    moves.push(`for stopping it ${percent(before.approvalPct)} → ${percent(after.approvalPct)}`);
  }
  return [
    `Veto ballot #${ballot.ballotId} against `,
    transfer,
    `: ${moves.length > 0 ? `${moves.join(", ")}; ` : ""}${BALLOT_OUTCOME[ballot.state]}.`,
  ];
}

/** A payment out, as the balance sentence names it: the transfer it paid, else what it was and to whom. */
function outflowItem(movement: MovementBrief, coins: (units: bigint) => string, row: string): ChangePart {
  const to =
    movement.counterpartyName ??
    (movement.counterparty === null ? "an unnamed payee" : shortAddress(movement.counterparty));
  if (movement.category === "payout" && movement.transferUid !== null) {
    return { text: `transfer #${movement.transferUid}`, href: `/transfers/${movement.transferUid}/`, item: true };
  }
  const what =
    movement.category === "advance" ? "an advance" : movement.category === "payout" ? "a payment" : "another outflow";
  return { text: `${what} of ${coins(movement.amount)} to ${to}`, href: row, item: true };
}

function balanceLine(
  change: SnapshotChange,
  coins: (units: bigint) => string,
  movements: readonly MovementBrief[] | undefined,
  rowOf: (movement: MovementBrief) => string,
): ChangeLine {
  const { balance } = change;
  if (balance.before === null) return plain(`Balance: ${coins(balance.after)}.`);
  const delta = balance.after - balance.before;
  const move = delta === 0n ? "unchanged" : delta > 0n ? `up ${coins(delta)}` : `down ${coins(-delta)}`;
  const terms: ChangePart[][] = [];
  const counts: number[] = [];
  const named = (category: (m: MovementBrief) => boolean, item: (m: MovementBrief) => ChangePart, filter: string) => {
    const given = movements?.filter(category);
    return given === undefined || given.length === 0
      ? []
      : [" (", ...namedList(given.map(item), { href: ledgerListHref(filter, null), noun: "on the ledger" }), ")"];
  };
  if (change.donations.count > 0) terms.push([`+ ${coins(balance.donations)} donated`]);
  if (balance.otherInflows.count > 0) {
    counts.push(balance.otherInflows.count);
    terms.push([
      `+ ${coins(balance.otherInflows.total)} from ${plural(balance.otherInflows.count, "other inflow", "other inflows")} with no donor receipt`,
      ...named(
        (m) => m.stream === "deposit" && m.category !== "donation",
        (m) => ({ text: coins(m.amount), href: rowOf(m), item: true }),
        "other-inflow",
      ),
    ]);
  }
  if (balance.outflows.count > 0) {
    counts.push(balance.outflows.count);
    terms.push([
      `− ${coins(balance.outflows.total)} paid out in ${plural(balance.outflows.count, "payment", "payments")}`,
      ...named(
        (m) => m.stream === "withdraw",
        (m) => outflowItem(m, coins, rowOf(m)),
        "money-out",
      ),
    ]);
  }
  if (terms.length === 0 && balance.reconciles) return plain(`Balance ${move}, now ${coins(balance.after)}.`);
  const sum: ChangePart[] = [`${coins(balance.before)} before`];
  for (const term of terms) sum.push(" ", ...term);
  return {
    parts: balance.reconciles
      ? [`Balance ${move}, now ${coins(balance.after)}: `, ...sum, "."]
      : [
          `Balance ${move}, now ${coins(balance.after)}, but `,
          ...sum,
          " does not add up to it: this snapshot is inconsistent.",
        ],
    counts,
  };
}
