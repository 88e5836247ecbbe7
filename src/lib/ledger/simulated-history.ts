/**
 * Whether a snapshot is simulated is a property of its history, not of the node the last run read: a demo extended
 * from another node keeps its banner, and a real history never takes simulated data, whatever a node says of itself
 * (its `git_hash` is only a claim). Only a first snapshot takes the run's word: `--simulated`, or a node whose
 * `git_hash` names Ledgerlight's fake node.
 */

export const FAKE_NODE_GIT_HASH_PREFIX = "ledgerlight-fake-node";

/** Ledgerlight's fake node identifies itself through `git_hash`; a real node reports the build it runs. */
export function claimsFakeNode(gitHash: string | undefined): boolean {
  return (gitHash ?? "").startsWith(FAKE_NODE_GIT_HASH_PREFIX);
}

export interface SimulatedDecision {
  /** What the new snapshot's `meta.simulated` says. */
  simulated: boolean;
  /** False only for simulated data: a fake node may use any chain id, a real history must match the program's. */
  checkChainId: boolean;
  /** Set when the run must be refused: the run claims simulated data but the committed history is real. */
  refusal: string | null;
}

/**
 * @param committed the committed snapshot's `meta.simulated`, or null for a first snapshot
 * @param claimed the run says its data is simulated (`--simulated`, or the node claims to be the fake one)
 * @param because how the run came to claim it, for the refusal (e.g. `--simulated`)
 */
export function decideSimulated(
  committed: boolean | null,
  claimed: boolean,
  because = "--simulated",
): SimulatedDecision {
  if (committed === true) return { simulated: true, checkChainId: false, refusal: null };
  if (committed === null) return { simulated: claimed, checkChainId: !claimed, refusal: null };
  return {
    simulated: false,
    checkChainId: true,
    refusal: claimed
      ? `The committed snapshot holds real chain history, but this run's data is said to be simulated (${because}). Simulated data is never mixed into a real history. Point --node at a real node of the program's network, without --simulated.`
      : null,
  };
}
