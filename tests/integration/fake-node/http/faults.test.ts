import { performance } from "node:perf_hooks";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type FakeNode, startFakeNode } from "../../../../src/fake-node/http/server.ts";
import { createStubChain, STUB, type StubChain } from "../../../../src/fake-node/http/stub-chain.ts";
import {
  call,
  encodeTag,
  LEDGER_HEADERS,
  presentLedgerHeaders,
  rawGet,
} from "../../../../src/fake-node/http/test-client.ts";

const WALLET = "0x19e966bfa4b32ce9b7e23721b37b96d2";
const COIN_STORE_PATH = `/accounts/${WALLET}/resource/${encodeTag(STUB.coinStore)}`;

let chain: StubChain;
let node: FakeNode;

beforeAll(async () => {
  chain = createStubChain();
  node = await startFakeNode({ chain, port: 0 });
});

afterAll(async () => {
  await node.close();
});

afterEach(() => {
  node.faults.clear();
  node.faults.clearLog();
  node.requests.clear();
});

const get = (path: string, init?: RequestInit) => call(node.url, path, init);

describe("rate limiting", () => {
  it("answers 429 with Retry-After, then recovers once the rule is spent", async () => {
    node.faults.add({ kind: "rate-limit", retryAfterSeconds: 7, path: "/v1/transactions*", times: 2 });
    const first = await get("/transactions?limit=1");
    expect(first.status).toBe(429);
    expect(first.headers.get("retry-after")).toBe("7");
    expect(presentLedgerHeaders(first.headers)).toEqual([]);
    expect((await get("/transactions?limit=1")).status).toBe(429);
    expect((await get("/transactions?limit=1")).status).toBe(200);
    expect(node.faults.count("rate-limit")).toBe(2);
    expect(node.requests.count({ status: 429 })).toBe(2);
  });

  it("leaves requests that do not match the pattern alone", async () => {
    node.faults.add({ kind: "rate-limit", retryAfterSeconds: 1, path: "/v1/transactions*" });
    expect((await get("/")).status).toBe(200);
    expect(node.faults.count()).toBe(0);
  });
});

describe("server errors", () => {
  it.each([500, 503] as const)("answers %i with a DiemError body and no ledger headers", async (status) => {
    node.faults.add({ kind: "server-error", status, times: 1 });
    const failed = await get("/");
    expect(failed.status).toBe(status);
    expect(failed.json).toMatchObject({ error_code: "internal_error", vm_error_code: null });
    expect(typeof (failed.json as { message: unknown }).message).toBe("string");
    expect(presentLedgerHeaders(failed.headers)).toEqual([]);
    expect((await get("/")).status).toBe(200);
  });

  it("fires only after the given number of matching requests, and only for the given method", async () => {
    node.faults.add({ kind: "server-error", status: 500, method: "POST", after: 1, times: 1 });
    const view = () =>
      call(node.url, "/view", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ function: "0x1::ol_account::balance", type_arguments: [], arguments: [WALLET] }),
      });
    expect((await get("/")).status).toBe(200);
    expect((await view()).status).toBe(200);
    expect((await view()).status).toBe(500);
    expect((await view()).status).toBe(200);
    expect(node.faults.log).toEqual([{ kind: "server-error", name: undefined, method: "POST", target: "/v1/view" }]);
  });
});

describe("broken connections", () => {
  it("resets the connection so the client sees ECONNRESET", async () => {
    node.faults.add({ kind: "reset", path: /resources/, times: 1 });
    await expect(rawGet(`${node.url}/accounts/${WALLET}/resources`)).rejects.toMatchObject({ code: "ECONNRESET" });
    await expect(fetch(`${node.url}/accounts/0x1/resources`)).resolves.toMatchObject({ status: 200 });
    expect(node.requests.entries[0]).toMatchObject({ status: 0, fault: "reset" });
  });

  it("truncates the body so it cannot be read as JSON", async () => {
    node.faults.add({ kind: "truncate", path: "/v1/accounts/*/resources", times: 1 });
    const response = await fetch(`${node.url}/accounts/${WALLET}/resources`);
    expect(response.status).toBe(200);
    expect(Number(response.headers.get("content-length"))).toBeGreaterThan(100);
    await expect(response.json()).rejects.toThrow();
    expect(node.requests.entries[0]).toMatchObject({ status: 200, fault: "truncate" });
  });

  it("hangs after half the body, so only a client timeout ends the request", async () => {
    node.faults.add({ kind: "hang", path: "/v1/", times: 1 });
    const started = performance.now();
    const outcome = await fetch(`${node.url}/`, { signal: AbortSignal.timeout(300) })
      .then((response) => response.text())
      .then(
        () => "completed",
        (error: unknown) => (error as Error).name,
      );
    expect(outcome).toBe("TimeoutError");
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
    expect((await get("/")).status).toBe(200);
  });

  it("closes even while a request hangs", async () => {
    const other = await startFakeNode({ chain, faults: [{ kind: "hang" }] });
    const pending = fetch(`${other.url}/`).then((response) => response.text());
    pending.catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await other.close();
    await expect(pending).rejects.toThrow();
  });
});

describe("a lagging node", () => {
  it("answers from behind the chain, then catches up", async () => {
    node.faults.add({ kind: "lag", behind: 100n, times: 2 });
    const index = await get("/");
    expect(index.json).toMatchObject({ ledger_version: "319" });
    expect(index.headers.get("x-diem-ledger-version")).toBe("319");
    const ahead = await get(`${COIN_STORE_PATH}?ledger_version=400`);
    expect(ahead.status).toBe(404);
    expect(ahead.json).toMatchObject({ error_code: "version_not_found" });
    expect(presentLedgerHeaders(ahead.headers)).toEqual([...LEDGER_HEADERS]);
    expect(ahead.headers.get("x-diem-ledger-version")).toBe("319");
    const recovered = await get(`${COIN_STORE_PATH}?ledger_version=400`);
    expect(recovered.status).toBe(200);
    expect(recovered.headers.get("x-diem-ledger-version")).toBe("419");
  });
});

describe("pruning", () => {
  it("answers 410 version_pruned below the pruned version and reports it as oldest", async () => {
    node.faults.add({ kind: "prune", oldest: 200n });
    const old = await get(`${COIN_STORE_PATH}?ledger_version=150`);
    expect(old.status).toBe(410);
    expect(old.json).toMatchObject({ error_code: "version_pruned", message: "Ledger version(150) has been pruned" });
    expect((await get("/")).json).toMatchObject({ oldest_ledger_version: "200", oldest_block_height: "67" });
    expect((await get(`${COIN_STORE_PATH}?ledger_version=200`)).status).toBe(200);
    expect(chain.oldest()).toBe(0n);
  });
});

describe("latency", () => {
  it("delays answers by the configured milliseconds", async () => {
    node.faults.add({ kind: "latency", ms: 200, path: "/v1/-/healthy" });
    const started = performance.now();
    expect((await get("/-/healthy")).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(180);
    await get("/");
    expect(node.faults.log.map((entry) => entry.target)).toEqual(["/v1/-/healthy"]);
  });

  it("makes the answer when the request arrives and sends it once the latency has passed", async () => {
    // A remote node's latency holds its own work; made after the wait, each answer would also wait for the
    // answers made before it on the node's one thread. So the answer shows the chain as it was on arrival.
    const head = chain.head();
    node.faults.add({ kind: "latency", ms: 300, path: "/v1/" });
    try {
      const answer = get("/");
      // The fault fires when the request arrives; the head moves while the answer waits.
      while (node.faults.count("latency") === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      chain.setHead(head - 10n);
      expect((await answer).json).toMatchObject({ ledger_version: String(head) });
      expect((await get("/")).json).toMatchObject({ ledger_version: String(head - 10n) });
    } finally {
      chain.setHead(head);
    }
  });

  it("combines with other faults", async () => {
    node.faults.add({ kind: "latency", ms: 100 });
    node.faults.add({ kind: "rate-limit", retryAfterSeconds: 2 });
    const started = performance.now();
    expect((await get("/")).status).toBe(429);
    expect(performance.now() - started).toBeGreaterThanOrEqual(80);
    expect(node.faults.log.map((entry) => entry.kind)).toEqual(["latency", "rate-limit"]);
  });
});

describe("rule management", () => {
  it("removes one rule with the function add returns", async () => {
    const remove = node.faults.add({ kind: "server-error", status: 503 });
    expect((await get("/")).status).toBe(503);
    remove();
    expect((await get("/")).status).toBe(200);
  });

  it("takes rules at start-up", async () => {
    const other = await startFakeNode({ chain, faults: [{ kind: "rate-limit", retryAfterSeconds: 3, times: 1 }] });
    try {
      expect((await call(other.url, "/")).status).toBe(429);
      expect((await call(other.url, "/")).status).toBe(200);
    } finally {
      await other.close();
    }
  });

  it("matches globs against path and query as sent", async () => {
    node.faults.add({ kind: "server-error", status: 500, path: "/v1/transactions?start=*&limit=1" });
    expect((await get("/transactions?start=3&limit=1")).status).toBe(500);
    expect((await get("/transactions?start=3&limit=2")).status).toBe(200);
    expect((await get("/transactions?limit=1")).status).toBe(200);
  });

  it("rejects nonsensical counts", () => {
    expect(() => node.faults.add({ kind: "reset", times: -1 })).toThrow(RangeError);
    expect(() => node.faults.add({ kind: "latency", ms: -5 })).toThrow(RangeError);
  });
});
