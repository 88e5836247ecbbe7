import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot, sourceFiles } from "../../support/source-files.ts";

/**
 * The fake node lives in `src/` but is not part of the site: only CLIs (`scripts/`) and tests may import it, so
 * `astro build` never sees it. Inside it, the HTTP room and the simulator room meet only at `model.ts`.
 */

const FAKE_NODE = "src/fake-node/";

/**
 * The repository-relative targets of the relative imports in `source` (static, side-effect, re-export and dynamic),
 * as seen from the file `file`. Package imports are left out.
 */
function relativeImportsOf(source: string, file: string): string[] {
  const targets: string[] = [];
  for (const match of source.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)(["'`])(\.{1,2}\/[^"'`]+)\1/g)) {
    if (match[2]) targets.push(path.posix.normalize(path.posix.join(path.posix.dirname(file), match[2])));
  }
  return targets;
}

/** Every (importer, target) pair among `files` whose target starts with `prefix`. */
function importsInto(files: readonly string[], prefix: string): string[] {
  return files.flatMap((file) =>
    relativeImportsOf(readFileSync(path.join(repoRoot, file), "utf8"), file)
      .filter((target) => target.startsWith(prefix))
      .map((target) => `${file} -> ${target}`),
  );
}

describe("who may import the fake node", () => {
  it("reads relative imports of every form, and only relative ones", () => {
    const source = [
      'import { startFakeNode } from "../fake-node/http/server.ts";',
      'import type { FakeChain } from "../fake-node/model.ts";',
      'export { simulate } from "./sim/simulator.ts";',
      'import "../fake-node/sim/prng.ts";',
      'const later = await import("../fake-node/sim/scenario.ts");',
      'import { z } from "zod";',
    ].join("\n");
    expect(relativeImportsOf(source, "src/site/example.ts")).toEqual([
      "src/fake-node/http/server.ts",
      "src/fake-node/model.ts",
      "src/site/sim/simulator.ts",
      "src/fake-node/sim/prng.ts",
      "src/fake-node/sim/scenario.ts",
    ]);
  });

  it("is imported by the CLIs and the tests", () => {
    const importers = new Set(
      importsInto([...sourceFiles("scripts"), ...sourceFiles("tests")], FAKE_NODE).map((pair) => pair.split(" -> ")[0]),
    );
    expect(importers).toContain("scripts/fake-node.ts");
    expect(importers).toContain("scripts/bench/main.ts");
    expect(importers).toContain("scripts/demo-snapshot.ts");
  });

  it("is imported by nothing else in src/: not the site, not the snapshot code", () => {
    const elsewhere = sourceFiles("src").filter((file) => !file.startsWith(FAKE_NODE));
    expect(elsewhere).toContain("src/pages/index.astro");
    expect(importsInto(elsewhere, FAKE_NODE)).toEqual([]);
    expect(importsInto(["astro.config.mjs"], FAKE_NODE)).toEqual([]);
  });

  it("keeps its HTTP room and its simulator room apart (they share only model.ts)", () => {
    const http = sourceFiles(`${FAKE_NODE}http`);
    const sim = sourceFiles(`${FAKE_NODE}sim`);
    expect(http).toContain(`${FAKE_NODE}http/server.ts`);
    expect(sim).toContain(`${FAKE_NODE}sim/simulator.ts`);
    expect(importsInto(http, `${FAKE_NODE}sim/`)).toEqual([]);
    expect(importsInto(sim, `${FAKE_NODE}http/`)).toEqual([]);
  });
});
