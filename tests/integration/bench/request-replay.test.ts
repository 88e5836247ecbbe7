import { appendFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type RecordedRequest,
  readRecordedRequests,
  recordingTransport,
  replayRequests,
  timingTransport,
  writeRecordedRequests,
} from "../../../scripts/bench/request-replay.ts";
import { nodeHttpTransport } from "../../../src/chain/node-http-transport.ts";
import { createChainReader } from "../../../src/chain/reader.ts";
import { type FakeNode, startFakeNode } from "../../../src/fake-node/http/server.ts";
import { createStubChain, STUB } from "../../../src/fake-node/http/stub-chain.ts";
import { BalanceViewSchema } from "../../../src/schemas/chain.ts";

let node: FakeNode;
const work = await mkdtemp(path.join(tmpdir(), "ledgerlight-replay-test-"));

beforeAll(async () => {
  node = await startFakeNode({ chain: createStubChain(), port: 0 });
});
afterAll(async () => {
  await node.close();
  await rm(work, { recursive: true, force: true });
});

const seen = (from: number) =>
  node.requests.entries
    .slice(from)
    .map((entry) => `${entry.method} ${entry.path}?${new URLSearchParams(entry.query)} ${entry.status}`);

describe("the snapshot benchmark's floor", () => {
  it("sends the requests a run sent, bodies included, as the node saw them the first time", async () => {
    const recorded: RecordedRequest[] = [];
    const reader = createChainReader({ nodeUrl: node.url, transport: recordingTransport(nodeHttpTransport, recorded) });
    const info = await reader.getLedgerInfo();
    await reader.view("0x1::ol_account::balance", [`0x${STUB.wallet}`], info.ledger_version, BalanceViewSchema);
    await reader.getTransactionPage(0n, 5, info.ledger_version);
    const firstTime = seen(0);
    expect(recorded.map((request) => request.method)).toEqual(["GET", "POST", "GET"]);
    expect(recorded[1]?.body).toContain("0x1::ol_account::balance");

    const file = path.join(work, "requests.jsonl");
    await writeRecordedRequests(file, recorded);
    const replay = await replayRequests(await readRecordedRequests(file), 2);
    expect(replay.requests).toBe(3);
    // The view answers 200 only with its body sent again.
    expect([...replay.statuses]).toEqual([[200, 3]]);
    expect(seen(firstTime.length).sort()).toEqual([...firstTime].sort());
  });

  it("times each request from its send to its body's end, in the run and in the floor, latency included", async () => {
    const slow = await startFakeNode({ chain: createStubChain(), port: 0, faults: [{ kind: "latency", ms: 30 }] });
    try {
      const recorded: RecordedRequest[] = [];
      const roundTrips: number[] = [];
      const reader = createChainReader({
        nodeUrl: slow.url,
        transport: timingTransport(recordingTransport(nodeHttpTransport, recorded), roundTrips),
      });
      const info = await reader.getLedgerInfo();
      await reader.getTransactionPage(0n, 5, info.ledger_version);
      expect(roundTrips).toHaveLength(2);
      // A timer may fire up to a millisecond early on its own clock's rounding; never more.
      for (const trip of roundTrips) expect(trip).toBeGreaterThanOrEqual(29);
      const replay = await replayRequests(recorded, 2);
      expect(replay.roundTrips.count).toBe(2);
      expect(replay.roundTrips.p50Ms).toBeGreaterThanOrEqual(29);
      expect(replay.roundTrips.meanMs).toBeGreaterThanOrEqual(29);
    } finally {
      await slow.close();
    }
  });

  it("refuses a recorded line that is not a request, or not JSON, naming the file and the line", async () => {
    const file = path.join(work, "bad.jsonl");
    await writeRecordedRequests(file, [{ method: "GET", url: node.url }]);
    await appendFile(file, `${JSON.stringify({ method: "PUT", url: node.url })}\n`);
    await expect(readRecordedRequests(file)).rejects.toThrow(/recorded request 2 of .*bad\.jsonl/);
    const cut = path.join(work, "cut.jsonl");
    await writeRecordedRequests(cut, [{ method: "GET", url: node.url }]);
    await appendFile(cut, `{"method":"GET","url\n`);
    await expect(readRecordedRequests(cut)).rejects.toThrow(/recorded request 2 of .*cut\.jsonl is not valid JSON/);
  });
});
