import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, describe, expect, it } from "vitest";
import { ASTRO_BUNDLE_LOCK, takeAstroBundleLock } from "../../src/integrations/astro-bundle-lock.ts";
import { DEFAULT_BUILD_ENV, repoRoot } from "../support/site/build-site.ts";
import { startWatched } from "../support/watched-run.ts";

/**
 * Two Astro builds of one project into folders outside it share the project's `.astro/.prerender/` bundle, and the
 * first to finish removes it under the other (src/integrations/astro-bundle-lock.ts). A real `astro build` must
 * wait while another build holds the project's lock, and build once it is given back.
 */
describe("an astro build while another build of the project runs", () => {
  const dirs: string[] = [];
  afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

  // Another test file's build may come first twice (before this test takes the lock, and before the child takes it
  // once given back), beside the child's own build: more than the project's 60 s.
  it("waits for the other build's lock, saying whom it waits for, and builds when it is given back", {
    timeout: 180_000,
  }, async () => {
    const out = await mkdtemp(path.join(tmpdir(), "ledgerlight-bundle-lock-"));
    dirs.push(out);
    // This test plays the other build (its pid is alive); another test file's build may hold the lock first.
    const other = await takeAstroBundleLock(repoRoot, { command: "the bundle lock test", startedAt: new Date() });
    const child = startWatched(
      process.execPath,
      [path.join(repoRoot, "node_modules/astro/bin/astro.mjs"), "build", "--outDir", out, "--silent"],
      { cwd: repoRoot, env: { ...process.env, ...DEFAULT_BUILD_ENV, ASTRO_TELEMETRY_DISABLED: "1" } },
    );
    try {
      const waiting = `Waiting for another build of this project (pid ${process.pid}, \`the bundle lock test\``;
      await child.until(() => child.stderr.includes(waiting), 40_000);
      // Without the lock, the build would have gone on to write the site (or have finished) by now.
      expect(child.exitCode, `the build did not wait:\n${child.stderr}`).toBeUndefined();
      expect(child.stderr).toContain(`${waiting}, started `);
      expect(child.stderr).toContain(`If no build is running, remove ${path.join(repoRoot, ASTRO_BUNDLE_LOCK)}.`);
      await sleep(1_000);
      expect(child.exitCode).toBeUndefined();
      expect(existsSync(path.join(out, "index.html"))).toBe(false);

      await other.release();
      expect(await child.exited, child.stderr).toBe(0);
      expect(existsSync(path.join(out, "index.html"))).toBe(true);
      // The build gave the lock back when it was done (another test's build may hold it by now, never this one).
      const left = await readFile(path.join(repoRoot, ASTRO_BUNDLE_LOCK), "utf8").catch(() => null);
      if (left !== null) expect(JSON.parse(left).pid).not.toBe(child.pid);
    } finally {
      child.kill();
      await other.release();
    }
  });
});
