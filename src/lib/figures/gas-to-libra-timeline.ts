import type { LegacyEvent, LegacyExport } from "../../schemas/legacy.ts";
import type { StateExport, WalletStateHistory } from "../../schemas/state-history.ts";
import { compareBigint, compareText } from "../compare.ts";
import { parseU64 } from "../money.ts";
import type { RebaseDerivation } from "../state/rebase.ts";
import { legacyExportRows, utcDayOfUsec } from "./legacy-figures.ts";

/**
 * A wallet's path from GAS to LIBRA as one list of real points, oldest first: its creation and community-wallet flag
 * (v5 transactions), the v5 state exports (GAS), the rebase, the v6 state exports (LIBRA), then today's snapshot.
 * Each point says its era, its coin and whether its figures are real or simulated; no figure of one point is ever
 * added to another's (GAS and LIBRA are different coins, and simulated figures are not history).
 */

export type FigureKind = "real" | "simulated";

interface PointBase {
  /** UTC day, or null when the files do not date the point (the rebase). */
  day: string | null;
  era: "v5" | "v6" | "current";
  figures: FigureKind;
}

export type TimelinePoint =
  | (PointBase & {
      kind: "created" | "community-wallet-flag";
      version: string;
      timestampUsec: bigint;
      /** The v5 transaction: its function, sender and the amount it moved (GAS base units), from `events.json`. */
      event: LegacyEvent;
    })
  | (PointBase & {
      kind: "v5-export";
      epoch: string;
      balance: bigint;
      donorCount: number;
      file: string;
      /** Read from the wallet's legacy folder (`exports.json`), or else from the state history. */
      fromLegacy: boolean;
    })
  | (PointBase & { kind: "rebase"; derivation: RebaseDerivation })
  | (PointBase & {
      kind: "v6-export";
      epoch: string;
      ledgerVersion: string | null;
      balance: bigint;
      /** `cumulative_deposits`: lifetime received and the number of depositors, when the export holds it. */
      received: bigint | null;
      depositors: number | null;
      file: string;
      record: number;
    })
  | (PointBase & { kind: "current-snapshot"; epoch: bigint; ledgerVersion: bigint; balance: bigint });

/** Today's snapshot as the timeline needs it (from the committed snapshot's meta and wallet files). */
export interface CurrentSnapshotInput {
  ledgerVersion: bigint;
  timestampUsec: bigint;
  epoch: bigint;
  balance: bigint;
  simulated: boolean;
}

export interface TimelineInput {
  /** The wallet's imported v5 transactions and monthly exports (`legacy/`), or none. */
  legacyEvents: readonly LegacyEvent[];
  legacyExports: readonly LegacyExport[];
  /** The imported state history (`content/state/`): every export, and this wallet's states; or none. */
  stateExports: readonly StateExport[];
  history: WalletStateHistory | null;
  derivation: RebaseDerivation;
  current: CurrentSnapshotInput | null;
}

/** Below every epoch: a day's transactions sort before its exports, by version among themselves. */
const TRANSACTIONS_FIRST = 1n << 64n;

/** The wallet's points, oldest first. The rebase comes after the last v5 point and before the first v6 one. */
export function buildGasToLibraTimeline(input: TimelineInput): TimelinePoint[] {
  const v5: TimelinePoint[] = [];
  for (const event of input.legacyEvents) {
    if (event.kind !== "created" && event.kind !== "community-wallet-flag") continue;
    const timestampUsec = parseU64(event.timestampUsec);
    v5.push({
      kind: event.kind,
      day: utcDayOfUsec(timestampUsec),
      era: "v5",
      figures: "real",
      version: event.version,
      timestampUsec,
      event,
    });
  }
  const legacyEpochs = new Set<string>();
  for (const row of legacyExportRows(input.legacyExports)) {
    legacyEpochs.add(row.epoch);
    v5.push({
      kind: "v5-export",
      day: row.date,
      era: "v5",
      figures: "real",
      epoch: row.epoch,
      balance: row.balance,
      donorCount: row.donorCount,
      file: row.sourceFile,
      fromLegacy: true,
    });
  }
  // A v5 export in the state history that the legacy folder lacks is a point too (its donors are the receipts').
  const byId = new Map(input.stateExports.map((item) => [item.id, item]));
  const v6: TimelinePoint[] = [];
  for (const state of input.history?.states ?? []) {
    const exported = byId.get(state.export);
    if (exported === undefined) throw new Error(`state ${state.export} names an export that exports.json lacks`);
    if (exported.unit === "GAS") {
      if (legacyEpochs.has(exported.epoch)) continue;
      v5.push({
        kind: "v5-export",
        day: exported.date,
        era: "v5",
        figures: "real",
        epoch: exported.epoch,
        balance: parseU64(state.balance),
        donorCount: state.donorReceipts?.count ?? 0,
        file: exported.file,
        fromLegacy: false,
      });
      continue;
    }
    v6.push({
      kind: "v6-export",
      day: exported.date,
      era: "v6",
      figures: "real",
      epoch: exported.epoch,
      ledgerVersion: exported.ledgerVersion,
      balance: parseU64(state.balance),
      received: state.cumulativeDeposits === null ? null : parseU64(state.cumulativeDeposits.value),
      depositors: state.cumulativeDeposits?.depositors.length ?? null,
      file: exported.file,
      record: state.record,
    });
  }
  // Same day: the transaction comes before the export that saw its result; then by epoch or version.
  const order = (point: TimelinePoint): bigint =>
    point.kind === "v5-export" || point.kind === "v6-export"
      ? parseU64(point.epoch)
      : point.kind === "created" || point.kind === "community-wallet-flag"
        ? parseU64(point.version) - TRANSACTIONS_FIRST
        : 0n;
  const byDay = (a: TimelinePoint, b: TimelinePoint) =>
    compareText(a.day ?? "", b.day ?? "") || compareBigint(order(a), order(b));
  const points: TimelinePoint[] = [...v5.sort(byDay)];
  points.push({ kind: "rebase", day: null, era: "v6", figures: "real", derivation: input.derivation });
  points.push(...v6.sort(byDay));
  if (input.current !== null) {
    points.push({
      kind: "current-snapshot",
      day: utcDayOfUsec(input.current.timestampUsec),
      era: "current",
      figures: input.current.simulated ? "simulated" : "real",
      epoch: input.current.epoch,
      ledgerVersion: input.current.ledgerVersion,
      balance: input.current.balance,
    });
  }
  return points;
}

/** The first and last year of the real points (`2021`, `2024`), for the summary's heading; null when none. */
export function realYears(points: readonly TimelinePoint[]): { first: string; last: string } | null {
  const days = points.filter((point) => point.figures === "real" && point.day !== null).map((point) => point.day ?? "");
  if (days.length === 0) return null;
  const sorted = [...days].sort();
  return { first: (sorted[0] ?? "").slice(0, 4), last: (sorted.at(-1) ?? "").slice(0, 4) };
}
