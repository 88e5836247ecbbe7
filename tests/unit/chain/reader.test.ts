import { spawnSync } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChainReader } from "../../../src/chain/reader.ts";
import { ChainRequestError } from "../../../src/errors.ts";
import { BlockSchema, ReconfigurationWithEventsSchema } from "../../../src/schemas/chain.ts";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const CONFIGURATION = "0x1::reconfiguration::Configuration";
const WALLET = `0x${"ab".repeat(32)}`;

/** Answers by path: what a node says to a resource or block read, including its failures. */
const answers = new Map<string, { status: number; body?: string }>();
const asked: string[] = [];
let server: Server;
let nodeUrl: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    asked.push(request.url ?? "");
    const url = new URL(request.url ?? "", "http://node");
    const answer = url.pathname.includes("/events/") ? eventPage(url) : (answers.get(url.pathname) ?? { status: 404 });
    response.writeHead(answer.status, { "content-type": "application/json" });
    response.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  nodeUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** A deposit stream of 4 events; the node clamps each page to 2, so a read of all 4 takes two pages at least. */
function eventPage(url: URL): { status: number; body: string } {
  const start = Number(url.searchParams.get("start"));
  const events = [start, start + 1]
    .filter((sequence) => sequence < 4)
    .map((sequence) => ({
      version: String(10 + sequence),
      guid: { creation_number: "2", account_address: WALLET },
      sequence_number: String(sequence),
      type: "0x1::coin::DepositEvent",
      data: { amount: String(100 + sequence) },
    }));
  return { status: 200, body: JSON.stringify(events) };
}

const reader = () => createChainReader({ nodeUrl, retry: { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 } });
const resourcePath = `/v1/accounts/0x1/resource/${encodeURI(CONFIGURATION)}`;
const readConfiguration = () => reader().getResource("0x1", CONFIGURATION, 7n, ReconfigurationWithEventsSchema);

async function failure(read: Promise<unknown>): Promise<ChainRequestError> {
  const error = await read.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ChainRequestError);
  return error as ChainRequestError;
}

describe("resource and block reads", () => {
  it("ask the paths and versions the SDK asked, and return the resource's data and the block", async () => {
    answers.set(resourcePath, {
      status: 200,
      body: JSON.stringify({
        type: CONFIGURATION,
        data: {
          epoch: "3",
          last_reconfiguration_time: "9",
          events: { counter: "4", guid: { id: { addr: "0x1", creation_num: "2" } } },
        },
      }),
    });
    answers.set("/v1/blocks/by_version/7", {
      status: 200,
      body: JSON.stringify({
        block_height: "2",
        block_hash: `0x${"a".repeat(64)}`,
        block_timestamp: "5",
        first_version: "6",
        last_version: "8",
      }),
    });
    asked.length = 0;
    await expect(readConfiguration()).resolves.toMatchObject({ epoch: 3n, events: { counter: 4n } });
    await expect(reader().getBlockByVersion(7n)).resolves.toMatchObject(
      BlockSchema.parse(JSON.parse(answers.get("/v1/blocks/by_version/7")?.body ?? "")),
    );
    expect(asked).toEqual([`${resourcePath}?ledger_version=7`, "/v1/blocks/by_version/7?with_transactions=false"]);
  });

  // The texts the SDK's errors were turned into before these reads went around it.
  it("fail in the words they failed in through the SDK", async () => {
    answers.set(resourcePath, {
      status: 404,
      body: JSON.stringify({ message: "Resource not found", error_code: "resource_not_found" }),
    });
    const missing = await failure(readConfiguration());
    expect(missing.message).toBe(
      `The node answered 404 to resource ${CONFIGURATION} of 0x1 at version 7 (resource_not_found: Resource not found).`,
    );
    expect(missing.url).toBe(`${nodeUrl}/accounts/0x1/resource/${CONFIGURATION}`);
    expect(missing.status).toBe(404);

    answers.set("/v1/blocks/by_version/7", { status: 410, body: JSON.stringify({ message: "pruned" }) });
    expect((await failure(reader().getBlockByVersion(7n))).message).toBe(
      "The node answered 410 to block at version 7 (error: pruned).",
    );
    answers.set("/v1/blocks/by_version/7", { status: 401 });
    const bare = await failure(reader().getBlockByVersion(7n));
    expect(bare.message).toBe("The node answered 401 to block at version 7 (Unauthorized).");
    expect(bare.url).toBe(`${nodeUrl}/blocks/by_version/7`);

    answers.set(resourcePath, { status: 200, body: "null" });
    expect((await failure(readConfiguration())).message).toBe(
      `Could not read resource ${CONFIGURATION} of 0x1 at version 7 from ${nodeUrl}: Cannot read properties of null (reading 'data').`,
    );
  });
});

describe("event reads", () => {
  // One guid object for the stream instead of one per event: 10^5 events held until the snapshot is built.
  it("give every event of a stream the stream's one guid, and keep each event's own fields", async () => {
    const events = await reader().readEvents({
      address: WALLET,
      structTag: "0x1::coin::CoinStore<0x1::libra_coin::LibraCoin>",
      fieldName: "deposit_events",
      fromSequence: 0n,
      untilSequence: 4n,
    });
    expect(events.map((event) => [event.sequence_number, event.version, event.data])).toEqual(
      [0n, 1n, 2n, 3n].map((n) => [n, 10n + n, { amount: String(100n + n) }]),
    );
    expect(events[0]?.guid).toEqual({ creation_number: 2n, account_address: WALLET });
    expect(new Set(events.map((event) => event.guid)).size).toBe(1);
  });
});

describe("the chain reader's modules", () => {
  // The SDK costs ~45 MB of resident memory once loaded; a snapshot run reads nothing through it.
  it("do not load the SDK for a snapshot run", () => {
    const hooks = `
      import { registerHooks } from "node:module";
      registerHooks({
        resolve(specifier, context, next) {
          if (specifier.startsWith("@aptos-labs/ts-sdk")) process.stdout.write("SDK LOADED by " + context.parentURL + "\\n");
          return next(specifier, context);
        },
      });
      await import(${JSON.stringify(path.join(repoRoot, "src/snapshot/run-snapshot.ts"))});
      await import(${JSON.stringify(path.join(repoRoot, "src/chain/reader.ts"))});
      process.stdout.write("loaded\\n");
    `;
    const loaded = spawnSync(process.execPath, ["--input-type=module", "-e", hooks], {
      cwd: repoRoot,
      encoding: "utf8",
    });
    expect(loaded.stderr).toBe("");
    expect(loaded.stdout).toBe("loaded\n");
  });
});
