import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadProgramConfig } from "../../../src/program-config.ts";
import { repoRoot } from "../../support/site/build-site.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "ledgerlight-program-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("content/program.yaml", () => {
  it("parses, with the wallet normalised and the teams named", async () => {
    const program = await loadProgramConfig(path.join(repoRoot, "content/program.yaml"));
    expect(program.wallet).toBe("0x0000000000000000000000000000000019e966bfa4b32ce9b7e23721b37b96d2");
    expect(program.teams.length).toBeGreaterThan(5);
    expect(program.stewards).toHaveLength(1);
  });

  it("names the file, the key and the value when a key is misspelt or a value is wrong", async () => {
    const original = await readFile(path.join(repoRoot, "content/program.yaml"), "utf8");
    const file = path.join(dir, "program.yaml");
    await writeFile(file, `${original.replace("coinSymbol:", "coinSymbols:")}`, "utf8");
    await expect(loadProgramConfig(file)).rejects.toThrow(
      new RegExp(`${file.replaceAll("/", "\\/")} is not valid:[\\s\\S]*coinSymbols`),
    );
    await writeFile(file, original.replace('wallet: "0x19e966bfa4b32ce9b7e23721b37b96d2"', 'wallet: "0xzz"'), "utf8");
    await expect(loadProgramConfig(file)).rejects.toThrow(/- wallet: expected an account address .*\(found "0xzz"\)/);
  });

  it("refuses a team listed twice", async () => {
    const original = await readFile(path.join(repoRoot, "content/program.yaml"), "utf8");
    const file = path.join(dir, "twice.yaml");
    const line = '  - { address: "0x5e1f6b3f0a1d5c8b9e7a2f4c6d8e0a11", name: Mutual Health Plan, area: healthcare }\n';
    await writeFile(file, original.replace(line, line + line.replace("Mutual Health Plan", "Again")), "utf8");
    await expect(loadProgramConfig(file)).rejects.toThrow(/teams\[1\]\.address: team listed twice/);
  });

  it("refuses an explorer template without its placeholder, naming the key", async () => {
    const original = await readFile(path.join(repoRoot, "content/program.yaml"), "utf8");
    const file = path.join(dir, "explorer.yaml");
    await writeFile(file, original.replace("/transactions/{version}", "/transactions/"), "utf8");
    await expect(loadProgramConfig(file)).rejects.toThrow(/explorer\.transaction: must contain \{version\}/);
  });
});
