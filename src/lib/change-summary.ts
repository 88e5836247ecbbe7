import type { TransferStatus } from "../schemas/snapshot.ts";
import { shortAddress } from "./address.ts";
import type { BallotState } from "./ballot-state.ts";
import { formatUtcDateTime } from "./format-time.ts";
import { formatCoinAmount, formatInteger, parseU64 } from "./money.ts";
import type { BallotMovement, SnapshotChange, StatusChangeDetail, TransferBrief } from "./snapshot-diff.ts";
import { formatHundredthsPercent } from "./tables.ts";
import { countOf } from "./words.ts";

/**
 * Plain-words sentences for one change between two snapshots ("what changed" page, feed, `npm run diff`),
 * in a fixed order: donations, new transfers, status changes, veto ballots, the balance with its reconciliation,
 * fees. Written for the public: counts, amounts in coins, no field names. Every sentence comes from the change
 * alone (`explainChange`), so the page, the feed and the command line say the same thing.
 */

const STATUS_WORDS: Record<TransferStatus, string> = {
  scheduled: "scheduled",
  overdue: "overdue (the wallet was short when it fell due)",
  paid: "paid",
  vetoed: "stopped by donors (vetoed)",
};

/** What became of a transfer approved in the same change (it may already have been paid or vetoed). */
const NEW_TRANSFER_STATUS: Record<TransferStatus, string> = {
  scheduled: "",
  overdue: "; now overdue (the wallet was short when it fell due)",
  paid: "; already paid",
  vetoed: "; already stopped by donors (vetoed)",
};

const BALLOT_OUTCOME: Record<BallotState, string> = {
  open: "still open",
  passed: "passed, so the transfer is stopped",
  rejected: "closed without passing, so the transfer goes ahead",
  lapsed:
    "the chain still lists it as pending, but its deadline had passed or the transfer was already paid, so it lapsed and can no longer stop anything",
};

/** Lists are cut here on the page; the rest is one click away on the transfers list. */
const LIST_LIMIT = 10;

const plural = countOf;
const integer = (text: string) => formatInteger(parseU64(text));
const percent = (text: string) => formatHundredthsPercent(parseU64(text));

export interface ChangeSummary {
  /** "Snapshot of 24 Nov 2026, 15:36 UTC (ledger version 1,991, epoch 764)". */
  heading: string;
  sentences: string[];
}

function limited<T>(items: readonly T[], say: (item: T) => string, rest: (count: number) => string): string[] {
  const shown = items.slice(0, LIST_LIMIT).map(say);
  return items.length > LIST_LIMIT ? [...shown, rest(items.length - LIST_LIMIT)] : shown;
}

export function describeChange(change: SnapshotChange, coinSymbol = "LIBRA"): ChangeSummary {
  const coins = (units: string | bigint) =>
    formatCoinAmount(typeof units === "string" ? parseU64(units) : units, coinSymbol);
  const payee = (t: TransferBrief) => t.payeeName ?? shortAddress(t.payee);
  const sentences: string[] = [];
  const first = change.previousLedgerVersion === null;
  const { donations } = change;
  if (donations.count > 0) {
    sentences.push(
      `${plural(donations.count, "donation", "donations")} totalling ${coins(donations.total)}` +
        (donations.newDonors > 0 ? `, ${plural(donations.newDonors, "new donor", "new donors")}.` : "."),
    );
  }
  if (change.newTransfers.length > 0) {
    sentences.push(
      `${plural(change.newTransfers.length, "transfer", "transfers")} approved by the wallet's authorities.`,
      ...limited(
        change.newTransfers,
        (t) =>
          `Transfer #${t.uid}: ${coins(t.amount)} to ${payee(t)}, due at the end of epoch ${integer(t.deadlineEpoch)}${NEW_TRANSFER_STATUS[t.status]}.`,
        (n) => `… and ${plural(n, "more transfer", "more transfers")} (see the transfers list).`,
      ),
    );
  }
  sentences.push(
    ...limited(
      change.statusChanges,
      (s) => statusSentence(s, coins),
      (n) => `… and ${plural(n, "more status change", "more status changes")} (see the transfers list).`,
    ),
  );
  sentences.push(
    ...limited(
      change.ballots,
      ballotSentence,
      (n) => `… and ${plural(n, "more veto ballot", "more veto ballots")} (see the vetoes page).`,
    ),
  );
  const activity = sentences.length > 0 || change.balance.otherInflows.count > 0 || change.balance.outflows.count > 0;
  if (!first && !activity) sentences.push("No new activity in the wallet.");
  sentences.push(balanceSentence(change, coins));
  if (change.fees) {
    const before = parseU64(change.fees.before);
    const after = parseU64(change.fees.after);
    if (first) sentences.push(`Administrative fees paid so far: ${coins(after)}.`);
    else if (after !== before) {
      sentences.push(`Administrative fees paid so far: ${coins(after)}, up ${coins(after - before)}.`);
    }
  }
  return {
    heading: `${first ? "First snapshot" : "Snapshot"} of ${formatUtcDateTime(parseU64(change.timestampUsec))} (ledger version ${integer(change.ledgerVersion)}, epoch ${integer(change.epoch)})`,
    sentences,
  };
}

function statusSentence(change: StatusChangeDetail, coins: (units: string) => string): string {
  const what = `Transfer #${change.uid} (${coins(change.amount)} to ${change.payeeName ?? shortAddress(change.payee)})`;
  const from = change.from === null ? "unknown" : STATUS_WORDS[change.from];
  const when =
    change.epoch === null
      ? ""
      : change.txVersion !== null
        ? ` in epoch ${integer(change.epoch)} (payment at ledger version ${integer(change.txVersion)})`
        : ` (first seen in epoch ${integer(change.epoch)})`;
  return `${what} went from ${from} to ${STATUS_WORDS[change.to]}${when}.`;
}

function ballotSentence(ballot: BallotMovement): string {
  const { before, after } = ballot;
  if (before === null) {
    return `Donors opened veto ballot #${ballot.ballotId} against transfer #${ballot.transferUid}: turnout ${percent(after.turnoutPct)}, ${percent(after.approvalPct)} of the votes cast for stopping it; ${BALLOT_OUTCOME[ballot.state]}.`;
  }
  const moves: string[] = [];
  if (before.turnoutPct !== after.turnoutPct) {
    moves.push(`turnout ${percent(before.turnoutPct)} → ${percent(after.turnoutPct)}`);
  }
  if (before.approvalPct !== after.approvalPct) {
    moves.push(`for stopping it ${percent(before.approvalPct)} → ${percent(after.approvalPct)}`);
  }
  return `Veto ballot #${ballot.ballotId} against transfer #${ballot.transferUid}: ${moves.length > 0 ? `${moves.join(", ")}; ` : ""}${BALLOT_OUTCOME[ballot.state]}.`;
}

function balanceSentence(change: SnapshotChange, coins: (units: string | bigint) => string): string {
  const { balance } = change;
  if (balance.before === null) return `Balance: ${coins(balance.after)}.`;
  const delta = parseU64(balance.after) - parseU64(balance.before);
  const move = delta === 0n ? "unchanged" : delta > 0n ? `up ${coins(delta)}` : `down ${coins(-delta)}`;
  const terms: string[] = [];
  if (change.donations.count > 0) terms.push(`+ ${coins(balance.donations)} donated`);
  if (balance.otherInflows.count > 0) {
    terms.push(
      `+ ${coins(balance.otherInflows.total)} from ${plural(balance.otherInflows.count, "other inflow", "other inflows")} with no donor receipt`,
    );
  }
  if (balance.outflows.count > 0) {
    terms.push(
      `− ${coins(balance.outflows.total)} paid out in ${plural(balance.outflows.count, "payment", "payments")}`,
    );
  }
  if (terms.length === 0 && balance.reconciles) return `Balance ${move}, now ${coins(balance.after)}.`;
  const sum = [`${coins(balance.before)} before`, ...terms].join(" ");
  return balance.reconciles
    ? `Balance ${move}, now ${coins(balance.after)}: ${sum}.`
    : `Balance ${move}, now ${coins(balance.after)}, but ${sum} does not add up to it: this snapshot is inconsistent.`;
}
