import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadProgramConfig } from "../../src/config/program.ts";
import { DEMO_SCENARIO } from "../../src/fake-node/demo-snapshot.ts";
import { type FakeNode, startFakeNode } from "../../src/fake-node/http/server.ts";
import { loadScenarioFile } from "../../src/fake-node/sim/scenario.ts";
import { simulate } from "../../src/fake-node/sim/simulator.ts";
import { writtenJson } from "../../src/lib/ledger/snapshot-compare.ts";
import { diffSnapshots, explainChange } from "../../src/lib/reports/snapshot-diff.ts";
import type { Snapshot } from "../../src/schemas/snapshot.ts";
import { buildSnapshotFiles } from "../../src/snapshot/build-files.ts";
import { readSnapshotFolder } from "../../src/store/snapshot-folder.ts";
import { runScript } from "../support/run-script.ts";
import { repoRoot } from "../support/site/build-site.ts";

/**
 * `npm run diff -- A B`: two snapshots of the demo year taken a month apart (by `npm run snapshot` against the fake
 * node), compared as folders and as two git revisions of a repository that committed them one after the other.
 */

const run = promisify(execFile);
const SIP = "0x0000000000000000000000000000000019e966bfa4b32ce9b7e23721b37b96d2";
const COMMITTED_PATH = `content/snapshots/${SIP}`;

let node: FakeNode;
let work: string;
let older: string;
let newer: string;
let olderSnapshot: Snapshot;
let newerSnapshot: Snapshot;

function cli(command: string, args: string[], cwd = repoRoot) {
  return runScript(command, args, { cwd });
}
const diffCli = (args: string[]) => cli("scripts/diff.ts", args);

beforeAll(async () => {
  node = await startFakeNode({ chain: simulate(loadScenarioFile(path.join(repoRoot, DEMO_SCENARIO))) });
  work = await mkdtemp(path.join(tmpdir(), "ledgerlight-diff-"));
  const out = path.join(work, "snapshots");
  // Epoch 580 (end of June) and epoch 610 (end of July) of the demo year.
  for (const version of ["988", "1149"]) {
    const result = await cli("scripts/snapshot.ts", [
      "--node",
      node.url,
      "--out",
      out,
      "--ledger-version",
      version,
      "--quiet",
    ]);
    expect(result.code, result.stderr).toBe(0);
    await cp(path.join(out, SIP), path.join(work, `v${version}`), { recursive: true });
  }
  older = path.join(work, "v988");
  newer = path.join(work, "v1149");
  olderSnapshot = await readSnapshotFolder(older);
  newerSnapshot = await readSnapshotFolder(newer);
  // Two demo-year snapshot runs: about 2 s on an idle machine, over 10 s (the default) on a loaded one.
}, 60_000);
afterAll(async () => {
  await node?.close();
  await rm(work, { recursive: true, force: true });
});

/** The month, as the demo year's scenario and content/program.yaml (team names) make it. */
const JULY = [
  "From ledger version 988 (30 Jun 2025, 22:01 UTC, epoch 580)",
  "  to ledger version 1149 (31 Jul 2025, 01:58 UTC, epoch 610):",
  "- 66 donations totalling 49,971.346779 LIBRA: 10,000.00 LIBRA from 0xb1471d…8e55e, 943.080465 LIBRA from 0x44cb49…a1de2, 285.479881 LIBRA from 0x95d322…bf72a, 385.805521 LIBRA from 0xd448d1…dd20e, 1,069.696566 LIBRA from 0x8c7726…016ee, 645.388348 LIBRA from 0xc5f4e4…e0dee, 529.099759 LIBRA from 0x3ceb92…27079, 307.693051 LIBRA from 0x18ab36…2901f, 1,550.077088 LIBRA from 0x4c0506…f0e92, 1,264.099797 LIBRA from 0x2d0631…da61d, and 56 more on the ledger.",
  "- 2 transfers approved by the wallet's authorities.",
  "- Transfer #19: 45,000.00 LIBRA to Emergency Shelter, due at the end of epoch 583; already paid.",
  "- Transfer #20: 1,575.00 LIBRA to the program's steward (administrative fee), due at the end of epoch 583; already paid.",
  "- Donors opened veto ballot #21 against transfer #19: turnout 0.40 %, 100.00 % of the votes cast for stopping it; the chain still lists it as pending, but its deadline had passed or the transfer was already paid, so it lapsed and can no longer stop anything.",
  "- Balance up 5,742.025691 LIBRA, now 99,466.044297 LIBRA: 93,724.018606 LIBRA before + 49,971.346779 LIBRA donated + 2,345.678912 LIBRA from 1 other inflow with no donor receipt (2,345.678912 LIBRA) − 46,575.00 LIBRA paid out in 2 payments (transfer #20 and transfer #19).",
  "- Administrative fees paid so far: 11,225.00 LIBRA, up 1,575.00 LIBRA.",
  "",
].join("\n");

describe("npm run diff between two snapshot folders", () => {
  it("reads like a short changelog, in the documented order", async () => {
    const result = await diffCli([older, newer]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(JULY);
  });

  it("gives the same as data with --json, from the same functions the site uses", async () => {
    const result = await diffCli([older, newer, "--json"]);
    expect(result.code).toBe(0);
    const program = await loadProgramConfig(path.join(repoRoot, "content/program.yaml"));
    const expected = explainChange(diffSnapshots(olderSnapshot, newerSnapshot), newerSnapshot, { program });
    expect(result.stdout).toBe(writtenJson(expected));
    expect(JSON.parse(result.stdout)).toMatchObject({
      previousLedgerVersion: "988",
      ledgerVersion: "1149",
      newTransfers: [{ uid: "19" }, { uid: "20" }],
      fees: { before: "9650000000", after: "11225000000" },
    });
  });

  it("prints nothing but the JSON on stdout through plain `npm run` (the project's .npmrc silences npm's banner)", async () => {
    // npm's own settings from a calling npm (`npm test`) would hide what .npmrc does: the child gets none of them.
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith("npm_config_")),
    );
    const npm = (args: string[]) => run("npm", ["run", "diff", "--", ...args], { cwd: repoRoot, env });
    const json = await npm([older, newer, "--json"]);
    expect(json.stdout.startsWith("{")).toBe(true);
    expect(JSON.parse(json.stdout)).toMatchObject({ previousLedgerVersion: "988", ledgerVersion: "1149" });
    expect(json.stderr).toBe("");
    expect((await npm([older, newer])).stdout).toBe(JULY);
  });

  it("refuses the snapshots in the wrong order, and a newer one that rewrites history, naming the record", async () => {
    const reversed = await diffCli([newer, older]);
    expect(reversed.code).toBe(5);
    expect(reversed.stderr).toContain("(ledger version 1149) is newer than");
    expect(reversed.stderr).toContain("give the older snapshot first");

    const forged = path.join(work, "forged");
    await cp(newer, forged, { recursive: true });
    const copy = structuredClone(newerSnapshot);
    const transfer = copy.transfers.find((t) => t.uid === 4n);
    if (!transfer) throw new Error("the demo has no transfer 4");
    transfer.amount = 1n;
    for (const [file, bytes] of buildSnapshotFiles(copy)) await writeFile(path.join(forged, file), bytes);
    const rewritten = await diffCli([older, forged]);
    expect(rewritten.code).toBe(5);
    expect(rewritten.stderr).toContain(`${forged} does not extend ${older}: it drops or rewrites recorded history.`);
    expect(rewritten.stderr).toMatch(/transfers\.json: transfer 4: amount changed \(was "\d+", now "1"\)\./);
    expect(rewritten.stdout).toBe("");
  });
});

describe("npm run diff between two git revisions", () => {
  let repo: string;
  const git = (...args: string[]) => run("git", ["-C", repo, ...args]);

  beforeAll(async () => {
    repo = path.join(work, "repo");
    await mkdir(path.join(repo, "content/snapshots"), { recursive: true });
    await git("init", "--quiet");
    for (const [source, message] of [
      [older, "Snapshot at 988"],
      [newer, "Snapshot at 1149"],
    ] as const) {
      await rm(path.join(repo, COMMITTED_PATH), { recursive: true, force: true });
      await cp(source, path.join(repo, COMMITTED_PATH), { recursive: true });
      await git("add", "-A");
      await git("-c", "user.name=Test", "-c", "user.email=test@example.org", "commit", "--quiet", "-m", message);
    }
  });

  it("compares the committed snapshot folder at each revision, exactly as the folders", async () => {
    const result = await diffCli(["HEAD~1", "HEAD", "--repo", repo]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(JULY);
  });

  it("exits 2 when an argument is neither a folder nor a revision, and 3 naming a revision without a snapshot", async () => {
    const unknown = await diffCli(["no-such-rev", "HEAD", "--repo", repo]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("no-such-rev is neither a snapshot folder nor a git revision of");
    const elsewhere = await diffCli(["HEAD~1", "HEAD", "--repo", repo, "--path", "content/elsewhere"]);
    expect(elsewhere.code).toBe(3);
    expect(elsewhere.stderr).toMatch(/git revision HEAD~1 \([0-9a-f]{12}\) has no snapshot at content\/elsewhere\./);
    // --address picks another wallet's committed folder (a program with several wallets).
    const other = await diffCli(["HEAD~1", "HEAD", "--repo", repo, "--address", "0xabc"]);
    expect(other.code).toBe(3);
    expect(other.stderr).toContain(`has no snapshot at content/snapshots/0x${"0".repeat(61)}abc.`);
    const missing = await diffCli([older]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/diff: the command line is not valid:[\s\S]*give two snapshots/);
  });
});
