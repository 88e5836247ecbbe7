import { getCollection, getEntry } from "astro:content";
import { indexDonationsByDonor } from "../lib/donor-donations.ts";
import { donorRows, transferRows } from "../lib/tables.ts";

/**
 * What every page needs: the program configuration and the committed snapshot of its wallet. A missing snapshot
 * fails the build with the folder to create, rather than rendering an empty site.
 */
async function readSiteData() {
  const program = await getEntry("program", "program");
  if (!program) throw new Error("content/program.yaml is missing.");
  const snapshots = await getCollection("snapshots");
  const snapshot = snapshots.find((entry) => entry.id === program.data.wallet);
  if (!snapshot) {
    throw new Error(
      `No committed snapshot for wallet ${program.data.wallet}: expected content/snapshots/${program.data.wallet}/. Run \`npm run snapshot\` first.`,
    );
  }
  const payeeNames = new Map(program.data.teams.map((team) => [team.address, team.name]));
  for (const steward of program.data.stewards) payeeNames.set(steward, "Program steward (administrative fee)");
  // Rows for every transfer, built once: the list pages and each transfer page read them.
  const transfers = transferRows(snapshot.data, payeeNames);
  const transferByUid = new Map(transfers.map((row) => [row.uid, row]));
  // Donor rows and each donor's donations, indexed once: one page per donor must not scan the whole ledger.
  const donors = donorRows(snapshot.data);
  const donorByAddress = new Map(donors.map((row) => [row.address, row]));
  const donationsByDonor = indexDonationsByDonor(snapshot.data.ledger.entries);
  return {
    program: program.data,
    snapshot: snapshot.data,
    payeeNames,
    transfers,
    transferByUid,
    donors,
    donorByAddress,
    donationsByDonor,
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
