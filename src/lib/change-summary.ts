import type { ChangeRecord, TransferStatus } from "../schemas/snapshot.ts";
import { formatUtcDateTime } from "./format-time.ts";
import { formatCoinAmount, formatInteger, parseU64 } from "./money.ts";
import { countOf } from "./words.ts";

/**
 * Plain-words sentences for one change record ("what changed" page, feed). Written for the public: counts,
 * amounts in coins, no field names. Every sentence is derived from the record alone.
 */

const STATUS_WORDS: Record<TransferStatus, string> = {
  scheduled: "scheduled",
  overdue: "overdue (the wallet was short when it fell due)",
  paid: "paid",
  vetoed: "stopped by donors (vetoed)",
};

const plural = countOf;

function uids(list: readonly string[]): string {
  return list.map((uid) => `#${uid}`).join(", ");
}

export interface ChangeSummary {
  /** "Snapshot of 24 Nov 2026, 15:36 UTC (ledger version 1,991, epoch 764)". */
  heading: string;
  sentences: string[];
}

export function describeChange(record: ChangeRecord, coinSymbol = "LIBRA"): ChangeSummary {
  const coins = (units: string) => formatCoinAmount(parseU64(units), coinSymbol);
  const sentences: string[] = [];
  const first = record.previousLedgerVersion === null;
  const { newDonations, newOtherInflows, newOutflows } = record;
  if (newDonations.count > 0) {
    sentences.push(
      `${plural(newDonations.count, "donation", "donations")} totalling ${coins(newDonations.total)}` +
        (newDonations.newDonors > 0 ? `, ${plural(newDonations.newDonors, "new donor", "new donors")}.` : "."),
    );
  }
  if (newOtherInflows.count > 0) {
    sentences.push(
      `${plural(newOtherInflows.count, "other inflow", "other inflows")} with no donor receipt totalling ${coins(newOtherInflows.total)}.`,
    );
  }
  if (newOutflows.count > 0) {
    sentences.push(
      `${plural(newOutflows.count, "payment", "payments")} out of the wallet totalling ${coins(newOutflows.total)}.`,
    );
  }
  if (record.newTransfers.length > 0) {
    sentences.push(
      `${plural(record.newTransfers.length, "transfer", "transfers")} approved by the wallet's authorities: ${uids(record.newTransfers)}.`,
    );
  }
  for (const change of record.statusChanges) {
    sentences.push(
      `Transfer #${change.transferUid} went from ${change.from === null ? "unknown" : STATUS_WORDS[change.from]} to ${STATUS_WORDS[change.to]}.`,
    );
  }
  if (record.newVetoBallots.length > 0) {
    sentences.push(
      `${plural(record.newVetoBallots.length, "veto ballot", "veto ballots")} opened by donors: ${uids(record.newVetoBallots)}.`,
    );
  }
  const after = parseU64(record.balance.after);
  if (record.balance.before === null) {
    sentences.push(`Balance: ${coins(record.balance.after)}.`);
  } else {
    const before = parseU64(record.balance.before);
    const delta = after - before;
    const move =
      delta === 0n ? "unchanged" : delta > 0n ? `up ${coins(delta.toString())}` : `down ${coins((-delta).toString())}`;
    sentences.push(`Balance ${move}, now ${coins(record.balance.after)}.`);
  }
  if (sentences.length === 1 && !first) sentences.unshift("No new activity in the wallet.");
  return {
    heading: `${first ? "First snapshot" : "Snapshot"} of ${formatUtcDateTime(parseU64(record.timestampUsec))} (ledger version ${formatInteger(parseU64(record.ledgerVersion))}, epoch ${formatInteger(parseU64(record.epoch))})`,
    sentences,
  };
}
