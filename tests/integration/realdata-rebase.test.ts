import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { deriveRebaseFactor, type ReceiptObservation, reduceRatio } from "../../src/lib/state/rebase.ts";
import { repoRoot } from "../support/site/build-site.ts";

/**
 * The rebase factor from the real files, read in place from ../shared/realdata (never copied into the repository;
 * where they are absent this skips with a message, unless LEDGERLIGHT_REQUIRE_REALDATA=1 makes that a failure).
 * The test finds the evidence on its own, from the raw bytes, with its own parser and its own arithmetic, and then
 * checks that `deriveRebaseFactor` comes to the same pairs and the same interval.
 */

const REALDATA = path.resolve(repoRoot, "../shared/realdata");
const V5 = path.join(REALDATA, "monthly-reports/report-2022-01-02-epoch-68.json");
const V6 = path.join(REALDATA, "libra-framework/comm_wallets-v6-epoch79.json");

const present = [V5, V6].every((file) => existsSync(file));
if (!present) {
  const message = `[rebase] The real v5 epoch-68 and v6 epoch-79 exports are missing under ${REALDATA}.`;
  if (process.env.LEDGERLIGHT_REQUIRE_REALDATA === "1") {
    throw new Error(`${message} LEDGERLIGHT_REQUIRE_REALDATA=1 requires them.`);
  }
  console.warn(`${message} Skipping the real-data rebase test; set LEDGERLIGHT_REQUIRE_REALDATA=1 to fail instead.`);
}

interface RawReceipts {
  destination: string[];
  cumulative: bigint[];
  last_payment_timestamp: bigint[];
  last_payment_value: bigint[];
}
interface RawAccount {
  account: string;
  receipts?: RawReceipts | null;
}

/** JSON with every number as a bigint, from its source text (u64 amounts may exceed 2^53). */
function parseExact(text: string): unknown {
  const reviver = (_key: string, value: unknown, context?: { source?: string }) =>
    typeof value === "number" ? BigInt(context?.source ?? Number.NaN) : value;
  return JSON.parse(text, reviver as (key: string, value: unknown) => unknown);
}

/** The top-level JSON objects written one after another (the v6 export), split where the braces balance. */
function splitObjects(text: string): string[] {
  const objects: string[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === "\\") i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === "{") {
      if (depth === 0) start = i;
      depth++;
    } else if (char === "}") {
      depth--;
      if (depth === 0) objects.push(text.slice(start, i + 1));
    }
  }
  return objects;
}

const long = (hex: string) => `0x${hex.toLowerCase().padStart(64, "0")}`;

function observations(accounts: RawAccount[], era: string, file: string): ReceiptObservation[] {
  return accounts.flatMap((account, record) => {
    const receipts = account.receipts;
    if (!receipts) return [];
    return receipts.destination.map((destination, i) => ({
      payer: long(account.account),
      destination: long(destination),
      cumulative: receipts.cumulative[i] as bigint,
      lastPaymentValue: receipts.last_payment_value[i] as bigint,
      lastPaymentTimestampSecs: receipts.last_payment_timestamp[i] as bigint,
      source: { export: era, file, record },
    }));
  });
}

describe.runIf(present)("the rebase factor from the real v5 epoch-68 and v6 epoch-79 exports", () => {
  it("finds four carried-over payments that agree on one factor in [35.3000456947, 35.30004569473334)", async () => {
    const v5 = parseExact(await readFile(V5, "utf8")) as RawAccount[];
    const v6 = splitObjects(await readFile(V6, "utf8")).map((text) => parseExact(text) as RawAccount);
    expect(v5).toHaveLength(3632);
    expect(v6).toHaveLength(143);

    // Independently: every payer → destination in both files with the same last payment time.
    const after = new Map(observations(v6, "v6", "v6").map((item) => [`${item.payer} ${item.destination}`, item]));
    const pairs = observations(v5, "v5", "v5").flatMap((before) => {
      const match = after.get(`${before.payer} ${before.destination}`);
      return match !== undefined && match.lastPaymentTimestampSecs === before.lastPaymentTimestampSecs
        ? [{ before, match }]
        : [];
    });
    const found = pairs.map(({ before, match }) => [
      before.payer.slice(-32),
      before.destination.slice(-32),
      before.source.record,
      match.source.record,
      before.cumulative,
      match.cumulative,
    ]);
    expect(found.sort()).toEqual(
      [
        ["2057bcfb0189b7fd0aba7244ba271661", "46a7a744b5d33c47f6b20766f8088b10", 1140, 8, 1_000_000n, 35_300_045n],
        [
          "2057bcfb0189b7fd0aba7244ba271661",
          "c8a2afa2d3fc5908cf2d247d8b27fdd5",
          1140,
          8,
          30_000_000_000n,
          1_059_001_370_841n,
        ],
        [
          "c906f67f626683b77145d1f20c1a753b",
          "005c829605d2bafbbe0743efaa2acf7d",
          150,
          57,
          10_000_000_000n,
          353_000_456_947n,
        ],
        [
          "c906f67f626683b77145d1f20c1a753b",
          "b3d680cd888d0d067af852caf7512a23",
          150,
          57,
          15_000_000_000n,
          529_500_685_420n,
        ],
      ].sort(),
    );
    // Each last payment was the whole receipt, so the last payment values say the same.
    for (const { before, match } of pairs) {
      expect(before.lastPaymentValue).toBe(before.cumulative);
      expect(match.lastPaymentValue).toBe(match.cumulative);
    }
    // floor(g × f) = l ⇔ l/g ≤ f < (l+1)/g: the largest lower bound and the smallest upper bound, cross-multiplied.
    let low = { n: 0n, d: 1n };
    let high = { n: 1n, d: 0n };
    for (const { before, match } of pairs) {
      if (match.cumulative * low.d > low.n * before.cumulative) low = { n: match.cumulative, d: before.cumulative };
      if ((match.cumulative + 1n) * high.d < high.n * before.cumulative || high.d === 0n) {
        high = { n: match.cumulative + 1n, d: before.cumulative };
      }
    }
    expect(low.n * high.d < high.n * low.d).toBe(true);
    expect(low.n * 10_000_000_000n).toBe(353_000_456_947n * low.d);
    expect(high.n * 30_000_000_000n).toBe(1_059_001_370_842n * high.d);

    // The module, fed the same receipts, comes to the same pairs and the same interval.
    const derivation = deriveRebaseFactor(observations(v5, "v5-epoch-68", "v5"), observations(v6, "v6-epoch-79", "v6"));
    expect(derivation.status).toBe("determined");
    if (derivation.status !== "determined") return;
    expect(derivation.pairs).toHaveLength(pairs.length);
    expect(derivation.lower).toEqual(reduceRatio({ numerator: low.n, denominator: low.d }));
    expect(derivation.upper).toEqual(reduceRatio({ numerator: high.n, denominator: high.d }));
    // Every receipt found in both files kept its last payment time: none was paid again after epoch 68.
    expect(derivation.paidAgain).toBe(0);
  });
});

describe.runIf(present)("the committed content/state/ gives the same rebase evidence as the raw files", () => {
  it("derives the same pairs and interval from what the importer committed", async () => {
    const { receiptObservations } = await import("../../src/lib/state/rebase-evidence.ts");
    const { StateExportSchema, WalletStateHistorySchema } = await import("../../src/schemas/state-history.ts");
    const dir = path.join(repoRoot, "content/state");
    const exports = StateExportSchema.array().parse(JSON.parse(await readFile(path.join(dir, "exports.json"), "utf8")));
    const manifest = JSON.parse(await readFile(path.join(dir, "manifest.json"), "utf8")) as {
      files: Record<string, string>;
    };
    const histories = await Promise.all(
      Object.keys(manifest.files)
        .filter((name) => name.startsWith("wallets/"))
        .map(async (name) => WalletStateHistorySchema.parse(JSON.parse(await readFile(path.join(dir, name), "utf8")))),
    );
    const committed = receiptObservations(exports, histories);
    const fromCommitted = deriveRebaseFactor(committed.gas, committed.libra);
    const v5 = parseExact(await readFile(V5, "utf8")) as RawAccount[];
    const v6 = splitObjects(await readFile(V6, "utf8")).map((text) => parseExact(text) as RawAccount);
    const fromRaw = deriveRebaseFactor(
      observations(v5, "v5-epoch-68", "report-2022-01-02-epoch-68.json"),
      observations(v6, "v6-epoch-79", "comm_wallets-v6-epoch79.json"),
    );
    expect(fromCommitted.status).toBe("determined");
    expect(fromCommitted).toEqual(fromRaw);
  });
});
