/**
 * Scenario files for the fake 0L node: what happens to one Donor Voice wallet, epoch by epoch. A scenario is data
 * (JSON); `simulate()` turns it into a `FakeChain`.
 *
 * Each entry of `epochs` is one chain epoch (`firstEpoch + index`). Inside an epoch the user transactions run in a
 * fixed order — donations, proposals, approvals, vetoes — then the boundary that closes the epoch runs (inflows,
 * payouts, reconfiguration), except after the LAST entry, which stays the chain's current, open epoch.
 *
 * Amounts are decimal strings of base units (u64; 1 LIBRA = 1,000,000 units). Addresses may be short or long, with or
 * without `0x`; they are normalised to 64 lower-case hex digits without `0x`.
 */
import { readFileSync } from "node:fs";
import { isNode, LineCounter, parseDocument } from "yaml";
import { z } from "zod";
import { normalizeAddress, shortAddress } from "./move-json.ts";

const U64_MAX = (1n << 64n) - 1n;
const AMOUNT_MESSAGE = "expected a decimal string of base units";

/** u64 amount in base units: a decimal string in the file, a bigint after parsing. */
export const AmountSchema = z
  .string({ error: AMOUNT_MESSAGE })
  .regex(/^(0|[1-9][0-9]*)$/, { error: AMOUNT_MESSAGE })
  .transform((s) => BigInt(s))
  .refine((v) => v <= U64_MAX, { error: "amount does not fit in a u64" });

/** Account address; output is 64 lower-case hex digits without `0x`. */
export const AddressSchema = z
  .string({ error: "expected an account address" })
  .regex(/^(0x)?[0-9a-fA-F]{1,64}$/, { error: "expected an account address (1–64 hex digits, optional 0x)" })
  .transform((s) => normalizeAddress(s) ?? "");

const ISO_UTC = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;

/** Genesis time as written in the file (`YYYY-MM-DDTHH:MM:SSZ`, UTC); see `genesisUsec`. */
const GenesisTimeSchema = z
  .string()
  .regex(ISO_UTC, { error: "expected a UTC time like 2025-01-01T00:00:00Z" })
  .refine((s) => genesisUsecOrUndefined(s) !== undefined, { error: "not a valid calendar time" });

function genesisUsecOrUndefined(iso: string): bigint | undefined {
  const m = ISO_UTC.exec(iso);
  if (m === null) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map((part) => Number.parseInt(part, 10)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(ms);
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return undefined;
  return BigInt(ms) * 1000n;
}

/** Microseconds since the unix epoch of a validated `genesisTime` string. */
export function genesisUsec(iso: string): bigint {
  const usec = genesisUsecOrUndefined(iso);
  if (usec === undefined) throw new Error(`genesisTime ${JSON.stringify(iso)} is not a valid UTC time`);
  return usec;
}

/** A donor's `0x1::ol_account::transfer` to the wallet (writes a receipt and cumulative deposits). */
export const DonationSchema = z.strictObject({
  donor: AddressSchema,
  amount: AmountSchema,
});

/**
 * A deposit into the wallet with NO receipt (match-index recycling): executed by the VM inside the epoch-boundary
 * transaction that closes this epoch, before payouts.
 */
export const InflowSchema = z.strictObject({
  amount: AmountSchema,
  /** Free text for humans; not written on chain. */
  source: z.string().default("match_index"),
});

/** An authority's `0x1::donor_voice_txs::propose_payment_tx` (which is also that authority's vote). */
export const ProposalSchema = z.strictObject({
  /** Scenario-local name of the payment, used by approvals and vetoes (the chain id is only known once simulated). */
  ref: z.string().min(1),
  authority: AddressSchema,
  payee: AddressSchema,
  amount: AmountSchema,
  /** Stored on chain as `vector<u8>` (UTF-8). */
  description: z.string(),
  /** `advance_unlocked`: pay at once from the credit line instead of scheduling (payee must not be a slow wallet). */
  advance: z.boolean().default(false),
});

/** Another authority sending the same `propose_payment_tx`, which counts as a vote for it. */
export const ApprovalSchema = z.strictObject({
  ref: z.string().min(1),
  authority: AddressSchema,
});

/** A donor's `0x1::donor_voice_txs::propose_veto_tx` against a scheduled payment. */
export const VetoSchema = z.strictObject({
  ref: z.string().min(1),
  donor: AddressSchema,
});

export const EpochSchema = z.strictObject({
  /** Free text for humans. */
  note: z.string().optional(),
  /** Extra seconds before the boundary closing this epoch is triggered (epochs last `epochSecs` + this). */
  triggerDelaySecs: z.int().nonnegative().default(0),
  donations: z.array(DonationSchema).default([]),
  inflows: z.array(InflowSchema).default([]),
  proposals: z.array(ProposalSchema).default([]),
  approvals: z.array(ApprovalSchema).default([]),
  vetoes: z.array(VetoSchema).default([]),
});

/** Protocol knobs; defaults are the mainnet values read from libra-framework (chain.md §4). */
export const RulesSchema = z.strictObject({
  /** `cfg_min_turnout` of veto ballots, ×100 (mainnet 1250 = 12.5 %; test nets 500). */
  minTurnoutBps: z.int().min(1).max(10000).default(1250),
  /** Epochs between approval and the deadline of a scheduled payment (`DEFAULT_PAYMENT_DURATION`). */
  paymentDelayEpochs: z.int().min(0).default(3),
  /** Epochs a veto ballot stays open (`DEFAULT_VETO_DURATION`). */
  vetoDurationEpochs: z.int().min(3).default(7),
  /** Epochs an unapproved proposal stays open (`multi_action` `DEFAULT_EPOCHS_EXPIRE`). */
  proposalExpiryEpochs: z.int().min(1).default(14),
  /**
   * false (the code as read, chain.md §4 caveat b): a second `propose_veto_tx` on a transfer whose veto ballot is
   * still pending aborts with `EDUPLICATE_PROPOSAL`. true: it adds the donor's weight to that ballot instead (what the
   * test-only `vote_veto_tx` does), for scenarios that need multi-donor tallies.
   */
  vetoJoinsPendingBallot: z.boolean().default(false),
});

export const AccountSchema = z.strictObject({
  address: AddressSchema,
  /** Free text for humans. */
  label: z.string().optional(),
  /**
   * Opening balance at genesis. Default: donors get their scenario donations plus 10 LIBRA, other senders 10 LIBRA
   * (gas), accounts that only receive nothing.
   */
  balance: AmountSchema.optional(),
  /** Slow wallet? Default: true for payees of scheduled (non-advance) proposals, false otherwise. */
  slow: z.boolean().optional(),
});

export const WalletSchema = z.strictObject({
  address: AddressSchema,
  label: z.string().optional(),
  /** Multisig owners (`MultisigAccount.owners`). */
  authorities: z.array(AddressSchema).min(1),
  /** n of the n-of-m multisig. */
  threshold: z.int().min(1),
  /** Balance at genesis with no receipts behind it (e.g. migrated from the legacy chain). */
  openingBalance: AmountSchema.default(0n),
  liquidateToMatchIndex: z.boolean().default(true),
});

const DEFAULT_TRIGGER_SIGNER = "000000000000000000000000000000000000000000000000000000000000b0b1";

const ScenarioObjectSchema = z.strictObject({
  $schema: z.string().optional(),
  name: z.string().min(1),
  description: z.string().optional(),
  /** `chain_id` in ledger info (mainnet 1). */
  chainId: z.int().min(1).max(255).default(1),
  /** Time of the genesis block, which opens `firstEpoch`. */
  genesisTime: GenesisTimeSchema,
  firstEpoch: z.int().nonnegative().default(1),
  /** `BlockResource.epoch_interval` in seconds; the chain never shortens an epoch below it. */
  epochSecs: z.int().min(86400, { error: "epochs last at least 24 h (86400 s) on 0L" }).default(86400),
  /** Most user transactions per block. */
  blockSize: z.int().min(1).max(10000).default(4),
  /**
   * Blocks without user transactions opened just before each block that has some: the versions of a busy chain
   * that have nothing to do with the wallet (on 0L a donation is one version among millions). Default 0.
   */
  fillerBlocks: z.int().min(0).max(100000).default(0),
  rules: RulesSchema.prefault({}),
  wallet: WalletSchema,
  accounts: z.array(AccountSchema).default([]),
  /** Sender of every `0x1::diem_governance::trigger_epoch` transaction. */
  triggerSigner: AddressSchema.default(DEFAULT_TRIGGER_SIGNER),
  epochs: z.array(EpochSchema).min(1),
});

/** A scenario file, with cross-field checks (refs exist before use, threshold ≤ authorities, no duplicates). */
export const ScenarioSchema = ScenarioObjectSchema.superRefine((s, ctx) => {
  if (s.wallet.threshold > s.wallet.authorities.length) {
    ctx.addIssue({
      code: "custom",
      path: ["wallet", "threshold"],
      message: `threshold ${s.wallet.threshold} is more than the ${s.wallet.authorities.length} authorities`,
    });
  }
  const seenAuth = new Set<string>();
  s.wallet.authorities.forEach((a, i) => {
    if (seenAuth.has(a))
      ctx.addIssue({ code: "custom", path: ["wallet", "authorities", i], message: "duplicate authority" });
    seenAuth.add(a);
  });
  const seenAccounts = new Set<string>();
  s.accounts.forEach((a, i) => {
    if (seenAccounts.has(a.address) || a.address === s.wallet.address) {
      ctx.addIssue({ code: "custom", path: ["accounts", i, "address"], message: "account listed twice" });
    }
    seenAccounts.add(a.address);
  });
  const refs = new Map<string, string>();
  s.epochs.forEach((epoch, e) => {
    epoch.donations.forEach((d, i) => {
      if (d.donor === s.wallet.address) {
        ctx.addIssue({
          code: "custom",
          path: ["epochs", e, "donations", i, "donor"],
          message: "the wallet cannot donate to itself",
        });
      }
    });
    epoch.proposals.forEach((p, i) => {
      const first = refs.get(p.ref);
      if (first !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["epochs", e, "proposals", i, "ref"],
          message: `duplicate proposal ref "${p.ref}" (first defined at ${first})`,
        });
      } else {
        refs.set(p.ref, `epochs[${e}].proposals[${i}]`);
      }
    });
    for (const section of ["approvals", "vetoes"] as const) {
      epoch[section].forEach((a, i) => {
        if (!refs.has(a.ref)) {
          ctx.addIssue({
            code: "custom",
            path: ["epochs", e, section, i, "ref"],
            message: `unknown proposal ref "${a.ref}" (proposals must come first, in this or an earlier epoch)`,
          });
        }
      });
    }
  });
});

/** A parsed scenario: amounts are bigint, addresses 64 lower-case hex without `0x`, defaults filled in. */
export type Scenario = z.output<typeof ScenarioSchema>;
/** What a scenario file may contain. */
export type ScenarioInput = z.input<typeof ScenarioSchema>;
export type ScenarioEpoch = Scenario["epochs"][number];

/** A scenario file failed to parse or validate; `message` names file, line and field of every problem. */
export class ScenarioError extends Error {
  readonly problems: readonly string[];

  constructor(fileName: string, problems: readonly string[]) {
    super(`Invalid scenario ${fileName}:\n${problems.join("\n")}`);
    this.name = "ScenarioError";
    this.problems = problems;
  }
}

/** `epochs[3].donations[0].amount` */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out === "" ? "(root)" : out;
}

/**
 * Parse a scenario from JSON text. JSON.parse does the fast path (generated scenarios are large); only when
 * validation fails is the text re-read with `yaml`'s `parseDocument`, whose node ranges give each problem's line.
 */
export function parseScenarioText(text: string, fileName: string): Scenario {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new ScenarioError(fileName, [`${fileName}: not valid JSON: ${reason}`]);
  }
  const result = ScenarioSchema.safeParse(data);
  if (result.success) return result.data;

  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, keepSourceTokens: false });
  const lineOf = (path: readonly PropertyKey[]): number => {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = doc.getIn(path.slice(0, depth) as Array<string | number>, true);
      if (isNode(node) && node.range !== undefined && node.range !== null) {
        return lineCounter.linePos(node.range[0]).line;
      }
    }
    return 1;
  };
  const problems = result.error.issues.map((issue) => {
    let path: PropertyKey[] = [...issue.path];
    let message = issue.message;
    if (issue.code === "unrecognized_keys" && issue.keys[0] !== undefined) {
      path = [...path, issue.keys[0]];
      message = "unknown field";
    }
    return `${fileName}:${lineOf(path)} ${formatPath(path)}: ${message}`;
  });
  throw new ScenarioError(fileName, problems);
}

/** Read and parse a scenario file; errors name the file as given. */
export function loadScenarioFile(path: string): Scenario {
  return parseScenarioText(readFileSync(path, "utf8"), path);
}

/** The scenario as file JSON (2-space, trailing newline), the inverse of `parseScenarioText`. */
export function scenarioToJson(s: Scenario): string {
  const addr = (a: string): string => shortAddress(a);
  const amount = (v: bigint): string => v.toString();
  const out = {
    ...(s.$schema === undefined ? {} : { $schema: s.$schema }),
    name: s.name,
    ...(s.description === undefined ? {} : { description: s.description }),
    chainId: s.chainId,
    genesisTime: s.genesisTime,
    firstEpoch: s.firstEpoch,
    epochSecs: s.epochSecs,
    blockSize: s.blockSize,
    ...(s.fillerBlocks === 0 ? {} : { fillerBlocks: s.fillerBlocks }),
    rules: s.rules,
    wallet: {
      address: addr(s.wallet.address),
      ...(s.wallet.label === undefined ? {} : { label: s.wallet.label }),
      authorities: s.wallet.authorities.map(addr),
      threshold: s.wallet.threshold,
      openingBalance: amount(s.wallet.openingBalance),
      liquidateToMatchIndex: s.wallet.liquidateToMatchIndex,
    },
    accounts: s.accounts.map((a) => ({
      address: addr(a.address),
      ...(a.label === undefined ? {} : { label: a.label }),
      ...(a.balance === undefined ? {} : { balance: amount(a.balance) }),
      ...(a.slow === undefined ? {} : { slow: a.slow }),
    })),
    triggerSigner: addr(s.triggerSigner),
    epochs: s.epochs.map((e) => ({
      ...(e.note === undefined ? {} : { note: e.note }),
      ...(e.triggerDelaySecs === 0 ? {} : { triggerDelaySecs: e.triggerDelaySecs }),
      ...(e.donations.length === 0
        ? {}
        : { donations: e.donations.map((d) => ({ donor: addr(d.donor), amount: amount(d.amount) })) }),
      ...(e.inflows.length === 0
        ? {}
        : { inflows: e.inflows.map((i) => ({ amount: amount(i.amount), source: i.source })) }),
      ...(e.proposals.length === 0
        ? {}
        : {
            proposals: e.proposals.map((p) => ({
              ref: p.ref,
              authority: addr(p.authority),
              payee: addr(p.payee),
              amount: amount(p.amount),
              description: p.description,
              ...(p.advance ? { advance: true } : {}),
            })),
          }),
      ...(e.approvals.length === 0
        ? {}
        : { approvals: e.approvals.map((a) => ({ ref: a.ref, authority: addr(a.authority) })) }),
      ...(e.vetoes.length === 0 ? {} : { vetoes: e.vetoes.map((v) => ({ ref: v.ref, donor: addr(v.donor) })) }),
    })),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
