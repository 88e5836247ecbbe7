import type { LedgerCategory } from "../../schemas/snapshot.ts";

/**
 * Attributes the wallet's coin movements. A CoinStore deposit or withdraw event carries only an amount, so the
 * counterparty and the kind of movement come from the transaction at the event's version (chain.md §3.2, §4):
 * - deposit in `0x1::ol_account::transfer`, sent by the donor: a donation;
 * - withdraw in `0x1::diem_governance::trigger_epoch` (the epoch boundary pays scheduled transfers): a payout;
 * - withdraw in `0x1::donor_voice_txs::propose_payment_tx`: an advance (immediate, no veto window);
 * - anything else: other-inflow / other-outflow, kept and named, never dropped.
 * The payee of an outflow is the account whose deposit event pairs with the withdraw in the same transaction
 * (same amount, first unpaired one after it).
 */

export const DONATION_FUNCTION = "0x1::ol_account::transfer";
export const BOUNDARY_FUNCTION = "0x1::diem_governance::trigger_epoch";
export const PROPOSE_PAYMENT_FUNCTION = "0x1::donor_voice_txs::propose_payment_tx";
const DEPOSIT_EVENT = "0x1::coin::DepositEvent";
const WITHDRAW_EVENT = "0x1::coin::WithdrawEvent";

/** One event of a transaction, reduced to what attribution needs. Addresses are canonical (0x + 64 hex). */
export interface TxEvent {
  account: string;
  creationNumber: bigint;
  sequence: bigint;
  type: string;
  /** Amount for coin events; undefined for others. */
  amount: bigint | undefined;
}

export interface TxFacts {
  /** Entry function id as the node prints it, or the transaction type for non-user transactions. */
  function: string;
  sender: string | null;
  success: boolean;
  events: readonly TxEvent[];
}

export interface WalletStreams {
  wallet: string;
  depositCreationNumber: bigint;
  withdrawCreationNumber: bigint;
}

export interface Attribution {
  stream: "deposit" | "withdraw";
  sequence: bigint;
  category: LedgerCategory;
  counterparty: string | null;
}

/** `0x00…01::ol_account::transfer` and `0x1::ol_account::transfer` name the same function. */
export function canonicalFunctionId(id: string): string {
  if (isCanonicalAlready(id)) return id;
  return id.replace(/^0x0*([0-9a-fA-F]+)::/, (_all, hex: string) => `0x${hex.toLowerCase()}::`);
}

/**
 * Whether `id` opens with `0x`, a lowercase hex address without leading zeros, and `::` (what the replacement
 * above would leave as it is). Asked of every event of every transaction a run attributes and checks (10^5 of
 * them, nearly all `0x1::…`): a regular expression replace for each cost more than the attribution around it.
 */
function isCanonicalAlready(id: string): boolean {
  if (id.charCodeAt(0) !== 0x30 || id.charCodeAt(1) !== 0x78 || id.charCodeAt(2) === 0x30) return false;
  let at = 2;
  for (let code = id.charCodeAt(at); (code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x66); ) {
    code = id.charCodeAt(++at);
  }
  return at > 2 && id.charCodeAt(at) === 0x3a && id.charCodeAt(at + 1) === 0x3a;
}

function typeName(type: string): string {
  return canonicalFunctionId(type);
}

/** Attributes every wallet coin event in one transaction, in event order. */
export function attributeTransaction(streams: WalletStreams, tx: TxFacts): Attribution[] {
  const fn = canonicalFunctionId(tx.function);
  const paired = new Set<number>();
  const result: Attribution[] = [];
  tx.events.forEach((event, index) => {
    if (event.account !== streams.wallet) return;
    const isDeposit = event.creationNumber === streams.depositCreationNumber && typeName(event.type) === DEPOSIT_EVENT;
    const isWithdraw =
      event.creationNumber === streams.withdrawCreationNumber && typeName(event.type) === WITHDRAW_EVENT;
    if (isDeposit) {
      const donation = tx.success && fn === DONATION_FUNCTION && tx.sender !== null && tx.sender !== streams.wallet;
      result.push({
        stream: "deposit",
        sequence: event.sequence,
        category: donation ? "donation" : "other-inflow",
        counterparty: donation ? tx.sender : null,
      });
    } else if (isWithdraw) {
      let payee: string | null = null;
      for (let j = index + 1; j < tx.events.length; j++) {
        const other = tx.events[j];
        if (
          other &&
          !paired.has(j) &&
          other.account !== streams.wallet &&
          typeName(other.type) === DEPOSIT_EVENT &&
          other.amount === event.amount
        ) {
          paired.add(j);
          payee = other.account;
          break;
        }
      }
      const category: LedgerCategory =
        fn === BOUNDARY_FUNCTION ? "payout" : fn === PROPOSE_PAYMENT_FUNCTION ? "advance" : "other-outflow";
      result.push({ stream: "withdraw", sequence: event.sequence, category, counterparty: payee });
    }
  });
  return result;
}
