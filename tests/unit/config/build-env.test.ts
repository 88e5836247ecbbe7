import { execFileSync, spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  childBuildEnv,
  contentDirFromEnv,
  parseBuildEnv,
  readBuildEnv,
  readSourceCommit,
  sourceCommitEnv,
} from "../../../src/config/build-env.ts";
import { ValidationError } from "../../../src/errors.ts";

const repoRoot = path.resolve(import.meta.dirname, "../../..");

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("parseBuildEnv", () => {
  it("defaults to the main wallet's site from content/, undated, manifest written by this build", () => {
    expect(parseBuildEnv({})).toEqual({
      contentDir: "content",
      wallet: undefined,
      sourceDateEpoch: undefined,
      deferDistManifest: false,
      sourceCommit: undefined,
    });
  });

  it("reads every variable", () => {
    expect(
      parseBuildEnv({
        LEDGERLIGHT_CONTENT_DIR: "/tmp/wallet//",
        LEDGERLIGHT_WALLET: "  0x4c0de5e0f1a2b3c4d5e6f708192a3b4c \n",
        SOURCE_DATE_EPOCH: "1767225600",
        LEDGERLIGHT_DEFER_DIST_MANIFEST: "1",
        LEDGERLIGHT_COMMIT: `${"AB12".repeat(10)}-dirty`,
      }),
    ).toEqual({
      contentDir: "/tmp/wallet",
      wallet: "0x4c0de5e0f1a2b3c4d5e6f708192a3b4c",
      sourceDateEpoch: 1_767_225_600,
      deferDistManifest: true,
      sourceCommit: { hash: "ab12".repeat(10), localChanges: true },
    });
  });

  it("takes a blank LEDGERLIGHT_WALLET for the main wallet and only 1 as deferring the manifest", () => {
    const env = parseBuildEnv({ LEDGERLIGHT_WALLET: "  ", LEDGERLIGHT_DEFER_DIST_MANIFEST: "yes" });
    expect(env.wallet).toBeUndefined();
    expect(env.deferDistManifest).toBe(false);
  });

  it.each([
    [
      { SOURCE_DATE_EPOCH: "2026-01-01" },
      /^The environment variable SOURCE_DATE_EPOCH is not valid:[\s\S]*whole seconds[\s\S]*\(found "2026-01-01"\)/,
    ],
    [
      { LEDGERLIGHT_COMMIT: "5489599" },
      /^The environment variable LEDGERLIGHT_COMMIT is not valid:[\s\S]*full commit hash[\s\S]*\(found "5489599"\)/,
    ],
    [
      { LEDGERLIGHT_CONTENT_DIR: "" },
      /^The environment variable LEDGERLIGHT_CONTENT_DIR is not valid:[\s\S]*must name a folder[\s\S]*\(found ""\)/,
    ],
  ])("refuses %j, naming the variable and the value", (env, message) => {
    let error: unknown;
    try {
      parseBuildEnv(env);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(message);
  });
});

describe("readBuildEnv and contentDirFromEnv", () => {
  it("read this process's environment when they are called, with a caller's overrides on top", () => {
    vi.stubEnv("LEDGERLIGHT_CONTENT_DIR", "fixtures/one");
    vi.stubEnv("SOURCE_DATE_EPOCH", "86400");
    expect(contentDirFromEnv()).toBe("fixtures/one");
    expect(readBuildEnv()).toMatchObject({ contentDir: "fixtures/one", sourceDateEpoch: 86_400 });
    expect(readBuildEnv({ SOURCE_DATE_EPOCH: "0" }).sourceDateEpoch).toBe(0);
    vi.stubEnv("LEDGERLIGHT_CONTENT_DIR", undefined);
    expect(contentDirFromEnv()).toBe("content");
  });

  it("contentDirFromEnv ignores the other variables (a CLI default is not the build's business)", () => {
    expect(contentDirFromEnv({ SOURCE_DATE_EPOCH: "yesterday", LEDGERLIGHT_CONTENT_DIR: "x" })).toBe("x");
  });
});

describe("childBuildEnv", () => {
  it("sets the content folder, the wallet and the deferred manifest over the caller's variables", () => {
    vi.stubEnv("LEDGERLIGHT_WALLET", "0x1");
    vi.stubEnv("TZ", "Europe/Paris");
    const main = childBuildEnv({ contentDir: "/c", deferDistManifest: true, extra: { LEDGERLIGHT_CONTENT_DIR: "x" } });
    expect(main).toMatchObject({
      TZ: "UTC",
      ASTRO_TELEMETRY_DISABLED: "1",
      LEDGERLIGHT_CONTENT_DIR: "/c",
      LEDGERLIGHT_DEFER_DIST_MANIFEST: "1",
    });
    expect(main).not.toHaveProperty("LEDGERLIGHT_WALLET");
    const other = childBuildEnv({ contentDir: "/c", wallet: "0x2", extra: { SOURCE_DATE_EPOCH: "5" } });
    expect(other.LEDGERLIGHT_WALLET).toBe("0x2");
    expect(other.SOURCE_DATE_EPOCH).toBe("5");
    expect(parseBuildEnv(other)).toMatchObject({ contentDir: "/c", wallet: "0x2", sourceDateEpoch: 5 });
  });

  it("has the bundler's allocator commit memory on demand, which the allocator Rolldown bundles does read", () => {
    const env = childBuildEnv({ contentDir: "/c" });
    expect(env.MIMALLOC_ARENA_EAGER_COMMIT).toBe("0");
    // mimalloc prints its options when verbose: a misspelt or unknown variable would leave the default (2) here.
    const loaded = spawnSync(process.execPath, ["--input-type=module", "-e", "await import('rolldown')"], {
      cwd: repoRoot,
      env: { ...env, MIMALLOC_VERBOSE: "1" },
      encoding: "utf8",
    });
    expect(loaded.status).toBe(0);
    expect(`${loaded.stdout}${loaded.stderr}`).toMatch(/option 'arena_eager_commit': 0\b/);
    // A caller's own value wins, e.g. to measure the build without it.
    expect(childBuildEnv({ contentDir: "/c", extra: { MIMALLOC_ARENA_EAGER_COMMIT: "2" } })).toMatchObject({
      MIMALLOC_ARENA_EAGER_COMMIT: "2",
    });
  });
});

describe("readSourceCommit", () => {
  const run = (args: string[], cwd: string) =>
    execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();

  it("takes LEDGERLIGHT_COMMIT over git, so the publish workflow names the commit it checked out", () => {
    const hash = "c".repeat(64);
    expect(readSourceCommit(repoRoot, { LEDGERLIGHT_COMMIT: hash })).toEqual({ hash, localChanges: false });
  });

  it("reads HEAD of a checkout, plus local changes when a tracked file differs, and nothing outside git", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "ledgerlight-commit-"));
    try {
      expect(readSourceCommit(dir, { LEDGERLIGHT_COMMIT: undefined })).toBeUndefined();
      run(["init", "-q"], dir);
      await writeFile(path.join(dir, "a.txt"), "one\n");
      run(["add", "a.txt"], dir);
      run(["-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "one"], dir);
      const head = run(["rev-parse", "HEAD"], dir);
      expect(readSourceCommit(dir, { LEDGERLIGHT_COMMIT: undefined })).toEqual({ hash: head, localChanges: false });
      // An untracked file is not counted; an edited tracked one is.
      await writeFile(path.join(dir, "scratch.txt"), "not tracked\n");
      expect(readSourceCommit(dir, { LEDGERLIGHT_COMMIT: undefined })?.localChanges).toBe(false);
      await writeFile(path.join(dir, "a.txt"), "two\n");
      expect(readSourceCommit(dir, { LEDGERLIGHT_COMMIT: undefined })).toEqual({ hash: head, localChanges: true });
      expect(sourceCommitEnv({ hash: head, localChanges: true })).toEqual({ LEDGERLIGHT_COMMIT: `${head}-dirty` });
      expect(sourceCommitEnv(undefined)).toEqual({});
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
