import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ValidationError } from "../../../../src/errors.ts";
import { snapshotAsOf } from "../../../../src/lib/ledger/as-of.ts";
import {
  finalizedReportText,
  quarterNotEnded,
  reportBodySha256,
  reportFigures,
} from "../../../../src/lib/reports/frozen-report.ts";
import type { Snapshot } from "../../../../src/schemas/snapshot.ts";
import { parseReportFile } from "../../../../src/site/content-files.ts";
import { readCommittedSnapshot, snapshotsDir, walletSnapshotDir } from "../../../../src/store/snapshot-folder.ts";
import { repoRoot } from "../../../support/site/build-site.ts";

const WALLET = "0x0000000000000000000000000000000019e966bfa4b32ce9b7e23721b37b96d2";
const FILE = "content/reports/2025-q3.md";
const DRAFT = `---
quarter: 2025-Q3
title: Third quarter   # a comment stays
authors: [A]
published: 2025-10-15
status: draft
---

Donors gave :figure[donations.total].
`;

let demo: Snapshot;
beforeAll(async () => {
  const snapshot = await readCommittedSnapshot(walletSnapshotDir(snapshotsDir(path.join(repoRoot, "content")), WALLET));
  if (!snapshot) throw new Error("no committed demo snapshot");
  demo = snapshot;
});

describe("finalizedReportText", () => {
  it("marks the report final, pins it and fingerprints the body, keeping every other byte", () => {
    const { entry } = parseReportFile(FILE, DRAFT);
    const text = finalizedReportText(DRAFT, entry.body, 1813n);
    expect(text).toBe(
      DRAFT.replace(
        "status: draft\n---",
        `status: final\nledgerVersion: "1813"\nbodySha256: ${reportBodySha256(entry.body)}\n---`,
      ),
    );
    const final = parseReportFile(FILE, text).entry;
    expect(final).toMatchObject({
      status: "final",
      ledgerVersion: "1813",
      body: entry.body,
      bodyLine: entry.bodyLine + 2,
    });
  });

  it("keeps CRLF line ends and a quoted status", () => {
    const crlf = DRAFT.replace("status: draft", 'status: "draft"').replaceAll("\n", "\r\n");
    const { entry } = parseReportFile(FILE, crlf);
    const text = finalizedReportText(crlf, entry.body, 7n);
    expect(text.replaceAll("\r\n", "")).not.toContain("\n");
    expect(parseReportFile(FILE, text).entry.ledgerVersion).toBe("7");
  });
});

describe("a final report's frontmatter and body", () => {
  const final = () => {
    const { entry } = parseReportFile(FILE, DRAFT);
    return finalizedReportText(DRAFT, entry.body, 1813n);
  };

  it("refuses an edit of the body after finalising, saying to add an addendum", () => {
    const edited = final().replace("Donors gave", "Donors kindly gave");
    expect(() => parseReportFile(FILE, edited)).toThrow(ValidationError);
    expect(() => parseReportFile(FILE, edited)).toThrow(
      /content\/reports\/2025-q3\.md: .*changed after it was finalised.*addenda/,
    );
  });

  it("accepts dated addenda in the frontmatter without touching the body's fingerprint", () => {
    const text = final().replace(
      "status: final",
      "status: final\naddenda:\n  - date: 2026-01-20\n    text: A correction.",
    );
    expect(parseReportFile(FILE, text).entry.addenda).toEqual([{ date: "2026-01-20", text: "A correction." }]);
  });

  it("refuses addenda out of order, twice on a day, or before publication", () => {
    const withAddenda = (lines: string) => final().replace("status: final", `status: final\naddenda:\n${lines}`);
    const a = (date: string) => `  - date: ${date}\n    text: Fix.\n`;
    expect(() => parseReportFile(FILE, withAddenda(a("2026-02-01") + a("2026-01-20")))).toThrow(/oldest first/);
    expect(() => parseReportFile(FILE, withAddenda(a("2026-02-01") + a("2026-02-01")))).toThrow(/one per day/);
    expect(() => parseReportFile(FILE, withAddenda(a("2025-10-01")))).toThrow(/before the report was published/);
  });

  it("requires the pin and fingerprint of a final report, and forbids them in a draft", () => {
    const unpinned = DRAFT.replace("status: draft", "status: final");
    expect(() => parseReportFile(FILE, unpinned)).toThrow(/ledgerVersion: a final report is pinned .*--finalize/);
    expect(() => parseReportFile(FILE, unpinned)).toThrow(/bodySha256: a final report is pinned/);
    const pinnedDraft = DRAFT.replace("status: draft", 'status: draft\nledgerVersion: "1813"');
    expect(() => parseReportFile(FILE, pinnedDraft)).toThrow(/ledgerVersion: only a final report has it/);
    const unquoted = final().replace('ledgerVersion: "1813"', "ledgerVersion: 1813");
    expect(() => parseReportFile(FILE, unquoted)).toThrow(/ledgerVersion: expected a ledger version as quoted digits/);
  });
});

describe("reportFigures", () => {
  it("gives a draft the latest snapshot", () => {
    const figures = reportFigures({ file: FILE, status: "draft" }, demo);
    expect(figures).toMatchObject({ status: "draft", ledgerVersion: 1813n, snapshot: demo });
  });

  it("gives a final report the snapshot as of its pin", () => {
    const figures = reportFigures({ file: FILE, status: "final", ledgerVersion: "1477" }, demo);
    expect(figures.ledgerVersion).toBe(1477n);
    expect(figures.timestampUsec).toBe(1759135659000000n);
    expect(figures.snapshot).toEqual(snapshotAsOf(demo, 1477n));
  });

  it("refuses a pin newer than the snapshot, one that is not a recorded run, or none, naming the file", () => {
    const final = (ledgerVersion?: string) => () => reportFigures({ file: FILE, status: "final", ledgerVersion }, demo);
    expect(final("1814")).toThrow(ValidationError);
    expect(final("1814")).toThrow(
      /2025-q3\.md: ledgerVersion 1814 is newer than the committed snapshot \(ledger version 1813\)/,
    );
    expect(final("1800")).toThrow(/2025-q3\.md: ledgerVersion 1800 is not a recorded snapshot run/);
    expect(final()).toThrow(/2025-q3\.md: a final report must be pinned/);
    expect(final("99999999999999999999")).toThrow(ValidationError);
  });
});

describe("quarterNotEnded", () => {
  it("goes by the snapshot's clock: the quarter is over from its first microsecond after", () => {
    const q3End = 1759276800000000n; // 2025-10-01T00:00:00Z
    expect(quarterNotEnded("2025-Q3", q3End - 1n)).toBe(true);
    expect(quarterNotEnded("2025-Q3", q3End)).toBe(false);
    expect(quarterNotEnded("2025-Q4", demo.meta.ledgerTimestampUsec)).toBe(true);
  });
});
