import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { checkAppendOnly } from "../../../../src/lib/ledger/append-only.ts";
import { recordedRunVersions, snapshotAsOf } from "../../../../src/lib/ledger/as-of.ts";
import { checkSnapshotInvariants, snapshotBooksSince } from "../../../../src/lib/ledger/invariants.ts";
import { snapshotBooks } from "../../../../src/lib/ledger/reconcile.ts";
import type { LedgerEntry, Snapshot } from "../../../../src/schemas/snapshot.ts";
import { readSnapshotFolder } from "../../../../src/store/snapshot-folder.ts";
import { repoRoot } from "../../../support/site/build-site.ts";

/**
 * Verify replays every recorded snapshot run, and each run checks only what it added: the append-only check
 * compares the records a run kept by identity, the invariants and the books walk only the ledger entries and
 * change records added since the previous (checked) run. These cases prove that this costs no finding: a record
 * an intermediate run added and got wrong is found at that run, with the same words as a full check, and one a
 * later run rewrote is found by the append-only check. The runs are the committed demo snapshot's own, as they
 * stood (`snapshotAsOf`), chained the way the replay chains them (a run's lists extend the previous run's).
 */

const COMMITTED = path.join(
  repoRoot,
  "content/snapshots/0x0000000000000000000000000000000019e966bfa4b32ce9b7e23721b37b96d2",
);

let committed: Snapshot;
let versions: bigint[];

beforeAll(async () => {
  committed = await readSnapshotFolder(COMMITTED);
  versions = recordedRunVersions(committed);
});

/** The snapshot as of a run, with the unlocked balance of that run (the files keep the latest only). */
function asOf(version: bigint): Snapshot {
  const state = snapshotAsOf(committed, version);
  state.wallet.balance = { ...state.wallet.balance, unlocked: state.wallet.balance.total };
  return state;
}

/** Run `version` as the replay builds it on `previous`: the previous run's records kept, the run's own appended. */
function extend(previous: Snapshot, version: bigint): Snapshot {
  const state = asOf(version);
  return {
    ...state,
    ledger: {
      ...state.ledger,
      entries: [...previous.ledger.entries, ...state.ledger.entries.slice(previous.ledger.entries.length)],
    },
    epochs: [...previous.epochs, ...state.epochs.slice(previous.epochs.length)],
    changes: [...previous.changes, ...state.changes.slice(previous.changes.length)],
  };
}

/** The replay's chain of runs up to run `last` (index into the recorded runs), each checked on the one before. */
function replayTo(last: number): Snapshot[] {
  const runs: Snapshot[] = [asOf(versions[0] as bigint)];
  expect(checkSnapshotInvariants(runs[0] as Snapshot)).toEqual([]);
  for (let i = 1; i <= last; i++) {
    const previous = runs[i - 1] as Snapshot;
    const next = extend(previous, versions[i] as bigint);
    expect(checkAppendOnly(previous, next)).toEqual([]);
    expect(checkSnapshotInvariants(next, { since: previous })).toEqual([]);
    runs.push(next);
  }
  return runs;
}

/** An entry the run at `run` added (its first), as the replay holds it. */
function addedAt(runs: Snapshot[], run: number): { index: number; entry: LedgerEntry } {
  const index = (runs[run - 1] as Snapshot).ledger.entries.length;
  const entry = (runs[run] as Snapshot).ledger.entries[index];
  if (!entry) throw new Error(`run ${run} added no ledger entry`);
  return { index, entry };
}

describe("verify's run-by-run checks", () => {
  it("has a history of several runs that each add ledger entries (the fixture these cases need)", () => {
    expect(versions.length).toBeGreaterThanOrEqual(6);
    const runs = replayTo(5);
    for (let run = 1; run <= 5; run++) expect(addedAt(runs, run).entry).toBeDefined();
  });

  it("finds an intermediate run's wrong record at that run, with the same violations as a full check", () => {
    const runs = replayTo(5);
    const run = 3;
    const previous = runs[run - 1] as Snapshot;
    const { index, entry } = addedAt(runs, run);
    const tampered = structuredClone(runs[run]) as Snapshot;
    // One base unit more on the run's first new entry, and a repeat of its event number on the next one.
    tampered.ledger.entries = [...(runs[run] as Snapshot).ledger.entries];
    tampered.ledger.entries[index] = { ...entry, amount: entry.amount + 1n };
    const full = checkSnapshotInvariants(tampered);
    const incremental = checkSnapshotInvariants(tampered, { since: previous });
    expect(incremental.map((v) => v.invariant)).toEqual(
      expect.arrayContaining(["books-balance", "change-log-adds-up"]),
    );
    expect(incremental).toEqual(full);
    expect(snapshotBooksSince(tampered, previous)).toEqual(snapshotBooks(tampered));
    expect(snapshotBooksSince(tampered, previous).balanced).toBe(false);

    const repeated = structuredClone(runs[run]) as Snapshot;
    const second = repeated.ledger.entries[index + 1];
    if (second?.stream === entry.stream) second.sequence = entry.sequence;
    else (repeated.ledger.entries[index] as LedgerEntry).sequence += 1n;
    const fullRepeat = checkSnapshotInvariants(repeated);
    expect(fullRepeat.map((v) => v.invariant)).toContain("event-numbers-contiguous");
    expect(checkSnapshotInvariants(repeated, { since: previous })).toEqual(fullRepeat);
  });

  it("finds a record an intermediate run added that a later run rewrote, naming it and both values", () => {
    const runs = replayTo(5);
    const { index, entry } = addedAt(runs, 2);
    const later = runs[5] as Snapshot;
    const rewritten: Snapshot = { ...later, ledger: { ...later.ledger, entries: [...later.ledger.entries] } };
    rewritten.ledger.entries[index] = { ...entry, amount: entry.amount + 1n };
    expect(checkAppendOnly(runs[4] as Snapshot, rewritten)).toEqual([
      `ledger.json: ${entry.stream} event #${entry.sequence} (tx version ${entry.version}) changed: field amount was "${entry.amount}", now "${entry.amount + 1n}".`,
    ]);
    // A copy with the same values is the same record: identity is a shortcut, not the rule.
    const copied: Snapshot = {
      ...later,
      ledger: { ...later.ledger, entries: later.ledger.entries.map((e) => ({ ...e })) },
    };
    expect(checkAppendOnly(runs[4] as Snapshot, copied)).toEqual([]);
    // So is an intermediate run's change record rewritten by a later one.
    const log: Snapshot = { ...later, changes: [...later.changes] };
    const change = log.changes[2] as Snapshot["changes"][number];
    log.changes[2] = { ...change, newDonations: { ...change.newDonations, count: change.newDonations.count + 1 } };
    expect(checkAppendOnly(runs[4] as Snapshot, log)).toEqual([
      `changes.json: change record at version ${change.ledgerVersion} changed: field newDonations.count was ${change.newDonations.count}, now ${change.newDonations.count + 1}.`,
    ]);
  });

  it("skips a rule relating lists only where each list it reads is the very list the checked run held", () => {
    const runs = replayTo(versions.length - 1);
    const last = runs.at(-1) as Snapshot;
    const veto = last.vetoes.find((v) => v.status === "passed");
    if (!veto) throw new Error("the fixture has no passed veto ballot");
    // A transfer named by a passed ballot but not vetoed, in a run both checks take as checked.
    const transfers = last.transfers.map((t) => (t.uid === veto.transferUid ? { ...t, status: "paid" as const } : t));
    const vetoes = [...last.vetoes];
    const trusted: Snapshot = { ...last, transfers, vetoes };
    const vetoRule = (violations: ReturnType<typeof checkSnapshotInvariants>) =>
      violations.filter((v) => v.invariant === "veto-names-transfer").map((v) => v.message);
    expect(vetoRule(checkSnapshotInvariants(trusted))).toHaveLength(1);
    // The very lists: checked at the run that holds them, not again.
    expect(vetoRule(checkSnapshotInvariants({ ...trusted }, { since: trusted }))).toEqual([]);
    // Either list a copy (a run that rebuilt it): the rule is checked again, as a full check finds it.
    for (const next of [
      { ...trusted, transfers: [...transfers] },
      { ...trusted, vetoes: [...vetoes] },
    ]) {
      expect(vetoRule(checkSnapshotInvariants(next, { since: trusted }))).toEqual(
        vetoRule(checkSnapshotInvariants(trusted)),
      );
    }
  });

  it("trusts, in the rules on a record alone, only the very record object the checked run held; a copy is checked again", () => {
    const runs = replayTo(2);
    const previous = runs[1] as Snapshot;
    const transfer = previous.transfers.find((t) => t.history.length > 0);
    if (!transfer) throw new Error("the fixture has no transfer");
    // A record whose history ends elsewhere than its state, in a run both checks take as checked.
    const broken = { ...transfer, status: transfer.status === "paid" ? ("vetoed" as const) : ("paid" as const) };
    const trusted: Snapshot = { ...previous, transfers: previous.transfers.map((t) => (t === transfer ? broken : t)) };
    const next = (runs[2] as Snapshot).transfers.map((t) => (t.uid === transfer.uid ? broken : t));
    const ends = (violations: ReturnType<typeof checkSnapshotInvariants>) =>
      violations.filter((v) => v.invariant === "history-ends-at-current-state").map((v) => v.message);
    const kept: Snapshot = { ...(runs[2] as Snapshot), transfers: next };
    expect(ends(checkSnapshotInvariants(kept))).toHaveLength(1);
    // The very object: checked at the run that holds it, not again.
    expect(ends(checkSnapshotInvariants(kept, { since: trusted }))).toEqual([]);
    // An equal copy is a record this run built: checked in full.
    const copied: Snapshot = { ...kept, transfers: next.map((t) => (t === broken ? { ...broken } : t)) };
    expect(ends(checkSnapshotInvariants(copied, { since: trusted }))).toEqual(ends(checkSnapshotInvariants(kept)));
  });

  it("finds an epoch an intermediate run added out of order or past its time, with the same violations as a full check", () => {
    const runs = replayTo(5);
    const run = [1, 2, 3, 4, 5].find(
      (r) => (runs[r] as Snapshot).epochs.length > (runs[r - 1] as Snapshot).epochs.length,
    );
    if (run === undefined) throw new Error("no run of the fixture adds an epoch");
    const previous = runs[run - 1] as Snapshot;
    const index = previous.epochs.length;
    for (const edit of [
      // Before the last epoch the previous run held: the pair across the two runs is compared.
      (e: Snapshot["epochs"][number]) => ({ ...e, epoch: (previous.epochs.at(-1)?.epoch ?? 0n) - 1n }),
      // After the run's own time.
      (e: Snapshot["epochs"][number]) => ({
        ...e,
        timestampUsec: (runs[run] as Snapshot).meta.ledgerTimestampUsec + 1n,
      }),
    ]) {
      const tampered: Snapshot = { ...(runs[run] as Snapshot), epochs: [...(runs[run] as Snapshot).epochs] };
      tampered.epochs[index] = edit(tampered.epochs[index] as Snapshot["epochs"][number]);
      const full = checkSnapshotInvariants(tampered);
      expect(full.map((v) => v.invariant)).toEqual(
        expect.arrayContaining([expect.stringMatching(/^(epochs-increasing|times-plausible)$/)]),
      );
      expect(checkSnapshotInvariants(tampered, { since: previous })).toEqual(full);
    }
  });

  it("finds payout rules a run breaks, with the same violations as a full check", () => {
    /** Run 3 built on run 2, tampered. */
    const atRun3 = (tamper: (run: Snapshot, previous: Snapshot) => Snapshot) => {
      const previous = replayTo(2)[2] as Snapshot;
      return { previous, tampered: tamper(extend(previous, versions[3] as bigint), previous) };
    };
    // Each case starts a fresh chain: a check from a run takes over what that run's check kept.
    const cases: Array<[string, () => { previous: Snapshot; tampered: Snapshot }]> = [
      [
        "a paid transfer rewritten to another amount than its payout",
        () =>
          atRun3((run) => {
            const paid = run.transfers.find((t) => t.status === "paid");
            if (!paid) throw new Error("the fixture has no paid transfer");
            return { ...run, transfers: run.transfers.map((t) => (t === paid ? { ...t, amount: t.amount + 1n } : t)) };
          }),
      ],
      [
        "a new entry linked to a transfer an earlier entry already pays",
        () =>
          atRun3((run, previous) => {
            const paying = previous.ledger.entries.find((e) => e.transferUid !== null);
            if (!paying) throw new Error("the fixture has no linked payout");
            // A payout of the same amount to the same payee, so only the one-payout rule tells them apart.
            const { stream, category, counterparty, amount, transferUid } = paying;
            const entries = [...run.ledger.entries];
            const at = previous.ledger.entries.length;
            entries[at] = { ...(entries[at] as LedgerEntry), stream, category, counterparty, amount, transferUid };
            return { ...run, ledger: { ...run.ledger, entries } };
          }),
      ],
      [
        "a scheduled transfer, the very record the checked run held, past its deadline at a later epoch",
        () => {
          const last = versions.length - 1;
          const previous = replayTo(last)[last] as Snapshot;
          const scheduled = previous.transfers.find((t) => t.status === "scheduled");
          if (!scheduled) throw new Error("the fixture's last run has no scheduled transfer");
          const epoch = scheduled.deadlineEpoch + 1n;
          return { previous, tampered: { ...previous, meta: { ...previous.meta, epoch } } };
        },
      ],
    ];
    for (const [what, make] of cases) {
      const { previous, tampered } = make();
      const full = checkSnapshotInvariants(tampered);
      expect(
        full.map((v) => v.invariant),
        what,
      ).toEqual(
        expect.arrayContaining([
          expect.stringMatching(
            /^(payout-names-paid-transfer|paid-transfer-has-payout|transfer-status-matches-deadline)$/,
          ),
        ]),
      );
      expect(checkSnapshotInvariants(tampered, { since: previous }), what).toEqual(full);
    }
  });

  it("checks in full when the snapshot does not extend the one it names (a later or longer one)", () => {
    const runs = replayTo(3);
    const broken = structuredClone(runs[1]) as Snapshot;
    (broken.ledger.entries[0] as LedgerEntry).sequence = 7n;
    const full = checkSnapshotInvariants(broken);
    expect(full.map((v) => v.invariant)).toContain("event-numbers-contiguous");
    expect(checkSnapshotInvariants(broken, { since: runs[3] as Snapshot })).toEqual(full);
  });
});
