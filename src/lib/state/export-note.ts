import type { StateExport } from "../../schemas/state-history.ts";
import { formatDayForPeople } from "../format-time.ts";
import { formatInteger, parseU64 } from "../money.ts";

/**
 * The plain note every community wallets page carries, saying the figures are real chain state and from when:
 * "state exported from the 0L chain at v6 epoch 79 (ledger version 33,217,173, 13 Mar 2024)".
 */
export function exportDescription(item: StateExport): string {
  const when = [
    item.ledgerVersion === null ? null : `ledger version ${formatInteger(parseU64(item.ledgerVersion))}`,
    formatDayForPeople(item.date),
  ].filter((part) => part !== null);
  return `state exported from the 0L chain at ${item.era} epoch ${formatInteger(parseU64(item.epoch))} (${when.join(", ")})`;
}

/** Where a wallet's page lives: its full address, the form the state files name it by (stable). */
export function communityWalletHref(address: string): string {
  return `/community-wallets/${address}/`;
}

export function sortPageHref(order: string): string {
  return `/community-wallets/by/${order}/`;
}

/** A committed file of `content/state/`, published byte for byte (`exports.json`, `wallets/0x….json`). */
export function stateFileHref(file: string): string {
  return `/data/state/${file}`;
}
