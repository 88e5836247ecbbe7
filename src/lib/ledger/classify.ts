import { normalizeAddress } from "../address.ts";

/**
 * What a disbursement is, from its payee alone: the chain cannot tell an award from a fee (a fee is an ordinary
 * payment to the steward), so the program's configuration decides, and every page says which rule did.
 */
export type DisbursementKind = "award" | "fee" | "refund-liquidation" | "other";
export type ClassificationRule =
  | "steward"
  | "known-team"
  | "not-steward"
  | "no-payee"
  | "wallet-liquidating"
  | "other-outflow";

export interface Classification {
  kind: DisbursementKind;
  rule: ClassificationRule;
  /** One sentence for the page: the rule that decided, in plain words. */
  reason: string;
}

export interface PayeeDirectory {
  /** Steward addresses (normalised). */
  stewards: ReadonlySet<string>;
  /** Known team addresses (normalised) -> team name. */
  teams: ReadonlyMap<string, string>;
}

export function payeeDirectory(config: {
  stewards: readonly string[];
  teams: readonly { address: string; name: string }[];
}): PayeeDirectory {
  return {
    stewards: new Set(config.stewards.map(normalizeAddress)),
    teams: new Map(config.teams.map((team) => [normalizeAddress(team.address), team.name])),
  };
}

/**
 * Steward first: an address listed both as a steward and as a team is paid fees, so the stricter reading (the one
 * the 4 % cap applies to) wins.
 */
export function classifyDisbursement(payee: string | null, directory: PayeeDirectory): Classification {
  if (payee === null) {
    return {
      kind: "award",
      rule: "no-payee",
      reason: "The transaction names no payee, so it cannot be a payment to a steward; it counts as an award.",
    };
  }
  const address = normalizeAddress(payee);
  if (directory.stewards.has(address)) {
    return {
      kind: "fee",
      rule: "steward",
      reason: "The payee is a steward address in the program's configuration, so this is an administrative fee.",
    };
  }
  const team = directory.teams.get(address);
  if (team !== undefined) {
    return {
      kind: "award",
      rule: "known-team",
      reason: `The payee is a team in the program's configuration (${team}), so this is an award.`,
    };
  }
  return {
    kind: "award",
    rule: "not-steward",
    reason: "The payee is not a steward address, so this counts as an award, although it is not a known team.",
  };
}

/**
 * A wallet withdrawal that is neither a scheduled payment nor an advance (ledger category `other-outflow`). When the
 * wallet is frozen or donors voted to liquidate it (`wallet.json`), such a movement is the liquidation returning
 * funds (to donors or to the matching pool); otherwise it is shown as "other" and counts neither as award nor fee.
 */
export function classifyOtherOutflow(liquidating: boolean): Classification {
  return liquidating
    ? {
        kind: "refund-liquidation",
        rule: "wallet-liquidating",
        reason:
          "Money left the wallet outside any scheduled payment while the wallet is frozen or being liquidated, so this is a refund or liquidation; it is neither an award nor a fee.",
      }
    : {
        kind: "other",
        rule: "other-outflow",
        reason:
          "Money left the wallet outside any scheduled payment or advance (e.g. match-index recycling), so it is neither an award nor a fee.",
      };
}
