import { ValidationError } from "../../errors.ts";
import type { Snapshot, TransferStatus } from "../../schemas/snapshot.ts";
import { type Classification, classifyDisbursement, classifyOtherOutflow, payeeDirectory } from "../ledger/classify.ts";
import { deadlineBoundary } from "../ledger/epoch-dates.ts";
import { listQuarters, quarterOf } from "../periods.ts";

/**
 * Every disbursement classified, and the administrative fee set against the awards it is charged for.
 *
 * Rules (the methodology page states the same, in words):
 * - A **disbursement** is every wallet withdrawal in the ledger (category payout, advance or other-outflow) and
 *   every transfer the ledger has not paid yet. Withdrawals moved coins (`paid`); scheduled and overdue transfers
 *   are `pending`; vetoed ones are `vetoed`; a transfer marked paid whose payment is older than the snapshot's ledger
 *   is `unrecorded`. Only `paid` ones count in the cap's totals; pending and vetoed are shown and summed apart.
 * - **Kind** (classify.ts): payee a steward -> fee; known team -> award; any other payee, or none -> award;
 *   other-outflow -> refund/liquidation while the wallet is frozen or liquidating, else other.
 * - **Period** = UTC calendar quarter: of the payment for paid disbursements, of the deadline (the boundary that
 *   closes the deadline epoch) for the others.
 * - **Charging a paid fee.** A fee linked to awards (an explicit `feeLinks` entry, else its description matched by
 *   `feeDescriptionPattern`) is charged against the linked awards that were paid, split in proportion to their
 *   amounts. The unlinked paid fees of a quarter are pooled, and the pool is charged ("allocated") against the
 *   paid awards of that quarter that no (non-vetoed) fee is linked to, in proportion to their amounts: linked beats
 *   allocated. (Pooling keeps the work linear: sharing each fee separately would be fees × awards.) A pool with no
 *   award to carry it stays "unallocated" and is still counted in its quarter and the lifetime.
 * - **Splitting** (`splitProRata`): each share is ⌊fee × award ÷ Σ awards⌋; the base units left over (fewer than
 *   the number of awards) go one each to the awards with the largest remainders, ties to the lowest uid
 *   (withdrawals without a transfer uid after all transfers, by ledger sequence). No unit is created or lost.
 * - **Cap.** allowance = ⌊base × capBps ÷ 10 000⌋; within the cap ⇔ fee × 10 000 ≤ base × capBps (the same thing for
 *   whole base units). Per award the fee is what is charged against it; per quarter it is the fees charged against
 *   the quarter's awards plus the quarter's unallocated fees; the lifetime sums all paid fees and awards.
 */

const BASIS_POINTS = 10_000n;

/** What the fee computation needs from `program.yaml` (its schema fills the defaults). */
export interface FeeConfig {
  stewards: readonly string[];
  teams?: readonly { address: string; name: string }[];
  feePolicy?: { capBps: number };
  feeLinks?: readonly { fee: string; awards: readonly string[] }[];
  /** Without one, descriptions link nothing (the schema's default is `#(?<uid>…)`). */
  feeDescriptionPattern?: string;
}

export type DisbursementState = "paid" | "pending" | "vetoed" | "unrecorded";

export interface Disbursement {
  /** The transfer uid, or `withdrawal-<sequence>` for a ledger withdrawal that settled no transfer. */
  id: string;
  transferUid: bigint | null;
  ledgerSequence: bigint | null;
  source: "payout" | "advance" | "other-outflow" | "transfer";
  payee: string | null;
  amount: bigint;
  state: DisbursementState;
  transferStatus: TransferStatus | null;
  /** Payment time (paid) or deadline boundary (the others), µs. */
  usec: bigint;
  /** UTC quarter of `usec`. */
  quarter: string;
  classification: Classification;
}

/** The part of a linked fee charged against one of its awards. */
export interface FeeCharge {
  feeId: string;
  awardId: string;
  amount: bigint;
}

/** A quarter's unlinked paid fees, pooled and shared among its unlinked paid awards. */
export interface AllocationPool {
  quarter: string;
  total: bigint;
  feeIds: string[];
  /** Awards it is shared among (none: the pool is unallocated). */
  awardIds: string[];
  /** Their amounts, summed (the denominator of each share). */
  awardTotal: bigint;
}

/** An exact rate in basis points: numerator / denominator (denominator 0 when the base is 0). */
export interface Rate {
  numerator: bigint;
  denominator: bigint;
}

export interface CapCheck {
  /** floor(base × capBps / 10000). */
  allowance: bigint;
  /** fee × 10000 ≤ base × capBps. */
  withinCap: boolean;
  /** allowance − fee when within the cap, else 0. */
  headroom: bigint;
  /** fee − allowance when over the cap, else 0. */
  excess: bigint;
  /** fee × 10000 / base, in basis points, exact. */
  rate: Rate;
}

export interface AwardFee extends CapCheck {
  award: Disbursement;
  /** How its fee was found: linked, allocated pro rata, or none (no fee in its period). */
  basis: "linked" | "allocated" | "none";
  linked: bigint;
  allocated: bigint;
  /** linked + allocated. */
  charged: bigint;
  /** Paid to the team: the award itself (the fee is a payment of its own to the steward). */
  net: bigint;
  /** What the award cost the program: net + charged. */
  gross: bigint;
  /** Linked fees' charges against it. */
  charges: FeeCharge[];
  /** The quarter whose pool it has an allocated share of, or null. */
  pool: string | null;
  /** Shares of pending (scheduled or overdue) fees linked to this award: shown, never counted. */
  pendingCharges: FeeCharge[];
}

export interface FeeUse {
  fee: Disbursement;
  /** Where its links came from, or null when it has none. */
  linkSource: "config" | "description" | null;
  linkedAwards: string[];
  /** Numbers named in the description that are not award transfers (ignored). */
  ignoredReferences: string[];
  charges: FeeCharge[];
  /** The quarter whose pool an unlinked paid fee joined, or null. */
  pool: string | null;
  /** Paid but charged against no award (counted in its quarter). */
  unallocated: bigint;
}

export interface CapSummary extends CapCheck {
  /** Paid awards (the base). */
  awards: bigint;
  /** Paid fees charged to this period (see the rules above). */
  fees: bigint;
  pendingAwards: bigint;
  pendingFees: bigint;
  vetoedAwards: bigint;
  vetoedFees: bigint;
}

export interface QuarterSummary extends CapSummary {
  quarter: string;
}

export interface FeeReport {
  capBps: bigint;
  disbursements: Disbursement[];
  awards: Map<string, AwardFee>;
  fees: Map<string, FeeUse>;
  /** Allocation pools by quarter. */
  pools: Map<string, AllocationPool>;
  /** Every quarter from the first disbursement's to the last one's, zeros included. */
  quarters: QuarterSummary[];
  lifetime: CapSummary;
  /** Awards, quarters and the lifetime that exceed the cap (empty = the cap holds everywhere). */
  breaches: { awards: AwardFee[]; quarters: QuarterSummary[]; lifetime: boolean };
}

/** floor(base × capBps / 10000): the most a fee may be. */
export function feeAllowanceFor(base: bigint, capBps: bigint): bigint {
  if (base < 0n) throw new RangeError(`awards cannot be negative: ${base}`);
  return (base * capBps) / BASIS_POINTS;
}

export function capCheck(fee: bigint, base: bigint, capBps: bigint): CapCheck {
  const allowance = feeAllowanceFor(base, capBps);
  const withinCap = fee * BASIS_POINTS <= base * capBps;
  return {
    allowance,
    withinCap,
    headroom: withinCap ? allowance - fee : 0n,
    excess: withinCap ? 0n : fee - allowance,
    rate: { numerator: fee * BASIS_POINTS, denominator: base },
  };
}

const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b));

/** An exact rate as text: `"350 bps"`, `"666 2/3 bps"`; `"no base"` when the base is 0. */
export function formatRate(rate: Rate): string {
  if (rate.denominator === 0n) return "no base";
  const whole = rate.numerator / rate.denominator;
  const rest = rate.numerator % rate.denominator;
  if (rest === 0n) return `${whole} bps`;
  const divisor = gcd(rest, rate.denominator);
  return `${whole === 0n ? "" : `${whole} `}${rest / divisor}/${rate.denominator / divisor} bps`;
}

/**
 * Orders ids: transfer uids numerically, then withdrawals without a transfer by ledger sequence (a repeated
 * sequence, which a valid ledger never has, gets `.1`, `.2`… so ids stay unique).
 */
export function compareDisbursementIds(a: string, b: string): number {
  const key = (id: string): bigint[] =>
    id.startsWith("withdrawal-") ? [1n, ...id.slice("withdrawal-".length).split(".").map(BigInt)] : [0n, BigInt(id)];
  const ka = key(a);
  const kb = key(b);
  for (let i = 0; i < Math.max(ka.length, kb.length); i++) {
    const x = ka[i] ?? -1n;
    const y = kb[i] ?? -1n;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/**
 * Splits `amount` in proportion to the weights, conserving every base unit: floor shares, then one unit each to
 * the largest remainders, ties to the lowest id (`compareDisbursementIds`). Weights must not all be 0.
 */
export function splitProRata(amount: bigint, weights: readonly { id: string; weight: bigint }[]): Map<string, bigint> {
  const total = weights.reduce((sum, item) => sum + item.weight, 0n);
  if (total <= 0n) throw new RangeError("cannot split by weights that sum to 0");
  const shares = weights.map((item) => ({
    id: item.id,
    share: (amount * item.weight) / total,
    remainder: (amount * item.weight) % total,
  }));
  let left = amount - shares.reduce((sum, item) => sum + item.share, 0n);
  const order = [...shares].sort((a, b) =>
    a.remainder > b.remainder ? -1 : a.remainder < b.remainder ? 1 : compareDisbursementIds(a.id, b.id),
  );
  for (const item of order) {
    if (left === 0n) break;
    item.share += 1n;
    left -= 1n;
  }
  return new Map(shares.map((item) => [item.id, item.share]));
}

/** Every disbursement of the snapshot, classified and dated, in id order. */
export function listDisbursements(snapshot: Snapshot, config: FeeConfig): Disbursement[] {
  const directory = payeeDirectory({ stewards: config.stewards, teams: config.teams ?? [] });
  const liquidating =
    snapshot.wallet.freeze.isFrozen ||
    snapshot.wallet.otherBallots.some((ballot) => ballot.kind === "liquidation" && ballot.status === "approved");
  const transfers = new Map(snapshot.transfers.map((transfer) => [transfer.uid, transfer]));
  const settled = new Set<bigint>();
  const used = new Set<string>();
  const out: Disbursement[] = [];
  for (const entry of snapshot.ledger.entries) {
    if (entry.stream !== "withdraw" || entry.category === "donation" || entry.category === "other-inflow") continue;
    const transfer =
      entry.transferUid !== null && !settled.has(entry.transferUid) ? transfers.get(entry.transferUid) : undefined;
    if (transfer) settled.add(transfer.uid);
    const payee = entry.counterparty ?? transfer?.payee ?? null;
    const usec = entry.timestampUsec;
    let id = transfer ? transfer.uid.toString() : `withdrawal-${entry.sequence}`;
    for (let n = 1; used.has(id); n++) id = `withdrawal-${entry.sequence}.${n}`;
    used.add(id);
    out.push({
      id,
      transferUid: transfer ? transfer.uid : null,
      ledgerSequence: entry.sequence,
      source: entry.category,
      payee,
      amount: entry.amount,
      state: "paid",
      transferStatus: transfer ? transfer.status : null,
      usec,
      quarter: quarterOf(usec),
      classification:
        entry.category === "other-outflow" ? classifyOtherOutflow(liquidating) : classifyDisbursement(payee, directory),
    });
  }
  for (const transfer of snapshot.transfers) {
    if (settled.has(transfer.uid)) continue;
    const usec = deadlineBoundary(snapshot, transfer.deadlineEpoch).usec;
    out.push({
      id: transfer.uid.toString(),
      transferUid: transfer.uid,
      ledgerSequence: null,
      source: "transfer",
      payee: transfer.payee,
      amount: transfer.amount,
      state: transfer.status === "paid" ? "unrecorded" : transfer.status === "vetoed" ? "vetoed" : "pending",
      transferStatus: transfer.status,
      usec,
      quarter: quarterOf(usec),
      classification: classifyDisbursement(transfer.payee, directory),
    });
  }
  return out.sort((a, b) => compareDisbursementIds(a.id, b.id));
}

/**
 * Problems with `feeLinks` against the snapshot, each naming the key and the uid (empty = all good): every fee
 * must be a transfer paid to a steward, every award a transfer that is not.
 */
export function feeLinkProblems(disbursements: readonly Disbursement[], config: FeeConfig): string[] {
  // The configuration names transfers by their decimal uid.
  const byUid = new Map(disbursements.flatMap((d) => (d.transferUid === null ? [] : [[d.transferUid.toString(), d]])));
  const problems: string[] = [];
  (config.feeLinks ?? []).forEach((link, index) => {
    const fee = byUid.get(link.fee);
    if (!fee) problems.push(`feeLinks[${index}].fee: no transfer ${link.fee} in the snapshot`);
    else if (fee.classification.kind !== "fee")
      problems.push(`feeLinks[${index}].fee: transfer ${link.fee} is not a fee (its payee is not a steward)`);
    link.awards.forEach((uid, position) => {
      const award = byUid.get(uid);
      if (!award) problems.push(`feeLinks[${index}].awards[${position}]: no transfer ${uid} in the snapshot`);
      else if (award.classification.kind !== "award")
        problems.push(`feeLinks[${index}].awards[${position}]: transfer ${uid} is not an award (it is a fee)`);
    });
  });
  return problems;
}

/** Throws a ValidationError naming every bad `feeLinks` uid (`where` names the config file). */
export function assertFeeLinks(snapshot: Snapshot, config: FeeConfig, where: string): void {
  const problems = feeLinkProblems(listDisbursements(snapshot, config), config);
  if (problems.length > 0) {
    throw new ValidationError(
      `${where}: fee links name transfers the snapshot does not have as such:\n${problems.map((p) => `- ${p}`).join("\n")}`,
    );
  }
}

function descriptionReferences(text: string | null, pattern: string | undefined): string[] {
  if (text === null || pattern === undefined) return [];
  const found: string[] = [];
  for (const match of text.matchAll(new RegExp(pattern, "gu"))) {
    const uid = match.groups?.uid;
    if (uid !== undefined && !found.includes(uid)) found.push(uid);
  }
  return found;
}

/**
 * Step 1 of the fee report: each fee payment with the awards it names, from `feeLinks` in the program config or,
 * failing that, from its description (`feeDescriptionPattern`); numbers that are not award transfers are kept as
 * ignored references.
 */
function readFeeUses(
  snapshot: Snapshot,
  config: FeeConfig,
  disbursements: readonly Disbursement[],
  byId: ReadonlyMap<string, Disbursement>,
): Map<string, FeeUse> {
  const descriptions = new Map(snapshot.transfers.map((t) => [t.uid.toString(), t.description.text]));
  const configLinks = new Map((config.feeLinks ?? []).map((link) => [link.fee, link.awards]));
  const isAward = (id: string) => byId.get(id)?.classification.kind === "award";
  const fees = new Map<string, FeeUse>();
  for (const d of disbursements) {
    if (d.classification.kind !== "fee") continue;
    const explicit = d.transferUid === null ? undefined : configLinks.get(d.transferUid.toString());
    const named = explicit ? [] : descriptionReferences(descriptions.get(d.id) ?? null, config.feeDescriptionPattern);
    const fromDescription = named.filter(isAward);
    const linkedAwards = explicit ? [...explicit] : fromDescription;
    fees.set(d.id, {
      fee: d,
      linkSource: explicit ? "config" : fromDescription.length > 0 ? "description" : null,
      linkedAwards,
      ignoredReferences: named.filter((uid) => !isAward(uid)),
      charges: [],
      pool: null,
      unallocated: 0n,
    });
  }
  return fees;
}

/** Step 2: every award, not yet charged; an award any live fee names is "linked" and never shares a pool. */
function openAwardFees(
  disbursements: readonly Disbursement[],
  fees: ReadonlyMap<string, FeeUse>,
  capBps: bigint,
): { awards: Map<string, AwardFee>; linkedAwardIds: Set<string> } {
  // Linked beats allocated: an award any live fee names is never given a share of the unlinked fees.
  const linkedAwardIds = new Set<string>();
  for (const use of fees.values()) {
    if (use.fee.state !== "vetoed") for (const id of use.linkedAwards) linkedAwardIds.add(id);
  }

  const awards = new Map<string, AwardFee>();
  for (const d of disbursements) {
    if (d.classification.kind !== "award") continue;
    awards.set(d.id, {
      award: d,
      basis: linkedAwardIds.has(d.id) ? "linked" : "none",
      linked: 0n,
      allocated: 0n,
      charged: 0n,
      net: d.amount,
      gross: d.amount,
      charges: [],
      pool: null,
      pendingCharges: [],
      ...capCheck(0n, d.amount, capBps),
    });
  }
  return { awards, linkedAwardIds };
}

/**
 * Step 3: charge the fees. A linked fee is split pro rata among the awards it names (pending fees only as shown
 * charges); unlinked paid fees are pooled by quarter and shared pro rata among that quarter's unlinked paid awards.
 * Then each award's charged, gross and cap check are final. Returns the pools.
 */
function chargeFees(
  fees: ReadonlyMap<string, FeeUse>,
  awards: ReadonlyMap<string, AwardFee>,
  linkedAwardIds: ReadonlySet<string>,
  capBps: bigint,
): Map<string, AllocationPool> {
  // The awards an unlinked fee may be shared among, by quarter (indexed once: a scan per fee is quadratic).
  const unlinkedPaidByQuarter = new Map<string, AwardFee[]>();
  for (const entry of awards.values()) {
    if (entry.award.state !== "paid" || linkedAwardIds.has(entry.award.id)) continue;
    const list = unlinkedPaidByQuarter.get(entry.award.quarter) ?? [];
    list.push(entry);
    unlinkedPaidByQuarter.set(entry.award.quarter, list);
  }

  const chargeLinked = (use: FeeUse, targets: readonly AwardFee[], pending: boolean) => {
    const weights = targets.map((a) => ({ id: a.award.id, weight: a.award.amount }));
    if (weights.length === 0 || weights.every((w) => w.weight === 0n)) {
      if (!pending) use.unallocated += use.fee.amount;
      return;
    }
    for (const [awardId, amount] of splitProRata(use.fee.amount, weights)) {
      const item: FeeCharge = { feeId: use.fee.id, awardId, amount };
      const target = awards.get(awardId) as AwardFee;
      if (pending) {
        target.pendingCharges.push(item);
        continue;
      }
      use.charges.push(item);
      target.charges.push(item);
      target.linked += amount;
    }
  };
  const pools = new Map<string, AllocationPool>();
  for (const use of fees.values()) {
    if (use.fee.state === "vetoed" || use.fee.state === "unrecorded") continue;
    const pending = use.fee.state === "pending";
    if (use.linkSource !== null) {
      const targets = use.linkedAwards
        .map((id) => awards.get(id))
        .filter(
          (a): a is AwardFee =>
            a !== undefined && (a.award.state === "paid" || (pending && a.award.state === "pending")),
        );
      chargeLinked(use, targets, pending);
    } else if (!pending) {
      const quarter = use.fee.quarter;
      const pool = pools.get(quarter) ?? { quarter, total: 0n, feeIds: [], awardIds: [], awardTotal: 0n };
      pool.total += use.fee.amount;
      pool.feeIds.push(use.fee.id);
      pools.set(quarter, pool);
    }
  }
  for (const pool of pools.values()) {
    const targets = unlinkedPaidByQuarter.get(pool.quarter) ?? [];
    const awardTotal = targets.reduce((sum, a) => sum + a.award.amount, 0n);
    if (awardTotal === 0n) {
      for (const id of pool.feeIds) {
        const use = fees.get(id) as FeeUse;
        use.unallocated = use.fee.amount;
      }
      continue;
    }
    pool.awardIds = targets.map((a) => a.award.id);
    pool.awardTotal = awardTotal;
    for (const id of pool.feeIds) (fees.get(id) as FeeUse).pool = pool.quarter;
    const shares = splitProRata(
      pool.total,
      targets.map((a) => ({ id: a.award.id, weight: a.award.amount })),
    );
    for (const target of targets) {
      target.allocated = shares.get(target.award.id) ?? 0n;
      target.pool = pool.quarter;
    }
  }
  for (const entry of awards.values()) {
    entry.charged = entry.linked + entry.allocated;
    entry.gross = entry.net + entry.charged;
    if (entry.pool !== null) entry.basis = "allocated";
    Object.assign(entry, capCheck(entry.charged, entry.award.amount, capBps));
  }

  return pools;
}

/** Step 4: the cap checked per quarter and for the lifetime, from the charged fees and the paid awards. */
function summariseQuarters(
  disbursements: readonly Disbursement[],
  fees: ReadonlyMap<string, FeeUse>,
  pools: ReadonlyMap<string, AllocationPool>,
  byId: ReadonlyMap<string, Disbursement>,
  capBps: bigint,
): { quarters: QuarterSummary[]; lifetime: CapSummary } {
  // Quarters: awards and their charges by the award's quarter; unallocated fees, pending and vetoed by their own.
  type Sums = Omit<CapSummary, keyof CapCheck>;
  const empty = (): Sums => ({
    awards: 0n,
    fees: 0n,
    pendingAwards: 0n,
    pendingFees: 0n,
    vetoedAwards: 0n,
    vetoedFees: 0n,
  });
  const sums = new Map<string, Sums>();
  const lifetimeSums = empty();
  const add = (quarter: string, key: keyof Sums, amount: bigint) => {
    const row = sums.get(quarter) ?? empty();
    row[key] += amount;
    sums.set(quarter, row);
    lifetimeSums[key] += amount;
  };
  let first: bigint | null = null;
  let last: bigint | null = null;
  for (const d of disbursements) {
    const kind = d.classification.kind;
    if ((kind !== "award" && kind !== "fee") || d.state === "unrecorded") continue;
    if (first === null || d.usec < first) first = d.usec;
    if (last === null || d.usec > last) last = d.usec;
    const isFee = kind === "fee";
    if (d.state === "pending") add(d.quarter, isFee ? "pendingFees" : "pendingAwards", d.amount);
    else if (d.state === "vetoed") add(d.quarter, isFee ? "vetoedFees" : "vetoedAwards", d.amount);
    else if (!isFee) add(d.quarter, "awards", d.amount);
  }
  for (const use of fees.values()) {
    for (const item of use.charges) add((byId.get(item.awardId) as Disbursement).quarter, "fees", item.amount);
    // A linked fee none of whose awards was paid counts in its own quarter (unlinked ones count through the pool).
    if (use.linkSource !== null && use.unallocated > 0n) add(use.fee.quarter, "fees", use.unallocated);
  }
  // A pool counts in its quarter whether it was shared (among that quarter's awards) or not.
  for (const pool of pools.values()) add(pool.quarter, "fees", pool.total);
  const summarise = (row: Sums): CapSummary => ({ ...row, ...capCheck(row.fees, row.awards, capBps) });
  const quarters =
    first === null || last === null
      ? []
      : listQuarters(first, last).map((quarter) => ({ quarter, ...summarise(sums.get(quarter) ?? empty()) }));
  const lifetime = summarise(lifetimeSums);
  return { quarters, lifetime };
}

/** The fee report: classification, charges per award and fee, quarter and lifetime summaries. */
export function buildFeeReport(snapshot: Snapshot, config: FeeConfig): FeeReport {
  const capBps = BigInt(config.feePolicy?.capBps ?? 400);
  const disbursements = listDisbursements(snapshot, config);
  const byId = new Map(disbursements.map((d) => [d.id, d]));
  const fees = readFeeUses(snapshot, config, disbursements, byId);
  const { awards, linkedAwardIds } = openAwardFees(disbursements, fees, capBps);
  const pools = chargeFees(fees, awards, linkedAwardIds, capBps);
  const { quarters, lifetime } = summariseQuarters(disbursements, fees, pools, byId, capBps);
  return {
    capBps,
    disbursements,
    awards,
    fees,
    pools,
    quarters,
    lifetime,
    breaches: {
      awards: [...awards.values()].filter((a) => a.award.state === "paid" && !a.withinCap),
      quarters: quarters.filter((q) => !q.withinCap),
      lifetime: !lifetime.withinCap,
    },
  };
}
