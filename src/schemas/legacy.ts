import { z } from "zod";
import { CanonicalAddressSchema, U64StringSchema } from "./common.ts";

/**
 * The legacy era (v5 chain, 2021–2023, coin GAS, before the rebase to LIBRA), imported by `npm run import-legacy`
 * from v5 state exports and v5 transaction archive files into `content/snapshots/<wallet>/legacy/`. Amounts are
 * GAS base units (1 GAS = 1,000,000 units) as decimal strings and are never converted to LIBRA (the rebase factor
 * for this wallet is not established). Addresses are stored in the current 64-hex form (v5's 16-byte addresses
 * left-padded); pages also show the 16-byte legacy form. Every record names the source file and its sha256.
 * Files are canonical JSON (src/lib/canonical-json.ts), listed with sha256 in `legacy/manifest.json`.
 */

export const LEGACY_SCHEMA_VERSION = 1;

const Strict = z.strictObject;
const U64 = U64StringSchema;
const Address = CanonicalAddressSchema;

/** A file an import read: its base name and the sha256 of its bytes. */
export const LegacySourceSchema = Strict({
  file: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** `state-export`, `transaction-archive`, or `derived-summary` (a summary computed from exports, marked as such). */
  kind: z.enum(["state-export", "transaction-archive", "derived-summary"]),
});
export type LegacySource = z.infer<typeof LegacySourceSchema>;

/** `legacy/exports.json`: the wallet in each state export, by epoch. */
export const LegacyExportSchema = Strict({
  epoch: U64,
  /** UTC day of the export (`YYYY-MM-DD`), from the export's file name or the summary. */
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** The wallet's GAS balance in the export (base units). */
  balance: U64,
  /** Accounts holding a receipt for the wallet. */
  donorCount: z.number().int().min(0),
  /** Σ of those receipts' cumulative amounts. */
  receiptsTotal: U64,
  source: LegacySourceSchema,
});
export type LegacyExport = z.infer<typeof LegacyExportSchema>;

/** `legacy/receipts.json`: every donor's receipt for the wallet, per export, by (epoch, donor). */
export const LegacyReceiptSchema = Strict({
  epoch: U64,
  donor: Address,
  cumulative: U64,
  lastPaymentTimestampSecs: U64,
  lastPaymentValue: U64,
  source: LegacySourceSchema,
});
export type LegacyReceipt = z.infer<typeof LegacyReceiptSchema>;

/** `legacy/events.json`: the wallet's own history from transaction archives, by version. */
export const LegacyEventSchema = Strict({
  kind: z.enum(["created", "community-wallet-flag", "community-transfer", "other"]),
  version: U64,
  /** Transaction time, µs since the unix epoch. */
  timestampUsec: U64,
  sender: Address,
  /** `Module::function` of the script, as the archive names it. */
  function: z.string().min(1),
  /** Amount moved, when the transaction moved one (e.g. the onboarding coin); null otherwise. */
  amount: U64.nullable(),
  /**
   * The transaction fee the wallet itself paid (gas used × gas unit price, in GAS base units) when the wallet sent
   * the transaction; null when someone else sent it or the archive does not say.
   */
  feePaidByWallet: U64.nullable(),
  source: LegacySourceSchema,
});
export type LegacyEvent = z.infer<typeof LegacyEventSchema>;

/** `legacy/manifest.json`. */
export const LegacyManifestSchema = Strict({
  schemaVersion: z.literal(LEGACY_SCHEMA_VERSION),
  wallet: Address,
  coin: z.literal("GAS"),
  files: z.record(z.string().regex(/^[a-z0-9-]+\.json$/), z.string().regex(/^[0-9a-f]{64}$/)),
});
export type LegacyManifest = z.infer<typeof LegacyManifestSchema>;

/** Every legacy file with its schema (the manifest lists exactly these). */
export const LEGACY_FILES = {
  "exports.json": z.array(LegacyExportSchema),
  "receipts.json": z.array(LegacyReceiptSchema),
  "events.json": z.array(LegacyEventSchema),
} as const;
