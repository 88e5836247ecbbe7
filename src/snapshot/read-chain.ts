import type { AnswerReading } from "../chain/provider.ts";
import type { ChainReader } from "../chain/reader.ts";
import { createRunStop } from "../chain/run-stop.ts";
import { ChainRequestError, SnapshotRefusedError } from "../errors.ts";
import { normalizeAddress } from "../lib/address.ts";
import { compareBigint } from "../lib/compare.ts";
import { createInterner } from "../lib/intern.ts";
import type { TxFacts } from "../lib/ledger/attribution.ts";
import { isU64String } from "../lib/money.ts";
import { type U64Key, u64Key } from "../lib/u64-key.ts";
import type { ChainEvent, CoinStore, LedgerInfo } from "../schemas/chain.ts";
import { BalanceViewSchema, CoinStoreSchema, ReconfigurationWithEventsSchema } from "../schemas/chain.ts";
import {
  type ChainTransaction,
  DepositorListSchema,
  GovernanceBallotIdsSchema,
  ReadReceiptViewSchema,
  UserDonationsViewSchema,
  UserTransactionSchema,
  type VetoTallyView,
  VetoTallyViewSchema,
} from "../schemas/chain-resources.ts";
import { parseOrThrow } from "../schemas/parse.ts";
import type { Snapshot } from "../schemas/snapshot.ts";
import { createLaneLimiters, type Limiter } from "./concurrency.ts";
import { createGrowingPlan, type PlannedRead, type RangeRead } from "./read-plan.ts";

/**
 * Everything one snapshot run reads from the node, all pinned to one ledger version V. This is the I/O half of a
 * run; `assemble-snapshot.ts` turns it into records without touching the network.
 */

export const COIN_STORE_TYPE = "0x1::coin::CoinStore<0x1::libra_coin::LibraCoin>";
export const CONFIGURATION_TYPE = "0x1::reconfiguration::Configuration";
export const FRAMEWORK = normalizeAddress("0x1");

/** Everything a run reads: the ledger's read and the views' (`startChainRead` gives them one by one). */
export type ChainRead = LedgerRead & ViewsRead;

/** What a run reads of the wallet's state, its event streams and their transactions: all but the views. */
export interface LedgerRead {
  info: LedgerInfo;
  version: bigint;
  epoch: bigint;
  timestampUsec: bigint;
  /** Wallet resources at V by type tag (raw JSON; parsed per type when assembled). */
  resources: Map<string, unknown>;
  balanceView: { unlocked: bigint; total: bigint };
  /** Events past the previous snapshot's cursors, up to the handle counters at V. */
  events: { deposits: ChainEvent[]; withdrawals: ChainEvent[]; newEpochs: ChainEvent[] };
  cursors: { deposits: bigint; withdrawals: bigint; newEpochs: bigint };
  creationNumbers: { deposits: bigint; withdrawals: bigint };
  /** Transactions at every version a new event came from. */
  transactions: Map<bigint, TxRecord>;
  /** Balance before the first recorded movement, for a wallet's first snapshot. */
  opening: { amount: bigint; ledgerVersion: bigint } | undefined;
}

/** The views a run reads at V: every donor's receipt and veto weight, every veto ballot's tally. */
export interface ViewsRead {
  /** Receipt and veto-weight views at V by donor (canonical address). */
  receipts: Map<
    string,
    { lastPaymentSecs: bigint; lastPaymentValue: bigint; cumulative: bigint; vetoWeight: bigint | null }
  >;
  /** `get_veto_tally` at V by ballot id. */
  vetoTallies: Map<bigint, VetoTallyView>;
}

/**
 * The part of a transaction a snapshot keeps: enough to attribute and cite it. Reduced as soon as it arrives so a
 * run over 10^5 transactions does not hold their full JSON.
 */
export interface TxRecord extends TxFacts {
  /** The version the transaction names itself (checked against the version asked for, `check-chain-facts.ts`). */
  version: bigint;
  hash: string;
  /** µs since the unix epoch; 0 for the genesis transaction, which has no timestamp. */
  timestampUsec: bigint;
}

/**
 * Reduces a transaction to its record: of its events only those a snapshot can use (coin events of any account,
 * which attribution pairs a payout with; every event of the wallet and of the framework, whose streams the checks
 * look the event up in), each string passed through `intern` so that 10^5 records share one copy of each type
 * name and address instead of one per event; `internNumber` does the same for the few creation numbers.
 */
export function toTxRecord(
  tx: ChainTransaction,
  wallet?: string,
  intern: (text: string) => string = (t) => t,
  internNumber: (n: bigint) => bigint = (n) => n,
): TxRecord {
  const events: TxRecord["events"][number][] = [];
  for (const event of tx.events) {
    const amount = coinEventAmount(event.data);
    const account = event.guid.account_address;
    if (amount === undefined && account !== wallet && account !== FRAMEWORK && wallet !== undefined) continue;
    events.push({
      account: intern(account),
      creationNumber: internNumber(event.guid.creation_number),
      sequence: event.sequence_number,
      type: intern(event.type),
      amount,
    });
  }
  return {
    version: tx.version,
    hash: tx.hash,
    timestampUsec: tx.timestamp ?? 0n,
    function: intern(tx.payload?.function ?? tx.type),
    sender: tx.sender === undefined || tx.sender === null ? null : intern(tx.sender),
    success: tx.success,
    events,
  };
}

/**
 * The amount of a coin event's data, as `CoinEventDataSchema` reads it (an object whose `amount` is a u64 decimal
 * string), or undefined for any other data. Asked of every event of every transaction read (most are not coin
 * events): a failed `safeParse` builds an error object each time, which cost more than the rest of the record.
 */
export function coinEventAmount(data: unknown): bigint | undefined {
  if (typeof data !== "object" || data === null || Array.isArray(data)) return undefined;
  const amount = (data as { amount?: unknown }).amount;
  return typeof amount === "string" && isU64String(amount) ? BigInt(amount) : undefined;
}

export interface ReadChainOptions {
  reader: ChainReader;
  wallet: string;
  /** Ledger info already fetched by the caller (saves a request); read here when absent. */
  info?: LedgerInfo;
  ledgerVersion?: bigint;
  previous: Snapshot | null;
  /** Most requests in flight at once. */
  concurrency: number;
  onProgress?: (message: string) => void;
  /**
   * Read each donor's receipt and veto weight (two views per donor; default true). `verify` replays earlier runs
   * without them: donors.json keeps only the last run's receipts, so an earlier run needs the donor list alone.
   * Without them every depositor gets a zero receipt (`UNREAD_RECEIPT`).
   */
  readReceipts?: boolean;
  /**
   * Read `get_veto_tally` of every veto ballot (default true). `verify` replays earlier runs without them: a
   * ballot's tally view only gives its required threshold, which the next run overwrites, so only the last counts.
   */
  readVetoTallies?: boolean;
  /**
   * Events and transactions already read up to a later version (`verify` reads them once for every run it
   * replays): the run takes the part between its cursors and its counters from them, with the same checks as if
   * it had read it, and reads from the node only what they lack.
   */
  readAhead?: ReadAhead;
  /** The wallet's state at V, already read by the caller (`verify` reads its earlier runs' states ahead). */
  state?: WalletState;
  /**
   * Versions whose transactions to read beside those the events name (`verify`'s read-ahead: its earlier runs'
   * versions, for their block times), planned with them, so one near the others costs no request of its own.
   */
  alsoTransactionsAt?: readonly bigint[];
}

/** What a run read of the event streams and their transactions, for the runs before it to share. */
export interface ReadAhead {
  events: EventStreams;
  transactions: ReadonlyMap<bigint, TxRecord>;
}

/** The receipt a donor gets in a run that did not read receipts (`readReceipts: false`). */
export const UNREAD_RECEIPT = { lastPaymentSecs: 0n, lastPaymentValue: 0n, cumulative: 0n, vetoWeight: null } as const;

type Progress = (message: string) => void;
type Receipts = ChainRead["receipts"];
type EventStreams = ChainRead["events"];
type EventCursors = ChainRead["cursors"];

/** Reads everything a run needs at V (`startChainRead`, both parts awaited). */
export async function readChain(options: ReadChainOptions): Promise<ChainRead> {
  const reading = await startChainRead(options);
  const [ledger, views] = await Promise.all([reading.ledger, reading.views]);
  return { ...ledger, ...views };
}

/**
 * A run's reads under way: the ledger's part (events, their transactions, the opening balance) and the views',
 * each settling on its own, so a caller can work on the ledger's read while the views are still read (a snapshot
 * run's views are most of its requests at 10^3 donors, and end last). `stop` refuses the reads still queued (a
 * caller that failed on one part while the other is under way); the first failure of either part does it too.
 */
export interface ChainReading {
  ledger: Promise<LedgerRead>;
  views: Promise<ViewsRead>;
  stop(failure: unknown): void;
}

const noop = () => {};

/** Pins V, reads the wallet's state there, and starts every other read of the run at once (`ChainReading`). */
export async function startChainRead(options: ReadChainOptions): Promise<ChainReading> {
  const { reader, previous } = options;
  const wallet = normalizeAddress(options.wallet);
  const progress = options.onProgress ?? (() => {});
  const { info, version } = await pinLedgerVersion(reader, options);
  progress(`pinned ledger version ${version}`);
  const state = options.state ?? (await readWalletState(reader, wallet, version));

  // Everything below shares one bound on requests in flight, and runs at once: receipts, tallies, event pages and
  // the transactions behind them as soon as their versions are sure. The first failure refuses all queued work (the
  // node's failures also abort what is in flight, through the reader's stop).
  const fanOut = createRunStop(reader.run.signal);
  // Three lanes taking turns: event pages, their transactions and views (receipts, veto weights and tallies), so
  // the transactions' reads start as soon as their versions are sure, not after every event page or every view.
  const [limit, transactionLimit, viewLimit] = createLaneLimiters(options.concurrency, 3, fanOut) as [
    Limiter,
    Limiter,
    Limiter,
  ];
  const cursors = previousCursors(previous);
  const counters = eventCounters(state, cursors, version);
  const receiptsRead =
    options.readReceipts === false
      ? Promise.resolve(new Map(depositorList(state.resources).map((donor) => [donor, { ...UNREAD_RECEIPT }])))
      : readDonorReceipts(reader, viewLimit, wallet, version, state.resources);
  const talliesRead =
    options.readVetoTallies === false
      ? Promise.resolve(new Map<bigint, VetoTallyView>())
      : readVetoTallies(reader, viewLimit, wallet, version, collectVetoBallotIds(state.resources));
  const views = Promise.all([receiptsRead, talliesRead]).then(([receipts, vetoTallies]) => ({ receipts, vetoTallies }));
  const ledger = (async (): Promise<LedgerRead> => {
    const transactionReads = startTransactionReads(
      reader,
      transactionLimit,
      wallet,
      version,
      progress,
      {
        deposits: { from: cursors.deposits, until: counters.deposits },
        withdrawals: { from: cursors.withdrawals, until: counters.withdrawals },
        newEpochs: { from: cursors.newEpochs, until: counters.newEpochs },
      },
      options.readAhead?.transactions,
    );
    for (const at of options.alsoTransactionsAt ?? []) transactionReads.want(at);
    const ahead = options.readAhead && sliceEvents(options.readAhead.events, cursors, counters);
    if (ahead) for (const name of STREAM_NAMES) transactionReads.onPage(name, ahead[name]);
    const events = ahead ?? (await readEventStreams(reader, limit, transactionReads.onPage, wallet, cursors, counters));
    // The last transactions are planned once the events are all in, while views may still be under way.
    progress(
      `events read: ${events.deposits.length} deposits, ${events.withdrawals.length} withdrawals, ${events.newEpochs.length} epochs`,
    );
    const transactions = await transactionReads.all();
    progress(`transactions read: ${transactions.size}`);
    const opening =
      previous === null
        ? await limit(() => readOpeningBalance(reader, wallet, version, events, state.coinStore))
        : undefined;
    return {
      info,
      version,
      epoch: state.frameworkConfig.epoch,
      timestampUsec: state.blockTimestampUsec,
      resources: state.resources,
      balanceView: { unlocked: state.balance[0], total: state.balance[1] },
      events,
      cursors: counters,
      creationNumbers: {
        deposits: state.coinStore.deposit_events.guid.id.creation_num,
        withdrawals: state.coinStore.withdraw_events.guid.id.creation_num,
      },
      transactions,
      opening,
    };
  })();
  // Failures outside the limiter's work (an event page out of sequence) end the fan-out too; it stops listening
  // to the run once both parts have settled.
  for (const part of [ledger, views]) part.catch(fanOut.stop);
  // Waits for both without holding what they read (`allSettled` would keep the ledger's read until the views end).
  const settled = (part: Promise<unknown>) => part.then(noop, noop);
  void Promise.all([settled(ledger), settled(views)]).then(fanOut.release);
  return { ledger, views, stop: fanOut.stop };
}

/** The ledger version V the run reads at: the one asked for, or the node's latest; refused if the node lacks it. */
async function pinLedgerVersion(
  reader: ChainReader,
  options: Pick<ReadChainOptions, "info" | "ledgerVersion">,
): Promise<{ info: LedgerInfo; version: bigint }> {
  const info = options.info ?? (await reader.getLedgerInfo());
  const version = options.ledgerVersion ?? info.ledger_version;
  if (version > info.ledger_version) {
    throw new SnapshotRefusedError(
      `Ledger version ${version} is ahead of the node (${info.ledger_version}). Pick a version the node has reached.`,
    );
  }
  if (version < info.oldest_ledger_version) {
    throw new SnapshotRefusedError(
      `Ledger version ${version} is pruned on this node (oldest kept: ${info.oldest_ledger_version}). Use an archive node or a later version.`,
    );
  }
  return { info, version };
}

/** What a run needs of the wallet's state at V. */
export interface WalletState {
  resources: Map<string, unknown>;
  /** The framework's epoch configuration at V: the epoch, and the new-epoch events emitted so far. */
  frameworkConfig: { epoch: bigint; events: { counter: bigint } };
  blockTimestampUsec: bigint;
  /** `ol_account::balance` at V: (unlocked, total). */
  balance: readonly [bigint, bigint];
  coinStore: CoinStore;
}

/**
 * The wallet at V: its resources, the framework's epoch configuration, the block time and the balance view; refused
 * when the account is not a wallet or the balance view and the CoinStore disagree.
 */
export async function readWalletState(reader: ChainReader, wallet: string, version: bigint): Promise<WalletState> {
  const [resourceList, frameworkConfig, block, balance] = await Promise.all([
    reader.getResources(wallet, version),
    reader.getResource(FRAMEWORK, CONFIGURATION_TYPE, version, ReconfigurationWithEventsSchema),
    reader.getBlockByVersion(version),
    reader.view("0x1::ol_account::balance", [wallet], version, BalanceViewSchema),
  ]);
  const resources = new Map(resourceList.map((resource) => [resource.type, resource.data]));
  const coinStore = walletCoinStore(resources, wallet, version);
  checkBalanceView(balance, coinStore, version);
  return { resources, frameworkConfig, blockTimestampUsec: block.block_timestamp, balance, coinStore };
}

/**
 * The wallet's resources at V (one request), with what the caller knows of V without asking: the epoch
 * configuration and the block time. The balance is the CoinStore's; the balance view is not read, so its unlocked
 * part is given as 0 (`verify`'s earlier runs: only the last run's wallet.json keeps it, and `verify` reads the
 * view where the CoinStore is not implied by the ledger, `checkBalanceView`).
 */
export async function readWalletResources(
  reader: ChainReader,
  wallet: string,
  version: bigint,
  known: { epoch: bigint; newEpochs: bigint; timestampUsec: bigint },
  /** Receives and parses the answer's bytes as `JSON.parse` of their text would (a replay's `createReusingJsonParser`, shared by its runs). */
  reading?: AnswerReading,
): Promise<WalletState> {
  const resourceList = await reader.getResources(wallet, version, reading);
  const resources = new Map(resourceList.map((resource) => [resource.type, resource.data]));
  const coinStore = walletCoinStore(resources, wallet, version);
  return {
    resources,
    frameworkConfig: { epoch: known.epoch, events: { counter: known.newEpochs } },
    blockTimestampUsec: known.timestampUsec,
    balance: [0n, coinStore.coin.value],
    coinStore,
  };
}

function walletCoinStore(resources: Map<string, unknown>, wallet: string, version: bigint): CoinStore {
  const coinStoreRaw = resources.get(COIN_STORE_TYPE);
  if (coinStoreRaw === undefined) {
    throw new SnapshotRefusedError(
      `Account ${wallet} has no ${COIN_STORE_TYPE} at version ${version}: it is not a wallet on this chain. Check --address.`,
    );
  }
  return parseOrThrow(CoinStoreSchema, coinStoreRaw, `${COIN_STORE_TYPE} of ${wallet} at version ${version}`);
}

/** The node contradicts itself when its balance view's total is not the CoinStore's value. */
export function checkBalanceView(balance: readonly [bigint, bigint], coinStore: CoinStore, version: bigint): void {
  if (coinStore.coin.value !== balance[1]) {
    throw new SnapshotRefusedError(
      `At version ${version} the balance view says ${balance[1]} but the CoinStore holds ${coinStore.coin.value} base units. The node is inconsistent; try another node.`,
    );
  }
}

/** Every depositor the wallet lists at V, canonical and sorted. */
function depositorList(resources: Map<string, unknown>): string[] {
  const depositors = DepositorListSchema.safeParse(resources.get("0x1::cumulative_deposits::CumulativeDeposits"));
  return depositors.success ? [...new Set(depositors.data.depositors.map(normalizeAddress))].sort() : [];
}

/** Donors: every depositor's receipt and veto weight, at V. */
async function readDonorReceipts(
  reader: ChainReader,
  limit: Limiter,
  wallet: string,
  version: bigint,
  resources: Map<string, unknown>,
): Promise<Receipts> {
  const donorList = depositorList(resources);
  const receiptsRead = Promise.all(
    donorList.map((donor) =>
      limit(() => reader.view("0x1::receipts::read_receipt", [donor, wallet], version, ReadReceiptViewSchema)),
    ),
  );
  const weightsRead = Promise.all(
    donorList.map((donor) =>
      limit(() =>
        reader.viewUnlessAborted(
          "0x1::donor_voice_governance::get_user_donations",
          [wallet, donor],
          version,
          UserDonationsViewSchema,
        ),
      ),
    ),
  );
  const [receiptValues, weights] = await Promise.all([receiptsRead, weightsRead]);
  return new Map(
    donorList.map((donor, i) => {
      const [lastPaymentSecs, lastPaymentValue, cumulative] = receiptValues[i] as [bigint, bigint, bigint];
      const vetoWeight = weights[i]?.[0] ?? null;
      return [donor, { lastPaymentSecs, lastPaymentValue, cumulative, vetoWeight }] as const;
    }),
  );
}

/** Veto tallies: `get_veto_tally` at V of every ballot id in the veto governance resource. */
async function readVetoTallies(
  reader: ChainReader,
  limit: Limiter,
  wallet: string,
  version: bigint,
  ballotIds: bigint[],
): Promise<Map<bigint, VetoTallyView>> {
  const tallies = await Promise.all(
    ballotIds.map((id) =>
      limit(() =>
        reader.view(
          "0x1::donor_voice_governance::get_veto_tally",
          [wallet, id.toString()],
          version,
          VetoTallyViewSchema,
        ),
      ),
    ),
  );
  return new Map(ballotIds.map((id, i) => [id, tallies[i] as VetoTallyView]));
}

/** Where the previous snapshot stopped in each event stream (0 for a first snapshot). */
function previousCursors(previous: Snapshot | null): EventCursors {
  return {
    deposits: BigInt(previous?.meta.eventCursors.deposits ?? "0"),
    withdrawals: BigInt(previous?.meta.eventCursors.withdrawals ?? "0"),
    newEpochs: BigInt(previous?.meta.eventCursors.newEpochs ?? "0"),
  };
}

/** The handle counters at V, where each stream stops; refused when one is below what is already committed. */
function eventCounters(state: WalletState, cursors: EventCursors, version: bigint): EventCursors {
  const counters = {
    deposits: state.coinStore.deposit_events.counter,
    withdrawals: state.coinStore.withdraw_events.counter,
    newEpochs: state.frameworkConfig.events.counter,
  };
  for (const stream of ["deposits", "withdrawals", "newEpochs"] as const) {
    if (counters[stream] < cursors[stream]) {
      throw new SnapshotRefusedError(
        `The ${stream} event counter at version ${version} is ${counters[stream]}, below the ${cursors[stream]} events the committed snapshot already holds. The node serves a different history; refusing to rewrite it.`,
      );
    }
  }
  return counters;
}

/** A run's event streams by name. */
type StreamName = keyof EventStreams;

/**
 * The transactions behind the events, read while the event pages still arrive: every page names its versions as it
 * comes (`onPage`, which also refuses a version after V), and the transactions of the versions the run is sure of
 * are read at once, by the read plan (`read-plan.ts`: range reads where they are dense, single reads where sparse),
 * in their own lane of the run's bound on requests, beside the event pages and the views. A version is sure once
 * every stream has either been read to its end or been read without a gap past it: a stream's versions never go
 * down as its sequence numbers go up, so a page can add no version below the last one its stream has without a gap
 * (`createGrowingPlan` gives the plan the whole set would give). `all()`, once every page is in, reads the rest and
 * returns every transaction in version order. Each transaction is kept under the version it was asked for,
 * whichever way it came, so the checks of `check-chain-facts.ts` (the version it names, the events it lists) apply
 * alike to range and single reads; a range page's transactions nobody asked for are dropped as soon as the page is
 * read.
 */
function startTransactionReads(
  reader: ChainReader,
  limit: Limiter,
  wallet: string,
  version: bigint,
  progress: Progress,
  /** Each stream's sequence numbers to be read, `[from, until)`. */
  streams: Record<StreamName, { from: bigint; until: bigint }>,
  known: ReadonlyMap<bigint, TxRecord> = new Map(),
) {
  // Each wanted version by its value (`u64Key`), mapped to the one bigint that stands for it: the first event's
  // at that version, which the other events at that version, the record's key and the record's own version then share.
  const wanted = new Map<U64Key, bigint>();
  const plan = createGrowingPlan({ pageLimit: TRANSACTION_PAGE_LIMIT });
  const want = (at: bigint) => {
    const key = u64Key(at);
    if (at > version || wanted.has(key)) return;
    wanted.set(key, at);
    if (known.size === 0 || !known.has(at)) plan.add(at);
  };

  // How far each stream has been read without a gap: `next` is its first sequence number not yet in, `last` the
  // version of the event before it; pages that arrived ahead of a gap wait in `ahead` by their first sequence number.
  type PageSpan = { end: bigint; last: bigint };
  type StreamRead = { next: bigint; until: bigint; last: bigint | undefined; ahead: Map<U64Key, PageSpan> };
  const streamRead = (name: StreamName): StreamRead => {
    const { from, until } = streams[name];
    return { next: from, until, last: undefined, ahead: new Map() };
  };
  const read: Record<StreamName, StreamRead> = {
    deposits: streamRead("deposits"),
    withdrawals: streamRead("withdrawals"),
    newEpochs: streamRead("newEpochs"),
  };
  const onPage = (stream: StreamName, events: readonly ChainEvent[]) => {
    for (const event of events) {
      if (event.version > version) {
        throw new ChainRequestError(
          `Event ${event.type} #${event.sequence_number} is at version ${event.version}, after the pinned version ${version}, although the handle counter at ${version} excludes it. The node is inconsistent; try another node.`,
          { url: reader.nodeUrl },
        );
      }
      const key = u64Key(event.version);
      const same = wanted.get(key);
      if (same === undefined) want(event.version);
      else event.version = same;
    }
    const first = events[0];
    const last = events.at(-1);
    if (first === undefined || last === undefined) return;
    const progressOf = read[stream];
    progressOf.ahead.set(u64Key(first.sequence_number), { end: last.sequence_number + 1n, last: last.version });
    for (;;) {
      const key = u64Key(progressOf.next);
      const span = progressOf.ahead.get(key);
      if (span === undefined) break;
      progressOf.ahead.delete(key);
      progressOf.next = span.end;
      progressOf.last = span.last;
    }
    const below = sureBelow();
    if (below !== null) start(plan.take(below));
  };
  /** Every wanted version under this one is known (undefined: every one is); null while a stream has no start yet. */
  const sureBelow = (): bigint | undefined | null => {
    let below: bigint | undefined;
    for (const stream of Object.values(read)) {
      if (stream.next >= stream.until) continue;
      if (stream.last === undefined) return null;
      if (below === undefined || stream.last < below) below = stream.last;
    }
    return below;
  };

  const intern = createInterner();
  const internNumber = createInterner<bigint>();
  const records = new Map<U64Key, TxRecord>();
  let fetched = 0;
  let ranges = 0;
  let singles = 0;
  const keep = (asked: bigint, tx: ChainTransaction) => {
    const record = toTxRecord(tx, wallet, intern, internNumber);
    // `asked` is the bigint the key will be: the record shares it when the transaction names the same version.
    if (record.version === asked) record.version = asked;
    records.set(u64Key(asked), record);
    fetched++;
    if (fetched % 1000 === 0) progress(`transactions read: ${fetched}/${wanted.size} so far`);
  };
  const reads: Promise<void>[] = [];
  const start = (planned: readonly PlannedRead[]) => {
    for (const planRead of planned) {
      const reading =
        planRead.kind === "single"
          ? limit(() => reader.getTransaction(planRead.version)).then((tx) => keep(planRead.version, tx))
          : readTransactionRange(reader, limit, planRead, version, (kept, tx) =>
              keep(planRead.wanted[kept] as bigint, tx),
            );
      if (planRead.kind === "single") singles++;
      else ranges++;
      // Awaited by `all()`; a failure meanwhile has already stopped the run (the limiter's stop).
      reading.catch(noop);
      reads.push(reading);
    }
  };

  const all = async (): Promise<Map<bigint, TxRecord>> => {
    start(plan.take());
    progress(`transactions to read: ${wanted.size} in ${ranges} range reads and ${singles} single reads`);
    await Promise.all(reads);
    const versions = [...wanted.values()].sort(compareBigint);
    wanted.clear();
    // In version order; a version a read did not bring is absent, and the chain-facts check names it.
    const byVersion = new Map<bigint, TxRecord>();
    for (const v of versions) {
      const record = records.get(u64Key(v)) ?? (known.size === 0 ? undefined : known.get(v));
      if (record !== undefined) byVersion.set(v, record);
    }
    return byVersion;
  };
  return { onPage, want, all };
}

/** Most transactions asked for in one range read: the page limit of a real node (`max_transactions_page_size`). */
export const TRANSACTION_PAGE_LIMIT = 100;

/**
 * One planned range read. A node may return fewer transactions than asked (it clamps the limit): the read goes on
 * from the first version not yet received. The n-th transaction of a page is taken as the one at `start + n`, so a
 * node that skips or reorders versions is caught by the version check like a wrong single read.
 */
async function readTransactionRange(
  reader: ChainReader,
  limit: Limiter,
  read: RangeRead,
  pinned: bigint,
  /** Takes each wanted transaction with its place in `read.wanted`. */
  keep: (kept: number, tx: ChainTransaction) => void,
): Promise<void> {
  // The wanted versions are ascending: the next one to keep is `read.wanted[kept]` (the very bigint the plan holds).
  let kept = 0;
  const end = read.start + BigInt(read.limit);
  let next = read.start;
  while (next < end) {
    const from = next;
    const page = await limit(() => reader.getTransactionPage(from, Number(end - from), pinned));
    if (page.length === 0) {
      throw new ChainRequestError(
        `The node returned no transactions from version ${from}, which is before the pinned version. The node may be lagging or pruned; try again or use another node.`,
        { url: reader.nodeUrl },
      );
    }
    // Only the transactions asked for are validated; the others are dropped with the page, unread.
    for (const raw of page) {
      if (next >= end) break;
      const asked = read.wanted[kept];
      if (asked === next) {
        const context = `transaction ${next} (of the page from version ${from}) from ${reader.nodeUrl}`;
        keep(kept, parseOrThrow(UserTransactionSchema, raw, context));
        kept++;
      }
      next++;
    }
  }
}

/**
 * The events between the cursors and the counters, taken from events read ahead (each list contiguous by sequence
 * number, as `readEvents` returns it); undefined when a stream's part is not all there, so the run reads it.
 */
function sliceEvents(ahead: EventStreams, cursors: EventCursors, counters: EventCursors): EventStreams | undefined {
  const slice = (list: ChainEvent[], from: bigint, until: bigint): ChainEvent[] | undefined => {
    if (from === until) return [];
    const first = list[0]?.sequence_number;
    if (first === undefined || from < first || until - first > BigInt(list.length)) return undefined;
    return list.slice(Number(from - first), Number(until - first));
  };
  const deposits = slice(ahead.deposits, cursors.deposits, counters.deposits);
  const withdrawals = slice(ahead.withdrawals, cursors.withdrawals, counters.withdrawals);
  const newEpochs = slice(ahead.newEpochs, cursors.newEpochs, counters.newEpochs);
  if (!deposits || !withdrawals || !newEpochs) return undefined;
  return { deposits, withdrawals, newEpochs };
}

const STREAM_NAMES = ["deposits", "withdrawals", "newEpochs"] as const satisfies readonly StreamName[];

/**
 * Event streams, from where the previous snapshot stopped to the handle counters at V. The shortest stream's pages
 * are asked for first: a transaction is read only once every stream is past its version (`startTransactionReads`),
 * so the short streams are best read to their ends while the longest one's pages come in order.
 */
async function readEventStreams(
  reader: ChainReader,
  limit: Limiter,
  onPage: (stream: StreamName, events: readonly ChainEvent[]) => void,
  wallet: string,
  cursors: EventCursors,
  counters: EventCursors,
): Promise<EventStreams> {
  const where: Record<StreamName, { address: string; structTag: string; fieldName: string }> = {
    deposits: { address: wallet, structTag: COIN_STORE_TYPE, fieldName: "deposit_events" },
    withdrawals: { address: wallet, structTag: COIN_STORE_TYPE, fieldName: "withdraw_events" },
    newEpochs: { address: FRAMEWORK, structTag: CONFIGURATION_TYPE, fieldName: "events" },
  };
  const length = (name: StreamName) => counters[name] - cursors[name];
  const shortestFirst = [...STREAM_NAMES].sort((a, b) => compareBigint(length(a), length(b)));
  const reading = {} as Record<StreamName, Promise<ChainEvent[]>>;
  for (const name of shortestFirst) {
    reading[name] = reader.readEvents(
      { ...where[name], fromSequence: cursors[name], untilSequence: counters[name] },
      { limit, onPage: (events) => onPage(name, events) },
    );
  }
  const [deposits, withdrawals, newEpochs] = await Promise.all([
    reading.deposits,
    reading.withdrawals,
    reading.newEpochs,
  ]);
  return { deposits, withdrawals, newEpochs };
}

/**
 * A first snapshot's opening balance: the CoinStore just before the wallet's first recorded movement (0 before
 * the account existed), or the balance at V when nothing moved yet.
 */
async function readOpeningBalance(
  reader: ChainReader,
  wallet: string,
  version: bigint,
  events: EventStreams,
  coinStore: CoinStore,
): Promise<NonNullable<ChainRead["opening"]>> {
  const first = [...events.deposits, ...events.withdrawals].reduce<bigint | undefined>(
    (min, event) => (min === undefined || event.version < min ? event.version : min),
    undefined,
  );
  if (first === undefined) return { amount: coinStore.coin.value, ledgerVersion: version };
  if (first === 0n) return { amount: 0n, ledgerVersion: 0n };
  const before = first - 1n;
  const resourcesBefore = await reader.getResources(wallet, before).catch((error: unknown) => {
    if (error instanceof ChainRequestError && error.status === 404) return [];
    throw error;
  });
  const store = resourcesBefore.find((resource) => resource.type === COIN_STORE_TYPE);
  const value = store ? parseOrThrow(CoinStoreSchema, store.data, `${COIN_STORE_TYPE} at ${before}`).coin.value : 0n;
  return { amount: value, ledgerVersion: before };
}

export const VETO_GOVERNANCE_TYPE =
  "0x1::donor_voice_governance::Governance<0x1::turnout_tally::TurnoutTally<0x1::donor_voice_governance::Veto>>";

function collectVetoBallotIds(resources: Map<string, unknown>): bigint[] {
  const raw = resources.get(VETO_GOVERNANCE_TYPE);
  if (raw === undefined) return [];
  const { tracker } = parseOrThrow(GovernanceBallotIdsSchema, raw, VETO_GOVERNANCE_TYPE);
  return [...tracker.ballots_pending, ...tracker.ballots_approved, ...tracker.ballots_rejected]
    .map((ballot) => ballot.guid.id.creation_num)
    .sort(compareBigint);
}
