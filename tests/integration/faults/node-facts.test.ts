import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT_CODES } from "../../../src/errors.ts";
import type { FakeChain } from "../../../src/fake-node/model.ts";
import { COIN_STORE_TYPE, CONFIGURATION_TYPE } from "../../../src/snapshot/read-chain.ts";
import { expectFailedRun } from "../../support/faults/expect-outcome.ts";
import { type FaultWorld, type FaultWorldOptions, startFaultWorld } from "../../support/faults/fault-world.ts";
import { folderState } from "../../support/faults/folder-state.ts";
import { type ProxyRule, rewriteJson } from "../../support/faults/hostile-proxy.ts";
import { runCommand } from "../../support/faults/run-command.ts";

/**
 * Well-formed but wrong facts through the hostile proxy (issue 15, section 1): times and epochs that cannot be true,
 * transactions that do not confirm the event that sent us to them, and a node's claim to be the fake one. Each run
 * is the real `npm run snapshot` CLI extending a committed snapshot of sip-small (committed just before epoch #1);
 * each must be refused (exit 5) naming the record, with the committed folder byte-identical.
 *
 * What the node serves past the committed snapshot (dense chain: committed at version 13, epoch 101, time
 * 1736294400000000): deposit #4 at version 22 (a donation of 50000000), withdraw #0 at 26 (a boundary payout), epoch
 * events #1..#4 at versions 14, 20, 24, 26 (epochs 102..105); the block time at 26 is 1736553600000000.
 *
 * A run reads its transactions by the read plan (`src/snapshot/read-plan.ts`), so the same tampering is tried both
 * ways: on single reads (`/transactions/by_version/V`) on a sparse chain, the same history with 150 empty blocks
 * before every user transaction (versions differ, times do not), and on a range page (`/transactions?start=…`) on
 * the dense chain. Versions in the messages come from the chain each case runs on.
 */

const DEADLINE_S = 10;
const WITHIN_MS = (DEADLINE_S + 5) * 1000;
const U64_MAX = (2n ** 64n - 1n).toString();
const COMMITTED_TIME = 1736294400000000n;
const BLOCK_TIME_AT_V = 1736553600000000n;
const WALLET = "0x19e966bfa4b32ce9b7e23721b37b96d2";

type Json = Record<string, unknown> & { events: Array<Record<string, unknown> & { data: Record<string, string> }> };
type EventJson = Record<string, unknown> & { version: string; data: Record<string, string> };

/** Where the records the cases name sit on one chain. */
interface Spots {
  committed: bigint;
  deposit4: bigint;
  withdraw0: bigint;
  /** Epoch events #1..#4 (index 0 is #1). */
  epochs: bigint[];
  head: bigint;
}

function spotsOf(chain: FakeChain): Spots {
  const versions = (address: string, structTag: string, fieldName: string) =>
    (chain.events(address, { kind: "handle", structTag, fieldName }) ?? []).map((e) => BigInt(e.version));
  const deposits = versions(WALLET, COIN_STORE_TYPE, "deposit_events");
  const withdrawals = versions(WALLET, COIN_STORE_TYPE, "withdraw_events");
  const epochs = versions("0x1", CONFIGURATION_TYPE, "events");
  const spots = {
    committed: committedBeforeEpoch1(chain),
    deposit4: deposits[4],
    withdraw0: withdrawals[0],
    epochs: epochs.slice(1, 5),
    head: chain.head(),
  };
  if (spots.deposit4 === undefined || spots.withdraw0 === undefined || spots.epochs.length !== 4) {
    throw new Error("sip-small no longer has the records these cases name");
  }
  return spots as Spots;
}

/** The committed snapshot stops at the block-metadata transaction of the block holding epoch event #1. */
function committedBeforeEpoch1(chain: FakeChain): bigint {
  const epoch1 = chain.events("0x1", { kind: "handle", structTag: CONFIGURATION_TYPE, fieldName: "events" })?.[1];
  if (epoch1 === undefined) throw new Error("sip-small has no epoch event #1");
  return BigInt(epoch1.version) - 1n;
}

const DENSE: FaultWorldOptions = { committedAt: committedBeforeEpoch1 };
/** One user transaction per block and 150 empty blocks before each: no two wanted versions share a page of 100. */
const SPARSE: FaultWorldOptions = { fillerBlocks: 150, blockSize: 1, committedAt: committedBeforeEpoch1 };

/** A regular expression whose literal parts are regex source and whose `${values}` are matched as they are. */
const pattern = (strings: TemplateStringsArray, ...values: unknown[]) =>
  new RegExp(
    strings.raw.reduce(
      (source, part, i) =>
        source + part + (i < values.length ? String(values[i]).replace(/[.*+?^${}()|[\]\\]/g, "\\$&") : ""),
      "",
    ),
  );

const tx = (version: bigint) => new RegExp(`/transactions/by_version/${version}(?:\\?|$)`);
const editTx = (version: bigint, edit: (tx: Json) => void) =>
  rewriteJson(tx(version), (data) => {
    edit(data as Json);
    return data;
  });
const RANGE = /^\/v1\/transactions\?/;
/** A range page with the transaction at `version` edited (`edit` gets the page and the transaction's index). */
const editInRange = (version: bigint, edit: (page: Json[], index: number) => void) =>
  rewriteJson(RANGE, (data) => {
    const page = data as Json[];
    const index = page.findIndex((t) => t.version === version.toString());
    if (index >= 0) edit(page, index);
    return page;
  });
/** The wallet's deposit event in a transaction. */
const walletDeposit = (t: Json) =>
  t.events.find(
    (e) =>
      (e.type as string).endsWith("DepositEvent") &&
      String((e.guid as { account_address: string }).account_address).startsWith("0x19e966"),
  ) as Json["events"][number] & { guid: Record<string, string> };
const editPage = (stream: RegExp, edit: (events: EventJson[]) => void) =>
  rewriteJson(stream, (data) => {
    edit(data as EventJson[]);
    return data;
  });
const DEPOSITS = /deposit_events/;
const EPOCHS = /reconfiguration.*\/events/;
const LEDGER_INFO = /^\/v1\/?(?:\?|$)/;
/** An event page with its first event edited. */
const firstEvent = (stream: RegExp, edit: (event: EventJson) => void) =>
  editPage(stream, (events) => {
    if (events[0]) edit(events[0]);
  });
/** An epoch event page with the epoch of sequence `sequence` replaced. */
const epochNumber = (sequence: string, epoch: string) =>
  editPage(EPOCHS, (events) => {
    for (const e of events) if (e.sequence_number === sequence) e.data.epoch = epoch;
  });

async function snapshotRun(world: FaultWorld, content: string, extra: string[] = []) {
  return runCommand("snapshot.ts", [
    "--node",
    world.proxy.url,
    "--config",
    path.join(content, "program.yaml"),
    "--out",
    path.join(content, "snapshots"),
    "--deadline-s",
    String(DEADLINE_S),
    "--timeout-ms",
    "2000",
    "--quiet",
    ...extra,
  ]);
}

/** Runs the CLI once with `rules` in front of the node; the committed folder is fingerprinted before and after. */
async function refusedRun(
  world: FaultWorld,
  rules: ProxyRule[],
  options: { real?: boolean; chainId?: number; extra?: string[] } = {},
) {
  const content = await world.makeContent({ simulated: !options.real });
  if (options.chainId !== undefined) {
    const file = path.join(content, "program.yaml");
    await writeFile(file, (await readFile(file, "utf8")).replace(/chainId: \d+/, `chainId: ${options.chainId}`));
  }
  const before = await folderState(content);
  const firedBefore = world.proxy.fired;
  for (const rule of rules) world.proxy.use(rule);
  try {
    const result = await snapshotRun(world, content, options.extra);
    return { result, before, after: await folderState(content), content, fired: world.proxy.fired - firedBefore };
  } finally {
    world.proxy.clear();
  }
}

type Case = [name: string, rules: (s: Spots, world: FaultWorld) => ProxyRule[], message: (s: Spots) => RegExp];

/** Transactions that do not hold together, each served by a single read (`/transactions/by_version/V`). */
const singleReadCases: Case[] = [
  [
    "a transaction time of 2^64−1",
    (s) => [
      editTx(s.deposit4, (t) => {
        t.timestamp = U64_MAX;
      }),
    ],
    (s) =>
      pattern`deposit #4 \(version ${s.deposit4}\): transaction time 18446744073709551615 is after the block time at version ${s.head}, 1736553600000000 \(11 Jan 2025, 00:00 UTC\)`,
  ],
  [
    "a transaction time of 0 on a transaction that is not genesis",
    (s) => [
      editTx(s.deposit4, (t) => {
        t.timestamp = "0";
      }),
    ],
    (s) =>
      pattern`deposit #4 \(version ${s.deposit4}\): the transaction has no time \(0 or missing\); only the genesis transaction \(version 0\) may lack one`,
  ],
  [
    "a missing transaction time on a transaction that is not genesis",
    (s) => [
      editTx(s.deposit4, (t) => {
        delete t.timestamp;
      }),
    ],
    (s) => pattern`deposit #4 \(version ${s.deposit4}\): the transaction has no time \(0 or missing\)`,
  ],
  [
    "transaction times going backwards",
    (s) => [
      editTx(s.deposit4, (t) => {
        t.timestamp = (COMMITTED_TIME + 1n).toString();
      }),
    ],
    (s) =>
      pattern`deposit #4 \(version ${s.deposit4}\): transaction time 1736294400000001 \(8 Jan 2025, 00:00 UTC\) is before 1736380800000000 \(9 Jan 2025, 00:00 UTC\), the time of the earlier version ${s.epochs[1]}; times never go backwards`,
  ],
  [
    "a transaction time after the block time at V",
    (s) => [
      editTx(s.withdraw0, (t) => {
        t.timestamp = (BLOCK_TIME_AT_V + 1n).toString();
      }),
    ],
    (s) =>
      pattern`withdraw #0 \(version ${s.withdraw0}\): transaction time 1736553600000001 \(11 Jan 2025, 00:00 UTC\) is after the block time at version ${s.head}`,
  ],
  [
    "a transaction time before the committed snapshot's",
    (s) => [
      editTx(s.epochs[0] as bigint, (t) => {
        t.timestamp = (COMMITTED_TIME - 1n).toString();
      }),
    ],
    (s) =>
      pattern`epoch #1 \(version ${s.epochs[0]}\): transaction time 1736294399999999 \(7 Jan 2025, 23:59 UTC\) is before the committed snapshot's time 1736294400000000 \(8 Jan 2025, 00:00 UTC\)`,
  ],
  [
    "a transaction with another version than the one asked for",
    (s, world) => [
      {
        path: tx(s.deposit4),
        answer: async () => {
          const other = await fetch(`${world.node.url}/transactions/by_version/${s.deposit4 - 1n}`);
          return { status: 200, json: await other.json() };
        },
      },
    ],
    (s) =>
      pattern`deposit #4 \(version ${s.deposit4}\): asked for the transaction at version ${s.deposit4}, the node answered the one at version ${s.deposit4 - 1n}`,
  ],
  [
    "a transaction listing the event with another sequence number",
    (s) => [
      editTx(s.deposit4, (t) => {
        walletDeposit(t).sequence_number = "5";
      }),
    ],
    (s) =>
      pattern`deposit #4 \(version ${s.deposit4}\): the transaction at version ${s.deposit4} does not list this event \(0x19e966bfa4b32ce9b7e23721b37b96d2 creation number 2 sequence 4\)`,
  ],
  [
    "a transaction listing the event with another amount",
    (s) => [
      editTx(s.deposit4, (t) => {
        walletDeposit(t).data.amount = "50000001";
      }),
    ],
    (s) =>
      pattern`deposit #4 \(version ${s.deposit4}\): the transaction at version ${s.deposit4} lists .* sequence 4 with amount 50000001, the event page with 50000000`,
  ],
  [
    "a transaction listing the event under another creation number",
    (s) => [
      editTx(s.deposit4, (t) => {
        walletDeposit(t).guid.creation_number = "9";
      }),
    ],
    (s) =>
      pattern`deposit #4 \(version ${s.deposit4}\): the transaction at version ${s.deposit4} does not list this event`,
  ],
];

/** The main kinds again, on a range page (`/transactions?start=…&limit=…`): range reads are checked alike. */
const rangeReadCases: Case[] = [
  [
    "a range page with another transaction where the one asked for belongs",
    (s) => [
      editInRange(s.deposit4, (page, index) => {
        page[index] = structuredClone(page[index - 1] as Json);
      }),
    ],
    (s) =>
      pattern`deposit #4 \(version ${s.deposit4}\): asked for the transaction at version ${s.deposit4}, the node answered the one at version ${s.deposit4 - 1n}`,
  ],
  [
    "a range page whose transaction times go backwards",
    (s) => [
      editInRange(s.deposit4, (page, index) => {
        (page[index] as Json).timestamp = (COMMITTED_TIME + 1n).toString();
      }),
    ],
    (s) =>
      pattern`deposit #4 \(version ${s.deposit4}\): transaction time 1736294400000001 \(8 Jan 2025, 00:00 UTC\) is before 1736380800000000 \(9 Jan 2025, 00:00 UTC\), the time of the earlier version ${s.epochs[1]}; times never go backwards`,
  ],
  [
    "a range page whose transaction lists the event with another sequence number",
    (s) => [
      editInRange(s.deposit4, (page, index) => {
        walletDeposit(page[index] as Json).sequence_number = "5";
      }),
    ],
    (s) =>
      pattern`deposit #4 \(version ${s.deposit4}\): the transaction at version ${s.deposit4} does not list this event \(0x19e966bfa4b32ce9b7e23721b37b96d2 creation number 2 sequence 4\)`,
  ],
  [
    "a range page whose transaction lists the event with another amount",
    (s) => [
      editInRange(s.deposit4, (page, index) => {
        walletDeposit(page[index] as Json).data.amount = "50000001";
      }),
    ],
    (s) =>
      pattern`deposit #4 \(version ${s.deposit4}\): the transaction at version ${s.deposit4} lists .* sequence 4 with amount 50000001, the event page with 50000000`,
  ],
];

/** Event pages, epochs and the block at V that cannot be true (no transaction read involved). */
const eventCases: Case[] = [
  [
    "a block time at V of 2^64−1",
    (s) => [
      rewriteJson(new RegExp(`/blocks/by_version/${s.head}(?:\\?|$)`), (b) => ({
        ...(b as object),
        block_timestamp: U64_MAX,
      })),
    ],
    (s) =>
      pattern`the block time at version ${s.head} is 18446744073709551615, after 4102444800000000 \(1 Jan 2100, 00:00 UTC\), which no ledger has reached`,
  ],
  [
    "an event page serving another stream's event",
    () => [
      firstEvent(DEPOSITS, (event) => {
        (event.guid as Record<string, string>).creation_number = "3";
      }),
    ],
    (s) =>
      pattern`deposit #4 \(version ${s.deposit4}\): the event belongs to 0x19e966bfa4b32ce9b7e23721b37b96d2 creation number 3, not to the deposit stream we asked for`,
  ],
  [
    "shuffled event versions",
    () => [
      editPage(EPOCHS, (events) => {
        const [first, second] = events;
        if (first && second) [first.version, second.version] = [second.version, first.version];
      }),
    ],
    (s) =>
      pattern`epoch #2 \(version ${s.epochs[0]}\): its version is not after that of epoch #1 \(version ${s.epochs[1]}\); versions must increase with sequence numbers`,
  ],
  [
    "an event at the committed version",
    (s) => [
      firstEvent(DEPOSITS, (event) => {
        event.version = s.committed.toString();
      }),
    ],
    (s) =>
      pattern`deposit #4 \(version ${s.committed}\): the event is at or before the committed snapshot's version ${s.committed}`,
  ],
  [
    "an event dated before the committed snapshot",
    () => [
      firstEvent(DEPOSITS, (event) => {
        event.version = "5";
      }),
    ],
    (s) => pattern`deposit #4 \(version 5\): the event is at or before the committed snapshot's version ${s.committed}`,
  ],
  [
    "an epoch repeating the committed one",
    () => [epochNumber("1", "101")],
    (s) =>
      pattern`epoch #1 \(version ${s.epochs[0]}\): epoch 101 is not after the committed snapshot's epoch 101; epochs only increase and never repeat`,
  ],
  [
    "an epoch repeating within the run",
    () => [epochNumber("2", "102")],
    (s) =>
      pattern`epoch #2 \(version ${s.epochs[1]}\): epoch 102 follows epoch 102; epochs only increase and never repeat`,
  ],
  [
    "epochs going backwards",
    () => [epochNumber("3", "100")],
    (s) => pattern`epoch #3 \(version ${s.epochs[2]}\): epoch 100 follows epoch 103`,
  ],
  [
    "an epoch event later than the epoch at V",
    () => [epochNumber("4", "999")],
    (s) => pattern`epoch #4 \(version ${s.epochs[3]}\): epoch 999 is after the epoch at version ${s.head} \(105\)`,
  ],
  [
    "an epoch at V below the committed one",
    () => [
      rewriteJson(/\/accounts\/0x0*1\/resource\/.*reconfiguration/, (r) => {
        const resource = r as { data: { epoch: string } };
        resource.data.epoch = "100";
        return resource;
      }),
    ],
    (s) => pattern`the epoch at version ${s.head} is 100, below the committed snapshot's epoch 101`,
  ],
];

let dense: FaultWorld;
let sparse: FaultWorld;

beforeAll(async () => {
  [dense, sparse] = await Promise.all([startFaultWorld(undefined, DENSE), startFaultWorld(undefined, SPARSE)]);
}, 60_000);

afterAll(async () => {
  await dense?.close();
  await sparse?.close();
});

/** Runs one case on `world`: refused naming the record, nothing written, and the tampering rule really fired. */
async function expectRefused(world: FaultWorld, rules: Case[1], message: Case[2]) {
  const spots = spotsOf(world.chain);
  const { result, before, after, fired } = await refusedRun(world, rules(spots, world));
  expectFailedRun(result, { code: "refused", message: message(spots), before, after, withinMs: WITHIN_MS });
  expect(fired).toBeGreaterThan(0);
}

describe("facts cross-checked before they are written", () => {
  it("runs on chains where the same records sit at other versions", () => {
    const [d, s] = [spotsOf(dense.chain), spotsOf(sparse.chain)];
    expect(d).toEqual({ committed: 13n, deposit4: 22n, withdraw0: 26n, epochs: [14n, 20n, 24n, 26n], head: 26n });
    // Sparse: more than a transaction page (100 versions) between any two the run reads, so no range read pays.
    const read = [s.epochs[0], s.epochs[1], s.deposit4, s.epochs[2], s.withdraw0] as bigint[];
    for (let i = 1; i < read.length; i++) expect((read[i] as bigint) - (read[i - 1] as bigint)).toBeGreaterThan(100n);
  });

  it.each(eventCases)("refuses %s", async (_name, rules, message) => {
    await expectRefused(dense, rules, message);
  });

  describe("on single reads (a sparse chain)", () => {
    it.each(singleReadCases)("refuses %s", async (_name, rules, message) => {
      await expectRefused(sparse, rules, message);
    });
  });

  describe("on a range page (a dense chain)", () => {
    it.each(rangeReadCases)("refuses %s", async (_name, rules, message) => {
      await expectRefused(dense, rules, message);
    });
  });
});

describe("simulated is a property of the snapshot's history", () => {
  const fakeHashed = rewriteJson(LEDGER_INFO, (info) => ({ ...(info as object), git_hash: "ledgerlight-fake-node" }));

  it("checks the chain id of a real snapshot although the node says it is the fake one", async () => {
    const { result, before, after } = await refusedRun(dense, [fakeHashed], { real: true, chainId: 7 });
    expectFailedRun(result, {
      code: "refused",
      message: /serves chain id 1, but the program expects chain id 7/,
      before,
      after,
      withinMs: WITHIN_MS,
    });
  });

  it("refuses to mark a real snapshot simulated because the node says it is the fake one", async () => {
    const { result, before, after } = await refusedRun(dense, [fakeHashed], { real: true });
    expectFailedRun(result, {
      code: "refused",
      message:
        /committed snapshot holds real chain history, but this run's data is said to be simulated \(the node says it is Ledgerlight's fake node: git_hash ledgerlight-fake-node\)\. Simulated data is never mixed into a real history/,
      before,
      after,
      withinMs: WITHIN_MS,
    });
  });

  it("refuses --simulated on a real snapshot", async () => {
    const realNode = rewriteJson(LEDGER_INFO, (info) => ({ ...(info as object), git_hash: "3f1c2a9" }));
    const { result, before, after } = await refusedRun(dense, [realNode], { real: true, extra: ["--simulated"] });
    expectFailedRun(result, {
      code: "refused",
      message: /real chain history, but this run's data is said to be simulated \(--simulated\)/,
      before,
      after,
      withinMs: WITHIN_MS,
    });
  });

  it("keeps a demo snapshot simulated when it is extended from a node with another git_hash", async () => {
    const otherNode = rewriteJson(LEDGER_INFO, (info) => ({ ...(info as object), git_hash: "3f1c2a9" }));
    const { result, content } = await refusedRun(dense, [otherNode]);
    expect(result.code, result.stderr).toBe(EXIT_CODES.ok);
    expect(result.stdout).toMatch(/ledger version 26 .*SIMULATED/);
    const meta = JSON.parse(await readFile(path.join(dense.snapshotDir(content), "meta.json"), "utf8"));
    expect(meta).toMatchObject({ ledgerVersion: "26", previousLedgerVersion: "13", simulated: true });
    expect(result.wallMs).toBeLessThan(WITHIN_MS);
  });
});
