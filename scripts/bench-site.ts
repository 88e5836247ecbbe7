/**
 * Site benchmark (run by `npm run bench -- --only site`): builds the site from a generated snapshot (10,000
 * transfers, 100,000 donations and 2,000 donors at scale 1) and prints wall time, peak RSS, ms per page, and
 * page weight per page type (HTML, CSS and JS, gzipped). Figures only; nothing is asserted.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { createChainReader } from "../src/chain/reader.ts";
import { formatInteger } from "../src/lib/money.ts";
import { runSnapshot } from "../src/snapshot/run-snapshot.ts";
import { generateScenario } from "../tests/support/fake-node/generator.ts";
import { startFakeNode } from "../tests/support/fake-node/server.ts";
import { simulate } from "../tests/support/fake-node/simulator.ts";

const run = promisify(execFile);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;

async function listFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(root, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(path.relative(root, path.join(entry.parentPath, entry.name)));
  }
  return out.sort();
}

/** Page type from its path: the first path segment, with detail pages (`transfers/12/`) named apart. */
function pageType(file: string): string {
  const parts = file.split("/");
  if (parts.length === 1) return file === "index.html" ? "home" : file;
  if (parts.length === 2) return parts[0] ?? file;
  return `${parts[0]}/<detail>`;
}

export async function benchSite(scale: number): Promise<void> {
  const root = path.resolve(import.meta.dirname, "..");
  const work = await mkdtemp(path.join(tmpdir(), "ledgerlight-bench-site-"));
  try {
    const scenario = generateScenario({
      seed: 20261124,
      donations: Math.round(100_000 * scale),
      transfers: Math.round(10_000 * scale),
      donors: Math.max(10, Math.round(2_000 * scale)),
    });
    const node = await startFakeNode({ chain: simulate(scenario) });
    const content = path.join(work, "content");
    try {
      await runSnapshot({
        reader: createChainReader({ nodeUrl: node.url }),
        wallet: scenario.wallet.address,
        outDir: path.join(content, "snapshots"),
        simulated: true,
        concurrency: 32,
      });
    } finally {
      await node.close();
    }
    const program = await readFile(path.join(root, "content/program.yaml"), "utf8");
    const wallet = scenario.wallet.address.replace(/^0x/, "");
    await writeFile(
      path.join(content, "program.yaml"),
      program
        .replace(/^wallet: .*$/m, `wallet: "0x${wallet}"`)
        .replace(/^teams:[\s\S]*?(?=^stewards:)/m, "teams: []\n"),
      "utf8",
    );
    const outDir = path.join(work, "dist");
    const astro = path.join(root, "node_modules/astro/bin/astro.mjs");
    const timed = existsSync("/usr/bin/time");
    const args = ["build", "--outDir", outDir, "--silent"];
    const started = performance.now();
    const { stderr } = await run(
      timed ? "/usr/bin/time" : process.execPath,
      timed ? ["-v", process.execPath, astro, ...args] : [astro, ...args],
      { cwd: root, env: { ...process.env, LEDGERLIGHT_CONTENT_DIR: content, TZ: "UTC" }, maxBuffer: 1 << 26 },
    );
    const wall = performance.now() - started;
    const rssKb = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1];
    const files = await listFiles(outDir);
    const pages = files.filter((file) => file.endsWith(".html"));
    console.log(`site build: ${formatInteger(BigInt(pages.length))} pages in ${Math.round(wall)} ms`);
    console.log(
      `  ${(wall / pages.length).toFixed(2)} ms per page (target ≤ 1.5), peak RSS ${rssKb ? `${Math.round(Number(rssKb) / 1024)} MB` : "n/a (no /usr/bin/time)"} (target ≤ 1,024 MB)`,
    );
    const byType = new Map<string, { count: number; html: number; total: number; js: number }>();
    for (const page of pages) {
      const html = await readFile(path.join(outDir, page), "utf8");
      const assets = [...html.matchAll(/(?:href|src)="(\/_astro\/[^"]+\.(?:css|js))"/g)].map((m) => m[1] ?? "");
      let js = 0;
      let total = gzipSync(html).length;
      for (const asset of new Set(assets)) {
        const size = gzipSync(await readFile(path.join(outDir, asset))).length;
        total += size;
        if (asset.endsWith(".js")) js += size;
      }
      const type = pageType(page);
      const entry = byType.get(type) ?? { count: 0, html: 0, total: 0, js: 0 };
      entry.count++;
      entry.html = Math.max(entry.html, gzipSync(html).length);
      entry.total = Math.max(entry.total, total);
      entry.js = Math.max(entry.js, js);
      byType.set(type, entry);
    }
    console.log(
      "  page weight by type (largest page, gzipped; targets: every page ≤ 120 kB, JS 0 kB off chart pages):",
    );
    for (const [type, entry] of [...byType].sort()) {
      console.log(
        `    ${type.padEnd(24)} ${String(entry.count).padStart(6)} pages  HTML ${kb(entry.html).padStart(9)}  JS ${kb(entry.js).padStart(8)}  total ${kb(entry.total).padStart(9)}`,
      );
    }
    const distSize = (await Promise.all(files.map((file) => stat(path.join(outDir, file))))).reduce(
      (sum, s) => sum + s.size,
      0,
    );
    console.log(`  dist: ${formatInteger(BigInt(files.length))} files, ${Math.round(distSize / 1024 / 1024)} MB`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
