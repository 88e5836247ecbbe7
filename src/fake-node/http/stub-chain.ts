import { createHash } from "node:crypto";
import type { EventJson, EventStreamKey, FakeChain, LedgerPoint, MoveJson, ViewResult } from "../model.ts";

/**
 * A small hand-built `FakeChain` for testing the HTTP layer on its own (independent of the Donor Voice
 * simulator): fixed, deterministic data shaped like a node's JSON, with enough items to page past every cap.
 *
 * Layout: 140 blocks of 3 versions each (versions 0..419). In block i, version 3i is a block-metadata
 * transaction, 3i+1 is a user transaction (for i < 130: the donor's i-th `ol_account::transfer` to the wallet,
 * which emits the wallet's i-th deposit event), 3i+2 is a state checkpoint. Epoch = 1 + ⌊i / 20⌋.
 */

/** Full 64-hex forms (no 0x), as FakeChain takes them. */
export const STUB = {
  chainId: 4,
  framework: "0000000000000000000000000000000000000000000000000000000000000001",
  wallet: "0000000000000000000000000000000019e966bfa4b32ce9b7e23721b37b96d2",
  donor: "00d333b9a1ad0fe1c5e5b1f6ad1c54c1b8d8f4b9c1f2a3b4c5d6e7f8091a2b3c",
  /** An account holding many resources, to page through `/resources` with a cursor. */
  collector: "00000000000000000000000000000000000000000000000000000000000a11ce",
  collectorResourceCount: 30,
  blocks: 140n,
  versionsPerBlock: 3n,
  donations: 130,
  coinStore: "0x1::coin::CoinStore<0x1::libra_coin::LibraCoin>",
  /** Epochs start every 20 blocks; the first epoch is 1. */
  blocksPerEpoch: 20n,
  genesisUsec: 1_750_000_000_000_000n,
  blockIntervalUsec: 2_000_000n,
  /** The view that always aborts, and its abort code (0x10003, EDUPLICATE_PROPOSAL-like). */
  abortingView: "0x1::stub::always_aborts",
  abortCode: 65539,
} as const;

function short(hex64: string): string {
  const stripped = hex64.replace(/^0x/, "").replace(/^0+/, "");
  return `0x${stripped === "" ? "0" : stripped}`;
}

function full(address: string): string {
  return address.replace(/^0x/, "").toLowerCase().padStart(64, "0");
}

function hashOf(label: string): string {
  return `0x${createHash("sha256").update(label).digest("hex")}`;
}

const LAST_VERSION = STUB.blocks * STUB.versionsPerBlock - 1n;

function blockOf(version: bigint): bigint {
  return version / STUB.versionsPerBlock;
}

function epochOfBlock(block: bigint): bigint {
  return 1n + block / STUB.blocksPerEpoch;
}

function timestampOfBlock(block: bigint): bigint {
  return STUB.genesisUsec + block * STUB.blockIntervalUsec;
}

/** Version of the donor's k-th donation (and of the wallet's k-th deposit event). */
function donationVersion(k: number): bigint {
  return BigInt(k) * STUB.versionsPerBlock + 1n;
}

function donationAmount(k: number): bigint {
  return BigInt(k + 1) * 1_000_000n;
}

/** How many donations are committed at `version`. */
function donationsAt(version: bigint): number {
  let count = 0;
  while (count < STUB.donations && donationVersion(count) <= version) count += 1;
  return count;
}

function eventHandle(address: string, counter: number | bigint, creationNumber: number): MoveJson {
  return { counter: String(counter), guid: { id: { addr: short(address), creation_num: String(creationNumber) } } };
}

function depositEvent(k: number): EventJson {
  return {
    version: donationVersion(k).toString(),
    guid: { creation_number: "2", account_address: short(STUB.wallet) },
    sequence_number: String(k),
    type: "0x1::coin::DepositEvent",
    data: { amount: donationAmount(k).toString() },
  };
}

function newEpochEvents(): EventJson[] {
  const events: EventJson[] = [];
  for (let block = 0n; block < STUB.blocks; block += STUB.blocksPerEpoch) {
    events.push({
      version: (block * STUB.versionsPerBlock).toString(),
      guid: { creation_number: "2", account_address: "0x1" },
      sequence_number: String(events.length),
      type: "0x1::reconfiguration::NewEpochEvent",
      data: { epoch: epochOfBlock(block).toString() },
    });
  }
  return events;
}

function baseTransaction(version: bigint): Record<string, MoveJson> {
  return {
    version: version.toString(),
    hash: hashOf(`tx-${version}`),
    state_change_hash: hashOf(`state-${version}`),
    event_root_hash: hashOf(`events-${version}`),
    state_checkpoint_hash: null,
    gas_used: "0",
    success: true,
    vm_status: "Executed successfully",
    accumulator_root_hash: hashOf(`accumulator-${version}`),
    changes: [],
  };
}

function transactionAt(version: bigint): Record<string, MoveJson> {
  const block = blockOf(version);
  const timestamp = timestampOfBlock(block).toString();
  const slot = version % STUB.versionsPerBlock;
  if (slot === 0n) {
    return {
      ...baseTransaction(version),
      id: hashOf(`block-${block}`),
      epoch: epochOfBlock(block).toString(),
      round: block.toString(),
      events: [],
      previous_block_votes_bitvec: [],
      proposer: "0x1",
      failed_proposer_indices: [],
      timestamp,
      type: "block_metadata_transaction",
    };
  }
  // Block indexes here are < STUB.blocks (140), so the donation index is a small array index, not a u64.
  const donation = Number(block);
  if (slot === 1n && donation < STUB.donations) {
    const amount = donationAmount(donation).toString();
    const event = depositEvent(donation);
    return {
      ...baseTransaction(version),
      gas_used: "5",
      sender: short(STUB.donor),
      sequence_number: String(donation),
      max_gas_amount: "2000",
      gas_unit_price: "100",
      expiration_timestamp_secs: (timestampOfBlock(block) / 1_000_000n + 60n).toString(),
      payload: {
        function: "0x1::ol_account::transfer",
        type_arguments: [],
        arguments: [short(STUB.wallet), amount],
        type: "entry_function_payload",
      },
      signature: {
        public_key: hashOf("donor-key"),
        signature: `${hashOf(`sig-a-${version}`)}${hashOf(`sig-b-${version}`).slice(2)}`,
        type: "ed25519_signature",
      },
      events: [{ guid: event.guid, sequence_number: event.sequence_number, type: event.type, data: event.data }],
      timestamp,
      type: "user_transaction",
    };
  }
  return {
    ...baseTransaction(version),
    state_checkpoint_hash: hashOf(`checkpoint-${version}`),
    timestamp,
    type: "state_checkpoint_transaction",
  };
}

function accountResource(address: string, sequenceNumber: number): { type: string; data: MoveJson } {
  return {
    type: "0x1::account::Account",
    data: {
      authentication_key: `0x${address}`,
      coin_register_events: eventHandle(address, 0, 0),
      guid_creation_num: "4",
      key_rotation_events: eventHandle(address, 0, 1),
      rotation_capability_offer: { for: { vec: [] } },
      sequence_number: String(sequenceNumber),
      signer_capability_offer: { for: { vec: [] } },
    },
  };
}

export interface StubChain extends FakeChain {
  /** Deposit events of the wallet, all versions (for assertions). */
  readonly walletDeposits: readonly EventJson[];
}

/** Builds a fresh stub chain (head at the last version, nothing pruned). */
export function createStubChain(): StubChain {
  let head = LAST_VERSION;
  let oldest = 0n;
  const walletDeposits = Array.from({ length: STUB.donations }, (_, k) => depositEvent(k));
  const epochEvents = newEpochEvents();

  const ledgerAt = (version: bigint): LedgerPoint => {
    const block = blockOf(version);
    return { version, epoch: epochOfBlock(block), timestampUsec: timestampOfBlock(block), blockHeight: block };
  };

  const resources = (address: string, version: bigint): Array<{ type: string; data: MoveJson }> | undefined => {
    const account = full(address);
    const block = blockOf(version);
    if (account === STUB.framework) {
      const epochStart = (block / STUB.blocksPerEpoch) * STUB.blocksPerEpoch;
      return [
        accountResource(account, 0),
        {
          type: "0x1::reconfiguration::Configuration",
          data: {
            epoch: epochOfBlock(block).toString(),
            events: eventHandle(account, epochStart / STUB.blocksPerEpoch + 1n, 2),
            last_reconfiguration_time: timestampOfBlock(epochStart).toString(),
          },
        },
      ];
    }
    if (account === STUB.wallet) {
      const count = donationsAt(version);
      let total = 0n;
      for (let k = 0; k < count; k += 1) total += donationAmount(k);
      return [
        accountResource(account, 0),
        {
          type: STUB.coinStore,
          data: {
            coin: { value: total.toString() },
            deposit_events: eventHandle(account, count, 2),
            frozen: false,
            withdraw_events: eventHandle(account, 0, 3),
          },
        },
        {
          type: "0x1::cumulative_deposits::CumulativeDeposits",
          data: { depositors: count > 0 ? [short(STUB.donor)] : [], index: total.toString(), value: total.toString() },
        },
      ];
    }
    if (account === STUB.donor) return [accountResource(account, donationsAt(version))];
    if (account === STUB.collector) {
      return [
        accountResource(account, 0),
        ...Array.from({ length: STUB.collectorResourceCount }, (_, i) => ({
          type: `0x1::stub::Marker${String(i).padStart(2, "0")}`,
          data: { index: String(i) },
        })),
      ];
    }
    return undefined;
  };

  const chain: StubChain = {
    chainId: STUB.chainId,
    walletDeposits,
    head: () => head,
    setHead(version) {
      if (version > LAST_VERSION || version < oldest)
        throw new RangeError(`head ${version} outside ${oldest}..${LAST_VERSION}`);
      head = version;
    },
    lastVersion: () => LAST_VERSION,
    oldest: () => oldest,
    setOldest(version) {
      if (version > head) throw new RangeError(`oldest ${version} is above the head ${head}`);
      oldest = version;
    },
    ledgerAt,
    account(address, version) {
      const list = resources(address, version);
      const data = list?.find((resource) => resource.type === "0x1::account::Account")?.data;
      if (typeof data !== "object" || data === null || Array.isArray(data)) return undefined;
      return { sequence_number: String(data.sequence_number), authentication_key: String(data.authentication_key) };
    },
    resources,
    events(address, key: EventStreamKey) {
      const account = full(address);
      const matches = (structTag: string, field: string, creation: bigint) =>
        key.kind === "handle"
          ? key.structTag === structTag && key.fieldName === field
          : key.creationNumber === creation;
      if (account === STUB.wallet && matches(STUB.coinStore, "deposit_events", 2n)) return walletDeposits;
      if (account === STUB.wallet && matches(STUB.coinStore, "withdraw_events", 3n)) return [];
      if (account === STUB.framework && matches("0x1::reconfiguration::Configuration", "events", 2n)) {
        return epochEvents;
      }
      return undefined;
    },
    transactionByVersion: (version) => (version >= 0n && version <= LAST_VERSION ? transactionAt(version) : undefined),
    transactionByHash(hash) {
      const wanted = hash.toLowerCase().startsWith("0x") ? hash.toLowerCase() : `0x${hash.toLowerCase()}`;
      for (let version = 0n; version <= LAST_VERSION; version += 1n) {
        if (hashOf(`tx-${version}`) === wanted) return transactionAt(version);
      }
      return undefined;
    },
    accountTransactions(address) {
      if (full(address) !== STUB.donor) return [];
      return Array.from({ length: STUB.donations }, (_, k) => transactionAt(donationVersion(k)));
    },
    blockByVersion(version) {
      if (version < 0n || version > LAST_VERSION) return undefined;
      const block = blockOf(version);
      return {
        block_height: block.toString(),
        block_hash: hashOf(`block-${block}`),
        block_timestamp: timestampOfBlock(block).toString(),
        first_version: (block * STUB.versionsPerBlock).toString(),
        last_version: (block * STUB.versionsPerBlock + STUB.versionsPerBlock - 1n).toString(),
      };
    },
    view(fn, typeArguments, args, version): ViewResult {
      if (fn === STUB.abortingView) {
        return { ok: false, kind: "abort", message: "EDUPLICATE_PROPOSAL", vmErrorCode: STUB.abortCode };
      }
      if (fn !== "0x1::ol_account::balance") {
        return { ok: false, kind: "invalid", message: `could not find entry function by ${fn}` };
      }
      const [address] = args;
      if (typeArguments.length !== 0 || args.length !== 1 || typeof address !== "string") {
        return {
          ok: false,
          kind: "invalid",
          message: `expected 0 type arguments and 1 argument for entry function ${fn}`,
        };
      }
      const store = resources(address, version)?.find((resource) => resource.type === STUB.coinStore)?.data;
      const coin = typeof store === "object" && store !== null && !Array.isArray(store) ? store.coin : undefined;
      const value =
        typeof coin === "object" && coin !== null && !Array.isArray(coin) && typeof coin.value === "string"
          ? coin.value
          : "0";
      return { ok: true, values: [value, value] };
    },
  };
  return chain;
}
