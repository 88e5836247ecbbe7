import type { Snapshot } from "../../schemas/snapshot.ts";
import { FEE_CAP_BASIS_POINTS, feeSeries, feeSeriesOf } from "../figures/fee-series.ts";
import type { FeeConfig, FeeReport } from "../figures/fees.ts";
import {
  type FigureSource,
  feeRecords,
  ledgerBalanceRecord,
  ledgerSum,
  periodCondition,
  recordSource,
  withRows,
} from "../figures/figure-source.ts";
import { payeeDirectory } from "../ledger/classify.ts";
import { balanceSeries, monthlyClosingBalances, monthlyFlows } from "../ledger/ledger-figures.ts";
import { balanceBeforeRowHref, ledgerListHref, openingRowHref } from "../ledger/ledger-lists.ts";
import { movementKind } from "../ledger/ledger-movements.ts";
import { formatCoins } from "../money.ts";
import { monthBounds, monthOf, quarterOf } from "../periods.ts";
import { barChartSvg, lineChartSvg, type SvgChart } from "./chart-svg.ts";
import { thinBalanceSeries } from "./charts.ts";

/**
 * The overview's three charts, each with the table that carries the same figures exactly. The table is the
 * record (exact, linked to its sources); the chart is drawn at build time as SVG from the same bigint values by
 * `src/lib/views/chart-svg.ts`, so the two cannot disagree and the page needs no script to show it.
 */

/**
 * One table cell: its text, and for amounts the exact base units (for `<data value>`), the figure's name, its
 * period (a month, a quarter or `all`) and its source, so the cell links to it like every figure on the page.
 */
export interface TableCell {
  text: string;
  units?: string;
  figure?: string;
  period?: string;
  source?: FigureSource;
}

export interface ChartTable {
  caption: string;
  /** Column headings; `numeric[i]` right-aligns column i. */
  head: string[];
  numeric: boolean[];
  rows: TableCell[][];
  /** Totals rows (in `<tfoot>`). */
  foot: TableCell[][];
}

export interface OverviewChart {
  id: "balance" | "flows" | "fees";
  heading: string;
  /** One or two sentences on what the chart shows and how it was computed. */
  intro: string;
  /** False when there is nothing to draw (no movements yet): the page then shows the intro and table only. */
  hasData: boolean;
  /** The chart, drawn at build time (`ChartSvg.astro` prints it). */
  drawing: SvgChart;
  table: ChartTable;
}

/** Balance charts longer than this are thinned to one point per month (see `thinBalanceSeries`). */
export const MAX_BALANCE_CHART_POINTS = 400;

const amount = (units: bigint, figure: string, period: string, source: FigureSource): TableCell => ({
  text: formatCoins(units),
  units: units.toString(),
  figure,
  period,
  source,
});
const ledger = (snapshot: Snapshot, record: string) => recordSource(snapshot, "ledger.json", record);

function balanceChart(snapshot: Snapshot, maxPoints: number): OverviewChart {
  const daily = balanceSeries(snapshot);
  const drawn = thinBalanceSeries(daily, maxPoints);
  const months = monthlyClosingBalances(snapshot);
  const snapshotMonth = monthOf(snapshot.meta.ledgerTimestampUsec);
  const opening = snapshot.ledger.opening.amount;
  const firstDay = daily[0]?.day ?? "";
  const thinned = drawn.length < daily.length;
  return {
    id: "balance",
    heading: "Balance over time",
    intro:
      `The wallet's balance at the end of each day with movements${thinned ? ` (the chart shows the last such day of each month, to stay light; the table is exact)` : ""}, ` +
      "starting from the opening balance. The table gives the balance at the end of each month.",
    hasData: months.length > 0,
    drawing: lineChartSvg({
      title: "Balance over time",
      subject: "A stepped line of the wallet's balance at the end of each day with movements",
      labels: drawn.map((point) => point.day),
      series: [
        { key: "balance", label: "Balance at the end of the day", shape: "line", values: drawn.map((p) => p.balance) },
      ],
    }),
    table: {
      caption: "Balance at the end of each month (UTC), in LIBRA",
      head: ["Month (UTC)", "Balance at the end of the month"],
      numeric: [false, true],
      rows: [
        [
          { text: months.length > 0 ? `Opening balance (end of ${firstDay})` : "Opening balance" },
          amount(
            opening,
            "balance.opening",
            "all",
            withRows(ledger(snapshot, "opening.amount"), openingRowHref(snapshot.ledger.entries.length)),
          ),
        ],
        ...months.map((row) => [
          { text: row.month === snapshotMonth ? `${row.month} (to the snapshot)` : row.month },
          amount(
            row.closing,
            "balance.closing",
            row.month,
            withRows(
              ledger(snapshot, ledgerBalanceRecord(row.month)),
              balanceBeforeRowHref(snapshot.ledger.entries, monthBounds(row.month).endUsec),
            ),
          ),
        ]),
      ],
      foot: [],
    },
  };
}

function flowsChart(snapshot: Snapshot): OverviewChart {
  const flows = monthlyFlows(snapshot);
  let inflow = 0n;
  let outflow = 0n;
  // Months have no ledger page of their own; the totals over all months are the money-in and money-out lists.
  const flowIn = (units: bigint, period: string) =>
    amount(
      units,
      "inflows.total",
      period,
      withRows(
        ledger(snapshot, ledgerSum(["stream=deposit", ...periodCondition("timestampUsec", period)])),
        period === "all" ? ledgerListHref("money-in", null) : undefined,
      ),
    );
  const flowOut = (units: bigint, period: string) =>
    amount(
      units,
      "outflows.total",
      period,
      withRows(
        ledger(snapshot, ledgerSum(["stream=withdraw", ...periodCondition("timestampUsec", period)])),
        period === "all" ? ledgerListHref("money-out", null) : undefined,
      ),
    );
  for (const flow of flows) {
    inflow += flow.inflow;
    outflow += flow.outflow;
  }
  return {
    id: "flows",
    heading: "Money in and out each month",
    intro:
      "Everything that came into the wallet (donations and other inflows) and everything that left it (payments " +
      "to teams and stewards, and other outflows), per calendar month in UTC.",
    hasData: flows.length > 0,
    drawing: barChartSvg({
      title: "Money in and out each month",
      subject: "Bars of the money that came into and left the wallet in each month",
      labels: flows.map((flow) => flow.month),
      series: [
        { key: "in", label: "Money in", shape: "solid", values: flows.map((flow) => flow.inflow) },
        { key: "out", label: "Money out", shape: "outline", values: flows.map((flow) => flow.outflow) },
      ],
    }),
    table: {
      caption: "Money in and out of the wallet per month (UTC), in LIBRA",
      head: ["Month (UTC)", "Money in", "Money out"],
      numeric: [false, true, true],
      rows: flows.map((flow) => [
        { text: flow.month },
        flowIn(flow.inflow, flow.month),
        flowOut(flow.outflow, flow.month),
      ]),
      foot: flows.length > 0 ? [[{ text: "All months" }, flowIn(inflow, "all"), flowOut(outflow, "all")]] : [],
    },
  };
}

function capCell(fees: bigint, allowance: bigint, period: string, records: FeeRecords, snapshot: Snapshot): TableCell {
  return fees <= allowance
    ? { text: "\u2713 Yes" }
    : {
        text: `\u2715 No: over by ${formatCoins(fees - allowance)}`,
        units: (fees - allowance).toString(),
        figure: "fees.excess",
        period,
        source: ledger(snapshot, `${records.fees} \u2212 ${records.allowance}`),
      };
}

type FeeRecords = ReturnType<typeof feeRecords>;

/** The cells of one row of the fees table: awards, fees, the cap and whether it holds. */
function feeCells(
  snapshot: Snapshot,
  row: { awards: bigint; fees: bigint; allowance: bigint },
  period: string,
  capBps: string,
  paid: PaidByKind,
): TableCell[] {
  const records = feeRecords(period, capBps);
  // Linked to the ledger list only when it adds up to the figure: a fee charged to another quarter's awards (the
  // fee rule) is in the list of the quarter it was paid in.
  const sums = paid.get(period) ?? { awards: 0n, fees: 0n, any: false };
  const rows = (filter: string, figure: bigint, listed: bigint) =>
    figure === listed && (period === "all" || sums.any)
      ? ledgerListHref(filter, period === "all" ? null : period)
      : undefined;
  return [
    amount(
      row.awards,
      "awards.total",
      period,
      withRows(ledger(snapshot, records.awards), rows("awarded", row.awards, sums.awards)),
    ),
    amount(
      row.fees,
      "fees.total",
      period,
      withRows(ledger(snapshot, records.fees), rows("fees-paid", row.fees, sums.fees)),
    ),
    amount(row.allowance, "fees.allowance", period, ledger(snapshot, records.allowance)),
    capCell(row.fees, row.allowance, period, records, snapshot),
  ];
}

/** Awards and fees paid per quarter (and `all`) by the classification rule, as the ledger lists add them up. */
type PaidByKind = Map<string, { awards: bigint; fees: bigint; any: boolean }>;

function paidByKind(snapshot: Snapshot, program: readonly string[] | FeeConfig): PaidByKind {
  const stewards = Array.isArray(program) ? program : (program as FeeConfig).stewards;
  const context = {
    directory: payeeDirectory({ stewards, teams: [] }),
    transferPayees: new Map(snapshot.transfers.map((transfer) => [transfer.uid, transfer.payee])),
  };
  const paid: PaidByKind = new Map();
  const add = (period: string, kind: "award" | "fee" | null, units: bigint) => {
    const sums = paid.get(period) ?? { awards: 0n, fees: 0n, any: false };
    sums.any = true;
    if (kind === "award") sums.awards += units;
    if (kind === "fee") sums.fees += units;
    paid.set(period, sums);
  };
  for (const entry of snapshot.ledger.entries) {
    const { disbursement } = movementKind(entry, context);
    const units = entry.amount;
    add("all", disbursement, units);
    add(quarterOf(entry.timestampUsec), disbursement, units);
  }
  return paid;
}

function feesChart(snapshot: Snapshot, program: readonly string[] | FeeConfig, feeReport?: FeeReport): OverviewChart {
  const series = feeReport ? feeSeriesOf(feeReport) : feeSeries(snapshot, program);
  const paid = paidByKind(snapshot, program);
  const { lifetime } = series;
  const capBps = String(("feePolicy" in program ? program.feePolicy?.capBps : undefined) ?? FEE_CAP_BASIS_POINTS);
  return {
    id: "fees",
    heading: "Fees against the 4 % cap",
    intro:
      "Payments to the program's steward addresses count as fees; every other payment made (paid transfers and " +
      "advances) counts as an award. A fee counts in the quarter of the award(s) it is charged against (linked, or " +
      "shared among its own quarter's unlinked awards). The cap is 4 % of a quarter's awards, rounded down to the " +
      "base unit. Scheduled and vetoed transfers moved no money and are not counted.",
    hasData: series.quarters.length > 0,
    drawing: barChartSvg({
      title: "Fees against the 4 % cap",
      subject: "Bars of the fees paid to stewards and the most the cap allows in each quarter",
      labels: series.quarters.map((row) => row.quarter),
      series: [
        { key: "fee", label: "Fees paid to stewards", shape: "solid", values: series.quarters.map((r) => r.fees) },
        {
          key: "cap",
          label: "4 % cap: most the fees may be",
          shape: "outline",
          values: series.quarters.map((r) => r.allowance),
        },
      ],
    }),
    table: {
      caption: "Awards, fees and the 4 % cap per quarter (UTC), in LIBRA",
      head: ["Quarter (UTC)", "Awards", "Fees", "Cap (4 % of awards)", "Fees within the cap?"],
      numeric: [false, true, true, true, false],
      rows: series.quarters.map((row) => [
        { text: row.quarter },
        ...feeCells(snapshot, row, row.quarter, capBps, paid),
      ]),
      foot:
        series.quarters.length > 0
          ? [[{ text: "Lifetime" }, ...feeCells(snapshot, lifetime, "all", capBps, paid)]]
          : [],
    },
  };
}

/**
 * The overview's charts in page order: balance, monthly flows, fees against the cap. `feeReport`: the snapshot's
 * fee report under `program`, when the caller holds it (built here otherwise).
 */
export function buildOverviewCharts(
  snapshot: Snapshot,
  program: readonly string[] | FeeConfig,
  options: { maxBalancePoints?: number; feeReport?: FeeReport | undefined } = {},
): OverviewChart[] {
  return [
    balanceChart(snapshot, options.maxBalancePoints ?? MAX_BALANCE_CHART_POINTS),
    flowsChart(snapshot),
    feesChart(snapshot, program, options.feeReport),
  ];
}
