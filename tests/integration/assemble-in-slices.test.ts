import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChainReader } from "../../src/chain/reader.ts";
import { type FakeNode, startFakeNode } from "../../src/fake-node/http/server.ts";
import { generateScenario } from "../../src/fake-node/sim/generator.ts";
import { simulate } from "../../src/fake-node/sim/simulator.ts";
import { SLICE_ITEMS } from "../../src/lib/slices.ts";
import { assembleLedgerParts, assembleLedgerPartsInSlices } from "../../src/snapshot/assemble-snapshot.ts";
import { type LedgerRead, readChain } from "../../src/snapshot/read-chain.ts";

/**
 * A snapshot run assembles its ledger's parts in slices (`src/lib/slices.ts`) while its views are still read, so
 * that the views' answers are taken between them: the sliced assembly pauses between its parts and every
 * `SLICE_ITEMS` events, and gives exactly what the one-go assembly gives.
 */

const scenario = generateScenario({ seed: 41, donations: 2_500, transfers: 40, donors: 12, epochs: 12 });
const WALLET = `0x${scenario.wallet.address}`;
const context = { nodeUrl: "http://127.0.0.1", simulated: true, toolVersion: "0.1.0" };

let node: FakeNode;
let read: LedgerRead;

beforeAll(async () => {
  node = await startFakeNode({ chain: simulate(scenario) });
  read = await readChain({
    reader: createChainReader({ nodeUrl: node.url }),
    wallet: WALLET,
    previous: null,
    concurrency: 4,
    readReceipts: false,
    readVetoTallies: false,
  });
}, 60_000);

afterAll(async () => {
  await node?.close();
});

describe("assembleLedgerPartsInSlices", () => {
  it("pauses between its parts and within the ledger's events, and assembles what the one-go assembly does", () => {
    const events = read.events.deposits.length + read.events.withdrawals.length;
    expect(events).toBeGreaterThan(2 * SLICE_ITEMS);
    const work = assembleLedgerPartsInSlices(null, read, WALLET, context);
    let pauses = 0;
    let step = work.next();
    for (; !step.done; step = work.next()) pauses++;
    // Each of the ledger's two walks over the events pauses every SLICE_ITEMS events; its parts add a few more.
    expect(pauses).toBeGreaterThanOrEqual(2 * Math.floor(events / SLICE_ITEMS) + 3);
    expect(step.value).toEqual(assembleLedgerParts(null, read, WALLET, context));
  });
});
