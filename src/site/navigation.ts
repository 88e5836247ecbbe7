/** The site's sections, in header order. Every page names the one it belongs to, so the header can mark it. */
export const SECTIONS = [
  { id: "overview", href: "/", label: "Overview" },
  { id: "ledger", href: "/ledger/", label: "Ledger" },
  { id: "transfers", href: "/transfers/", label: "Transfers" },
  { id: "vetoes", href: "/vetoes/", label: "Vetoes" },
  { id: "donors", href: "/donors/", label: "Donors" },
  { id: "community-wallets", href: "/community-wallets/", label: "Community wallets" },
  { id: "governance", href: "/governance/", label: "Who decides" },
  { id: "take-part", href: "/take-part/", label: "Take part" },
  { id: "reports", href: "/reports/", label: "Reports" },
  { id: "changes", href: "/changes/", label: "What changed" },
  { id: "methodology", href: "/methodology/", label: "How it works" },
  { id: "glossary", href: "/glossary/", label: "Glossary" },
  { id: "data", href: "/data/", label: "Data" },
  { id: "search", href: "/search/", label: "Search" },
] as const;

export type SectionId = (typeof SECTIONS)[number]["id"];

/**
 * Sections that exist only with some content: the community wallets pages are built from `content/state/` on the
 * main site only, so without it (or on another wallet's site) the menu does not link them.
 */
export function visibleSections(hasCommunityWallets: boolean) {
  return SECTIONS.filter((item) => item.id !== "community-wallets" || hasCommunityWallets);
}
