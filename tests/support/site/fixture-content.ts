import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { U64_MAX } from "../../../src/lib/money.ts";
import { buildSnapshotFiles } from "../../../src/snapshot/build-files.ts";
import { replaceSnapshotFolder } from "../../../src/store/snapshot-folder.ts";
import { buildTestSnapshot, STEWARD, WALLET } from "../snapshot/build-test-snapshot.ts";
import { writeStateFixture } from "../state-fixture.ts";
import { repoRoot } from "./build-site.ts";
import { writeLegacyFixture } from "./legacy-fixture.ts";
import { withoutFeeLinks } from "./program-yaml.ts";

/**
 * The fixture's publications: two quarterly reports (one a draft) and one writeup, in files named as below. The final
 * report cites three figures and a transfer; the draft is about 2025-Q3, a quarter the fixture snapshot does not
 * cover (it has no figures, and its page says there is no statement).
 */
export const FIXTURE_REPORTS = {
  "2025-q4.md": `---
quarter: 2025-Q4
title: Fourth quarter 2025
authors: [Fixture Steward, Second Author]
published: 2026-01-10
status: final
---
The fixture's final report.

Donors gave :figure[donations.total] and the wallet closed the quarter at :figure[balance.closing]; fees came to
:figure[fees.total]{period=2025-Q4}. The team was paid by :transfer[5].
`,
  "2025-q3.md": `---
quarter: 2025-q3
title: Third quarter 2025
summary: A draft.
authors: [Fixture Steward]
published: 2025-10-10
status: draft
---
## Draft text
`,
};
export const FIXTURE_WRITEUPS = {
  "program-note.md": `---
title: A program note
authors: [Fixture Maintainer]
published: 2025-12-01
status: final
---
Note text with a [link to the donors](/donors/).
`,
};

/**
 * A content folder with known figures for build and browser tests: the test snapshot with the balance raised to
 * u64::MAX base units (opening raised to match, so the books still balance), which any float would round, and the
 * publications above, and a legacy folder (legacy-fixture.ts). The test snapshot's steward is the program's only
 * steward, so its 20 LIBRA advance is a fee against the 300 LIBRA award: 2025-Q4 has a 12.00 cap, exceeded by 8.00.
 */
export async function writeFixtureContent(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "ledgerlight-content-"));
  const program = await readFile(path.join(repoRoot, "content/program.yaml"), "utf8");
  const fixtureProgram = withoutFeeLinks(program)
    .replace(/^name: .*$/m, "name: Fixture Program")
    .replace(/^stewards:\n(?: {2}- .*\n)+/m, `stewards:\n  - "${STEWARD}"\n`);
  if (!fixtureProgram.includes(STEWARD)) throw new Error("content/program.yaml has no stewards list to replace");
  await writeFile(path.join(dir, "program.yaml"), fixtureProgram, "utf8");
  const snapshot = buildTestSnapshot();
  const max = U64_MAX;
  snapshot.ledger.opening.amount = U64_MAX - 440_500_000n;
  snapshot.wallet.balance = { ...snapshot.wallet.balance, coinStoreValue: max, unlocked: max, total: max };
  // The log of runs ends at this snapshot, balance included (invariant change-log-chained).
  const lastRun = snapshot.changes.at(-1);
  if (lastRun) lastRun.balance = { ...lastRun.balance, after: max };
  await replaceSnapshotFolder(path.join(dir, "snapshots", WALLET), buildSnapshotFiles(snapshot));
  // A legacy era inside the wallet's folder (legacy-fixture.ts): the snapshot reader must ignore the subfolder.
  await writeLegacyFixture(path.join(dir, "snapshots", WALLET), WALLET);
  // Every community wallet's real-export state, small (state-fixture.ts): the community wallets pages, and the
  // rebase evidence and the wallet's v6 state for the GAS → LIBRA timeline.
  await writeStateFixture(dir, { withRebaseEvidence: true });
  for (const [folder, files] of [
    ["reports", FIXTURE_REPORTS],
    ["writeups", FIXTURE_WRITEUPS],
  ] as const) {
    await mkdir(path.join(dir, folder));
    for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, folder, name), text, "utf8");
  }
  return dir;
}
