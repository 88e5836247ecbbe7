import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChainReader } from "../../src/chain/reader.ts";
import { type FakeNode, startFakeNode } from "../../src/fake-node/http/server.ts";
import { loadScenarioFile } from "../../src/fake-node/sim/scenario.ts";
import { simulate } from "../../src/fake-node/sim/simulator.ts";
import { formatIsoUtc } from "../../src/lib/format-time.ts";
import { runSnapshot } from "../../src/snapshot/run-snapshot.ts";
import { openSnapshot } from "../../src/snapshot/snapshot-source.ts";
import { readLegacyFolder } from "../../src/store/legacy-folder.ts";
import { readSnapshotFolder } from "../../src/store/snapshot-folder.ts";
import { runScript } from "../support/run-script.ts";
import { repoRoot } from "../support/site/build-site.ts";

/**
 * `npm run import-legacy`: the real v5 files read in place from ../shared/realdata (never copied into the
 * repository; where they are absent this skips with a message, unless LEDGERLIGHT_REQUIRE_REALDATA=1 makes that a
 * failure), bad files that must leave everything as it was, and a snapshot run that must keep the legacy folder.
 */

const run = promisify(execFile);
const SIP = "0x0000000000000000000000000000000019e966bfa4b32ce9b7e23721b37b96d2";
const REALDATA = path.resolve(repoRoot, "../shared/realdata");
const EPOCH_68 = path.join(REALDATA, "monthly-reports/report-2022-01-02-epoch-68.json");
const SUMMARY = path.join(REALDATA, "monthly-reports/DERIVED-sip-receipts-v5.json");
const ARCHIVE = path.join(REALDATA, "forensic-db/10000-10999.json");
const FIXTURES = path.join(repoRoot, "tests/fixtures/legacy");
const FIXTURE_EXPORT = path.join(FIXTURES, "report-2022-05-01-epoch-190.json");
const SMALL = path.join(repoRoot, "tests/fixtures/scenarios/sip-small.json");

const realdataPresent = [EPOCH_68, SUMMARY, ARCHIVE].every((file) => existsSync(file));
if (!realdataPresent) {
  const message = `[import-legacy] The real v5 files are missing under ${REALDATA}.`;
  if (process.env.LEDGERLIGHT_REQUIRE_REALDATA === "1") {
    throw new Error(`${message} LEDGERLIGHT_REQUIRE_REALDATA=1 requires them.`);
  }
  console.warn(`${message} Skipping the real-data tests; set LEDGERLIGHT_REQUIRE_REALDATA=1 to fail instead.`);
}

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), "ledgerlight-import-legacy-"));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

function importLegacy(args: string[]) {
  return runScript("scripts/import-legacy.ts", args);
}

/** A fresh content folder with the committed program.yaml (its wallet is the SIP). */
async function contentFolder(name: string): Promise<string> {
  const content = path.join(work, name);
  await mkdir(path.join(content, "snapshots"), { recursive: true });
  await cp(path.join(repoRoot, "content/program.yaml"), path.join(content, "program.yaml"));
  return content;
}

const legacyDir = (content: string) => path.join(content, "snapshots", SIP, "legacy");

async function folderBytes(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of (await readdir(dir)).sort()) out[name] = await readFile(path.join(dir, name), "utf8");
  return out;
}

describe.runIf(realdataPresent)("importing the real v5 files of the SIP (read in place from ../shared)", () => {
  let content: string;
  beforeAll(async () => {
    content = await contentFolder("real");
  });

  it("imports the epoch-68 export with the figures computed by hand from the file", async () => {
    const result = await importLegacy(["--content", content, EPOCH_68]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(
      "epoch 68 (2022-01-02): balance 11,274,089.306399 GAS, 61 donors, Σ receipts 11,274,088.306459 GAS",
    );
    const data = await readLegacyFolder(legacyDir(content), SIP);
    const [epoch68] = data?.exports ?? [];
    expect(epoch68).toMatchObject({
      epoch: "68",
      date: "2022-01-02",
      balance: "11274089306399",
      donorCount: 61,
      receiptsTotal: "11274088306459",
      source: { file: "report-2022-01-02-epoch-68.json", kind: "state-export" },
    });
    const receipts = data?.receipts ?? [];
    expect(receipts).toHaveLength(61);
    expect(receipts.reduce((sum, r) => sum + BigInt(r.cumulative), 0n)).toBe(11_274_088_306_459n);
    const largest = [...receipts].sort((a, b) => (BigInt(b.cumulative) > BigInt(a.cumulative) ? 1 : -1))[0];
    expect(largest?.donor).toBe("0x00000000000000000000000000000000b1471dc5764695abb4cadf16e26bd4c7");
    expect(largest?.cumulative).toBe("1503225001729");
    // The reconciliation: balance = Σ receipts + the 1 GAS onboarding coin − the 60 units of gas the wallet paid
    // for its set_wallet_type transaction (version 10332: gas_used 60 at gas_unit_price 1). No outflows by then.
    expect(BigInt(epoch68?.balance ?? "0") - BigInt(epoch68?.receiptsTotal ?? "0")).toBe(1_000_000n - 60n);
  });

  it("adds the derived summary's other three exports and the archive's creation and flag events", async () => {
    const result = await importLegacy(["--content", content, SUMMARY, ARCHIVE]);
    expect(result.code, result.stderr).toBe(0);
    const data = await readLegacyFolder(legacyDir(content), SIP);
    expect(data?.exports.map((e) => [e.epoch, e.balance, e.donorCount, e.receiptsTotal, e.source.kind])).toEqual([
      ["68", "11274089306399", 61, "11274088306459", "state-export"],
      ["97", "14190612459888", 68, "14190611459948", "derived-summary"],
      ["125", "16098141181876", 77, "16098140181936", "derived-summary"],
      ["156", "18388730975789", 82, "18388729975849", "derived-summary"],
    ]);
    // The same reconciliation holds at every export through March 2022: still no outflows.
    for (const e of data?.exports ?? []) expect(BigInt(e.balance) - BigInt(e.receiptsTotal), e.epoch).toBe(999_940n);
    const events = data?.events ?? [];
    expect(events.map((e) => [e.kind, e.version, formatIsoUtc(BigInt(e.timestampUsec)), e.amount])).toEqual([
      ["created", "10134", "2021-10-27T19:04:51Z", "1000000"],
      ["community-wallet-flag", "10332", "2021-10-27T19:09:01Z", null],
    ]);
    expect(events[0]?.sender).toBe("0x00000000000000000000000000000000ecaf65add1b785b0495e3099f4045ec0");
    expect(events[0]?.timestampUsec).toBe("1635361491123182");
  });

  it("gives the same bytes when the same files are imported again, in any order", async () => {
    const before = await folderBytes(legacyDir(content));
    const again = await importLegacy(["--content", content, ARCHIVE, EPOCH_68, SUMMARY]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain("nothing changed");
    expect(await folderBytes(legacyDir(content))).toEqual(before);
    const fresh = await contentFolder("real-reversed");
    expect((await importLegacy(["--content", fresh, ARCHIVE, SUMMARY, EPOCH_68])).code).toBe(0);
    expect(await folderBytes(legacyDir(fresh))).toEqual(before);
  });

  it("matches the committed legacy figures of the SIP byte for byte", async () => {
    const committed = path.join(repoRoot, "content/snapshots", SIP, "legacy");
    expect(await folderBytes(committed)).toEqual(await folderBytes(legacyDir(content)));
  });
});

describe("bad input to import-legacy: a clear message, exit non-zero, nothing written", () => {
  let content: string;
  let before: Record<string, string>;
  beforeAll(async () => {
    content = await contentFolder("bad");
    const first = await importLegacy(["--content", content, FIXTURE_EXPORT]);
    expect(first.code, first.stderr).toBe(0);
    before = await folderBytes(legacyDir(content));
  });

  async function expectRefused(args: string[], message: RegExp) {
    const result = await importLegacy(["--content", content, ...args]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/Unexpected failure|at .*\.ts:\d+/);
    expect(await folderBytes(legacyDir(content))).toEqual(before);
    expect((await readdir(path.dirname(legacyDir(content)))).sort()).toEqual(["legacy"]);
  }

  it("refuses a file that is not an export", async () => {
    const file = path.join(work, "not-an-export.json");
    await writeFile(file, '{"hello":"world"}');
    await expectRefused([file], /not-an-export\.json is not a v5 state export, transaction archive or derived/);
    await expectRefused([path.join(repoRoot, "package.json")], /package\.json is not a v5 state export/);
  });

  it("refuses a truncated export, even after a good file in the same run", async () => {
    const text = await readFile(FIXTURE_EXPORT, "utf8");
    const file = path.join(work, "report-2022-06-01-epoch-221.json");
    await writeFile(file, text.slice(0, Math.floor(text.length / 2)));
    await expectRefused(
      [path.join(FIXTURES, "transactions.json"), file],
      /report-2022-06-01-epoch-221\.json is not complete JSON: unexpected end of input \(truncated\?\) at line \d+, column \d+ \(offset \d+\)/,
    );
  });

  it("refuses an export without the wallet (wrong address)", async () => {
    await expectRefused(
      ["--address", "0x4caa3a8296233e4dee2809f440602e31", FIXTURE_EXPORT],
      /has no account 4caa3a8296233e4dee2809f440602e31: wrong address/,
    );
  });

  it("refuses a different file claiming an imported epoch with other figures, naming both", async () => {
    const dir = path.join(work, "other");
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, "report-2022-05-01-epoch-190.json");
    await writeFile(file, (await readFile(FIXTURE_EXPORT, "utf8")).replace("18014398509481986", "18014398509481987"));
    await expectRefused(
      [file],
      /Epoch 190: report-2022-05-01-epoch-190\.json \(state-export, sha256 [0-9a-f]{12}…\) disagrees with report-2022-05-01-epoch-190\.json/,
    );
  });

  it("refuses a missing file and bad arguments", async () => {
    await expectRefused([path.join(work, "nope.json")], /nope\.json cannot be read \(ENOENT\)/);
    await expectRefused(["--date", "2022-13", FIXTURE_EXPORT], /--date|date/);
  });
});

describe("snapshot runs keep the legacy folder", () => {
  let node: FakeNode;
  let chain: ReturnType<typeof simulate>;
  beforeAll(async () => {
    chain = simulate(loadScenarioFile(SMALL));
    node = await startFakeNode({ chain, port: 0 });
  });
  afterAll(async () => {
    await node?.close();
  });

  it("carries legacy/ over when the snapshot replaces the wallet folder, and reading ignores it", async () => {
    const content = await contentFolder("snapshot");
    const snapshots = path.join(content, "snapshots");
    const reader = createChainReader({ nodeUrl: node.url });
    // Legacy first (the wallet folder holds only legacy/): the first snapshot run must treat it as no snapshot.
    expect((await importLegacy(["--content", content, FIXTURE_EXPORT])).code).toBe(0);
    const legacy = await folderBytes(legacyDir(content));
    const head = chain.head();
    const boundaries = [...chain.info.boundaryVersions.values()].map(BigInt).sort((a, b) => (a < b ? -1 : 1));
    chain.setHead(boundaries[Math.floor(boundaries.length / 2)] ?? head);
    const first = await runSnapshot({ reader, wallet: SIP, outDir: snapshots, simulated: true });
    chain.setHead(head);
    expect(first.written).toBe(true);
    expect(await folderBytes(legacyDir(content))).toEqual(legacy);
    // A later run replaces the snapshot files; legacy/ stays, byte for byte.
    const second = await runSnapshot({ reader, wallet: SIP, outDir: snapshots, simulated: true });
    expect(second.written).toBe(true);
    expect(await folderBytes(legacyDir(content))).toEqual(legacy);
    expect(await readSnapshotFolder(path.join(snapshots, SIP))).toEqual(second.snapshot);
    // Importing after a snapshot leaves the snapshot files alone.
    const snapshotFiles = await readFile(path.join(snapshots, SIP, "manifest.json"), "utf8");
    expect((await importLegacy(["--content", content, path.join(FIXTURES, "transactions.json")])).code).toBe(0);
    expect(await readFile(path.join(snapshots, SIP, "manifest.json"), "utf8")).toBe(snapshotFiles);
    expect((await readLegacyFolder(legacyDir(content), SIP))?.events).toHaveLength(3);
  });

  it("opens a committed wallet folder with legacy/ from a git revision (diff)", async () => {
    const repo = path.join(work, "repo");
    const folder = path.join(repo, "content/snapshots", SIP);
    await mkdir(folder, { recursive: true });
    await cp(path.join(repoRoot, "content/snapshots", SIP), folder, { recursive: true });
    await writeFile(path.join(folder, "legacy", "extra-note.json"), "{}");
    const git = (...args: string[]) => run("git", ["-C", repo, ...args]);
    await git("init", "-q");
    await git("add", ".");
    await git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "snapshot");
    const opened = await openSnapshot("HEAD", { repo, snapshotPath: `content/snapshots/${SIP}` });
    expect(opened.snapshot).toEqual(await readSnapshotFolder(path.join(repoRoot, "content/snapshots", SIP)));
  });
});
