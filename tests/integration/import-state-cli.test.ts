import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT_CODES } from "../../src/errors.ts";
import { readStateFolder, stateDir } from "../../src/store/state-folder.ts";
import { runScript } from "../support/run-script.ts";

/**
 * `npm run import-state` as a user runs it, on small files of both shapes written here: what it prints and writes,
 * that a re-import gives the same bytes, and that every refusal exits with the code of the table in src/errors.ts
 * and leaves the folder exactly as it was.
 */

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), "ledgerlight-import-state-"));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

function importState(args: string[]) {
  return runScript("scripts/import-state.ts", args);
}

async function write(name: string, text: string): Promise<string> {
  const file = path.join(work, name);
  await writeFile(file, text);
  return file;
}

/** Every file of the folder (wallets/ included) with its bytes, to prove nothing changed. */
async function folderBytes(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile())) {
    const file = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, file)] = await readFile(file, "utf8");
  }
  return out;
}

const hex = (pair: string) => `${"0".repeat(32)}${pair.repeat(16)}`;
const WALLET = hex("a1");
const OTHER = hex("c3");
const BIG = "9007199254740993"; // 2^53 + 1

const v6 = (coin: string) =>
  `{\n  "account": "${WALLET}",\n  "balance": { "coin": ${coin} },\n  "comm_wallet": { "list": [] },\n  "cumulative_deposits": { "value": ${BIG}, "index": 1, "depositors": ["${OTHER}"] },\n  "receipts": null,\n  "tx_schedule": null\n}\n{\n  "account": "${OTHER}",\n  "balance": { "coin": 1 },\n  "comm_wallet": null\n}\n`;
const v5 = JSON.stringify([
  { account: "a1".repeat(16), balance: { coin: 5 } },
  { account: "0".repeat(32), comm_wallet: { list: ["a1".repeat(16)] } },
]);

describe("npm run import-state", () => {
  let content: string;
  beforeAll(async () => {
    content = path.join(work, "content");
  });

  it("imports both shapes into content/state/ and says what it read", async () => {
    const v6File = await write("comm_wallets-v6-epoch79.json", v6(BIG));
    const first = await importState([
      "--content",
      content,
      v6File,
      "--date",
      "2024-03-13",
      "--ledger-version",
      "33217173",
      "--dating-note",
      "from SOURCES.md",
    ]);
    expect(first.code, first.stderr).toBe(EXIT_CODES.ok);
    expect(first.stdout).toContain(
      "export v6-epoch-79, 2024-03-13, 2 accounts, 1 community wallets holding 9,007,199,254.740993 LIBRA (9007199254740993 base units).",
    );
    expect(first.stdout).toContain(
      "dating: epoch from the file name; date, ledger version given to the importer (from SOURCES.md).",
    );
    const v5File = await write("report-2022-01-02-epoch-68.json", v5);
    const second = await importState(["--content", content, v5File]);
    expect(second.code, second.stderr).toBe(EXIT_CODES.ok);
    expect(second.stdout).toContain(`Wrote ${stateDir(content)}: 2 exports, 1 wallets, 0 names.`);
    const data = await readStateFolder(stateDir(content));
    expect(data?.exports.map((e) => [e.id, e.unit, e.format])).toEqual([
      ["v5-epoch-68", "GAS", "json-array"],
      ["v6-epoch-79", "LIBRA", "concatenated-objects"],
    ]);
    expect(data?.wallets[0]?.states.map((s) => s.balance)).toEqual(["5", BIG]);
  }, 60_000);

  it("gives the same bytes when the same files are imported again", async () => {
    const before = await folderBytes(stateDir(content));
    const again = await importState(["--content", content, path.join(work, "report-2022-01-02-epoch-68.json")]);
    expect(again.code, again.stderr).toBe(EXIT_CODES.ok);
    expect(again.stdout).toContain("already holds exactly this; nothing changed.");
    expect(await folderBytes(stateDir(content))).toEqual(before);
  });

  it("refuses bad input, disagreeing sources and bad command lines, with nothing written", async () => {
    const before = await folderBytes(stateDir(content));
    const truncated = await write("cut-epoch-80.json", v6(BIG).slice(0, 60));
    const disagreeing = await write("copy-epoch79.json", v6("12"));
    const cases: Array<[string[], number, RegExp]> = [
      [[truncated, "--date", "2024-03-20"], EXIT_CODES.badInput, /cut-epoch-80\.json is not complete JSON/],
      [
        [await write("summary-epoch-1.json", '{"snapshots":[]}'), "--date", "2024-01-01"],
        EXIT_CODES.badInput,
        /is not a state export/,
      ],
      [[await write("undated.json", v6(BIG))], EXIT_CODES.badInput, /does not state its epoch/],
      [
        [disagreeing, "--date", "2024-03-13"],
        EXIT_CODES.refused,
        /Export v6-epoch-79: copy-epoch79\.json .* disagrees with comm_wallets-v6-epoch79\.json/,
      ],
      [[truncated, disagreeing, "--date", "2024-03-13"], EXIT_CODES.usage, /describe one file/],
      [["--bogus"], EXIT_CODES.usage, /import-state: .*bogus/],
      [[], EXIT_CODES.usage, /give at least one export FILE or --names FILE/],
    ];
    for (const [args, code, message] of cases) {
      const result = await importState(["--content", content, ...args]);
      expect(result.code, `${args.join(" ")}: ${result.stderr}`).toBe(code);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).toMatch(/Nothing was written/);
    }
    expect(await folderBytes(stateDir(content))).toEqual(before);
  }, 120_000); // seven runs of the CLI, one after another

  it("refuses a committed folder that was edited after the import", async () => {
    const file = path.join(stateDir(content), "exports.json");
    const text = await readFile(file, "utf8");
    await writeFile(file, text.replace('"walletCount": 1', '"walletCount": 2'));
    const result = await importState(["--content", content, path.join(work, "report-2022-01-02-epoch-68.json")]);
    expect(result.code).toBe(EXIT_CODES.refused);
    expect(result.stderr).toMatch(/exports\.json does not match the sha256 in manifest\.json/);
    await writeFile(file, text);
  });
});
