import { describe, expect, it } from "vitest";
import { buildGasToLibraTimeline, realYears } from "../../../../src/lib/figures/gas-to-libra-timeline.ts";
import { deriveRebaseFactor } from "../../../../src/lib/state/rebase.ts";
import type { LegacyEvent, LegacyExport } from "../../../../src/schemas/legacy.ts";
import type { StateExport, WalletStateHistory } from "../../../../src/schemas/state-history.ts";

const WALLET = `0x${"0".repeat(32)}${"19".repeat(16)}`;
const source = { file: "x.json", sha256: "0".repeat(64), kind: "state-export" as const };
const event = (kind: LegacyEvent["kind"], version: string, timestampUsec: string): LegacyEvent => ({
  kind,
  version,
  timestampUsec,
  function: "f",
  sender: WALLET,
  amount: null,
  feePaidByWallet: null,
  source: { ...source, kind: "transaction-archive" },
});
const legacyExport = (epoch: string, date: string, balance: string): LegacyExport => ({
  epoch,
  date,
  balance,
  donorCount: 1,
  receiptsTotal: balance,
  source,
});
const stateExport = (id: string, unit: "GAS" | "LIBRA", epoch: string, date: string): StateExport => ({
  id,
  era: unit === "GAS" ? "v5" : "v6",
  unit,
  epoch,
  ledgerVersion: unit === "GAS" ? null : "33217173",
  date,
  file: `${id}.json`,
  sha256: "0".repeat(64),
  format: unit === "GAS" ? "json-array" : "concatenated-objects",
  accountsRead: 1,
  walletCount: 1,
  dating: "test",
});
const state = (exportId: string, balance: string) => ({
  export: exportId,
  record: 4,
  balance,
  cumulativeDeposits: null,
  donorReceipts: { count: 7, total: balance },
  payments: [],
  schedule: null,
});

// 2021-10-27 19:04 and 19:09 UTC: creation and flag, out of order in the input.
const EVENTS = [
  event("community-wallet-flag", "10332", "1635361741760067"),
  event("created", "10134", "1635361491123182"),
  event("community-transfer", "20000", "1640000000000000"),
];

describe("buildGasToLibraTimeline", () => {
  const history: WalletStateHistory = {
    address: WALLET,
    states: [state("v5-epoch-68", "5"), state("v5-epoch-200", "9"), state("v6-epoch-79", "2763309296969351")],
  };
  const points = buildGasToLibraTimeline({
    legacyEvents: EVENTS,
    legacyExports: [legacyExport("97", "2022-01-31", "14"), legacyExport("68", "2022-01-02", "11")],
    stateExports: [
      stateExport("v5-epoch-68", "GAS", "68", "2022-01-02"),
      stateExport("v5-epoch-200", "GAS", "200", "2022-05-01"),
      stateExport("v6-epoch-79", "LIBRA", "79", "2024-03-13"),
    ],
    history,
    derivation: deriveRebaseFactor([], []),
    current: { ledgerVersion: 1813n, timestampUsec: 1_764_460_800_000_000n, epoch: 731n, balance: 5n, simulated: true },
  });

  it("orders creation, flag, the v5 exports, the rebase, the v6 export and today's snapshot", () => {
    expect(points.map((point) => [point.kind, point.day])).toEqual([
      ["created", "2021-10-27"],
      ["community-wallet-flag", "2021-10-27"],
      ["v5-export", "2022-01-02"],
      ["v5-export", "2022-01-31"],
      ["v5-export", "2022-05-01"],
      ["rebase", null],
      ["v6-export", "2024-03-13"],
      ["current-snapshot", "2025-11-30"],
    ]);
  });

  it("takes a v5 export from the legacy folder when it has it, and from the state history otherwise", () => {
    const v5 = points.filter((point) => point.kind === "v5-export");
    expect(v5.map((point) => [point.epoch, point.balance, point.fromLegacy])).toEqual([
      ["68", 11n, true],
      ["97", 14n, true],
      ["200", 9n, false],
    ]);
    expect(v5[2]?.donorCount).toBe(7);
  });

  it("labels every chain point real and a simulated snapshot simulated, with its era", () => {
    expect(points.map((point) => point.figures)).toEqual([...points.slice(0, -1).map(() => "real"), "simulated"]);
    expect(points.map((point) => point.era)).toEqual(["v5", "v5", "v5", "v5", "v5", "v6", "v6", "current"]);
    const v6 = points.find((point) => point.kind === "v6-export");
    expect(v6?.kind === "v6-export" && v6.balance).toBe(2_763_309_296_969_351n);
  });

  it("counts the years of the real points only", () => {
    expect(realYears(points)).toEqual({ first: "2021", last: "2024" });
    expect(realYears([])).toBeNull();
  });

  it("refuses a state that names an export exports.json lacks", () => {
    expect(() =>
      buildGasToLibraTimeline({
        legacyEvents: [],
        legacyExports: [],
        stateExports: [],
        history: { address: WALLET, states: [state("v6-epoch-79", "1")] },
        derivation: deriveRebaseFactor([], []),
        current: null,
      }),
    ).toThrow(/v6-epoch-79/);
  });
});
