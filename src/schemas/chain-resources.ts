import { z } from "zod";
import { AddressSchema, U64Schema } from "./common.ts";

/**
 * Move resources of a Donor Voice community wallet as the node's JSON serialises them (chain.md §3.1): u64 as
 * decimal strings, addresses short, `vector<u8>` as `0x` hex, `Option` as `{vec: [...]}`. Parsed values have bigint
 * numbers and 64-hex addresses. Only the fields we use are required; the node may send more.
 */

const HexBytesSchema = z.string().regex(/^0x([0-9a-fA-F]{2})*$/, "expected 0x-prefixed hex bytes");

/** `guid::ID`: `creation_num` is the wallet-wide counter shared by transfer, veto, reauth and liquidation ids. */
const GuidIdSchema = z.object({ creation_num: U64Schema, addr: AddressSchema });

export const PaymentSchema = z.object({
  payee: AddressSchema,
  /** Base units. */
  value: U64Schema,
  /** Arbitrary bytes chosen by the proposing authority; hostile until proven otherwise. */
  description: HexBytesSchema,
});

export const TimedTransferSchema = z.object({
  uid: GuidIdSchema,
  /** Epoch whose closing boundary pays the transfer. */
  deadline: U64Schema,
  tx: PaymentSchema,
  epoch_latest_veto_received: U64Schema,
});

/** `0x1::donor_voice_txs::TxSchedule` at the wallet. */
export const TxScheduleSchema = z.object({
  scheduled: z.array(TimedTransferSchema),
  veto: z.array(TimedTransferSchema),
  paid: z.array(TimedTransferSchema),
});

/** `0x1::donor_voice_txs::Freeze`. */
export const FreezeSchema = z.object({
  is_frozen: z.boolean(),
  consecutive_rejections: U64Schema,
  liquidate_to_match_index: z.boolean(),
});

/** `0x1::cumulative_deposits::CumulativeDeposits`. */
export const CumulativeDepositsSchema = z.object({
  value: U64Schema,
  index: U64Schema,
  depositors: z.array(AddressSchema),
});

/** `0x1::donor_voice_reauth::DonorAuthorized`. */
export const DonorAuthorizedSchema = z.object({
  /** Unix seconds of the last reauthorization. */
  timestamp: U64Schema,
  reauth_required: z.boolean(),
});

/** `0x1::community_wallet_advance::Advances` (the `*_usecs` fields hold seconds on chain). */
export const AdvancesSchema = z.object({
  balance_outstanding: U64Schema,
  lifetime_withdrawals: U64Schema,
  lifetime_deposits: U64Schema,
});

/** `0x1::multisig_account::MultisigAccount`. */
export const MultisigAccountSchema = z.object({
  owners: z.array(AddressSchema),
  num_signatures_required: U64Schema,
});

export const PaymentBallotSchema = z.object({
  guid: z.object({ id: GuidIdSchema }),
  tally_type: z.object({
    proposal_data: PaymentSchema,
    votes: z.array(AddressSchema),
    approved: z.boolean(),
    expiration_epoch: U64Schema,
  }),
  completed: z.boolean(),
});

/** `0x1::multi_action::Action<0x1::donor_voice_txs::Payment>`: payment proposals and their authority votes. */
export const PaymentActionSchema = z.object({
  vote: z.object({
    ballots_pending: z.array(PaymentBallotSchema),
    ballots_approved: z.array(PaymentBallotSchema),
    ballots_rejected: z.array(PaymentBallotSchema),
  }),
});

const VetoBallotSchema = z.object({
  guid: z.object({ id: GuidIdSchema }),
  tally_type: z.object({
    /** `Veto.guid`: the transfer this ballot would veto. */
    data: z.object({ guid: GuidIdSchema }),
    cfg_deadline: U64Schema,
    cfg_min_turnout: U64Schema,
    completed: z.boolean(),
    max_votes: U64Schema,
    votes_approve: U64Schema,
    votes_reject: U64Schema,
    extended_deadline: U64Schema,
    /** ×100: 10000 = 100 %. */
    tally_approve_pct: U64Schema,
    tally_turnout_pct: U64Schema,
    tally_pass: z.boolean(),
  }),
  completed: z.boolean(),
});

/** `0x1::donor_voice_governance::Governance<TurnoutTally<…>>`: the three ballot lists, each ballot as `ballot`. */
function governanceOf<B extends z.ZodType>(ballot: B) {
  return z.object({
    tracker: z.object({
      ballots_pending: z.array(ballot),
      ballots_approved: z.array(ballot),
      ballots_rejected: z.array(ballot),
    }),
  });
}

/** `0x1::donor_voice_governance::Governance<TurnoutTally<Veto>>`. */
export const VetoGovernanceSchema = governanceOf(VetoBallotSchema);

/** A ballot reduced to its id (`guid.id.creation_num`), whatever it votes on. */
const BallotIdSchema = z.object({ guid: z.object({ id: z.object({ creation_num: U64Schema }) }) });

/** Any `Governance<TurnoutTally<…>>` reduced to its ballot ids (the veto tallies to read at V). */
export const GovernanceBallotIdsSchema = governanceOf(BallotIdSchema);

/**
 * `Governance<TurnoutTally<Reauth | Liquidate>>` with each ballot left raw, so that one malformed ballot is
 * reported at its own path (parse it with `TurnoutBallotSchema`).
 */
export const GovernanceTrackerSchema = governanceOf(z.unknown());

/** A reauthorization or liquidation ballot: its id and tally. */
export const TurnoutBallotSchema = BallotIdSchema.extend({
  tally_type: z.object({ tally_approve_pct: U64Schema, tally_turnout_pct: U64Schema }),
});

/**
 * `0x1::cumulative_deposits::CumulativeDeposits` read leniently for its depositor list only: a wallet without the
 * resource, or with one we cannot read, has no donors to ask for receipts.
 */
export const DepositorListSchema = z.object({ depositors: z.array(z.string()) });

/** `0x1::receipts::read_receipt(donor, wallet)`: (last payment unix seconds, last value, cumulative). */
export const ReadReceiptViewSchema = z.tuple([U64Schema, U64Schema, U64Schema]);

/** `0x1::donor_voice_governance::get_veto_tally(wallet, ballot)`: approval %, turnout %, required threshold, deadline, min turnout, then flags. */
export const VetoTallyViewSchema = z.tuple([
  U64Schema,
  U64Schema,
  U64Schema,
  U64Schema,
  U64Schema,
  z.boolean(),
  z.boolean(),
  z.number().int(),
  z.boolean(),
]);
export type VetoTallyView = z.output<typeof VetoTallyViewSchema>;

/** `0x1::donor_voice_governance::get_user_donations(wallet, donor)`: the donor's veto weight. */
export const UserDonationsViewSchema = z.tuple([U64Schema]);

/** `0x1::coin::DepositEvent` / `WithdrawEvent` data. */
export const CoinEventDataSchema = z.object({ amount: U64Schema });

/** `0x1::reconfiguration::NewEpochEvent` data. */
export const NewEpochEventDataSchema = z.object({ epoch: U64Schema });

/**
 * The parts of a transaction a snapshot uses (`GET /transactions/by_version/{v}`, or one of a range page's): its
 * version and hash (checked against the version asked for, `check-chain-facts.ts`), time, sender, function and
 * events. Nothing else is validated, so nothing else is copied: a range page's transactions carry their payload's
 * arguments and write-set fields that no record keeps (they are dropped with the page).
 */
export const UserTransactionSchema = z.object({
  type: z.string(),
  version: U64Schema,
  hash: z.string(),
  success: z.boolean(),
  /** Microseconds since the unix epoch; the genesis transaction has none. */
  timestamp: U64Schema.optional(),
  sender: AddressSchema.optional(),
  payload: z.object({ function: z.string().optional() }).optional(),
  events: z.array(
    z.object({
      guid: z.object({ creation_number: U64Schema, account_address: AddressSchema }),
      sequence_number: U64Schema,
      type: z.string(),
      data: z.unknown(),
    }),
  ),
});
export type ChainTransaction = z.output<typeof UserTransactionSchema>;

/** A page of `GET /transactions?start=&limit=`: consecutive versions from `start`. */
export const UserTransactionListSchema = z.array(UserTransactionSchema);
