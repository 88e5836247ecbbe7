/**
 * The arithmetic of `0x1::turnout_tally` (libra-framework `vote_lib/tally/turnout_tally.move`), reproduced bit for
 * bit so the fake node's tallies round exactly as the chain's.
 *
 * Rounding: the chain computes every percentage with `std::fixed_point32` — `create_from_rational(n, d)` is
 * floor(n·2^32 / d) and `multiply_u64(v, f)` is floor(v·f / 2^32) — so every step truncates towards zero.
 * Percentages are scaled ×100 (10000 = 100 %).
 */

/** Raised where the Move code would abort; the simulator turns it into a failed transaction or a view error. */
export class MoveAbort extends Error {
  readonly module: string;
  readonly reasonName: string;
  readonly code: number;
  readonly description: string;

  constructor(module: string, reasonName: string, code: number, description: string) {
    super(`Move abort in ${module}: ${reasonName}(0x${code.toString(16)}): ${description}`.replace(/: $/, ""));
    this.name = "MoveAbort";
    this.module = module;
    this.reasonName = reasonName;
    this.code = code;
    this.description = description;
  }
}

/** `std::error` categories, as the upper byte of an abort code. */
export const ErrorCategory = {
  invalidArgument: 0x1,
  outOfRange: 0x2,
  invalidState: 0x3,
  permissionDenied: 0x5,
  notFound: 0x6,
} as const;

/** Builds the canonical abort code `category << 16 | reason`. */
export function abortCode(category: number, reason: number): number {
  return (category << 16) | reason;
}

const TWO_POW_32 = 1n << 32n;
const U64_MAX = (1n << 64n) - 1n;

/** `fixed_point32::create_from_rational`: floor(numerator·2^32 / denominator), with the chain's range checks. */
export function fpFromRational(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) {
    throw new MoveAbort("0x1::fixed_point32", "EDENOMINATOR", 0x10001, "");
  }
  const quotient = (numerator * TWO_POW_32) / denominator;
  if ((quotient === 0n && numerator !== 0n) || quotient > U64_MAX) {
    throw new MoveAbort("0x1::fixed_point32", "ERATIO_OUT_OF_RANGE", 0x10005, "");
  }
  return quotient;
}

/** `fixed_point32::multiply_u64`: floor(value·raw / 2^32). */
export function fpMultiply(value: bigint, raw: bigint): bigint {
  return (value * raw) / TWO_POW_32;
}

export const PCT_SCALE = 10000n;
/** 12.5 % turnout, where the pass threshold is 100 %. Also the mainnet `cfg_min_turnout`. */
export const LOW_TURNOUT_X1 = 1250n;
/** 87.5 % turnout, where the pass threshold bottoms out at 51 %. */
export const HIGH_TURNOUT_X2 = 8750n;
export const THRESH_AT_LOW_TURNOUT_Y1 = 10000n;
export const THRESH_AT_HIGH_TURNOUT_Y2 = 5100n;

const TALLY_MODULE = "0x1::turnout_tally";

function initializeZero(): MoveAbort {
  return new MoveAbort(
    TALLY_MODULE,
    "EINITIALZE_ZERO",
    abortCode(ErrorCategory.invalidState, 8),
    "initialized with zero",
  );
}

/**
 * `turnout_tally::get_threshold_from_turnout(voters, max_votes)`: the approval (×100) a ballot needs at this turnout,
 * falling linearly from 10000 at 12.5 % turnout to 5100 at 87.5 %, clamped outside that range.
 */
export function thresholdFromTurnout(voters: bigint, maxVotes: bigint): bigint {
  if (voters === 0n || maxVotes === 0n) throw initializeZero();
  const turnoutX = fpMultiply(PCT_SCALE, fpFromRational(voters, maxVotes));
  if (turnoutX < LOW_TURNOUT_X1) return THRESH_AT_LOW_TURNOUT_Y1;
  if (turnoutX > HIGH_TURNOUT_X2) return THRESH_AT_HIGH_TURNOUT_Y2;
  const absM = fpFromRational(THRESH_AT_LOW_TURNOUT_Y1 - THRESH_AT_HIGH_TURNOUT_Y2, HIGH_TURNOUT_X2 - LOW_TURNOUT_X1);
  const b = THRESH_AT_LOW_TURNOUT_Y1 + fpMultiply(LOW_TURNOUT_X1, absM);
  return b - fpMultiply(turnoutX, absM);
}

/** The counters of one `TurnoutTally` that the arithmetic needs. */
export interface TallyCounts {
  maxVotes: bigint;
  votesApprove: bigint;
  votesReject: bigint;
  minTurnout: bigint;
}

/** `get_current_ballot_participation`: turnout ×100. */
export function participationPct(t: TallyCounts): bigint {
  const total = t.votesApprove + t.votesReject;
  if (total === 0n) return 0n;
  if (t.maxVotes < total) {
    throw new MoveAbort(
      TALLY_MODULE,
      "EVOTES_GREATER_THAN_ENROLLMENT",
      abortCode(ErrorCategory.invalidState, 2),
      "The number of votes cast cannot be greater than the max number of votes available from enrollment.",
    );
  }
  if (t.maxVotes === 0n) throw initializeZero();
  return fpMultiply(PCT_SCALE, fpFromRational(total, t.maxVotes));
}

/** `get_current_ballot_approval`: approving share of the votes cast ×100. */
export function approvalPct(t: TallyCounts): bigint {
  const total = t.votesApprove + t.votesReject;
  if (total === 0n) return 0n;
  return fpMultiply(PCT_SCALE, fpFromRational(t.votesApprove, total));
}

/**
 * `get_current_threshold_required`: below the minimum turnout the threshold is the one AT the minimum turnout
 * (computed from the vote count that turnout would need), otherwise the one at the current turnout.
 */
export function thresholdRequired(t: TallyCounts): bigint {
  const participation = participationPct(t);
  if (participation < t.minTurnout) {
    const minVotes = fpMultiply(t.maxVotes, fpFromRational(t.minTurnout, PCT_SCALE));
    return thresholdFromTurnout(minVotes, t.maxVotes);
  }
  return thresholdFromTurnout(t.votesApprove + t.votesReject, t.maxVotes);
}

/**
 * The pass rule of `save_tally` at the libra-framework commit chain.md cites: approval ≥ threshold AND turnout ≥ the
 * minimum (both inclusive).
 */
export function tallyPasses(t: TallyCounts): { pass: boolean; approvePct: bigint; turnoutPct: bigint } {
  const turnoutPct = participationPct(t);
  const threshold = thresholdRequired(t);
  const approvePct = approvalPct(t);
  return { pass: approvePct >= threshold && turnoutPct >= t.minTurnout, approvePct, turnoutPct };
}
