import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ValidationError } from "../../src/errors.ts";
import { WAITING_PREFIX } from "../../src/integrations/astro-bundle-lock.ts";
import { buildWalletSite, type WalletBuildPlan } from "../../src/integrations/build-wallets.ts";
import { COMMITTED_SNAPSHOT_LINE } from "../../src/integrations/child-failure.ts";

/**
 * `publish` (and `npm run build` where Node cannot become its steps) runs each wallet's Astro build as a child whose
 * output is shown only if it fails. A build that waits for another build of the checkout (astro-bundle-lock.ts)
 * must still say so at once, and its failure after the wait must read as it would without one. The child here is a
 * stand-in Astro step in a project folder of its own: it prints the waiting line, waits until the test lets it go
 * (a file beside its output folder), then ends as the test asked.
 */
const STAND_IN = `
import { existsSync } from "node:fs";
import path from "node:path";
const out = process.argv[2];
process.stderr.write(${JSON.stringify(`${WAITING_PREFIX}pid 4242, \`astro build\`, started 2026-01-01T00:00:00.000Z) to finish: Astro keeps one page bundle per project for sites built outside it. If no build is running, remove /p/.astro/ledgerlight-build.lock.\n`)});
const go = path.join(path.dirname(out), "go");
while (!existsSync(go)) await new Promise((resolve) => setTimeout(resolve, 20));
if (path.basename(out) === "fails") {
  process.stderr.write(${JSON.stringify(`${COMMITTED_SNAPSHOT_LINE}\nThe committed snapshot in /c breaks a rule every snapshot keeps\nWhat to do: restore the folder from git.\n`)});
  process.exit(3);
}
`;

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "ledgerlight-build-wallet-site-"));
  await mkdir(path.join(root, "src/integrations"), { recursive: true });
  await writeFile(path.join(root, "src/integrations/astro-build-process.ts"), STAND_IN);
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function build(name: string) {
  const work = path.join(root, name);
  await mkdir(work);
  const site = { address: "0xabc", name: "Test Program", outDir: path.join(work, name) };
  const plan: WalletBuildPlan = {
    root,
    contentDir: path.join(root, "content"),
    outDir: site.outDir,
    sites: [site],
    extraEnv: {},
  };
  const told: string[] = [];
  let settled = false;
  const building = buildWalletSite(plan, site, (line) => told.push(line));
  building.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (let waited = 0; told.length === 0 && !settled && waited < 20_000; waited += 20) await sleep(20);
  return { told, settled: () => settled, building, go: () => writeFile(path.join(work, "go"), "") };
}

describe("one wallet's Astro build as a child, waiting for another build of the checkout", () => {
  it("tells the waiting line while the build waits, once, and then finishes", async () => {
    const run = await build("waits");
    try {
      expect(run.told).toEqual([expect.stringMatching(/^Waiting for another build of this project \(pid 4242, /)]);
      expect(run.told[0]).not.toContain("\n");
      expect(run.settled()).toBe(false);
    } finally {
      await run.go();
    }
    await run.building;
    expect(run.told).toHaveLength(1);
  });

  it("reports a failure after the wait as it would without one: the committed snapshot's message alone", async () => {
    const run = await build("fails");
    await run.go();
    const failure = await run.building.then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(run.told).toHaveLength(1);
    expect(failure).toBeInstanceOf(ValidationError);
    expect((failure as ValidationError).message).toBe(
      "The committed snapshot in /c breaks a rule every snapshot keeps",
    );
    expect((failure as ValidationError).advice).toBe("restore the folder from git.");
  });
});
