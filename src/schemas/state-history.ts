import { z } from "zod";
import { CanonicalAddressSchema, U64StringSchema } from "./common.ts";

/**
 * The state history of every community wallet, imported by `npm run import-state` from real chain state exports
 * (v5 monthly exports: a JSON array of accounts, amounts in GAS; libra-framework's v6 export: JSON objects written
 * one after another, amounts in LIBRA after the rebase) into `content/state/`:
 *
 * - `exports.json`: every export imported (`StateExport`), oldest first;
 * - `wallets/<address>.json`: one file per community wallet (`WalletStateHistory`), its state in each export;
 * - `names.json`: off-chain names (`WalletName`), each with its source (explorer metadata, forensic labels);
 * - `manifest.json`: sha256 of every other file (`StateManifest`).
 *
 * Amounts are base units as decimal strings in the export's own unit (`GAS` or `LIBRA`), never converted: a GAS
 * figure and a LIBRA figure are never added together. Addresses are stored in the 64-hex form (v5's 16-byte
 * addresses left-padded). Every state names the export it comes from and the record's position in that file, so an
 * auditor can find it. Files are canonical JSON (src/lib/canonical-json.ts).
 */

export const STATE_SCHEMA_VERSION = 1;

const Strict = z.strictObject;
const U64 = U64StringSchema;
const Address = CanonicalAddressSchema;
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected a UTC day as YYYY-MM-DD");
const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);

/** `exports.json`: one imported state export. */
export const StateExportSchema = Strict({
  /** Stable id used by wallet states and URLs, e.g. `v5-epoch-68`, `v6-epoch-79`. */
  id: z.string().regex(/^v[0-9]+-epoch-[0-9]+$/),
  /** Chain era: `v5` (GAS, before the rebase) or `v6` (LIBRA, after it). */
  era: z.enum(["v5", "v6"]),
  unit: z.enum(["GAS", "LIBRA"]),
  epoch: U64,
  /** Ledger version the state was read at, when the export says (v6); null for v5 monthly exports. */
  ledgerVersion: U64.nullable(),
  /** UTC day of the state (the export's date, or the end of its epoch). */
  date: Day,
  /** The file's base name and the sha256 of its bytes. */
  file: z.string().min(1),
  sha256: Sha256,
  /** `json-array` (v5 monthly exports) or `concatenated-objects` (libra-framework's export). */
  format: z.enum(["json-array", "concatenated-objects"]),
  /** Accounts the file holds, and how many of them are community wallets (recorded here). */
  accountsRead: z.number().int().min(0),
  walletCount: z.number().int().min(0),
  /** Where the epoch, ledger version and date come from when the file does not state them (plain words). */
  dating: z.string().min(1),
});
export type StateExport = z.infer<typeof StateExportSchema>;

/** A payment the wallet made, as its `receipts` resource records it (cumulative per destination). */
export const PaymentReceiptSchema = Strict({
  destination: Address,
  cumulative: U64,
  lastPaymentTimestampSecs: U64,
  lastPaymentValue: U64,
});
export type PaymentReceipt = z.infer<typeof PaymentReceiptSchema>;

/** One Donor Voice scheduled payment (`TimedTransfer`) in a state export. */
export const ScheduledPaymentSchema = Strict({
  uid: U64,
  payee: Address,
  value: U64,
  /** Decoded description text (hostile: shown as text only). */
  description: z.string(),
  deadlineEpoch: U64,
});
export type ScheduledPayment = z.infer<typeof ScheduledPaymentSchema>;

/** The wallet in one export. */
export const WalletStateSchema = Strict({
  /** `StateExport.id`. */
  export: z.string().min(1),
  /** Position of the account's record in the file (0-based), for provenance. */
  record: z.number().int().min(0),
  balance: U64,
  /** `cumulative_deposits` (v6; absent in v5 exports): lifetime received, its index, and every depositor. */
  cumulativeDeposits: Strict({ value: U64, index: U64, depositors: z.array(Address) }).nullable(),
  /**
   * Donors holding a receipt for this wallet in the same export (v5 exports list every account's receipts, so the
   * donor side is known there): their count and Σ of their cumulative amounts; null when the export cannot say.
   */
  donorReceipts: Strict({ count: z.number().int().min(0), total: U64 }).nullable(),
  /** Payments this wallet made, from its own `receipts` resource, by destination. */
  payments: z.array(PaymentReceiptSchema),
  /** Donor Voice schedule; null when the wallet has none in this export. */
  schedule: Strict({
    scheduled: z.array(ScheduledPaymentSchema),
    veto: z.array(ScheduledPaymentSchema),
    paid: z.array(ScheduledPaymentSchema),
  }).nullable(),
});
export type WalletState = z.infer<typeof WalletStateSchema>;

/** `wallets/<address>.json`. */
export const WalletStateHistorySchema = Strict({
  address: Address,
  /** Oldest export first. */
  states: z.array(WalletStateSchema),
});
export type WalletStateHistory = z.infer<typeof WalletStateHistorySchema>;

/** `names.json`: an off-chain name for a wallet (metadata, not chain data). */
export const WalletNameSchema = Strict({
  address: Address,
  name: z.string().min(1),
  description: z.string().nullable(),
  source: Strict({
    file: z.string().min(1),
    sha256: Sha256,
    /** `explorer-metadata` (the explorer's community-wallets.json) or `forensic-labels` (forensic-db labels). */
    kind: z.enum(["explorer-metadata", "forensic-labels"]),
  }),
});
export type WalletName = z.infer<typeof WalletNameSchema>;

/** `manifest.json`. */
export const StateManifestSchema = Strict({
  schemaVersion: z.literal(STATE_SCHEMA_VERSION),
  /** Relative path → sha256, every file of the folder except this one. */
  files: z.record(z.string().regex(/^[a-z0-9-]+\.json$|^wallets\/0x[0-9a-f]{64}\.json$/), Sha256),
});
export type StateManifest = z.infer<typeof StateManifestSchema>;
