import { execFile } from "node:child_process";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeNode, startFakeNode } from "../../src/fake-node/http/server.ts";
import { loadScenarioFile } from "../../src/fake-node/sim/scenario.ts";
import { simulate } from "../../src/fake-node/sim/simulator.ts";
import { repoRoot } from "../support/site/build-site.ts";

const run = promisify(execFile);
const SIP = "0x0000000000000000000000000000000019e966bfa4b32ce9b7e23721b37b96d2";

let node: FakeNode;
let work: string;

beforeAll(async () => {
  node = await startFakeNode({
    chain: simulate(loadScenarioFile(path.join(repoRoot, "tests/fixtures/scenarios/sip-small.json"))),
  });
  work = await mkdtemp(path.join(tmpdir(), "ledgerlight-cli-"));
});
afterAll(async () => {
  await node?.close();
  await rm(work, { recursive: true, force: true });
});

async function snapshotCli(args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ["scripts/snapshot.ts", ...args], { cwd: repoRoot });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

describe("npm run snapshot", () => {
  it("writes the snapshot, reports progress on stderr and a summary on stdout, and marks fake-node data simulated", async () => {
    const out = path.join(work, "ok");
    const result = await snapshotCli(["--node", node.url, "--out", out]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /Snapshot written to .*\n {2}ledger version 26 \(epoch 105, chain id 1, SIMULATED\)\n {2}balance 900\.00 LIBRA\n/,
    );
    expect(result.stderr).toMatch(/snapshot: pinned ledger version 26/);
    expect((await readdir(path.join(out, SIP))).length).toBe(10);
  });

  it("exits 4 (node failure) with what happened, why and what to do when the node cannot be reached, writing nothing", async () => {
    const out = path.join(work, "unreachable");
    const result = await snapshotCli([
      "--node",
      "http://127.0.0.1:9/v1",
      "--out",
      out,
      "--timeout-ms",
      "500",
      "--deadline-s",
      "2",
    ]);
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(
      /GET http:\/\/127\.0\.0\.1:9\/v1 failed after \d+ attempts?; the last one got a network error/,
    );
    expect(result.stderr).toMatch(/try again later, or another node with --node/);
    expect(result.stderr).toMatch(/Nothing was written; the committed snapshot is unchanged\./);
    await expect(readdir(out)).rejects.toThrow();
  });

  it("exits 2 naming the argument when the arguments are wrong", async () => {
    const bad = await snapshotCli(["--ledger-version", "12x"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/snapshot: the command line is not valid:[\s\S]*ledger-version/);
    const unknown = await snapshotCli(["--nodes", "x"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown option '--nodes'/);
  });
});
