import type { EpochRecord, Snapshot, TransferRecord, TransferStatus } from "../schemas/snapshot.ts";
import { abbreviateAddress } from "./address.ts";
import { visibleText } from "./description.ts";
import { formatIsoUtc, formatUtcDateTime } from "./format-time.ts";
import { formatCoins, formatInteger, parseU64 } from "./money.ts";

/**
 * What the transfer pages show, computed from the snapshot: one function per view, all formatting done here so
 * pages only place values. Payee names come from the program's own list; the chain knows only addresses.
 */

/** Words and a text marker per status, so colour is never the only signal. */
export const STATUS_LABELS: Record<TransferStatus, { label: string; marker: string }> = {
  scheduled: { label: "Scheduled", marker: "◷" },
  overdue: { label: "Overdue", marker: "!" },
  paid: { label: "Paid", marker: "✓" },
  vetoed: { label: "Vetoed", marker: "✕" },
};

const DAY_USEC = 86_400_000_000n;

/**
 * When epoch `epoch` starts: exact from the recorded reconfigurations, otherwise estimated forward from the last
 * one at the average recorded epoch length (24 h when fewer than two are known).
 */
export function epochStart(epochs: readonly EpochRecord[], epoch: bigint): { usec: bigint; estimated: boolean } {
  const known = epochs.find((record) => BigInt(record.epoch) === epoch);
  if (known) return { usec: BigInt(known.timestampUsec), estimated: false };
  const first = epochs[0];
  const last = epochs[epochs.length - 1];
  if (!first || !last) return { usec: 0n, estimated: true };
  const span = BigInt(last.epoch) - BigInt(first.epoch);
  const average = span > 0n ? (BigInt(last.timestampUsec) - BigInt(first.timestampUsec)) / span : DAY_USEC;
  return { usec: BigInt(last.timestampUsec) + (epoch - BigInt(last.epoch)) * average, estimated: true };
}

/** Calendar quarter of a UTC timestamp, e.g. "2026-Q3". */
export function quarterOfUsec(usec: bigint): string {
  const iso = formatIsoUtc(usec);
  const month = Number(iso.slice(5, 7));
  return `${iso.slice(0, 4)}-Q${Math.floor((month - 1) / 3) + 1}`;
}

export interface TransferRow {
  uid: string;
  href: string;
  status: TransferStatus;
  statusLabel: string;
  statusMarker: string;
  payee: string;
  payeeName: string | null;
  payeeShort: string;
  amountUnits: string;
  amount: string;
  deadlineEpoch: string;
  /** When the boundary that pays it closes (start of epoch deadline + 1). */
  dueDate: string;
  dueIso: string;
  dueEstimated: boolean;
  quarter: string;
  /**
   * Description as text (control characters made visible, see `visibleText`), or null when the bytes are not
   * UTF-8 (then `descriptionHex` is shown).
   */
  descriptionText: string | null;
  descriptionHex: string;
}

export function transferRow(
  snapshot: Snapshot,
  transfer: TransferRecord,
  names: ReadonlyMap<string, string>,
): TransferRow {
  const due = epochStart(snapshot.epochs, BigInt(transfer.deadlineEpoch) + 1n);
  return {
    uid: transfer.uid,
    href: `/transfers/${transfer.uid}/`,
    status: transfer.status,
    statusLabel: STATUS_LABELS[transfer.status].label,
    statusMarker: STATUS_LABELS[transfer.status].marker,
    payee: transfer.payee,
    payeeName: names.get(transfer.payee) ?? null,
    payeeShort: abbreviateAddress(transfer.payee),
    amountUnits: transfer.amount,
    amount: formatCoins(parseU64(transfer.amount)),
    deadlineEpoch: formatInteger(parseU64(transfer.deadlineEpoch)),
    dueDate: formatUtcDateTime(due.usec),
    dueIso: formatIsoUtc(due.usec),
    dueEstimated: due.estimated,
    quarter: quarterOfUsec(due.usec),
    descriptionText: transfer.description.text === null ? null : visibleText(transfer.description.text),
    descriptionHex: transfer.description.hex,
  };
}

/** Every transfer, newest uid first (new activity on top). */
export function transferRows(snapshot: Snapshot, names: ReadonlyMap<string, string>): TransferRow[] {
  return [...snapshot.transfers]
    .sort((a, b) => (BigInt(b.uid) > BigInt(a.uid) ? 1 : BigInt(b.uid) < BigInt(a.uid) ? -1 : 0))
    .map((transfer) => transferRow(snapshot, transfer, names));
}

/** Shortens long text for tables; the transfer's own page always shows it whole. */
export function excerpt(text: string, max = 140): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

export interface TimelineStep {
  title: string;
  when: string | null;
  whenIso: string | null;
  estimated: boolean;
  detail: string;
  /** Transaction version behind the step, when the chain records one. */
  ledgerVersion: string | null;
}

const pct = (value: string) => {
  const v = parseU64(value);
  return `${v / 100n}.${(v % 100n).toString().padStart(2, "0")} %`;
};

/** Lookups the per-transfer pages need, built once per snapshot instead of scanning the ledger per page. */
const indexes = new WeakMap<
  Snapshot,
  {
    transfers: Map<string, TransferRecord>;
    payouts: Map<string, Snapshot["ledger"]["entries"][number]>;
    vetoes: Map<string, Snapshot["vetoes"]>;
    proposals: Map<string, Snapshot["proposals"][number]>;
  }
>();

function indexOf(snapshot: Snapshot) {
  let index = indexes.get(snapshot);
  if (!index) {
    const vetoes = new Map<string, Snapshot["vetoes"]>();
    for (const ballot of snapshot.vetoes)
      vetoes.set(ballot.transferUid, [...(vetoes.get(ballot.transferUid) ?? []), ballot]);
    const proposals = new Map<string, Snapshot["proposals"][number]>();
    for (const proposal of snapshot.proposals) {
      const key = `${proposal.payee}|${proposal.amount}|${proposal.description.hex}`;
      if (!proposals.has(key)) proposals.set(key, proposal);
    }
    index = {
      transfers: new Map(snapshot.transfers.map((t) => [t.uid, t])),
      payouts: new Map(
        snapshot.ledger.entries.flatMap((entry) =>
          entry.transferUid === null ? [] : [[entry.transferUid, entry] as const],
        ),
      ),
      vetoes,
      proposals,
    };
    indexes.set(snapshot, index);
  }
  return index;
}

/** The story of one transfer, from proposal to outcome, in plain words. */
export function transferTimeline(snapshot: Snapshot, uid: string): TimelineStep[] {
  const index = indexOf(snapshot);
  const transfer = index.transfers.get(uid);
  if (!transfer) throw new Error(`no transfer ${uid} in the snapshot`);
  const steps: TimelineStep[] = [];
  const at = (epoch: bigint) => {
    const start = epochStart(snapshot.epochs, epoch);
    return { when: formatUtcDateTime(start.usec), whenIso: formatIsoUtc(start.usec), estimated: start.estimated };
  };
  const proposal = index.proposals.get(`${transfer.payee}|${transfer.amount}|${transfer.description.hex}`);
  if (proposal) {
    steps.push({
      title: "Proposed and approved",
      when: null,
      whenIso: null,
      estimated: false,
      detail: `${proposal.votes.length} of the wallet's authorities proposed this payment; it was ${proposal.approved ? "approved" : "not yet approved"}.`,
      ledgerVersion: null,
    });
  }
  const first = transfer.history[0];
  steps.push({
    title: "Scheduled",
    ...(first ? at(BigInt(first.seenAtEpoch)) : { when: null, whenIso: null, estimated: false }),
    detail: `Due at the end of epoch ${formatInteger(parseU64(transfer.deadlineEpoch))}. Until then donors can stop it.`,
    ledgerVersion: first?.seenAtLedgerVersion ?? null,
  });
  for (const ballot of index.vetoes.get(uid) ?? []) {
    steps.push({
      title: `Veto ballot #${ballot.ballotId}: ${ballot.status === "passed" ? "passed" : ballot.status === "failed" ? "did not pass" : "open"}`,
      ...at(BigInt(ballot.history[0]?.seenAtEpoch ?? transfer.deadlineEpoch)),
      detail: `Donors holding ${pct(ballot.turnoutPct)} of all donations took part, ${pct(ballot.approvalPct)} of them to stop the payment; ${pct(ballot.requiredThresholdPct)} was needed at that turnout, and at least ${pct(ballot.minTurnoutPct)} must take part. Voting closes at the end of epoch ${formatInteger(parseU64(ballot.deadlineEpoch))}.`,
      ledgerVersion: ballot.history[0]?.seenAtLedgerVersion ?? null,
    });
  }
  const payout = index.payouts.get(uid);
  const due = at(BigInt(transfer.deadlineEpoch) + 1n);
  if (transfer.status === "paid") {
    steps.push({
      title: "Paid",
      ...(payout ? at(BigInt(payout.epoch) + 1n) : due),
      detail: payout
        ? `Paid at the end of epoch ${formatInteger(parseU64(payout.epoch))} in transaction ${formatInteger(parseU64(payout.version))}.`
        : "Paid at the end of its deadline epoch.",
      ledgerVersion: payout?.version ?? null,
    });
  } else if (transfer.status === "vetoed") {
    steps.push({
      title: "Stopped by donors",
      ...due,
      detail: "Donors vetoed this payment; the coins stayed in the wallet.",
      ledgerVersion: null,
    });
  } else if (transfer.status === "overdue") {
    steps.push({
      title: "Overdue",
      ...due,
      detail: `The payment fell due at the end of epoch ${formatInteger(parseU64(transfer.deadlineEpoch))} but the wallet held too little; it is tried again at each epoch's end.`,
      ledgerVersion: null,
    });
  } else {
    steps.push({
      title: "Payment due",
      ...due,
      detail: "Paid at the end of its deadline epoch unless donors stop it.",
      ledgerVersion: null,
    });
  }
  return steps;
}
