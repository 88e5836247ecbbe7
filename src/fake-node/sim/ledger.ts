/**
 * The simulator's append-only ledger (transactions, events, blocks) and its rendering to the node's JSON shapes
 * (OpenAPI components `GenesisTransaction`, `BlockMetadataTransaction`, `UserTransaction`, `Event`,
 * `VersionedEvent`, `Block`). Hashes are sha256 over stable strings, so two simulations of one scenario serve
 * identical bytes.
 */
import type { EventJson, MoveJson } from "../model.ts";
import { fakeHash, shortAddress } from "./move-json.ts";
import type { VersionedStore } from "./store.ts";

export interface EventRec {
  readonly version: number;
  /** Account holding the event handle. */
  readonly addr: string;
  readonly creationNum: bigint;
  readonly seq: bigint;
  readonly type: string;
  readonly data: MoveJson;
}

interface TxBase {
  readonly version: number;
  readonly events: readonly EventRec[];
}

export interface GenesisTx extends TxBase {
  readonly kind: "genesis";
}

export interface BlockMetadataTx extends TxBase {
  readonly kind: "block_metadata";
  readonly height: number;
  readonly epoch: bigint;
  readonly timestampUsec: bigint;
}

export interface UserTx extends TxBase {
  readonly kind: "user";
  readonly sender: string;
  readonly seq: bigint;
  readonly fn: string;
  readonly args: readonly MoveJson[];
  readonly success: boolean;
  readonly vmStatus: string;
  readonly gasUsed: bigint;
  readonly timestampUsec: bigint;
}

export type TxRec = GenesisTx | BlockMetadataTx | UserTx;

export interface BlockRec {
  readonly height: number;
  readonly firstVersion: number;
  lastVersion: number;
  /** Microseconds. */
  readonly timestampUsec: bigint;
  readonly epoch: bigint;
}

/** Everything `simulate()` produced; read-only once simulation ends. */
export interface ChainData {
  readonly chainId: number;
  readonly store: VersionedStore;
  /** Index = version. */
  readonly txs: TxRec[];
  readonly blocks: BlockRec[];
  /** Key `addr#creationNum`. */
  readonly streams: Map<string, EventRec[]>;
  /** Versions of the user transactions each account sent, in sequence-number order. */
  readonly bySender: Map<string, number[]>;
}

export const GAS_UNIT_PRICE = 100n;
export const MAX_GAS_AMOUNT = 1_000_000n;
/** A fixed validator that proposes every block. */
export const PROPOSER = "00000000000000000000000000000000a1b2c3d4e5f60718293a4b5c6d7e8f90";

export function streamKey(addr: string, creationNum: bigint): string {
  return `${addr}#${creationNum}`;
}

export function txHash(chainId: number, tx: TxRec): string {
  return fakeHash("tx", chainId, tx.version, tx.kind, tx.kind === "user" ? `${tx.sender}:${tx.seq}:${tx.fn}` : "");
}

export function blockHash(chainId: number, height: number): string {
  return fakeHash("block", chainId, height);
}

/** An event inside a transaction (`Event`: no version). */
function eventJson(e: EventRec): MoveJson {
  return {
    guid: { creation_number: e.creationNum.toString(), account_address: shortAddress(e.addr) },
    sequence_number: e.seq.toString(),
    type: e.type,
    data: e.data,
  };
}

/** An event as the events endpoints serve it (`VersionedEvent`). */
export function versionedEventJson(e: EventRec): EventJson {
  return {
    version: String(e.version),
    guid: { creation_number: e.creationNum.toString(), account_address: shortAddress(e.addr) },
    sequence_number: e.seq.toString(),
    type: e.type,
    data: e.data,
  };
}

/** Fields every committed transaction carries. */
function commonJson(chainId: number, tx: TxRec, success: boolean, vmStatus: string, gasUsed: bigint, hash: string) {
  return {
    version: String(tx.version),
    hash,
    state_change_hash: fakeHash("state", hash),
    event_root_hash: fakeHash("events", hash),
    gas_used: gasUsed.toString(),
    success,
    vm_status: vmStatus,
    accumulator_root_hash: fakeHash("accumulator", chainId, tx.version),
    changes: [] as MoveJson[],
  };
}

export const EXECUTED = "Executed successfully";

/** A key pair is out of scope; the public key is derived from the address so it is stable and distinct. */
export function publicKeyOf(addr: string): string {
  let key = publicKeys.get(addr);
  if (key === undefined) {
    key = fakeHash("public-key", addr);
    publicKeys.set(addr, key);
  }
  return key;
}
/** Each sender's key, hashed once (a few thousand senders sign every transaction a range read serves). */
const publicKeys = new Map<string, string>();

export function renderTx(chainId: number, tx: TxRec): Record<string, MoveJson> {
  switch (tx.kind) {
    case "genesis":
      return {
        ...commonJson(chainId, tx, true, EXECUTED, 0n, txHash(chainId, tx)),
        payload: { type: "write_set_payload", write_set: { type: "direct_write_set", changes: [], events: [] } },
        events: tx.events.map(eventJson),
        type: "genesis_transaction",
      };
    case "block_metadata":
      return {
        ...commonJson(chainId, tx, true, EXECUTED, 0n, txHash(chainId, tx)),
        id: blockHash(chainId, tx.height),
        epoch: tx.epoch.toString(),
        round: String(tx.height),
        events: tx.events.map(eventJson),
        previous_block_votes_bitvec: [],
        proposer: shortAddress(PROPOSER),
        failed_proposer_indices: [],
        timestamp: tx.timestampUsec.toString(),
        type: "block_metadata_transaction",
      };
    case "user": {
      const hash = txHash(chainId, tx);
      return {
        ...commonJson(chainId, tx, tx.success, tx.vmStatus, tx.gasUsed, hash),
        sender: shortAddress(tx.sender),
        sequence_number: tx.seq.toString(),
        max_gas_amount: MAX_GAS_AMOUNT.toString(),
        gas_unit_price: GAS_UNIT_PRICE.toString(),
        // Clients sign with a 10-minute validity window.
        expiration_timestamp_secs: (tx.timestampUsec / 1_000_000n + 600n).toString(),
        payload: { type: "entry_function_payload", function: tx.fn, type_arguments: [], arguments: [...tx.args] },
        signature: {
          type: "ed25519_signature",
          public_key: publicKeyOf(tx.sender),
          signature: `${fakeHash("sig-a", hash)}${fakeHash("sig-b", hash).slice(2)}`,
        },
        events: tx.events.map(eventJson),
        timestamp: tx.timestampUsec.toString(),
        type: "user_transaction",
      };
    }
  }
}

export function renderBlock(chainId: number, b: BlockRec): Record<string, MoveJson> {
  return {
    block_height: String(b.height),
    block_hash: blockHash(chainId, b.height),
    block_timestamp: b.timestampUsec.toString(),
    first_version: String(b.firstVersion),
    last_version: String(b.lastVersion),
  };
}
