import { formatIsoUtc, formatUtcDateTime } from "./format-time.ts";
import { formatCoins, formatInteger, parseU64 } from "./money.ts";

/** The committed facts the overview needs (the shapes of `meta.json` and `balance.json`). */
export interface OverviewInput {
  meta: { ledgerVersion: string; ledgerTimestampUsec: string; epoch: string; wallet: string; simulated: boolean };
  wallet: { balance: { coinStoreValue: string; unlocked: string; provenance: { path: string } } };
}

/** Everything the home page prints about the balance, already formatted. */
export interface BalanceOverview {
  /** Exact balance in coins, e.g. "12,345.678901". */
  balance: string;
  /** Exact balance in base units, for the machine-readable attribute. */
  balanceBaseUnits: string;
  unlocked: string;
  ledgerVersion: string;
  ledgerVersionRaw: string;
  epoch: string;
  readAt: string;
  readAtIso: string;
  source: string;
  simulated: boolean;
}

export function buildBalanceOverview(input: OverviewInput): BalanceOverview {
  const { balance } = input.wallet;
  const total = parseU64(balance.coinStoreValue);
  const timestamp = parseU64(input.meta.ledgerTimestampUsec);
  return {
    balance: formatCoins(total),
    balanceBaseUnits: total.toString(),
    unlocked: formatCoins(parseU64(balance.unlocked)),
    ledgerVersion: formatInteger(parseU64(input.meta.ledgerVersion)),
    ledgerVersionRaw: input.meta.ledgerVersion,
    epoch: formatInteger(parseU64(input.meta.epoch)),
    readAt: formatUtcDateTime(timestamp),
    readAtIso: formatIsoUtc(timestamp),
    source: balance.provenance.path,
    simulated: input.meta.simulated,
  };
}
