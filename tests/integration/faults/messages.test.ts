import { cp, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectFailedRun } from "../../support/faults/expect-outcome.ts";
import { type FaultWorld, startFaultWorld } from "../../support/faults/fault-world.ts";
import { folderState } from "../../support/faults/folder-state.ts";
import { type ProxyRule, rewriteJson } from "../../support/faults/hostile-proxy.ts";
import { runCommand } from "../../support/faults/run-command.ts";
import { repoRoot } from "../../support/site/build-site.ts";

/**
 * Every CLI failure a user can cause says what happened, why and what to do, ends with whether anything was
 * written, and exits with the code of the one table (src/errors.ts): bad arguments 2, bad input 3, the node 4,
 * refused 5, the machine 6. Each case runs the real command (through the hostile proxy in front of the fake node
 * where it reads the chain) against its own content folder and checks that folder byte for byte afterwards, with
 * no stack trace and no internal staging path in the output (expectFailedRun).
 */

let world: FaultWorld;
/** A content folder with a committed SIP snapshot, shared by the cases that must leave it as it is. */
let content: string;
/** A content folder whose committed snapshot was edited by hand (meta.json no longer matches the manifest). */
let tampered: string;
/** A content folder whose program.yaml is not YAML (an unclosed bracket on line 2). */
let badYaml: string;
/** A content folder whose program.yaml names a wallet that is not a hex address. */
let badWallet: string;
/** A content folder whose program.yaml lists an ftp:// node. */
let ftpNode: string;
/** A regular file, given where a folder is expected. */
let aFile: string;
/** A folder that does not exist. */
let missing: string;
/** A content folder with program.yaml and no snapshot. */
let noSnapshot: string;
/** A built site (one page) whose only link leads nowhere. */
let brokenSite: string;
/** A port nothing listens on. */
let deadNode: string;
/** A port the fault world's fake node already listens on. */
let busyPort: string;

const closingFor = {
  snapshot: /Nothing was written; the committed snapshot is unchanged\.\n$/,
  publish: /Nothing was written; the committed snapshot and the site are unchanged\.\n$/,
  // The site is built in a staging folder and swapped in only when complete (src/store/dist-folder.ts).
  build: /Nothing was written; the previous build is unchanged\.\n$/,
  reads: /Nothing was written \(this command only reads\)\.\n$/,
  usage: /Nothing was written\.\n$/,
  init: /Nothing was written; the content folder is unchanged\.\n$/,
  report: /Nothing was written; the reports folder is unchanged\.\n$/,
};

async function editProgram(folder: string, edit: (yaml: string) => string): Promise<void> {
  const file = path.join(folder, "program.yaml");
  await writeFile(file, edit(await readFile(file, "utf8")));
}

beforeAll(async () => {
  world = await startFaultWorld();
  content = await world.makeContent();
  tampered = await world.makeContent();
  const meta = path.join(world.snapshotDir(tampered), "meta.json");
  await writeFile(meta, (await readFile(meta, "utf8")).replace(/"epoch": "(\d+)"/, '"epoch": "9$1"'));
  badYaml = path.join(world.work, "bad-yaml");
  await cp(content, badYaml, { recursive: true });
  await editProgram(badYaml, (yaml) => yaml.replace(/^wallet: .*$/m, "wallet: [unclosed"));
  badWallet = path.join(world.work, "bad-wallet");
  await cp(content, badWallet, { recursive: true });
  await editProgram(badWallet, (yaml) => yaml.replace(/^wallet: .*$/m, 'wallet: "0xnothex"'));
  ftpNode = path.join(world.work, "ftp-node");
  await cp(content, ftpNode, { recursive: true });
  await editProgram(ftpNode, (yaml) => yaml.replace(/nodeUrls:\n(\s+)- \S+/, "nodeUrls:\n$1- ftp://node.example/v1"));
  aFile = path.join(world.work, "a-file");
  await writeFile(aFile, "not a folder\n");
  missing = path.join(world.work, "no-such-folder");
  noSnapshot = path.join(world.work, "no-snapshot");
  await mkdir(noSnapshot);
  await cp(path.join(content, "program.yaml"), path.join(noSnapshot, "program.yaml"));
  brokenSite = path.join(world.work, "broken-site");
  await mkdir(brokenSite);
  await writeFile(path.join(brokenSite, "index.html"), '<!doctype html><title>x</title><a href="/donors/">donors</a>');
  // The proxy's own port once it is closed would race other tests; an unused port of a closed listener does not.
  const { createServer } = await import("node:net");
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  deadNode = `http://127.0.0.1:${port}/v1`;
  busyPort = new URL(world.node.url).port;
  // Sanity: the fixtures are what the cases say they are.
  expect(await readFile(path.join(badYaml, "program.yaml"), "utf8")).toMatch(/^wallet: \[unclosed$/m);
  expect(await readFile(path.join(badWallet, "program.yaml"), "utf8")).toMatch(/^wallet: "0xnothex"$/m);
  expect(await readFile(path.join(ftpNode, "program.yaml"), "utf8")).toMatch(/- ftp:\/\/node\.example\/v1/);
}, 60_000);

afterAll(async () => {
  await world?.close();
});

interface MessageCase {
  /** What goes wrong, as the case's name. */
  name: string;
  script: string;
  /** Arguments; a function when they name the world's folders. */
  args: () => string[];
  code: "usage" | "badInput" | "node" | "refused" | "local";
  /** What happened (and why); a function when it names the world's folders. */
  what: RegExp | (() => RegExp);
  /** What to do. */
  todo: RegExp;
  closing: RegExp;
  /** The folder that must be byte-identical afterwards (default: the shared content folder). */
  watch?: () => string;
  /**
   * The run must have ended within this (default 30 s): start-up on a loaded shared machine takes seconds, so the
   * bound proves a run stopped at its failure (or its 2 s deadline), not that start-up is fast.
   */
  withinMs?: number;
  /** A hostile answer the proxy gives during this case only. */
  proxyRule?: () => ProxyRule;
}

const snapshotArgs = (folder: string, ...more: string[]) => [
  "--config",
  path.join(folder, "program.yaml"),
  "--out",
  path.join(folder, "snapshots"),
  "--node",
  world.proxy.url,
  "--quiet",
  ...more,
];

const ADVICE = /\nWhat to do: \S.+\n/;

const cases: MessageCase[] = [
  // snapshot
  {
    name: "snapshot: an unknown option",
    script: "snapshot.ts",
    args: () => [...snapshotArgs(content), "--ledger-versoin", "5"],
    code: "usage",
    what: /snapshot: Unknown option '--ledger-versoin'/,
    todo: ADVICE,
    closing: closingFor.usage,
  },
  {
    name: "snapshot: --address xyz is not an address",
    script: "snapshot.ts",
    args: () => [...snapshotArgs(content), "--address", "xyz"],
    code: "usage",
    what: /address: expected an account address \(hex, optionally 0x-prefixed\) \(found "xyz"\)/,
    todo: ADVICE,
    closing: closingFor.usage,
  },
  {
    name: "snapshot: --node is not an http(s) URL",
    script: "snapshot.ts",
    args: () => [...snapshotArgs(content), "--node", "ftp://node.example/v1"],
    code: "usage",
    what: /node: expected the node's http\(s\) REST URL.*\(found "ftp:\/\/node\.example\/v1"\)/,
    todo: ADVICE,
    closing: closingFor.usage,
  },
  {
    name: "snapshot: --ledger-version 12x is not a number",
    script: "snapshot.ts",
    args: () => [...snapshotArgs(content), "--ledger-version", "12x"],
    code: "usage",
    what: /ledger-version: .*\(found "12x"\)/,
    todo: ADVICE,
    closing: closingFor.usage,
  },
  {
    name: "snapshot: the content folder does not exist",
    script: "snapshot.ts",
    args: () => snapshotArgs(missing),
    code: "badInput",
    what: /no-such-folder\/program\.yaml does not exist, so there is no program to read\./,
    todo: /What to do: name the content folder that holds program\.yaml .*npm run init/,
    closing: closingFor.snapshot,
  },
  {
    name: "snapshot: program.yaml is not YAML (line and column named)",
    script: "snapshot.ts",
    args: () => snapshotArgs(badYaml),
    code: "badInput",
    what: /bad-yaml\/program\.yaml is not valid YAML: .* at line \d+, column \d+/,
    todo: /What to do: fix .*bad-yaml\/program\.yaml at line \d+, column \d+/,
    closing: closingFor.snapshot,
    watch: () => badYaml,
  },
  {
    name: "snapshot: the wallet in program.yaml is not hex",
    script: "snapshot.ts",
    args: () => snapshotArgs(badWallet),
    code: "badInput",
    what: /bad-wallet\/program\.yaml is not valid:\n {2}- wallet: expected an account address .*\(found "0xnothex"\)/,
    todo: ADVICE,
    closing: closingFor.snapshot,
    watch: () => badWallet,
  },
  {
    name: "snapshot: program.yaml lists an ftp:// node",
    script: "snapshot.ts",
    args: () => ["--config", path.join(ftpNode, "program.yaml"), "--out", path.join(ftpNode, "snapshots")],
    code: "badInput",
    what: /network\.nodeUrls\[0\]: expected an http\(s\) URL of a node's REST API \(found "ftp:\/\/node\.example\/v1"\)/,
    todo: ADVICE,
    closing: closingFor.snapshot,
    watch: () => ftpNode,
  },
  {
    name: "snapshot: the node is unreachable",
    script: "snapshot.ts",
    args: () => [...snapshotArgs(content), "--node", deadNode, "--deadline-s", "2", "--timeout-ms", "200"],
    code: "node",
    what: /GET http:\/\/127\.0\.0\.1:\d+\/v1 failed after \d+ attempts?; the last one got a network error/,
    todo: /What to do: check the node URL .* try again later or another node\./,
    closing: closingFor.snapshot,
    withinMs: 30_000,
  },
  {
    name: "snapshot: the committed snapshot was edited by hand",
    script: "snapshot.ts",
    args: () => snapshotArgs(tampered),
    code: "badInput",
    what: /meta\.json does not match the sha256 in manifest\.json; the file was changed after it was written\./,
    todo: /What to do: .*git checkout/,
    closing: closingFor.snapshot,
    watch: () => tampered,
  },
  {
    name: "snapshot: --out is a file, not a folder",
    script: "snapshot.ts",
    args: () => [...snapshotArgs(content), "--out", aFile],
    code: "badInput",
    what: /a-file.* is not a folder .*\(ENOTDIR/,
    todo: ADVICE,
    closing: closingFor.snapshot,
  },
  {
    name: "snapshot: --out where nothing may be written (/sys)",
    script: "snapshot.ts",
    args: () => [...snapshotArgs(content), "--out", "/sys/ledgerlight-fault-test"],
    code: "local",
    // The lock file in the folder's parent is the first thing written (src/store/content-lock.ts).
    what: /Could not (write|use) \/sys\/(ledgerlight-fault-test|\.ledgerlight\.lock).*: .*\((EPERM|EACCES|EROFS)\)\./,
    todo: /(choose a folder you can write|check who owns the folder|run where the content folder is writable)/,
    closing: closingFor.snapshot,
  },
  // publish
  {
    name: "publish: the content folder does not exist",
    script: "publish.ts",
    args: () => ["--content", missing, "--out", path.join(world.work, "dist"), "--node", world.proxy.url],
    code: "badInput",
    what: /The content folder .*no-such-folder does not exist\./,
    todo: /What to do: name the content folder/,
    closing: closingFor.publish,
  },
  {
    name: "publish: --node is not an http(s) URL",
    script: "publish.ts",
    args: () => ["--content", content, "--node", "file:///etc/passwd"],
    code: "usage",
    what: /node: expected the node's http\(s\) REST URL/,
    todo: ADVICE,
    closing: closingFor.usage,
  },
  {
    name: "publish: the committed snapshot was edited by hand (named in the content folder, not its staging copy)",
    script: "publish.ts",
    args: () => ["--content", tampered, "--out", path.join(world.work, "dist"), "--node", world.proxy.url],
    code: "badInput",
    // The user's folder, where they can fix it: not `.ledgerlight-publish-<pid>/content/…`.
    what: () =>
      new RegExp(
        `(^|\\n)${escapeRegExp(path.join(world.snapshotDir(tampered), "meta.json"))} does not match the sha256`,
      ),
    todo: /What to do: .*git checkout/,
    closing: closingFor.publish,
    watch: () => tampered,
  },
  {
    name: "publish --dry-run: the disk is full when the summary file is written (/dev/full)",
    script: "publish.ts",
    args: () => [
      "--content",
      content,
      "--out",
      path.join(world.work, "dist-dry-run"),
      "--node",
      world.proxy.url,
      "--dry-run",
      "--summary-file",
      "/dev/full",
    ],
    code: "local",
    what: /Could not write \/dev\/full: the disk is full; free some space and run again \(ENOSPC\)\./,
    todo: /free some space and run again/,
    closing: /Nothing was written \(dry run\); \/dev\/full was not written either\.\n$/,
    withinMs: 90_000,
  },
  // build
  {
    name: "build: program.yaml is not YAML",
    script: "build.ts",
    args: () => ["--content", badYaml, "--out", path.join(world.work, "site-bad-yaml")],
    code: "badInput",
    what: /bad-yaml\/program\.yaml is not valid YAML: .* at line \d+, column \d+/,
    todo: /What to do: fix .* at line \d+, column \d+/,
    closing: closingFor.build,
    watch: () => badYaml,
  },
  {
    name: "build: the committed snapshot was edited by hand (Astro's failure is bad input, not a bug)",
    script: "build.ts",
    args: () => ["--content", tampered, "--out", path.join(world.work, "site-tampered")],
    code: "badInput",
    what: /meta\.json does not match the sha256 in manifest\.json/,
    todo: /What to do: .*git checkout/,
    closing: closingFor.build,
    watch: () => tampered,
    withinMs: 90_000,
  },
  {
    name: "build: the wallet has no committed snapshot (bad input and its advice, from inside Astro)",
    script: "build.ts",
    args: () => ["--content", noSnapshot, "--out", path.join(world.work, "site-no-snapshot")],
    code: "badInput",
    what: /No committed snapshot for wallet 0x0*19e966bfa4b32ce9b7e23721b37b96d2: expected /,
    // The site's own advice, carried back from the build process (not the generic one).
    todo: /\nWhat to do: take one first with npm run snapshot \(or npm run publish\), then build\.\n/,
    closing: closingFor.build,
    watch: () => noSnapshot,
    withinMs: 90_000,
  },
  // verify
  {
    name: "verify: --snapshot names a folder that does not exist",
    script: "verify.ts",
    args: () => ["--config", path.join(content, "program.yaml"), "--snapshot", missing, "--node", world.proxy.url],
    code: "badInput",
    what: /no-such-folder has no manifest\.json; it is not a complete snapshot\./,
    todo: ADVICE,
    closing: closingFor.reads,
  },
  {
    name: "verify: the node is unreachable",
    script: "verify.ts",
    args: () => [
      "--config",
      path.join(content, "program.yaml"),
      "--snapshot",
      world.snapshotDir(content),
      "--node",
      deadNode,
      "--quiet",
      "--deadline-s",
      "2",
      "--timeout-ms",
      "200",
    ],
    code: "node",
    what: /failed after \d+ attempts?; the last one got a network error/,
    todo: /What to do: check the node URL/,
    closing: closingFor.reads,
    withinMs: 30_000,
  },
  {
    name: "verify: the node contradicts itself (its CoinStore one unit off its balance view), refused",
    script: "verify.ts",
    args: () => [
      "--config",
      path.join(content, "program.yaml"),
      "--snapshot",
      world.snapshotDir(content),
      "--node",
      world.proxy.url,
      "--quiet",
    ],
    proxyRule: () =>
      rewriteJson(/\/accounts\/[^/]*19e966bfa4b32ce9b7e23721b37b96d2\/resources/, (answer) => {
        // The wallet's CoinStore one base unit richer than the chain recorded.
        for (const resource of answer as Array<{ type: string; data: { coin?: { value: string } } }>) {
          if (resource.type.includes("::coin::CoinStore<") && resource.data.coin) {
            resource.data.coin.value = (BigInt(resource.data.coin.value) + 1n).toString();
          }
        }
        return answer;
      }),
    code: "refused",
    what: /At version \d+ the balance view says \d+ but the CoinStore holds \d+ base units\. The node is inconsistent; try another node\./,
    todo: /What to do: nothing needs undoing/,
    closing: closingFor.reads,
  },
  {
    name: "verify: the committed snapshot was edited by hand",
    script: "verify.ts",
    args: () => [
      "--config",
      path.join(content, "program.yaml"),
      "--snapshot",
      world.snapshotDir(tampered),
      "--node",
      world.proxy.url,
      "--quiet",
    ],
    code: "badInput",
    what: /meta\.json does not match the sha256 in manifest\.json/,
    todo: /What to do: .*git checkout/,
    closing: closingFor.reads,
    watch: () => tampered,
  },
  // diff, check-fees, check-links
  {
    name: "diff: only one snapshot given",
    script: "diff.ts",
    args: () => [world.snapshotDir(content)],
    code: "usage",
    what: /to: give two snapshots: npm run diff -- A B/,
    todo: ADVICE,
    closing: closingFor.reads,
  },
  {
    name: "diff: --address xyz is not an address",
    script: "diff.ts",
    args: () => ["HEAD~1", "HEAD", "--address", "xyz"],
    code: "usage",
    what: /address: expected an account address .*\(found "xyz"\)/,
    todo: ADVICE,
    closing: closingFor.reads,
  },
  {
    name: "check-fees: program.yaml is not YAML",
    script: "check-fees.ts",
    args: () => ["--content", badYaml],
    code: "badInput",
    what: /bad-yaml\/program\.yaml is not valid YAML: .* at line \d+, column \d+/,
    todo: /What to do: fix /,
    closing: closingFor.reads,
    watch: () => badYaml,
  },
  {
    name: "check-fees: the committed snapshot was edited by hand",
    script: "check-fees.ts",
    args: () => ["--content", tampered],
    code: "badInput",
    what: /meta\.json does not match the sha256 in manifest\.json/,
    todo: /What to do: .*git checkout/,
    closing: closingFor.reads,
    watch: () => tampered,
  },
  {
    name: "check-links: --dist is not a built site",
    script: "check-links.ts",
    args: () => ["--dist", missing],
    code: "badInput",
    what: /check-links: .*no-such-folder is not a folder, so there is no built site to check\./,
    todo: /What to do: run npm run build first/,
    closing: closingFor.reads,
  },
  {
    name: "check-fees: the wallet has no committed snapshot",
    script: "check-fees.ts",
    args: () => ["--content", noSnapshot],
    code: "badInput",
    what: /No committed snapshot for wallet 0x0*19e966bfa4b32ce9b7e23721b37b96d2: expected .*no-snapshot\/snapshots\//,
    todo: /What to do: take one first: npm run snapshot -- --config .*no-snapshot\/program\.yaml --out /,
    closing: closingFor.reads,
    watch: () => noSnapshot,
  },
  {
    name: "check-links: a page links to a file the build lacks (a check failed)",
    script: "check-links.ts",
    args: () => ["--dist", brokenSite],
    code: "refused",
    what: /1 broken link\(s\) in .*broken-site:\n {2}- index\.html links to \/donors\/ \(no donors\/index\.html\)/,
    todo: /What to do: fix the page or content that writes each link/,
    closing: closingFor.reads,
    watch: () => brokenSite,
  },
  {
    name: "import-legacy: --content where nothing may be written (/sys)",
    script: "import-legacy.ts",
    args: () => [
      path.join(repoRoot, "tests/fixtures/legacy/report-2022-05-01-epoch-190.json"),
      "--config",
      path.join(content, "program.yaml"),
      "--content",
      "/sys/ledgerlight-fault-test",
    ],
    code: "local",
    what: /Could not write \/sys\/ledgerlight-fault-test.*\((EPERM|EACCES|EROFS)\)\./,
    todo: /(choose a folder you can write|check who owns the folder|run where the content folder is writable)/,
    closing: /Nothing was written; the committed legacy history is unchanged\.\n$/,
  },
  {
    name: "snapshot: --config names a folder, not program.yaml",
    script: "snapshot.ts",
    args: () => [...snapshotArgs(content), "--config", content],
    code: "badInput",
    what: /is a folder, not the program's YAML file\./,
    todo: /What to do: pass the program\.yaml file itself/,
    closing: closingFor.snapshot,
  },
  {
    name: "export-schema --check: the committed JSON Schemas are out of date (a check failed)",
    script: "export-schema.ts",
    args: () => ["--check"],
    code: "refused",
    what: /The committed JSON Schemas differ from the zod schemas: public\/schema\/\S+\.json/,
    todo: /What to do: run npm run export-schema and commit the files it writes\./,
    closing: /Nothing was written; public\/schema\/ is unchanged\.\n$/,
    watch: () => world.work,
  },
  // import-legacy, new-report, init
  {
    name: "import-legacy: an unknown option",
    script: "import-legacy.ts",
    args: () => ["--contnet", content, "export.json"],
    code: "usage",
    what: /import-legacy: Unknown option '--contnet'/,
    todo: ADVICE,
    closing: closingFor.usage,
  },
  {
    name: "import-legacy: the export file does not exist",
    script: "import-legacy.ts",
    args: () => [path.join(missing, "export.json"), "--content", content],
    code: "badInput",
    what: /no-such-folder\/export\.json cannot be read \(ENOENT\)/,
    todo: ADVICE,
    closing: /Nothing was written; the committed legacy history is unchanged\.\n$/,
  },
  {
    name: "new-report: the quarter is not a quarter",
    script: "new-report.ts",
    args: () => ["2026-Q9", "--content", content],
    code: "usage",
    what: /quarter: expected a quarter as YYYY-QN, e\.g\. 2026-Q4 \(found "2026-Q9"\)/,
    todo: ADVICE,
    closing: closingFor.usage,
  },
  {
    name: "new-report: the content folder has no reports folder",
    script: "new-report.ts",
    args: () => ["2026-Q4", "--content", missing, "--date", "2026-10-01"],
    code: "badInput",
    // The content folder's lock comes first (src/store/content-lock.ts): a missing folder is named as such.
    what: /The content folder .*no-such-folder does not exist\./,
    todo: /What to do: name the content folder that holds program\.yaml with --content DIR, or create one with npm run init\./,
    closing: closingFor.report,
  },
  {
    name: "init: --address xyz is not an address",
    script: "init.ts",
    args: () => ["--address", "xyz", "--content", path.join(world.work, "init-new")],
    code: "usage",
    what: /address: expected an account address .*\(found "xyz"\)/,
    todo: ADVICE,
    closing: closingFor.usage,
  },
  {
    name: "init: --content is a file, not a folder",
    script: "init.ts",
    args: () => ["--address", "0x1", "--content", aFile],
    code: "badInput",
    what: /a-file\/\w+ is not a folder .*\(ENOTDIR on mkdir\)/,
    todo: ADVICE,
    closing: closingFor.init,
  },
  {
    name: "init: --content where nothing may be written (/sys)",
    script: "init.ts",
    args: () => ["--address", "0x1", "--content", "/sys/ledgerlight-fault-test"],
    code: "local",
    what: /Could not write \/sys\/ledgerlight-fault-test.*\((EPERM|EACCES|EROFS)\)\./,
    todo: /(choose a folder you can write|check who owns the folder|run where the content folder is writable)/,
    closing: closingFor.init,
  },
  {
    name: "init: program.yaml already exists",
    script: "init.ts",
    args: () => ["--address", "0x1", "--content", content],
    code: "refused",
    what: /init: .*program\.yaml already exists\./,
    todo: /Pass --content DIR for a new folder, or --force to replace it/,
    closing: closingFor.init,
  },
  // the tools
  {
    name: "export-schema: an unknown option",
    script: "export-schema.ts",
    args: () => ["--chek"],
    code: "usage",
    what: /export-schema: Unknown option '--chek'/,
    todo: ADVICE,
    closing: closingFor.usage,
  },
  {
    name: "demo-snapshot: an unknown option",
    script: "demo-snapshot.ts",
    args: () => ["--output", content],
    code: "usage",
    what: /demo-snapshot: Unknown option '--output'/,
    todo: ADVICE,
    closing: closingFor.usage,
  },
  {
    name: "fake-node: --port is not a number",
    script: "fake-node.ts",
    args: () => ["--port", "abc"],
    code: "usage",
    what: /port: --port must be a non-negative whole number \(found "abc"\)/,
    todo: ADVICE,
    closing: closingFor.reads,
  },
  {
    name: "fake-node: the scenario is not JSON",
    script: "fake-node.ts",
    args: () => ["--scenario", path.join(badYaml, "program.yaml"), "--port", "0"],
    code: "badInput",
    what: /bad-yaml\/program\.yaml: not valid JSON/,
    todo: ADVICE,
    closing: closingFor.reads,
  },
  {
    name: "fake-node: --port is taken by another process",
    script: "fake-node.ts",
    args: () => ["--scenario", path.join(repoRoot, "tests/fixtures/scenarios/sip-small.json"), "--port", busyPort],
    code: "usage",
    what: /fake-node: cannot listen on 127\.0\.0\.1:\d+ \(EADDRINUSE\)\./,
    todo: /What to do: pass another --port \(0 picks a free one\)/,
    closing: closingFor.reads,
  },
  {
    name: "bench: --only names no benchmark",
    script: "bench/main.ts",
    args: () => ["--only", "everything"],
    code: "usage",
    what: /only: .*expected one of "snapshot"\|"site"\|"legacy"\|"state"\|"verify" \(found "everything"\)/,
    todo: ADVICE,
    closing: closingFor.reads,
  },
];

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

describe("every CLI failure says what, why and what to do, and exits with the table's code", () => {
  it.each(cases)(
    "$name",
    async (failure) => {
      const watched = failure.watch?.() ?? content;
      const before = await folderState(watched);
      const removeRule = failure.proxyRule ? world.proxy.use(failure.proxyRule()) : undefined;
      let result: Awaited<ReturnType<typeof runCommand>>;
      try {
        result = await runCommand(failure.script, failure.args(), { cwd: world.work });
      } finally {
        removeRule?.();
      }
      const after = await folderState(watched);
      expectFailedRun(result, {
        code: failure.code,
        message: typeof failure.what === "function" ? failure.what() : failure.what,
        closing: failure.closing,
        before,
        after,
        withinMs: failure.withinMs ?? 30_000,
      });
      expect(result.stderr).toMatch(failure.todo);
      // Only a bug prints "Unexpected failure"; none of these is one.
      expect(result.stderr).not.toMatch(/Unexpected failure/);
    },
    120_000,
  );

  it("has at least 15 cases, and covers every code of the table but 1 (a bug) and 7 (verify only)", () => {
    expect(cases.length).toBeGreaterThanOrEqual(15);
    expect(new Set(cases.map((c) => c.code))).toEqual(new Set(["usage", "badInput", "node", "refused", "local"]));
  });

  it("the scratch folders are not inside the repository (a default path would write there)", () => {
    expect(path.relative(repoRoot, world.work).startsWith("..")).toBe(true);
  });
});
