/**
 * State records (transfers, proposals, veto ballots) keep a history of what each snapshot saw. A new observation
 * is appended only when the state differs from the last one recorded, stamped with the ledger version and epoch
 * of the snapshot that first saw it; earlier observations are never rewritten.
 */

export interface Observation<S> {
  state: S;
  seenAtLedgerVersion: bigint;
  seenAtEpoch: bigint;
}

function sameState(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  return (
    keysA.length === keysB.length &&
    keysA.every((key) => sameState((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]))
  );
}

/** `history` plus `state` when it differs from the last observation (a fresh history when there is none). */
export function appendObservation<S>(
  history: ReadonlyArray<Observation<S>> | undefined,
  state: S,
  at: { ledgerVersion: bigint; epoch: bigint },
): Array<Observation<S>> {
  const previous = history ?? [];
  const last = previous[previous.length - 1];
  if (last && sameState(last.state, state)) return [...previous];
  return [...previous, { state, seenAtLedgerVersion: at.ledgerVersion, seenAtEpoch: at.epoch }];
}
