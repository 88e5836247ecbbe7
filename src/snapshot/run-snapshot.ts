import path from "node:path";
import type { ChainReader } from "../chain/reader.ts";
import { SnapshotRefusedError } from "../errors.ts";
import { normalizeAddress } from "../lib/address.ts";
import { formatU64 } from "../lib/money.ts";
import { BalanceViewSchema, CoinStoreSchema, ReconfigurationSchema } from "../schemas/chain.ts";
import { SNAPSHOT_SCHEMA_VERSION } from "../schemas/snapshot.ts";
import { buildSnapshotFiles, type SnapshotContent } from "./build-files.ts";
import { readCommittedMeta, replaceSnapshotFolder } from "./snapshot-folder.ts";

export const COIN_STORE_TYPE = "0x1::coin::CoinStore<0x1::libra_coin::LibraCoin>";
export const TOOL_VERSION = "0.1.0";

export interface SnapshotRequest {
  reader: ChainReader;
  /** Wallet address in any accepted form. */
  wallet: string;
  /** Folder holding one sub-folder per wallet (`content/snapshots`). */
  outDir: string;
  /** Pin to this version instead of the node's current one. */
  ledgerVersion?: bigint;
  /** Chain id the program expects; a different chain is refused. */
  expectedChainId?: number;
  /** Marks data read from the simulated node. */
  simulated: boolean;
}

export interface SnapshotResult {
  dir: string;
  content: SnapshotContent;
  files: Map<string, string>;
}

/** The folder a wallet's snapshot lives in. */
export function walletSnapshotDir(outDir: string, wallet: string): string {
  return path.join(outDir, normalizeAddress(wallet));
}

/** Reads everything at one pinned version V. */
export async function readSnapshotContent(request: SnapshotRequest): Promise<SnapshotContent> {
  const { reader } = request;
  const wallet = normalizeAddress(request.wallet);
  const info = await reader.getLedgerInfo();
  if (request.expectedChainId !== undefined && info.chain_id !== request.expectedChainId) {
    throw new SnapshotRefusedError(
      `The node at ${reader.nodeUrl} serves chain id ${info.chain_id}, but the program expects chain id ${request.expectedChainId}. Point --node at a node of the right network.`,
    );
  }
  const version = request.ledgerVersion ?? info.ledger_version;
  if (version > info.ledger_version) {
    throw new SnapshotRefusedError(
      `Ledger version ${version} is ahead of the node (${info.ledger_version}). Pick a version the node has reached.`,
    );
  }
  if (version < info.oldest_ledger_version) {
    throw new SnapshotRefusedError(
      `Ledger version ${version} is pruned on this node (oldest kept: ${info.oldest_ledger_version}). Use an archive node or a later version.`,
    );
  }
  // Epoch and time are read AT V (not from the head), so a pinned older V is dated correctly.
  const [coinStore, balance, configuration, block] = await Promise.all([
    reader.getResource(wallet, COIN_STORE_TYPE, version, CoinStoreSchema),
    reader.view("0x1::ol_account::balance", [wallet], version, BalanceViewSchema),
    reader.getResource("0x1", "0x1::reconfiguration::Configuration", version, ReconfigurationSchema),
    reader.getBlockByVersion(version),
  ]);
  const [unlocked, total] = balance;
  if (total !== coinStore.coin.value) {
    throw new SnapshotRefusedError(
      `At version ${version} the balance view says ${total} but the CoinStore holds ${coinStore.coin.value} base units. The node is inconsistent; try another node.`,
    );
  }
  return {
    meta: {
      schemaVersion: SNAPSHOT_SCHEMA_VERSION,
      toolVersion: TOOL_VERSION,
      chainId: info.chain_id,
      nodeUrl: reader.nodeUrl,
      wallet,
      ledgerVersion: formatU64(version),
      ledgerTimestampUsec: formatU64(block.block_timestamp),
      epoch: formatU64(configuration.epoch),
      simulated: request.simulated,
    },
    balance: {
      coinStoreValue: formatU64(coinStore.coin.value),
      unlocked: formatU64(unlocked),
      total: formatU64(total),
      source: `${wallet}/${COIN_STORE_TYPE}/coin/value`,
    },
  };
}

/** Reads the wallet at V and replaces its committed snapshot atomically, after the refusal checks. */
export async function runSnapshot(request: SnapshotRequest): Promise<SnapshotResult> {
  const dir = walletSnapshotDir(request.outDir, request.wallet);
  const previous = await readCommittedMeta(dir);
  const content = await readSnapshotContent(request);
  if (previous) {
    if (previous.chainId !== content.meta.chainId) {
      throw new SnapshotRefusedError(
        `The committed snapshot in ${dir} is from chain id ${previous.chainId}; the node serves chain id ${content.meta.chainId}. Snapshots of different chains are never mixed.`,
      );
    }
    if (BigInt(content.meta.ledgerVersion) < BigInt(previous.ledgerVersion)) {
      throw new SnapshotRefusedError(
        `Ledger version ${content.meta.ledgerVersion} is older than the committed snapshot's ${previous.ledgerVersion}. A snapshot may only move forward; the node may be lagging, so try again or use another node.`,
      );
    }
  }
  const files = buildSnapshotFiles(content);
  await replaceSnapshotFolder(dir, files);
  return { dir, content, files };
}
