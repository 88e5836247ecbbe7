import { z } from "zod";
import { AddressSchema } from "./common.ts";

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
        /** Node base URLs, ending in /v1. The first is the default for `npm run snapshot`. */
        nodeUrls: z.array(z.url()).min(1),
      })
      .strict(),
    /** The community wallet this site reports on. */
    wallet: AddressSchema,
    /** Coin symbol used in figures. */
    coinSymbol: z.string().min(1).default("LIBRA"),
    /** Public address of the site, used for the sitemap and feed links. */
    siteUrl: z.url(),
    /** Known payees: the teams the program funds. The chain knows only addresses; these names are ours. */
    teams: z
      .array(
        z
          .object({
            address: AddressSchema,
            name: z.string().min(1),
            /** Program area, e.g. healthcare, education, housing, insurance, dispute resolution. */
            area: z.string().min(1),
            url: z.url().optional(),
          })
          .strict(),
      )
      .default([]),
    /** Steward (operator) addresses that receive the administrative fee. */
    stewards: z.array(AddressSchema).default([]),
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
    const seen = new Set<string>();
    config.teams.forEach((team, index) => {
      if (seen.has(team.address)) {
        ctx.addIssue({ code: "custom", path: ["teams", index, "address"], message: "team listed twice" });
      }
      seen.add(team.address);
    });
  });
export type ProgramConfig = z.output<typeof ProgramConfigSchema>;
