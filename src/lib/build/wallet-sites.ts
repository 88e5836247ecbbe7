import { normalizeAddress, shortAddress } from "../address.ts";

/**
 * A program may have several community wallets. Each gets the full site: the main wallet at the root, every other
 * one under `/wallets/<slug>/`, built separately and placed in the same `dist/`.
 */

/** The folder every other wallet's site lives under, at the root of the published site. */
export const WALLETS_FOLDER = "wallets";

/** One wallet's site: where it is published and what the switcher calls it. */
export interface WalletSite {
  /** `0x` + 64 lower-case hex. */
  address: string;
  /** What the program calls the wallet; the main wallet's name is the program's name. */
  name: string;
  /** The folder name under `/wallets/`: the node's short address (`0x4c0de5e0…`); null for the main wallet. */
  slug: string | null;
  /** The site's URL prefix, with slashes at both ends: `/` for the main wallet, `/wallets/<slug>/` otherwise. */
  prefix: string;
  isMain: boolean;
}

/**
 * The short address (leading zeros stripped, as the node prints it): stable as long as the address is, readable,
 * and already how the site shows addresses.
 */
export function walletSlug(address: string): string {
  return shortAddress(address);
}

/** Every wallet's site, in the order given (the main wallet first, as `programWallets` lists them). */
export function walletSites(wallets: ReadonlyArray<{ address: string; name: string }>): WalletSite[] {
  return wallets.map((wallet, index) => {
    const address = normalizeAddress(wallet.address);
    if (index === 0) return { address, name: wallet.name, slug: null, prefix: "/", isMain: true };
    const slug = walletSlug(address);
    return { address, name: wallet.name, slug, prefix: `/${WALLETS_FOLDER}/${slug}/`, isMain: false };
  });
}

/** A root-relative path of one wallet's site (`/data/snapshot/wallet.json`) as a path of the combined site. */
export function walletSitePath(site: Pick<WalletSite, "prefix">, rootPath: string): string {
  if (!rootPath.startsWith("/") || rootPath.startsWith("//")) throw new RangeError(`not a root path: ${rootPath}`);
  return `${site.prefix}${rootPath.slice(1)}`;
}
