import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadProgramConfig } from "../../../../src/config/program.ts";
import { awardGroups } from "../../../../src/lib/figures/awards-by-team.ts";
import { formatShare, shareHundredths } from "../../../../src/lib/figures/plain-figures.ts";
import {
  FIGURE_NAMES,
  FigureError,
  figureResolver,
  snapshotQuarters,
} from "../../../../src/lib/reports/report-figures.ts";
import type { Snapshot } from "../../../../src/schemas/snapshot.ts";
import { readCommittedSnapshot } from "../../../../src/store/snapshot-folder.ts";
import { buildTestSnapshot, STEWARD, WALLET } from "../../../support/snapshot/build-test-snapshot.ts";

const repoRoot = path.resolve(import.meta.dirname, "../../../..");
const options = { stewards: [STEWARD], coinSymbol: "LIBRA" };

describe("figureResolver on the hand-made test snapshot", () => {
  const figures = figureResolver(buildTestSnapshot(), options);

  it("covers the quarters from the first ledger entry to the snapshot's time", () => {
    // Entries are on 2025-12-29; the snapshot was read at 2026-01-01T00:00Z.
    expect(figures.quarters).toEqual(["2025-Q4", "2026-Q1"]);
  });

  it("computes each figure of 2025-Q4 exactly, with its text and source", () => {
    const value = (name: string) => figures.figure(name, "2025-Q4").value;
    expect(value("balance.opening")).toBe(1_000_000_000n);
    expect(value("donations.total")).toBe(750_500_000n);
    expect(value("donations.count")).toBe(2n);
    expect(value("donors.new")).toBe(2n);
    expect(value("inflows.other")).toBe(10_000_000n);
    expect(value("inflows.total")).toBe(760_500_000n);
    expect(value("outflows.total")).toBe(320_000_000n);
    expect(value("awards.total")).toBe(300_000_000n);
    expect(value("fees.total")).toBe(20_000_000n);
    expect(value("fees.allowance")).toBe(12_000_000n);
    expect(value("fees.withinCap")).toBe(0n);
    expect(value("balance.closing")).toBe(1_440_500_000n);
    expect(figures.figure("donations.total", "2025-q4")).toEqual({
      name: "donations.total",
      value: 750_500_000n,
      unit: "coins",
      text: "750.50 LIBRA",
      source: {
        file: "ledger.json",
        record: "sum(entries[category=donation, timestampUsec in 2025-Q4 (UTC)].amount)",
        ledgerVersion: buildTestSnapshot().meta.ledgerVersion.toString(),
        href: "/data/snapshot/ledger.json",
        rowsHref: "/ledger/quarter/2025-q4/kind/donation/",
      },
    });
    // Fees paid in the quarter are the fees charged to it here, so the fee list makes them up; a balance is the
    // running balance of the newest row before the quarter's end.
    expect(figures.figure("fees.total", "2025-Q4").source.rowsHref).toBe("/ledger/quarter/2025-q4/kind/fees-paid/");
    expect(figures.figure("awards.total", "2025-Q4").source.rowsHref).toBe("/ledger/quarter/2025-q4/kind/awarded/");
    expect(figures.figure("balance.closing", "2025-Q4").source.rowsHref).toBe("/ledger/#m-w1");
    expect(figures.figure("fees.allowance", "2025-Q4").source.rowsHref).toBeUndefined();
    expect(figures.figure("balance.closing", "2025-Q4").source.record).toBe(
      "opening.amount + sum(entries[stream=deposit, timestampUsec before end of 2025-Q4 (UTC)].amount) \u2212 sum(entries[stream=withdraw, timestampUsec before end of 2025-Q4 (UTC)].amount)",
    );
    expect(figures.figure("fees.allowance", "2025-Q4").source.record).toBe(
      "floor(sum(entries[category=payout|advance, payee is not a steward, timestampUsec in 2025-Q4 (UTC)].amount) × 400 / 10000)",
    );
    expect(figures.figure("fees.withinCap", "2025-Q4").text).toBe("no");
    expect(figures.figure("donations.count", "2025-Q4").text).toBe("2");
  });

  it("puts a transfer in the quarter its deadline epoch closes (epoch 1233 closes on 2026-01-01)", () => {
    expect(figures.figure("transfers.count", "2025-Q4").value).toBe(0n);
    expect(figures.figure("transfers.paid.count", "2026-Q1")).toMatchObject({
      value: 1n,
      source: { file: "transfers.json", record: "count([status=paid, deadlineEpoch closes in 2026-Q1 (UTC)])" },
    });
    // The transfers-by-quarter page lists exactly the transfers due in a quarter, and exists only when there are any.
    expect(figures.figure("transfers.count", "2026-Q1").source.rowsHref).toBe("/transfers/quarter/2026-q1/");
    expect(figures.figure("transfers.count", "2025-Q4").source.rowsHref).toBeUndefined();
    expect(figures.figure("transfers.count", "2025-Q4").source.href).toBe("/data/snapshot/transfers.json");
    // A quarter without movements has no ledger pages; its opening balance is the last row before it.
    expect(figures.figure("donations.total", "2026-Q1").source.rowsHref).toBeUndefined();
    expect(figures.figure("balance.opening", "2026-Q1").source.rowsHref).toBe("/ledger/#m-w1");
    expect(figures.figure("donations.total", "2026-Q1").value).toBe(0n);
    expect(figures.figure("balance.opening", "2026-Q1").value).toBe(1_440_500_000n);
  });

  it("counts veto ballots by their real state: a pending ballot past its deadline is lapsed, not open", () => {
    const snapshot = buildTestSnapshot();
    const base = {
      transferUid: 5n,
      status: "pending" as const,
      approvalPct: 10000n,
      turnoutPct: 40n,
      requiredThresholdPct: 10000n,
      minTurnoutPct: 1250n,
      votesApprove: 1n,
      votesReject: 0n,
      maxVotes: 750500000n,
      history: [
        {
          state: { status: "pending" as const, approvalPct: 10000n, turnoutPct: 40n },
          seenAtLedgerVersion: 1n,
          seenAtEpoch: 1n,
        },
      ],
      provenance: { ledgerVersion: 1n, path: "v" },
    };
    // Read in epoch 1234: #7 (deadline 1233, closing 2026-01-01) lapsed; #8 (1236) is open; #9 was rejected.
    snapshot.transfers[0]!.status = "scheduled";
    snapshot.vetoes = [
      { ...base, ballotId: 7n, deadlineEpoch: 1233n },
      { ...base, ballotId: 8n, deadlineEpoch: 1236n },
      { ...base, ballotId: 9n, deadlineEpoch: 1234n, status: "failed" },
    ];
    const q1 = figureResolver(snapshot, options);
    const value = (name: string) => q1.figure(name, "2026-Q1").value;
    expect([value("vetoes.count"), value("vetoes.passed"), value("vetoes.failed")]).toEqual([3n, 0n, 1n]);
    expect([value("vetoes.lapsed"), value("vetoes.open")]).toEqual([1n, 1n]);
    expect(q1.figure("vetoes.lapsed", "2026-Q1").source.record).toBe(
      "count([status=pending, deadlineEpoch < meta.epoch or transfer[uid=transferUid] paid or vetoed, deadlineEpoch closes in 2026-Q1 (UTC)])",
    );
  });

  it("answers `all` for the whole ledger", () => {
    expect(figures.figure("balance.opening", "all").value).toBe(1_000_000_000n);
    expect(figures.figure("balance.closing", "all").value).toBe(1_440_500_000n);
    expect(figures.figure("transfers.count", "all").source.rowsHref).toBe("/transfers/");
    expect(figures.figure("balance.opening", "all").source.rowsHref).toBe("/ledger/#opening");
    expect(figures.figure("balance.opening", "all").source.record).toBe("opening.amount");
  });

  it("refuses an unknown name with the list of valid names", () => {
    expect(() => figures.figure("donations.totl", "2025-Q4")).toThrow(FigureError);
    expect(() => figures.figure("donations.totl", "2025-Q4")).toThrow(
      `unknown figure "donations.totl"; did you mean "donations.total"? Valid names: ${FIGURE_NAMES.join(", ")}, awards.team.<team>, awards.area.<area> (teams: not-a-listed-team; areas: not-a-listed-team).`,
    );
    expect(() => figures.figure("toString", "2025-Q4")).toThrow(/unknown figure "toString"/);
  });

  it("refuses a period outside the snapshot or not a quarter", () => {
    expect(() => figures.figure("donations.total", "2025-Q3")).toThrow(
      'period "2025-Q3" is not in the snapshot: give a quarter from 2025-Q4 to 2026-Q1 (YYYY-QN) or "all".',
    );
    expect(() => figures.figure("donations.total", "2026-Q2")).toThrow(FigureError);
    expect(() => figures.figure("donations.total", "2025-13")).toThrow(FigureError);
  });
});

/** opening + in − out = closing in every quarter, and each quarter opens where the last one closed. */
function expectQuartersChain(snapshot: Snapshot, stewards: readonly string[]) {
  const figures = figureResolver(snapshot, { stewards, coinSymbol: "LIBRA" });
  const quarters = snapshotQuarters(snapshot);
  expect(quarters.length).toBeGreaterThan(0);
  let previousClosing = figures.figure("balance.opening", "all").value;
  for (const quarter of quarters) {
    const value = (name: string) => figures.figure(name, quarter).value;
    expect(value("balance.opening"), quarter).toBe(previousClosing);
    expect(value("balance.opening") + value("inflows.total") - value("outflows.total"), quarter).toBe(
      value("balance.closing"),
    );
    expect(value("awards.total") + value("fees.total") + value("outflows.other"), quarter).toBe(
      value("outflows.total"),
    );
    previousClosing = value("balance.closing");
  }
  expect(previousClosing).toBe(BigInt(snapshot.wallet.balance.coinStoreValue));
  expect(figures.figure("balance.closing", "all").value).toBe(previousClosing);
}

describe("quarters chain from opening to closing balance", () => {
  it("in the test snapshot", () => expectQuartersChain(buildTestSnapshot(), [STEWARD]));

  it("in the committed demo snapshot (a year of simulated activity)", async () => {
    const snapshot = await readCommittedSnapshot(path.join(repoRoot, "content/snapshots", WALLET));
    if (!snapshot) throw new Error("no committed snapshot");
    expect(snapshotQuarters(snapshot).length).toBeGreaterThan(2);
    expectQuartersChain(snapshot, ["0x5157e3a2d0c4f1b8a9e6d7c3b2a1f0e9"]);
  });
});

describe("figures for teams and areas, waiting transfers and the fee's share (committed demo snapshot)", async () => {
  const program = await loadProgramConfig(path.join(repoRoot, "content/program.yaml"));
  const snapshot = await readCommittedSnapshot(path.join(repoRoot, "content/snapshots", WALLET));
  if (!snapshot) throw new Error("no committed snapshot");
  const figures = figureResolver(snapshot, {
    stewards: program.stewards,
    coinSymbol: "LIBRA",
    feeConfig: program,
    teams: program.teams,
  });

  it("names one figure per listed team and area, and the payees that are no listed team", () => {
    expect(figures.names).toContain("awards.team.mutual-insurance-pool");
    expect(figures.names).toContain("awards.area.insurance");
    expect(figures.names).toContain("awards.team.not-a-listed-team");
    expect(figures.names.slice(0, FIGURE_NAMES.length)).toEqual(FIGURE_NAMES);
  });

  it("adds the teams' and the areas' awards up to the awards paid in each period, as the statement groups them", () => {
    for (const period of [...figures.quarters, "all"]) {
      const groups = awardGroups(snapshot, program, period);
      const sumOf = (prefix: string) =>
        figures.names
          .filter((name) => name.startsWith(prefix))
          .reduce((total, name) => total + figures.figure(name, period).value, 0n);
      expect(sumOf("awards.team."), period).toBe(groups.total);
      expect(sumOf("awards.area."), period).toBe(groups.total);
    }
    const pool = figures.figure("awards.team.mutual-insurance-pool", "2025-Q2");
    expect(pool).toMatchObject({ value: 150_000_000_000n, unit: "coins", text: "150,000.00 LIBRA" });
    expect(pool.source.record).toBe(
      'sum(entries[category=payout|advance, payee is not a steward, payee\'s team is "Mutual Insurance Pool", timestampUsec in 2025-Q2 (UTC)].amount)',
    );
    // A listed team without awards in the period is 0, sourced the same way.
    expect(figures.figure("awards.team.mutual-insurance-pool", "2025-Q1").value).toBe(0n);
    expect(figures.figure("awards.team.mutual-insurance-pool", "2025-Q1").source.record).toContain(
      'payee\'s team is "Mutual Insurance Pool", timestampUsec in 2025-Q1 (UTC)',
    );
  });

  it("counts and sums the transfers still waiting, linking the waiting list only when it lists exactly them", () => {
    const waiting = snapshot.transfers.filter((t) => t.status === "scheduled" || t.status === "overdue");
    expect(waiting.length).toBe(2);
    const all = waiting.reduce((total, t) => total + t.amount, 0n);
    expect(figures.figure("transfers.pending.count", "all").value).toBe(2n);
    expect(figures.figure("transfers.pending.amount", "all")).toMatchObject({ value: all, text: "20,700.00 LIBRA" });
    expect(figures.figure("transfers.pending.amount", "all").source).toMatchObject({
      file: "transfers.json",
      record: "sum([status=scheduled|overdue].amount)",
      rowsHref: "/transfers/status/waiting/",
    });
    // Both fall due in 2025-Q4: that quarter's figures are the whole list; 2025-Q3 has none, and no rows link.
    expect(figures.figure("transfers.pending.amount", "2025-Q4").value).toBe(all);
    expect(figures.figure("transfers.pending.count", "2025-Q4").source.rowsHref).toBe("/transfers/status/waiting/");
    expect(figures.figure("transfers.pending.count", "2025-Q3").value).toBe(0n);
    expect(figures.figure("transfers.pending.count", "2025-Q3").source.rowsHref).toBeUndefined();
  });

  it("states the fee as a share of the awards by the methodology's rounding rule", () => {
    for (const period of [...figures.quarters, "all"]) {
      const fees = figures.figure("fees.total", period).value;
      const awards = figures.figure("awards.total", period).value;
      const share = figures.figure("fees.percentOfAwards", period);
      expect(share.unit).toBe("percent");
      expect(share.value).toBe(shareHundredths(fees, awards, 400n));
      expect(share.text).toBe(formatShare(fees, awards, 400n));
    }
    expect(figures.figure("fees.percentOfAwards", "all")).toMatchObject({ value: 334n, text: "3.34 %" });
    expect(figures.figure("fees.percentOfAwards", "all").source.rowsHref).toBeUndefined();
  });

  it("suggests the closest name for a typo, teams included, and none for a name like no other", () => {
    expect(() => figures.figure("awards.totl", "2025-Q3")).toThrow(
      /^unknown figure "awards\.totl"; did you mean "awards\.total"\? Valid names: /,
    );
    expect(() => figures.figure("awards.team.mutual-insurance", "2025-Q3")).toThrow(
      /did you mean "awards\.team\.mutual-insurance-pool"\?/,
    );
    expect(() => figures.figure("awards.team.nobody", "2025-Q3")).toThrow(FigureError);
    expect(() => figures.figure("weather", "2025-Q3")).toThrow(/^unknown figure "weather"\. Valid names: /);
  });
});

describe("the fee's share when nothing was awarded", () => {
  it("says there is no share rather than a number", () => {
    const snapshot = buildTestSnapshot();
    const figures = figureResolver(snapshot, options);
    expect(figures.figure("awards.total", "2026-Q1").value).toBe(0n);
    expect(figures.figure("fees.percentOfAwards", "2026-Q1")).toMatchObject({
      value: 0n,
      text: "no share (nothing awarded)",
    });
  });
});
