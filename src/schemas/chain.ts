import { z } from "zod";
import { U64Schema } from "./common.ts";

/**
 * Schemas for what a 0L node's REST API (Aptos-style `/v1`, "Diem" headers) returns. Every response is parsed
 * with one of these before anything else touches it; unknown extra fields are tolerated (the node may add some),
 * missing or malformed ones are errors.
 */

/** `GET /v1/`: ledger info. u64 fields are decimal strings; `chain_id` is a number. */
export const LedgerInfoSchema = z.object({
  chain_id: z.number().int().min(0).max(255),
  epoch: U64Schema,
  ledger_version: U64Schema,
  oldest_ledger_version: U64Schema,
  /** Microseconds since the unix epoch. */
  ledger_timestamp: U64Schema,
  node_role: z.string(),
  oldest_block_height: U64Schema,
  block_height: U64Schema,
  git_hash: z.string().optional(),
});
export type LedgerInfo = z.output<typeof LedgerInfoSchema>;

/** Body of every error the node returns. */
export const DiemErrorSchema = z.object({
  message: z.string(),
  error_code: z.string(),
  vm_error_code: z.number().int().nullable().optional(),
});
export type DiemError = z.output<typeof DiemErrorSchema>;

const EventHandleSchema = z.object({
  counter: U64Schema,
  guid: z.object({ id: z.object({ creation_num: U64Schema, addr: z.string() }) }),
});

/** `0x1::coin::CoinStore<0x1::libra_coin::LibraCoin>` resource data. */
export const CoinStoreSchema = z.object({
  coin: z.object({ value: U64Schema }),
  frozen: z.boolean().optional(),
  deposit_events: EventHandleSchema,
  withdraw_events: EventHandleSchema,
});
export type CoinStore = z.output<typeof CoinStoreSchema>;

/** `0x1::reconfiguration::Configuration` resource data (at 0x1). */
export const ReconfigurationSchema = z.object({
  epoch: U64Schema,
  /** Microseconds since the unix epoch. */
  last_reconfiguration_time: U64Schema,
});

/** The same `Configuration` with its `NewEpochEvent` handle counter (how far the epoch stream goes at V). */
export const ReconfigurationWithEventsSchema = ReconfigurationSchema.extend({
  events: z.object({ counter: U64Schema }),
});

/** `GET /v1/blocks/by_version/{v}`. */
export const BlockSchema = z.object({
  block_height: U64Schema,
  block_hash: z.string(),
  /** Microseconds since the unix epoch. */
  block_timestamp: U64Schema,
  first_version: U64Schema,
  last_version: U64Schema,
});
export type Block = z.output<typeof BlockSchema>;

/** `0x1::ol_account::balance(address): (u64 unlocked, u64 total)` via `POST /v1/view`. */
export const BalanceViewSchema = z.tuple([U64Schema, U64Schema]);

/** One event from `GET /accounts/{a}/events/...`. `data` is parsed by the caller per event type. */
export const EventSchema = z.object({
  version: U64Schema,
  guid: z.object({ creation_number: U64Schema, account_address: z.string() }),
  sequence_number: U64Schema,
  type: z.string(),
  data: z.unknown(),
});
export type ChainEvent = z.output<typeof EventSchema>;
export const EventPageSchema = z.array(EventSchema);

/** `GET /accounts/{a}/resources`: every resource with its type tag; `data` is parsed per type by the caller. */
export const ResourceListSchema = z.array(z.object({ type: z.string(), data: z.unknown() }));
