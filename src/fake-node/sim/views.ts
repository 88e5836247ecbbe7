/**
 * `POST /v1/view` for the simulator: the Donor Voice view functions of chain.md §3.3, evaluated on the state at one
 * version, with the node's JSON encoding (u64 as decimal strings, u8 as numbers, addresses short).
 *
 * Arguments are checked like the node's JSON view parser: addresses as hex strings (short or long), u64 as decimal
 * strings, u8 as JSON numbers; wrong arity or types answer `invalid`. Move aborts and missing resources answer
 * `abort` with the abort code (or the VM status code) in `vmErrorCode`.
 */
import type { MoveJson, ViewResult } from "../model.ts";
import { canonicalTag, normalizeAddress, shortAddress } from "./move-json.ts";
import {
  ActionKind,
  type ActionRec,
  AdvancesKind,
  CoinStoreKind,
  CommunityWalletKind,
  ConfigurationKind,
  CumuKind,
  DonorAuthorizedKind,
  FRAMEWORK,
  FreezeKind,
  MultiGovKind,
  MultisigKind,
  PAYMENT_TYPE,
  type PaymentBallot,
  ReceiptsKind,
  RegistryKind,
  SlowWalletKind,
  type Tracker,
  TxScheduleKind,
  type TxScheduleRec,
  type VetoBallot,
  VetoGovKind,
} from "./resources.ts";
import { type DonorVoiceRules, PAID, SCHEDULED, scheduleStatus, VETOED } from "./rules.ts";
import { logItems, type ResourceKind } from "./store.ts";
import {
  abortCode,
  approvalPct,
  ErrorCategory,
  fpFromRational,
  fpMultiply,
  MoveAbort,
  participationPct,
  thresholdFromTurnout,
  thresholdRequired,
} from "./tally.ts";

/** Read access to the chain at one version. */
export interface ViewState {
  get<T>(addr: string, kind: ResourceKind<T>): T | undefined;
  readonly rules: DonorVoiceRules;
  /** Timestamp of the block holding the version, µs. */
  readonly nowUsec: bigint;
}

/** VM status code of a `borrow_global` on a resource that does not exist. */
const MISSING_DATA = 4008;

class VmFailure extends Error {
  readonly code: number;

  constructor(message: string, code: number) {
    super(message);
    this.code = code;
  }
}

function must<T>(st: ViewState, addr: string, kind: ResourceKind<T>): T {
  const rec = st.get(addr, kind);
  if (rec === undefined) {
    throw new VmFailure(
      `Failed to borrow global resource ${kind.tag} from ${shortAddress(addr)}: MISSING_DATA`,
      MISSING_DATA,
    );
  }
  return rec;
}

type Param = "address" | "u64" | "u8";
type Arg = string | bigint | number;

interface ViewDef {
  /** Number of generic type parameters. */
  readonly generics: number;
  readonly params: readonly Param[];
  run(st: ViewState, args: readonly Arg[], typeArgs: readonly string[]): MoveJson[];
}

const str = (v: bigint | number): string => v.toString();
const a = (args: readonly Arg[], i: number): string => args[i] as string;
const n = (args: readonly Arg[], i: number): bigint => args[i] as bigint;
const u8 = (args: readonly Arg[], i: number): number => args[i] as number;

function ids<B extends { id: bigint }>(list: readonly B[]): MoveJson {
  return list.map((b) => b.id.toString());
}

/** `ballot::find_anywhere`: (found, index, status 1/2/3, completed). */
function findAnywhere<B extends { id: bigint; completed: boolean }>(
  t: Tracker<B>,
  id: bigint,
): [boolean, number, number, boolean] {
  const lists: Array<[readonly B[], number]> = [
    [t.pending, 1],
    [logItems(t.approved), 2],
    [logItems(t.rejected), 3],
  ];
  for (const [list, status] of lists) {
    const i = list.findIndex((b) => b.id === id);
    if (i >= 0) return [true, i, status, (list[i] as B).completed];
  }
  return [false, 0, 0, false];
}

function byStatus<B>(t: Tracker<B>, status: number): readonly B[] {
  if (status === 1) return t.pending;
  if (status === 2) return logItems(t.approved);
  if (status === 3) return logItems(t.rejected);
  throw new MoveAbort("0x1::ballot", "EBAD_STATUS_ENUM", abortCode(ErrorCategory.invalidArgument, 2), "");
}

function schedule(st: ViewState, wallet: string): TxScheduleRec {
  const s = st.get(wallet, TxScheduleKind);
  if (s === undefined) {
    throw new MoveAbort(
      "0x1::donor_voice_txs",
      "ENOT_INIT_DONOR_VOICE",
      abortCode(ErrorCategory.notFound, 1),
      "Not initialized as a donor voice account.",
    );
  }
  return s;
}

/** `Action<T>` for the one proposal type the simulator keeps; other type arguments have no resource. */
function action(st: ViewState, wallet: string, typeArg: string): ActionRec {
  if (canonicalTag(typeArg) !== PAYMENT_TYPE) {
    throw new VmFailure(
      `Failed to borrow global resource 0x1::multi_action::Action<${typeArg}> from ${shortAddress(wallet)}: MISSING_DATA`,
      MISSING_DATA,
    );
  }
  return must(st, wallet, ActionKind);
}

function ballotById(st: ViewState, wallet: string, typeArg: string, id: bigint): PaymentBallot {
  const t = action(st, wallet, typeArg);
  const [found, index, status] = findAnywhere(t, id);
  if (!found) {
    throw new MoveAbort("0x1::ballot", "ENO_BALLOT_FOUND", abortCode(ErrorCategory.invalidArgument, 1), "");
  }
  return byStatus(t, status)[index] as PaymentBallot;
}

/** `turnout_tally::get_expiration_epoch`: the extended deadline when it is later than the original. */
function expirationEpoch(b: VetoBallot): bigint {
  if (b.extendedDeadline > b.cfgDeadline) return b.extendedDeadline;
  return b.cfgDeadline;
}

function vetoTally(st: ViewState, wallet: string, ballotId: bigint): MoveJson[] {
  const gov = must(st, wallet, VetoGovKind);
  const [found, index, status] = findAnywhere(gov, ballotId);
  if (!found) {
    throw new MoveAbort(
      "0x1::donor_voice_governance",
      "ENO_BALLOT_FOUND",
      abortCode(ErrorCategory.invalidArgument, 2),
      "No ballot found under that GUID",
    );
  }
  const b = byStatus(gov, status)[index] as VetoBallot;
  const deadline = expirationEpoch(b);
  return [
    str(approvalPct(b)),
    str(participationPct(b)),
    str(thresholdRequired(b)),
    str(deadline),
    str(b.minTurnout),
    b.tallyPass,
    b.tallyCompleted,
    status,
    b.completed,
  ];
}

function balanceOf(st: ViewState, addr: string): [bigint, bigint] {
  const cs = st.get(addr, CoinStoreKind);
  if (cs === undefined) {
    throw new MoveAbort(
      "0x1::coin",
      "ECOIN_STORE_NOT_PUBLISHED",
      abortCode(ErrorCategory.notFound, 5),
      "Account hasn't registered `CoinStore` for `CoinType`",
    );
  }
  if (st.rules.cfg.slow.has(addr)) return [st.get(addr, SlowWalletKind)?.unlocked ?? 0n, cs.value];
  return [cs.value, cs.value];
}

const SECONDS_IN_YEAR = 31_536_000n;

const VIEWS: Record<string, ViewDef> = {
  "0x1::ol_account::balance": {
    generics: 0,
    params: ["address"],
    run: (st, args) => balanceOf(st, a(args, 0)).map(str),
  },
  "0x1::epoch_helper::get_current_epoch": {
    generics: 0,
    params: [],
    run: (st) => [str(must(st, FRAMEWORK, ConfigurationKind).epoch)],
  },

  // ---- 0x1::donor_voice ----
  "0x1::donor_voice::get_root_registry": {
    generics: 0,
    params: [],
    run: (st) => [(st.get(FRAMEWORK, RegistryKind)?.list ?? []).map(shortAddress)],
  },
  "0x1::donor_voice::is_donor_voice": {
    generics: 0,
    params: ["address"],
    run: (st, args) => [(st.get(FRAMEWORK, RegistryKind)?.list ?? []).includes(a(args, 0))],
  },
  "0x1::donor_voice::get_liquidation_queue": {
    generics: 0,
    params: [],
    run: (st) => [must(st, FRAMEWORK, RegistryKind).liquidationQueue.map(shortAddress)],
  },
  "0x1::community_wallet::is_init": {
    generics: 0,
    params: ["address"],
    run: (st, args) => [st.get(a(args, 0), CommunityWalletKind) !== undefined],
  },

  // ---- 0x1::donor_voice_txs ----
  "0x1::donor_voice_txs::is_donor_voice": {
    generics: 0,
    params: ["address"],
    run: (st, args) => {
      const w = a(args, 0);
      return [
        st.get(w, MultiGovKind) !== undefined &&
          st.get(w, ActionKind) !== undefined &&
          st.get(w, FreezeKind) !== undefined &&
          st.get(w, TxScheduleKind) !== undefined,
      ];
    },
  },
  "0x1::donor_voice_txs::list_by_status": {
    generics: 0,
    params: ["address", "u8"],
    run: (st, args) => {
      const w = a(args, 0);
      const status = u8(args, 1);
      if (status >= 1 && status <= 3) return [ids(byStatus(action(st, w, PAYMENT_TYPE), status))];
      const s = must(st, w, TxScheduleKind);
      if (status === SCHEDULED) return [ids(s.scheduled)];
      if (status === PAID) return [ids(logItems(s.paid))];
      if (status === VETOED) return [ids(logItems(s.veto))];
      throw new MoveAbort(
        "0x1::donor_voice_txs",
        "ENOT_VALID_STATE_ENUM",
        abortCode(ErrorCategory.invalidArgument, 4),
        "Not a valid state enum",
      );
    },
  },
  "0x1::donor_voice_txs::get_tx_status": {
    generics: 0,
    params: ["address", "u64"],
    run: (st, args) => {
      const w = a(args, 0);
      const id = n(args, 1);
      const [pFound, pIndex, pStatus, pDone] = findAnywhere(must(st, w, ActionKind), id);
      const where = scheduleStatus(schedule(st, w), id);
      return [pFound, str(pIndex), pStatus, pDone, where.status !== 0, str(where.index), where.status];
    },
  },
  "0x1::donor_voice_txs::is_account_frozen": {
    generics: 0,
    params: ["address"],
    run: (st, args) => [must(st, a(args, 0), FreezeKind).isFrozen],
  },
  "0x1::donor_voice_txs::is_liquidate_to_match_index": {
    generics: 0,
    params: ["address"],
    run: (st, args) => [must(st, a(args, 0), FreezeKind).liquidateToMatchIndex],
  },
  "0x1::donor_voice_txs::get_dv_supply": {
    generics: 0,
    params: [],
    run: (st) => {
      let sum = 0n;
      for (const w of st.get(FRAMEWORK, RegistryKind)?.list ?? []) sum += balanceOf(st, w)[1];
      return [str(sum)];
    },
  },
  "0x1::donor_voice_txs::get_pro_rata": {
    generics: 0,
    params: ["address"],
    run: (st, args) => {
      const w = a(args, 0);
      const balance = balanceOf(st, w)[1];
      const cumu = st.get(w, CumuKind);
      const allTime = cumu?.value ?? 0n;
      if (cumu === undefined || allTime === 0n) return [[], []];
      const donors = logItems(cumu.depositors);
      const amounts = donors.map((d) => {
        const mine = st.rules.readReceipt((x, k) => st.get(x, k), d, w)[2];
        return str(fpMultiply(balance, fpFromRational(mine, allTime)));
      });
      return [donors.map(shortAddress), amounts];
    },
  },

  // ---- 0x1::multi_action ----
  "0x1::multi_action::get_authorities": {
    generics: 0,
    params: ["address"],
    run: (st, args) => [must(st, a(args, 0), MultisigKind).owners.map(shortAddress)],
  },
  "0x1::multi_action::get_threshold": {
    generics: 0,
    params: ["address"],
    run: (st, args) => {
      const ms = must(st, a(args, 0), MultisigKind);
      return [str(ms.required), str(ms.owners.length)];
    },
  },
  "0x1::multi_action::is_authority": {
    generics: 0,
    params: ["address", "address"],
    run: (st, args) => [must(st, a(args, 0), MultisigKind).owners.includes(a(args, 1))],
  },
  "0x1::multi_action::is_multi_action": {
    generics: 0,
    params: ["address"],
    run: (st, args) => [st.get(a(args, 0), MultiGovKind) !== undefined],
  },
  "0x1::multi_action::get_proposals_by_status": {
    generics: 1,
    params: ["address", "u8"],
    run: (st, args, ta) => [ids(byStatus(action(st, a(args, 0), ta[0] ?? ""), u8(args, 1)))],
  },
  "0x1::multi_action::get_pending_by_creation_number": {
    generics: 1,
    params: ["address"],
    run: (st, args, ta) => [ids(action(st, a(args, 0), ta[0] ?? "").pending)],
  },
  "0x1::multi_action::get_count_of_pending": {
    generics: 1,
    params: ["address"],
    run: (st, args, ta) => [str(action(st, a(args, 0), ta[0] ?? "").pending.length)],
  },
  "0x1::multi_action::get_votes": {
    generics: 1,
    params: ["address", "u64"],
    run: (st, args, ta) => [ballotById(st, a(args, 0), ta[0] ?? "", n(args, 1)).votes.map(shortAddress)],
  },
  "0x1::multi_action::get_expiration": {
    generics: 1,
    params: ["address", "u64"],
    run: (st, args, ta) => [str(ballotById(st, a(args, 0), ta[0] ?? "", n(args, 1)).expiration)],
  },

  // ---- donors: cumulative_deposits, receipts ----
  "0x1::cumulative_deposits::get_depositors": {
    generics: 0,
    params: ["address"],
    run: (st, args) => [logItems(must(st, a(args, 0), CumuKind).depositors).map(shortAddress)],
  },
  "0x1::cumulative_deposits::get_cumulative_deposits": {
    generics: 0,
    params: ["address"],
    run: (st, args) => [str(st.get(a(args, 0), CumuKind)?.value ?? 0n)],
  },
  "0x1::cumulative_deposits::get_index_cumu_deposits": {
    generics: 0,
    params: ["address"],
    run: (st, args) => [str(st.get(a(args, 0), CumuKind)?.index ?? 0n)],
  },
  "0x1::cumulative_deposits::is_init_cumu_tracking": {
    generics: 0,
    params: ["address"],
    run: (st, args) => [st.get(a(args, 0), CumuKind) !== undefined],
  },
  "0x1::receipts::read_receipt": {
    generics: 0,
    params: ["address", "address"],
    run: (st, args) => st.rules.readReceipt((x, k) => st.get(x, k), a(args, 0), a(args, 1)).map(str),
  },
  "0x1::receipts::is_init": {
    generics: 0,
    params: ["address"],
    run: (st, args) => [st.get(a(args, 0), ReceiptsKind) !== undefined],
  },

  // ---- vetoes: donor_voice_governance ----
  "0x1::donor_voice_governance::get_veto_ballots": {
    generics: 0,
    params: ["address"],
    run: (st, args) => {
      const g = must(st, a(args, 0), VetoGovKind);
      return [ids(g.pending), ids(logItems(g.approved)), ids(logItems(g.rejected))];
    },
  },
  "0x1::donor_voice_governance::get_veto_tally": {
    generics: 0,
    params: ["address", "u64"],
    run: (st, args) => vetoTally(st, a(args, 0), n(args, 1)),
  },
  "0x1::donor_voice_governance::tx_has_veto_pending": {
    generics: 0,
    params: ["address", "u64"],
    run: (st, args) => [must(st, a(args, 0), VetoGovKind).pending.some((b) => b.txId === n(args, 1))],
  },
  "0x1::donor_voice_governance::get_veto_deadline": {
    generics: 0,
    params: ["address", "u64"],
    run: (st, args) => {
      const b = must(st, a(args, 0), VetoGovKind).pending.find((x) => x.txId === n(args, 1));
      if (b === undefined) {
        throw new MoveAbort(
          "0x1::donor_voice_governance",
          "ENO_PENDING_BALLOT_FOUND",
          abortCode(ErrorCategory.invalidArgument, 4),
          "No pending ballot found",
        );
      }
      return [str(expirationEpoch(b))];
    },
  },
  "0x1::donor_voice_governance::get_user_donations": {
    generics: 0,
    params: ["address", "address"],
    run: (st, args) => [str(st.rules.readReceipt((x, k) => st.get(x, k), a(args, 1), a(args, 0))[2])],
  },
  "0x1::donor_voice_governance::check_is_donor": {
    generics: 0,
    params: ["address", "address"],
    run: (st, args) => [st.rules.readReceipt((x, k) => st.get(x, k), a(args, 1), a(args, 0))[2] > 0n],
  },
  "0x1::donor_voice_governance::get_reauth_ballots": {
    generics: 0,
    params: ["address"],
    run: () => [[], [], []],
  },
  "0x1::donor_voice_governance::get_liquidation_ballots": {
    generics: 0,
    params: ["address"],
    run: () => [[], [], []],
  },
  "0x1::donor_voice_governance::is_reauth_proposed": { generics: 0, params: ["address"], run: () => [false] },
  "0x1::donor_voice_governance::is_liquidation_proposed": { generics: 0, params: ["address"], run: () => [false] },
  "0x1::turnout_tally::get_threshold_from_turnout": {
    generics: 0,
    params: ["u64", "u64"],
    run: (_st, args) => [str(thresholdFromTurnout(n(args, 0), n(args, 1)))],
  },

  // ---- reauthorization ----
  "0x1::donor_voice_reauth::is_authorized": {
    generics: 0,
    params: ["address"],
    run: (st, args) => {
      const r = must(st, a(args, 0), DonorAuthorizedKind);
      const now = st.nowUsec / 1_000_000n;
      return [!r.reauthRequired && r.timestamp + 5n * SECONDS_IN_YEAR >= now];
    },
  },
  "0x1::donor_voice_reauth::flagged_for_reauthorization": {
    generics: 0,
    params: ["address"],
    run: (st, args) => [must(st, a(args, 0), DonorAuthorizedKind).reauthRequired],
  },

  // ---- advances ----
  "0x1::community_wallet_advance::total_outstanding_balance": {
    generics: 0,
    params: ["address"],
    run: (st, args) => [str(must(st, a(args, 0), AdvancesKind).balanceOutstanding)],
  },
  "0x1::community_wallet_advance::total_credit_available": {
    generics: 0,
    params: ["address"],
    run: (st, args) => {
      must(st, a(args, 0), AdvancesKind);
      return [str(st.rules.creditAvailable((x, k) => st.get(x, k), a(args, 0)))];
    },
  },
  "0x1::community_wallet_advance::get_lifetime_withdrawals": {
    generics: 0,
    params: ["address"],
    run: (st, args) => [str(st.get(a(args, 0), AdvancesKind)?.lifetimeWithdrawals ?? 0n)],
  },
  "0x1::community_wallet_advance::get_credit_line_bps": { generics: 0, params: [], run: () => ["50"] },
  "0x1::community_wallet_advance::is_advance_initialized": {
    generics: 0,
    params: ["address"],
    run: (st, args) => [st.get(a(args, 0), AdvancesKind) !== undefined],
  },
};

for (const [status, fn] of [
  [SCHEDULED, "is_scheduled"],
  [PAID, "is_paid"],
  [VETOED, "is_veto"],
] as const) {
  VIEWS[`0x1::donor_voice_txs::${fn}`] = {
    generics: 0,
    params: ["address", "u64"],
    run: (st, args) => [scheduleStatus(schedule(st, a(args, 0)), n(args, 1)).status === status],
  };
}
for (const [status, fn] of [
  [1, "is_voting"],
  [2, "is_approved"],
  [3, "is_rejected"],
] as const) {
  VIEWS[`0x1::donor_voice_txs::${fn}`] = {
    generics: 0,
    params: ["address", "u64"],
    run: (st, args) => {
      const [found, , s] = findAnywhere(must(st, a(args, 0), ActionKind), n(args, 1));
      return [found && s === status];
    },
  };
}
const ENUMS = [
  ["voting_enum", 1],
  ["approved_enum", 2],
  ["rejected_enum", 3],
  ["scheduled_enum", 4],
  ["paid_enum", 5],
  ["veto_enum", 6],
] as const;
for (const [fn, value] of ENUMS) {
  VIEWS[`0x1::donor_voice_txs::${fn}`] = { generics: 0, params: [], run: () => [value] };
}

function parseArg(param: Param, raw: unknown): Arg | undefined {
  switch (param) {
    case "address":
      // Like the node's `Address::from_str`: a `0x` literal may be short, bare hex must be all 64 digits.
      if (typeof raw !== "string" || (!raw.startsWith("0x") && raw.length !== 64)) return undefined;
      return normalizeAddress(raw);
    case "u64":
      if (typeof raw !== "string" || !/^(0|[1-9][0-9]*)$/.test(raw)) return undefined;
      return BigInt(raw) <= (1n << 64n) - 1n ? BigInt(raw) : undefined;
    case "u8":
      return typeof raw === "number" && Number.isInteger(raw) && raw >= 0 && raw <= 255 ? raw : undefined;
  }
}

/** Evaluate a view function against `st`. */
export function evaluateView(
  st: ViewState,
  fn: string,
  typeArguments: readonly string[],
  args: readonly unknown[],
): ViewResult {
  const name = canonicalTag(fn);
  const def = VIEWS[name];
  if (def === undefined) {
    return { ok: false, kind: "invalid", message: `Function ${fn} is not a view function known to this node` };
  }
  if (typeArguments.length !== def.generics) {
    return {
      ok: false,
      kind: "invalid",
      message: `Invalid input: ${name} expects ${def.generics} type arguments, got ${typeArguments.length}`,
    };
  }
  if (args.length !== def.params.length) {
    return {
      ok: false,
      kind: "invalid",
      message: `Invalid input: ${name} expects ${def.params.length} arguments, got ${args.length}`,
    };
  }
  const parsed: Arg[] = [];
  for (let i = 0; i < def.params.length; i++) {
    const param = def.params[i] as Param;
    const value = parseArg(param, args[i]);
    if (value === undefined) {
      return {
        ok: false,
        kind: "invalid",
        message: `Invalid input: argument ${i} of ${name} is not a valid ${param}: ${JSON.stringify(args[i])}`,
      };
    }
    parsed.push(value);
  }
  try {
    return { ok: true, values: def.run(st, parsed, typeArguments) };
  } catch (err) {
    if (err instanceof MoveAbort || err instanceof VmFailure) {
      return { ok: false, kind: "abort", message: err.message, vmErrorCode: err.code };
    }
    throw err;
  }
}
