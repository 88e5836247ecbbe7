import { cp } from "node:fs/promises";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, it } from "vitest";
import type { LedgerEntry, Snapshot, TransferRecord } from "../../../src/schemas/snapshot.ts";
import { buildSnapshotFiles } from "../../../src/snapshot/build-files.ts";
import { readSnapshotFolder, replaceSnapshotFolder } from "../../../src/store/snapshot-folder.ts";
import { expectFailedRun } from "../../support/faults/expect-outcome.ts";
import { type FaultWorld, startFaultWorld } from "../../support/faults/fault-world.ts";
import { folderState } from "../../support/faults/folder-state.ts";
import { rewriteJson } from "../../support/faults/hostile-proxy.ts";
import { runCommand } from "../../support/faults/run-command.ts";

/**
 * Committed data that was edited by hand (or written by a faulty run) with its manifest recomputed, so the sha256
 * check passes: `check-fees` and `build` must still refuse it as bad input (exit 3), naming the wallet folder, the
 * invariant and the record, leave the content folder byte-identical, write no output, stay within bounded memory
 * and end within their deadline. The committed snapshot is sip-small at its head (a paid transfer with its payout,
 * a vetoed one with its passed veto, a scheduled one, five epochs). The same rules stop a snapshot run: a node whose
 * answers pass every other check but contradict each other is refused before anything is written (exit 5).
 */

const U64_MAX = 2n ** 64n - 1n;
const entry = (s: Snapshot, index: number) => s.ledger.entries[index] as LedgerEntry;
const transferById = (s: Snapshot, uid: bigint) => s.transfers.find((t) => t.uid === uid) as TransferRecord;
const run = (s: Snapshot) => s.changes[s.changes.length - 1] as Snapshot["changes"][number];

interface Case {
  what: string;
  command: "check-fees" | "build";
  edit: (s: Snapshot) => void;
  /** The invariant, file and record the message must name. */
  names: RegExp;
}

const CASES: Case[] = [
  {
    what: "a donation's amount changed (the books no longer balance)",
    command: "check-fees",
    edit: (s) => {
      entry(s, 0).amount += 1n;
    },
    names:
      /\[books-balance\] ledger\.json \+ wallet\.json: .*balance at version 26 is 900000000 \(difference -1 base units\)/,
  },
  {
    what: "a donation's amount changed (the books no longer balance), at build",
    command: "build",
    edit: (s) => {
      entry(s, 0).amount += 1n;
    },
    names: /\[books-balance\] ledger\.json \+ wallet\.json: .*\(difference -1 base units\)/,
  },
  {
    what: "a donation's amount and the balance raised together (receipts and change log disagree)",
    command: "check-fees",
    edit: (s) => {
      entry(s, 0).amount += 1n;
      const up = s.wallet.balance.coinStoreValue + 1n;
      s.wallet.balance = { ...s.wallet.balance, coinStoreValue: up, total: up, unlocked: up };
    },
    names:
      /\[donations-within-receipts\] donors\.json: donor 0x[0-9a-f]{64}'s receipt says 400000000, below the 400000001/,
  },
  {
    what: "a paid transfer without its payout",
    command: "check-fees",
    edit: (s) => {
      entry(s, 5).transferUid = null;
    },
    names:
      /\[paid-transfer-has-payout\] transfers\.json: transfer 4 is marked paid \(150000000 to 0x[0-9a-f]{64}\), but no withdrawal/,
  },
  {
    what: "a payout naming a transfer that does not exist",
    command: "check-fees",
    edit: (s) => {
      entry(s, 5).transferUid = 99n;
    },
    names: /\[payout-names-paid-transfer\] ledger\.json: withdraw event #0 \(tx version 26\): linked to transfer 99/,
  },
  {
    what: "a vetoed transfer with a payout",
    command: "check-fees",
    edit: (s) => {
      entry(s, 5).transferUid = 5n;
    },
    names:
      /\[unpaid-transfer-has-no-payout\] transfers\.json: transfer 5 is vetoed, but withdraw event #0 \(tx version 26\) pays it/,
  },
  {
    what: "a transaction timestamp of 2^64 − 1",
    command: "build",
    edit: (s) => {
      entry(s, 2).timestampUsec = U64_MAX;
    },
    names:
      /\[times-plausible\] ledger\.json: deposit event #2 \(tx version 4\): time 18446744073709551615 µs is outside/,
  },
  {
    what: "a snapshot time of 2^64 − 1 (meta and change log edited together)",
    command: "build",
    edit: (s) => {
      s.meta.ledgerTimestampUsec = U64_MAX;
      run(s).timestampUsec = U64_MAX;
    },
    names: /\[times-plausible\] meta\.json: ledgerTimestampUsec 18446744073709551615 is not a plausible time/,
  },
  {
    what: "a transaction dated 1970 (a missing timestamp)",
    command: "check-fees",
    edit: (s) => {
      entry(s, 1).timestampUsec = 0n;
    },
    names: /\[times-plausible\] ledger\.json: deposit event #1 \(tx version 3\): time 0 µs/,
  },
  {
    what: "a timestamp going backwards",
    command: "check-fees",
    edit: (s) => {
      entry(s, 4).timestampUsec = entry(s, 3).timestampUsec - 1n;
    },
    names: /\[times-follow-versions\] ledger\.json: deposit event #4 \(tx version 22\): time \d+ µs is earlier than/,
  },
  {
    what: "an epoch going backwards",
    command: "check-fees",
    edit: (s) => {
      (s.epochs[2] as Snapshot["epochs"][number]).epoch = 101n;
    },
    names: /\[epochs-increasing\] epochs\.json: epoch 101 \(version 20\) follows epoch 102 \(version 14\)/,
  },
  {
    what: "an entry after the snapshot's ledger version",
    command: "check-fees",
    edit: (s) => {
      entry(s, 5).version = 27n;
    },
    names:
      /\[versions-within-snapshot\] ledger\.json: withdraw event #0 \(tx version 27\): version 27 is after the snapshot's ledger version 26/,
  },
  {
    what: "a gap in the deposit sequence numbers",
    command: "check-fees",
    edit: (s) => {
      entry(s, 4).sequence = 5n;
      s.meta.eventCursors.deposits = 6n;
    },
    names:
      /\[event-numbers-contiguous\] ledger\.json: deposit event #5 \(tx version 22\): expected deposit event #4 here/,
  },
  {
    what: "event cursors disagreeing with the ledger",
    command: "check-fees",
    edit: (s) => {
      s.meta.eventCursors.withdrawals = 2n;
    },
    names:
      /\[event-numbers-contiguous\] meta\.json: eventCursors\.withdrawals is 2, but ledger\.json records withdraw events up to #0/,
  },
  {
    what: "an epoch cursor disagreeing with the epoch records",
    command: "check-fees",
    edit: (s) => {
      s.meta.eventCursors.newEpochs = 4n;
    },
    names: /\[epoch-count\] meta\.json: eventCursors\.newEpochs is 4, but epochs\.json records 5 epoch changes/,
  },
  {
    what: "a passed veto whose transfer is still scheduled",
    command: "check-fees",
    edit: (s) => {
      const vetoed = transferById(s, 5n);
      vetoed.status = "scheduled";
      vetoed.deadlineEpoch = 106n;
      vetoed.history = [
        {
          ...(vetoed.history[0] as TransferRecord["history"][number]),
          state: { status: "scheduled", deadlineEpoch: 106n },
        },
      ];
    },
    names: /\[veto-names-transfer\] vetoes\.json: veto ballot 7 passed, but transfer 5 is scheduled/,
  },
  {
    what: "a deadline epoch of 2^64 − 1",
    command: "build",
    edit: (s) => {
      const scheduled = transferById(s, 6n);
      scheduled.deadlineEpoch = U64_MAX;
      scheduled.history = [
        {
          ...(scheduled.history[0] as TransferRecord["history"][number]),
          state: { status: "scheduled", deadlineEpoch: U64_MAX },
        },
      ];
    },
    names:
      /\[deadlines-plausible\] transfers\.json: transfer 6: deadline epoch 18446744073709551615 is more than 1000 epochs after the snapshot's epoch 105/,
  },
  {
    what: "a status history that ends elsewhere than the record",
    command: "check-fees",
    edit: (s) => {
      transferById(s, 4n).status = "scheduled";
    },
    names: /\[history-ends-at-current-state\] transfers\.json: transfer 4: its history ends at \{"status":"paid"/,
  },
  {
    what: "a donor receipt listed twice",
    command: "check-fees",
    edit: (s) => {
      s.donors.push({ ...(s.donors[0] as Snapshot["donors"][number]) });
    },
    names: /\[records-unique\] donors\.json: donor 0x[0-9a-f]{64} appears more than once/,
  },
  {
    what: "a change log reporting donations the ledger does not have",
    command: "check-fees",
    edit: (s) => {
      run(s).newDonations.count += 1;
    },
    names:
      /\[change-log-adds-up\] changes\.json: the runs report 6 donations totalling 1050000000, but ledger\.json records 5/,
  },
];

describe("committed data edited with a recomputed manifest", () => {
  let world: FaultWorld;
  let committed: string;
  let made = 0;

  beforeAll(async () => {
    world = await startFaultWorld();
    committed = await world.makeContent({ committedAt: world.chain.head() });
  }, 60_000);
  afterAll(async () => {
    await world?.close();
  });

  it.each(CASES)("$command refuses $what", async ({ command, edit, names }) => {
    const content = path.join(world.work, `edited-${++made}`);
    await cp(committed, content, { recursive: true });
    const dir = world.snapshotDir(content);
    const snapshot = await readSnapshotFolder(dir);
    edit(snapshot);
    await replaceSnapshotFolder(dir, buildSnapshotFiles(snapshot));
    const out = path.join(world.work, `out-${made}`);
    const before = { content: await folderState(content), out: await folderState(out) };
    const args = command === "build" ? ["--content", content, "--out", out] : ["--content", content];
    const result = await runCommand(`${command}.ts`, args);
    const after = { content: await folderState(content), out: await folderState(out) };
    const folder = dir.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    expectFailedRun(result, {
      code: "badInput",
      message: new RegExp(
        `The committed snapshot in ${folder} breaks [^\\n]*What we check before publishing[\\s\\S]*${names.source}`,
      ),
      before,
      after,
      maxRssMb: command === "build" ? 600 : 400,
      withinMs: 60_000,
    });
  });
});

/** Node answers that are well-formed and pass the run's own checks, but contradict the ledger the run assembles. */
const NODE_CASES = [
  {
    what: "a donor receipt below the donations the ledger records",
    rule: rewriteJson(/\/view/, (data, request) =>
      request.body.toString("utf8").includes("read_receipt") && Array.isArray(data) ? [data[0], data[1], "1"] : data,
    ),
    names:
      /\[donations-within-receipts\] donors\.json: donor 0x[0-9a-f]{64}'s receipt says 1, below the \d+ ledger\.json records/,
  },
  {
    what: "all-time donations below the donations the ledger records",
    rule: rewriteJson(/\/resources/, (data) => {
      for (const resource of data as Array<{ type: string; data: { value?: string } }>) {
        if (resource.type.includes("cumulative_deposits::CumulativeDeposits")) resource.data.value = "1";
      }
      return data;
    }),
    names:
      /\[donations-within-cumulative-deposits\] wallet\.json: cumulativeDeposits\.value is 1, below the 1050000000/,
  },
];

describe("a snapshot run whose node contradicts itself", () => {
  let world: FaultWorld;
  beforeAll(async () => {
    world = await startFaultWorld();
  }, 60_000);
  afterEach(() => world?.proxy.clear());
  afterAll(async () => {
    await world?.close();
  });

  it.each(NODE_CASES)("is refused before writing: $what", async ({ rule, names }) => {
    // A first snapshot (nothing committed to compare with), so only the invariants can catch it.
    const out = path.join(world.work, `first-${NODE_CASES.findIndex((c) => c.rule === rule)}`);
    world.proxy.use(rule);
    const before = await folderState(out);
    const result = await runCommand("snapshot.ts", [
      "--node",
      world.proxy.url,
      "--out",
      out,
      "--ledger-version",
      world.chain.head().toString(),
      "--deadline-s",
      "30",
      "--quiet",
    ]);
    expectFailedRun(result, {
      code: "refused",
      message: new RegExp(`The node's data contradicts itself[\\s\\S]*${names.source}`),
      before,
      after: await folderState(out),
      withinMs: 45_000,
    });
  });
});
