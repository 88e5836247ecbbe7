/**
 * Links to a public block explorer, from URL templates in the program configuration (`{version}`, `{address}`).
 * Values are URL-encoded, so nothing from a record can change the link's shape.
 */
export interface ExplorerTemplates {
  transaction: string;
  account: string;
}

export function explorerTransactionUrl(templates: ExplorerTemplates, version: string): string {
  return templates.transaction.replaceAll("{version}", encodeURIComponent(version));
}

export function explorerAccountUrl(templates: ExplorerTemplates, address: string): string {
  return templates.account.replaceAll("{address}", encodeURIComponent(address));
}
