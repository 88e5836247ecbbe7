import { existsSync, readFileSync } from "node:fs";
import { cp, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { EXIT_CODES } from "../../src/errors.ts";
import { runCommand } from "../support/faults/run-command.ts";
import { repoRoot } from "../support/site/build-site.ts";
import { writeMistypedFigureReport } from "../support/site/mistyped-figure-report.ts";

/**
 * `npm run build` becomes each wallet's Astro build instead of waiting beside it (src/integrations/build-chain.ts),
 * so the parent's memory does not add to Astro's. These tests watch the process itself and a failure from inside
 * Astro, which must be reported exactly as when Astro ran in a child.
 */

const BUILD_MS = 120_000;
const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

async function scratch(label: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), `ledgerlight-${label}-`));
  dirs.push(dir);
  return dir;
}

/** The command line of a process, or undefined once it has gone. */
function commandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
  } catch {
    return undefined;
  }
}

/** The children of `pid`, from /proc (Linux). */
function childrenOf(pid: number): number[] {
  const tasks = `/proc/${pid}/task/${pid}/children`;
  if (!existsSync(tasks)) return [];
  try {
    return readFileSync(tasks, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

describe("npm run build is one process at a time beside Astro (Linux)", () => {
  it(
    "runs the Astro build in its own process, never as a child of a waiting parent, and ends with the site",
    async () => {
      const work = await scratch("one-process");
      const out = path.join(work, "dist");
      const seenAsSelf = new Set<string>();
      const seenAsChild = new Set<string>();
      // esbuild's service while the home page, one of the last pages rendered, is already written.
      const esbuildOnceRendered: string[] = [];
      let timer: NodeJS.Timeout | undefined;
      const result = await runCommand("build.ts", ["--out", out], {
        killAfterMs: BUILD_MS,
        onStart: (child) => {
          const pid = child.pid as number;
          timer = setInterval(() => {
            const self = commandLine(pid);
            if (self !== undefined) seenAsSelf.add(self);
            const rendered = existsSync(path.join(work, `.dist.staging-${pid}`, "index.html"));
            for (const kid of childrenOf(pid)) {
              const line = commandLine(kid);
              // A child just forked (before its exec) still shows this process's own command line.
              if (line === undefined || line === self) continue;
              seenAsChild.add(line);
              if (rendered && line.includes("esbuild")) esbuildOnceRendered.push(line);
            }
          }, 20);
        },
      });
      clearInterval(timer);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/^astro build: .* into .*\/dist\n/m);
      expect(result.stdout).toMatch(/Built 1 wallet site\(s\) into /);
      // The build's own process became the Astro build, and then the build script again.
      const astroStep = [...seenAsSelf].find((line) => line.includes("astro-build-process.ts"));
      // With its Node flags (build-wallets.ts's ASTRO_NODE_FLAGS).
      expect(astroStep).toMatch(/ --max-semi-space-size=16 .*astro-build-process\.ts /);
      expect([...seenAsSelf].some((line) => line.includes("scripts/build.ts"))).toBe(true);
      // Its children: the content check, never an Astro build; the search step runs in the build script itself,
      // once it is that again (build-wallets.ts's indexWalletSiteHere).
      expect([...seenAsChild].filter((line) => line.includes("astro-build-process.ts"))).toEqual([]);
      expect([...seenAsChild].filter((line) => line.includes("search-index-process.ts"))).toEqual([]);
      expect(result.stdout).toMatch(/^Search index written to .*\/dist\/search-index \(/m);
      // esbuild's service ran while Astro bundled, and was stopped before the render (stop-esbuild.ts).
      expect([...seenAsChild].some((line) => line.includes("esbuild") && line.includes("--service"))).toBe(true);
      expect(esbuildOnceRendered).toEqual([]);
      const manifest = await readFile(path.join(out, "manifest.sha256"), "utf8");
      expect(manifest).toMatch(/ {2}index\.html\n/);
      expect((await readdir(work)).sort()).toEqual(["dist"]);
    },
    BUILD_MS,
  );

  it(
    "reports a failure inside Astro as before: exit 3 naming the file, the previous build kept, no staging left",
    async () => {
      const work = await scratch("astro-failure");
      const content = path.join(work, "content");
      await cp(path.join(repoRoot, "content"), content, { recursive: true });
      const out = path.join(work, "dist");
      const first = await runCommand("build.ts", ["--content", content, "--out", out], { killAfterMs: BUILD_MS });
      expect(first.code, first.stderr).toBe(0);
      const previous = await readFile(path.join(out, "manifest.sha256"), "utf8");
      // Found only while Astro renders the report (the checks before it look at sizes and final reports' pins).
      await writeMistypedFigureReport(content);
      const result = await runCommand("build.ts", ["--content", content, "--out", out], { killAfterMs: BUILD_MS });
      expect(result.code, result.stderr).toBe(EXIT_CODES.badInput);
      // The message opens stderr; only the line of a wait for another test's build may come before it.
      expect(result.stderr).toMatch(
        /^(Waiting for another build of this project \(pid \d+, .*\n)?The site of .* did not build: /,
      );
      expect(result.stderr).toMatch(/reports\/2025-q3\.md:9:13: unknown figure "donations\.totl"/);
      expect(result.stderr).toMatch(/Nothing was written; the previous build is unchanged\.\n$/);
      expect(result.stderr).not.toMatch(/\.staging-|\n\s+at .+:\d+:\d+\)?\n/);
      expect(await readFile(path.join(out, "manifest.sha256"), "utf8")).toBe(previous);
      expect((await readdir(work)).sort()).toEqual(["content", "dist"]);
    },
    BUILD_MS * 2,
  );
});
