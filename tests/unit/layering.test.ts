import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot, sourceFiles } from "../support/source-files.ts";

/**
 * The folder map's "may import" column, enforced: every import in `src/`, `scripts/` and `astro.config.mjs` is
 * checked against the layers the README describes, so a shortcut (a primitive reaching into a room, a page reaching
 * for the node, the SDK outside its one door) fails here naming the file and the import instead of rotting quietly.
 */

/** One import: the file that has it, the specifier as written, and what it names (repo-relative path or package). */
interface ImportEdge {
  file: string;
  specifier: string;
  target: string;
  /** A relative import (`./`, `../`): `target` is a repository-relative path; otherwise a package or `node:`/`astro:` module. */
  relative: boolean;
}

/** `src/lib/` rooms in the order they stand on each other: each may import the root and the rooms before it. */
const LIB_ROOMS = ["ledger", "state", "figures", "reports", "views", "search"] as const;
/** Build tooling: may import anything in `src/lib/`; nothing else in `src/lib/` may import it. */
const LIB_BUILD_ROOM = "build";
/** The only packages a root primitive may import: Node's own modules that do no I/O. */
const PRIMITIVE_BUILTINS = ["node:crypto"];
/** Packages `src/schemas/` may import. */
const SCHEMA_PACKAGES = ["zod", "yaml"];
/** Folders nothing in `src/lib/` may import: the pure core does no I/O and knows no site, node or store. */
const LIB_FORBIDDEN_FOLDERS = ["src/store/", "src/chain/", "src/snapshot/", "src/site/"];
/** The site's pages, components and layouts are built from committed files only. */
const PAGE_FOLDERS = ["src/pages/", "src/components/", "src/layouts/"];
const PAGE_FORBIDDEN_FOLDERS = ["src/chain/", "src/snapshot/", "src/fake-node/"];
const SDK = "@aptos-labs/ts-sdk";

const isSdk = (target: string) => target === SDK || target.startsWith(`${SDK}/`);

/** Where `file` sits in `src/lib/`: "root", a room's name, or undefined outside `src/lib/`. */
function libPlace(file: string): string | undefined {
  if (!file.startsWith("src/lib/")) return undefined;
  const rest = file.slice("src/lib/".length);
  return rest.includes("/") ? (rest.split("/")[0] as string) : "root";
}

/** Rank of a `src/lib/` place in the floor order (root 0, then the rooms); undefined for build/ and unknown rooms. */
function libRank(place: string): number | undefined {
  if (place === "root") return 0;
  const index = (LIB_ROOMS as readonly string[]).indexOf(place);
  return index === -1 ? undefined : index + 1;
}

/** Every rule an import breaks, as "file imports "specifier": why". Pure, so the rules can be tested on made-up imports. */
function layeringViolations(edges: readonly ImportEdge[]): string[] {
  const problems: string[] = [];
  for (const { file, specifier, target, relative } of edges) {
    const fail = (why: string) => problems.push(`${file} imports "${specifier}": ${why}`);
    const place = libPlace(file);
    const targetPlace = libPlace(target);

    if (place === "root") {
      if (!relative ? !PRIMITIVE_BUILTINS.includes(target) : targetPlace !== "root") {
        fail(
          `a primitive at the root of src/lib/ imports only other root primitives and ${PRIMITIVE_BUILTINS.join(", ")}`,
        );
      }
    }
    if (place !== undefined && place !== "root" && place !== LIB_BUILD_ROOM && libRank(place) === undefined) {
      fail(
        `src/lib/${place}/ is not a known room; add it to the floor order in tests/unit/layering.test.ts and the README`,
      );
    }
    // A root primitive's imports are checked above; build/ may import anything in src/lib/.
    if (place !== undefined && targetPlace !== undefined && place !== "root" && place !== LIB_BUILD_ROOM) {
      const from = libRank(place);
      const to = libRank(targetPlace);
      if (targetPlace === LIB_BUILD_ROOM) fail("only src/lib/build/ imports src/lib/build/ (build tooling)");
      else if (from !== undefined && to !== undefined && to > from) {
        fail(
          `src/lib/${place}/ may import only the root and the rooms before it (${["root", ...LIB_ROOMS].join(" < ")})`,
        );
      }
    }
    if (place !== undefined) {
      if (target === "node:fs" || target === "node:fs/promises" || target === "fs" || target === "fs/promises") {
        fail("src/lib/ does no I/O");
      }
      if (target.startsWith("astro:")) fail("src/lib/ knows nothing of Astro");
      if (isSdk(target)) fail(`src/lib/ never talks to the node (${SDK})`);
      const folder = LIB_FORBIDDEN_FOLDERS.find((forbidden) => target.startsWith(forbidden));
      if (folder) fail(`src/lib/ is the pure core; it does not import ${folder}`);
    }

    if (file.startsWith("src/schemas/")) {
      const allowed = !relative
        ? SCHEMA_PACKAGES.includes(target)
        : target.startsWith("src/schemas/") || target === "src/errors.ts" || libPlace(target) === "root";
      if (!allowed) {
        fail(`src/schemas/ imports only ${SCHEMA_PACKAGES.join(", ")}, src/errors.ts and src/lib/'s root primitives`);
      }
    }
    if (file === "src/errors.ts") fail("src/errors.ts is a leaf: every layer imports it, so it imports nothing");

    if (PAGE_FOLDERS.some((folder) => file.startsWith(folder))) {
      const folder = PAGE_FORBIDDEN_FOLDERS.find((forbidden) => target.startsWith(forbidden));
      if (folder)
        fail(`pages, components and layouts are built from committed files only; they do not import ${folder}`);
    }

    if (isSdk(target) && !file.startsWith("src/chain/"))
      fail(`only src/chain/ (the one door to the node) imports ${SDK}`);
  }
  return problems;
}

/**
 * The imports in `source` (static, type-only, side-effect, re-export and dynamic), relative ones resolved to
 * repository-relative paths as seen from `file`, package ones as written.
 */
function importsOf(source: string, file: string): ImportEdge[] {
  const forms = [
    /^\s*(?:import|export)\s[^;]*?\bfrom\s*(["'])([^"'\s]+)\1/gm, // import … from "x", export … from "x"
    /^\s*import\s*(["'])([^"'\s]+)\1/gm, // import "x" (side effect)
    /\bimport\(\s*(["'`])([^"'`\s]+)\1/g, // import("x")
  ];
  const found = forms.flatMap((form) =>
    [...source.matchAll(form)].map((match) => [match.index, match[2] as string] as const),
  );
  return found
    .sort(([a], [b]) => a - b)
    .map(([, specifier]) => {
      const relative = specifier.startsWith(".");
      const target = relative ? path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier)) : specifier;
      return { file, specifier, target, relative };
    });
}

/** A made-up import of `target` by `file`, for the self-checks. */
const edge = (file: string, target: string): ImportEdge => ({
  file,
  specifier: target,
  target,
  relative: target.startsWith("src/"),
});

const FILES = [...sourceFiles("src"), ...sourceFiles("scripts"), "astro.config.mjs"];
const EDGES = FILES.flatMap((file) => importsOf(readFileSync(path.join(repoRoot, file), "utf8"), file));

describe("layering", () => {
  it("reads every form of import, relative ones resolved from the importing file", () => {
    const source = [
      'import { z } from "zod";',
      'import type { Snapshot } from "../../schemas/snapshot.ts";',
      'export { formatCoins } from "../money.ts";',
      'import "./side-effect.ts";',
      'const later = await import("astro:content");',
      " * Prose in a comment that says from `get_veto_tally` or import `x` is not an import.",
      "import {\n  a,\n  b,\n} from '../ledger/classify.ts';",
    ].join("\n");
    expect(importsOf(source, "src/lib/views/example.ts").map((edge) => edge.target)).toEqual([
      "zod",
      "src/schemas/snapshot.ts",
      "src/lib/money.ts",
      "src/lib/views/side-effect.ts",
      "astro:content",
      "src/lib/ledger/classify.ts",
    ]);
  });

  it("sees the real imports (the scan is not blind)", () => {
    const pairs = new Set(EDGES.map((edge) => `${edge.file} -> ${edge.target}`));
    expect(FILES).toContain("src/pages/index.astro");
    expect(pairs).toContain("src/chain/provider.ts -> @aptos-labs/ts-sdk");
    expect(pairs).toContain("src/lib/sha256.ts -> node:crypto");
    expect(pairs).toContain("src/schemas/parse.ts -> src/errors.ts");
    expect([...pairs].some((pair) => pair.startsWith("src/pages/") && pair.includes("-> src/lib/"))).toBe(true);
    expect([...pairs].some((pair) => pair.startsWith("src/lib/views/") && pair.includes("-> src/lib/figures/"))).toBe(
      true,
    );
  });

  it("fails, naming file and import, on every kind of shortcut", () => {
    const problems = layeringViolations([
      edge("src/lib/money.ts", "src/lib/ledger/classify.ts"),
      edge("src/lib/money.ts", "src/schemas/snapshot.ts"),
      edge("src/lib/money.ts", "yaml"),
      edge("src/schemas/program.ts", "src/lib/figures/fees.ts"),
      edge("src/schemas/program.ts", "src/store/snapshot-folder.ts"),
      edge("src/schemas/program.ts", "unified"),
      edge("src/lib/ledger/classify.ts", "src/lib/figures/fees.ts"),
      edge("src/lib/figures/fees.ts", "src/lib/views/tables.ts"),
      edge("src/lib/views/tables.ts", "src/lib/build/dist-links.ts"),
      edge("src/lib/ledger/classify.ts", "node:fs/promises"),
      edge("src/lib/views/tables.ts", "astro:content"),
      edge("src/lib/build/dist-links.ts", "src/store/dist-manifest.ts"),
      edge("src/lib/reports/markdown.ts", "src/chain/reader.ts"),
      edge("src/lib/reports/markdown.ts", "src/snapshot/run-snapshot.ts"),
      edge("src/lib/figures/fees.ts", "src/site/site-data.ts"),
      edge("src/lib/attic/old.ts", "src/lib/money.ts"),
      edge("src/pages/index.astro", "src/chain/reader.ts"),
      edge("src/components/Chart.astro", "src/snapshot/run-snapshot.ts"),
      edge("src/layouts/Base.astro", "src/fake-node/http/server.ts"),
      edge("src/snapshot/read-chain.ts", "@aptos-labs/ts-sdk"),
      edge("scripts/verify.ts", "@aptos-labs/ts-sdk/dist/esm/index.mjs"),
      edge("src/errors.ts", "src/lib/money.ts"),
    ]);
    expect(problems, problems.join("\n")).toHaveLength(22);
    for (const expected of [
      'src/lib/money.ts imports "src/lib/ledger/classify.ts": a primitive at the root',
      'src/lib/money.ts imports "src/schemas/snapshot.ts": a primitive at the root',
      'src/lib/money.ts imports "yaml": a primitive at the root',
      'src/schemas/program.ts imports "src/lib/figures/fees.ts": src/schemas/ imports only',
      'src/schemas/program.ts imports "src/store/snapshot-folder.ts": src/schemas/ imports only',
      'src/schemas/program.ts imports "unified": src/schemas/ imports only',
      'src/lib/ledger/classify.ts imports "src/lib/figures/fees.ts": src/lib/ledger/ may import only',
      'src/lib/figures/fees.ts imports "src/lib/views/tables.ts": src/lib/figures/ may import only',
      'src/lib/views/tables.ts imports "src/lib/build/dist-links.ts": only src/lib/build/',
      'src/lib/ledger/classify.ts imports "node:fs/promises": src/lib/ does no I/O',
      'src/lib/views/tables.ts imports "astro:content": src/lib/ knows nothing of Astro',
      'src/lib/build/dist-links.ts imports "src/store/dist-manifest.ts": src/lib/ is the pure core',
      'src/lib/reports/markdown.ts imports "src/chain/reader.ts": src/lib/ is the pure core',
      'src/lib/reports/markdown.ts imports "src/snapshot/run-snapshot.ts": src/lib/ is the pure core',
      'src/lib/figures/fees.ts imports "src/site/site-data.ts": src/lib/ is the pure core',
      'src/lib/attic/old.ts imports "src/lib/money.ts": src/lib/attic/ is not a known room',
      'src/pages/index.astro imports "src/chain/reader.ts": pages, components and layouts',
      'src/components/Chart.astro imports "src/snapshot/run-snapshot.ts": pages, components and layouts',
      'src/layouts/Base.astro imports "src/fake-node/http/server.ts": pages, components and layouts',
      'src/snapshot/read-chain.ts imports "@aptos-labs/ts-sdk": only src/chain/',
      'scripts/verify.ts imports "@aptos-labs/ts-sdk/dist/esm/index.mjs": only src/chain/',
      'src/errors.ts imports "src/lib/money.ts": src/errors.ts is a leaf',
    ]) {
      expect(
        problems.some((problem) => problem.startsWith(expected)),
        expected,
      ).toBe(true);
    }
  });

  it("lets each layer import what the folder map allows", () => {
    expect(
      layeringViolations([
        edge("src/lib/sha256.ts", "node:crypto"),
        edge("src/lib/money.ts", "src/lib/compare.ts"),
        edge("src/schemas/program.ts", "zod"),
        edge("src/schemas/program.ts", "src/lib/address.ts"),
        edge("src/schemas/parse.ts", "src/errors.ts"),
        edge("src/lib/views/tables.ts", "src/lib/figures/fees.ts"),
        edge("src/lib/reports/markdown.ts", "unified"),
        edge("src/lib/figures/fees.ts", "src/schemas/snapshot.ts"),
        edge("src/lib/build/dist-links.ts", "src/lib/views/tables.ts"),
        edge("src/pages/index.astro", "src/site/site-data.ts"),
        edge("src/pages/index.astro", "src/config/program.ts"),
        edge("src/site/site-data.ts", "src/config/program.ts"),
        edge("src/chain/provider.ts", "@aptos-labs/ts-sdk"),
      ]),
    ).toEqual([]);
  });

  it("holds for every import in src/, scripts/ and astro.config.mjs", () => {
    expect(layeringViolations(EDGES)).toEqual([]);
  });
});
