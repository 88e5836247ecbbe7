/**
 * The read side of a simulated chain: implements `FakeChain` (model.ts) over the data `simulate()` produced.
 * Nothing here changes chain state; only the visible head and the pruning floor move.
 */
import type { EventJson, EventStreamKey, FakeChain, LedgerPoint, MoveJson, ViewResult } from "../model.ts";
import {
  type BlockRec,
  type ChainData,
  renderBlock,
  renderTx,
  streamKey,
  type TxRec,
  txHash,
  versionedEventJson,
} from "./ledger.ts";
import { canonicalTag, normalizeAddress } from "./move-json.ts";
import { AccountKind, ConfigurationKind, FRAMEWORK } from "./resources.ts";
import type { DonorVoiceRules } from "./rules.ts";
import { lastAtOrBefore, type ResourceKind } from "./store.ts";
import { evaluateView } from "./views.ts";

/** What the simulator knows beyond the ledger, for tests and tools. */
export interface SimulationInfo {
  /** 64-hex address of the Donor Voice wallet. */
  readonly wallet: string;
  /** Chain id (creation number) each scenario proposal `ref` received. */
  readonly refIds: ReadonlyMap<string, bigint>;
  /** Version of the boundary transaction that closed each epoch. */
  readonly boundaryVersions: ReadonlyMap<bigint, number>;
  readonly rules: DonorVoiceRules;
}

function toIndex(version: bigint): number {
  return Number(version);
}

export class SimulatedChain implements FakeChain {
  readonly chainId: number;
  readonly info: SimulationInfo;
  private readonly data: ChainData;
  private headVersion: bigint;
  private oldestVersion = 0n;
  private readonly firstVersions: number[];
  private hashIndex: Map<string, number> | undefined;
  private readonly streamCache = new Map<string, EventJson[]>();

  constructor(data: ChainData, info: SimulationInfo) {
    this.data = data;
    this.info = info;
    this.chainId = data.chainId;
    this.headVersion = this.lastVersion();
    this.firstVersions = data.blocks.map((b) => b.firstVersion);
  }

  head(): bigint {
    return this.headVersion;
  }

  setHead(version: bigint): void {
    if (version < 0n || version > this.lastVersion()) {
      throw new RangeError(`setHead(${version}): the scenario produced versions 0..${this.lastVersion()}`);
    }
    this.headVersion = version;
  }

  lastVersion(): bigint {
    return BigInt(this.data.txs.length - 1);
  }

  oldest(): bigint {
    return this.oldestVersion;
  }

  setOldest(version: bigint): void {
    if (version < 0n || version > this.lastVersion()) {
      throw new RangeError(`setOldest(${version}): the scenario produced versions 0..${this.lastVersion()}`);
    }
    this.oldestVersion = version;
  }

  private inRange(version: bigint): boolean {
    return version >= 0n && version <= this.lastVersion();
  }

  private block(version: bigint): BlockRec | undefined {
    if (!this.inRange(version)) return undefined;
    return this.data.blocks[lastAtOrBefore(this.firstVersions, toIndex(version))];
  }

  ledgerAt(version: bigint): LedgerPoint {
    const b = this.block(version);
    if (b === undefined) throw new RangeError(`ledgerAt(${version}): no such version`);
    return { version, epoch: b.epoch, timestampUsec: b.timestampUsec, blockHeight: BigInt(b.height) };
  }

  /** Resource record at a version (typed access for tests). */
  resourceAt<T>(address: string, kind: ResourceKind<T>, version: bigint): T | undefined {
    const addr = normalizeAddress(address);
    if (addr === undefined || !this.inRange(version)) return undefined;
    return this.data.store.get(addr, kind, toIndex(version));
  }

  account(address: string, version: bigint): { sequence_number: string; authentication_key: string } | undefined {
    const acct = this.resourceAt(address, AccountKind, version);
    if (acct === undefined) return undefined;
    return { sequence_number: acct.seq.toString(), authentication_key: acct.authKey };
  }

  resources(address: string, version: bigint): Array<{ type: string; data: MoveJson }> | undefined {
    const addr = normalizeAddress(address);
    if (addr === undefined || this.resourceAt(addr, AccountKind, version) === undefined) return undefined;
    return this.data.store.encodedAt(addr, toIndex(version));
  }

  /** Handle lookups by head, address, tag and field: resolving one encodes every resource of the account. */
  private readonly handleCache = new Map<string, bigint | undefined>();

  /** The creation number a handle field points at, read from the resource at head. */
  private handleCreationNum(addr: string, structTag: string, fieldName: string): bigint | undefined {
    const key = `${this.headVersion}|${addr}|${canonicalTag(structTag)}|${fieldName}`;
    if (this.handleCache.has(key)) return this.handleCache.get(key);
    const found = this.findHandleCreationNum(addr, structTag, fieldName);
    this.handleCache.set(key, found);
    return found;
  }

  private findHandleCreationNum(addr: string, structTag: string, fieldName: string): bigint | undefined {
    const wanted = canonicalTag(structTag);
    const res = this.resources(addr, this.headVersion)?.find((r) => canonicalTag(r.type) === wanted);
    if (res === undefined || typeof res.data !== "object" || res.data === null || Array.isArray(res.data)) {
      return undefined;
    }
    const handle = res.data[fieldName];
    if (typeof handle !== "object" || handle === null || Array.isArray(handle)) return undefined;
    const guid = handle.guid;
    if (typeof guid !== "object" || guid === null || Array.isArray(guid)) return undefined;
    const id = guid.id;
    if (typeof id !== "object" || id === null || Array.isArray(id)) return undefined;
    const num = id.creation_num;
    return typeof num === "string" && "counter" in handle ? BigInt(num) : undefined;
  }

  events(address: string, key: EventStreamKey): EventJson[] | undefined {
    const addr = normalizeAddress(address);
    if (addr === undefined) return undefined;
    let creationNum: bigint | undefined;
    if (key.kind === "handle") {
      creationNum = this.handleCreationNum(addr, key.structTag, key.fieldName);
    } else {
      const acct = this.data.store.get(addr, AccountKind, toIndex(this.headVersion));
      if (acct !== undefined && key.creationNumber < acct.guidCreationNum) creationNum = key.creationNumber;
    }
    if (creationNum === undefined) return undefined;
    const k = streamKey(addr, creationNum);
    let cached = this.streamCache.get(k);
    if (cached === undefined) {
      cached = (this.data.streams.get(k) ?? []).map(versionedEventJson);
      this.streamCache.set(k, cached);
    }
    return cached;
  }

  transactionByVersion(version: bigint): Record<string, MoveJson> | undefined {
    if (!this.inRange(version)) return undefined;
    const tx = this.data.txs[toIndex(version)];
    return tx === undefined ? undefined : renderTx(this.chainId, tx);
  }

  transactionByHash(hash: string): Record<string, MoveJson> | undefined {
    if (this.hashIndex === undefined) {
      this.hashIndex = new Map();
      for (const tx of this.data.txs) this.hashIndex.set(txHash(this.chainId, tx), tx.version);
    }
    const v = this.hashIndex.get(hash.toLowerCase());
    return v === undefined ? undefined : this.transactionByVersion(BigInt(v));
  }

  accountTransactions(address: string): Array<Record<string, MoveJson>> {
    const addr = normalizeAddress(address);
    if (addr === undefined) return [];
    return (this.data.bySender.get(addr) ?? []).map((v) => renderTx(this.chainId, this.data.txs[v] as TxRec));
  }

  blockByVersion(version: bigint): Record<string, MoveJson> | undefined {
    const b = this.block(version);
    return b === undefined ? undefined : renderBlock(this.chainId, b);
  }

  view(fn: string, typeArguments: string[], args: unknown[], version: bigint): ViewResult {
    const v = toIndex(version < 0n ? 0n : version > this.lastVersion() ? this.lastVersion() : version);
    const store = this.data.store;
    const block = this.block(BigInt(v));
    return evaluateView(
      {
        get: (addr, kind) => store.get(addr, kind, v),
        rules: this.info.rules,
        nowUsec: block?.timestampUsec ?? 0n,
      },
      fn,
      typeArguments,
      args,
    );
  }

  /** Epoch the chain was in at `version` (as `get_current_epoch` answers there). */
  epochAt(version: bigint): bigint {
    return this.resourceAt(FRAMEWORK, ConfigurationKind, version)?.epoch ?? 0n;
  }
}
