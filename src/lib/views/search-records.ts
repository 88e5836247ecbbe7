import { abbreviateAddress, shortAddress } from "../address.ts";
import { visibleText } from "../description.ts";
import type { DonorTableRow, TransferTableRow } from "./tables.ts";
import { STATUS_LABELS } from "./transfer-labels.ts";

/**
 * Search records for the pages that are one per record (transfers, donors), built from the rows the pages are
 * rendered from rather than by re-reading thousands of built HTML files: the search step indexes records handed
 * over as data in a fraction of the time and memory it takes to parse the pages. Each record holds what
 * a reader searches for on that page (uid, payee, amount, status, description; a donor's address and totals), not
 * every cell of its tables. The URL and title are the page's own, so a result looks as it did when the page was
 * parsed. Text stays plain text: the search page renders it as text, never as markup.
 */
export interface SearchRecord {
  url: string;
  content: string;
  language: "en";
  meta: { title: string };
}

const record = (url: string, title: string, parts: ReadonlyArray<string | null>): SearchRecord => ({
  url,
  content: [title, ...parts.filter((part): part is string => part !== null && part !== "")].join(". "),
  language: "en",
  meta: { title },
});

/** The record of `/transfers/<uid>/`: the facts at the top of the page and the description as shown there. */
export function transferSearchRecord(row: TransferTableRow, coinSymbol: string, isFee: boolean): SearchRecord {
  const description = row.descriptionText === null ? row.descriptionHex : visibleText(row.descriptionText);
  return record(`/transfers/${row.uid}/`, `Transfer #${row.uid}`, [
    `Status ${STATUS_LABELS[row.status].label}`,
    `Amount ${row.amountLibra} ${coinSymbol}`,
    `To ${row.payeeName === null ? "" : `${row.payeeName} `}${shortAddress(row.payee)}`,
    `Kind ${isFee ? "Administrative fee" : "Award"}`,
    `Description ${description}`,
  ]);
}

/** The record of `/donors/<address>/`: who, how much and what share; the donations table stays on the page. */
export function donorSearchRecord(row: DonorTableRow, coinSymbol: string): SearchRecord {
  return record(`/donors/${row.address}/`, `Donor ${abbreviateAddress(row.address)}`, [
    `Address ${row.address}`,
    `Short form ${shortAddress(row.address)}`,
    `Donated in total ${row.cumulativeLibra} ${coinSymbol}`,
    `Share of all donations ${row.share}`,
    row.lastPaymentDate === null ? null : `Last donation ${row.lastPaymentDate}`,
  ]);
}

/** The built file of a searchable page, relative to the site folder (`/transfers/12/` → `transfers/12/index.html`). */
export function searchPageFile(url: string): string {
  return `${url.slice(1)}index.html`;
}
