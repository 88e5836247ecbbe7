import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { ValidationError } from "../errors.ts";
import { normalizeAddress } from "../lib/address.ts";
import { isU64String } from "../lib/money.ts";
import { parseOrThrow } from "../schemas/parse.ts";
import type {
  PaymentReceipt,
  ScheduledPayment,
  StateExport,
  WalletState,
  WalletStateHistory,
} from "../schemas/state-history.ts";
import { JsonNumber, JsonSyntaxError, type JsonValue, parseJsonStream, type TopLevelShape } from "./lossless-json.ts";

/**
 * Reading one "legacy recovery" state export for every community wallet in it, streaming (one account in memory at
 * a time, see lossless-json.ts). Two shapes exist:
 *
 * - **v5 monthly exports** (0LNetworkCommunity/monthly-reports): one JSON array of accounts, 16-byte addresses,
 *   amounts in GAS. The community wallets are the registry list `comm_wallet.list` held by account `0x0`, which may
 *   come anywhere in the array, so the file is read twice: once for the registry, once for the wallets and for
 *   every account's receipts naming a wallet (its donors). Both readings must hash to the same sha256.
 * - **libra-framework's export** (`tools/storage`, "legacy recovery" JSON): JSON objects written one after another,
 *   32-byte addresses, amounts in LIBRA after the rebase. Every account with a `comm_wallet` or `tx_schedule`
 *   resource is a community wallet; one reading.
 *
 * The shape is told from the file (an array or a sequence), never from its name. Neither shape states the export's
 * date and the second states no epoch either: `report-YYYY-MM-DD-epoch-N` in a file name dates it, otherwise the
 * caller gives `epoch`/`date` (and `ledgerVersion` when known), and `dating` records which.
 */

export interface StateExportDating {
  epoch?: string;
  date?: string;
  ledgerVersion?: string;
  /** Where the given epoch/date/version come from, in plain words (appended to `dating`). */
  note?: string;
}

/** What one file says: the export, and each community wallet's state in it, in file order. */
export interface StateExportRead {
  export: StateExport;
  /** One entry per wallet; `states` holds exactly this export's state. */
  wallets: WalletStateHistory[];
}

const ERA_OF_SHAPE = {
  array: { era: "v5", unit: "GAS", format: "json-array" },
  sequence: { era: "v6", unit: "LIBRA", format: "concatenated-objects" },
} as const;

const REPORT_NAME = /report-(\d{4}-\d{2}-\d{2})-epoch-(\d+)/;
const REGISTRY_ACCOUNT = normalizeAddress("0x0");

const HexAddress = z
  .string()
  .regex(/^(?:0x)?(?:[0-9a-fA-F]{32}|[0-9a-fA-F]{64})$/, "expected a 16- or 32-byte hex address")
  .transform(normalizeAddress);
/** A JSON number token that is a u64, as its decimal text. */
const U64Number = z
  .instanceof(JsonNumber, { message: "expected a JSON number" })
  .transform((n) => n.text)
  .refine(isU64String, { message: "expected a u64 (a non-negative integer below 2^64)" });
/** A `vector<u8>` as serde writes it (an array of byte numbers), or already as a string. */
const Bytes = z.union([
  z.string(),
  z.array(
    z
      .instanceof(JsonNumber, { message: "expected a byte" })
      .refine((n) => /^(?:[0-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-5])$/.test(n.text), {
        message: "expected a byte (0 to 255)",
      })
      .transform((n) => Number(n.text)),
  ),
]);

/** What every account is read for first: who it is and whether it is a community wallet or names one. */
const AccountHead = z.looseObject({
  account: HexAddress,
  comm_wallet: z
    .looseObject({ list: z.array(HexAddress) })
    .nullable()
    .optional(),
  tx_schedule: z.unknown().optional(),
  receipts: z
    .looseObject({
      destination: z.array(HexAddress),
      cumulative: z.array(U64Number),
      last_payment_timestamp: z.array(U64Number),
      last_payment_value: z.array(U64Number),
    })
    .nullable()
    .optional(),
});

/** libra-framework's `donor_voice_txs::TimedTransfer` (uid: guid::ID; deadline epoch; tx: Payment). */
const TimedTransfer = z.looseObject({
  uid: z.looseObject({ creation_num: U64Number }),
  deadline: U64Number,
  tx: z.looseObject({ payee: HexAddress, value: U64Number, description: Bytes }),
});

/** The rest of a community wallet's record. */
const WalletRecord = z.looseObject({
  balance: z.looseObject({ coin: U64Number }),
  cumulative_deposits: z
    .looseObject({ value: U64Number, index: U64Number, depositors: z.array(HexAddress) })
    .nullable()
    .optional(),
  tx_schedule: z
    .looseObject({
      scheduled: z.array(TimedTransfer),
      veto: z.array(TimedTransfer),
      paid: z.array(TimedTransfer),
    })
    .nullable()
    .optional(),
});

type AccountHead = z.output<typeof AccountHead>;

function isObject(value: JsonValue): value is Record<string, JsonValue> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof JsonNumber);
}

/**
 * A description's bytes as text. Valid UTF-8 is kept exactly; invalid sequences become U+FFFD, so hostile bytes
 * can never produce anything but text (pages escape it and show control characters visibly).
 */
export function decodeDescriptionBytes(bytes: string | readonly number[]): string {
  if (typeof bytes === "string") {
    if (!/^0x(?:[0-9a-fA-F]{2})*$/.test(bytes)) return bytes;
    return new TextDecoder("utf-8", { fatal: false, ignoreBOM: true }).decode(Buffer.from(bytes.slice(2), "hex"));
  }
  return new TextDecoder("utf-8", { fatal: false, ignoreBOM: true }).decode(Uint8Array.from(bytes));
}

/** Streams the parsed accounts of `file` with their index and layout; returns the file's sha256 and shape. */
async function readAccounts(
  file: string,
  onAccount: (value: JsonValue, index: number, shape: TopLevelShape) => void,
): Promise<{ sha256: string; shape: TopLevelShape; count: number }> {
  const name = path.basename(file);
  const hash = createHash("sha256");
  let shape: TopLevelShape = "document";
  let count = 0;
  async function* hashing(): AsyncGenerator<Buffer> {
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
      hash.update(chunk as Buffer);
      yield chunk as Buffer;
    }
  }
  try {
    for await (const parsed of parseJsonStream(hashing(), { sequence: true })) {
      const { value, index } = parsed;
      shape = parsed.shape;
      if (index < 0 || !isObject(value) || !("account" in value)) {
        throw new ValidationError(
          `${name} is not a state export: its ${index <= 0 ? "first value" : `value [${index}]`} is not an account (an object with \`account\`).`,
        );
      }
      count++;
      onAccount(value, index, shape);
    }
  } catch (error) {
    if (error instanceof JsonSyntaxError) {
      throw new ValidationError(`${name} is not complete JSON: ${error.message}.`, { cause: error });
    }
    if (error instanceof Error && "code" in error && (error.code === "ENOENT" || error.code === "EISDIR")) {
      throw new ValidationError(`${file} cannot be read (${error.code}).`, { cause: error });
    }
    if (error instanceof TypeError && /decode|encoded/i.test(error.message)) {
      throw new ValidationError(`${name} is not UTF-8 text.`, { cause: error });
    }
    throw error;
  }
  if (count === 0) throw new ValidationError(`${name} holds no accounts: not a state export.`);
  return { sha256: hash.digest("hex"), shape, count };
}

function dateExport(name: string, era: "v5" | "v6", given: StateExportDating) {
  const fromName = REPORT_NAME.exec(name);
  const epochDigits = fromName?.[2] ?? /epoch-?(\d+)/.exec(name)?.[1];
  // "epoch-068" and "epoch-68" are one epoch: the canonical decimal form is what the schema and the id use.
  const epochInName = epochDigits === undefined ? undefined : BigInt(epochDigits).toString();
  const dateInName = fromName?.[1];
  for (const [what, inName, option] of [
    ["epoch", epochInName, given.epoch],
    ["date", dateInName, given.date],
  ] as const) {
    if (inName !== undefined && option !== undefined && inName !== option) {
      throw new ValidationError(
        `${name} names ${what} ${inName} in its file name; the ${what} given (${option}) disagrees.`,
      );
    }
  }
  const epoch = epochInName ?? given.epoch;
  const date = dateInName ?? given.date;
  if (epoch === undefined || date === undefined) {
    throw new ValidationError(
      `${name} does not state its ${epoch === undefined ? "epoch" : "date"}, and its file name has no report-YYYY-MM-DD-epoch-N: give --epoch N and --date YYYY-MM-DD (and --ledger-version V when known).`,
    );
  }
  const parts: string[] = [];
  const fromFileName = [epochInName && "epoch", dateInName && "date"].filter(Boolean);
  if (fromFileName.length > 0) parts.push(`${fromFileName.join(" and ")} from the file name`);
  const fromCommandLine = [
    epochInName === undefined && "epoch",
    dateInName === undefined && "date",
    given.ledgerVersion !== undefined && "ledger version",
  ].filter(Boolean);
  if (fromCommandLine.length > 0) parts.push(`${fromCommandLine.join(", ")} given to the importer`);
  if (given.ledgerVersion === undefined) parts.push("ledger version not stated");
  const note = given.note === undefined ? "" : ` (${given.note})`;
  return {
    id: `${era}-epoch-${epoch}`,
    epoch,
    date,
    ledgerVersion: given.ledgerVersion ?? null,
    dating: `${parts.join("; ")}${note}.`,
  };
}

function paymentsOf(head: AccountHead, where: string): PaymentReceipt[] {
  const r = head.receipts;
  if (r === undefined || r === null) return [];
  const lengths = [r.destination, r.cumulative, r.last_payment_timestamp, r.last_payment_value].map((a) => a.length);
  if (new Set(lengths).size !== 1) {
    throw new ValidationError(`${where}: receipts arrays differ in length (${lengths.join(", ")}).`);
  }
  if (new Set(r.destination).size !== r.destination.length) {
    throw new ValidationError(`${where}: receipts list the same destination twice.`);
  }
  return r.destination.map((destination, i) => ({
    destination,
    cumulative: r.cumulative[i] as string,
    lastPaymentTimestampSecs: r.last_payment_timestamp[i] as string,
    lastPaymentValue: r.last_payment_value[i] as string,
  }));
}

function scheduled(items: z.output<typeof TimedTransfer>[]): ScheduledPayment[] {
  return items.map((item) => ({
    uid: item.uid.creation_num,
    payee: item.tx.payee,
    value: item.tx.value,
    description: decodeDescriptionBytes(item.tx.description),
    deadlineEpoch: item.deadline,
  }));
}

/** Gathers the community wallets of one export as its accounts stream by. */
class WalletCollector {
  readonly wallets = new Map<string, WalletState>();
  /** v5: every wallet's donors (accounts holding a receipt for it): count and Σ cumulative. */
  private readonly donors: Map<string, { count: number; total: bigint }> | null;
  private readonly name: string;
  private readonly exportId: string;
  /** v5: the registry's list; null for v6 (a wallet is an account with a community-wallet resource). */
  private readonly registry: ReadonlySet<string> | null;

  constructor(name: string, exportId: string, registry: ReadonlySet<string> | null) {
    this.name = name;
    this.exportId = exportId;
    this.registry = registry;
    this.donors = registry === null ? null : new Map([...registry].map((a) => [a, { count: 0, total: 0n }]));
  }

  add(value: JsonValue, index: number): void {
    const where = `${this.name} account [${index}]`;
    const head = parseOrThrow(AccountHead, value, where);
    const payments = paymentsOf(head, `${where} (${head.account})`);
    if (this.donors !== null) {
      for (const payment of payments) {
        const donor = this.donors.get(payment.destination);
        if (donor === undefined) continue;
        donor.count++;
        donor.total += BigInt(payment.cumulative);
      }
    }
    const isWallet =
      this.registry === null
        ? (head.comm_wallet ?? null) !== null || (head.tx_schedule ?? null) !== null
        : this.registry.has(head.account);
    if (!isWallet) return;
    if (this.wallets.has(head.account)) {
      throw new ValidationError(`${this.name} lists community wallet ${head.account} twice (again at [${index}]).`);
    }
    const record = parseOrThrow(WalletRecord, value, `${where} (community wallet ${head.account})`);
    const deposits = record.cumulative_deposits ?? null;
    const schedule = record.tx_schedule ?? null;
    this.wallets.set(head.account, {
      export: this.exportId,
      record: index,
      balance: record.balance.coin,
      cumulativeDeposits:
        deposits === null ? null : { value: deposits.value, index: deposits.index, depositors: deposits.depositors },
      donorReceipts: null,
      payments,
      schedule:
        schedule === null
          ? null
          : {
              scheduled: scheduled(schedule.scheduled),
              veto: scheduled(schedule.veto),
              paid: scheduled(schedule.paid),
            },
    });
  }

  /** The wallets in file order, with their donors (v5); refuses a registry naming absent accounts, or no wallet. */
  finish(): WalletStateHistory[] {
    if (this.registry !== null && this.donors !== null) {
      const missing = [...this.registry].filter((address) => !this.wallets.has(address));
      if (missing.length > 0) {
        throw new ValidationError(
          `${this.name}: the community wallet registry lists ${missing.length} account(s) the export does not hold (${missing.slice(0, 3).join(", ")}${missing.length > 3 ? ", …" : ""}).`,
        );
      }
      for (const [address, state] of this.wallets) {
        const donor = this.donors.get(address) as { count: number; total: bigint };
        state.donorReceipts = { count: donor.count, total: donor.total.toString() };
      }
    }
    if (this.wallets.size === 0) {
      throw new ValidationError(
        this.registry !== null
          ? `${this.name} has no community wallets: no account 0x0 with a non-empty comm_wallet.list.`
          : `${this.name} has no community wallets: no account with a comm_wallet or tx_schedule resource.`,
      );
    }
    return [...this.wallets].map(([address, state]) => ({ address, states: [state] }));
  }
}

/** Reads `file` (see the module comment). Throws ValidationError naming the file and the record. */
export async function readStateExport(file: string, dating: StateExportDating = {}): Promise<StateExportRead> {
  const name = path.basename(file);
  let sequence: { collector: WalletCollector; dated: ReturnType<typeof dateExport> } | undefined;
  let registry: Set<string> | null = null;
  let registryAt = -1;
  const first = await readAccounts(file, (value, index, shape) => {
    if (shape === "sequence") {
      if (sequence === undefined) {
        const dated = dateExport(name, "v6", dating);
        sequence = { dated, collector: new WalletCollector(name, dated.id, null) };
      }
      sequence.collector.add(value, index);
      return;
    }
    // A v5 array: only the registry now (account 0x0 may come after the wallets it lists).
    const raw = (value as Record<string, JsonValue>).account;
    if (typeof raw === "string" && /^(?:0x)?[0-9a-fA-F]{64}$/.test(raw)) {
      // Arrays are read as v5 (GAS); an address in the 32-byte form means a later export, whose amounts are not GAS.
      throw new ValidationError(
        `${name} account [${index}] is written in the 32-byte form (64 hex), but a JSON array of accounts is read as a v5 monthly export (16-byte addresses, GAS); this is not one.`,
      );
    }
    const head = parseOrThrow(AccountHead, value, `${name} account [${index}]`);
    if (head.account !== REGISTRY_ACCOUNT) return;
    if (registryAt >= 0) throw new ValidationError(`${name} lists account 0x0 twice ([${registryAt}] and [${index}]).`);
    registryAt = index;
    registry = new Set(head.comm_wallet?.list ?? []);
  });
  if (first.shape === "document") throw new ValidationError(`${name} is not a state export.`);
  let dated: ReturnType<typeof dateExport>;
  let wallets: WalletStateHistory[];
  if (sequence !== undefined) {
    dated = sequence.dated;
    wallets = sequence.collector.finish();
  } else {
    dated = dateExport(name, "v5", dating);
    const collector = new WalletCollector(name, dated.id, registry ?? new Set());
    const second = await readAccounts(file, (value, index) => collector.add(value, index));
    if (second.sha256 !== first.sha256) {
      throw new ValidationError(`${name} changed while it was being read (its sha256 differs between two readings).`);
    }
    wallets = collector.finish();
  }
  const { era, unit, format } = ERA_OF_SHAPE[first.shape];
  return {
    export: {
      ...dated,
      era,
      unit,
      file: name,
      sha256: first.sha256,
      format,
      accountsRead: first.count,
      walletCount: wallets.length,
    },
    wallets,
  };
}
