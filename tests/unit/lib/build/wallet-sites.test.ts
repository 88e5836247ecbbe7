import { describe, expect, it } from "vitest";
import { walletSitePath, walletSites, walletSlug } from "../../../../src/lib/build/wallet-sites.ts";

const MAIN = "0x0000000000000000000000000000000019e966bfa4b32ce9b7e23721b37b96d2";
const OTHER = "0x000000000000000000000000000000004c0de5e0f1a2b3c4d5e6f708192a3b4c";

describe("walletSites", () => {
  it("puts the main wallet at the root and every other one under /wallets/<short address>/", () => {
    const sites = walletSites([
      { address: "0x19e966bfa4b32ce9b7e23721b37b96d2", name: "Program" },
      { address: "4C0DE5E0F1A2B3C4D5E6F708192A3B4C", name: "Commons fund" },
    ]);
    expect(sites).toEqual([
      { address: MAIN, name: "Program", slug: null, prefix: "/", isMain: true },
      {
        address: OTHER,
        name: "Commons fund",
        slug: "0x4c0de5e0f1a2b3c4d5e6f708192a3b4c",
        prefix: "/wallets/0x4c0de5e0f1a2b3c4d5e6f708192a3b4c/",
        isMain: false,
      },
    ]);
  });

  it("gives one site for one wallet (no switcher is drawn for it)", () => {
    expect(walletSites([{ address: MAIN, name: "Program" }])).toHaveLength(1);
  });

  it("slugs the address the same way whatever form it is written in", () => {
    expect(walletSlug(OTHER)).toBe(walletSlug("0x4C0DE5E0F1A2B3C4D5E6F708192A3B4C"));
    expect(walletSlug("0x1")).toBe("0x1");
  });
});

describe("walletSitePath", () => {
  it("moves a root path of a wallet site under its prefix", () => {
    expect(walletSitePath({ prefix: "/wallets/0xab/" }, "/data/snapshot/wallet.json")).toBe(
      "/wallets/0xab/data/snapshot/wallet.json",
    );
    expect(walletSitePath({ prefix: "/" }, "/data/snapshot/wallet.json")).toBe("/data/snapshot/wallet.json");
  });

  it("refuses anything but a root path", () => {
    expect(() => walletSitePath({ prefix: "/" }, "data/x")).toThrow(/not a root path/);
    expect(() => walletSitePath({ prefix: "/" }, "//evil.example/x")).toThrow(/not a root path/);
  });
});
