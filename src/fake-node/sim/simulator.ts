/**
 * The Donor Voice simulator: a pure, deterministic state machine that plays a `Scenario` epoch by epoch and records
 * every state change as a transaction at a new ledger version. The result is a `FakeChain` (model.ts) that answers
 * reads at any version as the chain did then.
 *
 * Ledger layout: version 0 is the genesis transaction (all accounts, the wallet already a caged Donor Voice wallet).
 * Every later block starts with a block-metadata transaction followed by at most `blockSize` user transactions; user
 * blocks are spread evenly over the epoch, and the boundary transaction (`0x1::diem_governance::trigger_epoch`) gets
 * its own block at epoch start + `epochSecs` + `triggerDelaySecs`, which is where the next epoch starts. Timestamps
 * derive only from `genesisTime`.
 */
import type { MoveJson } from "../model.ts";
import { SimulatedChain } from "./chain.ts";
import {
  type BlockRec,
  blockHash,
  type ChainData,
  type EventRec,
  EXECUTED,
  GAS_UNIT_PRICE,
  PROPOSER,
  streamKey,
  type TxRec,
} from "./ledger.ts";
import { fakeHash, shortAddress, utf8Hex } from "./move-json.ts";
import {
  AccountKind,
  ActionKind,
  AdvancesKind,
  BlockResourceKind,
  BoundaryStatusKind,
  CoinStoreKind,
  CommunityWalletKind,
  ConfigurationKind,
  CumuKind,
  DonorAuthorizedKind,
  FRAMEWORK,
  FreezeKind,
  GUID,
  LiquidateGovKind,
  MultiGovKind,
  MultisigKind,
  type Payment,
  type PaymentBallot,
  PropGovActionKind,
  ReauthGovKind,
  ReceiptsKind,
  RegistryKind,
  SlowWalletKind,
  type TimedTransfer,
  TxScheduleKind,
  type VetoBallot,
  VetoGovKind,
} from "./resources.ts";
import { DonorVoiceRules, TxContext } from "./rules.ts";
import { genesisUsec, type Scenario } from "./scenario.ts";
import { emptyLog, VersionedStore } from "./store.ts";
import { MoveAbort } from "./tally.ts";

export { SimulatedChain } from "./chain.ts";

const LIBRA = 1_000_000n;
/** Opening balance of accounts the scenario gives none: enough gas for years of transactions. */
const DEFAULT_BALANCE = 10n * LIBRA;

/** Gas units per entry function (roughly what such calls cost; only their stability matters). */
const GAS = {
  transfer: 11n,
  propose: 42n,
  veto: 57n,
  trigger: 151n,
} as const;

export const FN = {
  transfer: "0x1::ol_account::transfer",
  propose: "0x1::donor_voice_txs::propose_payment_tx",
  veto: "0x1::donor_voice_txs::propose_veto_tx",
  trigger: "0x1::diem_governance::trigger_epoch",
} as const;

/** Legacy (16-byte) addresses were the second half of the auth key; newer ones equal it (chain.md §1). */
function authKeyOf(addr: string): string {
  if (addr.startsWith("0".repeat(32))) return `0x${fakeHash("auth-key", addr).slice(2, 34)}${addr.slice(32)}`;
  return `0x${addr}`;
}

/** The wallet's key was rotated away when it was caged; no one can sign for it. */
const BRICKED_AUTH_KEY = `0x${"0".repeat(64)}`;

class Builder {
  private readonly sc: Scenario;
  private readonly wallet: string;
  private readonly store = new VersionedStore();
  private readonly txs: TxRec[] = [];
  private readonly blocks: BlockRec[] = [];
  private readonly streams = new Map<string, EventRec[]>();
  private readonly bySender = new Map<string, number[]>();
  readonly rules: DonorVoiceRules;
  private readonly slow: Set<string>;
  readonly refIds = new Map<string, bigint>();
  private readonly refData = new Map<string, { payment: Payment; advance: boolean }>();
  /** Version of every boundary transaction, by the epoch it closed. */
  readonly boundaryVersions = new Map<bigint, number>();

  private epoch: bigint;
  private epochStartUsec: bigint;
  private nowUsec: bigint;
  private readonly epochUsec: bigint;
  private inBlock = 0;
  private blockSlot = 0n;
  private spacing = 0n;

  constructor(sc: Scenario) {
    this.sc = sc;
    this.wallet = sc.wallet.address;
    this.epoch = BigInt(sc.firstEpoch);
    this.epochStartUsec = genesisUsec(sc.genesisTime);
    this.nowUsec = this.epochStartUsec;
    this.epochUsec = BigInt(sc.epochSecs) * 1_000_000n;
    this.slow = this.slowAccounts();
    this.rules = new DonorVoiceRules({
      wallet: this.wallet,
      minTurnout: BigInt(sc.rules.minTurnoutBps),
      paymentDelay: BigInt(sc.rules.paymentDelayEpochs),
      vetoDuration: BigInt(sc.rules.vetoDurationEpochs),
      proposalExpiry: BigInt(sc.rules.proposalExpiryEpochs),
      vetoJoinsPendingBallot: sc.rules.vetoJoinsPendingBallot,
      slow: this.slow,
    });
  }

  private slowAccounts(): Set<string> {
    const slow = new Set<string>();
    for (const e of this.sc.epochs) for (const p of e.proposals) if (!p.advance) slow.add(p.payee);
    for (const a of this.sc.accounts) {
      if (a.slow === true) slow.add(a.address);
      if (a.slow === false) slow.delete(a.address);
    }
    slow.delete(this.wallet);
    return slow;
  }

  /**
   * Every address the scenario mentions, in order of first mention, with its opening balance: explicit, else
   * donations plus 10 LIBRA for donors, 10 LIBRA (gas) for other senders, nothing for accounts that only receive.
   */
  private accounts(): Map<string, bigint> {
    const donated = new Map<string, bigint>();
    const senders = new Set<string>([this.sc.triggerSigner]);
    for (const e of this.sc.epochs) {
      for (const d of e.donations) donated.set(d.donor, (donated.get(d.donor) ?? 0n) + d.amount);
      for (const p of e.proposals) senders.add(p.authority);
      for (const a of e.approvals) senders.add(a.authority);
      for (const v of e.vetoes) senders.add(v.donor);
    }
    const out = new Map<string, bigint>();
    const add = (a: string): void => {
      if (a === this.wallet || a === FRAMEWORK || out.has(a)) return;
      const d = donated.get(a);
      out.set(a, d !== undefined ? d + DEFAULT_BALANCE : senders.has(a) ? DEFAULT_BALANCE : 0n);
    };
    for (const a of this.sc.accounts) {
      add(a.address);
      if (a.balance !== undefined) out.set(a.address, a.balance);
    }
    for (const a of this.sc.wallet.authorities) add(a);
    add(this.sc.triggerSigner);
    for (const e of this.sc.epochs) {
      for (const d of e.donations) add(d.donor);
      for (const p of e.proposals) {
        add(p.authority);
        add(p.payee);
      }
      for (const a of e.approvals) add(a.authority);
      for (const v of e.vetoes) add(v.donor);
    }
    return out;
  }

  run(): ChainData {
    this.genesis();
    const last = this.sc.epochs.length - 1;
    this.sc.epochs.forEach((e, i) => {
      const userTxs = e.donations.length + e.proposals.length + e.approvals.length + e.vetoes.length;
      const blocksNeeded = BigInt(Math.ceil(userTxs / this.sc.blockSize));
      this.spacing = this.epochUsec / (blocksNeeded + 1n);
      this.blockSlot = 0n;
      this.inBlock = this.sc.blockSize;
      for (const d of e.donations) {
        this.userTx(d.donor, FN.transfer, [shortAddress(this.wallet), d.amount.toString()], GAS.transfer, (ctx) =>
          this.rules.transfer(ctx, d.donor, this.wallet, d.amount),
        );
      }
      for (const p of e.proposals) {
        const payment: Payment = { payee: p.payee, value: p.amount, description: p.description };
        this.refData.set(p.ref, { payment, advance: p.advance });
        this.propose(p.ref, p.authority);
      }
      for (const a of e.approvals) this.propose(a.ref, a.authority);
      for (const v of e.vetoes) {
        const id = this.refIds.get(v.ref) ?? 0n;
        this.userTx(v.donor, FN.veto, [shortAddress(this.wallet), id.toString()], GAS.veto, (ctx) =>
          this.rules.proposeVeto(ctx, v.donor, id),
        );
      }
      if (i < last) {
        const closing = this.epoch;
        const triggerAt = this.epochStartUsec + this.epochUsec + BigInt(e.triggerDelaySecs) * 1_000_000n;
        this.openBlockAfterFiller(triggerAt);
        const inflows = e.inflows.map((x) => x.amount);
        const v = this.userTx(this.sc.triggerSigner, FN.trigger, [], GAS.trigger, (ctx) =>
          this.rules.boundary(ctx, closing, inflows),
        );
        this.boundaryVersions.set(closing, v);
        this.epoch += 1n;
        this.epochStartUsec = triggerAt;
        // The boundary block is complete: the next user transaction opens a new block.
        this.inBlock = this.sc.blockSize;
      }
    });
    return {
      chainId: this.sc.chainId,
      store: this.store,
      txs: this.txs,
      blocks: this.blocks,
      streams: this.streams,
      bySender: this.bySender,
    };
  }

  private propose(ref: string, authority: string): void {
    const data = this.refData.get(ref);
    if (data === undefined) throw new Error(`simulator bug: proposal ref ${ref} used before it was defined`);
    const { payment: p, advance } = data;
    const args: MoveJson[] = [
      shortAddress(this.wallet),
      shortAddress(p.payee),
      p.value.toString(),
      utf8Hex(p.description),
      advance,
    ];
    this.userTx(authority, FN.propose, args, GAS.propose, (ctx) => {
      const id = this.rules.proposePayment(ctx, authority, p, advance);
      if (!this.refIds.has(ref)) ctx.onCommit.push(() => this.refIds.set(ref, id));
    });
  }

  private genesis(): void {
    const v = 0;
    const s = this.store;
    const genesisSecs = this.nowUsec / 1_000_000n;
    this.txs.push({ kind: "genesis", version: v, events: [] });
    this.blocks.push({ height: 0, firstVersion: 0, lastVersion: 0, timestampUsec: this.nowUsec, epoch: this.epoch });

    s.put(FRAMEWORK, AccountKind, v, { seq: 0n, authKey: `0x${FRAMEWORK}`, guidCreationNum: GUID.frameworkFirstFree });
    s.put(FRAMEWORK, ConfigurationKind, v, { epoch: this.epoch, lastReconfigurationTime: this.nowUsec, events: 0n });
    s.put(FRAMEWORK, BlockResourceKind, v, { height: 0n, epochInterval: this.epochUsec });
    s.put(FRAMEWORK, RegistryKind, v, { list: [this.wallet], liquidationQueue: [] });
    s.put(FRAMEWORK, BoundaryStatusKind, v, { ddAccountsCount: 0n, ddAccountsAmount: 0n, ddAccountsSuccess: false });

    const openAccount = (addr: string, balance: bigint, authKey: string): void => {
      s.put(addr, AccountKind, v, { seq: 0n, authKey, guidCreationNum: GUID.firstFree });
      s.put(addr, CoinStoreKind, v, { value: balance, deposits: 0n, withdrawals: 0n });
      s.put(addr, ReceiptsKind, v, { destination: [], cumulative: [], lastTs: [], lastValue: [] });
      if (this.slow.has(addr)) s.put(addr, SlowWalletKind, v, { unlocked: 0n, transferred: 0n });
    };
    for (const [addr, balance] of this.accounts()) openAccount(addr, balance, authKeyOf(addr));

    const w = this.wallet;
    const wc = this.sc.wallet;
    openAccount(w, wc.openingBalance, BRICKED_AUTH_KEY);
    s.put(w, CommunityWalletKind, v, null);
    s.put(w, TxScheduleKind, v, { scheduled: [], veto: emptyLog<TimedTransfer>(), paid: emptyLog<TimedTransfer>() });
    s.put(w, FreezeKind, v, {
      isFrozen: false,
      consecutiveRejections: 0n,
      liquidateToMatchIndex: wc.liquidateToMatchIndex,
    });
    s.put(w, VetoGovKind, v, { pending: [], approved: emptyLog<VetoBallot>(), rejected: emptyLog<VetoBallot>() });
    s.put(w, ReauthGovKind, v, null);
    s.put(w, LiquidateGovKind, v, null);
    s.put(w, AdvancesKind, v, {
      balanceOutstanding: 0n,
      lastWithdrawal: 0n,
      lifetimeWithdrawals: 0n,
      lastWithdrawalSecs: 0n,
      lastDepositAmount: 0n,
      lastDepositSecs: genesisSecs,
      lifetimeDeposits: 0n,
    });
    s.put(w, DonorAuthorizedKind, v, { timestamp: genesisSecs, reauthRequired: false });
    s.put(w, CumuKind, v, { value: 0n, index: 0n, depositors: emptyLog() });
    s.put(w, MultiGovKind, v, { signers: wc.authorities, durationEpochs: BigInt(this.sc.rules.proposalExpiryEpochs) });
    s.put(w, ActionKind, v, { pending: [], approved: emptyLog<PaymentBallot>(), rejected: emptyLog<PaymentBallot>() });
    s.put(w, PropGovActionKind, v, null);
    s.put(w, MultisigKind, v, { owners: wc.authorities, required: BigInt(wc.threshold) });
  }

  /** Start a block at `timestampUsec` with its block-metadata transaction (which emits `NewBlockEvent`). */
  /** A block for user transactions, after the scenario's filler blocks (a microsecond apart, just before it). */
  private openBlockAfterFiller(timestampUsec: bigint): void {
    for (let k = BigInt(this.sc.fillerBlocks); k > 0n; k--) this.openBlock(timestampUsec - k);
    this.openBlock(timestampUsec);
  }

  private openBlock(timestampUsec: bigint): void {
    const version = this.txs.length;
    const height = this.blocks.length;
    this.nowUsec = timestampUsec;
    this.blocks.push({ height, firstVersion: version, lastVersion: version, timestampUsec, epoch: this.epoch });
    const event: EventRec = {
      version,
      addr: FRAMEWORK,
      creationNum: GUID.newBlockEvents,
      seq: BigInt(height - 1),
      type: "0x1::block::NewBlockEvent",
      data: {
        epoch: this.epoch.toString(),
        failed_proposer_indices: [],
        hash: blockHash(this.sc.chainId, height),
        height: String(height),
        previous_block_votes_bitvec: "0x",
        proposer: shortAddress(PROPOSER),
        round: String(height),
        time_microseconds: timestampUsec.toString(),
      },
    };
    this.txs.push({ kind: "block_metadata", version, height, epoch: this.epoch, timestampUsec, events: [event] });
    this.appendEvents([event]);
    const br = this.store.latest(FRAMEWORK, BlockResourceKind);
    if (br !== undefined) this.store.put(FRAMEWORK, BlockResourceKind, version, { ...br, height: BigInt(height) });
    this.inBlock = 0;
  }

  private appendEvents(events: readonly EventRec[]): void {
    for (const e of events) {
      const k = streamKey(e.addr, e.creationNum);
      const list = this.streams.get(k);
      if (list === undefined) this.streams.set(k, [e]);
      else list.push(e);
    }
  }

  /**
   * Run one user transaction at the next version. A `MoveAbort` keeps the transaction (success false, the abort in
   * `vm_status`) but drops its effects, except the sequence number and gas, as the chain does.
   */
  private userTx(
    sender: string,
    fn: string,
    args: MoveJson[],
    gasUsed: bigint,
    body: (ctx: TxContext) => void,
  ): number {
    if (this.inBlock >= this.sc.blockSize) {
      this.blockSlot += 1n;
      this.openBlockAfterFiller(this.epochStartUsec + this.spacing * this.blockSlot);
    }
    this.inBlock += 1;
    const version = this.txs.length;
    let ctx = new TxContext(this.store, this.epoch, this.nowUsec);
    let success = true;
    let vmStatus = EXECUTED;
    try {
      body(ctx);
    } catch (err) {
      if (!(err instanceof MoveAbort)) throw err;
      success = false;
      vmStatus = err.message;
      ctx = new TxContext(this.store, this.epoch, this.nowUsec);
    }
    const seq = this.rules.bumpSequence(ctx, sender);
    this.rules.chargeGas(ctx, sender, gasUsed * GAS_UNIT_PRICE);
    for (const w of ctx.writes) this.store.put(w.addr, w.kind, version, w.rec);
    for (const f of ctx.onCommit) f();
    const events: EventRec[] = ctx.events.map((e) => ({ ...e, version }));
    this.appendEvents(events);
    this.txs.push({
      kind: "user",
      version,
      sender,
      seq,
      fn,
      args,
      success,
      vmStatus,
      gasUsed,
      timestampUsec: this.nowUsec,
      events,
    });
    const sent = this.bySender.get(sender);
    if (sent === undefined) this.bySender.set(sender, [version]);
    else sent.push(version);
    const block = this.blocks[this.blocks.length - 1] as BlockRec;
    block.lastVersion = version;
    return version;
  }
}

/** Play `scenario` and return the chain it produces (pure: same scenario, same chain, byte for byte). */
export function simulate(scenario: Scenario): SimulatedChain {
  const builder = new Builder(scenario);
  const data = builder.run();
  return new SimulatedChain(data, {
    wallet: scenario.wallet.address,
    refIds: builder.refIds,
    boundaryVersions: builder.boundaryVersions,
    rules: builder.rules,
  });
}
