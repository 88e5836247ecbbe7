import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadProgramConfig } from "../../../../src/config/program.ts";
import {
  NO_FACTS,
  nextReportQuarter,
  previousQuarterOf,
  reportFileOf,
  reportScaffold,
  scaffoldFacts,
} from "../../../../src/lib/reports/report-scaffold.ts";
import { readCommittedSnapshot } from "../../../../src/store/snapshot-folder.ts";
import { WALLET } from "../../../support/snapshot/build-test-snapshot.ts";

const repoRoot = path.resolve(import.meta.dirname, "../../../..");

/** Every `:figure[…]{…}` directive of the text, outside code spans. */
const directives = (text: string) => text.replace(/`[^`]*`/g, "").match(/:figure\[[^\]]*\](\{[^}]*\})?/g) ?? [];

describe("reportFileOf and previousQuarterOf", () => {
  it("name the file of a quarter and the quarter before", () => {
    expect(reportFileOf("2026-q4")).toEqual({ quarter: "2026-Q4", file: "2026-q4.md" });
    expect(() => reportFileOf("2026-Q5")).toThrow(RangeError);
    expect(previousQuarterOf("2026-Q1")).toBe("2025-Q4");
    expect(previousQuarterOf("2025-q3")).toBe("2025-Q2");
  });
});

describe("nextReportQuarter", () => {
  const covered = ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"];

  it("chooses the first covered quarter after the newest report, and says why", () => {
    expect(nextReportQuarter(["2025-Q3"], covered)).toEqual({
      quarter: "2025-Q4",
      reason: "the newest report is 2025-Q3, and 2025-Q4 is the next quarter the committed snapshot covers",
    });
    // A gap before the newest report is history: it is not filled in.
    expect(nextReportQuarter(["2025-Q1", "2025-q2"], covered)?.quarter).toBe("2025-Q3");
  });

  it("chooses the snapshot's first quarter when there is no report yet", () => {
    expect(nextReportQuarter([], covered)).toEqual({
      quarter: "2025-Q1",
      reason: "no report yet, and 2025-Q1 is the first quarter of the committed snapshot",
    });
  });

  it("chooses none when the newest report is of the snapshot's last quarter or later", () => {
    expect(nextReportQuarter(["2025-Q4"], covered)).toBeUndefined();
    expect(nextReportQuarter(["2026-Q2"], covered)).toBeUndefined();
  });
});

describe("scaffoldFacts and reportScaffold on the committed snapshot", async () => {
  const program = await loadProgramConfig(path.join(repoRoot, "content/program.yaml"));
  const snapshot = await readCommittedSnapshot(path.join(repoRoot, "content/snapshots", WALLET));
  if (!snapshot) throw new Error("no committed snapshot");

  it("lists the teams and areas paid in the quarter, largest first, and the quarter before when covered", () => {
    expect(scaffoldFacts(snapshot, program, "2025-Q2")).toEqual({
      teams: [
        "Mutual Insurance Pool",
        "Rural Clinic Plan",
        "Community Dispute Resolution",
        "Dispute Resolution Office",
      ],
      areas: ["insurance", "healthcare", "dispute resolution"],
      previousQuarter: "2025-Q1",
    });
    expect(scaffoldFacts(snapshot, program, "2025-Q1").previousQuarter).toBeNull();
    expect(scaffoldFacts(snapshot, program, "2027-Q1")).toEqual(NO_FACTS);
  });

  it("writes the quarter's facts as sentences whose every number is a figure directive", () => {
    const facts = scaffoldFacts(snapshot, program, "2025-Q4");
    const text = reportScaffold("2025-Q4", "2026-01-12", facts);
    expect(text).toContain("- Mutual Insurance Pool: :figure[awards.team.mutual-insurance-pool]");
    expect(text).toContain("- insurance: :figure[awards.area.insurance]");
    expect(text).toContain(":figure[donors.new] of the\ndonors gave for the first time.");
    expect(text).toContain(":figure[fees.percentOfAwards] of the awards, against a cap of\n:figure[fees.allowance]");
    expect(text).toContain(":figure[transfers.pending.count] transfers falling due this quarter");
    expect(text).toContain("against :figure[donations.total]{period=2025-Q3} the quarter before");
    for (const section of ["Donations", "Payments to teams", "Administrative fee", "Vetoes", "What changed"]) {
      expect(text).toContain(`\n## ${section}\n`);
    }
    // No number is typed in: without the directives, the frontmatter, the quarter's names and the checklist's
    // numbering, no digit is left.
    const body = text.slice(text.indexOf("\n---\n") + 5);
    const prose = body
      .slice(0, body.indexOf("## Maintainer checklist"))
      .replace(/:figure\[[^\]]*\](\{[^}]*\})?/g, "")
      .replace(/2025/g, "")
      .replace(/Q4/g, "");
    expect(prose).not.toMatch(/[0-9]/);
    // No directive the build cannot resolve without editing: no transfer placeholder outside code.
    expect(body.replace(/`[^`]*`/g, "")).not.toContain(":transfer[");
    expect(new Set(directives(text).map((d) => /\[([^\]]*)\]/.exec(d)?.[1]))).toEqual(
      new Set([
        "donations.total",
        "donations.count",
        "donors.new",
        "awards.total",
        "awards.team.mutual-insurance-pool",
        "awards.area.insurance",
        "transfers.pending.count",
        "transfers.pending.amount",
        "fees.total",
        "fees.percentOfAwards",
        "fees.allowance",
        "fees.withinCap",
        "vetoes.count",
        "vetoes.passed",
        "vetoes.failed",
        "vetoes.lapsed",
        "vetoes.open",
        "transfers.vetoed.count",
        "balance.opening",
        "balance.closing",
      ]),
    );
  });

  it("says no team was paid, and compares with no quarter, when it has no facts", () => {
    const text = reportScaffold("2027-Q1", "2027-04-02");
    expect(text).toContain("No team was paid in the quarter");
    expect(text).not.toContain("awards.team.");
    expect(text).not.toContain("{period=2026-Q4}");
    expect(text).toContain("published: 2027-04-02\nstatus: draft\n");
  });
});
