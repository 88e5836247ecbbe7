import type { TransferStatus } from "../../schemas/snapshot.ts";
import { type AwardFee, compareDisbursementIds, type Disbursement, type FeeReport } from "../figures/fees.ts";
import {
  DISBURSEMENT,
  FEE,
  type FigureSource,
  ledgerSum,
  recordSource,
  type SourceSnapshot,
  selectRecords,
  snapshotFileHref,
  transferSource,
} from "../figures/figure-source.ts";
import { type FeeVerdict, feeVerdict } from "../figures/plain-figures.ts";
import { formatIsoUtc } from "../format-time.ts";
import { mentionsTeam, type PublicationText } from "../reports/team-mentions.ts";
import { teamSlug } from "../team-slug.ts";

/**
 * One page per team of `program.yaml` (`/teams/<slug>/`): what the team is for, every award to its address (its
 * transfers of any status and the advances the ledger paid it), what it received, what is still pending, the fee
 * charged against its awards with the verdict in words, and the reports and writeups that mention it.
 */

export interface TeamConfig {
  address: string;
  name: string;
  area: string;
  url?: string | undefined;
  purpose?: string | undefined;
  links?: readonly { label: string; url: string }[];
}

/** Where an award stands, in the words of the transfers pages (plus the ledger-only kinds). */
export type TeamAwardStatus = TransferStatus | "advance" | "unrecorded";

export const TEAM_AWARD_STATUS_LABELS: Record<TeamAwardStatus, { label: string; marker: string }> = {
  scheduled: { label: "Scheduled", marker: "◷" },
  overdue: { label: "Overdue", marker: "!" },
  paid: { label: "Paid", marker: "✓" },
  vetoed: { label: "Vetoed", marker: "✕" },
  advance: { label: "Paid (advance)", marker: "✓" },
  unrecorded: { label: "Paid before this ledger begins (not counted)", marker: "✓" },
};

export interface TeamAward {
  /** The disbursement id: the transfer uid, or `withdrawal-<sequence>` for an advance. */
  id: string;
  /** `/transfers/<uid>/`, or null for an advance (it has no transfer record). */
  href: string | null;
  /** "Transfer #12" or "Advance (ledger entry 31)". */
  name: string;
  status: TeamAwardStatus;
  /** Counted in "received": paid transfers and advances the ledger recorded. */
  received: boolean;
  /** Counted in "pending": scheduled or overdue transfers. */
  pending: boolean;
  amount: bigint;
  /** When it was paid, or when it falls due (ISO UTC). */
  dateIso: string;
  dateKind: "paid" | "due";
  /** A due date of an epoch that has not started yet is an estimate. */
  dateEstimated: boolean;
  /** The fee charged against it (0 unless paid), and how it was found. */
  feeCharged: bigint;
  feeBasis: AwardFee["basis"];
  source: FigureSource;
}

export interface TeamPublication {
  href: string;
  title: string;
  /** "Quarterly report" or "Program note". */
  kind: string;
}

export interface TeamPage {
  slug: string;
  name: string;
  area: string;
  address: string;
  purpose: string | null;
  /** The team's `url` first (as "Website"), then its `links`. */
  links: { label: string; url: string }[];
  /** Newest first: by payment or due date, then by id (advances, which have no uid, before transfers). */
  awards: TeamAward[];
  received: { units: bigint; count: number; source: FigureSource };
  pending: { units: bigint; count: number; source: FigureSource };
  vetoed: { units: bigint; count: number };
  fees: {
    /** Fees charged against the paid awards: linked plus allocated. */
    charged: bigint;
    linked: bigint;
    allocated: bigint;
    /** Shares of scheduled fees linked to its pending awards: shown, not counted. */
    pending: bigint;
    verdict: FeeVerdict;
    source: FigureSource;
  };
  mentions: TeamPublication[];
}

export interface TeamPagesInput {
  snapshot: SourceSnapshot;
  teams: readonly TeamConfig[];
  feeReport: FeeReport;
  coinSymbol: string;
  /** Whether a transfer's due date is an estimate, by uid (from the transfer rows). */
  dueEstimated: ReadonlyMap<bigint, boolean>;
  /** The payment's transaction version per paid transfer uid (`paymentVersions`). */
  paymentVersions: ReadonlyMap<bigint, bigint>;
  /** Every report and writeup with its text, in the order the reports index lists them. */
  publications: readonly (TeamPublication & { text: PublicationText })[];
}

export const TEAM_FEES_LEAD = "Fees charged against its awards";

function awardStatus(d: Disbursement): TeamAwardStatus {
  if (d.transferUid === null) return "advance";
  if (d.state === "unrecorded") return "unrecorded";
  return d.transferStatus ?? "paid";
}

function teamAward(d: Disbursement, fee: AwardFee | undefined, input: TeamPagesInput): TeamAward {
  const status = awardStatus(d);
  const uid = d.transferUid;
  const source =
    uid === null
      ? recordSource(input.snapshot, "ledger.json", `entries[sequence=${d.ledgerSequence}]`)
      : transferSource(input.snapshot, uid, input.paymentVersions.get(uid));
  const received = d.state === "paid";
  return {
    id: d.id,
    href: uid === null ? null : `/transfers/${uid}/`,
    name: uid === null ? `Advance (ledger entry ${d.ledgerSequence})` : `Transfer #${uid}`,
    status,
    received,
    pending: d.state === "pending",
    amount: d.amount,
    dateIso: formatIsoUtc(d.usec),
    dateKind: received ? "paid" : "due",
    dateEstimated: !received && uid !== null && (input.dueEstimated.get(uid) ?? false),
    feeCharged: fee?.charged ?? 0n,
    feeBasis: fee?.basis ?? "none",
    source,
  };
}

/** Every team's page, in the order of `program.yaml`. */
export function buildTeamPages(input: TeamPagesInput): TeamPage[] {
  const { feeReport, coinSymbol } = input;
  const byPayee = new Map<string, Disbursement[]>();
  for (const d of feeReport.disbursements) {
    if (d.classification.kind !== "award" || d.payee === null) continue;
    const list = byPayee.get(d.payee) ?? [];
    list.push(d);
    byPayee.set(d.payee, list);
  }
  return input.teams.map((team) => {
    const awards = (byPayee.get(team.address) ?? [])
      .map((d) => teamAward(d, feeReport.awards.get(d.id), input))
      .sort((a, b) =>
        a.dateIso !== b.dateIso ? (a.dateIso < b.dateIso ? 1 : -1) : compareDisbursementIds(b.id, a.id),
      );
    const sum = (list: readonly TeamAward[]) => list.reduce((total, award) => total + award.amount, 0n);
    const received = awards.filter((award) => award.received);
    const pending = awards.filter((award) => award.pending);
    const vetoed = awards.filter((award) => award.status === "vetoed");
    let linked = 0n;
    let allocated = 0n;
    let pendingFees = 0n;
    for (const award of awards) {
      const fee = feeReport.awards.get(award.id);
      if (!fee) continue;
      if (award.received) {
        linked += fee.linked;
        allocated += fee.allocated;
      }
      for (const charge of fee.pendingCharges) pendingFees += charge.amount;
    }
    const charged = linked + allocated;
    const receivedUnits = sum(received);
    const to = `counterparty=${team.address}`;
    const transferUids = new Set(awards.flatMap((award) => (award.href === null ? [] : [award.id])));
    const slug = teamSlug(team.name);
    return {
      slug,
      name: team.name,
      area: team.area,
      address: team.address,
      purpose: team.purpose ?? null,
      links: [...(team.url ? [{ label: "Website", url: team.url }] : []), ...(team.links ?? [])],
      awards,
      received: {
        units: receivedUnits,
        count: received.length,
        source: recordSource(input.snapshot, "ledger.json", ledgerSum([DISBURSEMENT, to]), `/teams/${slug}/#awards`),
      },
      pending: {
        units: sum(pending),
        count: pending.length,
        source: recordSource(
          input.snapshot,
          "transfers.json",
          selectRecords({
            aggregate: "sum",
            collection: "",
            where: [`payee=${team.address}`, "status=scheduled|overdue"],
            field: "amount",
          }),
          `/teams/${slug}/#awards`,
        ),
      },
      vetoed: { units: sum(vetoed), count: vetoed.length },
      fees: {
        charged,
        linked,
        allocated,
        pending: pendingFees,
        verdict: feeVerdict(
          { fees: charged, awards: receivedUnits, capBps: feeReport.capBps },
          coinSymbol,
          TEAM_FEES_LEAD,
        ),
        source: recordSource(
          input.snapshot,
          "ledger.json",
          ledgerSum([DISBURSEMENT, FEE, `charged against awards to ${team.address} by the fee rule`]),
          snapshotFileHref("ledger.json"),
        ),
      },
      mentions: input.publications
        .filter((publication) => mentionsTeam(publication.text, { name: team.name, transferUids }))
        .map(({ href, title, kind }) => ({ href, title, kind })),
    };
  });
}
