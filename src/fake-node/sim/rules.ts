/**
 * The Donor Voice rules, one function per Move entry point or framework step, written against a transaction context
 * so an abort leaves no trace. Each function mirrors the libra-framework code chain.md cites (module named in its
 * doc); "aborts" lists the Move abort it reproduces.
 */
import type { MoveJson } from "../model.ts";
import {
  AccountKind,
  type AccountRec,
  ActionKind,
  type ActionRec,
  AdvancesKind,
  BoundaryStatusKind,
  CoinStoreKind,
  ConfigurationKind,
  CumuKind,
  FRAMEWORK,
  FreezeKind,
  GUID,
  IVotedKind,
  MultisigKind,
  type Payment,
  type PaymentBallot,
  ReceiptsKind,
  RegistryKind,
  SlowWalletKind,
  samePayment,
  type TimedTransfer,
  TxScheduleKind,
  type TxScheduleRec,
  type VetoBallot,
  VetoGovKind,
} from "./resources.ts";
import { appendTo, type ResourceKind, type VersionedStore } from "./store.ts";
import { abortCode, ErrorCategory, MoveAbort, tallyPasses } from "./tally.ts";

/** Reads see this transaction's own writes first; nothing reaches the store unless the transaction commits. */
export class TxContext {
  /** A transaction touches a handful of resources, so a scan beats building string keys. */
  readonly writes: Array<{ addr: string; kind: ResourceKind<unknown>; rec: unknown }> = [];
  readonly events: Array<{ addr: string; creationNum: bigint; seq: bigint; type: string; data: MoveJson }> = [];
  /** Bookkeeping outside the store (indexes) to apply only on commit. */
  readonly onCommit: Array<() => void> = [];
  readonly store: VersionedStore;
  readonly epoch: bigint;
  readonly nowUsec: bigint;

  constructor(store: VersionedStore, epoch: bigint, nowUsec: bigint) {
    this.store = store;
    this.epoch = epoch;
    this.nowUsec = nowUsec;
  }

  get nowSecs(): bigint {
    return this.nowUsec / 1_000_000n;
  }

  get<T>(addr: string, kind: ResourceKind<T>): T | undefined {
    for (const w of this.writes) if (w.kind === kind && w.addr === addr) return w.rec as T;
    return this.store.latest(addr, kind);
  }

  /** Like `borrow_global`: the simulator only calls it where the resource exists by construction. */
  must<T>(addr: string, kind: ResourceKind<T>): T {
    const rec = this.get(addr, kind);
    if (rec === undefined) throw new Error(`simulator bug: ${kind.tag} missing at 0x${addr}`);
    return rec;
  }

  set<T>(addr: string, kind: ResourceKind<T>, rec: T): void {
    for (const w of this.writes) {
      if (w.kind === kind && w.addr === addr) {
        w.rec = rec;
        return;
      }
    }
    this.writes.push({ addr, kind: kind as ResourceKind<unknown>, rec });
  }

  emit(addr: string, creationNum: bigint, seq: bigint, type: string, data: MoveJson): void {
    this.events.push({ addr, creationNum, seq, type, data });
  }
}

/** Settings of one simulation that the rules need. */
export interface RuleConfig {
  readonly wallet: string;
  readonly minTurnout: bigint;
  readonly paymentDelay: bigint;
  readonly vetoDuration: bigint;
  readonly proposalExpiry: bigint;
  readonly vetoJoinsPendingBallot: boolean;
  readonly slow: ReadonlySet<string>;
}

const OL_ACCOUNT = "0x1::ol_account";
const DV_TXS = "0x1::donor_voice_txs";
const DV_GOV = "0x1::donor_voice_governance";
const MULTI_ACTION = "0x1::multi_action";
const ADVANCE = "0x1::community_wallet_advance";
const TALLY = "0x1::turnout_tally";

function abort(module: string, name: string, category: number, reason: number, description: string): MoveAbort {
  return new MoveAbort(module, name, abortCode(category, reason), description);
}

export const SCHEDULED = 4;
export const PAID = 5;
export const VETOED = 6;

/** `find_schedule_by_id`: where a transfer is in the TxSchedule (status 4/6/5) and its index, or status 0. */
export function scheduleStatus(s: TxScheduleRec, id: bigint): { status: number; index: number } {
  const i = s.scheduled.findIndex((t) => t.id === id);
  if (i >= 0) return { status: SCHEDULED, index: i };
  const veto = s.veto.log.items;
  for (let j = 0; j < s.veto.len; j++) if (veto[j]?.id === id) return { status: VETOED, index: j };
  const paid = s.paid.log.items;
  for (let j = 0; j < s.paid.len; j++) if (paid[j]?.id === id) return { status: PAID, index: j };
  return { status: 0, index: 0 };
}

export class DonorVoiceRules {
  readonly cfg: RuleConfig;
  /** `${wallet}|${donor}` of every committed depositor, so "is already a depositor" is O(1). */
  private readonly depositors = new Set<string>();

  constructor(cfg: RuleConfig) {
    this.cfg = cfg;
  }

  // ---- coins (0x1::coin, 0x1::ol_account, 0x1::slow_wallet) ----

  /** `slow_wallet::unlocked_amount`: what an account may send. */
  unlocked(ctx: TxContext, addr: string): bigint {
    if (this.cfg.slow.has(addr)) return ctx.get(addr, SlowWalletKind)?.unlocked ?? 0n;
    return ctx.get(addr, CoinStoreKind)?.value ?? 0n;
  }

  withdraw(ctx: TxContext, addr: string, amount: bigint): void {
    const cs = ctx.must(addr, CoinStoreKind);
    if (cs.value < amount) {
      throw abort("0x1::coin", "EINSUFFICIENT_BALANCE", ErrorCategory.invalidArgument, 6, "Not enough coins");
    }
    ctx.set(addr, CoinStoreKind, { ...cs, value: cs.value - amount, withdrawals: cs.withdrawals + 1n });
    ctx.emit(addr, GUID.withdrawEvents, cs.withdrawals, "0x1::coin::WithdrawEvent", { amount: amount.toString() });
  }

  /** `ol_account::deposit_coins` (unlocked = true) or `vm_deposit_coins_locked` (slow wallets stay locked). */
  deposit(ctx: TxContext, addr: string, amount: bigint, unlocked: boolean): void {
    const cs = ctx.must(addr, CoinStoreKind);
    ctx.set(addr, CoinStoreKind, { ...cs, value: cs.value + amount, deposits: cs.deposits + 1n });
    ctx.emit(addr, GUID.depositEvents, cs.deposits, "0x1::coin::DepositEvent", { amount: amount.toString() });
    if (unlocked && this.cfg.slow.has(addr)) {
      const sw = ctx.must(addr, SlowWalletKind);
      ctx.set(addr, SlowWalletKind, { ...sw, unlocked: sw.unlocked + amount });
    }
  }

  /** Gas is charged in the epilogue without an event (Aptos burns it); never more than the sender holds. */
  chargeGas(ctx: TxContext, addr: string, fee: bigint): void {
    const cs = ctx.get(addr, CoinStoreKind);
    if (cs === undefined || fee === 0n) return;
    const take = fee < cs.value ? fee : cs.value;
    ctx.set(addr, CoinStoreKind, { ...cs, value: cs.value - take });
  }

  bumpSequence(ctx: TxContext, addr: string): bigint {
    const acct = ctx.must(addr, AccountKind);
    ctx.set(addr, AccountKind, { ...acct, seq: acct.seq + 1n });
    return acct.seq;
  }

  /** `account::create_guid_with_capability`: the next creation number of the wallet's single GUID counter. */
  private newGuid(ctx: TxContext, addr: string): bigint {
    const acct: AccountRec = ctx.must(addr, AccountKind);
    ctx.set(addr, AccountKind, { ...acct, guidCreationNum: acct.guidCreationNum + 1n });
    return acct.guidCreationNum;
  }

  // ---- donations: 0x1::ol_account::transfer, cumulative_deposits, receipts ----

  /**
   * `ol_account::transfer(donor, wallet, amount)`.
   * Aborts: `ol_account::EINSUFFICIENT_BALANCE` (amount ≥ unlocked balance), `EZERO_TRANSFER`.
   */
  transfer(ctx: TxContext, payer: string, to: string, amount: bigint): void {
    this.maybeUpdateDeposit(ctx, payer, to, amount);
    if (!(amount < this.unlocked(ctx, payer))) {
      throw abort(OL_ACCOUNT, "EINSUFFICIENT_BALANCE", ErrorCategory.invalidState, 6, "Insufficient balance");
    }
    if (amount === 0n) throw abort(OL_ACCOUNT, "EZERO_TRANSFER", ErrorCategory.invalidArgument, 8, "Zero transfer");
    this.withdraw(ctx, payer, amount);
    this.deposit(ctx, to, amount, true);
  }

  /** `cumulative_deposits::maybe_update_deposit`: only payees that track deposits (Donor Voice wallets). */
  private maybeUpdateDeposit(ctx: TxContext, payer: string, payee: string, amount: bigint): void {
    const cumu = ctx.get(payee, CumuKind);
    if (cumu === undefined) return;
    // deposit_index_curve: newer donations weigh more, ×(1000 + 5·epoch)/1000, truncated.
    const index = (amount * (1000n + ctx.epoch * 5n)) / 1000n;
    const key = `${payee}|${payer}`;
    let depositors = cumu.depositors;
    if (!this.depositors.has(key)) {
      depositors = appendTo(depositors, payer);
      ctx.onCommit.push(() => this.depositors.add(key));
    }
    ctx.set(payee, CumuKind, { value: cumu.value + amount, index: cumu.index + index, depositors });
    this.writeReceipt(ctx, payer, payee, amount);
  }

  /** `receipts::write_receipt`: cumulative, last time (s) and last value per destination, updated in place. */
  private writeReceipt(ctx: TxContext, payer: string, destination: string, value: bigint): void {
    const r = ctx.get(payer, ReceiptsKind);
    if (r === undefined) return;
    const i = r.destination.indexOf(destination);
    const ts = ctx.nowSecs;
    if (i < 0) {
      ctx.set(payer, ReceiptsKind, {
        destination: [...r.destination, destination],
        cumulative: [...r.cumulative, value],
        lastTs: [...r.lastTs, ts],
        lastValue: [...r.lastValue, value],
      });
      return;
    }
    const replace = <T>(xs: readonly T[], v: T): T[] => xs.map((x, j) => (j === i ? v : x));
    ctx.set(payer, ReceiptsKind, {
      destination: r.destination,
      cumulative: replace(r.cumulative, (r.cumulative[i] ?? 0n) + value),
      lastTs: replace(r.lastTs, ts),
      lastValue: replace(r.lastValue, value),
    });
  }

  /** `receipts::read_receipt(donor, wallet)` → (last_ts_s, last_value, cumulative). */
  readReceipt(
    get: <T>(addr: string, kind: ResourceKind<T>) => T | undefined,
    donor: string,
    wallet: string,
  ): [bigint, bigint, bigint] {
    const r = get(donor, ReceiptsKind);
    const i = r === undefined ? -1 : r.destination.indexOf(wallet);
    if (r === undefined || i < 0) return [0n, 0n, 0n];
    return [r.lastTs[i] ?? 0n, r.lastValue[i] ?? 0n, r.cumulative[i] ?? 0n];
  }

  // ---- advances: 0x1::community_wallet_advance ----

  /** `total_credit_available`: 0.5 % of the balance minus what is outstanding. */
  creditAvailable(get: <T>(addr: string, kind: ResourceKind<T>) => T | undefined, wallet: string): bigint {
    const usage = get(wallet, AdvancesKind)?.balanceOutstanding ?? 0n;
    const total = get(wallet, CoinStoreKind)?.value ?? 0n;
    if (usage > total) return 0n;
    const limit = (total * 50n) / 10000n;
    if (usage > limit) return 0n;
    return limit - usage;
  }

  /** `can_withdraw_amount`. Aborts `EAMOUNT_IS_ZERO`. */
  private canWithdraw(ctx: TxContext, amount: bigint): boolean {
    if (amount === 0n) throw abort(ADVANCE, "EAMOUNT_IS_ZERO", ErrorCategory.invalidArgument, 8, "amount is zero");
    return this.creditAvailable((a, k) => ctx.get(a, k), this.cfg.wallet) > amount;
  }

  /** `transfer_credit`: log the advance, then `ol_account::transfer_with_capability` (coins arrive unlocked). */
  private transferCredit(ctx: TxContext, p: Payment): void {
    const w = this.cfg.wallet;
    const adv = ctx.must(w, AdvancesKind);
    ctx.set(w, AdvancesKind, {
      ...adv,
      lastWithdrawal: p.value,
      lastWithdrawalSecs: ctx.nowSecs,
      balanceOutstanding: adv.balanceOutstanding + p.value,
      lifetimeWithdrawals: adv.lifetimeWithdrawals + p.value,
    });
    this.maybeUpdateDeposit(ctx, w, p.payee, p.value);
    if (!(p.value < this.unlocked(ctx, w))) {
      throw abort(OL_ACCOUNT, "EINSUFFICIENT_BALANCE", ErrorCategory.invalidState, 6, "Insufficient balance");
    }
    this.withdraw(ctx, w, p.value);
    this.deposit(ctx, p.payee, p.value, true);
  }

  // ---- proposals: donor_voice_txs::propose_payment_tx, multi_action ----

  /** `multi_action::lazy_cleanup_expired`: pending ballots past their expiration move to rejected (not completed). */
  private cleanupExpired(action: ActionRec, epoch: bigint): ActionRec {
    if (!action.pending.some((b) => epoch > b.expiration)) return action;
    let rejected = action.rejected;
    const pending: PaymentBallot[] = [];
    for (const b of action.pending) {
      if (epoch > b.expiration) rejected = appendTo(rejected, b);
      else pending.push(b);
    }
    return { pending, approved: action.approved, rejected };
  }

  /**
   * `propose_payment_tx(authority, wallet, payee, value, description, advance_unlocked)`; returns the payment id.
   * Aborts: `EUNAUTHORIZED_SLOW_WALLET`, `EUNLOCKED_COIN_LIMIT_EXCEEDED`, `EPAYEE_NOT_SLOW`,
   * `multi_action::ENOT_AUTHORIZED`, `multi_action::EDUPLICATE_VOTE`.
   */
  proposePayment(ctx: TxContext, authority: string, p: Payment, advance: boolean): bigint {
    const w = this.cfg.wallet;
    const payeeSlow = this.cfg.slow.has(p.payee);
    if (advance) {
      if (payeeSlow) {
        throw abort(DV_TXS, "EUNAUTHORIZED_SLOW_WALLET", ErrorCategory.invalidArgument, 10, "payee is a slow wallet");
      }
      if (!this.canWithdraw(ctx, p.value)) {
        throw abort(DV_TXS, "EUNLOCKED_COIN_LIMIT_EXCEEDED", ErrorCategory.invalidArgument, 11, "over credit line");
      }
    } else if (!payeeSlow) {
      throw abort(DV_TXS, "EPAYEE_NOT_SLOW", ErrorCategory.invalidArgument, 7, "payee must be a slow wallet");
    }

    const ms = ctx.must(w, MultisigKind);
    if (!ms.owners.includes(authority)) {
      throw abort(MULTI_ACTION, "ENOT_AUTHORIZED", ErrorCategory.invalidArgument, 3, "not an authority");
    }
    let action = this.cleanupExpired(ctx.must(w, ActionKind), ctx.epoch);
    let ballot = action.pending.find((b) => samePayment(b.payment, p));
    if (ballot === undefined) {
      ballot = {
        id: this.newGuid(ctx, w),
        payment: p,
        votes: [],
        approved: false,
        expiration: ctx.epoch + this.cfg.proposalExpiry,
        completed: false,
      };
      action = { ...action, pending: [...action.pending, ballot] };
    }
    const id = ballot.id;
    if (ballot.votes.includes(authority)) {
      throw abort(MULTI_ACTION, "EDUPLICATE_VOTE", ErrorCategory.invalidArgument, 14, "already voted");
    }
    const votes = [...ballot.votes, authority];
    const passed = BigInt(votes.length) >= ms.required;
    const updated: PaymentBallot = { ...ballot, votes, approved: passed, completed: passed };
    action = passed
      ? {
          pending: action.pending.filter((b) => b.id !== id),
          approved: appendTo(action.approved, updated),
          rejected: action.rejected,
        }
      : { ...action, pending: action.pending.map((b) => (b.id === id ? updated : b)) };
    ctx.set(w, ActionKind, action);

    if (passed) {
      if (payeeSlow) {
        const sched = ctx.must(w, TxScheduleKind);
        const t: TimedTransfer = { id, deadline: ctx.epoch + this.cfg.paymentDelay, payment: p, epochLatestVeto: 0n };
        ctx.set(w, TxScheduleKind, { ...sched, scheduled: [...sched.scheduled, t] });
      } else if (this.canWithdraw(ctx, p.value)) {
        this.transferCredit(ctx, p);
      }
    }
    return id;
  }

  // ---- vetoes: donor_voice_txs::propose_veto_tx, donor_voice_governance, turnout_tally ----

  /** `check_is_donor` via `assert_is_voter`. Aborts `ENOT_A_DONOR`. */
  private assertIsVoter(ctx: TxContext, donor: string): bigint {
    const [, , cumulative] = this.readReceipt((a, k) => ctx.get(a, k), donor, this.cfg.wallet);
    if (cumulative === 0n) throw abort(DV_GOV, "ENOT_A_DONOR", ErrorCategory.permissionDenied, 1, "not a donor");
    return cumulative;
  }

  /**
   * `propose_veto_tx(donor, wallet, tx_id)`: open a veto ballot on a scheduled transfer and cast the donor's weight.
   * Not scheduled (paid, vetoed, unknown) → a successful no-op, as on chain.
   * Aborts: `ENOT_A_DONOR`, `EDUPLICATE_PROPOSAL` (ballot pending, unless `vetoJoinsPendingBallot`),
   * `turnout_tally::ECOMPLETED`, tally arithmetic aborts.
   */
  proposeVeto(ctx: TxContext, donor: string, txId: bigint): void {
    const w = this.cfg.wallet;
    this.assertIsVoter(ctx, donor);
    if (scheduleStatus(ctx.must(w, TxScheduleKind), txId).status !== SCHEDULED) return;

    let gov = ctx.must(w, VetoGovKind);
    const existing = gov.pending.find((b) => b.txId === txId);
    let ballotId: bigint;
    if (existing !== undefined) {
      if (!this.cfg.vetoJoinsPendingBallot) {
        throw abort(DV_GOV, "EDUPLICATE_PROPOSAL", ErrorCategory.invalidArgument, 3, "veto already proposed");
      }
      ballotId = existing.id;
    } else {
      ballotId = this.newGuid(ctx, w);
      const deadline = ctx.epoch + (this.cfg.vetoDuration < 3n ? 3n : this.cfg.vetoDuration);
      const fresh: VetoBallot = {
        id: ballotId,
        txId,
        cfgDeadline: deadline,
        minTurnout: this.cfg.minTurnout,
        maxVotes: ctx.must(w, CumuKind).value,
        votesApprove: 0n,
        votesReject: 0n,
        extendedDeadline: deadline,
        lastEpochVoted: 0n,
        tallyApprovePct: 0n,
        tallyTurnoutPct: 0n,
        tallyPass: false,
        tallyCompleted: false,
        completed: false,
      };
      gov = { ...gov, pending: [...gov.pending, fresh] };
    }

    // veto_handler → veto_by_ballot_id → vote_gov → turnout_tally::vote
    const weight = this.assertIsVoter(ctx, donor);
    let b = gov.pending.find((x) => x.id === ballotId) as VetoBallot;
    if (b.tallyCompleted || (b.cfgDeadline !== 0n && ctx.epoch > b.cfgDeadline)) {
      throw abort(TALLY, "ECOMPLETED", ErrorCategory.invalidState, 1, "The ballot has already been completed.");
    }
    const voted = ctx.get(donor, IVotedKind);
    const already = voted?.elections.some((e) => e.wallet === w && e.ballotId === ballotId) ?? false;
    if (!already) {
      b = { ...b, lastEpochVoted: ctx.epoch, votesApprove: b.votesApprove + weight };
      ctx.set(donor, IVotedKind, {
        elections: [...(voted?.elections ?? []), { wallet: w, ballotId, approve: true, weight }],
      });
    }
    const t = tallyPasses(b);
    b = { ...b, tallyTurnoutPct: t.turnoutPct, tallyApprovePct: t.approvePct };
    b = t.pass
      ? { ...b, tallyCompleted: true, tallyPass: true }
      : { ...b, tallyCompleted: b.cfgDeadline !== 0n && ctx.epoch > b.cfgDeadline };

    // maybe_complete: a decided ballot leaves `pending` for approved/rejected; an undecided one stays.
    if (!b.tallyCompleted) {
      const open = b;
      ctx.set(w, VetoGovKind, { ...gov, pending: gov.pending.map((x) => (x.id === ballotId ? open : x)) });
      return;
    }
    const others = gov.pending.filter((x) => x.id !== ballotId);
    const sched = ctx.must(w, TxScheduleKind);
    const where = scheduleStatus(sched, txId);
    if (where.status !== SCHEDULED) {
      throw abort(DV_TXS, "ENO_PENDING_TRANSACTION_AT_UID", ErrorCategory.invalidState, 3, "not scheduled");
    }
    const tx = sched.scheduled[where.index] as TimedTransfer;
    let done: VetoBallot = { ...b, completed: true };
    if (b.tallyPass) {
      // reject(): scheduled → veto, one more consecutive rejection; maybe_freeze() at more than 2.
      ctx.set(w, TxScheduleKind, {
        scheduled: sched.scheduled.filter((_, i) => i !== where.index),
        veto: appendTo(sched.veto, tx),
        paid: sched.paid,
      });
      const f = ctx.must(w, FreezeKind);
      const rejections = f.consecutiveRejections + 1n;
      ctx.set(w, FreezeKind, { ...f, consecutiveRejections: rejections, isFrozen: f.isFrozen || rejections > 2n });
      ctx.set(w, VetoGovKind, { pending: others, approved: appendTo(gov.approved, done), rejected: gov.rejected });
      return;
    }
    if (tx.epochLatestVeto < ctx.epoch) {
      // Closed without passing: one more epoch for the transfer, mirrored on the ballot (chain.md §4 caveat a).
      const moved = { ...tx, deadline: tx.deadline + 1n };
      ctx.set(w, TxScheduleKind, {
        ...sched,
        scheduled: sched.scheduled.map((x, i) => (i === where.index ? moved : x)),
      });
      done = { ...done, extendedDeadline: moved.deadline };
    }
    ctx.set(w, VetoGovKind, { pending: others, approved: gov.approved, rejected: appendTo(gov.rejected, done) });
  }

  // ---- the epoch boundary: diem_governance::trigger_epoch → epoch_boundary ----

  /**
   * Everything the boundary closing `closing` does to Donor Voice state, in order: match-index inflows (deposits with
   * no receipt), `process_donor_voice_accounts` (pay every scheduled transfer with deadline ≤ closing as locked coins;
   * a short balance puts it back in `scheduled`), `BoundaryStatus`, then reconfiguration (`NewEpochEvent`).
   */
  boundary(ctx: TxContext, closing: bigint, inflows: readonly bigint[]): void {
    const w = this.cfg.wallet;
    for (const amount of inflows) this.deposit(ctx, w, amount, true);

    const registry = ctx.must(FRAMEWORK, RegistryKind);
    let count = 0n;
    let processed = 0n;
    let expected = 0n;
    for (const wallet of registry.list) {
      const sched = ctx.get(wallet, TxScheduleKind);
      if (sched === undefined) continue;
      const keep = sched.scheduled.filter((t) => t.deadline > closing);
      const due = sched.scheduled.filter((t) => t.deadline <= closing);
      let scheduled = keep;
      let paid = sched.paid;
      // filter_scheduled_due + pop_back: the due list is processed from its last element to its first.
      for (let i = due.length - 1; i >= 0; i--) {
        const t = due[i] as TimedTransfer;
        expected += t.payment.value;
        const balance = ctx.must(wallet, CoinStoreKind).value;
        let sent = 0n;
        if (t.payment.value <= balance && t.payment.value > 0n) {
          this.withdraw(ctx, wallet, t.payment.value);
          this.deposit(ctx, t.payment.payee, t.payment.value, false);
          sent = t.payment.value;
        }
        if (sent > 0n) {
          const f = ctx.must(wallet, FreezeKind);
          if (f.consecutiveRejections !== 0n) ctx.set(wallet, FreezeKind, { ...f, consecutiveRejections: 0n });
          paid = appendTo(paid, t);
        } else {
          scheduled = [...scheduled, t];
        }
        processed += sent;
      }
      if (due.length > 0) ctx.set(wallet, TxScheduleKind, { scheduled, veto: sched.veto, paid });
      count += 1n;
    }
    ctx.set(FRAMEWORK, BoundaryStatusKind, {
      ddAccountsCount: count,
      ddAccountsAmount: processed,
      ddAccountsSuccess: BigInt(registry.list.length) === count && processed === expected,
    });

    const cfg = ctx.must(FRAMEWORK, ConfigurationKind);
    const next = closing + 1n;
    ctx.set(FRAMEWORK, ConfigurationKind, {
      epoch: next,
      lastReconfigurationTime: ctx.nowUsec,
      events: cfg.events + 1n,
    });
    ctx.emit(FRAMEWORK, GUID.newEpochEvents, cfg.events, "0x1::reconfiguration::NewEpochEvent", {
      epoch: next.toString(),
    });
  }
}
