import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseProgramConfig } from "../../../src/config/program.ts";
import { reportScaffold, scaffoldFacts } from "../../../src/lib/reports/report-scaffold.ts";
import type { DonorRecord, Snapshot, TransferRecord } from "../../../src/schemas/snapshot.ts";
import { buildSnapshotFiles } from "../../../src/snapshot/build-files.ts";
import { replaceSnapshotFolder } from "../../../src/store/snapshot-folder.ts";
import { buildTestSnapshot, TEAM, WALLET } from "../snapshot/build-test-snapshot.ts";
import { repoRoot } from "./build-site.ts";
import { writeLegacyFixture } from "./legacy-fixture.ts";
import { withoutFeeLinks } from "./program-yaml.ts";

/** The rebase factor the paged content's program states for its legacy era (LIBRA units per GAS unit). */
export const PAGED_REBASE_FACTOR = { numerator: "1", denominator: "3" };

/** First uid of the filler transfers; transfer `PAGED_FIRST_UID + i` is filler `i`. */
export const PAGED_FIRST_UID = 1000;
/** How many filler transfers the paged content adds to the test snapshot's one paid transfer. */
export const PAGED_FILLER_COUNT = 1000;

/** How many filler donors the paged content adds to the test snapshot's two (the donors index then has 3 pages). */
export const PAGED_DONOR_FILLER_COUNT = 250;

/** The address of filler donor `index`: distinct, canonical, and sorting after the fixture's real donors. */
export function pagedFillerDonor(index: number): string {
  return `0x${"f".repeat(32)}${index.toString(16).padStart(32, "0")}`;
}

/**
 * A content folder with enough transfers to paginate every kind of list (all, by status, by quarter) over many
 * pages: the test snapshot plus `PAGED_FILLER_COUNT` scheduled transfers, four falling due per epoch, so they
 * span three quarters. Only scheduled transfers are added, so the books still balance. `PAGED_DONOR_FILLER_COUNT`
 * donors with a receipt of one base unit each and no donation in the ledger paginate the donors index. It also has
 * the fixture's legacy folder and states a rebase factor (`PAGED_REBASE_FACTOR`), and the report `npm run new-report`
 * scaffolds for `PAGED_REPORT_QUARTER`, as it is written (`pagedReportScaffold`).
 */
/** The quarter of the paged content's report: a scaffold, not edited. */
export const PAGED_REPORT_QUARTER = "2025-Q4";

/** The paged content's program.yaml: the committed one, without fee links, with a legacy era. */
async function pagedProgramYaml(): Promise<string> {
  const program = await readFile(path.join(repoRoot, "content/program.yaml"), "utf8");
  // With a legacy era and a stated rebase factor: the legacy page then shows LIBRA beside GAS.
  const legacy = `legacy:\n  rebaseFactor: { numerator: "${PAGED_REBASE_FACTOR.numerator}", denominator: "${PAGED_REBASE_FACTOR.denominator}" }\n  source: "A test factor"\n`;
  return `${withoutFeeLinks(program).trimEnd()}\n${legacy}`;
}

/** The paged content's snapshot: the test snapshot and the filler transfers. */
function pagedSnapshot(): Snapshot {
  const snapshot = buildTestSnapshot();
  const template = snapshot.transfers[0] as TransferRecord;
  const filler = Array.from({ length: PAGED_FILLER_COUNT }, (_, index): TransferRecord => {
    const uid = BigInt(PAGED_FIRST_UID + index);
    const deadlineEpoch = BigInt(1240 + Math.floor(index / 4));
    const text = `Filler transfer ${uid} for pagination`;
    return {
      ...template,
      uid,
      payee: TEAM,
      amount: 1n,
      description: { hex: `0x${Buffer.from(text, "utf8").toString("hex")}`, text },
      status: "scheduled",
      deadlineEpoch,
      history: [{ state: { status: "scheduled", deadlineEpoch }, seenAtLedgerVersion: 98765432n, seenAtEpoch: 1234n }],
    };
  });
  snapshot.transfers = [...snapshot.transfers, ...filler];
  const donorTemplate = snapshot.donors[snapshot.donors.length - 1] as DonorRecord;
  const fillerDonors = Array.from(
    { length: PAGED_DONOR_FILLER_COUNT },
    (_, index): DonorRecord => ({
      ...donorTemplate,
      address: pagedFillerDonor(index),
      cumulative: 1n,
      lastPaymentValue: 1n,
      vetoWeight: null,
    }),
  );
  snapshot.donors = [...snapshot.donors, ...fillerDonors];
  return snapshot;
}

/** The text of the paged content's report: what `npm run new-report` writes for `PAGED_REPORT_QUARTER`. */
export async function pagedReportScaffold(): Promise<string> {
  const program = parseProgramConfig(await pagedProgramYaml(), "program.yaml");
  return reportScaffold(
    PAGED_REPORT_QUARTER,
    "2026-01-05",
    scaffoldFacts(pagedSnapshot(), program, PAGED_REPORT_QUARTER),
  );
}

export async function writePagedContent(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "ledgerlight-paged-"));
  await writeFile(path.join(dir, "program.yaml"), await pagedProgramYaml(), "utf8");
  const snapshot = pagedSnapshot();
  await replaceSnapshotFolder(path.join(dir, "snapshots", WALLET), buildSnapshotFiles(snapshot));
  await writeLegacyFixture(path.join(dir, "snapshots", WALLET), WALLET);
  await mkdir(path.join(dir, "reports"));
  await writeFile(
    path.join(dir, "reports", `${PAGED_REPORT_QUARTER.toLowerCase()}.md`),
    await pagedReportScaffold(),
    "utf8",
  );
  return dir;
}
