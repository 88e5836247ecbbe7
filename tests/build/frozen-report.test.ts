import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "node-html-parser";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { EXIT_CODES } from "../../src/errors.ts";
import { formatInteger } from "../../src/lib/money.ts";
import type { LedgerEntry, Snapshot } from "../../src/schemas/snapshot.ts";
import { buildSnapshotFiles } from "../../src/snapshot/build-files.ts";
import { checkSnapshot } from "../../src/snapshot/run-snapshot.ts";
import { readSnapshotFolder, replaceSnapshotFolder } from "../../src/store/snapshot-folder.ts";
import { runScript } from "../support/run-script.ts";
import { buildSite } from "../support/site/build-site.ts";
import { writeFixtureContent } from "../support/site/fixture-content.ts";
import { buildTestSnapshot, DONOR_A, TEAM, WALLET } from "../support/snapshot/build-test-snapshot.ts";

/**
 * A published report never changes. A 2025-Q4 report is finalised with the real CLI at the snapshot's only run
 * (read at 2026-01-01 00:00 UTC, the quarter's end), the site is built, then a second run is appended that adds
 * donations dated in Q4, a new donor, the payment of the transfer the report calls waiting and a new transfer; the
 * site is rebuilt. The report's `<main>` is compared byte for byte: the rest of the page (header, footer) may name
 * things that legitimately change between builds (the build's commit, the snapshot's age), `<main>` is the report.
 * A writeup citing the same figures follows the latest snapshot, and its `<main>` does change: the control that
 * shows the comparison can fail.
 */

const V1 = 98765432n;
const V2 = 98765500n;
const Q4_LATE = 1767222000000000n; // 2025-12-31T23:00:00Z
const NEW_DONOR = `0x${"e".repeat(64)}`;
const REPORT_BODY = `Donors gave :figure[donations.total] in :figure[donations.count] donations; :figure[donors.new] donors were new.
Over the program's life they gave :figure[donations.total]{period=all}, and the balance stood at :figure[balance.closing]{period=all}.
Still waiting: :transfer[7]. Transfers due this quarter: :figure[transfers.count].
`;
const WRITEUP = `---
title: Live figures
authors: [Fixture Maintainer]
published: 2026-01-05
status: final
---
Donors gave :figure[donations.total]{period=2025-Q4} in :figure[donations.count]{period=2025-Q4} donations;
all told :figure[donations.total]{period=all}. Transfer: :transfer[7].
`;

let content: string;
const dists: string[] = [];

/** The fixture snapshot (run 1), with a transfer still waiting to be paid. */
function firstRun(): Snapshot {
  const snapshot = buildTestSnapshot();
  const seen = { seenAtLedgerVersion: V1, seenAtEpoch: 1234n };
  snapshot.transfers.push({
    uid: 7n,
    payee: TEAM,
    amount: 50_000_000n,
    description: { hex: "0x57616974696e67", text: "Waiting" },
    status: "scheduled",
    deadlineEpoch: 1235n,
    history: [{ state: { status: "scheduled", deadlineEpoch: 1235n }, ...seen }],
    provenance: { ledgerVersion: V1, path: "tx/scheduled/0" },
  });
  snapshot.changes = snapshot.changes.map((change) => ({ ...change, newTransfers: [5n, 7n] }));
  return snapshot;
}

/** Run 2, appended the way a snapshot run appends: checked with the snapshot run's own checks. */
function secondRun(previous: Snapshot): Snapshot {
  const at = (version: bigint, usec: bigint, fields: Partial<LedgerEntry>): LedgerEntry => ({
    stream: "deposit",
    sequence: 0n,
    version,
    timestampUsec: usec,
    epoch: 1234n,
    amount: 0n,
    category: "donation",
    counterparty: null,
    transferUid: null,
    txHash: `0x${version.toString(16).padStart(64, "0")}`,
    txSender: null,
    txFunction: "0x1::ol_account::transfer",
    ...fields,
  });
  const newEntries = [
    at(V1 + 8n, Q4_LATE, { sequence: 3n, amount: 1_000_000_000n, counterparty: DONOR_A, txSender: DONOR_A }),
    at(V1 + 9n, Q4_LATE + 1n, { sequence: 4n, amount: 5_000_000n, counterparty: NEW_DONOR, txSender: NEW_DONOR }),
    at(V1 + 40n, 1767312000000000n, {
      stream: "withdraw",
      sequence: 2n,
      amount: 50_000_000n,
      category: "payout",
      counterparty: TEAM,
      transferUid: 7n,
      epoch: 1235n,
      txFunction: "block_metadata_transaction",
    }),
  ];
  const balance = previous.wallet.balance.coinStoreValue + 1_005_000_000n - 50_000_000n;
  const seen = { seenAtLedgerVersion: V2, seenAtEpoch: 1235n };
  const donorA = previous.donors.find((donor) => donor.address === DONOR_A);
  if (!donorA) throw new Error("no donor A");
  return {
    ...previous,
    meta: {
      ...previous.meta,
      ledgerVersion: V2,
      ledgerTimestampUsec: 1767312000000000n,
      epoch: 1235n,
      previousLedgerVersion: V1,
      eventCursors: { deposits: 5n, withdrawals: 3n, newEpochs: 3n },
    },
    wallet: {
      ...previous.wallet,
      balance: { ...previous.wallet.balance, coinStoreValue: balance, unlocked: balance, total: balance },
      cumulativeDeposits: {
        ...previous.wallet.cumulativeDeposits,
        value: previous.wallet.cumulativeDeposits.value + 1_005_000_000n,
        depositorCount: 3,
      },
    },
    ledger: { ...previous.ledger, entries: [...previous.ledger.entries, ...newEntries] },
    transfers: [
      ...previous.transfers.map((transfer) =>
        transfer.uid === 7n
          ? {
              ...transfer,
              status: "paid" as const,
              history: [...transfer.history, { state: { status: "paid" as const, deadlineEpoch: 1235n }, ...seen }],
            }
          : transfer,
      ),
      {
        uid: 8n,
        payee: TEAM,
        amount: 70_000_000n,
        description: { hex: "0x4e6577", text: "New" },
        status: "scheduled",
        deadlineEpoch: 1236n,
        history: [{ state: { status: "scheduled", deadlineEpoch: 1236n }, ...seen }],
        provenance: { ledgerVersion: V2, path: "tx/scheduled/1" },
      },
    ],
    donors: [
      ...previous.donors.map((donor) =>
        donor.address === DONOR_A
          ? { ...donor, cumulative: donor.cumulative + 1_000_000_000n, lastPaymentValue: 1_000_000_000n }
          : donor,
      ),
      {
        address: NEW_DONOR,
        cumulative: 5_000_000n,
        lastPaymentTimestampSecs: Q4_LATE / 1_000_000n,
        lastPaymentValue: 5_000_000n,
        vetoWeight: 5_000_000n,
        provenance: { ledgerVersion: V2, path: "re" },
      },
    ],
    epochs: [...previous.epochs, { epoch: 1235n, version: V1 + 30n, timestampUsec: 1767312000000000n - 1n }],
    changes: [
      ...previous.changes,
      {
        ledgerVersion: V2,
        previousLedgerVersion: V1,
        epoch: 1235n,
        timestampUsec: 1767312000000000n,
        newDonations: { count: 2, total: 1_005_000_000n, newDonors: 1 },
        newOtherInflows: { count: 0, total: 0n },
        newOutflows: { count: 1, total: 50_000_000n },
        newTransfers: [8n],
        statusChanges: [{ transferUid: 7n, from: "scheduled", to: "paid" }],
        newVetoBallots: [],
        balance: { before: previous.wallet.balance.coinStoreValue, after: balance },
      },
    ],
  };
}

const snapshotDir = () => path.join(content, "snapshots", WALLET);
const reportFile = () => path.join(content, "reports", "2025-q4.md");

function cli(script: string, args: string[]) {
  return runScript(script, args, { env: { ...process.env, TZ: "UTC", ASTRO_TELEMETRY_DISABLED: "1" } });
}

async function mainOf(dist: string, page: string): Promise<string> {
  const html = await readFile(path.join(dist, page, "index.html"), "utf8");
  const main = parse(html).querySelector("main");
  if (!main) throw new Error(`${page} has no <main>`);
  return main.outerHTML;
}

let before: string;
let after: string;
let distBefore: string;
let distAfter: string;

beforeAll(async () => {
  content = await writeFixtureContent();
  await replaceSnapshotFolder(snapshotDir(), buildSnapshotFiles(firstRun()));
  await rm(path.join(content, "reports"), { recursive: true });
  await rm(path.join(content, "writeups"), { recursive: true });
  await mkdir(path.join(content, "reports"));
  await mkdir(path.join(content, "writeups"));
  await writeFile(
    reportFile(),
    `---\nquarter: 2025-Q4\ntitle: Fourth quarter 2025\nauthors: [Fixture Steward]\npublished: 2026-01-01\nstatus: draft\n---\n${REPORT_BODY}`,
    "utf8",
  );
  await writeFile(path.join(content, "writeups", "live-figures.md"), WRITEUP, "utf8");
  const finalised = await cli("scripts/new-report.ts", ["--finalize", "2025-Q4", "--content", content]);
  if (finalised.code !== 0) throw new Error(`finalise failed: ${finalised.stderr}`);
  distBefore = await buildSite({ label: "frozen-before", contentDir: content });
  dists.push(distBefore);
  const previous = await readSnapshotFolder(snapshotDir());
  const next = secondRun(previous);
  checkSnapshot(previous, next);
  await replaceSnapshotFolder(snapshotDir(), buildSnapshotFiles(next));
  distAfter = await buildSite({ label: "frozen-after", contentDir: content });
  dists.push(distAfter);
  before = await mainOf(distBefore, "reports/2025-q4");
  after = await mainOf(distAfter, "reports/2025-q4");
}, 240_000);

afterAll(async () => {
  for (const dir of [...dists, content]) if (dir) await rm(dir, { recursive: true, force: true });
});

describe("a final report after a later snapshot", () => {
  it("says which ledger version its figures are as of", () => {
    const line = parse(after).querySelector("#figures-as-of")?.textContent.replace(/\s+/g, " ").trim();
    expect(line).toBe(
      `Figures as of ledger version ${formatInteger(V1)}, 1 Jan 2026, 00:00 UTC: this report was finalised then, and later snapshots do not change it.`,
    );
  });

  it("keeps its <main> byte for byte, though the quarter's donations, donors and the cited transfer changed", async () => {
    expect(after).toBe(before);
    // The report still says what was true at its pin: 750.50 donated in two donations by two new donors.
    const text = parse(after).querySelector("article")?.textContent.replace(/\s+/g, " ") ?? "";
    expect(text).toContain("Donors gave 750.50 LIBRA in 2 donations; 2 donors were new");
    // The control: a writeup citing the same figures follows the latest snapshot, so its <main> changed.
    const live = await mainOf(distAfter, "writeups/live-figures");
    expect(live).not.toBe(await mainOf(distBefore, "writeups/live-figures"));
    expect(parse(live).textContent.replace(/\s+/g, " ")).toContain("Donors gave 1,755.50 LIBRA in 4 donations");
  });

  it("is listed with its pin", async () => {
    const index = parse(await readFile(path.join(distAfter, "reports/index.html"), "utf8"));
    expect(index.querySelector(".quarterly-list > li")?.textContent.replace(/\s+/g, " ")).toContain(
      `figures as of ledger version ${formatInteger(V1)}`,
    );
  });
});

describe("npm run build refuses a final report it cannot keep frozen (exit 3, naming the file)", () => {
  const build = () => cli("scripts/build.ts", ["--content", content, "--out", path.join(content, "never-built")]);
  const withReport = async (edit: (text: string) => string, check: () => Promise<void>) => {
    const text = await readFile(reportFile(), "utf8");
    try {
      await writeFile(reportFile(), edit(text), "utf8");
      await check();
    } finally {
      await writeFile(reportFile(), text, "utf8");
    }
  };

  it("whose body was edited after finalising, saying to add an addendum", async () => {
    await withReport(
      (text) => text.replace("Still waiting", "Now paid"),
      async () => {
        const result = await build();
        expect(result.code).toBe(EXIT_CODES.badInput);
        expect(result.stderr).toContain("2025-q4.md: the text of this final report changed after it was finalised");
        expect(result.stderr).toContain("addenda");
      },
    );
  });

  it("pinned newer than the committed snapshot, or to a version that is not a recorded run", async () => {
    await withReport(
      (text) => text.replace(`ledgerVersion: "${V1}"`, `ledgerVersion: "${V2 + 1n}"`),
      async () => {
        const result = await build();
        expect(result.code).toBe(EXIT_CODES.badInput);
        expect(result.stderr).toContain(`2025-q4.md: ledgerVersion ${V2 + 1n} is newer than the committed snapshot`);
      },
    );
    await withReport(
      (text) => text.replace(`ledgerVersion: "${V1}"`, `ledgerVersion: "${V1 + 1n}"`),
      async () => {
        const result = await build();
        expect(result.code).toBe(EXIT_CODES.badInput);
        expect(result.stderr).toContain(`2025-q4.md: ledgerVersion ${V1 + 1n} is not a recorded snapshot run`);
      },
    );
  });

  it("marked final without a pin", async () => {
    await withReport(
      (text) => text.replace(/ledgerVersion: .*\n/, ""),
      async () => {
        const result = await build();
        expect(result.code).toBe(EXIT_CODES.badInput);
        expect(result.stderr).toMatch(
          /2025-q4\.md frontmatter is not valid:\n {2}- ledgerVersion: a final report is pinned/,
        );
      },
    );
  });

  it("and Astro itself refuses the same pin when built directly", async () => {
    await withReport(
      (text) => text.replace(`ledgerVersion: "${V1}"`, `ledgerVersion: "${V1 + 1n}"`),
      async () => {
        await expect(buildSite({ label: "frozen-refused", contentDir: content })).rejects.toThrow(
          /ledgerVersion 98765433 is not a recorded snapshot run/,
        );
      },
    );
  });
});

describe("a correction to a final report (fixture content)", () => {
  it("is shown below the report under its date, as text, and linked from the index", async () => {
    const dist = inject("fixtureDist");
    const report = parse(await readFile(path.join(dist, "reports/2025-q4/index.html"), "utf8"));
    const addendum = report.querySelector("article #addendum-2026-02-03");
    expect(addendum?.querySelector("h3")?.textContent.replace(/\s+/g, " ").trim()).toBe("Addendum of 3 Feb 2026");
    expect(addendum?.querySelector("time")?.getAttribute("datetime")).toBe("2026-02-03");
    expect(addendum?.querySelectorAll("p").map((p) => p.textContent)).toEqual([
      "A correction, <b>as text</b>.",
      "Its second paragraph.",
    ]);
    expect(addendum?.querySelector("b")).toBeNull();
    // Below the report: after its statement.
    const sections = report.querySelectorAll("article > section").map((section) => section.id);
    expect(sections.indexOf("addenda")).toBeGreaterThan(sections.indexOf("statement"));
    const index = parse(await readFile(path.join(dist, "reports/index.html"), "utf8"));
    expect(index.querySelector('.quarterly-list a[href="/reports/2025-q4/#addenda"]')?.textContent).toBe("1 addendum");
  });

  it("is announced in the feed as an entry of its own, on its day", async () => {
    const xml = parse(await readFile(path.join(inject("fixtureDist"), "feed.xml"), "utf8"), {
      lowerCaseTagName: false,
    });
    const entry = xml
      .querySelectorAll("entry")
      .find((item) => item.querySelector("title")?.textContent.startsWith("Addendum"));
    expect(entry?.querySelector("title")?.textContent).toBe(
      "Addendum of 3 Feb 2026 to Quarterly report, 2025 Q4: Fourth quarter 2025",
    );
    expect(entry?.querySelector("updated")?.textContent).toBe("2026-02-03T00:00:00Z");
    expect(entry?.querySelector("link")?.getAttribute("href")).toBe(
      "https://ledgerlight.example.org/reports/2025-q4/#addendum-2026-02-03",
    );
  });
});
