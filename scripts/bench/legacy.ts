/**
 * The legacy import benchmark (`npm run bench -- --only legacy`): a synthetic v5 state export of about 50 MB (at
 * scale 1) made from the real epoch-68 export in ../shared/realdata (read in place, never committed), repeated
 * with renamed accounts so every copy adds 61 more donors to the wallet and some balances above 2^53. The import
 * runs in its own process, so its wall time and peak RSS are the importer's alone. Prints figures, asserts nothing.
 */
import { spawn } from "node:child_process";
import { createWriteStream, existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { finished } from "node:stream/promises";
import { formatInteger } from "../../src/lib/money.ts";
import { snapshotsDir } from "../../src/store/snapshot-folder.ts";

const REAL_EXPORT = path.resolve(
  import.meta.dirname,
  "../../../shared/realdata/monthly-reports/report-2022-01-02-epoch-68.json",
);
const WALLET = "19e966bfa4b32ce9b7e23721b37b96d2";

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Writes the synthetic export; returns its size in bytes and the number of accounts. */
async function writeSyntheticExport(file: string, targetBytes: number): Promise<{ bytes: number; copies: number }> {
  const text = await readFile(REAL_EXPORT, "utf8");
  const body = text.trim().replace(/^\[/, "").replace(/\]$/, "");
  const copies = Math.max(1, Math.ceil(targetBytes / body.length));
  const out = createWriteStream(file);
  const write = (chunk: string) =>
    out.write(chunk) ? Promise.resolve() : new Promise<void>((resolve) => out.once("drain", resolve));
  await write("[");
  for (let k = 0; k < copies; k++) {
    let copy = body;
    if (k > 0) {
      // Rename every account of the copy (the wallet too, so it stays unique); receipts still point to the wallet.
      const prefix = `f00d${k.toString(16).padStart(4, "0")}`;
      copy = copy.replace(/"account":"[0-9a-f]{8}/g, `"account":"${prefix}`);
      // Some balances beyond 2^53, as later exports may hold.
      copy = copy.replace(/"coin":\d+\}/, `"coin":${9_007_199_254_740_993n + BigInt(k)}}`);
    }
    await write(k === 0 ? copy : `,${copy}`);
  }
  await write("]\n");
  out.end();
  await finished(out);
  return { bytes: (await stat(file)).size, copies };
}

/** Runs the import in a child process and reports its wall time and peak RSS. */
function runImport(
  file: string,
  content: string,
  heapMb?: number,
): Promise<{ ms: number; maxRssKb: number; stdout: string }> {
  const code = `
    import { importLegacy } from ${JSON.stringify(path.resolve(import.meta.dirname, "../../src/legacy/import-legacy.ts"))};
    const started = performance.now();
    const result = await importLegacy({ files: [${JSON.stringify(file)}], wallet: "0x${WALLET}", snapshotsDir: ${JSON.stringify(snapshotsDir(content))} });
    const ms = performance.now() - started;
    const e = result.data.exports[0];
    console.log(JSON.stringify({ ms, maxRssKb: process.resourceUsage().maxRSS, summary: \`\${result.imports[0].itemsRead} accounts, \${e.donorCount} donors, Σ receipts \${e.receiptsTotal}\` }));
  `;
  return new Promise((resolve, reject) => {
    const heap = heapMb === undefined ? [] : [`--max-old-space-size=${heapMb}`];
    const child = spawn(process.execPath, [...heap, "--input-type=module", "-e", code], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let stdout = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.on("error", reject);
    child.on("exit", (status) => {
      if (status !== 0) return reject(new Error(`the import exited with ${status}`));
      const figures = JSON.parse(stdout) as { ms: number; maxRssKb: number; summary: string };
      resolve({ ms: figures.ms, maxRssKb: figures.maxRssKb, stdout: figures.summary });
    });
  });
}

export async function benchLegacy(options: { scale: number }): Promise<void> {
  console.log("\n== legacy import (npm run import-legacy) ==");
  if (!existsSync(REAL_EXPORT)) {
    console.log(`skipped: the real epoch-68 export is not at ${REAL_EXPORT}.`);
    return;
  }
  const work = await mkdtemp(path.join(tmpdir(), "ledgerlight-bench-legacy-"));
  try {
    const file = path.join(work, "report-2022-01-02-epoch-68.json");
    let started = performance.now();
    const { bytes, copies } = await writeSyntheticExport(file, 50 * 1024 * 1024 * options.scale);
    console.log(
      `synthetic export: ${mb(bytes)} (${copies} renamed copies of the epoch-68 export), written in ${formatInteger(BigInt(Math.round(performance.now() - started)))} ms`,
    );
    for (const heapMb of [undefined, 64]) {
      const content = path.join(work, `content-${heapMb ?? "default"}`);
      await mkdir(snapshotsDir(content), { recursive: true });
      started = performance.now();
      const result = await runImport(file, content, heapMb);
      const total = performance.now() - started;
      const heap = heapMb === undefined ? "default heap" : `heap capped at ${heapMb} MB (shows memory is bounded)`;
      console.log(`import, ${heap}: ${result.stdout}`);
      console.log(
        `  ${formatInteger(BigInt(Math.round(result.ms)))} ms (${(bytes / 1024 / 1024 / (result.ms / 1000)).toFixed(1)} MB/s; process total ${formatInteger(BigInt(Math.round(total)))} ms), peak RSS ${mb(result.maxRssKb * 1024)} (the file is ${mb(bytes)})`,
      );
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
