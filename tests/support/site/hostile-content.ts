import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { LedgerEntry, Snapshot, TransferRecord } from "../../../src/schemas/snapshot.ts";
import { buildSnapshotFiles } from "../../../src/snapshot/build-files.ts";
import { replaceSnapshotFolder } from "../../../src/store/snapshot-folder.ts";
import { buildTestSnapshot, TEAM, WALLET } from "../snapshot/build-test-snapshot.ts";
import { repoRoot } from "./build-site.ts";
import { finalReportPin } from "./final-report.ts";
import { hostileDescriptions } from "./hostile-corpus.ts";
import { HOSTILE_MARKDOWN, HOSTILE_MARKDOWN_SLUG } from "./hostile-markdown.ts";
import { withoutFeeLinks } from "./program-yaml.ts";

/** First uid of the hostile transfers; transfer `HOSTILE_FIRST_UID + i` carries `hostileDescriptions()[i]`. */
export const HOSTILE_FIRST_UID = 100;

/** A donor with more donations than a donor page shows (`DONOR_PAGE_ROW_LIMIT`), one unit each. */
export const PROLIFIC_DONOR = `0x${"e".repeat(64)}`;
export const PROLIFIC_DONATIONS = 250;

/**
 * Adds `PROLIFIC_DONATIONS` donations from `PROLIFIC_DONOR`, keeping the books, the donor receipts and the event
 * cursors consistent with them.
 */
function addProlificDonor(snapshot: Snapshot): void {
  const firstSequence = snapshot.ledger.entries.filter((entry) => entry.stream === "deposit").length;
  const donations = Array.from({ length: PROLIFIC_DONATIONS }, (_, i): LedgerEntry => {
    const version = BigInt(1000 + i);
    return {
      stream: "deposit",
      sequence: BigInt(firstSequence + i),
      version,
      timestampUsec: 1767000000000000n + version * 1000000n,
      epoch: 1234n,
      amount: 1000000n,
      category: "donation",
      counterparty: PROLIFIC_DONOR,
      transferUid: null,
      txHash: `0x${version.toString().padStart(64, "0")}`,
      txSender: PROLIFIC_DONOR,
      txFunction: "0x1::ol_account::transfer",
    };
  });
  const added = BigInt(PROLIFIC_DONATIONS) * 1000000n;
  snapshot.ledger.entries = [...snapshot.ledger.entries, ...donations];
  const balance = snapshot.wallet.balance.coinStoreValue + added;
  snapshot.wallet.balance = { ...snapshot.wallet.balance, coinStoreValue: balance, unlocked: balance, total: balance };
  snapshot.changes = snapshot.changes.map((change) => ({ ...change, balance: { ...change.balance, after: balance } }));
  const deposits = snapshot.wallet.cumulativeDeposits;
  snapshot.wallet.cumulativeDeposits = {
    ...deposits,
    value: deposits.value + added,
    depositorCount: deposits.depositorCount + 1,
  };
  snapshot.meta.eventCursors = {
    ...snapshot.meta.eventCursors,
    deposits: BigInt(firstSequence + PROLIFIC_DONATIONS),
  };
  // The run that wrote the snapshot reported them (the change log is checked against the ledger).
  const run = snapshot.changes[snapshot.changes.length - 1] as Snapshot["changes"][number];
  run.newDonations = {
    count: run.newDonations.count + PROLIFIC_DONATIONS,
    total: run.newDonations.total + added,
    newDonors: run.newDonations.newDonors + 1,
  };
  run.balance = { ...run.balance, after: balance };
  const last = donations[donations.length - 1] as LedgerEntry;
  snapshot.donors = [
    ...snapshot.donors,
    {
      address: PROLIFIC_DONOR,
      cumulative: added,
      lastPaymentTimestampSecs: last.timestampUsec / 1000000n,
      lastPaymentValue: 1000000n,
      vetoWeight: added,
      provenance: { ledgerVersion: snapshot.meta.ledgerVersion, path: "prolific" },
    },
  ];
}

/**
 * A content folder whose transfers carry every description of the hostile corpus and whose writeups and report
 * carry hostile Markdown, for the build test that proves untrusted text is shown as text and never executed. It
 * also has a donor with more donations than a donor page shows.
 */
export async function writeHostileContent(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "ledgerlight-hostile-"));
  const program = await readFile(path.join(repoRoot, "content/program.yaml"), "utf8");
  await writeFile(path.join(dir, "program.yaml"), withoutFeeLinks(program), "utf8");
  const snapshot = buildTestSnapshot();
  const template = snapshot.transfers[0] as TransferRecord;
  const hostile = hostileDescriptions().map(
    (description, index): TransferRecord => ({
      ...template,
      uid: BigInt(HOSTILE_FIRST_UID + index),
      payee: TEAM,
      amount: 1n,
      description,
      status: "scheduled",
      deadlineEpoch: 1240n,
      history: [
        { state: { status: "scheduled", deadlineEpoch: 1240n }, seenAtLedgerVersion: 98765432n, seenAtEpoch: 1234n },
      ],
    }),
  );
  snapshot.transfers = [...snapshot.transfers, ...hostile];
  addProlificDonor(snapshot);
  await replaceSnapshotFolder(path.join(dir, "snapshots", WALLET), buildSnapshotFiles(snapshot));
  await mkdir(path.join(dir, "writeups"));
  await mkdir(path.join(dir, "reports"));
  // Frontmatter text is shown as text; the title and summary try markup too.
  const frontmatter = (extra: string) =>
    `---\n${extra}title: "<script>alert('title')</script> SAFE-title"\nsummary: "<img src=x onerror=alert(1)> SAFE-summary"\nauthors: ["<b onmouseover=alert(1)>author</b>"]\npublished: 2026-01-01\nstatus: final\n---\n`;
  await writeFile(
    path.join(dir, "writeups", `${HOSTILE_MARKDOWN_SLUG}.md`),
    `${frontmatter("")}${HOSTILE_MARKDOWN}`,
    "utf8",
  );
  await writeFile(
    path.join(dir, "reports", "2025-q4.md"),
    `${frontmatter(`quarter: 2025-Q4\n${finalReportPin(HOSTILE_MARKDOWN, 98765432n)}`)}${HOSTILE_MARKDOWN}`,
    "utf8",
  );
  return dir;
}
