import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { U64_MAX } from "../../../src/lib/money.ts";
import { buildSnapshotFiles } from "../../../src/snapshot/build-files.ts";
import { replaceSnapshotFolder } from "../../../src/snapshot/snapshot-folder.ts";
import { buildTestSnapshot, WALLET } from "../snapshot/build-test-snapshot.ts";
import { repoRoot } from "./build-site.ts";

/**
 * A content folder with known figures for build and browser tests: the test snapshot with the balance raised to
 * u64::MAX base units (opening raised to match, so the books still balance), which any float would round.
 */
export async function writeFixtureContent(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "ledgerlight-content-"));
  const program = await readFile(path.join(repoRoot, "content/program.yaml"), "utf8");
  await writeFile(path.join(dir, "program.yaml"), program.replace(/^name: .*$/m, "name: Fixture Program"), "utf8");
  const snapshot = buildTestSnapshot();
  const max = U64_MAX.toString();
  snapshot.ledger.opening.amount = (U64_MAX - 440_500_000n).toString();
  snapshot.wallet.balance = { ...snapshot.wallet.balance, coinStoreValue: max, unlocked: max, total: max };
  await replaceSnapshotFolder(path.join(dir, "snapshots", WALLET), buildSnapshotFiles(snapshot));
  return dir;
}
