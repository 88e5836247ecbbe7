import { describe, expect, it } from "vitest";
import {
  type ChainFacts,
  chainFactProblems,
  chainFactProblemsInSlices,
  LATEST_PLAUSIBLE_TIME_USEC,
  type PagedEvent,
  type TxTimeFacts,
} from "../../../../src/lib/ledger/chain-facts.ts";
import { SLICE_ITEMS } from "../../../../src/lib/slices.ts";

const WALLET = `0x${"ab".repeat(32)}`;
const FRAMEWORK = `0x${"0".repeat(63)}1`;
const DEPOSIT = "0x1::coin::DepositEvent";
const EPOCH = "0x1::reconfiguration::NewEpochEvent";
const T0 = 1_700_000_000_000_000n; // committed time
const TV = T0 + 10_000_000n; // block time at V

function deposit(sequence: bigint, version: bigint, amount = 100n): PagedEvent {
  return { version, sequence, account: WALLET, creationNumber: 2n, type: DEPOSIT, amount };
}
function newEpoch(sequence: bigint, version: bigint, epoch: bigint): PagedEvent {
  return { version, sequence, account: FRAMEWORK, creationNumber: 5n, type: EPOCH, epoch };
}
/** The transaction each event came from, listing it as the page did. */
function txFor(events: PagedEvent[], time: (version: bigint) => bigint): Map<bigint, TxTimeFacts> {
  const txs = new Map<bigint, TxTimeFacts>();
  for (const e of events) {
    const tx = txs.get(e.version) ?? { version: e.version, timestampUsec: time(e.version), events: [] };
    (tx.events as TxTimeFacts["events"][number][]).push({
      account: e.account,
      creationNumber: e.creationNumber,
      sequence: e.sequence,
      type: e.type,
      amount: e.amount,
    });
    txs.set(e.version, tx);
  }
  return txs;
}

function facts(
  overrides: { deposits?: PagedEvent[]; epochs?: PagedEvent[]; time?: (v: bigint) => bigint } = {},
): ChainFacts {
  const deposits = overrides.deposits ?? [deposit(10n, 101n), deposit(11n, 105n), deposit(12n, 105n, 7n)];
  const epochs = overrides.epochs ?? [newEpoch(3n, 103n, 8n)];
  const time = overrides.time ?? ((v: bigint) => T0 + (v - 100n) * 1_000_000n);
  return {
    committed: { ledgerVersion: 100n, timestampUsec: T0, epoch: 7n },
    pinned: { version: 110n, timestampUsec: TV, epoch: 8n, nodeTimestampUsec: TV + 5n },
    streams: [
      { name: "deposit", account: WALLET, creationNumber: 2n, events: deposits },
      { name: "withdraw", account: WALLET, creationNumber: 3n, events: [] },
      { name: "epoch", account: FRAMEWORK, creationNumber: null, events: epochs },
    ],
    transactions: txFor([...deposits, ...epochs], time),
  };
}

describe("chainFactProblems", () => {
  it("accepts consistent facts (several coin events in one transaction included)", () => {
    expect(chainFactProblems(facts())).toEqual([]);
  });

  it("accepts a first snapshot whose genesis transaction has no time", () => {
    const f = facts({ deposits: [deposit(0n, 0n), deposit(1n, 101n)], epochs: [] });
    const genesis = f.transactions.get(0n) as TxTimeFacts;
    (f.transactions as Map<bigint, TxTimeFacts>).set(0n, { ...genesis, timestampUsec: 0n });
    expect(chainFactProblems({ ...f, committed: null })).toEqual([]);
  });

  it.each([
    [
      "a time of 2^64−1 (after V's block time)",
      2n ** 64n - 1n,
      /deposit #11 \(version 105\): transaction time 18446744073709551615 is after the block time at version 110/,
    ],
    [
      "a time before the committed snapshot",
      T0 - 1n,
      /deposit #11 \(version 105\): transaction time \d+ \(14 Nov 2023, 22:13 UTC\) is before the committed snapshot's time 1700000000000000 \(14 Nov 2023, 22:13 UTC\)/,
    ],
    [
      "no time on a non-genesis transaction",
      0n,
      /deposit #11 \(version 105\): the transaction has no time \(0 or missing\); only the genesis/,
    ],
    [
      "a time going backwards",
      T0 + 1n,
      /deposit #11 \(version 105\): transaction time 1700000000000001 \(14 Nov 2023, 22:13 UTC\) is before 1700000003000000 \(14 Nov 2023, 22:13 UTC\), the time of the earlier version 103; times never go backwards/,
    ],
  ])("refuses %s", (_name, bad, message) => {
    const f = facts({ time: (v) => (v === 105n ? bad : T0 + (v - 100n) * 1_000_000n) });
    expect(chainFactProblems(f).join("\n")).toMatch(message);
  });

  it("refuses a block time at V past what is plausible, past the node's own time, or before the committed one", () => {
    const f = facts();
    expect(
      chainFactProblems({ ...f, pinned: { ...f.pinned, timestampUsec: LATEST_PLAUSIBLE_TIME_USEC + 1n } }).join("\n"),
    ).toMatch(
      /block time at version 110 is 4102444800000001, after 4102444800000000 \(1 Jan 2100, 00:00 UTC\), which no ledger has reached\.\n.*after the node's own latest ledger time 1700000010000005 \(14 Nov 2023, 22:13 UTC\)/,
    );
    expect(chainFactProblems({ ...f, pinned: { ...f.pinned, timestampUsec: T0 - 1n } }).join("\n")).toMatch(
      /block time at version 110 is 1699999999999999 \(14 Nov 2023, 22:13 UTC\), before the committed snapshot's time 1700000000000000/,
    );
  });

  it("refuses a transaction that names another version than the one asked for", () => {
    const f = facts();
    const txs = f.transactions as Map<bigint, TxTimeFacts>;
    txs.set(101n, { ...(txs.get(101n) as TxTimeFacts), version: 102n });
    expect(chainFactProblems(f)).toEqual([
      "deposit #10 (version 101): asked for the transaction at version 101, the node answered the one at version 102.",
    ]);
  });

  it.each([
    [
      "another sequence number",
      { sequence: 99n },
      /deposit #10 \(version 101\): the transaction at version 101 does not list this event/,
    ],
    [
      "another creation number",
      { creationNumber: 9n },
      /does not list this event \(0xabab.* creation number 2 sequence 10\)/,
    ],
    ["another amount", { amount: 101n }, /lists 0xabab.* sequence 10 with amount 101, the event page with 100/],
    [
      "another type",
      { type: "0x1::coin::WithdrawEvent" },
      /lists .* as 0x1::coin::WithdrawEvent, the event page as 0x1::coin::DepositEvent/,
    ],
  ])("refuses a transaction listing the event with %s", (_name, change, message) => {
    const f = facts();
    const tx = f.transactions.get(101n) as TxTimeFacts;
    (tx.events as object[])[0] = { ...tx.events[0], ...change };
    expect(chainFactProblems(f).join("\n")).toMatch(message);
  });

  it("accepts an event type the transaction prints with the long address form", () => {
    const f = facts();
    const tx = f.transactions.get(101n) as TxTimeFacts;
    (tx.events as object[])[0] = { ...tx.events[0], type: `0x${"0".repeat(63)}1::coin::DepositEvent` };
    expect(chainFactProblems(f)).toEqual([]);
  });

  it("refuses an event of another stream than the one asked for", () => {
    const wrong = { ...deposit(10n, 101n), creationNumber: 3n };
    expect(chainFactProblems(facts({ deposits: [wrong] })).join("\n")).toMatch(
      /deposit #10 \(version 101\): the event belongs to 0xabab.* creation number 3, not to the deposit stream/,
    );
  });

  it("refuses event versions going down as sequence numbers go up", () => {
    expect(chainFactProblems(facts({ deposits: [deposit(10n, 105n), deposit(11n, 101n)] })).join("\n")).toMatch(
      /deposit #11 \(version 101\): its version is before that of deposit #10 \(version 105\)/,
    );
  });

  it("refuses events at or before the committed V", () => {
    const problems = chainFactProblems(facts({ deposits: [deposit(10n, 100n), deposit(11n, 101n)] }));
    expect(problems.join("\n")).toMatch(
      /deposit #10 \(version 100\): the event is at or before the committed snapshot's version 100/,
    );
  });

  it.each([
    [
      "repeating the committed epoch",
      [newEpoch(3n, 103n, 7n)],
      /epoch #3 \(version 103\): epoch 7 is not after the committed snapshot's epoch 7/,
    ],
    [
      "going backwards",
      [newEpoch(3n, 103n, 8n), newEpoch(4n, 104n, 6n)],
      /epoch #4 \(version 104\): epoch 6 follows epoch 8/,
    ],
    [
      "repeating within the run",
      [newEpoch(3n, 103n, 8n), newEpoch(4n, 104n, 8n)],
      /epoch #4 \(version 104\): epoch 8 follows epoch 8; epochs only increase and never repeat/,
    ],
    [
      "after the epoch at V",
      [newEpoch(3n, 103n, 9n)],
      /epoch #3 \(version 103\): epoch 9 is after the epoch at version 110 \(8\)/,
    ],
    [
      "at the same version twice",
      [newEpoch(3n, 103n, 8n), newEpoch(4n, 103n, 8n)],
      /epoch #4 \(version 103\): its version is not after that of epoch #3/,
    ],
  ])("refuses epochs %s", (_name, epochs, message) => {
    // The epoch at V is 8: later epochs would also break "not after the epoch at V".
    expect(chainFactProblems(facts({ epochs })).join("\n")).toMatch(message);
  });

  it("refuses an epoch at V below the committed one", () => {
    const f = facts({ epochs: [] });
    expect(chainFactProblems({ ...f, pinned: { ...f.pinned, epoch: 6n } })).toEqual([
      "the epoch at version 110 is 6, below the committed snapshot's epoch 7.",
    ]);
  });
});

describe("chainFactProblemsInSlices", () => {
  it("pauses between slices of a long stream and finds what chainFactProblems finds", () => {
    const count = 3 * SLICE_ITEMS;
    const deposits = Array.from({ length: count }, (_, i) => deposit(10n + BigInt(i), 101n + BigInt(i)));
    const f = facts({ deposits, time: (v) => T0 + (v - 100n) });
    // One event near the end that its transaction does not list.
    const last = deposits[count - 2] as PagedEvent;
    (f.transactions as Map<bigint, TxTimeFacts>).set(last.version, {
      version: last.version,
      timestampUsec: T0 + (last.version - 100n),
      events: [],
    });
    const work = chainFactProblemsInSlices(f);
    let pauses = 0;
    let step = work.next();
    for (; !step.done; step = work.next()) pauses++;
    // The transactions and the deposit stream are each walked in slices.
    expect(pauses).toBeGreaterThanOrEqual(2 * (count / SLICE_ITEMS));
    expect(step.value).toEqual(chainFactProblems(f));
    expect(step.value.join("\n")).toMatch(`does not list this event`);
  });
});
