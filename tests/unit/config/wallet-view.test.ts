import { readFile } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { PROGRAM_CONFIG_PATH, parseProgramConfig } from "../../../src/config/program.ts";
import { programWalletSites, selectWalletSite, walletView } from "../../../src/config/wallet-view.ts";
import type { ProgramConfig } from "../../../src/schemas/program.ts";
import { repoRoot } from "../../support/site/build-site.ts";

const MAIN = "0x0000000000000000000000000000000019e966bfa4b32ce9b7e23721b37b96d2";
const SECOND = "0x000000000000000000000000000000004c0de5e0f1a2b3c4d5e6f708192a3b4c";

let program: ProgramConfig;
beforeAll(async () => {
  const text = await readFile(path.join(repoRoot, PROGRAM_CONFIG_PATH), "utf8");
  program = parseProgramConfig(
    `${text}otherWallets:\n  - { address: "0x4c0de5e0f1a2b3c4d5e6f708192a3b4c", name: "Commons pool" }\n`,
    PROGRAM_CONFIG_PATH,
  );
});

describe("programWalletSites", () => {
  it("lists the main wallet at the root, then every other wallet under /wallets/<short address>/", () => {
    expect(programWalletSites(program)).toEqual([
      { address: MAIN, name: program.name, slug: null, prefix: "/", isMain: true },
      {
        address: SECOND,
        name: "Commons pool",
        slug: "0x4c0de5e0f1a2b3c4d5e6f708192a3b4c",
        prefix: "/wallets/0x4c0de5e0f1a2b3c4d5e6f708192a3b4c/",
        isMain: false,
      },
    ]);
  });
});

describe("selectWalletSite", () => {
  it("is the main site without LEDGERLIGHT_WALLET, and the named wallet's in any spelling of its address", () => {
    const sites = programWalletSites(program);
    expect(selectWalletSite(sites, undefined, PROGRAM_CONFIG_PATH).isMain).toBe(true);
    expect(selectWalletSite(sites, "0x4C0DE5E0F1A2B3C4D5E6F708192A3B4C", PROGRAM_CONFIG_PATH).address).toBe(SECOND);
  });

  it("refuses an address that is not one, or not a wallet of the program, naming it and the file", () => {
    const sites = programWalletSites(program);
    expect(() => selectWalletSite(sites, "0xzz", PROGRAM_CONFIG_PATH)).toThrow(
      "LEDGERLIGHT_WALLET=0xzz is not an account address.",
    );
    expect(() => selectWalletSite(sites, "0x1", "w/program.yaml")).toThrow(
      "LEDGERLIGHT_WALLET=0x1 is not a wallet of w/program.yaml.",
    );
  });
});

describe("walletView", () => {
  it("is the program itself for the main wallet", () => {
    const [main] = programWalletSites(program);
    expect(walletView(program, main as NonNullable<typeof main>)).toBe(program);
  });

  it("gives another wallet its address, the name 'program: wallet' and no fee links, keeping the rest", () => {
    const other = programWalletSites(program)[1] as NonNullable<ReturnType<typeof programWalletSites>[1]>;
    expect(program.feeLinks.length).toBeGreaterThan(0);
    const view = walletView(program, other);
    expect(view).toEqual({
      ...program,
      wallet: SECOND,
      name: `${program.name}: Commons pool`,
      feeLinks: [],
    });
    expect(program.wallet).toBe(MAIN);
  });
});
