/**
 * The state import benchmark (`npm run bench -- --only state`): `import-state` on the real v6 export
 * (../shared/realdata/libra-framework/comm_wallets-v6-epoch79.json, 1.5 MB, read in place, never committed) and on a
 * synthetic export of about 200 MB (at scale 1) written to a temp folder: the same 143 real wallets spread among
 * generated ordinary accounts (no community-wallet resource, so the importer reads and skips them), some balances
 * above 2^53. Each run is its own process, so wall time and peak RSS are the importer's alone, and each is printed
 * beside floors measured in the same run on the same bytes: a process that only streams the file (I/O floor), an
 * empty process (Node's own RSS), and for the small file JSON.parse of the whole text (what a non-streaming reader
 * would cost). Ratios, not absolute times, are the figures to compare across machines. Prints, asserts nothing.
 */
import { spawn } from "node:child_process";
import { createWriteStream, existsSync } from "node:fs";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { finished } from "node:stream/promises";
import { formatInteger } from "../../src/lib/money.ts";
import { wholeMs as ms } from "./units.ts";

const REAL_EXPORT = path.resolve(
  import.meta.dirname,
  "../../../shared/realdata/libra-framework/comm_wallets-v6-epoch79.json",
);
const IMPORT_STATE = path.resolve(import.meta.dirname, "../../src/legacy/import-state.ts");

/** A heap far smaller than the synthetic file: the import can only finish if it streams. */
const HEAP_CAP_MB = 64;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

interface Measured {
  ms: number;
  maxRssKb: number;
  note: string;
}

/** Runs `code` (an ES module body that prints `{ ms, note }` as JSON) in a fresh process; adds its peak RSS. */
function measure(code: string, heapMb?: number): Promise<Measured> {
  const wrapped = `${code}\nconsole.log(JSON.stringify({ ...result, maxRssKb: process.resourceUsage().maxRSS }));`;
  return new Promise((resolve, reject) => {
    const heap = heapMb === undefined ? [] : [`--max-old-space-size=${heapMb}`];
    const child = spawn(process.execPath, [...heap, "--input-type=module", "-e", wrapped], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let stdout = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.on("error", reject);
    child.on("exit", (status) => {
      if (status !== 0) return reject(new Error(`a benchmark process exited with ${status}`));
      resolve(JSON.parse(stdout) as Measured);
    });
  });
}

const importRun = (file: string, content: string, dating: string, heapMb?: number) =>
  measure(
    `
    import { importState } from ${JSON.stringify(IMPORT_STATE)};
    const started = performance.now();
    const r = await importState({ files: [${JSON.stringify(file)}], names: [], dir: ${JSON.stringify(path.join(content, "state"))}, dating: ${dating} });
    const e = r.imports[0].export;
    const result = { ms: performance.now() - started, note: e.accountsRead + " accounts, " + e.walletCount + " community wallets" };
  `,
    heapMb,
  );

const streamFloor = (file: string) =>
  measure(`
    import { createReadStream } from "node:fs";
    const started = performance.now();
    let bytes = 0;
    for await (const chunk of createReadStream(${JSON.stringify(file)}, { highWaterMark: 1 << 20 })) bytes += chunk.length;
    const result = { ms: performance.now() - started, note: bytes + " bytes streamed" };
  `);

const parseFloor = (file: string) =>
  measure(`
    import { readFile } from "node:fs/promises";
    const started = performance.now();
    const text = await readFile(${JSON.stringify(file)}, "utf8");
    // The objects as one array, for JSON.parse (numbers lose precision here: a timing floor only).
    const values = JSON.parse("[" + text.replace(/\\}\\s*\\{/g, "},{") + "]");
    const result = { ms: performance.now() - started, note: values.length + " values" };
  `);

const emptyProcess = () => measure("const result = { ms: 0, note: 'nothing' };");
const modulesLoaded = () =>
  measure(
    `import { importState } from ${JSON.stringify(IMPORT_STATE)};\nconst result = { ms: 0, note: typeof importState };`,
  );

/** Writes ~`targetBytes` of libra-framework-shaped export: the real wallets spread among generated accounts. */
async function writeSyntheticExport(file: string, targetBytes: number): Promise<{ bytes: number; accounts: number }> {
  const text = await readFile(REAL_EXPORT, "utf8");
  const wallets = text.split(/\n(?=\{)/).filter((part) => part.trim() !== "");
  const out = createWriteStream(file);
  const write = (chunk: string) =>
    out.write(chunk) ? Promise.resolve() : new Promise<void>((resolve) => out.once("drain", resolve));
  const walletBytes = wallets.reduce((sum, w) => sum + w.length, 0);
  const fillerAccount = (n: number) => {
    const hex = n.toString(16).padStart(32, "0");
    const coin = n % 97 === 0 ? 9_007_199_254_740_993n + BigInt(n) : BigInt(n) * 1_000_003n;
    return `{\n  "account": "00000000000000000000000000000000${hex}",\n  "auth_key": "0x${hex}${hex}",\n  "role": "EndUser",\n  "balance": {\n    "coin": ${coin}\n  },\n  "val_cfg": null,\n  "comm_wallet": null,\n  "ancestry": {\n    "tree": [\n      "00000000000000000000000000000000${hex}"\n    ]\n  },\n  "receipts": {\n    "destination": [\n      "${wallets.length > 0 ? "0000000000000000000000000000000019e966bfa4b32ce9b7e23721b37b96d2" : ""}"\n    ],\n    "cumulative": [\n      ${n}\n    ],\n    "last_payment_timestamp": [\n      1686282676\n    ],\n    "last_payment_value": [\n      ${n}\n    ]\n  },\n  "cumulative_deposits": null,\n  "slow_wallet": {\n    "unlocked": ${n},\n    "transferred": 0\n  },\n  "tx_schedule": null\n}\n`;
  };
  const fillerBytes = fillerAccount(1).length;
  const fillers = Math.max(0, Math.ceil((targetBytes - walletBytes) / fillerBytes));
  const every = Math.max(1, Math.floor(fillers / wallets.length));
  let accounts = 0;
  let next = 0;
  for (let n = 1; n <= fillers; n++) {
    await write(fillerAccount(n));
    accounts++;
    if (n % every === 0 && next < wallets.length) {
      await write(`${(wallets[next++] as string).trim()}\n`);
      accounts++;
    }
  }
  while (next < wallets.length) {
    await write(`${(wallets[next++] as string).trim()}\n`);
    accounts++;
  }
  out.end();
  await finished(out);
  return { bytes: (await stat(file)).size, accounts };
}

function line(label: string, run: Measured, floor: Measured, base: Measured): string {
  const ratio = floor.ms > 0 ? ` = ${(run.ms / floor.ms).toFixed(1)}× the stream floor` : "";
  return `  ${label}: ${ms(run.ms)}${ratio}; peak RSS ${mb(run.maxRssKb * 1024)} (${mb((run.maxRssKb - base.maxRssKb) * 1024)} above ${base.note}) — ${run.note}`;
}

export async function benchState(options: { scale: number }): Promise<void> {
  console.log("\n== state import (npm run import-state) ==");
  if (!existsSync(REAL_EXPORT)) {
    console.log(`skipped: the real v6 export is not at ${REAL_EXPORT}.`);
    return;
  }
  const work = await mkdtemp(path.join(tmpdir(), "ledgerlight-bench-state-"));
  try {
    const dating = `{ epoch: "79", date: "2024-03-13", ledgerVersion: "33217173" }`;
    const empty = await emptyProcess();
    const loaded = await modulesLoaded();
    const base = { ...loaded, note: "the importer's modules loaded" };
    console.log(
      `empty Node process: peak RSS ${mb(empty.maxRssKb * 1024)}; with the importer's modules loaded: ${mb(loaded.maxRssKb * 1024)}`,
    );

    const realBytes = (await stat(REAL_EXPORT)).size;
    const realStream = await streamFloor(REAL_EXPORT);
    const realParse = await parseFloor(REAL_EXPORT);
    const realImport = await importRun(REAL_EXPORT, path.join(work, "content-real"), dating);
    console.log(`real export ${path.basename(REAL_EXPORT)} (${mb(realBytes)}):`);
    console.log(line("stream floor (read the bytes)", realStream, realStream, { ...empty, note: "an empty process" }));
    console.log(
      line("JSON.parse floor (whole text, not lossless)", realParse, realStream, {
        ...empty,
        note: "an empty process",
      }),
    );
    console.log(line("import-state", realImport, realStream, base));
    console.log(`  import-state / JSON.parse: ${(realImport.ms / realParse.ms).toFixed(1)}×`);

    const file = path.join(work, "comm_wallets-v6-epoch79.json");
    const started = performance.now();
    const { bytes, accounts } = await writeSyntheticExport(file, 200 * 1024 * 1024 * options.scale);
    console.log(
      `synthetic export (${mb(bytes)}, ${formatInteger(BigInt(accounts))} accounts: the 143 real wallets among generated ones; written in ${ms(performance.now() - started)}):`,
    );
    const bigStream = await streamFloor(file);
    const bigImport = await importRun(file, path.join(work, "content-synthetic"), dating);
    console.log(line("stream floor (read the bytes)", bigStream, bigStream, { ...empty, note: "an empty process" }));
    console.log(line("import-state", bigImport, bigStream, base));
    const capped = await importRun(file, path.join(work, "content-capped"), dating, HEAP_CAP_MB);
    console.log(
      line(`import-state, heap capped at ${HEAP_CAP_MB} MB (it completes: memory is bounded)`, capped, bigStream, base),
    );
    console.log(
      `  throughput ${(bytes / 1024 / 1024 / (bigImport.ms / 1000)).toFixed(1)} MB/s; file ${(bytes / realBytes).toFixed(0)}× larger, peak RSS ${(bigImport.maxRssKb / realImport.maxRssKb).toFixed(2)}× (flat means streaming)`,
    );
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
