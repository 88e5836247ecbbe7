import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { readFile, rm, stat } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { readSourceCommit, sourceCommitEnv } from "../../src/config/build-env.ts";
import { buildSite, copyProject, DEFAULT_BUILD_ENV, repoRoot } from "../support/site/build-site.ts";
import { listDist } from "../support/site/dist-files.ts";

const run = promisify(execFile);

/**
 * The second build differs from the global setup's build of the same content in everything that must not matter:
 * another project folder and output folder, cold caches, another time zone and locale, and SOURCE_DATE_EPOCH set.
 */
const SECOND_BUILD_ENV = {
  TZ: "Pacific/Auckland",
  LANG: "de_DE.UTF-8",
  LC_ALL: "de_DE.UTF-8",
  SOURCE_DATE_EPOCH: "1767225600",
} as const;

/** Path -> sha256 of every file under `dist`, the paths with "/" between names. */
async function hashDist(dist: string): Promise<Map<string, string>> {
  const hashes = new Map<string, string>();
  for (const file of await listDist(dist)) {
    const bytes = await readFile(path.join(dist, file));
    hashes.set(file.split(path.sep).join("/"), createHash("sha256").update(bytes).digest("hex"));
  }
  return hashes;
}

/** Every path that is not the same bytes in both builds, with what is wrong with it. */
function differences(first: Map<string, string>, second: Map<string, string>): string[] {
  const paths = [...new Set([...first.keys(), ...second.keys()])].sort();
  return paths.flatMap((file) => {
    if (!second.has(file)) return [`${file}: only in the first build`];
    if (!first.has(file)) return [`${file}: only in the second build`];
    return first.get(file) === second.get(file) ? [] : [`${file}: different bytes`];
  });
}

/** The manifest's lines as path -> hash (the format is checked line by line). */
function readManifest(text: string): Map<string, string> {
  expect(text.endsWith("\n"), "manifest.sha256 ends with a newline").toBe(true);
  const lines = text.slice(0, -1).split("\n");
  const entries = new Map<string, string>();
  for (const line of lines) {
    const match = /^([0-9a-f]{64}) {2}(\S(?:.*\S)?)$/.exec(line);
    expect(match, `manifest.sha256 line ${JSON.stringify(line)}`).not.toBeNull();
    entries.set(match![2]!, match![1]!);
  }
  const paths = [...entries.keys()];
  expect(paths, "manifest.sha256 is sorted by path bytes").toEqual(
    [...paths].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))),
  );
  return entries;
}

describe("reproducible build", () => {
  let projectCopy: string;
  let secondDist: string;

  beforeAll(async () => {
    expect(SECOND_BUILD_ENV.TZ).not.toBe(DEFAULT_BUILD_ENV.TZ);
    expect(SECOND_BUILD_ENV.LC_ALL).not.toBe(DEFAULT_BUILD_ENV.LC_ALL);
    projectCopy = await copyProject("second");
    // The copy is no git checkout: it is told the commit the first build read from git (the same commit gives the
    // same bytes; every footer names it).
    const commit = readSourceCommit(repoRoot);
    expect(commit, "the project is a git checkout").toBeDefined();
    secondDist = await buildSite({
      label: "second",
      projectRoot: projectCopy,
      env: { ...SECOND_BUILD_ENV, ...sourceCommitEnv(commit) },
    });
  });

  afterAll(async () => {
    await Promise.all([projectCopy, secondDist].map((dir) => dir && rm(dir, { recursive: true, force: true })));
  });

  it("gives the same bytes for every file from another folder, time zone and locale", async () => {
    const first = await hashDist(inject("defaultDist"));
    const second = await hashDist(secondDist);
    expect(first.size).toBeGreaterThan(50);
    expect(differences(first, second)).toEqual([]);
  });

  it("writes the same audit zip bytes in both builds", async () => {
    const zips = (await listDist(inject("defaultDist"))).filter((file) => /^downloads\/.*\.zip$/.test(file));
    expect(zips).toHaveLength(1);
    const [first, second] = await Promise.all(
      [inject("defaultDist"), secondDist].map((dist) => readFile(path.join(dist, zips[0]!))),
    );
    expect(first!.equals(second!)).toBe(true);
  });

  it("names no folder of the machine that built it", async () => {
    const leaks: string[] = [];
    for (const file of await listDist(secondDist)) {
      const text = await readFile(path.join(secondDist, file), "latin1");
      for (const folder of [projectCopy, secondDist, repoRoot])
        if (text.includes(folder)) leaks.push(`${file}: ${folder}`);
    }
    expect(leaks).toEqual([]);
  });

  it("publishes manifest.sha256 listing exactly the other files, with their sha256", async () => {
    for (const dist of [inject("defaultDist"), secondDist]) {
      const manifest = readManifest(await readFile(path.join(dist, "manifest.sha256"), "utf8"));
      const files = await hashDist(dist);
      expect(files.has("manifest.sha256")).toBe(true);
      files.delete("manifest.sha256");
      expect(differences(files, manifest)).toEqual([]);
      // What the methodology page tells readers to run.
      await run("sha256sum", ["--check", "--strict", "--quiet", "manifest.sha256"], { cwd: dist });
    }
  });

  // Only the modification time: reading a file may move its access time (relatime), and archives keep mtimes.
  it("dates every file and folder SOURCE_DATE_EPOCH when it is set", async () => {
    const expected = Number(SECOND_BUILD_ENV.SOURCE_DATE_EPOCH) * 1000;
    const files = await listDist(secondDist);
    const wrong: string[] = [];
    for (const entry of new Set([".", ...files, ...files.map((file) => path.dirname(file))])) {
      const { mtimeMs } = await stat(path.join(secondDist, entry));
      if (mtimeMs !== expected) wrong.push(`${entry}: ${new Date(mtimeMs).toISOString()}`);
    }
    expect(wrong).toEqual([]);
  });

  it("stops before building, naming the variable, when SOURCE_DATE_EPOCH is not whole seconds", async () => {
    await expect(buildSite({ label: "bad-epoch", env: { SOURCE_DATE_EPOCH: "2026-01-01" } })).rejects.toThrow(
      /The environment variable SOURCE_DATE_EPOCH is not valid:[\s\S]*whole seconds since 1970[\s\S]*found "2026-01-01"/,
    );
  });
});
