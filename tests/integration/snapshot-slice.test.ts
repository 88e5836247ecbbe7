import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChainReader } from "../../src/chain/reader.ts";
import { type FakeNode, startFakeNode } from "../../src/fake-node/http/server.ts";
import type { FakeChain } from "../../src/fake-node/model.ts";
import { loadScenarioFile } from "../../src/fake-node/sim/scenario.ts";
import { simulate } from "../../src/fake-node/sim/simulator.ts";
import { runSnapshot } from "../../src/snapshot/run-snapshot.ts";
import { readSnapshotFolder } from "../../src/store/snapshot-folder.ts";
import { repoRoot } from "../support/site/build-site.ts";

const SIP = "0x0000000000000000000000000000000019e966bfa4b32ce9b7e23721b37b96d2";
const COIN_STORE = "0x1::coin::CoinStore<0x1::libra_coin::LibraCoin>";

let chain: FakeChain;
let node: FakeNode;
let outDir: string;

beforeAll(async () => {
  chain = simulate(loadScenarioFile(path.join(repoRoot, "tests/fixtures/scenarios/sip-small.json")));
  node = await startFakeNode({ chain, port: 0 });
  outDir = await mkdtemp(path.join(tmpdir(), "ledgerlight-slice-"));
});

afterAll(async () => {
  await node?.close();
  await rm(outDir, { recursive: true, force: true });
});

/** The wallet's coin value straight from the simulator, to compare with what went through HTTP and the SDK. */
function coinValueAt(version: bigint): string {
  const store = chain.resources(SIP, version)?.find((resource) => resource.type === COIN_STORE);
  const data = store?.data as { coin?: { value?: string } } | undefined;
  if (typeof data?.coin?.value !== "string") throw new Error(`no CoinStore at ${version}`);
  return data.coin.value;
}

describe("snapshot of the wallet balance from the fake node over real HTTP", () => {
  it("pins the head version and records the CoinStore value read at it", async () => {
    const reader = createChainReader({ nodeUrl: node.url });
    const result = await runSnapshot({ reader, wallet: "0x19e966bfa4b32ce9b7e23721b37b96d2", outDir, simulated: true });
    const head = chain.head();
    expect(result.snapshot.meta.ledgerVersion).toBe(head);
    // The epoch in force in the state at V (a reconfiguration at V has already begun the next epoch).
    const configuration = chain
      .resources(`${"0".repeat(63)}1`, head)
      ?.find((r) => r.type === "0x1::reconfiguration::Configuration");
    expect(result.snapshot.meta.epoch.toString()).toBe((configuration?.data as { epoch?: string } | undefined)?.epoch);
    expect(result.snapshot.meta.ledgerTimestampUsec).toBe(chain.ledgerAt(head).timestampUsec);
    expect(result.snapshot.meta.chainId).toBe(chain.chainId);
    expect(result.snapshot.wallet.balance.coinStoreValue.toString()).toBe(coinValueAt(head));
    expect(result.snapshot.wallet.balance.coinStoreValue).toBeGreaterThan(0n);
    const committed = await readSnapshotFolder(path.join(outDir, SIP));
    expect(committed).toEqual(result.snapshot);
  });

  it("gives identical bytes when run again at the same version", async () => {
    const reader = createChainReader({ nodeUrl: node.url });
    const before = await readFile(path.join(outDir, SIP, "wallet.json"), "utf8");
    const again = await runSnapshot({ reader, wallet: SIP, outDir, simulated: true, ledgerVersion: chain.head() });
    if (again.written) throw new Error("a run at the committed version must write nothing");
    expect(again.files.get("wallet.json")).toBe(before);
    expect(await readFile(path.join(outDir, SIP, "manifest.json"), "utf8")).toBe(again.files.get("manifest.json"));
  });

  it("reads an older pinned version as the chain was then, dated by that version's block", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "ledgerlight-slice-old-"));
    try {
      // Find a version where the balance differed from the head's, so the pin is observable.
      let older = chain.head() - 1n;
      while (older > 0n && coinValueAt(older) === coinValueAt(chain.head())) older--;
      const reader = createChainReader({ nodeUrl: node.url });
      const result = await runSnapshot({ reader, wallet: SIP, outDir: dir, simulated: true, ledgerVersion: older });
      expect(result.snapshot.meta.ledgerVersion).toBe(older);
      expect(result.snapshot.wallet.balance.coinStoreValue.toString()).toBe(coinValueAt(older));
      expect(result.snapshot.wallet.balance.coinStoreValue.toString()).not.toBe(coinValueAt(chain.head()));
      expect(result.snapshot.meta.ledgerTimestampUsec).toBe(chain.ledgerAt(older).timestampUsec);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("refuses to move the committed snapshot backwards, leaving it untouched", async () => {
    const reader = createChainReader({ nodeUrl: node.url });
    const before = await readFile(path.join(outDir, SIP, "meta.json"), "utf8");
    await expect(
      runSnapshot({ reader, wallet: SIP, outDir, simulated: true, ledgerVersion: chain.head() - 1n }),
    ).rejects.toThrow(/older than the committed snapshot/);
    expect(await readFile(path.join(outDir, SIP, "meta.json"), "utf8")).toBe(before);
  });

  it("refuses a node of another chain for a real snapshot", async () => {
    const reader = createChainReader({ nodeUrl: node.url });
    // A simulated history may use any chain id; a real (here: first) snapshot must match the program's.
    const realOut = path.join(outDir, "real");
    await expect(
      runSnapshot({ reader, wallet: SIP, outDir: realOut, simulated: false, expectedChainId: chain.chainId + 1 }),
    ).rejects.toThrow(
      new RegExp(`serves chain id ${chain.chainId}, but the program expects chain id ${chain.chainId + 1}`),
    );
  });

  it("names the URL when the node answers an error", async () => {
    const reader = createChainReader({ nodeUrl: node.url });
    await expect(runSnapshot({ reader, wallet: "0xdead", outDir, simulated: true })).rejects.toThrow(/404/);
  });
});
