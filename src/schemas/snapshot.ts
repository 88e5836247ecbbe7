import { z } from "zod";
import { CanonicalAddressSchema, U64Schema } from "./common.ts";

/**
 * The committed snapshot files under `content/snapshots/<wallet address>/`: the audit trail every figure on the
 * site comes from. Amounts are u64 base-unit decimal strings on disk (1 LIBRA = 1,000,000 units) and `bigint` once
 * decoded (`U64Schema` is a codec: `parse` decodes, `encode` writes); addresses are `0x` + 64 lower-case hex. Files are canonical JSON (`src/lib/canonical-json.ts`), listed with sha256 in `manifest.json`.
 *
 * History files (`ledger.json`, `epochs.json`, `changes.json`) are append-only: a later snapshot contains every
 * earlier record unchanged. State records (`transfers.json`, `proposals.json`, `vetoes.json`, `donors.json`) may
 * only move forward, and each move is recorded in the record's `history` with the ledger version that first saw
 * it. `src/lib/ledger/append-only.ts` enforces both before anything is written.
 */

export const SNAPSHOT_SCHEMA_VERSION = 1;

const Strict = z.strictObject;
const Address = CanonicalAddressSchema;
const U64 = U64Schema;

/** Where a record came from on chain, so an auditor can fetch the same thing. */
export const ProvenanceSchema = Strict({
  /** Ledger version the value was read at (state), or the transaction version (history). */
  ledgerVersion: U64,
  /** `account/resource type/field path`, `view function(args)` or `events struct/field#sequence`. */
  path: z.string().min(1),
});

/** `meta.json`: where and at what chain state the snapshot was read. */
export const SnapshotMetaSchema = Strict({
  schemaVersion: z.literal(SNAPSHOT_SCHEMA_VERSION),
  /** Version of Ledgerlight that wrote the files. */
  toolVersion: z.string().min(1),
  /** Chain id from ledger info (1 = 0L mainnet). */
  chainId: z.number().int().min(0).max(255),
  /** Base URL of the node that was read (recorded, never trusted). */
  nodeUrl: z.string().min(1),
  wallet: Address,
  /** The ledger version V every read was pinned to. */
  ledgerVersion: U64,
  /** Timestamp of the block containing V, microseconds since the unix epoch. */
  ledgerTimestampUsec: U64,
  /** Epoch at V. */
  epoch: U64,
  /** The previous snapshot's V, or null for the first snapshot of this wallet. */
  previousLedgerVersion: U64.nullable(),
  /** Events read so far per stream (= the next sequence number to read): the incremental run starts here. */
  eventCursors: Strict({ deposits: U64, withdrawals: U64, newEpochs: U64 }),
  /**
   * True when the data came from Ledgerlight's simulated node rather than the real chain. The site shows a
   * banner on every page while this is true.
   */
  simulated: z.boolean(),
});
export type SnapshotMeta = z.infer<typeof SnapshotMetaSchema>;

/** `wallet.json`: the wallet's state at V (state, not history: it may change between snapshots). */
export const SnapshotWalletSchema = Strict({
  balance: Strict({
    /** `CoinStore<LibraCoin>.coin.value` at V: the figure the books reconcile against. */
    coinStoreValue: U64,
    /** `ol_account::balance` view: unlocked part (0 for a wallet that is not reauthorized). */
    unlocked: U64,
    /** `ol_account::balance` view: total; equals `coinStoreValue` on a consistent node. */
    total: U64,
    provenance: ProvenanceSchema,
  }),
  cumulativeDeposits: Strict({
    /** All-time donations made with `ol_account::transfer` (the veto turnout base). */
    value: U64,
    /** Time-weighted index used by the match-index recycling. */
    index: U64,
    depositorCount: z.number().int().min(0),
    provenance: ProvenanceSchema,
  }),
  freeze: Strict({
    isFrozen: z.boolean(),
    consecutiveRejections: U64,
    liquidateToMatchIndex: z.boolean(),
    provenance: ProvenanceSchema,
  }),
  reauthorization: Strict({
    /** Unix seconds of the last donor reauthorization (0 = never since the V8 migration). */
    timestampSecs: U64,
    reauthRequired: z.boolean(),
    provenance: ProvenanceSchema,
  }).nullable(),
  advances: Strict({
    balanceOutstanding: U64,
    lifetimeWithdrawals: U64,
    lifetimeDeposits: U64,
    provenance: ProvenanceSchema,
  }).nullable(),
  authorities: Strict({
    owners: z.array(Address),
    /** n of the n-of-m multisig. */
    required: U64,
    provenance: ProvenanceSchema,
  }).nullable(),
  /** Donor ballots to reauthorize the wallet (V8) and to liquidate it, as their trackers list them at V. */
  otherBallots: z.array(
    Strict({
      kind: z.enum(["reauthorization", "liquidation"]),
      ballotId: U64,
      status: z.enum(["pending", "approved", "rejected"]),
      /** ×100 (10000 = 100 %). */
      approvalPct: U64,
      turnoutPct: U64,
      provenance: ProvenanceSchema,
    }),
  ),
});
export type SnapshotWallet = z.infer<typeof SnapshotWalletSchema>;

/**
 * How a wallet coin movement was attributed, from the transaction at its version:
 * donation (`ol_account::transfer` from a donor), payout (a scheduled transfer paid at an epoch boundary),
 * advance (immediate payment inside `propose_payment_tx`), other-inflow / other-outflow (anything else, e.g.
 * match-index recycling: never dropped, always shown under this name).
 */
export const LedgerCategorySchema = z.enum(["donation", "payout", "advance", "other-inflow", "other-outflow"]);
export type LedgerCategory = z.infer<typeof LedgerCategorySchema>;

/** One coin movement of the wallet (a CoinStore deposit or withdraw event). */
export const LedgerEntrySchema = Strict({
  /** `deposit` = into the wallet, `withdraw` = out of it. */
  stream: z.enum(["deposit", "withdraw"]),
  /** Event sequence number within its stream: with `stream`, the record's permanent key. */
  sequence: U64,
  /** Transaction version that emitted the event. */
  version: U64,
  /** Transaction timestamp, µs since the unix epoch. */
  timestampUsec: U64,
  /** Epoch the transaction ran in. */
  epoch: U64,
  amount: U64,
  category: LedgerCategorySchema,
  /** Donor (donations) or payee (payouts, advances); null when the transaction names none. */
  counterparty: Address.nullable(),
  /** For payouts: the transfer uid this payment settled, when one matches. */
  transferUid: U64.nullable(),
  txHash: z.string(),
  txSender: Address.nullable(),
  /** Entry function of the transaction, or its type (e.g. `block_metadata_transaction`). */
  txFunction: z.string(),
});
export type LedgerEntry = z.infer<typeof LedgerEntrySchema>;

/** `ledger.json`: the opening balance and every coin movement since, in (version, stream, sequence) order. */
export const SnapshotLedgerSchema = Strict({
  opening: Strict({
    /** Balance before the first recorded movement (e.g. migrated from the legacy chain at genesis). */
    amount: U64,
    provenance: ProvenanceSchema,
  }),
  entries: z.array(LedgerEntrySchema),
});
export type SnapshotLedger = z.infer<typeof SnapshotLedgerSchema>;

/** Description bytes as stored, and as text when they are valid UTF-8. */
export const DescriptionSchema = Strict({
  /** The exact bytes, `0x` hex. */
  hex: z.string().regex(/^0x([0-9a-f]{2})*$/),
  /** Strict UTF-8 decoding of the bytes, or null when they are not valid UTF-8 (show the hex instead). */
  text: z.string().nullable(),
});

/** Status of a scheduled transfer; `overdue` = its deadline boundary passed without payment (balance short). */
export const TransferStatusSchema = z.enum(["scheduled", "overdue", "paid", "vetoed"]);
export type TransferStatus = z.infer<typeof TransferStatusSchema>;

/** One observed state of a record, with the first snapshot version that saw it. */
const observation = <T extends z.ZodType>(state: T) => Strict({ state, seenAtLedgerVersion: U64, seenAtEpoch: U64 });

/** `transfers.json`: every TimedTransfer in the wallet's TxSchedule, by uid. */
export const TransferRecordSchema = Strict({
  /** `creation_num` of the transfer's guid: the permanent id (and permalink). */
  uid: U64,
  payee: Address,
  amount: U64,
  description: DescriptionSchema,
  status: TransferStatusSchema,
  /** Epoch whose closing boundary pays the transfer. */
  deadlineEpoch: U64,
  history: z.array(observation(Strict({ status: TransferStatusSchema, deadlineEpoch: U64 }))).min(1),
  provenance: ProvenanceSchema,
});
export type TransferRecord = z.infer<typeof TransferRecordSchema>;

export const ProposalStatusSchema = z.enum(["pending", "approved", "rejected"]);

/** `proposals.json`: multi_action payment proposals (authority votes), by id. */
export const ProposalRecordSchema = Strict({
  id: U64,
  payee: Address,
  amount: U64,
  description: DescriptionSchema,
  status: ProposalStatusSchema,
  votes: z.array(Address),
  approved: z.boolean(),
  expirationEpoch: U64,
  history: z.array(observation(Strict({ status: ProposalStatusSchema, votes: z.number().int().min(0) }))).min(1),
  provenance: ProvenanceSchema,
});
export type ProposalRecord = z.infer<typeof ProposalRecordSchema>;

/** Veto ballot outcome: `pending` (open), `passed` (transfer vetoed), `failed` (closed without passing). */
export const VetoStatusSchema = z.enum(["pending", "passed", "failed"]);

/** `vetoes.json`: donor veto ballots (TurnoutTally<Veto>), by ballot id. */
export const VetoRecordSchema = Strict({
  ballotId: U64,
  /** The transfer this ballot would veto (`Veto.guid`); ballot ids and transfer uids share one counter. */
  transferUid: U64,
  status: VetoStatusSchema,
  /** Percentages ×100 (10000 = 100 %), as the chain keeps them. */
  approvalPct: U64,
  turnoutPct: U64,
  /** Approval needed at the current turnout (from `get_veto_tally`), ×100. */
  requiredThresholdPct: U64,
  minTurnoutPct: U64,
  /** Weighted votes (base units of cumulative donations). */
  votesApprove: U64,
  votesReject: U64,
  maxVotes: U64,
  deadlineEpoch: U64,
  history: z.array(observation(Strict({ status: VetoStatusSchema, approvalPct: U64, turnoutPct: U64 }))).min(1),
  provenance: ProvenanceSchema,
});
export type VetoRecord = z.infer<typeof VetoRecordSchema>;

/** `donors.json`: every depositor's receipt for this wallet at V, by address. */
export const DonorRecordSchema = Strict({
  address: Address,
  /** All-time donations to this wallet (base units), from the donor's `UserReceipts`. */
  cumulative: U64,
  lastPaymentTimestampSecs: U64,
  lastPaymentValue: U64,
  /**
   * The donor's weight in veto ballots (`donor_voice_governance::get_user_donations`); null where the view aborts
   * (the framework does not count the account as a donor).
   */
  vetoWeight: U64.nullable(),
  provenance: ProvenanceSchema,
});
export type DonorRecord = z.infer<typeof DonorRecordSchema>;

/** `epochs.json`: when each epoch began (from `NewEpochEvent`s and their blocks). */
export const EpochRecordSchema = Strict({
  epoch: U64,
  /** Version of the reconfiguration that started the epoch. */
  version: U64,
  timestampUsec: U64,
});
export type EpochRecord = z.infer<typeof EpochRecordSchema>;

/** `changes.json`: one entry per snapshot run, what it added (the site's "what changed" and the feed). */
export const ChangeRecordSchema = Strict({
  ledgerVersion: U64,
  previousLedgerVersion: U64.nullable(),
  epoch: U64,
  timestampUsec: U64,
  newDonations: Strict({ count: z.number().int().min(0), total: U64, newDonors: z.number().int().min(0) }),
  newOtherInflows: Strict({ count: z.number().int().min(0), total: U64 }),
  newOutflows: Strict({ count: z.number().int().min(0), total: U64 }),
  newTransfers: z.array(U64),
  statusChanges: z.array(Strict({ transferUid: U64, from: TransferStatusSchema.nullable(), to: TransferStatusSchema })),
  newVetoBallots: z.array(U64),
  balance: Strict({ before: U64.nullable(), after: U64 }),
});
export type ChangeRecord = z.infer<typeof ChangeRecordSchema>;

/** `manifest.json`: sha256 of every other file in the folder, so a reader can check nothing was altered. */
export const SnapshotManifestSchema = Strict({
  schemaVersion: z.literal(SNAPSHOT_SCHEMA_VERSION),
  files: z.record(z.string().regex(/^[a-z0-9-]+\.json$/), z.string().regex(/^[0-9a-f]{64}$/)),
});
export type SnapshotManifest = z.infer<typeof SnapshotManifestSchema>;

/** Every file of a snapshot with the schema it must satisfy (the manifest lists exactly these). */
export const SNAPSHOT_FILES = {
  "meta.json": SnapshotMetaSchema,
  "wallet.json": SnapshotWalletSchema,
  "ledger.json": SnapshotLedgerSchema,
  "transfers.json": z.array(TransferRecordSchema),
  "proposals.json": z.array(ProposalRecordSchema),
  "vetoes.json": z.array(VetoRecordSchema),
  "donors.json": z.array(DonorRecordSchema),
  "epochs.json": z.array(EpochRecordSchema),
  "changes.json": z.array(ChangeRecordSchema),
} as const;

/** A whole snapshot in memory, as the files hold it. */
export const SnapshotSchema = Strict({
  meta: SnapshotMetaSchema,
  wallet: SnapshotWalletSchema,
  ledger: SnapshotLedgerSchema,
  transfers: z.array(TransferRecordSchema),
  proposals: z.array(ProposalRecordSchema),
  vetoes: z.array(VetoRecordSchema),
  donors: z.array(DonorRecordSchema),
  epochs: z.array(EpochRecordSchema),
  changes: z.array(ChangeRecordSchema),
});
export type Snapshot = z.infer<typeof SnapshotSchema>;
