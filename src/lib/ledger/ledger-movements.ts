import type { LedgerEntry } from "../../schemas/snapshot.ts";
import { type Abbreviation, abbreviationText, addressAbbreviation } from "../address.ts";
import { compareBigint } from "../compare.ts";
import { type ExplorerTemplates, explorerTransactionUrl } from "../explorer.ts";
import { formatIsoForPeople } from "../format-time.ts";
import { formatCoins, formatInteger } from "../money.ts";
import { type PackedTexts, packTexts } from "../packed-texts.ts";
import { isoUtcOf, quarterOf } from "../periods.ts";
import { classifyDisbursement, type PayeeDirectory } from "./classify.ts";

/**
 * The ledger page's rows: every coin movement of the wallet with its kind in plain words, its signed amount and the
 * running balance after it. Pure: built once per build from the snapshot (one sort, two passes), newest first, as
 * columns (`MovementTable`) that make a row when it is read.
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

/** The ledger's rows, newest first: row 0 is the newest movement, whose balance after is the books' balance. */
export interface MovementTable {
  readonly length: number;
  /** Row `index`, made on each call from the table's columns: a page holds its rows only while it renders. */
  row(index: number): MovementRow;
}

const KINDS: readonly MovementKind[] = ["donation", "other-inflow", "award", "fee", "advance", "other-outflow"];
const KIND_CODE = new Map(KINDS.map((kind, code) => [kind, code]));
const DISBURSEMENTS = [null, "award", "fee"] as const;

/**
 * The rows as columns, for the whole build: the ledger has 10^5 movements at the bench's scale, each on up to a
 * dozen list pages, and the build holds them from its first page to its last, marking everything it holds at each
 * full collection (two dozen in a build). Rows as objects, each with its texts and running balance, were 5 × 10^5
 * objects and ~40 MB; as columns they are a dozen objects beside the entries the snapshot holds anyway. What is
 * costly to work out again (kind, balance, the texts for people) is worked out once and kept in a column; the rest
 * is read from the entry when a page or a CSV asks.
 */
interface MovementColumns {
  /** The snapshot's entries, newest first. */
  entries: readonly LedgerEntry[];
  kinds: Uint8Array;
  disbursements: Uint8Array;
  /** Index of the row's block time in the time columns below (rows of one block share their time). */
  times: Uint32Array;
  dateIsos: PackedTexts;
  dateTexts: PackedTexts;
  /** Index of the time's quarter in `quarters`. */
  timeQuarters: Uint16Array;
  quarters: readonly string[];
  amountTexts: PackedTexts;
  /** The running balance after the row, base units, as its decimal text. */
  balanceUnits: PackedTexts;
  /** Its magnitude for people; `negativeBalances` says which are below zero (the minus is not Latin-1). */
  balanceTexts: PackedTexts;
  negativeBalances: Uint8Array;
  versionTexts: PackedTexts;
  abbreviations: ReadonlyMap<string, Abbreviation>;
  context: MovementContext;
}

/** One row of the table: a reader of its columns at one index, made when a page or CSV reads the row. */
class MovementRowView implements MovementRow {
  readonly #columns: MovementColumns;
  readonly #index: number;
  readonly #entry: LedgerEntry;

  constructor(columns: MovementColumns, index: number) {
    const entry = columns.entries[index];
    if (!entry) throw new RangeError(`no ledger row ${index} of ${columns.entries.length}`);
    this.#columns = columns;
    this.#index = index;
    this.#entry = entry;
  }

  get kind(): MovementKind {
    return KINDS[this.#columns.kinds[this.#index] as number] as MovementKind;
  }
  get disbursement(): "award" | "fee" | null {
    return DISBURSEMENTS[this.#columns.disbursements[this.#index] as number] ?? null;
  }
  get kindWords(): string {
    return MOVEMENT_KIND_WORDS[this.kind];
  }
  get #time(): number {
    return this.#columns.times[this.#index] as number;
  }
  get dateIso(): string {
    return this.#columns.dateIsos.at(this.#time);
  }
  get dateText(): string {
    return this.#columns.dateTexts.at(this.#time);
  }
  get quarter(): string {
    return this.#columns.quarters[this.#columns.timeQuarters[this.#time] as number] as string;
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
  get timestampUsec(): string {
    return this.#entry.timestampUsec.toString();
  }
  get amountUnits(): string {
    return this.#entry.amount.toString();
  }
  get signedUnits(): string {
    return (this.#entry.stream === "deposit" ? this.#entry.amount : -this.#entry.amount).toString();
  }
  get amountText(): string {
    return this.#columns.amountTexts.at(this.#index);
  }
  get signedText(): string {
    return `${this.#entry.stream === "deposit" ? "+" : "\u2212"}${this.amountText}`;
  }
  get balanceAfterUnits(): string {
    return this.#columns.balanceUnits.at(this.#index);
  }
  get balanceAfterText(): string {
    const text = this.#columns.balanceTexts.at(this.#index);
    return this.#columns.negativeBalances[this.#index] === 1 ? `\u2212${text}` : text;
  }
  get counterparty(): string | null {
    return this.#entry.counterparty;
  }
  get counterpartyName(): string | null {
    const counterparty = this.#entry.counterparty;
    return counterparty === null ? null : (this.#columns.context.names.get(counterparty) ?? null);
  }
  get counterpartyAbbreviation(): Abbreviation | null {
    const counterparty = this.#entry.counterparty;
    return counterparty === null ? null : (this.#columns.abbreviations.get(counterparty) ?? null);
  }
  get counterpartyShort(): string | null {
    const abbreviation = this.counterpartyAbbreviation;
    return abbreviation === null ? null : abbreviationText(abbreviation);
  }
  get counterpartyHref(): string | null {
    const entry = this.#entry;
    if (entry.category === "payout" && entry.transferUid !== null) return `/transfers/${entry.transferUid}/`;
    return entry.category === "donation" &&
      entry.counterparty !== null &&
      this.#columns.context.donors.has(entry.counterparty)
      ? `/donors/${entry.counterparty}/`
      : null;
  }
  get transferUid(): string | null {
    return this.#entry.transferUid === null ? null : this.#entry.transferUid.toString();
  }
  get version(): string {
    return this.#entry.version.toString();
  }
  get versionDisplay(): string {
    return this.#columns.versionTexts.at(this.#index);
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
    const explorer = this.#columns.context.explorer;
    return explorer ? explorerTransactionUrl(explorer, this.#entry.version.toString()) : null;
  }
}

/**
 * Every movement, newest first, with the running balance after each: accumulated oldest first from `opening` in
 * the ledger's total order (version, deposit before withdraw, sequence), so the newest row's balance is the books'
 * balance at the snapshot.
 */
export function movementRows(
  ledger: { opening: { amount: bigint }; entries: readonly LedgerEntry[] },
  context: MovementContext,
): MovementTable {
  // Made here, not in `movementColumns`: a closure keeps every variable its function's other closures use, and
  // there the texts' arrays (10^5 strings) would stay with it for the whole build.
  const columns = movementColumns(ledger, context);
  return { length: columns.entries.length, row: (index) => new MovementRowView(columns, index) };
}

function movementColumns(
  ledger: { opening: { amount: bigint }; entries: readonly LedgerEntry[] },
  context: MovementContext,
): MovementColumns {
  const entries = [...ledger.entries].sort(
    (a, b) =>
      compare(b.version, a.version) || streamRank(b.stream) - streamRank(a.stream) || compare(b.sequence, a.sequence),
  );
  const count = entries.length;
  const kinds = new Uint8Array(count);
  const disbursements = new Uint8Array(count);
  const times = new Uint32Array(count);
  const negativeBalances = new Uint8Array(count);
  const amountTexts: string[] = [];
  const balanceUnits: string[] = new Array(count);
  const balanceTexts: string[] = new Array(count);
  const versionTexts: string[] = [];
  // A block's movements share its time (25,000 distinct times for 110,000 movements at bench scale 1), and ledger
  // order keeps them together: each time is formatted once for the rows beside it (a time seen again later is
  // formatted again, the same text).
  const dateIsos: string[] = [];
  const dateTexts: string[] = [];
  const timeQuarters: number[] = [];
  const quarters: string[] = [];
  const quarterCode = new Map<string, number>();
  const abbreviations = new Map<string, Abbreviation>();
  // The running balance is accumulated oldest first: from the last row up.
  let running = ledger.opening.amount;
  let time: bigint | undefined;
  for (let index = count - 1; index >= 0; index--) {
    const entry = entries[index] as LedgerEntry;
    running += entry.stream === "deposit" ? entry.amount : -entry.amount;
    balanceUnits[index] = running.toString();
    balanceTexts[index] = formatCoins(running < 0n ? -running : running);
    negativeBalances[index] = running < 0n ? 1 : 0;
  }
  entries.forEach((entry, index) => {
    const { kind, disbursement } = movementKind(entry, context);
    kinds[index] = KIND_CODE.get(kind) as number;
    disbursements[index] = DISBURSEMENTS.indexOf(disbursement);
    if (entry.timestampUsec !== time) {
      time = entry.timestampUsec;
      const dateIso = isoUtcOf(time);
      dateIsos.push(dateIso);
      dateTexts.push(formatIsoForPeople(dateIso));
      const quarter = quarterOf(time);
      let code = quarterCode.get(quarter);
      if (code === undefined) {
        code = quarters.push(quarter) - 1;
        quarterCode.set(quarter, code);
      }
      timeQuarters.push(code);
    }
    times[index] = dateIsos.length - 1;
    amountTexts.push(formatCoins(entry.amount));
    versionTexts.push(formatInteger(entry.version));
    const counterparty = entry.counterparty;
    if (counterparty !== null && !abbreviations.has(counterparty)) {
      abbreviations.set(counterparty, addressAbbreviation(counterparty));
    }
  });
  return {
    entries,
    kinds,
    disbursements,
    times,
    dateIsos: packTexts(dateIsos),
    dateTexts: packTexts(dateTexts),
    timeQuarters: Uint16Array.from(timeQuarters),
    quarters,
    amountTexts: packTexts(amountTexts),
    balanceUnits: packTexts(balanceUnits),
    balanceTexts: packTexts(balanceTexts),
    negativeBalances,
    versionTexts: packTexts(versionTexts),
    abbreviations,
    context,
  };
}

/** Every row of the table, newest first, for a reader that wants them all at once (a small ledger, a test). */
export function allMovementRows(table: MovementTable): MovementRow[] {
  return Array.from({ length: table.length }, (_, index) => table.row(index));
}
