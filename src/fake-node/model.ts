/**
 * The contract between the Donor Voice simulator (which decides what happened on the fake chain) and the HTTP
 * layer (which answers exactly like a 0L node's REST API). The simulator produces a `FakeChain`; the server only
 * reads it through this interface, so either side can change its internals without touching the other.
 *
 * Conventions, all matching what a real 0L node serves:
 * - addresses passed IN are full 64-lower-hex strings without 0x (the server normalises what it receives);
 * - addresses in returned JSON (`MoveJson`) are already in the node's SHORT form (`0x` + leading zeros stripped);
 * - u64/u128 values in returned JSON are decimal strings, `vector<u8>` is `0x` hex, `Option<T>` is `{"vec":[...]}`;
 * - versions, epochs, timestamps in this interface are `bigint`.
 */

/** A JSON value as the node serialises Move values and API objects. */
export type MoveJson = string | number | boolean | null | MoveJson[] | { [key: string]: MoveJson };

/** Ledger state at one version, used for ledger info and the X-Diem-* headers. */
export interface LedgerPoint {
  version: bigint;
  epoch: bigint;
  /** Microseconds since the unix epoch. */
  timestampUsec: bigint;
  blockHeight: bigint;
}

/** One event as the events endpoints return it (already in API JSON shape, with `version` as a string). */
export type EventJson = {
  version: string;
  guid: { creation_number: string; account_address: string };
  sequence_number: string;
  type: string;
  data: MoveJson;
};

/** Where an event stream lives: a handle field inside a resource, or the stream's creation number. */
export type EventStreamKey =
  | { kind: "handle"; structTag: string; fieldName: string }
  | { kind: "creationNumber"; creationNumber: bigint };

/** Result of evaluating a view function. Aborts become 400 `invalid_input` without ledger headers in the server. */
export type ViewResult =
  | { ok: true; values: MoveJson[] }
  | { ok: false; kind: "abort"; message: string; vmErrorCode: number }
  /** Unknown module/function or wrong arity/types: the node answers 400 `invalid_input` too (no vm code). */
  | { ok: false; kind: "invalid"; message: string };

export interface FakeChain {
  readonly chainId: number;
  /** Highest version the chain currently exposes. Tests move it forward to make "the chain advance". */
  head(): bigint;
  /** Make versions up to `version` visible (must be ≤ the last version the scenario produced). */
  setHead(version: bigint): void;
  /** Last version the scenario produced (the head can never pass it). */
  lastVersion(): bigint;
  /** Oldest non-pruned version; reads below it get 410 `version_pruned`. */
  oldest(): bigint;
  setOldest(version: bigint): void;
  /** Ledger point at `version` (epoch, timestamp and block height of the block holding that version). */
  ledgerAt(version: bigint): LedgerPoint;
  /** `{sequence_number, authentication_key}` at `version`, or undefined when the account does not exist then. */
  account(address: string, version: bigint): { sequence_number: string; authentication_key: string } | undefined;
  /** All resources of the account at `version`, sorted by type tag; undefined when the account does not exist. */
  resources(address: string, version: bigint): Array<{ type: string; data: MoveJson }> | undefined;
  /**
   * Every event of one stream, in sequence order (all versions, the server filters by head and pages).
   * undefined when the stream does not exist at head (the node answers 404 then).
   */
  events(address: string, key: EventStreamKey): EventJson[] | undefined;
  /** A transaction in the node's JSON shape (`type: "user_transaction"` etc.) or undefined. */
  transactionByVersion(version: bigint): Record<string, MoveJson> | undefined;
  transactionByHash(hash: string): Record<string, MoveJson> | undefined;
  /** Transactions SENT by the account, ordered by its sequence number (all versions; the server filters). */
  accountTransactions(address: string): Array<Record<string, MoveJson>>;
  /** Block containing `version`: `{block_height, block_hash, block_timestamp, first_version, last_version}`. */
  blockByVersion(version: bigint): Record<string, MoveJson> | undefined;
  /** Evaluate `0x1::module::function` at `version` with JSON arguments exactly as the client sent them. */
  view(fn: string, typeArguments: string[], args: unknown[], version: bigint): ViewResult;
}
