import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { runScript } from "../support/run-script.ts";
import { DEFAULT_BUILD_ENV } from "../support/site/build-site.ts";

/**
 * `npm run build` of a program with two wallets, where the build becomes each wallet's Astro build in turn and
 * itself again in between (src/integrations/build-chain.ts), makes the same files as the same build with each
 * Astro build in a child process (`buildWalletSites`, how the shared `walletsDist` was built).
 */
describe("npm run build of two wallets, one process becoming each step", () => {
  const dirs: string[] = [];
  afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

  it("builds both sites, says each step, and writes the same manifest as the build with child processes", async () => {
    const work = await mkdtemp(path.join(tmpdir(), "ledgerlight-wallets-chain-"));
    dirs.push(work);
    const out = path.join(work, "dist");
    const result = await runScript("scripts/build.ts", ["--content", inject("walletsContent"), "--out", out], {
      env: { ...process.env, ...DEFAULT_BUILD_ENV, ASTRO_TELEMETRY_DISABLED: "1" },
    });
    expect(result.code, result.stderr).toBe(0);
    const steps = result.stdout.split("\n").filter((line) => /^(astro build:|Search index written|Built) /.test(line));
    expect(steps, result.stdout).toHaveLength(5);
    expect(steps[0]).toMatch(new RegExp(`^astro build: .* into ${out}$`));
    expect(steps[1]).toMatch(new RegExp(`^Search index written to ${out}/search-index `));
    expect(steps[2]).toMatch(new RegExp(`^astro build: .* into ${out}/wallets/[a-z0-9-]+/?$`));
    expect(steps[3]).toMatch(new RegExp(`^Search index written to ${out}/wallets/[a-z0-9-]+/+search-index `));
    expect(steps[4]).toBe(`Built 2 wallet site(s) into ${out}.`);
    expect(await readFile(path.join(out, "manifest.sha256"), "utf8")).toBe(
      await readFile(path.join(inject("walletsDist"), "manifest.sha256"), "utf8"),
    );
  }, 180_000);
});
