import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SnapshotRefusedError, ValidationError } from "../../../src/errors.ts";
import { sha256Hex } from "../../../src/lib/sha256.ts";
import type { StateExport } from "../../../src/schemas/state-history.ts";
import {
  buildStateFiles,
  readStateFolder,
  replaceStateFolder,
  type StateRecords,
} from "../../../src/store/state-folder.ts";

const WALLET = `0x${"0".repeat(32)}${"a1".repeat(16)}`;
const EXPORT: StateExport = {
  id: "v6-epoch-79",
  era: "v6",
  unit: "LIBRA",
  epoch: "79",
  ledgerVersion: "33217173",
  date: "2024-03-13",
  file: "comm_wallets-v6-epoch79.json",
  sha256: "0".repeat(64),
  format: "concatenated-objects",
  accountsRead: 1,
  walletCount: 1,
  dating: "given.",
};
const RECORDS: StateRecords = {
  exports: [EXPORT],
  wallets: [
    {
      address: WALLET,
      states: [
        {
          export: EXPORT.id,
          record: 0,
          balance: "18446744073709551615",
          cumulativeDeposits: null,
          donorReceipts: null,
          payments: [],
          schedule: null,
        },
      ],
    },
  ],
  names: [],
};

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), "ledgerlight-state-folder-"));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe("the state folder", () => {
  it("is absent (null) until written, then reads back what was written", async () => {
    const dir = path.join(work, "ok", "state");
    expect(await readStateFolder(dir)).toBeNull();
    await replaceStateFolder(dir, buildStateFiles(RECORDS));
    const data = await readStateFolder(dir);
    expect({ exports: data?.exports, wallets: data?.wallets, names: data?.names }).toEqual(RECORDS);
    expect(Object.keys(data?.manifest.files ?? {})).toEqual(["exports.json", "names.json", `wallets/${WALLET}.json`]);
  });

  it("refuses a file the manifest does not list, and a changed file", async () => {
    const dir = path.join(work, "extra", "state");
    await replaceStateFolder(dir, buildStateFiles(RECORDS));
    await writeFile(path.join(dir, "wallets", `0x${"b".repeat(64)}.json`), "{}");
    await expect(readStateFolder(dir)).rejects.toThrow(/does not match manifest\.json: not listed: wallets\/0xbbb/);
    await rm(path.join(dir, "wallets", `0x${"b".repeat(64)}.json`));
    const names = path.join(dir, "names.json");
    await writeFile(names, `${await readFile(names, "utf8")} `);
    await expect(readStateFolder(dir)).rejects.toThrow(SnapshotRefusedError);
  });

  it("refuses states from an unlisted export and a wallet count that does not match (nothing swapped in)", async () => {
    const dir = path.join(work, "bad", "state");
    const wrongCount = { ...RECORDS, exports: [{ ...EXPORT, walletCount: 2 }] };
    await expect(replaceStateFolder(dir, buildStateFiles(wrongCount))).rejects.toThrow(
      /export v6-epoch-79 says 2 community wallets, but 1 wallet files hold a state from it/,
    );
    expect(await readStateFolder(dir)).toBeNull();
    const files = buildStateFiles({ ...RECORDS, exports: [] });
    await expect(replaceStateFolder(dir, files)).rejects.toThrow(ValidationError);
    await expect(replaceStateFolder(dir, files)).rejects.toThrow(
      /states\[0\] is from export v6-epoch-79, which exports\.json does not list/,
    );
    expect(sha256Hex(files.get("exports.json") ?? "")).toBe(sha256Hex("[]\n"));
  });
});
