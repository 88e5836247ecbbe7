import { execFile } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SCENARIO } from "../../src/fake-node/demo-snapshot.ts";
import { type FakeNode, startFakeNode } from "../../src/fake-node/http/server.ts";
import { loadScenarioFile } from "../../src/fake-node/sim/scenario.ts";
import { simulate } from "../../src/fake-node/sim/simulator.ts";
import { countRecords } from "../../src/lib/ledger/snapshot-compare.ts";
import type { Snapshot } from "../../src/schemas/snapshot.ts";
import { readSnapshotFolder } from "../../src/store/snapshot-folder.ts";
import { COMMITTED_SNAPSHOT_DIR, writeForgedCopy } from "../support/forged-snapshot.ts";
import { repoRoot } from "../support/site/build-site.ts";

/**
 * `npm run verify` as an auditor runs it: the committed default snapshot against a fake node serving the scenario
 * it was cut from (real HTTP on 127.0.0.1), then against nodes and folders that disagree with it in one place.
 */

const run = promisify(execFile);
const COMMITTED = COMMITTED_SNAPSHOT_DIR;

let honest: FakeNode;
let work: string;
let committed: Snapshot;

async function verifyCli(args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ["scripts/verify.ts", "--quiet", ...args], {
      cwd: repoRoot,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

/** A copy of the committed snapshot with `edit` applied and files that match (a careful forger). */
const forgedCopy = (name: string, edit: (snapshot: Snapshot) => void) =>
  writeForgedCopy(committed, path.join(work, name), edit);

/** The paid transfer the forgeries change: the last one paid, so the ledger payout that settled it exists. */
const forgedTransfer = (snapshot: Snapshot) => {
  const transfer = snapshot.transfers.filter((t) => t.status === "paid").at(-1);
  if (!transfer) throw new Error("the committed snapshot has no paid transfer");
  return transfer;
};

beforeAll(async () => {
  honest = await startFakeNode({ chain: simulate(loadScenarioFile(path.join(repoRoot, DEMO_SCENARIO))) });
  work = await mkdtemp(path.join(tmpdir(), "ledgerlight-verify-"));
  committed = await readSnapshotFolder(COMMITTED);
});
afterAll(async () => {
  await honest?.close();
  await rm(work, { recursive: true, force: true });
});

describe("npm run verify against a node serving the same chain", () => {
  it("replays every snapshot run and finds every file and record identical at the snapshot's version", async () => {
    const result = await verifyCli(["--node", honest.url]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const records = countRecords(committed).toLocaleString("en-US");
    expect(result.stdout).toContain(
      `verified: 10 files, ${records} records identical at ledger version ${committed.meta.ledgerVersion}\n`,
    );
    expect(result.stdout).toContain(`${committed.changes.length} snapshot runs replayed against ${honest.url}`);
    // The same verdict as data, for scripts.
    const json = JSON.parse((await verifyCli(["--node", honest.url, "--json"])).stdout);
    expect(json).toEqual({
      outcome: "verified",
      ledgerVersion: committed.meta.ledgerVersion.toString(),
      files: 10,
      records: countRecords(committed),
      runs: committed.changes.length,
    });
  });

  it("names the record, field and both values when a committed amount was changed (manifest forged to match)", async () => {
    const dir = await forgedCopy("forged-transfer", (snapshot) => {
      const transfer = forgedTransfer(snapshot);
      transfer.amount += 1n;
    });
    const original = forgedTransfer(committed);
    const result = await verifyCli(["--node", honest.url, "--snapshot", dir]);
    expect(result.code).toBe(5);
    expect(result.stdout).toContain(
      `First difference: transfers.json, transfer #${original.uid}, field amount: committed "${original.amount + 1n}", chain "${original.amount}".`,
    );
    expect(result.stdout).toMatch(/Files that differ: manifest\.json, transfers\.json\.\n/);
  });

  it("exits 3 (bad input) for a folder whose file no longer matches its manifest, before asking the node anything", async () => {
    const dir = path.join(work, "edited");
    await cp(COMMITTED, dir, { recursive: true });
    const file = path.join(dir, "donors.json");
    await writeFile(file, (await readFile(file, "utf8")).replace(/"cumulative": "(\d)/, '"cumulative": "9$1'));
    const result = await verifyCli(["--node", honest.url, "--snapshot", dir]);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/donors\.json does not match the sha256 in manifest\.json/);
  });
});

describe("npm run verify against a node that disagrees", () => {
  it("catches one donation amount changed by one base unit on the node and names the ledger record", async () => {
    // The scenario file as written (amounts as decimal strings), edited the way a person would edit it.
    const scenario: { epochs: Array<{ donations?: Array<{ donor: string; amount: string }> }> } = JSON.parse(
      await readFile(path.join(repoRoot, DEMO_SCENARIO), "utf8"),
    );
    // A donation in the middle of the year: after several snapshot runs, so the replay must reach it.
    const epoch = scenario.epochs.findIndex((e, i) => i >= 200 && (e.donations?.length ?? 0) > 0);
    const donation = scenario.epochs[epoch]?.donations?.[0];
    if (!donation) throw new Error("scenario has no donation after epoch index 200");
    const original = donation.amount;
    donation.amount = (BigInt(original) + 1n).toString();
    const file = path.join(work, "tampered-scenario.json");
    await writeFile(file, JSON.stringify(scenario));
    const liar = await startFakeNode({ chain: simulate(loadScenarioFile(file)) });
    try {
      const result = await verifyCli(["--node", liar.url]);
      expect(result.code).toBe(5);
      const entry = committed.ledger.entries.find(
        (e) =>
          e.category === "donation" &&
          e.amount === BigInt(original) &&
          e.counterparty?.endsWith(donation.donor.slice(2)),
      );
      expect(entry).toBeDefined();
      expect(result.stdout).toContain(
        `First difference: ledger.json, deposit #${entry?.sequence} (version ${entry?.version}), field amount: committed "${original}", chain "${donation.amount}".`,
      );
      // Everything downstream of that donation is listed too: the donor's receipt and the balance.
      expect(result.stdout).toMatch(/donors\.json, donor 0x0+[0-9a-f]+, field cumulative/);
      expect(result.stdout).toMatch(/wallet\.json, wallet state, field balance\.coinStoreValue/);
    } finally {
      await liar.close();
    }
  });

  it("refuses a node that is behind the snapshot, or on another chain, saying which", async () => {
    const chain = simulate(loadScenarioFile(path.join(repoRoot, DEMO_SCENARIO)));
    chain.setHead(committed.meta.ledgerVersion - 1n);
    const behind = await startFakeNode({ chain });
    try {
      const result = await verifyCli(["--node", behind.url]);
      expect(result.code).toBe(5);
      expect(result.stderr).toContain(
        `is at ledger version ${committed.meta.ledgerVersion - 1n}, behind the snapshot's ${committed.meta.ledgerVersion}`,
      );
    } finally {
      await behind.close();
    }
  });
});

describe("npm run verify against a node that pruned the history", () => {
  const OLDEST = 1500n;

  it("says plainly that the node pruned it, checks what the node still serves and exits 7 (partly verified)", async () => {
    const remove = honest.faults.add({ kind: "prune", oldest: OLDEST });
    try {
      const result = await verifyCli(["--node", honest.url]);
      expect(result.code).toBe(7);
      expect(result.stdout).toContain(
        `partly verified: ${honest.url} has pruned versions below ${OLDEST}, so the snapshot at ledger version ${committed.meta.ledgerVersion} cannot be re-read byte for byte.`,
      );
      const paid = committed.transfers.filter((t) => t.status === "paid").length;
      expect(result.stdout).toContain(
        `✓ transfers.json: all ${committed.transfers.length} transfers still exist at version`,
      );
      expect(result.stdout).toContain(`${paid} paid and`);
      expect(result.stdout).toContain(`✓ donors.json: all ${committed.donors.length} donor receipts still exist`);
      expect(result.stdout).toMatch(
        /✓ ledger\.json: the committed opening balance and \d+ movements, plus the \d+ since/,
      );
      expect(result.stdout).toMatch(/Not verified on this node[\s\S]*each movement's amount, version and counterparty/);
    } finally {
      remove();
    }
  });

  it("still catches a forged amount from the node's later state, naming the record and both values", async () => {
    const dir = await forgedCopy("forged-pruned", (snapshot) => {
      const transfer = forgedTransfer(snapshot);
      transfer.amount += 1n;
    });
    const original = forgedTransfer(committed);
    const remove = honest.faults.add({ kind: "prune", oldest: OLDEST });
    try {
      const result = await verifyCli(["--node", honest.url, "--snapshot", dir]);
      expect(result.code).toBe(5);
      expect(result.stdout).toContain("NOT verified");
      expect(result.stdout).toContain(
        `transfers.json: transfer ${original.uid}: amount changed (was "${original.amount + 1n}", now "${original.amount}").`,
      );
    } finally {
      remove();
    }
  });

  it("catches a forged ledger movement through the books at the node's current version", async () => {
    const dir = await forgedCopy("forged-ledger", (snapshot) => {
      const entry = snapshot.ledger.entries.find((e) => e.category === "donation");
      if (!entry) throw new Error("no donation");
      entry.amount += 5n;
    });
    const remove = honest.faults.add({ kind: "prune", oldest: OLDEST });
    try {
      const result = await verifyCli(["--node", honest.url, "--snapshot", dir]);
      expect(result.code).toBe(5);
      expect(result.stdout).toMatch(/ledger\.json: the committed movements plus the \d+ since version \d+ give \d+/);
      expect(result.stdout).toContain("(difference -5 base units)");
    } finally {
      remove();
    }
  });
});

describe("npm run verify arguments", () => {
  it("exits 2 naming the argument", async () => {
    const result = await verifyCli(["--node", "not a url"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/verify: the command line is not valid:[\s\S]*node/);
  });
});
