import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChainReader } from "../../src/chain/reader.ts";
import { ValidationError } from "../../src/errors.ts";
import { buildDemoSnapshot } from "../../src/fake-node/demo-snapshot.ts";
import { type FakeNode, startFakeNode } from "../../src/fake-node/http/server.ts";
import { loadScenarioFile } from "../../src/fake-node/sim/scenario.ts";
import { type SimulatedChain, simulate } from "../../src/fake-node/sim/simulator.ts";
import { runSnapshot, writtenSnapshot } from "../../src/snapshot/run-snapshot.ts";
import { readSnapshotFolder } from "../../src/store/snapshot-folder.ts";
import { repoRoot } from "../support/site/build-site.ts";

const SIP = "0x0000000000000000000000000000000019e966bfa4b32ce9b7e23721b37b96d2";

let chain: SimulatedChain;
let node: FakeNode;
let work: string;

beforeAll(async () => {
  chain = simulate(loadScenarioFile(path.join(repoRoot, "tests/fixtures/scenarios/sip-year.json")));
  node = await startFakeNode({ chain });
  work = await mkdtemp(path.join(tmpdir(), "ledgerlight-incremental-"));
});

afterAll(async () => {
  await node?.close();
  await rm(work, { recursive: true, force: true });
});

async function folder(dir: string) {
  const files = new Map<string, string>();
  // The snapshot's files; a committed wallet folder may also hold the `legacy/` sub-folder, which runs carry over.
  const entries = await readdir(dir, { withFileTypes: true });
  for (const name of entries
    .filter((e) => e.isFile())
    .map((e) => e.name)
    .sort()) {
    files.set(name, await readFile(path.join(dir, name), "utf8"));
  }
  return files;
}

describe("incremental snapshots", () => {
  it("read only the events and transactions added since the committed snapshot", async () => {
    const outDir = path.join(work, "incremental");
    const reader = createChainReader({ nodeUrl: node.url });
    const middle = BigInt(chain.info.boundaryVersions.get(600n) ?? 0);
    // The chain "advances": the node first serves only up to the middle of the year.
    chain.setHead(middle);
    const first = await runSnapshot({ reader, wallet: SIP, outDir, simulated: true });
    chain.setHead(chain.lastVersion());
    node.requests.clear();
    const second = await runSnapshot({ reader, wallet: SIP, outDir, simulated: true });

    const cursors = first.snapshot.meta.eventCursors;
    const depositPages = node.requests.entries.filter((r) => r.path.includes("deposit_events"));
    expect(depositPages[0]?.query.start).toBe(cursors.deposits.toString());
    const withdrawPages = node.requests.entries.filter((r) => r.path.includes("withdraw_events"));
    expect(withdrawPages[0]?.query.start).toBe(cursors.withdrawals.toString());

    const newEntries = writtenSnapshot(second).ledger.entries.slice(writtenSnapshot(first).ledger.entries.length);
    const newEpochs = writtenSnapshot(second).epochs.slice(writtenSnapshot(first).epochs.length);
    const newVersions = new Set([...newEntries.map((e) => e.version), ...newEpochs.map((e) => e.version)]);
    // The read plan covers the new versions with range and single reads, never more requests than versions.
    const singles = node.requests.entries.filter((r) => r.path.includes("/transactions/by_version/"));
    const ranges = node.requests.entries.filter((r) => /\/transactions$/.test(r.path));
    expect(ranges.length).toBeGreaterThan(0);
    expect(singles.length + ranges.length).toBeLessThan(newVersions.size);
    // Nothing before the first snapshot's V is read again.
    for (const request of singles) expect(BigInt(request.path.split("/").pop() ?? "0")).toBeGreaterThan(middle);
    for (const request of ranges) expect(BigInt(request.query.start ?? "0")).toBeGreaterThan(middle);
    expect(writtenSnapshot(second).ledger.entries.slice(0, writtenSnapshot(first).ledger.entries.length)).toEqual(
      writtenSnapshot(first).ledger.entries,
    );

    // Same bytes as one snapshot read from scratch at the same two points.
    const fresh = path.join(work, "fresh");
    await runSnapshot({ reader, wallet: SIP, outDir: fresh, simulated: true, ledgerVersion: middle });
    await runSnapshot({ reader, wallet: SIP, outDir: fresh, simulated: true, ledgerVersion: chain.head() });
    expect(await folder(path.join(outDir, SIP))).toEqual(await folder(path.join(fresh, SIP)));
  });

  it("make one request, and change no byte, when the chain has not moved", async () => {
    const outDir = path.join(work, "incremental");
    const before = await folder(path.join(outDir, SIP));
    node.requests.clear();
    const result = await runSnapshot({
      reader: createChainReader({ nodeUrl: node.url }),
      wallet: SIP,
      outDir,
      simulated: true,
    });
    expect(result.written).toBe(false);
    expect(node.requests.entries.length).toBe(1);
    expect(await folder(path.join(outDir, SIP))).toEqual(before);
    // The committed bytes as they are, manifest included (only meta, wallet and changes were parsed).
    expect(result.written ? "written" : result.files).toEqual(before);
    expect(result.snapshot.meta.ledgerVersion).toBe(chain.head());
  });

  it("still refuses a committed file changed after it was written when the chain has not moved", async () => {
    const outDir = path.join(work, "tampered");
    await cp(path.join(work, "incremental"), outDir, { recursive: true });
    const ledger = path.join(outDir, SIP, "ledger.json");
    const text = await readFile(ledger, "utf8");
    await writeFile(
      ledger,
      text.replace(/"amount": "(\d)/, (_all, digit) => `"amount": "${digit === "9" ? "8" : "9"}`),
    );
    expect(await readFile(ledger, "utf8")).not.toBe(text);
    node.requests.clear();
    const run = runSnapshot({ reader: createChainReader({ nodeUrl: node.url }), wallet: SIP, outDir, simulated: true });
    await expect(run).rejects.toThrow(ValidationError);
    await expect(run).rejects.toThrow(/ledger\.json does not match the sha256 in manifest\.json/);
    expect(node.requests.entries.length).toBe(0);
  });

  it("record a status change with the ledger version that first saw it", async () => {
    const outDir = path.join(work, "incremental");
    // The chain has not moved since the second run: the committed snapshot is the one it wrote.
    const snapshot = await readSnapshotFolder(path.join(outDir, SIP));
    const overdueThenPaid = snapshot.transfers.filter((t) => t.history.length > 1);
    // Each history entry is stamped with one of the two snapshot versions.
    for (const transfer of overdueThenPaid) {
      for (const observation of transfer.history) {
        expect([snapshot.meta.previousLedgerVersion, snapshot.meta.ledgerVersion]).toContain(
          observation.seenAtLedgerVersion,
        );
      }
    }
    expect(snapshot.changes).toHaveLength(2);
    expect(snapshot.changes[1]?.statusChanges.length).toBe(overdueThenPaid.length);
  });
});

describe("the committed default snapshot", () => {
  it("is exactly what the SIP year scenario produces (regenerate with `node scripts/demo-snapshot.ts`)", async () => {
    const outDir = path.join(work, "demo");
    await buildDemoSnapshot(repoRoot, outDir);
    const committed = await folder(path.join(repoRoot, "content/snapshots", SIP));
    expect(await folder(path.join(outDir, SIP))).toEqual(committed);
    const meta = JSON.parse(committed.get("meta.json") ?? "{}");
    expect(meta.simulated).toBe(true);
  });
});
