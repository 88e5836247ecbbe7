import { reportBodySha256 } from "../../../src/lib/reports/frozen-report.ts";

/**
 * The frontmatter lines `npm run new-report -- --finalize` adds to a report with this body, pinned at
 * `ledgerVersion`: for test content that holds final reports (a final report without them fails the build).
 */
export function finalReportPin(body: string, ledgerVersion: bigint | string): string {
  return `ledgerVersion: "${ledgerVersion}"\nbodySha256: ${reportBodySha256(body)}\n`;
}
