import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TransferRecord } from "../../../src/schemas/snapshot.ts";
import { buildSnapshotFiles } from "../../../src/snapshot/build-files.ts";
import { replaceSnapshotFolder } from "../../../src/snapshot/snapshot-folder.ts";
import { buildTestSnapshot, TEAM, WALLET } from "../snapshot/build-test-snapshot.ts";
import { repoRoot } from "./build-site.ts";
import { hostileDescriptions } from "./hostile-corpus.ts";

/** First uid of the hostile transfers; transfer `HOSTILE_FIRST_UID + i` carries `hostileDescriptions()[i]`. */
export const HOSTILE_FIRST_UID = 100;

/**
 * A content folder whose transfers carry every description of the hostile corpus, for the build test that proves
 * on-chain text is shown exactly and never executed.
 */
export async function writeHostileContent(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "ledgerlight-hostile-"));
  const program = await readFile(path.join(repoRoot, "content/program.yaml"), "utf8");
  await writeFile(path.join(dir, "program.yaml"), program, "utf8");
  const snapshot = buildTestSnapshot();
  const template = snapshot.transfers[0] as TransferRecord;
  const hostile = hostileDescriptions().map(
    (description, index): TransferRecord => ({
      ...template,
      uid: String(HOSTILE_FIRST_UID + index),
      payee: TEAM,
      amount: "1",
      description,
      status: "scheduled",
      deadlineEpoch: "1240",
      history: [
        { state: { status: "scheduled", deadlineEpoch: "1240" }, seenAtLedgerVersion: "98765432", seenAtEpoch: "1234" },
      ],
    }),
  );
  snapshot.transfers = [...snapshot.transfers, ...hostile];
  await replaceSnapshotFolder(path.join(dir, "snapshots", WALLET), buildSnapshotFiles(snapshot));
  return dir;
}
