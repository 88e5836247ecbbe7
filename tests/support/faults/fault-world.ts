import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createChainReader } from "../../../src/chain/reader.ts";
import { type FakeNode, startFakeNode } from "../../../src/fake-node/http/server.ts";
import type { FakeChain } from "../../../src/fake-node/model.ts";
import { loadScenarioFile } from "../../../src/fake-node/sim/scenario.ts";
import { simulate } from "../../../src/fake-node/sim/simulator.ts";
import { runSnapshot } from "../../../src/snapshot/run-snapshot.ts";
import { repoRoot } from "../site/build-site.ts";
import { withoutFeeLinks } from "../site/program-yaml.ts";
import { type HostileProxy, startHostileProxy } from "./hostile-proxy.ts";

/**
 * The world a fault case runs in: the fake node playing `sip-small.json`, a hostile proxy in front of it, and a
 * content folder (the committed program.yaml without the demo's fee links; no reports or writeups, which cite the demo's records) whose SIP snapshot
 * was taken at `committedAt` (half the chain's head by default), so a run has new history to read.
 */

export const SIP = "0x0000000000000000000000000000000019e966bfa4b32ce9b7e23721b37b96d2";

export interface FaultWorld {
  chain: FakeChain;
  node: FakeNode;
  proxy: HostileProxy;
  /** A scratch folder removed by `close()`. */
  work: string;
  /** A fresh content folder with the committed snapshot at `committedAt` (a new one per call). */
  makeContent(options?: { committedAt?: bigint; simulated?: boolean }): Promise<string>;
  /** The SIP snapshot folder inside a content folder. */
  snapshotDir(content: string): string;
  committedAt: bigint;
  close(): Promise<void>;
}

export interface FaultWorldOptions {
  /**
   * Empty blocks before every user block and user transactions per block (the scenario's own by default): with
   * more filler blocks than a transaction page holds and one user transaction per block, the wallet's versions are
   * sparse as on the real chain, so a run reads its transactions one at a time (`src/snapshot/read-plan.ts`).
   */
  fillerBlocks?: number;
  blockSize?: number;
  /** Where the committed snapshot stops (half the chain's head by default). */
  committedAt?: (chain: FakeChain) => bigint;
}

export async function startFaultWorld(
  scenario = "tests/fixtures/scenarios/sip-small.json",
  options: FaultWorldOptions = {},
): Promise<FaultWorld> {
  const played = loadScenarioFile(path.join(repoRoot, scenario));
  const chain = simulate({
    ...played,
    ...(options.fillerBlocks === undefined ? {} : { fillerBlocks: options.fillerBlocks }),
    ...(options.blockSize === undefined ? {} : { blockSize: options.blockSize }),
  });
  const node = await startFakeNode({ chain });
  const proxy = await startHostileProxy(node.url);
  const work = await mkdtemp(path.join(tmpdir(), "ledgerlight-fault-world-"));
  const committedAt = options.committedAt?.(chain) ?? chain.head() / 2n;
  const programYaml = withoutFeeLinks(await readFile(path.join(repoRoot, "content/program.yaml"), "utf8"));
  let made = 0;
  return {
    chain,
    node,
    proxy,
    work,
    committedAt,
    snapshotDir: (content) => path.join(content, "snapshots", SIP),
    async makeContent(options = {}) {
      const content = path.join(work, `content-${++made}`);
      await mkdir(content, { recursive: true });
      await writeFile(path.join(content, "program.yaml"), programYaml);
      for (const sub of ["reports", "writeups"]) await mkdir(path.join(content, sub));
      await runSnapshot({
        reader: createChainReader({ nodeUrl: node.url }),
        wallet: SIP,
        outDir: path.join(content, "snapshots"),
        ledgerVersion: options.committedAt ?? committedAt,
        simulated: options.simulated ?? true,
      });
      return content;
    },
    async close() {
      await proxy.close();
      await node.close();
      await rm(work, { recursive: true, force: true });
    },
  };
}
