import { z } from "zod";
import { CanonicalAddressSchema, U64StringSchema } from "./common.ts";

/**
 * The committed snapshot files under `content/snapshots/<wallet address>/`. These are the audit trail: every
 * figure on the site comes from them. Amounts are u64 base-unit decimal strings (1 LIBRA = 1,000,000 units).
 * Files are written in canonical JSON (see `src/lib/canonical-json.ts`) and listed with sha256 in `manifest.json`.
 */

export const SNAPSHOT_SCHEMA_VERSION = 1;

/** `meta.json`: where and at what chain state the snapshot was read. */
export const SnapshotMetaSchema = z
  .object({
    schemaVersion: z.literal(SNAPSHOT_SCHEMA_VERSION),
    /** Version of Ledgerlight that wrote the files. */
    toolVersion: z.string().min(1),
    /** Chain id from ledger info (1 = 0L mainnet). */
    chainId: z.number().int().min(0).max(255),
    /** Base URL of the node that was read (recorded, never trusted). */
    nodeUrl: z.string().min(1),
    wallet: CanonicalAddressSchema,
    /** The ledger version V every read was pinned to. */
    ledgerVersion: U64StringSchema,
    /** Timestamp of the block containing V, microseconds since the unix epoch. */
    ledgerTimestampUsec: U64StringSchema,
    /** Epoch at V. */
    epoch: U64StringSchema,
    /**
     * True when the data came from Ledgerlight's simulated node rather than the real chain. The site shows a
     * banner on every page while this is true.
     */
    simulated: z.boolean(),
  })
  .strict();
export type SnapshotMeta = z.infer<typeof SnapshotMetaSchema>;

/** `balance.json`: the wallet's coins at V. */
export const SnapshotBalanceSchema = z
  .object({
    /** `CoinStore<LibraCoin>.coin.value` at V (base units): the figure the books reconcile against. */
    coinStoreValue: U64StringSchema,
    /** `ol_account::balance` view at V: unlocked part (0 for a wallet that is not reauthorized). */
    unlocked: U64StringSchema,
    /** `ol_account::balance` view at V: total. Equals `coinStoreValue` on a consistent node. */
    total: U64StringSchema,
    /** Resource path the value was read from, for provenance. */
    source: z.string().min(1),
  })
  .strict();
export type SnapshotBalance = z.infer<typeof SnapshotBalanceSchema>;

/** `manifest.json`: sha256 of every other file in the folder, so a reader can check nothing was altered. */
export const SnapshotManifestSchema = z
  .object({
    schemaVersion: z.literal(SNAPSHOT_SCHEMA_VERSION),
    files: z.record(z.string().regex(/^[a-z0-9-]+\.json$/), z.string().regex(/^[0-9a-f]{64}$/)),
  })
  .strict();
export type SnapshotManifest = z.infer<typeof SnapshotManifestSchema>;

/** The files of one snapshot, by name, with the schema each must satisfy. */
export const SNAPSHOT_FILES = {
  "meta.json": SnapshotMetaSchema,
  "balance.json": SnapshotBalanceSchema,
} as const;
