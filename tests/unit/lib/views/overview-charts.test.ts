import { describe, expect, it } from "vitest";
import { buildOverviewCharts, type OverviewChart } from "../../../../src/lib/views/overview-charts.ts";
import type { LedgerEntry, Snapshot } from "../../../../src/schemas/snapshot.ts";
import { buildTestSnapshot, STEWARD, TEAM } from "../../../support/snapshot/build-test-snapshot.ts";

const usec = (iso: string) => BigInt(Date.parse(iso)) * 1000n;

function movement(stream: LedgerEntry["stream"], iso: string, amount: string, version: string): LedgerEntry {
  const base = buildTestSnapshot().ledger.entries[stream === "deposit" ? 0 : 3]!;
  return {
    ...base,
    stream,
    version: BigInt(version),
    sequence: BigInt(version),
    timestampUsec: usec(iso),
    amount: BigInt(amount),
  };
}

/** A snapshot with movements on many days over three years, books balanced. */
function longSnapshot(days: number): Snapshot {
  const snapshot = buildTestSnapshot();
  snapshot.ledger.opening.amount = 1000000000n;
  let balance = 1_000_000_000n;
  snapshot.ledger.entries = [];
  for (let i = 0; i < days; i++) {
    const iso = new Date(Date.parse("2023-01-01T12:00:00Z") + i * 86_400_000).toISOString();
    const deposit = i % 7 !== 3;
    const amount = BigInt(1_000_003 + i * 17);
    snapshot.ledger.entries.push(movement(deposit ? "deposit" : "withdraw", iso, amount.toString(), `${i + 1}`));
    balance += deposit ? amount : -amount;
  }
  snapshot.wallet.balance.coinStoreValue = balance;
  snapshot.meta.ledgerTimestampUsec = usec("2026-02-01T00:00:00Z");
  return snapshot;
}

const units = (cell: { units?: string } | undefined) => BigInt(cell?.units ?? "NaN");
const chart = (charts: OverviewChart[], id: OverviewChart["id"]) => charts.find((c) => c.id === id)!;

describe("buildOverviewCharts", () => {
  it("gives the fixture's three tables their exact figures, in page order", () => {
    const charts = buildOverviewCharts(buildTestSnapshot(), [STEWARD]);
    expect(charts.map((c) => c.id)).toEqual(["balance", "flows", "fees"]);
    const texts = (c: OverviewChart) => [...c.table.rows, ...c.table.foot].map((row) => row.map((cell) => cell.text));
    expect(texts(chart(charts, "balance"))).toEqual([
      ["Opening balance (end of 2025-12-28)", "1,000.00"],
      ["2025-12", "1,440.50"],
    ]);
    expect(texts(chart(charts, "flows"))).toEqual([
      ["2025-12", "760.50", "320.00"],
      ["All months", "760.50", "320.00"],
    ]);
    expect(texts(chart(charts, "fees"))).toEqual([
      ["2025-Q4", "300.00", "20.00", "12.00", "\u2715 No: over by 8.00"],
      ["Lifetime", "300.00", "20.00", "12.00", "\u2715 No: over by 8.00"],
    ]);
    expect(chart(charts, "fees").table.rows[0]?.[4]?.units).toBe("8000000");
    // Every amount in the tables names its source in ledger.json, for its own month or quarter.
    const amounts = charts.flatMap((c) => [...c.table.rows, ...c.table.foot].flat()).filter((cell) => cell.units);
    expect(amounts.length).toBe(2 + 4 + 8);
    for (const cell of amounts) expect(cell.source?.file, cell.text).toBe("ledger.json");
    expect(chart(charts, "balance").table.rows[1]?.[1]).toMatchObject({ figure: "balance.closing", period: "2025-12" });
    expect(chart(charts, "flows").table.rows[0]?.[1]?.source?.record).toBe(
      "sum(entries[stream=deposit, timestampUsec in 2025-12 (UTC)].amount)",
    );
    expect(chart(charts, "fees").table.foot[0]?.[2]?.source?.record).toBe(
      "sum(entries[category=payout|advance, payee is a steward].amount)",
    );
    expect(charts.every((c) => c.hasData)).toBe(true);
  });

  it("marks the month the snapshot was read in as running to the snapshot", () => {
    const snapshot = buildTestSnapshot();
    snapshot.meta.ledgerTimestampUsec = usec("2025-12-31T00:00:00Z");
    const rows = chart(buildOverviewCharts(snapshot, []), "balance").table.rows;
    expect(rows.at(-1)?.[0]?.text).toBe("2025-12 (to the snapshot)");
  });

  it("says the fee cap holds, in words and a sign, when it does", () => {
    const fees = chart(buildOverviewCharts(buildTestSnapshot(), []), "fees");
    expect(fees.table.foot[0]?.map((cell) => cell.text)).toEqual(["Lifetime", "320.00", "0.00", "12.80", "\u2713 Yes"]);
  });

  it("draws in each chart exactly the numbers its table prints", () => {
    for (const snapshot of [buildTestSnapshot(), longSnapshot(45), longSnapshot(1100)]) {
      const charts = buildOverviewCharts(snapshot, [STEWARD, TEAM]);
      const flows = chart(charts, "flows");
      expect(flows.drawing.labels).toEqual(flows.table.rows.map((row) => row[0]?.text));
      flows.drawing.series.forEach((series, column) => {
        expect(series.values).toEqual(flows.table.rows.map((row) => units(row[column + 1])));
      });
      expect(flows.drawing.bars).toHaveLength(2 * flows.table.rows.length);

      const fees = chart(charts, "fees");
      expect(fees.drawing.labels).toEqual(fees.table.rows.map((row) => row[0]?.text));
      expect(fees.drawing.series[0]?.values).toEqual(fees.table.rows.map((row) => units(row[2])));
      expect(fees.drawing.series[1]?.values).toEqual(fees.table.rows.map((row) => units(row[3])));

      // Balance: the chart's last point in each month is that month's closing balance in the table, and the
      // chart starts at the opening balance (the table's first row).
      const balance = chart(charts, "balance");
      const labels = balance.drawing.labels;
      const values = balance.drawing.series[0]!.values;
      expect(values[0]).toBe(units(balance.table.rows[0]?.[1]));
      const monthRows = balance.table.rows.slice(1);
      expect(monthRows.length).toBeGreaterThan(0);
      for (const row of monthRows) {
        const month = row[0]!.text.slice(0, 7);
        const lastIndex = labels.findLastIndex((day) => day.startsWith(month));
        expect(lastIndex, month).toBeGreaterThanOrEqual(0);
        expect(values[lastIndex], month).toBe(units(row[1]));
      }
      expect(values.at(-1)).toBe(BigInt(snapshot.wallet.balance.coinStoreValue));
      expect(balance.drawing.kind).toBe("line");
    }
  });

  it("thins a long balance chart to a point a month, and keeps it whole when short", () => {
    const short = chart(buildOverviewCharts(longSnapshot(45), []), "balance");
    expect(short.drawing.labels).toHaveLength(46);
    expect(short.intro).not.toMatch(/last such day of each month/);
    const long = chart(buildOverviewCharts(longSnapshot(1100), []), "balance");
    expect(long.drawing.labels).toHaveLength(1 + 37);
    expect(long.table.rows).toHaveLength(1 + 37);
    expect(long.intro).toMatch(/last such day of each month/);
  });

  it("has nothing to draw, but a table, when the ledger is empty", () => {
    const snapshot = buildTestSnapshot();
    snapshot.ledger.entries = [];
    const charts = buildOverviewCharts(snapshot, []);
    expect(charts.map((c) => c.hasData)).toEqual([false, false, false]);
    expect(chart(charts, "balance").table.rows).toMatchObject([
      [
        { text: "Opening balance" },
        { text: "1,000.00", units: "1000000000", figure: "balance.opening", source: { record: "opening.amount" } },
      ],
    ]);
    expect(chart(charts, "fees").table.foot).toEqual([]);
  });
});
