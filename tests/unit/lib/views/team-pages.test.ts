import { describe, expect, it } from "vitest";
import { buildFeeReport } from "../../../../src/lib/figures/fees.ts";
import { paymentVersions } from "../../../../src/lib/figures/figure-source.ts";
import { feeVerdict } from "../../../../src/lib/figures/plain-figures.ts";
import { readPublicationText } from "../../../../src/lib/reports/team-mentions.ts";
import { buildTeamPages, TEAM_FEES_LEAD } from "../../../../src/lib/views/team-pages.ts";
import type { LedgerEntry, Snapshot, TransferRecord } from "../../../../src/schemas/snapshot.ts";
import { buildTestSnapshot, STEWARD, TEAM } from "../../../support/snapshot/build-test-snapshot.ts";

const OTHER_TEAM = `0x${"e".repeat(64)}`;

function transfer(uid: string, payee: string, amount: string, status: TransferRecord["status"]): TransferRecord {
  const base = buildTestSnapshot().transfers[0] as TransferRecord;
  return { ...base, uid: BigInt(uid), payee, amount: BigInt(amount), status, description: { hex: "0x", text: "" } };
}

/** The test snapshot (award #5 of 300 LIBRA to TEAM, an unlinked 20 LIBRA fee) plus an advance, a scheduled award
 * with its scheduled fee, a vetoed award, and an award to another team. */
function snapshotWithTeamHistory(): Snapshot {
  const snapshot = buildTestSnapshot();
  const payout = snapshot.ledger.entries[3] as LedgerEntry;
  snapshot.ledger.entries.push(
    { ...payout, sequence: 2n, version: 410n, amount: 5000000n, category: "advance", transferUid: null },
    { ...payout, sequence: 3n, version: 420n, amount: 7000000n, counterparty: OTHER_TEAM, transferUid: 11n },
  );
  snapshot.transfers.push(
    transfer("7", TEAM, "100000000", "scheduled"),
    transfer("9", STEWARD, "3000000", "scheduled"),
    transfer("10", TEAM, "50000000", "vetoed"),
    transfer("11", OTHER_TEAM, "7000000", "paid"),
  );
  return snapshot;
}

function pages(publications: { href: string; title: string; kind: string; markdown: string }[] = []) {
  const snapshot = snapshotWithTeamHistory();
  const teams = [
    { address: TEAM, name: "Health Plan", area: "healthcare", url: "https://example.org/", purpose: "Care." },
    { address: OTHER_TEAM, name: "School Fund", area: "education", links: [{ label: "Plan", url: "https://a.b/" }] },
  ];
  const feeReport = buildFeeReport(snapshot, {
    stewards: [STEWARD],
    teams,
    feeLinks: [{ fee: "9", awards: ["7"] }],
  });
  return buildTeamPages({
    snapshot,
    teams,
    feeReport,
    coinSymbol: "LIBRA",
    dueEstimated: new Map([[7n, true]]),
    paymentVersions: paymentVersions(snapshot.ledger.entries),
    publications: publications.map(({ markdown, ...rest }) => ({ ...rest, text: readPublicationText(markdown) })),
  });
}

describe("buildTeamPages", () => {
  it("lists every award to the team's address, of any status, advances included, newest first", () => {
    const [health] = pages();
    expect(health?.slug).toBe("health-plan");
    expect(health?.awards.map((award) => [award.id, award.status, award.received, award.pending])).toEqual([
      ["10", "vetoed", false, false],
      ["7", "scheduled", false, true],
      ["withdrawal-2", "advance", true, false],
      ["5", "paid", true, false],
    ]);
    // Same due date: the higher uid first; on one day an advance comes before the transfers.
    expect(health?.awards[1]).toMatchObject({ href: "/transfers/7/", dateKind: "due", dateEstimated: true });
    expect(health?.awards[2]).toMatchObject({ href: null, name: "Advance (ledger entry 2)", dateKind: "paid" });
  });

  it("sums what the team received (paid only), what is pending and what was vetoed, to the base unit", () => {
    const [health, school] = pages();
    expect(health?.received).toMatchObject({ units: 305_000_000n, count: 2 });
    expect(health?.pending).toMatchObject({ units: 100_000_000n, count: 1 });
    expect(health?.vetoed).toMatchObject({ units: 50_000_000n, count: 1 });
    const received = health?.awards.filter((award) => award.received).reduce((sum, award) => sum + award.amount, 0n);
    expect(received).toBe(health?.received.units);
    expect(school?.received.units).toBe(7_000_000n);
    expect(health?.received.source.record).toBe(`sum(entries[category=payout|advance, counterparty=${TEAM}].amount)`);
  });

  it("charges the fees against the team's paid awards and says the verdict in words, decided exactly", () => {
    const [health] = pages();
    // The unlinked 20 LIBRA fee is shared by the quarter's unlinked paid awards: #5, the advance and #11.
    const charged = health?.awards.filter((award) => award.received).reduce((sum, a) => sum + a.feeCharged, 0n);
    expect(health?.fees.charged).toBe(charged);
    expect(health?.fees.allocated).toBe(charged);
    expect(health?.fees.linked).toBe(0n);
    expect(health?.fees.pending).toBe(3_000_000n);
    const verdict = feeVerdict({ fees: charged ?? 0n, awards: 305_000_000n, capBps: 400n }, "LIBRA", TEAM_FEES_LEAD);
    expect(health?.fees.verdict).toEqual(verdict);
    expect(health?.fees.verdict.withinCap).toBe(false);
    expect(health?.fees.verdict.sentence).toMatch(/^Fees charged against its awards: .* over the 4 % cap by /);
  });

  it("puts the team's url first among its links and keeps its purpose as given", () => {
    const [health, school] = pages();
    expect(health?.links).toEqual([{ label: "Website", url: "https://example.org/" }]);
    expect(health?.purpose).toBe("Care.");
    expect(school?.links).toEqual([{ label: "Plan", url: "https://a.b/" }]);
    expect(school?.purpose).toBeNull();
  });

  it("lists the publications that cite a team's transfer or name it exactly, in the order given", () => {
    const [health, school] = pages([
      { href: "/reports/2025-q4/", title: "Q4", kind: "Quarterly report", markdown: "We paid :transfer[5]." },
      { href: "/writeups/a/", title: "A", kind: "Program note", markdown: "The School Fund grew." },
      { href: "/writeups/b/", title: "B", kind: "Program note", markdown: "the health plan (lower case)" },
      { href: "/writeups/c/", title: "C", kind: "Program note", markdown: "Vetoed: :transfer[10]." },
    ]);
    expect(health?.mentions.map((item) => item.href)).toEqual(["/reports/2025-q4/", "/writeups/c/"]);
    expect(school?.mentions).toEqual([{ href: "/writeups/a/", title: "A", kind: "Program note" }]);
  });
});
