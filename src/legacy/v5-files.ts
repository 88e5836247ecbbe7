import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { ValidationError } from "../errors.ts";
import { legacyExportDayProblem } from "../lib/legacy-export-day.ts";
import { isU64String } from "../lib/money.ts";
import type { LegacyEvent, LegacyExport, LegacyReceipt, LegacySource } from "../schemas/legacy.ts";
import { parseOrThrow } from "../schemas/parse.ts";
import {
  JsonNumber,
  JsonSyntaxError,
  type JsonValue,
  JsonValueTooLargeError,
  parseJsonStream,
} from "./lossless-json.ts";

/**
 * Reading the three kinds of v5 file the legacy importer accepts, in one streaming pass each (see
 * lossless-json.ts): a state export (a JSON array of accounts, as in 0LNetworkCommunity/monthly-reports), a
 * transaction archive (a JSON array of JSON-RPC transactions, forensic-db's "json rescue" format), and the derived
 * receipts summary (one object with a `snapshots` list, computed from several exports; marked as derived).
 * The kind is told from the file's first value, so no flag is needed. Amounts stay decimal strings throughout.
 */

/** What one file contributes for the wallet. */
export interface LegacyFileImport {
  source: LegacySource;
  exports: LegacyExport[];
  receipts: LegacyReceipt[];
  events: LegacyEvent[];
  /** Accounts or transactions read, for the summary line. */
  itemsRead: number;
}

export interface ReadLegacyOptions {
  /** The wallet, canonical `0x` + 64 hex; v5 files name it by its last 16 bytes. */
  wallet: string;
  /** For a state export whose file name has no `report-YYYY-MM-DD-epoch-N`. */
  date?: string;
  epoch?: string;
  /** Largest file accepted (checked before reading); default `MAX_LEGACY_FILE_BYTES`. */
  maxFileBytes?: number;
  /** Longest single record (or whole summary) accepted, in characters; default `MAX_LEGACY_VALUE_CHARS`. */
  maxValueChars?: number;
}

/**
 * Bounds on what the importer reads, so a huge or hostile file fails fast with its name and memory stays bounded.
 * The real v5 state exports are a few MB and their records (one account, one transaction) a few kB; the derived
 * receipts summary, read whole, is far below the record bound.
 */
export const MAX_LEGACY_FILE_BYTES = 1024 * 1024 * 1024;
export const MAX_LEGACY_VALUE_CHARS = 16 * 1024 * 1024;

/** A v5 address (16 bytes, no 0x) in the canonical 64-hex form. */
export function fromV5Address(hex: string): string {
  return `0x${hex.toLowerCase().padStart(64, "0")}`;
}

/** The v5 (16-byte) form of a canonical address; throws when the address has no v5 form. */
export function toV5Address(wallet: string): string {
  const hex = wallet.slice(2);
  if (!/^0{32}[0-9a-f]{32}$/.test(hex)) {
    throw new ValidationError(`${wallet} has no v5 form: v5 addresses are 16 bytes (the upper 16 must be zero).`);
  }
  return hex.slice(32);
}

const V5Address = z.string().regex(/^[0-9a-fA-F]{32}$/, "expected a 16-byte v5 address (32 hex, no 0x)");
/** A JSON number token that is a u64, as its decimal text. */
const U64Number = z
  .instanceof(JsonNumber, { message: "expected a JSON number" })
  .transform((n) => n.text)
  .refine(isU64String, { message: "expected a u64 (a non-negative integer below 2^64)" });
const SafeInt = z
  .instanceof(JsonNumber, { message: "expected a JSON number" })
  .refine((n) => /^(0|[1-9][0-9]{0,14})$/.test(n.text), { message: "expected a small non-negative integer" })
  .transform((n) => Number(n.text));
const U64Text = z.string().refine(isU64String, { message: "expected a u64 decimal string" });
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected YYYY-MM-DD");

const ExportAccountSchema = z.looseObject({
  account: V5Address,
  balance: z.looseObject({ coin: U64Number }).optional(),
  receipts: z
    .looseObject({
      destination: z.array(V5Address),
      cumulative: z.array(U64Number),
      last_payment_timestamp: z.array(U64Number),
      last_payment_value: z.array(U64Number),
    })
    .optional(),
});

const SummarySchema = z.looseObject({
  _about: z.string(),
  snapshots: z
    .array(
      z.looseObject({
        date: Day,
        epoch: U64Number,
        sip_balance: U64Text,
        donor_count: SafeInt,
        sum_cumulative: U64Text,
        donors: z.array(
          z.looseObject({
            donor: V5Address,
            cumulative: U64Text,
            last_payment_timestamp: U64Number,
            last_payment_value: U64Text,
          }),
        ),
      }),
    )
    .min(1),
});

const TransactionSchema = z.looseObject({
  version: U64Number,
  timestamp_usecs: U64Number,
  gas_used: U64Number.optional(),
  transaction: z.looseObject({
    type: z.string(),
    sender: V5Address.optional(),
    gas_unit_price: U64Number.optional(),
    script: z
      .looseObject({
        module_name: z.string().optional(),
        function_name: z.string().optional(),
        arguments_bcs: z.array(z.string()).optional(),
      })
      .optional(),
  }),
  events: z.array(z.looseObject({ data: z.looseObject({ type: z.string() }) })).default([]),
});

const EXPORT_NAME = /report-(\d{4}-\d{2}-\d{2})-epoch-(\d+)/;

function isObject(value: JsonValue): value is Record<string, JsonValue> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof JsonNumber);
}

/** Hashes the bytes as they stream by, so the file is read once. */
async function* hashing(file: string, hash: ReturnType<typeof createHash>): AsyncGenerator<Buffer> {
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
    yield chunk as Buffer;
  }
}

/** Reads one v5 file and returns what it says about the wallet. Throws ValidationError naming the file. */
export async function readLegacyFile(file: string, options: ReadLegacyOptions): Promise<LegacyFileImport> {
  const name = path.basename(file);
  const v5 = toV5Address(options.wallet);
  const hash = createHash("sha256");
  let handler: ((value: JsonValue, index: number) => void) | undefined;
  let finish: (() => Found) | undefined;
  let kind: LegacySource["kind"] | undefined;
  let items = 0;
  const maxFileBytes = options.maxFileBytes ?? MAX_LEGACY_FILE_BYTES;
  const maxValueChars = options.maxValueChars ?? MAX_LEGACY_VALUE_CHARS;
  try {
    const { size } = await stat(file);
    if (size > maxFileBytes) {
      throw new ValidationError(
        `${name} is ${size} bytes, more than the ${maxFileBytes / (1024 * 1024)} MB a v5 file may have (real state exports are a few MB). Nothing was read from it; check that it is the right file.`,
      );
    }
    for await (const { value, index } of parseJsonStream(hashing(file, hash), { maxValueChars })) {
      if (handler === undefined) {
        if (index < 0 && isObject(value) && "snapshots" in value) {
          kind = "derived-summary";
          ({ handler, finish } = summaryReader(name, v5));
        } else if (index >= 0 && isObject(value) && "account" in value) {
          kind = "state-export";
          ({ handler, finish } = exportReader(name, v5, options));
        } else if (index >= 0 && isObject(value) && "version" in value && "transaction" in value) {
          kind = "transaction-archive";
          ({ handler, finish } = archiveReader(name, v5));
        } else {
          throw new ValidationError(
            `${name} is not a v5 state export, transaction archive or derived receipts summary: its ${index < 0 ? "top-level value" : "first element"} has neither \`account\`, \`version\`+\`transaction\` nor \`snapshots\`.`,
          );
        }
      }
      items++;
      handler(value, index);
    }
  } catch (error) {
    if (error instanceof JsonValueTooLargeError) {
      throw new ValidationError(
        `${name}: ${error.index < 0 ? "its JSON value" : `record ${error.index} (an element of its top-level array)`} is longer than ${error.maxChars / (1024 * 1024)} M characters, where a v5 record is a few kB. The file is damaged or not a v5 file; reading stopped there.`,
        { cause: error },
      );
    }
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
  if (handler === undefined || finish === undefined || kind === undefined) {
    throw new ValidationError(`${name} is an empty JSON array: not a v5 state export or transaction archive.`);
  }
  const found = finish();
  const source: LegacySource = { file: name, sha256: hash.digest("hex"), kind };
  return {
    source,
    exports: found.exports.map((e) => ({ ...e, source })),
    receipts: found.receipts.map((r) => ({ ...r, source })),
    events: found.events.map((e) => ({ ...e, source })),
    itemsRead: kind === "derived-summary" ? 0 : items,
  };
}

type Unsourced<T> = Omit<T, "source">;
interface Found {
  exports: Unsourced<LegacyExport>[];
  receipts: Unsourced<LegacyReceipt>[];
  events: Unsourced<LegacyEvent>[];
}

function exportReader(name: string, v5: string, options: ReadLegacyOptions) {
  const fromName = EXPORT_NAME.exec(name);
  const date = fromName?.[1] ?? options.date;
  const epoch = fromName?.[2] ?? options.epoch;
  if (date === undefined || epoch === undefined) {
    throw new ValidationError(
      `${name} is a state export but its name has no report-YYYY-MM-DD-epoch-N: give --date YYYY-MM-DD and --epoch N.`,
    );
  }
  if (fromName && ((options.date && options.date !== date) || (options.epoch && options.epoch !== epoch))) {
    throw new ValidationError(
      `${name} names epoch ${epoch} (${date}) in its file name; --date/--epoch disagree with it.`,
    );
  }
  const problem = legacyExportDayProblem(date, epoch);
  if (problem !== null) {
    throw new ValidationError(
      fromName
        ? `${name}: its name files it under ${problem}, so it was not imported. Rename it to report-YYYY-MM-DD-epoch-N.json with the export's real day and epoch.`
        : `${name}: --date/--epoch give ${problem}, so it was not imported.`,
    );
  }
  let balance: string | undefined;
  const receipts: Unsourced<LegacyReceipt>[] = [];
  const donors = new Set<string>();
  const handler = (value: JsonValue, index: number) => {
    const account = parseOrThrow(ExportAccountSchema, value, `${name} account [${index}]`);
    const address = account.account.toLowerCase();
    if (address === v5) {
      if (balance !== undefined) throw new ValidationError(`${name} lists account ${v5} twice (again at [${index}]).`);
      if (account.balance === undefined) {
        throw new ValidationError(`${name} account [${index}] (${v5}) has no balance.coin.`);
      }
      balance = account.balance.coin;
    }
    const r = account.receipts;
    if (r === undefined) return;
    const lengths = [r.destination, r.cumulative, r.last_payment_timestamp, r.last_payment_value].map((a) => a.length);
    if (new Set(lengths).size !== 1) {
      throw new ValidationError(
        `${name} account [${index}] (${address}): receipts arrays differ in length (${lengths.join(", ")}).`,
      );
    }
    r.destination.forEach((destination, i) => {
      if (destination.toLowerCase() !== v5) return;
      if (donors.has(address)) {
        throw new ValidationError(`${name} account [${index}] (${address}) holds two receipts for ${v5}.`);
      }
      donors.add(address);
      receipts.push({
        epoch,
        donor: fromV5Address(address),
        cumulative: r.cumulative[i] as string,
        lastPaymentTimestampSecs: r.last_payment_timestamp[i] as string,
        lastPaymentValue: r.last_payment_value[i] as string,
      });
    });
  };
  const finish = (): Found => {
    if (balance === undefined) {
      throw new ValidationError(
        `${name} has no account ${v5}: wrong address, or not an export of the chain this wallet lived on.`,
      );
    }
    return {
      exports: [{ epoch, date, balance, donorCount: receipts.length, receiptsTotal: sum(receipts) }],
      receipts,
      events: [],
    };
  };
  return { handler, finish };
}

function sum(receipts: readonly { cumulative: string }[]): string {
  return receipts.reduce((total, r) => total + BigInt(r.cumulative), 0n).toString();
}

function summaryReader(name: string, v5: string) {
  let found: Found | undefined;
  const handler = (value: JsonValue) => {
    const summary = parseOrThrow(SummarySchema, value, name);
    // The summary names its account only in prose; refuse to attribute it to another wallet.
    if (!summary._about.toLowerCase().includes(v5)) {
      throw new ValidationError(
        `${name} is a receipts summary, but not for account ${v5} (its _about does not name it).`,
      );
    }
    found = { exports: [], receipts: [], events: [] };
    summary.snapshots.forEach((snapshot, s) => {
      const where = `${name} snapshots[${s}] (epoch ${snapshot.epoch})`;
      const problem = legacyExportDayProblem(snapshot.date, snapshot.epoch);
      if (problem !== null) throw new ValidationError(`${where}: ${problem}, so nothing was imported.`);
      const receipts = snapshot.donors.map((d) => ({
        epoch: snapshot.epoch,
        donor: fromV5Address(d.donor),
        cumulative: d.cumulative,
        lastPaymentTimestampSecs: d.last_payment_timestamp,
        lastPaymentValue: d.last_payment_value,
      }));
      if (new Set(receipts.map((r) => r.donor)).size !== receipts.length) {
        throw new ValidationError(`${where}: a donor is listed twice.`);
      }
      if (snapshot.donor_count !== receipts.length || snapshot.sum_cumulative !== sum(receipts)) {
        throw new ValidationError(
          `${where}: donor_count ${snapshot.donor_count} / sum_cumulative ${snapshot.sum_cumulative} do not match its ${receipts.length} donors (Σ ${sum(receipts)}).`,
        );
      }
      found?.exports.push({
        epoch: snapshot.epoch,
        date: snapshot.date,
        balance: snapshot.sip_balance,
        donorCount: receipts.length,
        receiptsTotal: snapshot.sum_cumulative,
      });
      found?.receipts.push(...receipts);
    });
  };
  return { handler, finish: () => found as Found };
}

/** Transaction archives: the wallet's creation, its community-wallet flag, community transfers, and its own other transactions. */
function archiveReader(name: string, v5: string) {
  const events: Unsourced<LegacyEvent>[] = [];
  const handler = (value: JsonValue, index: number) => {
    const tx = parseOrThrow(TransactionSchema, value, `${name} transaction [${index}]`);
    const sender = tx.transaction.sender?.toLowerCase();
    const script = tx.transaction.script;
    const fn = `${script?.module_name ?? "?"}::${script?.function_name ?? tx.transaction.type}`;
    const data = tx.events.map((e) => e.data as Record<string, unknown>);
    const created = data.some((d) => d.type === "createaccount" && String(d.created_address).toLowerCase() === v5);
    const args = (script?.arguments_bcs ?? []).map((a) => a.toLowerCase());
    const isTransfer = /community_transfer/.test(script?.function_name ?? "");
    const involves = sender === v5 || created || (isTransfer && args.some((a) => a.includes(v5)));
    if (!involves || sender === undefined) return;
    // The coin the transaction moved to or from the wallet, when its events show one.
    const moved = data.find(
      (d) =>
        (d.type === "receivedpayment" || d.type === "sentpayment") &&
        [d.receiver, d.sender].some((a) => String(a).toLowerCase() === v5),
    );
    const amountValue = (moved?.amount as { amount?: unknown } | undefined)?.amount;
    const amount = amountValue instanceof JsonNumber && isU64String(amountValue.text) ? amountValue.text : null;
    let kind: LegacyEvent["kind"] = "other";
    if (created) kind = "created";
    else if (isTransfer) kind = "community-transfer";
    else if (sender === v5 && script?.function_name === "set_wallet_type" && args[0] === "01") {
      kind = "community-wallet-flag";
    }
    // What the wallet paid to send it: the only other way its balance could move without a receipt.
    const gasUsed = tx.gas_used;
    const gasPrice = tx.transaction.gas_unit_price;
    const feePaidByWallet =
      sender === v5 && gasUsed !== undefined && gasPrice !== undefined
        ? (BigInt(gasUsed) * BigInt(gasPrice)).toString()
        : null;
    events.push({
      kind,
      version: tx.version,
      timestampUsec: tx.timestamp_usecs,
      sender: fromV5Address(sender),
      function: fn,
      amount,
      feePaidByWallet,
    });
  };
  return { handler, finish: (): Found => ({ exports: [], receipts: [], events }) };
}
