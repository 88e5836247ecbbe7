import { getEntry } from "astro:content";
import path from "node:path";
import { indexDonationsByDonor } from "../lib/donor-donations.ts";
import { assertFeeLinks, buildFeeReport } from "../lib/fees.ts";
import { donorRows, transferRows } from "../lib/tables.ts";
import { readCommittedSnapshot } from "../snapshot/snapshot-folder.ts";
import { CONTENT_DIR } from "./content-dir.ts";

/**
 * What every page needs: the program configuration and the committed snapshot of its wallet. The snapshot is read
 * with the same reader the snapshot run uses (schemas plus the sha256 manifest), so an edited or half-written file
 * fails the build with the file, field and record named. A missing snapshot fails the build with the folder to
 * create, rather than rendering an empty site.
 */
async function readSiteData() {
  const program = await getEntry("program", "program");
  if (!program) throw new Error(`${CONTENT_DIR}/program.yaml is missing.`);
  const wallet = program.data.wallet;
  const snapshot = await readCommittedSnapshot(path.resolve(CONTENT_DIR, "snapshots", wallet));
  if (!snapshot) {
    throw new Error(
      `No committed snapshot for wallet ${wallet}: expected ${CONTENT_DIR}/snapshots/${wallet}/. Run \`npm run snapshot\` first.`,
    );
  }
  // Fee links name transfers by uid: one the snapshot lacks (or of the wrong kind) fails the build, naming it.
  assertFeeLinks(snapshot, program.data, `${CONTENT_DIR}/program.yaml`);
  const feeReport = buildFeeReport(snapshot, program.data);
  const payeeNames = new Map(program.data.teams.map((team) => [team.address, team.name]));
  for (const steward of program.data.stewards) payeeNames.set(steward, "Program steward (administrative fee)");
  // Rows for every transfer, built once: the list pages and each transfer page read them.
  const transfers = transferRows(snapshot, payeeNames);
  const transferByUid = new Map(transfers.map((row) => [row.uid, row]));
  // Donor rows and each donor's donations, indexed once: one page per donor must not scan the whole ledger.
  const donors = donorRows(snapshot);
  const donorByAddress = new Map(donors.map((row) => [row.address, row]));
  const donationsByDonor = indexDonationsByDonor(snapshot.ledger.entries);
  return {
    program: program.data,
    snapshot: snapshot,
    payeeNames,
    transfers,
    transferByUid,
    donors,
    donorByAddress,
    donationsByDonor,
    feeReport,
  };
}

let cached: ReturnType<typeof readSiteData> | undefined;

/**
 * Read once per build: every page asks for the same committed data, and with 10^4 transfer pages re-reading and
 * re-indexing it per page dominated the build time.
 */
export function loadSiteData(): ReturnType<typeof readSiteData> {
  cached ??= readSiteData();
  return cached;
}
