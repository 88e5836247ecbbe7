import { normalizeAddress } from "../lib/address.ts";
import { type WalletSite, walletSites } from "../lib/build/wallet-sites.ts";
import { type ProgramConfig, programWallets } from "../schemas/program.ts";

/**
 * A program may have several wallets, and each gets its own site (src/lib/build/wallet-sites.ts). This is where
 * the program's configuration is turned into that list, into the one site a build makes, and into what one wallet's
 * site knows of the program: `astro.config.mjs` (Astro's `base`), the site (`src/site/site-data.ts`) and
 * `npm run build` (src/integrations/build-wallets.ts) all ask here.
 */

/** Every wallet site of the program: the main wallet first (at `/`), then each of `otherWallets`. */
export function programWalletSites(program: Pick<ProgramConfig, "wallet" | "name" | "otherWallets">): WalletSite[] {
  return walletSites(programWallets(program));
}

/**
 * The site this build makes: the main wallet's unless `wallet` (`LEDGERLIGHT_WALLET`) names another wallet of the
 * program. `configFile` names the program configuration in the error for a wallet it does not list.
 */
export function selectWalletSite(
  sites: readonly WalletSite[],
  wallet: string | undefined,
  configFile: string,
): WalletSite {
  if (wallet === undefined) return sites[0] as WalletSite;
  let wanted: string;
  try {
    wanted = normalizeAddress(wallet);
  } catch {
    throw new Error(`LEDGERLIGHT_WALLET=${wallet} is not an account address.`);
  }
  const site = sites.find((candidate) => candidate.address === wanted);
  if (!site) throw new Error(`LEDGERLIGHT_WALLET=${wallet} is not a wallet of ${configFile}.`);
  return site;
}

/**
 * This wallet's view of the program. The main wallet's site sees the program as configured. Another wallet's site
 * is that wallet's report: its address, its name after the program's ("program: wallet"), and no fee links (they
 * name transfers of the main wallet by uid); teams, stewards, the fee policy and the rest stay the program's.
 */
export function walletView(
  program: ProgramConfig,
  site: Pick<WalletSite, "address" | "name" | "isMain">,
): ProgramConfig {
  if (site.isMain) return program;
  return { ...program, wallet: site.address, name: `${program.name}: ${site.name}`, feeLinks: [] };
}
