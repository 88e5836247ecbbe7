import { describe, expect, it } from "vitest";
import { describeChange, lineText } from "../../../../src/lib/reports/change-summary.ts";
import { diffSnapshots, explainChange, type SnapshotChange } from "../../../../src/lib/reports/snapshot-diff.ts";
import { buildTestSnapshot, STEWARD, TEAM } from "../../../support/snapshot/build-test-snapshot.ts";

/** A later change with nothing in it; tests add what they describe. */
function quietChange(overrides: Partial<SnapshotChange> = {}): SnapshotChange {
  return {
    ledgerVersion: 2000n,
    previousLedgerVersion: 1000n,
    epoch: 50n,
    timestampUsec: 1767225600000000n,
    donations: { count: 0, total: 0n, newDonors: 0 },
    newTransfers: [],
    statusChanges: [],
    ballots: [],
    balance: {
      before: 5n,
      after: 5n,
      donations: 0n,
      otherInflows: { count: 0, total: 0n },
      outflows: { count: 0, total: 0n },
      reconciles: true,
    },
    fees: null,
    ...overrides,
  };
}

describe("describeChange", () => {
  it("names every new donor, and says how many gave before the ledger's record when a first reading counts them", () => {
    const a = `0x${"a".repeat(64)}`;
    const named = describeChange(
      quietChange({ donations: { count: 1, total: 1_000_000n, newDonors: 3 }, movements: [], newDonorAddresses: [a] }),
    );
    const line = named.lines.find((candidate) => lineText(candidate).includes("new donors"));
    expect(line && lineText(line)).toBe(
      "3 new donors: 0xaaaaaa…aaaaa, and 2 donors whose gifts are older than this record.",
    );
    // The count equals the items named plus the rest it stands for.
    const items = line?.parts.filter((part) => typeof part !== "string" && part.item).length ?? 0;
    const more = line?.parts.reduce((n, part) => n + (typeof part !== "string" ? (part.more ?? 0) : 0), 0) ?? 0;
    expect(items + more).toBe(3);
    expect(line?.counts).toEqual([3]);
    // Without the snapshot's movements the sentence keeps the bare count.
    const bare = describeChange(quietChange({ donations: { count: 1, total: 1_000_000n, newDonors: 3 } }));
    expect(bare.sentences[0]).toBe("1 donation totalling 1.00 LIBRA, 3 new donors.");
  });

  it("describes a first snapshot in plain words", () => {
    const snapshot = buildTestSnapshot();
    const change = explainChange(diffSnapshots(null, snapshot), snapshot, {
      program: { stewards: [], teams: [{ address: TEAM, name: "Mutual health plan" }] },
    });
    const { heading, sentences } = describeChange(change);
    expect({ heading, sentences }).toEqual({
      heading: "First snapshot of 1 Jan 2026, 00:00 UTC (ledger version 98,765,432, epoch 1,234)",
      sentences: [
        "2 donations totalling 750.50 LIBRA: 500.00 LIBRA from 0xaaaaaa…aaaaa and 250.50 LIBRA from 0xbbbbbb…bbbbb.",
        "2 new donors: 0xaaaaaa…aaaaa and 0xbbbbbb…bbbbb.",
        "1 transfer approved by the wallet's authorities.",
        "Transfer #5: 300.00 LIBRA to Mutual health plan, due at the end of epoch 1,233; already paid.",
        "Balance: 1,440.50 LIBRA.",
        "Administrative fees paid so far: 0.00 LIBRA.",
      ],
    });
  });

  it("names status changes with when they happened, veto tallies, and reconciles the balance movement", () => {
    const change = quietChange({
      donations: { count: 1, total: 1n, newDonors: 0 },
      statusChanges: [
        {
          uid: 10n,
          amount: 3000000n,
          payee: TEAM,
          payeeName: "Mutual health plan",
          deadlineEpoch: 40n,
          from: "overdue",
          to: "paid",
          epoch: 49n,
          txVersion: 1500n,
        },
        {
          uid: 17n,
          amount: 2000000n,
          payee: `0x${"e".repeat(64)}`,
          payeeName: null,
          deadlineEpoch: 52n,
          from: "scheduled",
          to: "vetoed",
          epoch: 50n,
          txVersion: null,
        },
      ],
      ballots: [
        {
          ballotId: 18n,
          transferUid: 17n,
          before: { status: "pending", approvalPct: 6000n, turnoutPct: 500n },
          after: { status: "passed", approvalPct: 8000n, turnoutPct: 1400n },
          state: "passed",
        },
        {
          ballotId: 19n,
          transferUid: 12n,
          before: null,
          after: { status: "pending", approvalPct: 10000n, turnoutPct: 40n },
          state: "open",
        },
        {
          ballotId: 21n,
          transferUid: 19n,
          before: null,
          after: { status: "pending", approvalPct: 10000n, turnoutPct: 40n },
          state: "lapsed",
        },
      ],
      balance: {
        before: 2000000n,
        after: 1500000n,
        donations: 1n,
        otherInflows: { count: 1, total: 2499999n },
        outflows: { count: 1, total: 3000000n },
        reconciles: true,
      },
      fees: { before: 100000n, after: 100000n },
    });
    expect(describeChange(change).sentences).toEqual([
      "1 donation totalling 0.000001 LIBRA.",
      "Transfer #10 (3.00 LIBRA to Mutual health plan) went from overdue (the wallet was short when it fell due) to paid in epoch 49 (payment at ledger version 1,500).",
      `Transfer #17 (2.00 LIBRA to 0x${"e".repeat(64)}) went from scheduled to stopped by donors (vetoed) (first seen in epoch 50).`,
      "Veto ballot #18 against transfer #17: turnout 5.00 % → 14.00 %, for stopping it 60.00 % → 80.00 %; passed, so the transfer is stopped.",
      "Donors opened veto ballot #19 against transfer #12: turnout 0.40 %, 100.00 % of the votes cast for stopping it; still open.",
      "Donors opened veto ballot #21 against transfer #19: turnout 0.40 %, 100.00 % of the votes cast for stopping it; the chain still lists it as pending, but its deadline had passed or the transfer was already paid, so it lapsed and can no longer stop anything.",
      "Balance down 0.50 LIBRA, now 1.50 LIBRA: 2.00 LIBRA before + 0.000001 LIBRA donated + 2.499999 LIBRA from 1 other inflow with no donor receipt − 3.00 LIBRA paid out in 1 payment.",
    ]);
  });

  it("says when fees moved, and when the numbers do not add up", () => {
    const change = quietChange({
      balance: {
        before: 10n,
        after: 4n,
        donations: 0n,
        otherInflows: { count: 0, total: 0n },
        outflows: { count: 1, total: 5n },
        reconciles: false,
      },
      fees: { before: 1000000n, after: 1000005n },
    });
    expect(describeChange(change, "GAS").sentences).toEqual([
      "Balance down 0.000006 GAS, now 0.000004 GAS, but 0.00001 GAS before − 0.000005 GAS paid out in 1 payment does not add up to it: this snapshot is inconsistent.",
      "Administrative fees paid so far: 1.000005 GAS, up 0.000005 GAS.",
    ]);
  });

  it("says so when nothing happened, and cuts long lists with a pointer to the full list", () => {
    expect(describeChange(quietChange()).sentences).toEqual([
      "No new activity in the wallet.",
      "Balance unchanged, now 0.000005 LIBRA.",
    ]);
    const many = quietChange({
      newTransfers: Array.from({ length: 12 }, (_, i) => ({
        uid: BigInt(i + 1),
        amount: 1000000n,
        payee: TEAM,
        payeeName: null,
        deadlineEpoch: 60n,
        status: "scheduled" as const,
      })),
    });
    const sentences = describeChange(many).sentences;
    expect(sentences[0]).toBe("12 transfers approved by the wallet's authorities.");
    expect(sentences.filter((s) => s.startsWith("Transfer #"))).toHaveLength(10);
    expect(sentences).toContain("… and 2 more transfers (see the transfers list).");
  });

  it("names every item each count counts, the advance included, each linked to its record", () => {
    const snapshot = buildTestSnapshot();
    const [d0, d1, d2, w0, w1] = snapshot.ledger.entries;
    const before = { ...snapshot, ledger: { ...snapshot.ledger, entries: [d0!, d1!] } };
    before.meta = { ...snapshot.meta, ledgerVersion: 250n };
    before.wallet = { ...snapshot.wallet, balance: { ...snapshot.wallet.balance, coinStoreValue: 1750500000n } };
    const record = diffSnapshots(before, snapshot);
    const summary = describeChange(
      explainChange(record, snapshot, { program: { stewards: [STEWARD], teams: [{ address: TEAM, name: "Team C" }] } }),
    );
    const balance = summary.lines.find((line) => lineText(line).startsWith("Balance"));
    expect(lineText(balance!)).toBe(
      "Balance down 310.00 LIBRA, now 1,440.50 LIBRA: 1,750.50 LIBRA before + 10.00 LIBRA from 1 other inflow with no donor receipt (10.00 LIBRA) − 320.00 LIBRA paid out in 2 payments (transfer #5 and an advance of 20.00 LIBRA to the program's steward (administrative fee)).",
    );
    const links = balance!.parts.filter((part) => typeof part !== "string");
    expect(links.map((part) => part.href)).toEqual([`/ledger/#${"m-d2"}`, "/transfers/5/", "/ledger/#m-w1"]);
    expect([d2, w0, w1].every(Boolean)).toBe(true);
    // Every count equals the items named (or the "… more" standing for the rest); a transfer count's items are
    // the sentences after it, so the check is over the whole entry.
    const named = (lines: typeof summary.lines) =>
      lines
        .flatMap((line) => line.parts)
        .reduce((total, part) => total + (typeof part === "string" ? 0 : part.item ? 1 : (part.more ?? 0)), 0);
    const stated = (lines: typeof summary.lines) => lines.flatMap((line) => line.counts).reduce((a, b) => a + b, 0);
    expect(named(summary.lines)).toBe(stated(summary.lines));
    expect(stated(summary.lines)).toBe(3);
    const many = describeChange(
      quietChange({
        newTransfers: Array.from({ length: 12 }, (_, i) => ({
          uid: BigInt(i + 1),
          amount: 1000000n,
          payee: TEAM,
          payeeName: null,
          deadlineEpoch: 60n,
          status: "scheduled" as const,
        })),
      }),
    );
    expect(stated(many.lines)).toBe(12);
    expect(named(many.lines)).toBe(12);
    expect(summary.sentences).toEqual(summary.lines.map(lineText));
  });
});
