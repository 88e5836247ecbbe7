import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type FakeNode, startFakeNode } from "../../../../src/fake-node/http/server.ts";
import { createStubChain, STUB, type StubChain } from "../../../../src/fake-node/http/stub-chain.ts";
import {
  call,
  encodeTag,
  LEDGER_HEADERS,
  postView,
  presentLedgerHeaders,
} from "../../../../src/fake-node/http/test-client.ts";
import type { EventJson } from "../../../../src/fake-node/model.ts";

const WALLET_SHORT = "0x19e966bfa4b32ce9b7e23721b37b96d2";
const WALLET_LONG = `0x${STUB.wallet}`;
const DONOR = `0x${STUB.donor}`;
const COLLECTOR = "0xa11ce";
const COIN_STORE = encodeTag(STUB.coinStore);
const LAST = STUB.blocks * STUB.versionsPerBlock - 1n;

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
  chain.setOldest(0n);
  chain.setHead(LAST);
});

const get = (path: string) => call(node.url, path);

const balance = (address: string) => ({
  function: "0x1::ol_account::balance",
  type_arguments: [],
  arguments: [address],
});

function sequenceNumbers(body: unknown): string[] {
  return (body as EventJson[]).map((item) => item.sequence_number);
}

function range(from: number, toExclusive: number): string[] {
  return Array.from({ length: toExclusive - from }, (_, i) => String(from + i));
}

describe("ledger info and headers", () => {
  it("answers GET /v1/ with the index of the current head", async () => {
    const { status, json, headers } = await get("/");
    expect(status).toBe(200);
    expect(headers.get("content-type")).toMatch(/^application\/json/);
    expect(json).toEqual({
      chain_id: 4,
      epoch: "7",
      ledger_version: "419",
      oldest_ledger_version: "0",
      ledger_timestamp: (STUB.genesisUsec + 139n * STUB.blockIntervalUsec).toString(),
      node_role: "full_node",
      oldest_block_height: "0",
      block_height: "139",
      git_hash: "ledgerlight-fake-node",
    });
  });

  it("sends the seven X-Diem ledger headers, matching the index, on every successful endpoint", async () => {
    const paths = [
      "/",
      "/-/healthy",
      `/accounts/${WALLET_SHORT}`,
      `/accounts/${WALLET_SHORT}/resources`,
      `/accounts/${WALLET_SHORT}/resource/${COIN_STORE}`,
      `/accounts/${WALLET_SHORT}/events/2`,
      `/accounts/${WALLET_SHORT}/events/${COIN_STORE}/deposit_events`,
      `/accounts/${DONOR}/transactions`,
      "/transactions",
      "/transactions/by_version/1",
      "/blocks/by_version/1",
    ];
    for (const path of paths) {
      const { status, headers } = await get(path);
      expect(status, path).toBe(200);
      expect(presentLedgerHeaders(headers), path).toEqual([...LEDGER_HEADERS]);
      expect(headers.get("x-diem-chain-id"), path).toBe("4");
      expect(headers.get("x-diem-ledger-version"), path).toBe("419");
      expect(headers.get("x-diem-ledger-oldest-version"), path).toBe("0");
      expect(headers.get("x-diem-epoch"), path).toBe("7");
      expect(headers.get("x-diem-block-height"), path).toBe("139");
      expect(headers.get("x-diem-oldest-block-height"), path).toBe("0");
      expect(headers.get("x-diem-ledger-timestampusec"), path).toBe(
        (STUB.genesisUsec + 139n * STUB.blockIntervalUsec).toString(),
      );
    }
    const view = await postView(node.url, {
      function: "0x1::ol_account::balance",
      type_arguments: [],
      arguments: ["0x1"],
    });
    expect(presentLedgerHeaders(view.headers)).toEqual([...LEDGER_HEADERS]);
  });

  it("reports the node's head in the headers even when an older ledger_version is read", async () => {
    const { status, headers } = await get(`/accounts/${WALLET_SHORT}/resource/${COIN_STORE}?ledger_version=10`);
    expect(status).toBe(200);
    expect(headers.get("x-diem-ledger-version")).toBe("419");
  });

  it("answers the health check with the node's message", async () => {
    expect((await get("/-/healthy")).json).toEqual({ message: "diem-node:ok" });
  });

  it("fails the health check with 503 health_check_failed when the ledger is older than duration_secs", async () => {
    const ledgerMs = Number((STUB.genesisUsec + 139n * STUB.blockIntervalUsec) / 1000n);
    const stale = await startFakeNode({ chain, clock: () => ledgerMs + 60_000 });
    try {
      const tooOld = await call(stale.url, "/-/healthy?duration_secs=30");
      expect(tooOld.status).toBe(503);
      expect(tooOld.json).toMatchObject({ error_code: "health_check_failed" });
      expect(presentLedgerHeaders(tooOld.headers)).toEqual([...LEDGER_HEADERS]);
      expect((await call(stale.url, "/-/healthy?duration_secs=120")).status).toBe(200);
    } finally {
      await stale.close();
    }
  });
});

describe("addresses in paths", () => {
  it("accepts the short form, the long form and 64 hex digits without 0x alike", async () => {
    const short = await get(`/accounts/${WALLET_SHORT}`);
    const long = await get(`/accounts/${WALLET_LONG}`);
    const bare = await get(`/accounts/${STUB.wallet}`);
    const upper = await get(`/accounts/0x${STUB.wallet.toUpperCase()}`);
    expect(short.status).toBe(200);
    expect(long.json).toEqual(short.json);
    expect(bare.json).toEqual(short.json);
    expect(upper.json).toEqual(short.json);
    expect(short.json).toEqual({ sequence_number: "0", authentication_key: WALLET_LONG });
  });

  it.each([
    ["1", 'invalid account address "1"'],
    ["0xzz", 'invalid account address "0xzz"'],
    ["01", 'invalid account address "01"'],
    [`0x${"1".repeat(65)}`, `invalid account address "0x${"1".repeat(65)}"`],
  ])("rejects %s with the framework's 400 and no ledger headers", async (address, reason) => {
    const { status, json, headers } = await get(`/accounts/${address}/resources`);
    expect(status).toBe(400);
    expect(json).toEqual({
      message: `failed to parse path \`address\`: failed to parse "string(Address)": ${reason}`,
      error_code: "web_framework_error",
      vm_error_code: null,
    });
    expect(presentLedgerHeaders(headers)).toEqual([]);
  });

  it("answers 404 account_not_found with the node's message for an unknown account", async () => {
    const { status, json, headers } = await get("/accounts/0xf");
    expect(status).toBe(404);
    expect(json).toEqual({
      message: "Account not found by Address(0xf) and Ledger version(419)",
      error_code: "account_not_found",
      vm_error_code: null,
    });
    expect(presentLedgerHeaders(headers)).toEqual([...LEDGER_HEADERS]);
  });

  it("prints short addresses in messages even when a long form was asked", async () => {
    const { json } = await get(`/accounts/0x${"0".repeat(60)}0abc/resources`);
    expect(json).toMatchObject({ message: "Account not found by Address(0xabc) and Ledger version(419)" });
  });
});

describe("ledger_version", () => {
  it("reads state as it was at an older version", async () => {
    const at10 = await get(`/accounts/${WALLET_SHORT}/resource/${COIN_STORE}?ledger_version=10`);
    const atHead = await get(`/accounts/${WALLET_SHORT}/resource/${COIN_STORE}`);
    // Donations 0..3 (1+2+3+4 LIBRA) are at versions 1, 4, 7, 10.
    expect(at10.json).toMatchObject({ type: STUB.coinStore, data: { coin: { value: "10000000" } } });
    expect(atHead.json).toMatchObject({ data: { coin: { value: "8515000000" } } });
  });

  it("answers 404 version_not_found above the head, with ledger headers", async () => {
    const { status, json, headers } = await get(`/accounts/${WALLET_SHORT}?ledger_version=420`);
    expect(status).toBe(404);
    expect(json).toEqual({
      message: "Ledger version not found by Ledger version(420)",
      error_code: "version_not_found",
      vm_error_code: null,
    });
    expect(presentLedgerHeaders(headers)).toEqual([...LEDGER_HEADERS]);
  });

  it("treats versions past a lowered head as not there yet", async () => {
    chain.setHead(100n);
    expect((await get(`/accounts/${WALLET_SHORT}?ledger_version=101`)).status).toBe(404);
    expect((await get(`/accounts/${WALLET_SHORT}?ledger_version=100`)).status).toBe(200);
    expect((await get("/")).json).toMatchObject({ ledger_version: "100", block_height: "33" });
  });

  it("answers 410 version_pruned below the oldest version", async () => {
    chain.setOldest(50n);
    const { status, json, headers } = await get(`/accounts/${WALLET_SHORT}/resources?ledger_version=49`);
    expect(status).toBe(410);
    expect(json).toEqual({
      message: "Ledger version(49) has been pruned",
      error_code: "version_pruned",
      vm_error_code: null,
    });
    expect(headers.get("x-diem-ledger-oldest-version")).toBe("50");
    // Version 50 is mid-block (block 16 starts at 48): the node reports the first whole block.
    expect(headers.get("x-diem-oldest-block-height")).toBe("17");
    expect((await get(`/accounts/${WALLET_SHORT}/resources?ledger_version=50`)).status).toBe(200);
  });

  it.each([
    ["-1", 'Parsing u64 string "-1" failed, caused by error: invalid digit found in string'],
    ["abc", 'Parsing u64 string "abc" failed, caused by error: invalid digit found in string'],
    ["", 'Parsing u64 string "" failed, caused by error: cannot parse integer from empty string'],
    [
      "18446744073709551616",
      'Parsing u64 string "18446744073709551616" failed, caused by error: number too large to fit in target type',
    ],
  ])("rejects ledger_version=%j with the framework's 400", async (value, reason) => {
    const { status, json, headers } = await get(`/accounts/${WALLET_SHORT}?ledger_version=${value}`);
    expect(status).toBe(400);
    expect(json).toEqual({
      message: `failed to parse parameter \`ledger_version\`: failed to parse "string(U64)": ${reason} (occurred while parsing "optional<string(U64)>")`,
      error_code: "web_framework_error",
      vm_error_code: null,
    });
    expect(presentLedgerHeaders(headers)).toEqual([]);
  });
});

describe("resources", () => {
  it("returns every resource by default (default and cap 9999) without a cursor", async () => {
    const { json, headers } = await get(`/accounts/${COLLECTOR}/resources`);
    expect(json).toHaveLength(STUB.collectorResourceCount + 1);
    expect(headers.get("x-diem-cursor")).toBeNull();
  });

  it("walks all pages with the opaque X-Diem-Cursor", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor === null ? "?limit=7" : `?limit=7&start=${cursor}`;
      const { status, json, headers } = await get(`/accounts/${COLLECTOR}/resources${query}`);
      expect(status).toBe(200);
      seen.push(...(json as Array<{ type: string }>).map((resource) => resource.type));
      cursor = headers.get("x-diem-cursor");
      if (cursor !== null) expect(cursor).toMatch(/^[0-9a-f]+$/);
      pages += 1;
    } while (cursor !== null && pages < 20);
    expect(pages).toBe(5);
    expect(seen).toEqual(
      (await get(`/accounts/${COLLECTOR}/resources`).then((r) => r.json as Array<{ type: string }>)).map((r) => r.type),
    );
  });

  it("rejects limit=0 with 400 invalid_input and ledger headers", async () => {
    const { status, json, headers } = await get(`/accounts/${COLLECTOR}/resources?limit=0`);
    expect(status).toBe(400);
    expect(json).toEqual({
      message: "Given limit value (0) must not be zero",
      error_code: "invalid_input",
      vm_error_code: null,
    });
    expect(presentLedgerHeaders(headers)).toEqual([...LEDGER_HEADERS]);
  });

  it("rejects a cursor that is not hex with the framework's 400", async () => {
    const { status, json } = await get(`/accounts/${COLLECTOR}/resources?start=zz`);
    expect(status).toBe(400);
    expect(json).toMatchObject({ error_code: "web_framework_error" });
    expect((json as { message: string }).message).toMatch(/^failed to parse parameter `start`/);
  });
});

describe("one resource", () => {
  it("decodes URL-encoded generic struct tags", async () => {
    expect(COIN_STORE).toContain("%3C");
    expect(COIN_STORE).toContain("%3E");
    const { status, json } = await get(`/accounts/${WALLET_SHORT}/resource/${COIN_STORE}`);
    expect(status).toBe(200);
    expect(json).toMatchObject({ type: STUB.coinStore });
  });

  it("matches tags written with long addresses and spaces, as the node compares parsed tags", async () => {
    const variant = encodeTag(`0x0001::coin::CoinStore< 0x${"0".repeat(63)}1::libra_coin::LibraCoin >`);
    const { status, json } = await get(`/accounts/${WALLET_SHORT}/resource/${variant}`);
    expect(status).toBe(200);
    expect(json).toMatchObject({ type: STUB.coinStore });
  });

  it("answers 404 resource_not_found, also for an account that does not exist", async () => {
    const tag = encodeTag("0x1::guid::Generator");
    for (const [address, short] of [
      [WALLET_SHORT, WALLET_SHORT],
      ["0xa550c19", "0xa550c19"],
    ]) {
      const { status, json } = await get(`/accounts/${address}/resource/${tag}?ledger_version=5`);
      expect(status).toBe(404);
      expect(json).toEqual({
        message: `Resource not found by Address(${short}), Struct tag(0x1::guid::Generator) and Ledger version(5)`,
        error_code: "resource_not_found",
        vm_error_code: null,
      });
    }
  });

  it("rejects a malformed struct tag with the framework's 400", async () => {
    const { status, json } = await get(`/accounts/${WALLET_SHORT}/resource/${encodeTag("0x1::GUID_Generator")}`);
    expect(status).toBe(400);
    expect(json).toMatchObject({ error_code: "web_framework_error" });
    expect((json as { message: string }).message).toMatch(
      /^failed to parse path `resource_type`: failed to parse "string\(MoveStructTag\)": invalid struct tag: 0x1::GUID_Generator/,
    );
  });
});

describe("events", () => {
  const byHandle = `/accounts/${WALLET_SHORT}/events/${COIN_STORE}/deposit_events`;
  const byCreationNumber = `/accounts/${WALLET_SHORT}/events/2`;

  it("returns the NEWEST 25 events when no start is given", async () => {
    const { json } = await get(byHandle);
    expect(sequenceNumbers(json)).toEqual(range(105, 130));
  });

  it("pages forward from start, 25 by default", async () => {
    expect(sequenceNumbers((await get(`${byHandle}?start=10`)).json)).toEqual(range(10, 35));
  });

  it("silently clamps limit to 100", async () => {
    expect(sequenceNumbers((await get(`${byHandle}?start=0&limit=1000`)).json)).toEqual(range(0, 100));
    expect(sequenceNumbers((await get(`${byHandle}?limit=65535`)).json)).toEqual(range(30, 130));
  });

  it("reads all 130 events by paging start by 100", async () => {
    const first = (await get(`${byHandle}?start=0&limit=100`)).json as EventJson[];
    const second = (await get(`${byHandle}?start=100&limit=100`)).json as EventJson[];
    expect([...first, ...second]).toEqual(chain.walletDeposits);
  });

  it("answers [] when start is past the last event", async () => {
    const { status, json } = await get(`${byHandle}?start=5000`);
    expect(status).toBe(200);
    expect(json).toEqual([]);
  });

  it("serves the same stream by creation number", async () => {
    expect((await get(`${byCreationNumber}?start=3&limit=4`)).json).toEqual(
      (await get(`${byHandle}?start=3&limit=4`)).json,
    );
  });

  it("shows only events at versions up to the head", async () => {
    chain.setHead(30n);
    // Deposit k is at version 3k+1: 0..9 are committed at version 30.
    expect(sequenceNumbers((await get(byHandle)).json)).toEqual(range(0, 10));
    expect(sequenceNumbers((await get(`${byHandle}?start=8`)).json)).toEqual(["8", "9"]);
  });

  it("rejects limit=0 with 400 invalid_input", async () => {
    const { status, json } = await get(`${byHandle}?limit=0`);
    expect(status).toBe(400);
    expect(json).toMatchObject({ error_code: "invalid_input", message: "Given limit value (0) must not be zero" });
  });

  it("rejects a limit beyond u16 with the framework's 400", async () => {
    const { status, json } = await get(`${byHandle}?limit=70000`);
    expect(status).toBe(400);
    expect(json).toMatchObject({
      error_code: "web_framework_error",
      message:
        'failed to parse parameter `limit`: failed to parse "integer(uint16)": number too large to fit in target type (occurred while parsing "optional<integer(uint16)>")',
    });
  });

  it("answers 404 struct_field_not_found for a missing field and 400 for a field that is no event handle", async () => {
    const missing = await get(`/accounts/${WALLET_SHORT}/events/${COIN_STORE}/not_found`);
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({
      error_code: "struct_field_not_found",
      message: `Struct Field not found by Address(${WALLET_SHORT}), Struct tag(${STUB.coinStore}), Field name(not_found) and Ledger version(419)`,
    });
    const notHandle = await get(`/accounts/${WALLET_SHORT}/events/${COIN_STORE}/frozen`);
    expect(notHandle.status).toBe(400);
    expect(notHandle.json).toMatchObject({ error_code: "invalid_input" });
  });

  it("answers 404 resource_not_found for a handle in a missing resource", async () => {
    const { status, json } = await get(`/accounts/0x1/events/${encodeTag("0x1::reconfiguration::NotFound")}/events`);
    expect(status).toBe(404);
    expect(json).toMatchObject({ error_code: "resource_not_found" });
  });

  it("answers 404 account_not_found by creation number for an unknown account, [] for an unused number", async () => {
    expect((await get("/accounts/0xf/events/2")).json).toMatchObject({ error_code: "account_not_found" });
    expect((await get(`/accounts/${WALLET_SHORT}/events/77`)).json).toEqual([]);
  });

  it("rejects a creation number that is not a u64 with the framework's 400", async () => {
    const { status, json } = await get(`/accounts/${WALLET_SHORT}/events/invalid`);
    expect(status).toBe(400);
    expect(json).toEqual({
      message:
        'failed to parse path `creation_number`: failed to parse "string(U64)": Parsing u64 string "invalid" failed, caused by error: invalid digit found in string',
      error_code: "web_framework_error",
      vm_error_code: null,
    });
  });
});

describe("account transactions", () => {
  const path = `/accounts/${DONOR}/transactions`;

  it("returns the sender's NEWEST 25 transactions without start", async () => {
    const body = (await get(path)).json as Array<{ sequence_number: string; sender: string }>;
    expect(body.map((tx) => tx.sequence_number)).toEqual(range(105, 130));
    expect(new Set(body.map((tx) => tx.sender))).toEqual(new Set([`0x${STUB.donor.replace(/^0+/, "")}`]));
  });

  it("pages by account sequence number and clamps at 100", async () => {
    const body = (await get(`${path}?start=0&limit=500`)).json as Array<{ sequence_number: string }>;
    expect(body.map((tx) => tx.sequence_number)).toEqual(range(0, 100));
    const rest = (await get(`${path}?start=100&limit=100`)).json as Array<{ sequence_number: string }>;
    expect(rest.map((tx) => tx.sequence_number)).toEqual(range(100, 130));
  });

  it("lists only transactions the account sent (the wallet never signs)", async () => {
    expect((await get(`/accounts/${WALLET_SHORT}/transactions`)).json).toEqual([]);
  });

  it("answers 404 account_not_found for an unknown account", async () => {
    const { status, json } = await get("/accounts/0xf/transactions");
    expect(status).toBe(404);
    expect(json).toMatchObject({ error_code: "account_not_found" });
  });
});

describe("transactions", () => {
  it("returns the newest 25 transactions ending at the head without start", async () => {
    const body = (await get("/transactions")).json as Array<{ version: string }>;
    expect(body.map((tx) => tx.version)).toEqual(range(395, 420));
  });

  it("pages from start and clamps limit at 100", async () => {
    const body = (await get("/transactions?start=7&limit=101")).json as Array<{ version: string }>;
    expect(body.map((tx) => tx.version)).toEqual(range(7, 107));
    const tail = (await get("/transactions?start=410&limit=100")).json as Array<{ version: string }>;
    expect(tail.map((tx) => tx.version)).toEqual(range(410, 420));
  });

  it("rejects start beyond the head with 400 invalid_input and the node's message", async () => {
    const { status, json, headers } = await get("/transactions?start=1000000");
    expect(status).toBe(400);
    expect(json).toEqual({
      message: "Given start value (1000000) is higher than the current ledger version, it must be < 419",
      error_code: "invalid_input",
      vm_error_code: null,
    });
    expect(presentLedgerHeaders(headers)).toEqual([...LEDGER_HEADERS]);
  });

  it("rejects limit=0 with 400 invalid_input", async () => {
    expect((await get("/transactions?limit=0")).json).toMatchObject({ error_code: "invalid_input" });
  });

  it("fails with the storage error (500 internal_error) when start is pruned", async () => {
    chain.setOldest(100n);
    const { status, json } = await get("/transactions?start=5");
    expect(status).toBe(500);
    expect(json).toEqual({
      message:
        "Failed to read raw transactions from storage: Transaction at version 5 is pruned, min available version is 100.",
      error_code: "internal_error",
      vm_error_code: null,
    });
  });

  it("gets one transaction by version and by hash", async () => {
    const byVersion = await get("/transactions/by_version/4");
    expect(byVersion.status).toBe(200);
    const tx = byVersion.json as { version: string; hash: string; type: string };
    expect(tx).toMatchObject({ version: "4", type: "user_transaction" });
    const byHash = await get(`/transactions/by_hash/${tx.hash}`);
    expect(byHash.json).toEqual(tx);
    expect((await get(`/transactions/by_hash/${tx.hash.slice(2)}`)).json).toEqual(tx);
  });

  it("answers 404 transaction_not_found beyond the head and for unknown hashes", async () => {
    expect((await get("/transactions/by_version/10000")).json).toEqual({
      message: "Transaction not found by Ledger version(10000)",
      error_code: "transaction_not_found",
      vm_error_code: null,
    });
    chain.setHead(3n);
    expect((await get("/transactions/by_version/4")).status).toBe(404);
    const unknown = `0x${"ab".repeat(32)}`;
    expect((await get(`/transactions/by_hash/${unknown}`)).json).toEqual({
      message: `Transaction not found by Transaction hash(${unknown})`,
      error_code: "transaction_not_found",
      vm_error_code: null,
    });
  });

  it("rejects malformed versions and hashes with the framework's 400", async () => {
    expect((await get("/transactions/by_version/x1")).json).toMatchObject({ error_code: "web_framework_error" });
    expect((await get("/transactions/by_hash/0x1234")).json).toEqual({
      message: 'failed to parse path `txn_hash`: failed to parse "string(HashValue)": unable to parse HashValue',
      error_code: "web_framework_error",
      vm_error_code: null,
    });
  });
});

describe("blocks", () => {
  it("returns the block holding a version, with transactions: null unless asked", async () => {
    const { json } = await get("/blocks/by_version/4");
    expect(json).toMatchObject({
      block_height: "1",
      block_timestamp: (STUB.genesisUsec + STUB.blockIntervalUsec).toString(),
      first_version: "3",
      last_version: "5",
      transactions: null,
    });
    const full = (await get("/blocks/by_version/4?with_transactions=true")).json as {
      transactions: Array<{ version: string }>;
    };
    expect(full.transactions.map((tx) => tx.version)).toEqual(["3", "4", "5"]);
  });

  it("answers 404 version_not_found above the head and 410 version_pruned below the oldest", async () => {
    expect((await get("/blocks/by_version/420")).json).toMatchObject({ error_code: "version_not_found" });
    chain.setOldest(30n);
    expect((await get("/blocks/by_version/29")).status).toBe(410);
  });

  it("does not serve a block the head cuts in two", async () => {
    chain.setHead(4n);
    expect((await get("/blocks/by_version/4")).json).toEqual({
      message: "Block not found by Block height(1)",
      error_code: "block_not_found",
      vm_error_code: null,
    });
  });
});

describe("view functions", () => {
  it("evaluates a view at ledger_version", async () => {
    const atHead = await postView(node.url, balance(WALLET_SHORT));
    expect(atHead.status).toBe(200);
    expect(atHead.json).toEqual(["8515000000", "8515000000"]);
    expect((await postView(node.url, balance(WALLET_SHORT), "?ledger_version=10")).json).toEqual([
      "10000000",
      "10000000",
    ]);
  });

  it("answers an abort with 400 invalid_input WITHOUT ledger headers and vm_error_code null", async () => {
    const { status, json, headers } = await postView(node.url, {
      function: STUB.abortingView,
      type_arguments: [],
      arguments: [],
    });
    expect(status).toBe(400);
    expect(presentLedgerHeaders(headers)).toEqual([]);
    const body = json as { message: string; error_code: string; vm_error_code: unknown };
    expect(body.error_code).toBe("invalid_input");
    expect(body.vm_error_code).toBeNull();
    expect(body.message).toMatch(
      /^Failed to execute function: VMError \{ major_status: ABORTED, sub_status: Some\(65539\)/,
    );
  });

  it("answers an unknown function with 400 invalid_input WITH ledger headers", async () => {
    const { status, json, headers } = await postView(node.url, {
      function: "0x1::nope::nothing",
      type_arguments: [],
      arguments: [],
    });
    expect(status).toBe(400);
    expect(json).toMatchObject({ error_code: "invalid_input", vm_error_code: null });
    expect(presentLedgerHeaders(headers)).toEqual([...LEDGER_HEADERS]);
  });

  it.each(["application/x.aptos.view_function+bcs", "application/x.diem.view_function+bcs"])(
    "rejects a BCS view body (%s) with 415 like poem-openapi, no ledger headers",
    async (contentType) => {
      const { status, json, headers } = await postView(node.url, "\u0001\u0002", "", contentType);
      expect(status).toBe(415);
      expect(json).toEqual({
        message: `the \`Content-Type\` requested by the client is not supported: ${contentType}`,
        error_code: "web_framework_error",
        vm_error_code: null,
      });
      expect(presentLedgerHeaders(headers)).toEqual([]);
    },
  );

  it("rejects what ts-sdk view() sends (BCS body, BCS Accept) with the same 415", async () => {
    const response = await call(node.url, "/view", {
      method: "POST",
      headers: { "Content-Type": "application/x.aptos.view_function+bcs", Accept: "application/x-bcs" },
      body: new Uint8Array([1, 2, 3]),
    });
    expect(response.status).toBe(415);
    expect(response.json).toMatchObject({ error_code: "web_framework_error" });
  });

  it("rejects a view without Content-Type with 415", async () => {
    const response = await call(node.url, "/view", { method: "POST", body: new Uint8Array([1]) });
    expect(response.status).toBe(415);
    expect(response.json).toMatchObject({
      message: "the client request does not include the `Content-Type` header",
      error_code: "web_framework_error",
    });
  });

  it("rejects malformed JSON bodies with the framework's 400", async () => {
    const broken = await postView(node.url, "{not json");
    expect(broken.status).toBe(400);
    expect(broken.json).toMatchObject({ error_code: "web_framework_error" });
    const missing = await postView(node.url, { function: "0x1::ol_account::balance" });
    expect(missing.status).toBe(400);
    expect(missing.json).toMatchObject({ error_code: "web_framework_error" });
  });

  it("checks ledger_version before evaluating", async () => {
    expect((await postView(node.url, balance(WALLET_SHORT), "?ledger_version=999")).json).toMatchObject({
      error_code: "version_not_found",
    });
    chain.setOldest(20n);
    expect((await postView(node.url, balance(WALLET_SHORT), "?ledger_version=19")).status).toBe(410);
  });
});

describe("routing and the request log", () => {
  it("answers unknown paths with the framework's 404 and wrong methods with 405", async () => {
    expect(await get("/accounts/0x1/modules").then((r) => [r.status, r.json])).toEqual([
      404,
      { message: "not found", error_code: "web_framework_error", vm_error_code: null },
    ]);
    expect((await call(node.url.replace(/\/v1$/, ""), "/other")).status).toBe(404);
    const wrongMethod = await call(node.url, "/transactions/by_version/1", { method: "DELETE" });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.json).toMatchObject({ message: "method not allowed" });
    expect((await call(node.url, "/view")).status).toBe(405);
  });

  it("refuses BCS output with 400 bcs_not_supported rather than answering JSON, but still reports errors", async () => {
    const response = await call(node.url, "/", { headers: { Accept: "application/x-bcs" } });
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ error_code: "bcs_not_supported" });
    const missing = await call(node.url, "/accounts/0xf", { headers: { Accept: "application/x-bcs" } });
    expect(missing.json).toMatchObject({ error_code: "account_not_found" });
  });

  it("logs every request with method, path, query and status", async () => {
    node.requests.clear();
    await get(`/accounts/${WALLET_SHORT}/resources?limit=3&ledger_version=9`);
    await get("/accounts/0xf");
    await postView(node.url, balance(WALLET_SHORT));
    expect(node.requests.entries).toEqual([
      {
        method: "GET",
        path: `/v1/accounts/${WALLET_SHORT}/resources`,
        query: { limit: "3", ledger_version: "9" },
        status: 200,
        fault: undefined,
      },
      { method: "GET", path: "/v1/accounts/0xf", query: {}, status: 404, fault: undefined },
      { method: "POST", path: "/v1/view", query: {}, status: 200, fault: undefined },
    ]);
    expect(node.requests.count({ status: 404 })).toBe(1);
    expect(node.requests.count({ method: "post" })).toBe(1);
    expect(node.requests.count({ path: /\/resources$/ })).toBe(1);
    node.requests.clear();
    expect(node.requests.count()).toBe(0);
  });
});
