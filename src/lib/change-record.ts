import type { ChangeRecord, Snapshot, TransferStatus } from "../schemas/snapshot.ts";

/**
 * What a snapshot adds to the previous one, in counts and base units: the site's "what changed" page, the feed
 * and the plain-words diff all read this one computation. `previous` is null for a wallet's first snapshot.
 * Inputs must already satisfy `checkAppendOnly`, so new history is whatever lies past the previous records.
 */
export function computeChangeRecord(
  previous: Omit<Snapshot, "changes"> | null,
  next: Omit<Snapshot, "changes">,
): ChangeRecord {
  const oldEntries = previous?.ledger.entries.length ?? 0;
  const added = next.ledger.entries.slice(oldEntries);
  let donationCount = 0;
  let donationTotal = 0n;
  let otherCount = 0;
  let otherTotal = 0n;
  let outCount = 0;
  let outTotal = 0n;
  for (const entry of added) {
    const amount = BigInt(entry.amount);
    if (entry.category === "donation") {
      donationCount++;
      donationTotal += amount;
    } else if (entry.stream === "deposit") {
      otherCount++;
      otherTotal += amount;
    } else {
      outCount++;
      outTotal += amount;
    }
  }
  const knownDonors = new Set(previous?.donors.map((d) => d.address) ?? []);
  const previousStatus = new Map<string, TransferStatus>(previous?.transfers.map((t) => [t.uid, t.status]) ?? []);
  const knownBallots = new Set(previous?.vetoes.map((v) => v.ballotId) ?? []);
  return {
    ledgerVersion: next.meta.ledgerVersion,
    previousLedgerVersion: previous?.meta.ledgerVersion ?? null,
    epoch: next.meta.epoch,
    timestampUsec: next.meta.ledgerTimestampUsec,
    newDonations: {
      count: donationCount,
      total: donationTotal.toString(),
      newDonors: next.donors.filter((d) => !knownDonors.has(d.address)).length,
    },
    newOtherInflows: { count: otherCount, total: otherTotal.toString() },
    newOutflows: { count: outCount, total: outTotal.toString() },
    newTransfers: next.transfers.filter((t) => !previousStatus.has(t.uid)).map((t) => t.uid),
    statusChanges: next.transfers
      .filter((t) => previousStatus.has(t.uid) && previousStatus.get(t.uid) !== t.status)
      .map((t) => ({ transferUid: t.uid, from: previousStatus.get(t.uid) ?? null, to: t.status })),
    newVetoBallots: next.vetoes.filter((v) => !knownBallots.has(v.ballotId)).map((v) => v.ballotId),
    balance: { before: previous?.wallet.balance.coinStoreValue ?? null, after: next.wallet.balance.coinStoreValue },
  };
}
