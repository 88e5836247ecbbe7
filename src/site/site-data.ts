import path from "node:path";
import { readBuildEnv } from "../config/build-env.ts";
import { loadProgramConfig, programConfigPath } from "../config/program.ts";
import { programWalletSites, selectWalletSite, walletView } from "../config/wallet-view.ts";
import { CommittedSnapshotFailure, ValidationError } from "../errors.ts";
import { type WalletSite, walletSitePath } from "../lib/build/wallet-sites.ts";
import { assertFeeLinks, buildFeeReport, type FeeReport } from "../lib/figures/fees.ts";
import { assertAuthorityNames } from "../lib/figures/governance.ts";
import { buildBalanceOverview, buildOverviewFigures } from "../lib/figures/overview.ts";
import { payeeDirectory } from "../lib/ledger/classify.ts";
import { buildLedgerLists } from "../lib/ledger/ledger-lists.ts";
import { movementRows } from "../lib/ledger/ledger-movements.ts";
import { parseU64 } from "../lib/money.ts";
import { indexDonationsByDonor } from "../lib/views/donor-donations.ts";
import { buildOverviewCharts } from "../lib/views/overview-charts.ts";
import { donorRows, transferRows } from "../lib/views/tables.ts";
import type { Snapshot } from "../schemas/snapshot.ts";
import { readCheckedSnapshot } from "../store/checked-snapshot.ts";
import { LEGACY_FOLDER, readLegacyFolder } from "../store/legacy-folder.ts";
import { snapshotsDir, walletSnapshotDir } from "../store/snapshot-folder.ts";

/**
 * What every page needs: the program configuration and the committed snapshot of its wallet. The snapshot is read
 * with the same reader the snapshot run uses (schemas plus the sha256 manifest) and its records are checked against
 * each other (src/lib/ledger/invariants.ts), so an edited or half-written file fails the build with the file, field
 * and record named. A missing snapshot fails the build with the folder to
 * create, rather than rendering an empty site.
 */
async function readWalletSnapshot(contentDir: string, wallet: string): Promise<Snapshot> {
  let snapshot: Snapshot | null;
  try {
    snapshot = await readCheckedSnapshot(walletSnapshotDir(snapshotsDir(path.resolve(contentDir)), wallet));
  } catch (error) {
    // This read is the build's only check of the snapshot: reported as that check (src/errors.ts).
    throw new CommittedSnapshotFailure(error);
  }
  if (!snapshot) {
    // Bad input (exit 3 from `npm run build`), not a bug: the content folder lacks what the site is built from.
    throw new CommittedSnapshotFailure(
      new ValidationError(`No committed snapshot for wallet ${wallet}: expected ${contentDir}/snapshots/${wallet}/.`, {
        advice: "take one first with npm run snapshot (or npm run publish), then build.",
      }),
    );
  }
  return snapshot;
}

/** One wallet's row of the combined table on the main overview, with links into that wallet's own site. */
function walletSummary(
  site: WalletSite,
  snapshot: Snapshot,
  config: Parameters<typeof buildOverviewFigures>[1],
  feeReport?: FeeReport,
) {
  const balance = buildBalanceOverview(snapshot);
  const figures = buildOverviewFigures(snapshot, config, feeReport);
  const pick = (id: string) => {
    const figure = figures.figures.find((item) => item.id === id);
    if (!figure) throw new Error(`overview figure ${id} is missing`);
    return figure;
  };
  const onSite = <T extends { source: { href: string; rowsHref?: string } }>(figure: T): T => ({
    ...figure,
    source: {
      ...figure.source,
      href: walletSitePath(site, figure.source.href),
      ...(figure.source.rowsHref === undefined ? {} : { rowsHref: walletSitePath(site, figure.source.rowsHref) }),
    },
  });
  return {
    site,
    ledgerVersion: snapshot.meta.ledgerVersion,
    /** The same four figures as exact base units, for the combined totals. */
    units: {
      balance: parseU64(balance.balanceBaseUnits),
      donated: parseU64(pick("donated").units),
      paidOut: parseU64(pick("paid-out").units),
      fees: parseU64(pick("fees").units),
    },
    balance: onSite({ units: balance.balanceBaseUnits, value: balance.balance, source: balance.source }),
    donated: onSite(pick("donated")),
    paidOut: onSite(pick("paid-out")),
    fees: onSite(pick("fees")),
  };
}
export type WalletSummary = ReturnType<typeof walletSummary>;

async function readSiteData() {
  const { contentDir, wallet } = readBuildEnv();
  const programFile = programConfigPath(contentDir);
  const config = await loadProgramConfig(programFile);
  const sites = programWalletSites(config);
  const site = selectWalletSite(sites, wallet, programFile);
  const program = walletView(config, site);
  const snapshot = await readWalletSnapshot(contentDir, site.address);
  // The legacy era is optional: a wallet without an imported legacy folder has no legacy page and no links to it.
  const legacy = await readLegacyFolder(
    path.join(walletSnapshotDir(snapshotsDir(path.resolve(contentDir)), site.address), LEGACY_FOLDER),
    site.address,
  );
  // Fee links name transfers by uid: one the snapshot lacks (or of the wrong kind) fails the build, naming it.
  assertFeeLinks(snapshot, program, programFile);
  // Authority names are the main wallet's: one that names no authority or voter of it fails the build, naming it.
  if (site.isMain) assertAuthorityNames(snapshot, program, programFile);
  const feeReport = buildFeeReport(snapshot, program);
  // Every wallet side by side, on the main overview only, and only when there is more than one.
  const walletSummaries: WalletSummary[] = [];
  if (site.isMain && sites.length > 1) {
    for (const other of sites) {
      const otherSnapshot = other.isMain ? snapshot : await readWalletSnapshot(contentDir, other.address);
      // The main wallet's fee report is the one built above.
      walletSummaries.push(
        walletSummary(other, otherSnapshot, walletView(config, other), other.isMain ? feeReport : undefined),
      );
    }
  }
  const payeeNames = new Map(program.teams.map((team) => [team.address, team.name]));
  for (const steward of program.stewards) payeeNames.set(steward, "Program steward (administrative fee)");
  // Rows for every transfer, built once: the list pages and each transfer page read them.
  const transfers = transferRows(snapshot, payeeNames);
  const transferByUid = new Map(transfers.map((row) => [row.uid, row]));
  // Donor rows and each donor's donations, indexed once: one page per donor must not scan the whole ledger.
  const donors = donorRows(snapshot);
  const donorByAddress = new Map(donors.map((row) => [row.address, row]));
  const donationsByDonor = indexDonationsByDonor(snapshot.ledger.entries);
  // The ledger page's rows (running balance included) and its filtered lists, built once: every ledger page, CSV
  // and figure link reads them, and the bench ledger has 10^5 entries.
  const movements = movementRows(snapshot.ledger, {
    directory: payeeDirectory(program),
    names: payeeNames,
    transferPayees: new Map(snapshot.transfers.map((transfer) => [transfer.uid, transfer.payee])),
    donors: new Set(donorByAddress.keys()),
    explorer: snapshot.meta.simulated ? undefined : program.explorer,
  });
  const ledgerLists = buildLedgerLists(movements);
  // The home page's three charts, built once: the page draws them as SVG and /data/charts/<id>.json publishes the
  // same series for "Explore the values".
  const overviewCharts = buildOverviewCharts(snapshot, program, { feeReport });
  return {
    program,
    /** This build's wallet site, and every wallet's (one entry: no switcher). */
    site,
    sites,
    walletSummaries,
    snapshot: snapshot,
    /** The imported legacy era (GAS, never mixed into the figures above), or null when there is none. */
    legacy,
    payeeNames,
    transfers,
    transferByUid,
    donors,
    donorByAddress,
    donationsByDonor,
    movements,
    ledgerLists,
    feeReport,
    overviewCharts,
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
