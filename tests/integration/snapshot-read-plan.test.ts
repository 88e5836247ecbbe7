import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChainReader } from "../../src/chain/reader.ts";
import { SnapshotRefusedError } from "../../src/errors.ts";
import { type FakeNode, startFakeNode } from "../../src/fake-node/http/server.ts";
import { generateScenario } from "../../src/fake-node/sim/generator.ts";
import { simulate } from "../../src/fake-node/sim/simulator.ts";
import type { Snapshot } from "../../src/schemas/snapshot.ts";
import { TRANSACTION_PAGE_LIMIT } from "../../src/snapshot/read-chain.ts";
import { planTransactionReads } from "../../src/snapshot/read-plan.ts";
import { runSnapshot, writtenSnapshot } from "../../src/snapshot/run-snapshot.ts";

/**
 * The read plan on both kinds of chain: where the wallet's versions are dense (the simulated SIP) transactions
 * come in range reads; where they are sparse (filler blocks between every user block, as on a busy chain) one at
 * a time. Either way every transaction is checked as a single read is: a range page that skips a version or
 * changes an event is refused.
 */

const options = { seed: 18, donations: 240, transfers: 24, donors: 12, epochs: 12 };
const dense = generateScenario(options);
// One user transaction per block and 150 empty blocks before each: no two wanted versions share a page of 100.
const sparse = { ...generateScenario({ ...options, fillerBlocks: 150 }), blockSize: 1 };
const WALLET = `0x${dense.wallet.address}`;

let denseNode: FakeNode;
let sparseNode: FakeNode;
let work: string;

beforeAll(async () => {
  denseNode = await startFakeNode({ chain: simulate(dense) });
  sparseNode = await startFakeNode({ chain: simulate(sparse) });
  work = await mkdtemp(path.join(tmpdir(), "ledgerlight-read-plan-"));
});

afterAll(async () => {
  await denseNode?.close();
  await sparseNode?.close();
  await rm(work, { recursive: true, force: true });
});

function transactionVersions(snapshot: Snapshot): Set<bigint> {
  return new Set([...snapshot.ledger.entries.map((e) => e.version), ...snapshot.epochs.map((e) => e.version)]);
}

function transactionRequests(node: FakeNode) {
  return {
    ranges: node.requests.entries.filter((r) => /\/transactions$/.test(r.path)),
    singles: node.requests.entries.filter((r) => r.path.includes("/transactions/by_version/")),
  };
}

/** What a ledger entry says, without where on the chain it sits (versions differ between the two chains). */
const movements = (snapshot: Snapshot) =>
  snapshot.ledger.entries.map(
    (e) => `${e.stream} ${e.sequence} ${e.category} ${e.amount} ${e.counterparty} ${e.epoch}`,
  );

async function snapshotOf(node: FakeNode, name: string, fetch?: typeof globalThis.fetch) {
  node.requests.clear();
  const reader = createChainReader({ nodeUrl: node.url, ...(fetch ? { fetch } : {}) });
  const outDir = await mkdtemp(path.join(work, name));
  return writtenSnapshot(await runSnapshot({ reader, wallet: WALLET, outDir, simulated: true }));
}

describe("the transaction read plan", () => {
  let denseSnapshot: Snapshot;

  it("reads dense versions in range reads: at most a quarter of the requests of one read per version", async () => {
    denseSnapshot = await snapshotOf(denseNode, "dense-");
    const versions = transactionVersions(denseSnapshot);
    const { ranges, singles } = transactionRequests(denseNode);
    expect(versions.size).toBeGreaterThan(200);
    expect(ranges.length).toBeGreaterThan(0);
    expect(ranges.length + singles.length).toBeLessThanOrEqual(versions.size / 4);
    for (const range of ranges) expect(Number(range.query.limit)).toBeLessThanOrEqual(100);
  });

  it("reads sparse versions one at a time, and finds the same movements", async () => {
    const snapshot = await snapshotOf(sparseNode, "sparse-");
    const versions = transactionVersions(snapshot);
    const { ranges, singles } = transactionRequests(sparseNode);
    expect(ranges).toEqual([]);
    expect(new Set(singles.map((r) => BigInt(r.path.split("/").pop() ?? "")))).toEqual(versions);
    expect(singles).toHaveLength(versions.size);
    expect(movements(snapshot)).toEqual(movements(denseSnapshot));
  });

  it("reads the transactions of the versions it is sure of while event pages still come, with the same plan", async () => {
    const many = generateScenario({ ...options, seed: 19, donations: 2_400 });
    const node = await startFakeNode({ chain: simulate(many) });
    try {
      const reader = createChainReader({ nodeUrl: node.url });
      const outDir = await mkdtemp(path.join(work, "overlap-"));
      const wallet = `0x${many.wallet.address}`;
      const snapshot = writtenSnapshot(await runSnapshot({ reader, wallet, outDir, simulated: true, concurrency: 4 }));
      const order = node.requests.entries.map((r) => r.path);
      const eventPages = order.flatMap((p, at) => (p.includes("/events/") ? [at] : []));
      const firstTransaction = order.findIndex((p) => /\/transactions$/.test(p));
      expect(eventPages.length).toBeGreaterThan(20);
      // The deposit stream's pages come last (the shortest streams first), and its early versions are read while
      // its later pages are still asked for.
      expect(firstTransaction).toBeGreaterThan(-1);
      expect(firstTransaction).toBeLessThan(eventPages.at(-1) as number);
      const versions = [...transactionVersions(snapshot)].sort((a, b) => (a < b ? -1 : 1));
      const asked = order.filter((p) => /\/transactions($|\/by_version\/)/.test(p)).length;
      expect(asked).toBe(planTransactionReads(versions, { pageLimit: TRANSACTION_PAGE_LIMIT }).length);
    } finally {
      await node.close();
    }
  });

  /** A fetch that rewrites every range page with `change` (the node, or something on the way, serving wrong data). */
  const tampering =
    (change: (page: Array<Record<string, unknown>>) => Array<Record<string, unknown>>): typeof globalThis.fetch =>
    async (input, init) => {
      const answer = await fetch(input, init);
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (!/\/transactions$/.test(url.pathname) || answer.status !== 200) return answer;
      const page = change((await answer.json()) as Array<Record<string, unknown>>);
      return new Response(JSON.stringify(page), { status: 200, headers: { "content-type": "application/json" } });
    };

  it("refuses a range page that skips a version, naming the version asked for and the one answered", async () => {
    const run = snapshotOf(
      denseNode,
      "skip-",
      tampering((page) => (page.length > 2 ? [page[0], ...page.slice(2)] : page) as Array<Record<string, unknown>>),
    );
    await expect(run).rejects.toThrow(SnapshotRefusedError);
    await expect(run).rejects.toThrow(
      /asked for the transaction at version (\d+), the node answered the one at version/,
    );
  });

  it("refuses a range page whose transaction does not list the event that sent us there", async () => {
    const run = snapshotOf(
      denseNode,
      "events-",
      tampering((page) => page.map((tx) => ({ ...tx, events: [] }))),
    );
    await expect(run).rejects.toThrow(SnapshotRefusedError);
    await expect(run).rejects.toThrow(/does not list this event/);
  });
});
