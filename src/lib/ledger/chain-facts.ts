import { normalizeAddress } from "../address.ts";
import { compareBigint } from "../compare.ts";
import { formatUtcDateTime } from "../format-time.ts";
import { finishSlices, pauseAt, type Sliced } from "../slices.ts";
import { type U64Key, u64Key } from "../u64-key.ts";
import { canonicalFunctionId, type TxEvent } from "./attribution.ts";

/**
 * Cross-checks what one snapshot run read before anything is written: a node (or whatever sits between it and us)
 * can answer well-formed but wrong data, and each fact is only kept when the others confirm it. Pure: the caller
 * gathers the facts and turns the problems into a refusal. The rules (each problem names the record, the value and
 * the bound it broke):
 *
 * Times (µs since the unix epoch):
 * - the block time at V is after the committed snapshot's time, not after the node's own ledger time, and not after
 *   `LATEST_PLAUSIBLE_TIME_USEC` (a run never trusts a time no clock has reached);
 * - every transaction's time lies within [the committed snapshot's time, the block time at V]; only the genesis
 *   transaction (version 0) may have none (0 or missing), so no 1970 date comes from a missing time;
 * - times never go backwards as versions go forward.
 * Events:
 * - each stream is the one we asked for (wallet and creation number of its handle);
 * - event versions never go down as sequence numbers go up, and all are later than the committed V;
 * - the transaction at an event's version has that version, and lists that event: same account, creation number,
 *   sequence number, type and, for coin events, amount.
 * Epochs:
 * - the epoch at V is not below the committed one;
 * - new epoch numbers are strictly increasing, later than every committed epoch, and not after the epoch at V;
 * - epoch changes happen at strictly increasing versions.
 */

/** 2100-01-01T00:00:00Z: no ledger time after it is plausible (it stops a 2^64−1 timestamp at the door). */
export const LATEST_PLAUSIBLE_TIME_USEC = 4_102_444_800_000_000n;

export type StreamName = "deposit" | "withdraw" | "epoch";

/** One event as the node's event page gave it. */
export interface PagedEvent {
  version: bigint;
  sequence: bigint;
  account: string;
  creationNumber: bigint;
  type: string;
  /** Coin events: the amount on the page. */
  amount?: bigint;
  /** NewEpochEvent: the epoch it starts. */
  epoch?: bigint;
}

export interface EventStream {
  name: StreamName;
  /** The handle we asked for; `creationNumber` null when only the account is known (the epoch stream). */
  account: string;
  creationNumber: bigint | null;
  /** In sequence order (the reader already refuses gaps). */
  events: readonly PagedEvent[];
}

/** What the run kept of the transaction it asked for at a version. */
export interface TxTimeFacts {
  /** The version the transaction itself names. */
  version: bigint;
  /** 0 when the node gave none. */
  timestampUsec: bigint;
  events: readonly TxEvent[];
}

export interface ChainFacts {
  /** The committed snapshot the run extends, or null for a first snapshot. */
  committed: {
    ledgerVersion: bigint;
    /** The latest time the committed history holds (its ledger time, or a later entry's). */
    timestampUsec: bigint;
    epoch: bigint;
  } | null;
  pinned: {
    version: bigint;
    /** Block time at V. */
    timestampUsec: bigint;
    epoch: bigint;
    /** The node's own latest ledger time (ledger info). */
    nodeTimestampUsec: bigint;
  };
  streams: readonly EventStream[];
  /** By the version it was asked for. */
  transactions: ReadonlyMap<bigint, TxTimeFacts>;
}

/** A time as the node gave it (µs), with the date for people when it is one a ledger can have. */
function timeOf(usec: bigint): string {
  return usec > 0n && usec <= LATEST_PLAUSIBLE_TIME_USEC ? `${usec} (${formatUtcDateTime(usec)})` : `${usec}`;
}

const label = (stream: StreamName, event: PagedEvent) => `${stream} #${event.sequence} (version ${event.version})`;

function checkPinned(facts: ChainFacts, problems: string[]): void {
  const { pinned, committed } = facts;
  const at = `the block time at version ${pinned.version}`;
  if (pinned.version > 0n && pinned.timestampUsec === 0n) problems.push(`${at} is missing (0).`);
  if (pinned.timestampUsec > LATEST_PLAUSIBLE_TIME_USEC) {
    problems.push(
      `${at} is ${timeOf(pinned.timestampUsec)}, after ${timeOf(LATEST_PLAUSIBLE_TIME_USEC)}, which no ledger has reached.`,
    );
  }
  if (pinned.timestampUsec > pinned.nodeTimestampUsec) {
    problems.push(
      `${at} is ${timeOf(pinned.timestampUsec)}, after the node's own latest ledger time ${timeOf(pinned.nodeTimestampUsec)}.`,
    );
  }
  if (committed === null) return;
  if (pinned.timestampUsec < committed.timestampUsec) {
    problems.push(
      `${at} is ${timeOf(pinned.timestampUsec)}, before the committed snapshot's time ${timeOf(committed.timestampUsec)}.`,
    );
  }
  if (pinned.epoch < committed.epoch) {
    problems.push(
      `the epoch at version ${pinned.version} is ${pinned.epoch}, below the committed snapshot's epoch ${committed.epoch}.`,
    );
  }
}

/**
 * The first event that sent us to each transaction, to name it in problems (its label made only for a problem: one
 * string per transaction of 10^5 was most of this check's cost).
 */
function* firstEventAt(
  streams: readonly EventStream[],
): Sliced<Map<U64Key, { stream: StreamName; event: PagedEvent }>> {
  const named = new Map<U64Key, { stream: StreamName; event: PagedEvent }>();
  for (const stream of streams) {
    for (let i = 0; i < stream.events.length; i++) {
      if (pauseAt(i)) yield;
      const event = stream.events[i] as PagedEvent;
      const key = u64Key(event.version);
      if (!named.has(key)) named.set(key, { stream: stream.name, event });
    }
  }
  return named;
}

function* checkTransactions(facts: ChainFacts, problems: string[]): Sliced<void> {
  const { pinned, committed } = facts;
  const named = yield* firstEventAt(facts.streams);
  const versions = [...facts.transactions.keys()].sort(compareBigint);
  yield;
  let previous: { version: bigint; timestampUsec: bigint } | undefined;
  for (let i = 0; i < versions.length; i++) {
    if (pauseAt(i)) yield;
    const asked = versions[i] as bigint;
    const tx = facts.transactions.get(asked) as TxTimeFacts;
    const first = named.get(u64Key(asked));
    const name = () => (first ? label(first.stream, first.event) : `the transaction at version ${asked}`);
    if (tx.version !== asked) {
      problems.push(
        `${name()}: asked for the transaction at version ${asked}, the node answered the one at version ${tx.version}.`,
      );
      continue;
    }
    const time = tx.timestampUsec;
    if (asked === 0n) continue; // genesis has no time; nothing to order it by
    if (time === 0n) {
      problems.push(
        `${name()}: the transaction has no time (0 or missing); only the genesis transaction (version 0) may lack one.`,
      );
      continue;
    }
    if (time > pinned.timestampUsec) {
      problems.push(
        `${name()}: transaction time ${timeOf(time)} is after the block time at version ${pinned.version}, ${timeOf(pinned.timestampUsec)}.`,
      );
    }
    if (committed !== null && time < committed.timestampUsec) {
      problems.push(
        `${name()}: transaction time ${timeOf(time)} is before the committed snapshot's time ${timeOf(committed.timestampUsec)}.`,
      );
    }
    if (previous !== undefined && time < previous.timestampUsec) {
      problems.push(
        `${name()}: transaction time ${timeOf(time)} is before ${timeOf(previous.timestampUsec)}, the time of the earlier version ${previous.version}; times never go backwards.`,
      );
    }
    previous = { version: asked, timestampUsec: time };
  }
}

type SameAddress = (a: string, b: string) => boolean;

/**
 * Whether two addresses are the same account, each put in canonical form once per check: the same few thousand
 * address texts are compared for every one of 10^5 events (normalizing them again each time was a third of this
 * check's cost). An address that is not one is the same as nothing.
 */
function createSameAddress(): SameAddress {
  const canonical = new Map<string, string | null>();
  const canonicalOf = (address: string): string | null => {
    let known = canonical.get(address);
    if (known === undefined) {
      try {
        known = normalizeAddress(address);
      } catch {
        known = null;
      }
      canonical.set(address, known);
    }
    return known;
  };
  return (a, b) => {
    const canonicalA = canonicalOf(a);
    return canonicalA !== null && canonicalA === canonicalOf(b);
  };
}

/** Why the transaction does not confirm the event, or null when it lists it. */
function unlisted(stream: EventStream, event: PagedEvent, tx: TxTimeFacts, sameAddress: SameAddress): string | null {
  const listed = tx.events.find(
    (e) =>
      e.creationNumber === event.creationNumber &&
      e.sequence === event.sequence &&
      sameAddress(e.account, event.account),
  );
  const what = `${event.account} creation number ${event.creationNumber} sequence ${event.sequence}`;
  if (listed === undefined) return `the transaction at version ${event.version} does not list this event (${what}).`;
  // The same text names the same function; only different texts are put in canonical form to compare.
  if (listed.type !== event.type && canonicalFunctionId(listed.type) !== canonicalFunctionId(event.type)) {
    return `the transaction at version ${event.version} lists ${what} as ${listed.type}, the event page as ${event.type}.`;
  }
  if (stream.name !== "epoch" && listed.amount !== event.amount) {
    return `the transaction at version ${event.version} lists ${what} with amount ${listed.amount ?? "none"}, the event page with ${event.amount ?? "none"}.`;
  }
  return null;
}

function* checkStream(
  facts: ChainFacts,
  stream: EventStream,
  problems: string[],
  sameAddress: SameAddress,
): Sliced<void> {
  const { committed } = facts;
  let before: PagedEvent | undefined;
  for (let i = 0; i < stream.events.length; i++) {
    if (pauseAt(i)) yield;
    const event = stream.events[i] as PagedEvent;
    const name = () => label(stream.name, event);
    if (
      !sameAddress(event.account, stream.account) ||
      (stream.creationNumber !== null && event.creationNumber !== stream.creationNumber)
    ) {
      problems.push(
        `${name()}: the event belongs to ${event.account} creation number ${event.creationNumber}, not to the ${stream.name} stream we asked for (${stream.account} creation number ${stream.creationNumber ?? "any"}).`,
      );
    }
    if (committed !== null && event.version <= committed.ledgerVersion) {
      problems.push(
        `${name()}: the event is at or before the committed snapshot's version ${committed.ledgerVersion}, although it comes after the events that snapshot holds.`,
      );
    }
    if (before !== undefined) {
      // A transaction may emit several events of one coin stream (one boundary pays several transfers); epochs change once per transaction.
      const backwards = stream.name === "epoch" ? event.version <= before.version : event.version < before.version;
      if (backwards) {
        problems.push(
          `${name()}: its version is ${stream.name === "epoch" ? "not after" : "before"} that of ${label(stream.name, before)}; versions must increase with sequence numbers.`,
        );
      }
    }
    if (stream.name === "epoch" && event.epoch !== undefined)
      checkEpoch(facts, name(), event.epoch, before?.epoch, problems);
    const tx = facts.transactions.get(event.version);
    if (tx === undefined) problems.push(`${name()}: the transaction at version ${event.version} was not read.`);
    else if (tx.version === event.version) {
      const why = unlisted(stream, event, tx, sameAddress);
      if (why !== null) problems.push(`${name()}: ${why}`);
    }
    before = event;
  }
}

function checkEpoch(
  facts: ChainFacts,
  name: string,
  epoch: bigint,
  previous: bigint | undefined,
  problems: string[],
): void {
  const { committed, pinned } = facts;
  if (previous !== undefined && epoch <= previous) {
    problems.push(`${name}: epoch ${epoch} follows epoch ${previous}; epochs only increase and never repeat.`);
  } else if (previous === undefined && committed !== null && epoch <= committed.epoch) {
    problems.push(
      `${name}: epoch ${epoch} is not after the committed snapshot's epoch ${committed.epoch}; epochs only increase and never repeat.`,
    );
  }
  if (epoch > pinned.epoch) {
    problems.push(`${name}: epoch ${epoch} is after the epoch at version ${pinned.version} (${pinned.epoch}).`);
  }
}

/** Every broken rule, in reading order (pinned version, transactions, then each stream); empty when all hold. */
export function chainFactProblems(facts: ChainFacts): string[] {
  return finishSlices(chainFactProblemsInSlices(facts));
}

/** `chainFactProblems` as sliced work (`src/lib/slices.ts`), pausable between slices of events and transactions. */
export function* chainFactProblemsInSlices(facts: ChainFacts): Sliced<string[]> {
  const problems: string[] = [];
  checkPinned(facts, problems);
  yield* checkTransactions(facts, problems);
  const sameAddress = createSameAddress();
  for (const stream of facts.streams) yield* checkStream(facts, stream, problems, sameAddress);
  return problems;
}
