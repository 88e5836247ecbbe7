import { cp, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createChainReader } from "../../../src/chain/reader.ts";
import { startFakeNode } from "../../../src/fake-node/http/server.ts";
import { loadScenarioFile } from "../../../src/fake-node/sim/scenario.ts";
import { simulate } from "../../../src/fake-node/sim/simulator.ts";
import { runSnapshot } from "../../../src/snapshot/run-snapshot.ts";
import { repoRoot } from "./build-site.ts";

/** The second wallet: the wallet of tests/fixtures/scenarios/commons-small.json. */
export const SECOND_WALLET = "0x000000000000000000000000000000004c0de5e0f1a2b3c4d5e6f708192a3b4c";
export const SECOND_WALLET_NAME = "Commons fund";
/** Its site's prefix: the short address (src/lib/build/wallet-sites.ts). */
export const SECOND_WALLET_PREFIX = "/wallets/0x4c0de5e0f1a2b3c4d5e6f708192a3b4c/";
const SCENARIO = "tests/fixtures/scenarios/commons-small.json";

/**
 * A content folder with two wallets of one program: the committed content (main wallet, reports, writeups) plus
 * `otherWallets` naming the commons-small scenario's wallet, whose snapshot is taken here from the fake node, the
 * way `npm run snapshot` takes one. Returns the folder.
 */
export async function writeTwoWalletContent(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "ledgerlight-wallets-content-"));
  await cp(path.join(repoRoot, "content"), dir, { recursive: true });
  const yamlFile = path.join(dir, "program.yaml");
  const yaml = await readFile(yamlFile, "utf8");
  if (/^otherWallets:/m.test(yaml)) throw new Error("content/program.yaml already lists other wallets");
  const withSecond = yaml.replace(
    /^(wallet: .*\n)/m,
    `$1otherWallets:\n  - address: "${SECOND_WALLET}"\n    name: "${SECOND_WALLET_NAME}"\n`,
  );
  if (withSecond === yaml) throw new Error("content/program.yaml has no wallet: line");
  await writeFile(yamlFile, withSecond);
  const node = await startFakeNode({ chain: simulate(loadScenarioFile(path.join(repoRoot, SCENARIO))) });
  try {
    await runSnapshot({
      reader: createChainReader({ nodeUrl: node.url }),
      wallet: SECOND_WALLET,
      outDir: path.join(dir, "snapshots"),
      simulated: true,
    });
  } finally {
    await node.close();
  }
  return dir;
}
