import type { StateExport, WalletStateHistory } from "../../schemas/state-history.ts";
import { compareBigint } from "../compare.ts";
import { parseU64 } from "../money.ts";
import type { ReceiptObservation } from "./rebase.ts";

/**
 * The payment receipts of every community wallet in the imported state history, split by era, as evidence for
 * `deriveRebaseFactor`: the GAS side from every v5 export, the LIBRA side from the earliest LIBRA export (the one
 * closest to the rebase; a receipt untouched since then reads the same in later ones).
 */
export function receiptObservations(
  exports: readonly StateExport[],
  histories: readonly WalletStateHistory[],
): { gas: ReceiptObservation[]; libra: ReceiptObservation[]; libraExport: StateExport | null } {
  const byId = new Map(exports.map((item) => [item.id, item]));
  const libraExports = exports
    .filter((item) => item.unit === "LIBRA")
    .sort((a, b) => compareBigint(parseU64(a.epoch), parseU64(b.epoch)));
  const libraExport = libraExports[0] ?? null;
  const gas: ReceiptObservation[] = [];
  const libra: ReceiptObservation[] = [];
  for (const history of histories) {
    for (const state of history.states) {
      const exported = byId.get(state.export);
      if (exported === undefined)
        throw new Error(`wallet ${history.address}: export ${state.export} is not in exports.json`);
      const side = exported.unit === "GAS" ? gas : exported.id === libraExport?.id ? libra : null;
      if (side === null) continue;
      for (const payment of state.payments) {
        side.push({
          payer: history.address,
          destination: payment.destination,
          cumulative: parseU64(payment.cumulative),
          lastPaymentValue: parseU64(payment.lastPaymentValue),
          lastPaymentTimestampSecs: parseU64(payment.lastPaymentTimestampSecs),
          source: { export: exported.id, file: exported.file, record: state.record },
        });
      }
    }
  }
  return { gas, libra, libraExport };
}
