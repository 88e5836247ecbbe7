/**
 * The Move resources the simulator keeps, as immutable TypeScript records, and their encoders to the node's JSON
 * (field names and order as declared in libra-framework; u64 as decimal strings; addresses short; `vector<u8>` as
 * hex; empty structs carry the compiler's `dummy_field`). Where a real struct has fields the simulator has no use for
 * (`MultisigAccount`, `BoundaryStatus`), only the documented subset is served.
 */
import type { MoveJson } from "../model.ts";
import { handleJson, idJson, optionJson, shortAddress, utf8Hex } from "./move-json.ts";
import { type LogView, logItems, type ResourceKind } from "./store.ts";

export const FRAMEWORK = "0000000000000000000000000000000000000000000000000000000000000001";

const s = (v: bigint): string => v.toString();
const addrs = (xs: readonly string[]): MoveJson => xs.map(shortAddress);
const u64s = (xs: readonly bigint[]): MoveJson => xs.map(s);

/** Creation numbers every account uses (account creation, then CoinStore registration). */
export const GUID = {
  coinRegisterEvents: 0n,
  keyRotationEvents: 1n,
  depositEvents: 2n,
  withdrawEvents: 3n,
  /** First creation number free for Donor Voice ids on a wallet. */
  firstFree: 4n,
  /** 0x1 only. */
  newEpochEvents: 2n,
  newBlockEvents: 3n,
  updateEpochIntervalEvents: 4n,
  frameworkFirstFree: 5n,
} as const;

export interface AccountRec {
  readonly seq: bigint;
  /** `0x` + 64 hex. */
  readonly authKey: string;
  readonly guidCreationNum: bigint;
}

export const AccountKind: ResourceKind<AccountRec> = {
  tag: "0x1::account::Account",
  encode: (r, addr) => ({
    authentication_key: r.authKey,
    coin_register_events: handleJson(0n, GUID.coinRegisterEvents, addr),
    guid_creation_num: s(r.guidCreationNum),
    key_rotation_events: handleJson(0n, GUID.keyRotationEvents, addr),
    rotation_capability_offer: { for: optionJson(undefined) },
    sequence_number: s(r.seq),
    signer_capability_offer: { for: optionJson(undefined) },
  }),
};

export interface CoinStoreRec {
  readonly value: bigint;
  /** Counters of the deposit / withdraw event handles. */
  readonly deposits: bigint;
  readonly withdrawals: bigint;
}

export const COIN_STORE_TAG = "0x1::coin::CoinStore<0x1::libra_coin::LibraCoin>";

export const CoinStoreKind: ResourceKind<CoinStoreRec> = {
  tag: COIN_STORE_TAG,
  encode: (r, addr) => ({
    coin: { value: s(r.value) },
    deposit_events: handleJson(r.deposits, GUID.depositEvents, addr),
    frozen: false,
    withdraw_events: handleJson(r.withdrawals, GUID.withdrawEvents, addr),
  }),
};

export interface SlowWalletRec {
  readonly unlocked: bigint;
  readonly transferred: bigint;
}

export const SlowWalletKind: ResourceKind<SlowWalletRec> = {
  tag: "0x1::slow_wallet::SlowWallet",
  encode: (r) => ({ unlocked: s(r.unlocked), transferred: s(r.transferred) }),
};

/** Parallel vectors, one entry per destination the donor ever paid with `ol_account::transfer`. */
export interface ReceiptsRec {
  readonly destination: readonly string[];
  readonly cumulative: readonly bigint[];
  /** Unix seconds. */
  readonly lastTs: readonly bigint[];
  readonly lastValue: readonly bigint[];
}

export const ReceiptsKind: ResourceKind<ReceiptsRec> = {
  tag: "0x1::receipts::UserReceipts",
  encode: (r) => ({
    destination: addrs(r.destination),
    cumulative: u64s(r.cumulative),
    last_payment_timestamp: u64s(r.lastTs),
    last_payment_value: u64s(r.lastValue),
  }),
};

export interface CumuRec {
  readonly value: bigint;
  readonly index: bigint;
  readonly depositors: LogView<string>;
}

export const CumuKind: ResourceKind<CumuRec> = {
  tag: "0x1::cumulative_deposits::CumulativeDeposits",
  encode: (r) => ({ value: s(r.value), index: s(r.index), depositors: addrs(logItems(r.depositors)) }),
};

export interface Payment {
  readonly payee: string;
  readonly value: bigint;
  readonly description: string;
}

export function samePayment(a: Payment, b: Payment): boolean {
  return a.payee === b.payee && a.value === b.value && a.description === b.description;
}

const paymentJson = (p: Payment): MoveJson => ({
  payee: shortAddress(p.payee),
  value: s(p.value),
  description: utf8Hex(p.description),
});

export interface TimedTransfer {
  /** creation_num of the payment's guid (the "tx id"). */
  readonly id: bigint;
  readonly deadline: bigint;
  readonly payment: Payment;
  readonly epochLatestVeto: bigint;
}

const timedTransferJson = (t: TimedTransfer, wallet: string): MoveJson => ({
  uid: idJson(t.id, wallet),
  deadline: s(t.deadline),
  tx: paymentJson(t.payment),
  epoch_latest_veto_received: s(t.epochLatestVeto),
});

export interface TxScheduleRec {
  readonly scheduled: readonly TimedTransfer[];
  readonly veto: LogView<TimedTransfer>;
  readonly paid: LogView<TimedTransfer>;
}

export const TxScheduleKind: ResourceKind<TxScheduleRec> = {
  tag: "0x1::donor_voice_txs::TxSchedule",
  encode: (r, addr) => ({
    scheduled: r.scheduled.map((t) => timedTransferJson(t, addr)),
    veto: logItems(r.veto).map((t) => timedTransferJson(t, addr)),
    paid: logItems(r.paid).map((t) => timedTransferJson(t, addr)),
    guid_capability: { addr: shortAddress(addr) },
  }),
};

export interface FreezeRec {
  readonly isFrozen: boolean;
  readonly consecutiveRejections: bigint;
  readonly liquidateToMatchIndex: boolean;
}

export const FreezeKind: ResourceKind<FreezeRec> = {
  tag: "0x1::donor_voice_txs::Freeze",
  encode: (r) => ({
    is_frozen: r.isFrozen,
    consecutive_rejections: s(r.consecutiveRejections),
    unfreeze_votes: [],
    liquidate_to_match_index: r.liquidateToMatchIndex,
  }),
};

/** One `Ballot<Proposal<Payment>>` of `multi_action`. */
export interface PaymentBallot {
  readonly id: bigint;
  readonly payment: Payment;
  readonly votes: readonly string[];
  readonly approved: boolean;
  readonly expiration: bigint;
  /** `Ballot.completed` (set when moved by `complete_and_move`, not by expiry). */
  readonly completed: boolean;
}

export interface Tracker<B> {
  readonly pending: readonly B[];
  readonly approved: LogView<B>;
  readonly rejected: LogView<B>;
}

function trackerJson<B>(t: Tracker<B>, one: (b: B) => MoveJson): MoveJson {
  return {
    ballots_pending: t.pending.map(one),
    ballots_approved: logItems(t.approved).map(one),
    ballots_rejected: logItems(t.rejected).map(one),
  };
}

export type ActionRec = Tracker<PaymentBallot>;

export const PAYMENT_TYPE = "0x1::donor_voice_txs::Payment";

export const ActionKind: ResourceKind<ActionRec> = {
  tag: `0x1::multi_action::Action<${PAYMENT_TYPE}>`,
  encode: (r, addr) => ({
    can_withdraw: true,
    vote: trackerJson(r, (b) => ({
      guid: { id: idJson(b.id, addr) },
      tally_type: {
        proposal_data: paymentJson(b.payment),
        votes: addrs(b.votes),
        approved: b.approved,
        expiration_epoch: s(b.expiration),
      },
      completed: b.completed,
    })),
  }),
};

/** The governance-of-signers action every multi_action account also has; never used by scenarios. */
export const PropGovActionKind: ResourceKind<null> = {
  tag: "0x1::multi_action::Action<0x1::multi_action::PropGovSigners>",
  encode: () => ({
    can_withdraw: false,
    vote: { ballots_pending: [], ballots_approved: [], ballots_rejected: [] },
  }),
};

/** One `Ballot<TurnoutTally<Veto>>`. */
export interface VetoBallot {
  readonly id: bigint;
  /** The scheduled transfer this ballot would veto (`Veto.guid`). */
  readonly txId: bigint;
  readonly cfgDeadline: bigint;
  readonly minTurnout: bigint;
  readonly maxVotes: bigint;
  readonly votesApprove: bigint;
  readonly votesReject: bigint;
  readonly extendedDeadline: bigint;
  readonly lastEpochVoted: bigint;
  readonly tallyApprovePct: bigint;
  readonly tallyTurnoutPct: bigint;
  readonly tallyPass: boolean;
  /** `TurnoutTally.completed`. */
  readonly tallyCompleted: boolean;
  /** `Ballot.completed`. */
  readonly completed: boolean;
}

export type VetoGovRec = Tracker<VetoBallot>;

export const VETO_GOV_TAG =
  "0x1::donor_voice_governance::Governance<0x1::turnout_tally::TurnoutTally<0x1::donor_voice_governance::Veto>>";

export const VetoGovKind: ResourceKind<VetoGovRec> = {
  tag: VETO_GOV_TAG,
  encode: (r, addr) => ({
    tracker: trackerJson(r, (b) => ({
      guid: { id: idJson(b.id, addr) },
      tally_type: {
        data: { guid: idJson(b.txId, addr) },
        cfg_deadline: s(b.cfgDeadline),
        cfg_max_extensions: "0",
        cfg_min_turnout: s(b.minTurnout),
        cfg_minority_extension: true,
        completed: b.tallyCompleted,
        enrollment: [],
        max_votes: s(b.maxVotes),
        votes_approve: s(b.votesApprove),
        votes_reject: s(b.votesReject),
        extended_deadline: s(b.extendedDeadline),
        last_epoch_voted: s(b.lastEpochVoted),
        last_epoch_approve: "0",
        last_epoch_reject: "0",
        provisional_pass_epoch: "0",
        tally_approve_pct: s(b.tallyApprovePct),
        tally_turnout_pct: s(b.tallyTurnoutPct),
        tally_pass: b.tallyPass,
      },
      completed: b.completed,
    })),
  }),
};

const emptyGovernance = (data: string): ResourceKind<null> => ({
  tag: `0x1::donor_voice_governance::Governance<0x1::turnout_tally::TurnoutTally<0x1::donor_voice_governance::${data}>>`,
  encode: () => ({ tracker: { ballots_pending: [], ballots_approved: [], ballots_rejected: [] } }),
});

/** Reauthorization and liquidation ballots exist on every wallet; scenarios never open one. */
export const ReauthGovKind = emptyGovernance("Reauth");
export const LiquidateGovKind = emptyGovernance("Liquidate");

export interface MultisigRec {
  readonly owners: readonly string[];
  readonly required: bigint;
}

export const MultisigKind: ResourceKind<MultisigRec> = {
  tag: "0x1::multisig_account::MultisigAccount",
  encode: (r) => ({
    owners: addrs(r.owners),
    num_signatures_required: s(r.required),
    last_executed_sequence_number: "0",
    next_sequence_number: "1",
    signer_cap: optionJson(undefined),
  }),
};

export interface MultiGovRec {
  readonly signers: readonly string[];
  readonly durationEpochs: bigint;
}

export const MultiGovKind: ResourceKind<MultiGovRec> = {
  tag: "0x1::multi_action::Governance",
  encode: (r, addr) => ({
    cfg_duration_epochs: s(r.durationEpochs),
    cfg_default_n_sigs: "0",
    signers: addrs(r.signers),
    withdraw_capability: optionJson({ account_address: shortAddress(addr) }),
    guid_capability: { addr: shortAddress(addr) },
  }),
};

export interface AdvancesRec {
  readonly balanceOutstanding: bigint;
  readonly lastWithdrawal: bigint;
  readonly lifetimeWithdrawals: bigint;
  /** Seconds, despite the field name (chain.md §3.1). */
  readonly lastWithdrawalSecs: bigint;
  readonly lastDepositAmount: bigint;
  readonly lastDepositSecs: bigint;
  readonly lifetimeDeposits: bigint;
}

export const AdvancesKind: ResourceKind<AdvancesRec> = {
  tag: "0x1::community_wallet_advance::Advances",
  encode: (r) => ({
    balance_outstanding: s(r.balanceOutstanding),
    last_withdrawal: s(r.lastWithdrawal),
    lifetime_withdrawals: s(r.lifetimeWithdrawals),
    last_withdrawal_usecs: s(r.lastWithdrawalSecs),
    last_deposit_amount: s(r.lastDepositAmount),
    last_deposit_usecs: s(r.lastDepositSecs),
    lifetime_deposits: s(r.lifetimeDeposits),
  }),
};

export interface DonorAuthorizedRec {
  /** Unix seconds of the last (re)authorization. */
  readonly timestamp: bigint;
  readonly reauthRequired: boolean;
}

export const DonorAuthorizedKind: ResourceKind<DonorAuthorizedRec> = {
  tag: "0x1::donor_voice_reauth::DonorAuthorized",
  encode: (r) => ({ timestamp: s(r.timestamp), reauth_required: r.reauthRequired }),
};

export const CommunityWalletKind: ResourceKind<null> = {
  tag: "0x1::community_wallet::CommunityWallet",
  encode: () => ({ dummy_field: false }),
};

export interface VoteReceipt {
  /** Wallet whose GUID counter issued the ballot id. */
  readonly wallet: string;
  readonly ballotId: bigint;
  readonly approve: boolean;
  readonly weight: bigint;
}

export interface IVotedRec {
  readonly elections: readonly VoteReceipt[];
}

export const IVotedKind: ResourceKind<IVotedRec> = {
  tag: "0x1::vote_receipt::IVoted",
  encode: (r) => ({
    elections: r.elections.map((e) => ({
      guid: idJson(e.ballotId, e.wallet),
      approve_reject: e.approve,
      weight: s(e.weight),
    })),
  }),
};

export interface ConfigurationRec {
  readonly epoch: bigint;
  /** Microseconds. */
  readonly lastReconfigurationTime: bigint;
  readonly events: bigint;
}

export const ConfigurationKind: ResourceKind<ConfigurationRec> = {
  tag: "0x1::reconfiguration::Configuration",
  encode: (r) => ({
    epoch: s(r.epoch),
    events: handleJson(r.events, GUID.newEpochEvents, FRAMEWORK),
    last_reconfiguration_time: s(r.lastReconfigurationTime),
  }),
};

export interface BlockResourceRec {
  readonly height: bigint;
  /** Microseconds. */
  readonly epochInterval: bigint;
}

export const BlockResourceKind: ResourceKind<BlockResourceRec> = {
  tag: "0x1::block::BlockResource",
  encode: (r) => ({
    epoch_interval: s(r.epochInterval),
    height: s(r.height),
    // One NewBlockEvent per block since genesis (the genesis block emits none).
    new_block_events: handleJson(r.height, GUID.newBlockEvents, FRAMEWORK),
    update_epoch_interval_events: handleJson(0n, GUID.updateEpochIntervalEvents, FRAMEWORK),
  }),
};

export interface RegistryRec {
  readonly list: readonly string[];
  readonly liquidationQueue: readonly string[];
}

export const RegistryKind: ResourceKind<RegistryRec> = {
  tag: "0x1::donor_voice::Registry",
  encode: (r) => ({ list: addrs(r.list), liquidation_queue: addrs(r.liquidationQueue) }),
};

export interface BoundaryStatusRec {
  readonly ddAccountsCount: bigint;
  readonly ddAccountsAmount: bigint;
  readonly ddAccountsSuccess: boolean;
}

export const BoundaryStatusKind: ResourceKind<BoundaryStatusRec> = {
  tag: "0x1::epoch_boundary::BoundaryStatus",
  encode: (r) => ({
    dd_accounts_count: s(r.ddAccountsCount),
    dd_accounts_amount: s(r.ddAccountsAmount),
    dd_accounts_success: r.ddAccountsSuccess,
  }),
};
