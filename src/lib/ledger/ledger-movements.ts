import type { LedgerEntry } from "../../schemas/snapshot.ts";
import { type Abbreviation, abbreviationText, addressAbbreviation } from "../address.ts";
import { compareBigint } from "../compare.ts";
import { type ExplorerTemplates, explorerTransactionUrl } from "../explorer.ts";
import { formatIsoForPeople } from "../format-time.ts";
import { createInterner } from "../intern.ts";
import { formatCoins, formatInteger } from "../money.ts";
import { isoUtcOf, quarterOf } from "../periods.ts";
import { classifyDisbursement, type PayeeDirectory } from "./classify.ts";

/**
 * The ledger page's rows: every coin movement of the wallet with its kind in plain words, its signed amount and the
 * running balance after it. Pure: built once per build from the snapshot (one sort, one pass), newest first.
 */

/**
 * What a movement is, for the public. Payouts are split by the site's one classification rule (classify.ts): to a
 * steward, an administrative fee; to anyone else, an award. Advances keep their own kind (they had no veto window),
 * and carry the same award/fee split in `disbursement`.
 */
export type MovementKind = "donation" | "other-inflow" | "award" | "fee" | "advance" | "other-outflow";

/** The kind as a row says it (singular, plain words). */
export const MOVEMENT_KIND_WORDS: Record<MovementKind, string> = {
  donation: "Donation",
  "other-inflow": "Other inflow",
  award: "Award",
  fee: "Fee",
  advance: "Advance",
  "other-outflow": "Other outflow",
};

export interface MovementRow {
  /** Anchor id of the row, unique in the ledger: `m-d<sequence>` (deposit) or `m-w<sequence>` (withdraw). */
  anchor: string;
  stream: "deposit" | "withdraw";
  sequence: string;
  kind: MovementKind;
  kindWords: string;
  /** For payouts and advances: award or fee by the classification rule; null for any other movement. */
  disbursement: "award" | "fee" | null;
  timestampUsec: string;
  dateIso: string;
  /** `dateIso` for people: `"31 Dec 2025, 12:17 UTC"`. */
  dateText: string;
  /** UTC quarter `YYYY-QN` of the block time. */
  quarter: string;
  amountUnits: string;
  /** Positive into the wallet, negative out of it, base units. */
  signedUnits: string;
  /** "+1,000.00" / "−150.00": exact, with its direction. */
  signedText: string;
  /** "1,000.00" / "150.00": the amount without its direction (`stream` says it). */
  amountText: string;
  balanceAfterUnits: string;
  balanceAfterText: string;
  counterparty: string | null;
  /** Team or steward name from the program configuration, else null (show the short address). */
  counterpartyName: string | null;
  /** The abbreviated address, for display (the full one goes in a title). */
  counterpartyShort: string | null;
  /** `counterpartyShort` in parts, for markup. */
  counterpartyAbbreviation: Abbreviation | null;
  /** A donor's page, or the transfer a payout settled. */
  counterpartyHref: string | null;
  transferUid: string | null;
  version: string;
  versionDisplay: string;
  txHash: string;
  /** `0xd3dbad7e…7d705`. */
  txHashShort: string;
  /** `txHashShort` in parts, for markup. */
  txHashAbbreviation: Abbreviation;
  /** The transaction on the public explorer; null for simulated data or without an explorer. */
  explorerHref: string | null;
}

export interface MovementContext {
  directory: PayeeDirectory;
  /** Display names by address (teams, stewards). */
  names: ReadonlyMap<string, string>;
  /** Payee of each transfer by uid: a payout that names no counterparty is classified by its transfer's payee. */
  transferPayees: ReadonlyMap<bigint, string>;
  /** Addresses that have a donor page. */
  donors: ReadonlySet<string>;
  /** Only for real data: simulated transactions exist on no chain. */
  explorer?: ExplorerTemplates | undefined;
}

const streamRank = (stream: "deposit" | "withdraw") => (stream === "deposit" ? 0 : 1);
const compare = compareBigint;

/** `shortHash` in parts. */
export function hashAbbreviation(hash: string): Abbreviation {
  return hash.length <= 18 ? { head: hash, tail: null } : { head: hash.slice(0, 10), tail: hash.slice(-5) };
}

/** `0x1234abcd…89ef0`: enough of a hash to find it, the whole one in the title and the CSV. */
export function shortHash(hash: string): string {
  return abbreviationText(hashAbbreviation(hash));
}

/** The kind of one movement and, for a disbursement, award or fee. */
export function movementKind(
  entry: Pick<LedgerEntry, "category" | "counterparty" | "transferUid">,
  context: Pick<MovementContext, "directory" | "transferPayees">,
): { kind: MovementKind; disbursement: "award" | "fee" | null } {
  switch (entry.category) {
    case "donation":
      return { kind: "donation", disbursement: null };
    case "other-inflow":
      return { kind: "other-inflow", disbursement: null };
    case "other-outflow":
      return { kind: "other-outflow", disbursement: null };
    default: {
      const payee =
        entry.counterparty ??
        (entry.transferUid === null ? null : (context.transferPayees.get(entry.transferUid) ?? null));
      const classified = classifyDisbursement(payee, context.directory).kind === "fee" ? "fee" : "award";
      return { kind: entry.category === "advance" ? "advance" : classified, disbursement: classified };
    }
  }
}

/** A movement's anchor on the ledger page: `m-d12` (deposit 12), `m-w3` (withdrawal 3); unique and permanent. */
export function movementAnchor(entry: Pick<LedgerEntry, "stream" | "sequence">): string {
  return `m-${entry.stream === "deposit" ? "d" : "w"}${entry.sequence}`;
}

/**
 * `text` as one flat string: a template literal is a tree of its pieces (a cons string) until it is first read,
 * and a row keeps its strings for the whole build. Flattening it in place (reading it) leaves the tree's root, a
 * 32-byte wrapper, in front of the flat copy for as long as the row lives (V8 drops such wrappers only in young
 * collections, not while marking): 93,000 of the 110,000 balance texts at bench scale 1. A string JSON.parse
 * makes is one flat string, and costs less than the flattening read did.
 */
function flat(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}

/**
 * One row of the ledger, held for the whole build on up to a dozen lists (the ledger has 10^5 movements at the
 * bench's scale): it keeps its entry and what is costly to work out again (the kind, the formatted date, amount,
 * balance and version, shared names); every other field is read from the entry when a page or CSV asks for it, so
 * a row costs about a third of the memory of one that holds all its strings. Same text either way.
 */
class LedgerMovementRow implements MovementRow {
  readonly kind: MovementKind;
  readonly disbursement: "award" | "fee" | null;
  readonly dateIso: string;
  readonly dateText: string;
  readonly quarter: string;
  readonly amountText: string;
  readonly balanceAfterText: string;
  readonly counterpartyName: string | null;
  readonly counterpartyAbbreviation: Abbreviation | null;
  readonly versionDisplay: string;
  readonly #entry: LedgerEntry;
  readonly #balanceAfter: bigint;
  readonly #context: MovementContext;

  constructor(
    entry: LedgerEntry,
    balanceAfter: bigint,
    fields: Pick<
      MovementRow,
      "kind" | "disbursement" | "dateIso" | "dateText" | "quarter" | "counterpartyName" | "counterpartyAbbreviation"
    >,
    context: MovementContext,
  ) {
    this.#entry = entry;
    this.#balanceAfter = balanceAfter;
    this.#context = context;
    this.kind = fields.kind;
    this.disbursement = fields.disbursement;
    this.dateIso = fields.dateIso;
    this.dateText = fields.dateText;
    this.quarter = fields.quarter;
    this.counterpartyName = fields.counterpartyName;
    this.counterpartyAbbreviation = fields.counterpartyAbbreviation;
    this.amountText = flat(formatCoins(entry.amount));
    this.balanceAfterText = flat(balanceAfter < 0n ? `\u2212${formatCoins(-balanceAfter)}` : formatCoins(balanceAfter));
    this.versionDisplay = flat(formatInteger(entry.version));
  }

  get #signed(): bigint {
    return this.#entry.stream === "deposit" ? this.#entry.amount : -this.#entry.amount;
  }
  get anchor(): string {
    return movementAnchor(this.#entry);
  }
  get stream(): "deposit" | "withdraw" {
    return this.#entry.stream;
  }
  get sequence(): string {
    return this.#entry.sequence.toString();
  }
  get signedText(): string {
    return `${this.#entry.stream === "deposit" ? "+" : "\u2212"}${this.amountText}`;
  }
  get counterpartyShort(): string | null {
    return this.counterpartyAbbreviation === null ? null : abbreviationText(this.counterpartyAbbreviation);
  }
  get kindWords(): string {
    return MOVEMENT_KIND_WORDS[this.kind];
  }
  get timestampUsec(): string {
    return this.#entry.timestampUsec.toString();
  }
  get amountUnits(): string {
    return this.#entry.amount.toString();
  }
  get signedUnits(): string {
    return this.#signed.toString();
  }
  get balanceAfterUnits(): string {
    return this.#balanceAfter.toString();
  }
  get counterparty(): string | null {
    return this.#entry.counterparty;
  }
  get counterpartyHref(): string | null {
    const entry = this.#entry;
    if (entry.category === "payout" && entry.transferUid !== null) return `/transfers/${entry.transferUid}/`;
    return entry.category === "donation" && entry.counterparty !== null && this.#context.donors.has(entry.counterparty)
      ? `/donors/${entry.counterparty}/`
      : null;
  }
  get transferUid(): string | null {
    return this.#entry.transferUid === null ? null : this.#entry.transferUid.toString();
  }
  get version(): string {
    return this.#entry.version.toString();
  }
  get txHash(): string {
    return this.#entry.txHash;
  }
  get txHashShort(): string {
    return shortHash(this.#entry.txHash);
  }
  get txHashAbbreviation(): Abbreviation {
    return hashAbbreviation(this.#entry.txHash);
  }
  get explorerHref(): string | null {
    const explorer = this.#context.explorer;
    return explorer ? explorerTransactionUrl(explorer, this.#entry.version.toString()) : null;
  }
}

/**
 * Every movement, newest first, with the running balance after each: accumulated oldest first from `opening` in
 * the ledger's total order (version, deposit before withdraw, sequence), so the newest row's balance is the books'
 * balance at the snapshot. Quarters and short addresses repeat across rows, so each is made once and shared.
 */
export function movementRows(
  ledger: { opening: { amount: bigint }; entries: readonly LedgerEntry[] },
  context: MovementContext,
): MovementRow[] {
  const ordered = [...ledger.entries].sort(
    (a, b) =>
      compare(a.version, b.version) || streamRank(a.stream) - streamRank(b.stream) || compare(a.sequence, b.sequence),
  );
  // A block's movements share its time (25,000 distinct times for 110,000 movements at bench scale 1), and ledger
  // order keeps them together: each time is formatted once, its texts shared by the rows that follow it (a time
  // seen again later is formatted again, the same text). The date for people is made here, not per rendered row:
  // a row is on up to a dozen list pages.
  const sharedQuarter = createInterner();
  let time: { usec: bigint; dateIso: string; dateText: string; quarter: string } | undefined;
  const shortAddresses = new Map<string, Abbreviation>();
  let running = ledger.opening.amount;
  const rows = ordered.map((entry): MovementRow => {
    running += entry.stream === "deposit" ? entry.amount : -entry.amount;
    const usec = entry.timestampUsec;
    if (time?.usec !== usec) {
      const dateIso = flat(isoUtcOf(usec));
      time = { usec, dateIso, dateText: flat(formatIsoForPeople(dateIso)), quarter: sharedQuarter(quarterOf(usec)) };
    }
    const counterparty = entry.counterparty;
    let counterpartyAbbreviation: Abbreviation | null = null;
    if (counterparty !== null) {
      counterpartyAbbreviation = shortAddresses.get(counterparty) ?? addressAbbreviation(counterparty);
      shortAddresses.set(counterparty, counterpartyAbbreviation);
    }
    return new LedgerMovementRow(
      entry,
      running,
      {
        ...movementKind(entry, context),
        dateIso: time.dateIso,
        dateText: time.dateText,
        quarter: time.quarter,
        counterpartyName: counterparty === null ? null : (context.names.get(counterparty) ?? null),
        counterpartyAbbreviation,
      },
      context,
    );
  });
  return rows.reverse();
}
