import { stringify } from "yaml";
import { abbreviateAddress, normalizeAddress, shortAddress } from "../address.ts";

/**
 * The `program.yaml` that `npm run init` writes for a community wallet: every key the schema knows, with a comment
 * saying what it is for, so a maintainer edits a complete file rather than guessing keys. Pure text; the caller
 * validates it with the same schema as any config before writing it.
 */

export interface ScaffoldOptions {
  /** The wallet in any accepted form (16-byte legacy or 32-byte, with or without 0x). */
  address: string;
  name?: string;
  nodeUrl: string;
  chainId: number;
  siteUrl: string;
}

const quoted = (value: string) => stringify(value, { lineWidth: 0 }).trimEnd();

export function scaffoldProgramYaml(options: ScaffoldOptions): string {
  const wallet = shortAddress(normalizeAddress(options.address));
  const name = options.name ?? `Community wallet ${abbreviateAddress(wallet)}`;
  return [
    "# Ledgerlight program configuration (checked by src/schemas/program.ts; unknown keys are errors).",
    "# Written by `npm run init`; edit it freely, then `npm run publish` (or `npm run snapshot` and `npm run build`).",
    `name: ${quoted(name)}`,
    "# One or two sentences for the home page and the feed: what the wallet is for, in plain words.",
    "summary: >-",
    `  A 0L Network community wallet. This site shows every donation to it and every payment out of it, read from the`,
    "  public chain.",
    "network:",
    "  name: 0L Network (mainnet)",
    "  # A snapshot from any other chain id is refused.",
    `  chainId: ${options.chainId}`,
    "  # Nodes to read from; the first is the default of `npm run snapshot` and `npm run publish`.",
    "  nodeUrls:",
    `    - ${quoted(options.nodeUrl)}`,
    "# The community wallet this site reports on (quoted, so YAML keeps it as text).",
    `wallet: "${wallet}"`,
    "coinSymbol: LIBRA",
    "# Where the site will be published (sitemap and feed links).",
    `siteUrl: ${quoted(options.siteUrl)}`,
    "# Payees the program funds, as { address, name, area[, url, purpose, links: [{ label, url }]] }. On chain a payee",
    "# is only an address; these names are the program's own labels. Unknown payees are shown by address. Each team",
    "# gets a page at /teams/<slug of its name>/ with its purpose (plain text) and links (http or https only).",
    "teams: []",
    "# Names for the wallet's authorities (the accounts that approve payments), as { address, name }. Optional: an",
    "# authority without a name is shown by address.",
    "authorities: []",
    "# Addresses of the program operator that receive the administrative fee, if there is one.",
    "stewards: []",
    "# The fee cap: at most capBps basis points (400 = 4 %) of the awards paid to teams, rounded down to the base unit.",
    "feePolicy: { capBps: 400, base: awards-paid, rounding: floor }",
    '# Which award(s) each fee payment is charged against, by transfer uid: - { fee: "5", awards: ["4"] }',
    "feeLinks: []",
    "# A fee payment's description may name its awards; the named group uid is the award's transfer uid.",
    `feeDescriptionPattern: "#(?<uid>[0-9]{1,20})"`,
    "# A public block explorer for links to transactions and accounts (never used for simulated snapshots).",
    "explorer:",
    "  name: 0L explorer (scan.openlibra.io)",
    '  transaction: "https://scan.openlibra.io/transactions/{version}"',
    '  account: "https://scan.openlibra.io/accounts/{address}"',
    "",
  ].join("\n");
}
