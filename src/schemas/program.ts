import { z } from "zod";
import { teamSlug } from "../lib/team-slug.ts";
import { AddressSchema } from "./common.ts";

const TransferUidSchema = z
  .string({ error: 'must be a transfer uid in quotes, e.g. "12"' })
  .regex(/^(0|[1-9][0-9]{0,19})$/, "must be a transfer uid (a decimal integer)");

/** A link people can follow safely: http or https only (no `javascript:`, `data:` or `mailto:`). */
const WebUrlSchema = z.url({ protocol: /^https?$/, error: "must be an http:// or https:// address" });

/** The default description convention: a fee payment's description names its awards as `#12`, `#13`. */
export const DEFAULT_FEE_DESCRIPTION_PATTERN = "#(?<uid>[0-9]{1,20})";

/**
 * The fee policy. `base: awards-paid` = the cap applies to awards actually paid (coins that left the wallet to a
 * non-steward payee); scheduled and vetoed payments moved nothing. `rounding: floor` = the allowance is rounded
 * down to the base unit, so `fee ≤ allowance` is exactly `fee × 10000 ≤ award × capBps`.
 */
export const FeePolicySchema = z
  .object({
    /** The most the fees may be, in basis points of the base (400 = 4 %). */
    capBps: z.number().int().min(1).max(10_000).default(400),
    base: z.enum(["awards-paid"]).default("awards-paid"),
    rounding: z.enum(["floor"]).default("floor"),
  })
  .strict();

/**
 * `content/program.yaml`: what the maintainers configure about the program. Unknown keys are errors so that a
 * typo never silently does nothing.
 */
export const ProgramConfigSchema = z
  .object({
    /** Program name shown in the site header. */
    name: z.string().min(1),
    /** One or two sentences for the home page and feed. */
    summary: z.string().min(1),
    network: z
      .object({
        /** Human name of the network, e.g. "0L Network (mainnet)". */
        name: z.string().min(1),
        /** Expected chain id; a snapshot from another chain is refused. */
        chainId: z.number().int().min(0).max(255),
        /** Node base URLs (http or https only), ending in /v1. The first is the default for `npm run snapshot`. */
        nodeUrls: z
          .array(z.url({ protocol: /^https?$/, error: "expected an http(s) URL of a node's REST API" }))
          .min(1),
      })
      .strict(),
    /** The program's main community wallet: its site is at the root of the published site. */
    wallet: AddressSchema,
    /**
     * More community wallets of the same program, each with its own snapshot folder. `npm run snapshot`,
     * `npm run verify` and `npm run publish` read every wallet listed; `npm run build` gives each its own site under
     * `/wallets/<short address>/` (src/lib/build/wallet-sites.ts), with a wallet switcher and combined totals.
     */
    otherWallets: z
      .array(
        z
          .object({
            address: AddressSchema,
            /** What the program calls this wallet, e.g. "Reserve fund". */
            name: z.string().min(1),
          })
          .strict(),
      )
      .default([]),
    /** Coin symbol used in figures. */
    coinSymbol: z.string().min(1).default("LIBRA"),
    /** Public address of the site, used for the sitemap and feed links. */
    siteUrl: z.url(),
    /**
     * Where the site's source is public (https), named in every page's footer and on the data page beside the
     * commit the site was built from, so an auditor can rebuild exactly this site. Optional: never guessed from
     * `git remote` (a clone's remote can be a private mirror); without it the pages say no repository is named.
     */
    sourceRepository: z.url({ protocol: /^https$/, error: "must be an https:// URL" }).optional(),
    /** Known payees: the teams the program funds. The chain knows only addresses; these names are ours. */
    teams: z
      .array(
        z
          .object({
            address: AddressSchema,
            name: z.string().min(1),
            /** Program area, e.g. healthcare, education, housing, insurance, dispute resolution. */
            area: z.string().min(1),
            /** The team's home page; shown first among its links (labelled "Website"). */
            url: WebUrlSchema.optional(),
            /** What the team does, in a sentence or two of plain text (shown as text, never as HTML). */
            purpose: z.string().trim().min(1).optional(),
            /** More links for the team page: reports, repositories, contact pages. */
            links: z.array(z.object({ label: z.string().trim().min(1), url: WebUrlSchema }).strict()).default([]),
          })
          .strict(),
      )
      .default([]),
    /**
     * Names for the wallet's authorities (the n-of-m multisig owners who propose and approve payments). On chain an
     * authority is only an address; these names are the program's own labels. Optional: an authority without one
     * is shown by address. Checked against the main wallet's snapshot at build time (src/lib/figures/governance.ts): an
     * address that is neither an authority nor a recorded proposal voter fails the build, naming the key.
     */
    authorities: z
      .array(
        z
          .object({
            address: AddressSchema,
            name: z.string().min(1),
          })
          .strict(),
      )
      .default([]),
    /** Steward (operator) addresses that receive the administrative fee. */
    stewards: z.array(AddressSchema).default([]),
    /** The administrative fee cap and how it is counted. */
    feePolicy: FeePolicySchema.default({ capBps: 400, base: "awards-paid", rounding: "floor" }),
    /**
     * Explicit links from a fee payment (a transfer to a steward, by uid) to the award transfer(s) it is charged
     * against. Checked against the snapshot at build time: an unknown uid fails the build, naming it.
     */
    feeLinks: z
      .array(
        z
          .object({
            fee: TransferUidSchema,
            awards: z.array(TransferUidSchema).min(1),
          })
          .strict(),
      )
      .default([]),
    /**
     * A regular expression (JavaScript syntax, applied to a fee payment's description, every match) whose named
     * group `uid` names an award the fee is charged against. Default `#(?<uid>[0-9]{1,20})`: "fee for #12, #13".
     * An explicit `feeLinks` entry for the same fee wins over its description.
     */
    feeDescriptionPattern: z
      .string()
      .min(1)
      .refine((source) => {
        try {
          return /\(\?<uid>/.test(source) && new RegExp(source, "gu") instanceof RegExp;
        } catch {
          return false;
        }
      }, "must be a valid regular expression with a named group (?<uid>…)")
      .default(DEFAULT_FEE_DESCRIPTION_PATTERN),
    /**
     * The legacy era (v5 chain, coin GAS), shown on `/legacy/` when `content/snapshots/<wallet>/legacy/` exists.
     * Optional; without `rebaseFactor` legacy amounts are shown in GAS only, never converted. With it, the page also
     * shows each amount in LIBRA as `floor(GAS units × numerator / denominator)` and cites `source`.
     */
    legacy: z
      .object({
        /** LIBRA base units per GAS base unit, as an exact fraction of integers written as strings. */
        rebaseFactor: z
          .object({
            numerator: z.string().regex(/^(0|[1-9][0-9]{0,29})$/, "must be a whole number in quotes"),
            denominator: z.string().regex(/^[1-9][0-9]{0,29}$/, "must be a positive whole number in quotes"),
          })
          .strict()
          .optional(),
        /** Where the factor (or the statement that there is none) comes from: a document, a proposal, a link. */
        source: z.string().min(1),
      })
      .strict()
      .optional(),
    /**
     * A public block explorer, as URL templates. Optional: without it (and always for simulated snapshots, whose
     * transactions exist on no real chain) pages show versions without explorer links.
     */
    explorer: z
      .object({
        name: z.string().min(1),
        transaction: z.url().refine((url) => url.includes("{version}"), "must contain {version}"),
        account: z.url().refine((url) => url.includes("{address}"), "must contain {address}"),
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((config, ctx) => {
    const wallets = new Set([config.wallet]);
    config.otherWallets.forEach((other, index) => {
      if (wallets.has(other.address)) {
        ctx.addIssue({ code: "custom", path: ["otherWallets", index, "address"], message: "wallet listed twice" });
      }
      wallets.add(other.address);
    });
    const seen = new Set<string>();
    // Team pages live at /teams/<slug>/: two names with one slug would make one page overwrite the other.
    const slugs = new Map<string, string>();
    config.teams.forEach((team, index) => {
      if (seen.has(team.address)) {
        ctx.addIssue({ code: "custom", path: ["teams", index, "address"], message: "team listed twice" });
      }
      seen.add(team.address);
      const slug = teamSlug(team.name);
      const earlier = slugs.get(slug);
      if (earlier !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["teams", index, "name"],
          message: `teams "${earlier}" and "${team.name}" would share the page /teams/${slug}/; rename one`,
        });
      } else slugs.set(slug, team.name);
    });
    const authorities = new Set<string>();
    config.authorities.forEach((authority, index) => {
      if (authorities.has(authority.address)) {
        ctx.addIssue({ code: "custom", path: ["authorities", index, "address"], message: "authority listed twice" });
      }
      authorities.add(authority.address);
    });
    const linkedFees = new Set<string>();
    config.feeLinks.forEach((link, index) => {
      if (linkedFees.has(link.fee)) {
        ctx.addIssue({ code: "custom", path: ["feeLinks", index, "fee"], message: `fee ${link.fee} linked twice` });
      }
      linkedFees.add(link.fee);
      if (link.awards.includes(link.fee)) {
        ctx.addIssue({ code: "custom", path: ["feeLinks", index, "awards"], message: "a fee cannot be its own award" });
      }
      if (new Set(link.awards).size !== link.awards.length) {
        ctx.addIssue({ code: "custom", path: ["feeLinks", index, "awards"], message: "an award is listed twice" });
      }
    });
  });
export type ProgramConfig = z.output<typeof ProgramConfigSchema>;

/** Every wallet of the program, the main one first, each with the name the program gives it. */
export function programWallets(config: Pick<ProgramConfig, "wallet" | "name" | "otherWallets">): Array<{
  address: string;
  name: string;
}> {
  return [{ address: config.wallet, name: config.name }, ...config.otherWallets];
}
