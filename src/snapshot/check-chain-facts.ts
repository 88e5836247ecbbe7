import { SnapshotRefusedError } from "../errors.ts";
import {
  type ChainFacts,
  chainFactProblemsInSlices,
  type EventStream,
  type PagedEvent,
  type StreamName,
} from "../lib/ledger/chain-facts.ts";
import { finishSlices, pauseAt, type Sliced } from "../lib/slices.ts";
import type { ChainEvent } from "../schemas/chain.ts";
import { NewEpochEventDataSchema } from "../schemas/chain-resources.ts";
import type { Snapshot } from "../schemas/snapshot.ts";
import { coinEventAmount, FRAMEWORK, type LedgerRead } from "./read-chain.ts";

/**
 * Runs the cross-checks of `src/lib/ledger/chain-facts.ts` on what a run read, before anything is assembled or
 * written, and refuses the run (exit 5) naming every record that breaks a rule.
 */

/** Problems listed in a refusal; the rest are counted (one bad node can break thousands of records alike). */
const LISTED_PROBLEMS = 10;

// biome-ignore lint/complexity/useMathMinMax: bigint operands; Math.max only takes numbers.
const max = (values: bigint[]) => values.reduce((a, b) => (b > a ? b : a), 0n);

function committedFacts(previous: Snapshot | null): ChainFacts["committed"] {
  if (previous === null) return null;
  const lastEntry = previous.ledger.entries.at(-1);
  const lastEpoch = previous.epochs.at(-1);
  return {
    ledgerVersion: previous.meta.ledgerVersion,
    timestampUsec: max([
      previous.meta.ledgerTimestampUsec,
      lastEntry?.timestampUsec ?? 0n,
      lastEpoch?.timestampUsec ?? 0n,
    ]),
    epoch: max([previous.meta.epoch, lastEpoch?.epoch ?? 0n]),
  };
}

function* stream(
  name: StreamName,
  account: string,
  creationNumber: bigint | null,
  events: readonly ChainEvent[],
): Sliced<EventStream> {
  const paged: PagedEvent[] = new Array(events.length);
  for (let i = 0; i < events.length; i++) {
    if (pauseAt(i)) yield;
    const event = events[i] as ChainEvent;
    const amount = name === "epoch" ? undefined : coinEventAmount(event.data);
    const epoch = name === "epoch" ? NewEpochEventDataSchema.safeParse(event.data) : undefined;
    paged[i] = {
      version: event.version,
      sequence: event.sequence_number,
      account: event.guid.account_address,
      creationNumber: event.guid.creation_number,
      type: event.type,
      ...(amount === undefined ? {} : { amount }),
      ...(epoch?.success ? { epoch: epoch.data.epoch } : {}),
    };
  }
  return { name, account, creationNumber, events: paged };
}

function* chainFactsOf(previous: Snapshot | null, read: LedgerRead, wallet: string): Sliced<ChainFacts> {
  return {
    committed: committedFacts(previous),
    pinned: {
      version: read.version,
      timestampUsec: read.timestampUsec,
      epoch: read.epoch,
      nodeTimestampUsec: read.info.ledger_timestamp,
    },
    streams: [
      yield* stream("deposit", wallet, read.creationNumbers.deposits, read.events.deposits),
      yield* stream("withdraw", wallet, read.creationNumbers.withdrawals, read.events.withdrawals),
      yield* stream("epoch", FRAMEWORK, null, read.events.newEpochs),
    ],
    transactions: read.transactions,
  };
}

/** Refuses (SnapshotRefusedError) when what the node served contradicts itself or the committed history. */
export function checkChainFacts(previous: Snapshot | null, read: LedgerRead, wallet: string): void {
  finishSlices(checkChainFactsInSlices(previous, read, wallet));
}

/** `checkChainFacts` as sliced work (`src/lib/slices.ts`). */
export function* checkChainFactsInSlices(previous: Snapshot | null, read: LedgerRead, wallet: string): Sliced<void> {
  const problems = yield* chainFactProblemsInSlices(yield* chainFactsOf(previous, read, wallet));
  if (problems.length === 0) return;
  const listed = problems.slice(0, LISTED_PROBLEMS).map((p) => `  - ${p}`);
  const more = problems.length - listed.length;
  throw new SnapshotRefusedError(
    [
      `The node's answers contradict each other or the committed snapshot (times, epochs or events that cannot be true), so the run was refused:`,
      ...listed,
      ...(more > 0 ? [`  … and ${more} more.`] : []),
      "The node (or something between it and us) served wrong data. Try again, or use another node.",
    ].join("\n"),
  );
}
