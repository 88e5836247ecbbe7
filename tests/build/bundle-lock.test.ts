import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, describe, expect, it } from "vitest";
import { ASTRO_BUNDLE_LOCK, takeAstroBundleLock } from "../../src/integrations/astro-bundle-lock.ts";
import { DEFAULT_BUILD_ENV, repoRoot } from "../support/site/build-site.ts";

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
    const child = spawn(
      process.execPath,
      [path.join(repoRoot, "node_modules/astro/bin/astro.mjs"), "build", "--outDir", out, "--silent"],
      { cwd: repoRoot, env: { ...process.env, ...DEFAULT_BUILD_ENV, ASTRO_TELEMETRY_DISABLED: "1" } },
    );
    try {
      let stderr = "";
      child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
        stderr += chunk;
      });
      child.stdout.resume();
      const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
      let exitCode: number | null | undefined;
      void exited.then((code) => {
        exitCode = code;
      });
      const waiting = `Waiting for another build of this project (pid ${process.pid}, \`the bundle lock test\``;
      for (let waited = 0; !stderr.includes(waiting) && exitCode === undefined && waited < 40_000; waited += 100) {
        await sleep(100);
      }
      // Without the lock, the build would have gone on to write the site (or have finished) by now.
      expect(exitCode, `the build did not wait:\n${stderr}`).toBeUndefined();
      expect(stderr).toContain(`${waiting}, started `);
      expect(stderr).toContain(`If no build is running, remove ${path.join(repoRoot, ASTRO_BUNDLE_LOCK)}.`);
      await sleep(1_000);
      expect(exitCode).toBeUndefined();
      expect(existsSync(path.join(out, "index.html"))).toBe(false);

      await other.release();
      expect(await exited, stderr).toBe(0);
      expect(existsSync(path.join(out, "index.html"))).toBe(true);
      // The build gave the lock back when it was done (another test's build may hold it by now, never this one).
      const left = await readFile(path.join(repoRoot, ASTRO_BUNDLE_LOCK), "utf8").catch(() => null);
      if (left !== null) expect(JSON.parse(left).pid).not.toBe(child.pid);
    } finally {
      child.kill("SIGKILL");
      await other.release();
    }
  });
});
