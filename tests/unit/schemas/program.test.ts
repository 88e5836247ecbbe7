import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadProgramConfig } from "../../../src/config/program.ts";
import { programWallets } from "../../../src/schemas/program.ts";
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
    const again = '  - { address: "0x5e1f6b3f0a1d5c8b9e7a2f4c6d8e0a11", name: Again, area: healthcare }\n';
    await writeFile(file, original.replace("teams:\n", `teams:\n${again}`), "utf8");
    await expect(loadProgramConfig(file)).rejects.toThrow(/teams\[1\]\.address: team listed twice/);
  });

  it("names authorities by normalised address and refuses one listed twice or a key it does not know", async () => {
    const original = await readFile(path.join(repoRoot, "content/program.yaml"), "utf8");
    const program = await loadProgramConfig(path.join(repoRoot, "content/program.yaml"));
    expect(program.authorities).toContainEqual({
      address: "0x000000000000000000000000000000003a6c9fd91c1a7f10cde8f5c1f2fb6a34",
      name: "Demo authority A",
    });
    const file = path.join(dir, "authorities.yaml");
    const line = '  - { address: "0x3a6c9fd91c1a7f10cde8f5c1f2fb6a34", name: Demo authority A }\n';
    expect(original).toContain(line);
    await writeFile(file, original.replace(line, line + line.replace("0x3a6c", "0x3A6C")), "utf8");
    await expect(loadProgramConfig(file)).rejects.toThrow(/authorities\[1\]\.address: authority listed twice/);
    await writeFile(file, original.replace(line, line.replace(" }", ", role: chair }")), "utf8");
    await expect(loadProgramConfig(file)).rejects.toThrow(/authorities\[0\][\s\S]*role/);
    await writeFile(file, original.replace(/^authorities:\n(?: {2}- .*\n)+/m, ""), "utf8");
    expect((await loadProgramConfig(file)).authorities).toEqual([]);
  });

  it("refuses two teams whose names give the same page, naming both", async () => {
    const original = await readFile(path.join(repoRoot, "content/program.yaml"), "utf8");
    const file = path.join(dir, "slug.yaml");
    const clash = '  - { address: "0xabc", name: "Mutual health  plan!", area: healthcare }\n';
    await writeFile(file, original.replace("stewards:\n", `${clash}stewards:\n`), "utf8");
    await expect(loadProgramConfig(file)).rejects.toThrow(
      /teams\[9\]\.name: teams "Mutual Health Plan" and "Mutual health {2}plan!" would share the page \/teams\/mutual-health-plan\//,
    );
  });

  it("takes a team's purpose and links, and refuses a link that is not http(s)", async () => {
    const program = await loadProgramConfig(path.join(repoRoot, "content/program.yaml"));
    const team = program.teams[0];
    expect(team?.purpose).toMatch(/^A member-run health plan/);
    expect(team?.links).toEqual([
      { label: "Member handbook (example link)", url: "https://example.org/mutual-health-plan/handbook" },
    ]);
    expect(program.teams[1]?.links).toEqual([]);
    const original = await readFile(path.join(repoRoot, "content/program.yaml"), "utf8");
    const file = path.join(dir, "links.yaml");
    await writeFile(file, original.replace("https://example.org/mutual-health-plan/handbook", "javascript:alert(1)"));
    await expect(loadProgramConfig(file)).rejects.toThrow(
      /teams\[0\]\.links\[0\]\.url: must be an http:\/\/ or https:\/\/ address/,
    );
  });

  it("lists every wallet of the program, the main one first, and refuses one listed twice", async () => {
    const original = await readFile(path.join(repoRoot, "content/program.yaml"), "utf8");
    expect(programWallets(await loadProgramConfig(path.join(repoRoot, "content/program.yaml")))).toEqual([
      {
        address: "0x0000000000000000000000000000000019e966bfa4b32ce9b7e23721b37b96d2",
        name: "Social Infrastructure Program",
      },
    ]);
    const file = path.join(dir, "wallets.yaml");
    const wallets = (extra: string) =>
      original.replace("coinSymbol: LIBRA", `otherWallets:\n${extra}coinSymbol: LIBRA`);
    await writeFile(file, wallets('  - { address: "0xABC", name: Reserve fund }\n'), "utf8");
    expect(programWallets(await loadProgramConfig(file))).toEqual([
      {
        address: "0x0000000000000000000000000000000019e966bfa4b32ce9b7e23721b37b96d2",
        name: "Social Infrastructure Program",
      },
      { address: `0x${"0".repeat(61)}abc`, name: "Reserve fund" },
    ]);
    await writeFile(file, wallets('  - { address: "19E966BFA4B32CE9B7E23721B37B96D2", name: Again }\n'), "utf8");
    await expect(loadProgramConfig(file)).rejects.toThrow(/otherWallets\[0\]\.address: wallet listed twice/);
  });

  it("refuses an explorer template without its placeholder, naming the key", async () => {
    const original = await readFile(path.join(repoRoot, "content/program.yaml"), "utf8");
    const file = path.join(dir, "explorer.yaml");
    await writeFile(file, original.replace("/transactions/{version}", "/transactions/"), "utf8");
    await expect(loadProgramConfig(file)).rejects.toThrow(/explorer\.transaction: must contain \{version\}/);
  });

  it("has the 4 % fee policy and the demo's fee links, and defaults the policy when it is left out", async () => {
    const original = await readFile(path.join(repoRoot, "content/program.yaml"), "utf8");
    const program = await loadProgramConfig(path.join(repoRoot, "content/program.yaml"));
    expect(program.feePolicy).toEqual({ capBps: 400, base: "awards-paid", rounding: "floor" });
    expect(program.feeLinks).toContainEqual({ fee: "11", awards: ["10"] });
    expect(program.feeDescriptionPattern).toBe("#(?<uid>[0-9]{1,20})");
    const file = path.join(dir, "no-policy.yaml");
    await writeFile(
      file,
      original
        .replace(/^feePolicy: .*\n/m, "")
        .replace(/^feeLinks:\n(?: {2}- .*\n)+/m, "")
        .replace(/^feeDescriptionPattern: .*\n/m, ""),
      "utf8",
    );
    const defaults = await loadProgramConfig(file);
    expect(defaults.feePolicy).toEqual({ capBps: 400, base: "awards-paid", rounding: "floor" });
    expect(defaults.feeLinks).toEqual([]);
    expect(defaults.feeDescriptionPattern).toBe("#(?<uid>[0-9]{1,20})");
  });

  it("names the fee key that is wrong: the cap, the base, an unquoted or repeated uid, a pattern without uid", async () => {
    const original = await readFile(path.join(repoRoot, "content/program.yaml"), "utf8");
    const file = path.join(dir, "fees.yaml");
    const expectError = async (text: string, message: RegExp) => {
      await writeFile(file, text, "utf8");
      await expect(loadProgramConfig(file)).rejects.toThrow(message);
    };
    await expectError(original.replace("capBps: 400", "capBps: 10001"), /feePolicy\.capBps/);
    await expectError(original.replace("capBps: 400", "capBps: 4.5"), /feePolicy\.capBps/);
    await expectError(original.replace("400, base: awards-paid", "400, base: everything"), /feePolicy\.base/);
    await expectError(
      original.replace('{ fee: "5", awards: ["4"] }', '{ fee: 5, awards: ["4"] }'),
      /feeLinks\[0\]\.fee: must be a transfer uid in quotes/,
    );
    await expectError(
      original.replace('{ fee: "7", awards: ["6"] }', '{ fee: "5", awards: ["6"] }'),
      /feeLinks\[1\]\.fee: fee 5 linked twice/,
    );
    await expectError(
      original.replace('{ fee: "5", awards: ["4"] }', '{ fee: "5", awards: [] }'),
      /feeLinks\[0\]\.awards/,
    );
    await expectError(
      original.replace('{ fee: "5", awards: ["4"] }', '{ fee: "5", awards: ["4"], note: x }'),
      /feeLinks\[0\]/,
    );
    await expectError(
      original.replace('feeDescriptionPattern: "#(?<uid>[0-9]{1,20})"', 'feeDescriptionPattern: "#([0-9]+"'),
      /feeDescriptionPattern: must be a valid regular expression with a named group/,
    );
  });

  it("has no legacy rebase factor now, and accepts one only as whole numbers in quotes with a source", async () => {
    const original = await readFile(path.join(repoRoot, "content/program.yaml"), "utf8");
    expect((await loadProgramConfig(path.join(repoRoot, "content/program.yaml"))).legacy).toBeUndefined();
    const file = path.join(dir, "legacy.yaml");
    const withLegacy = (block: string) => `${original.trimEnd()}\nlegacy:\n${block}`;
    await writeFile(file, withLegacy('  rebaseFactor: { numerator: "35", denominator: "1" }\n  source: "A note"\n'));
    expect((await loadProgramConfig(file)).legacy).toEqual({
      rebaseFactor: { numerator: "35", denominator: "1" },
      source: "A note",
    });
    await writeFile(file, withLegacy('  source: "Not established"\n'));
    expect((await loadProgramConfig(file)).legacy).toEqual({ source: "Not established" });
    await writeFile(file, withLegacy('  rebaseFactor: { numerator: "1.5", denominator: "0" }\n  source: "x"\n'));
    await expect(loadProgramConfig(file)).rejects.toThrow(
      /legacy\.rebaseFactor\.numerator: must be a whole number[\s\S]*legacy\.rebaseFactor\.denominator: must be a positive/,
    );
    await writeFile(file, withLegacy('  rebaseFactor: { numerator: "1", denominator: "1" }\n'));
    await expect(loadProgramConfig(file)).rejects.toThrow(/legacy\.source/);
  });
});
