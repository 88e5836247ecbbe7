import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT_CODES } from "../../../src/errors.ts";
import { expectFailedRun } from "../../support/faults/expect-outcome.ts";
import { type FaultWorld, startFaultWorld } from "../../support/faults/fault-world.ts";
import { folderState } from "../../support/faults/folder-state.ts";
import { type ProxyRule, rewriteJson } from "../../support/faults/hostile-proxy.ts";
import { runCommand } from "../../support/faults/run-command.ts";

/**
 * Well-formed but wrong facts through the hostile proxy (issue 15, section 1): times and epochs that cannot be true,
 * transactions that do not confirm the event that sent us to them, and a node's claim to be the fake one. Each run
 * is the real `npm run snapshot` CLI extending a committed snapshot (sip-small, committed at version 13, head 26);
 * each must be refused (exit 5) naming the record, with the committed folder byte-identical.
 *
 * What the node serves past the committed snapshot (version 13, epoch 101, time 1736294400000000):
 * deposit #4 at version 22 (a donation of 50000000), withdraw #0 at 26 (a boundary payout), epoch events
 * #1..#4 at versions 14, 20, 24, 26 (epochs 102..105); the block time at 26 is 1736553600000000.
 */

const DEADLINE_S = 10;
const WITHIN_MS = (DEADLINE_S + 5) * 1000;
const U64_MAX = (2n ** 64n - 1n).toString();
const COMMITTED_TIME = 1736294400000000n;
const BLOCK_TIME_AT_V = 1736553600000000n;

type Json = Record<string, unknown> & { events: Array<Record<string, unknown> & { data: Record<string, string> }> };
type EventJson = Record<string, unknown> & { version: string; data: Record<string, string> };

let world: FaultWorld;

beforeAll(async () => {
  world = await startFaultWorld();
}, 60_000);

afterAll(async () => {
  await world?.close();
});

const tx = (version: number) => new RegExp(`/transactions/by_version/${version}(?:\\?|$)`);
const editTx = (version: number, edit: (tx: Json) => void) =>
  rewriteJson(tx(version), (data) => {
    edit(data as Json);
    return data;
  });
/** The wallet's deposit event in the transaction at version 22. */
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

async function snapshotRun(content: string, extra: string[] = []) {
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
async function refusedRun(rules: ProxyRule[], options: { real?: boolean; chainId?: number; extra?: string[] } = {}) {
  const content = await world.makeContent({ simulated: !options.real });
  if (options.chainId !== undefined) {
    const file = path.join(content, "program.yaml");
    await writeFile(file, (await readFile(file, "utf8")).replace(/chainId: \d+/, `chainId: ${options.chainId}`));
  }
  const before = await folderState(content);
  const firedBefore = world.proxy.fired;
  for (const rule of rules) world.proxy.use(rule);
  try {
    const result = await snapshotRun(content, options.extra);
    return { result, before, after: await folderState(content), content, fired: world.proxy.fired - firedBefore };
  } finally {
    world.proxy.clear();
  }
}

const cases: Array<[string, ProxyRule[], RegExp]> = [
  [
    "a transaction time of 2^64−1",
    [
      editTx(22, (t) => {
        t.timestamp = U64_MAX;
      }),
    ],
    /deposit #4 \(version 22\): transaction time 18446744073709551615 is after the block time at version 26, 1736553600000000 \(11 Jan 2025, 00:00 UTC\)/,
  ],
  [
    "a transaction time of 0 on a transaction that is not genesis",
    [
      editTx(22, (t) => {
        t.timestamp = "0";
      }),
    ],
    /deposit #4 \(version 22\): the transaction has no time \(0 or missing\); only the genesis transaction \(version 0\) may lack one/,
  ],
  [
    "a missing transaction time on a transaction that is not genesis",
    [
      editTx(22, (t) => {
        delete t.timestamp;
      }),
    ],
    /deposit #4 \(version 22\): the transaction has no time \(0 or missing\)/,
  ],
  [
    "transaction times going backwards",
    [
      editTx(22, (t) => {
        t.timestamp = (COMMITTED_TIME + 1n).toString();
      }),
    ],
    /deposit #4 \(version 22\): transaction time 1736294400000001 \(8 Jan 2025, 00:00 UTC\) is before 1736380800000000 \(9 Jan 2025, 00:00 UTC\), the time of the earlier version 20; times never go backwards/,
  ],
  [
    "a transaction time after the block time at V",
    [
      editTx(26, (t) => {
        t.timestamp = (BLOCK_TIME_AT_V + 1n).toString();
      }),
    ],
    /withdraw #0 \(version 26\): transaction time 1736553600000001 \(11 Jan 2025, 00:00 UTC\) is after the block time at version 26/,
  ],
  [
    "a transaction time before the committed snapshot's",
    [
      editTx(14, (t) => {
        t.timestamp = (COMMITTED_TIME - 1n).toString();
      }),
    ],
    /epoch #1 \(version 14\): transaction time 1736294399999999 \(7 Jan 2025, 23:59 UTC\) is before the committed snapshot's time 1736294400000000 \(8 Jan 2025, 00:00 UTC\)/,
  ],
  [
    "a block time at V of 2^64−1",
    [rewriteJson(/\/blocks\/by_version\/26(?:\?|$)/, (b) => ({ ...(b as object), block_timestamp: U64_MAX }))],
    /the block time at version 26 is 18446744073709551615, after 4102444800000000 \(1 Jan 2100, 00:00 UTC\), which no ledger has reached/,
  ],
  [
    "a transaction with another version than the one asked for",
    [
      {
        path: tx(22),
        answer: async () => {
          const other = await fetch(`${world.node.url}/transactions/by_version/21`);
          return { status: 200, json: await other.json() };
        },
      },
    ],
    /deposit #4 \(version 22\): asked for the transaction at version 22, the node answered the one at version 21/,
  ],
  [
    "a transaction listing the event with another sequence number",
    [
      editTx(22, (t) => {
        walletDeposit(t).sequence_number = "5";
      }),
    ],
    /deposit #4 \(version 22\): the transaction at version 22 does not list this event \(0x19e966bfa4b32ce9b7e23721b37b96d2 creation number 2 sequence 4\)/,
  ],
  [
    "a transaction listing the event with another amount",
    [
      editTx(22, (t) => {
        walletDeposit(t).data.amount = "50000001";
      }),
    ],
    /deposit #4 \(version 22\): the transaction at version 22 lists .* sequence 4 with amount 50000001, the event page with 50000000/,
  ],
  [
    "a transaction listing the event under another creation number",
    [
      editTx(22, (t) => {
        walletDeposit(t).guid.creation_number = "9";
      }),
    ],
    /deposit #4 \(version 22\): the transaction at version 22 does not list this event/,
  ],
  [
    "an event page serving another stream's event",
    [
      firstEvent(DEPOSITS, (event) => {
        (event.guid as Record<string, string>).creation_number = "3";
      }),
    ],
    /deposit #4 \(version 22\): the event belongs to 0x19e966bfa4b32ce9b7e23721b37b96d2 creation number 3, not to the deposit stream we asked for/,
  ],
  [
    "shuffled event versions",
    [
      editPage(EPOCHS, (events) => {
        const [first, second] = events;
        if (first && second) [first.version, second.version] = [second.version, first.version];
      }),
    ],
    /epoch #2 \(version 14\): its version is not after that of epoch #1 \(version 20\); versions must increase with sequence numbers/,
  ],
  [
    "an event at the committed version",
    [
      firstEvent(DEPOSITS, (event) => {
        event.version = "13";
      }),
    ],
    /deposit #4 \(version 13\): the event is at or before the committed snapshot's version 13/,
  ],
  [
    "an event dated before the committed snapshot",
    [
      firstEvent(DEPOSITS, (event) => {
        event.version = "5";
      }),
    ],
    /deposit #4 \(version 5\): the event is at or before the committed snapshot's version 13/,
  ],
  [
    "an epoch repeating the committed one",
    [epochNumber("1", "101")],
    /epoch #1 \(version 14\): epoch 101 is not after the committed snapshot's epoch 101; epochs only increase and never repeat/,
  ],
  [
    "an epoch repeating within the run",
    [epochNumber("2", "102")],
    /epoch #2 \(version 20\): epoch 102 follows epoch 102; epochs only increase and never repeat/,
  ],
  ["epochs going backwards", [epochNumber("3", "100")], /epoch #3 \(version 24\): epoch 100 follows epoch 103/],
  [
    "an epoch event later than the epoch at V",
    [epochNumber("4", "999")],
    /epoch #4 \(version 26\): epoch 999 is after the epoch at version 26 \(105\)/,
  ],
  [
    "an epoch at V below the committed one",
    [
      rewriteJson(/\/accounts\/0x0*1\/resource\/.*reconfiguration/, (r) => {
        const resource = r as { data: { epoch: string } };
        resource.data.epoch = "100";
        return resource;
      }),
    ],
    /the epoch at version 26 is 100, below the committed snapshot's epoch 101/,
  ],
];

describe("facts cross-checked before they are written", () => {
  it.each(cases)("refuses %s", async (_name, rules, message) => {
    const { result, before, after, fired } = await refusedRun(rules);
    expectFailedRun(result, { code: "refused", message, before, after, withinMs: WITHIN_MS });
    expect(fired).toBeGreaterThan(0);
  });
});

describe("simulated is a property of the snapshot's history", () => {
  const fakeHashed = rewriteJson(LEDGER_INFO, (info) => ({ ...(info as object), git_hash: "ledgerlight-fake-node" }));

  it("checks the chain id of a real snapshot although the node says it is the fake one", async () => {
    const { result, before, after } = await refusedRun([fakeHashed], { real: true, chainId: 7 });
    expectFailedRun(result, {
      code: "refused",
      message: /serves chain id 1, but the program expects chain id 7/,
      before,
      after,
      withinMs: WITHIN_MS,
    });
  });

  it("refuses to mark a real snapshot simulated because the node says it is the fake one", async () => {
    const { result, before, after } = await refusedRun([fakeHashed], { real: true });
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
    const { result, before, after } = await refusedRun([realNode], { real: true, extra: ["--simulated"] });
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
    const { result, content } = await refusedRun([otherNode]);
    expect(result.code, result.stderr).toBe(EXIT_CODES.ok);
    expect(result.stdout).toMatch(/ledger version 26 .*SIMULATED/);
    const meta = JSON.parse(await readFile(path.join(world.snapshotDir(content), "meta.json"), "utf8"));
    expect(meta).toMatchObject({ ledgerVersion: "26", previousLedgerVersion: "13", simulated: true });
    expect(result.wallMs).toBeLessThan(WITHIN_MS);
  });
});
