import { describe, expect, it } from "vitest";
import type { TransferTableRow } from "../../../src/lib/views/tables.ts";
import type { TransferStatus } from "../../../src/schemas/snapshot.ts";
import { transferListsOf } from "../../../src/site/transfer-lists.ts";

function row(uid: string, status: TransferStatus, deadlineQuarter: string): TransferTableRow {
  return {
    uid,
    status,
    payee: `0x${"c".repeat(64)}`,
    payeeName: null,
    amountUnits: "1",
    amountLibra: "0.000001",
    deadlineEpoch: "1",
    deadlineEpochDisplay: "1",
    deadlineDateIso: "2026-01-01T00:00:00Z",
    deadlineDateEstimated: false,
    deadlineQuarter,
    descriptionText: "",
    descriptionHex: "0x",
  };
}

describe("transferListsOf", () => {
  const rows = [row("9", "scheduled", "2026-Q1"), row("8", "paid", "2025-Q4"), row("7", "paid", "2026-Q1")];

  it("keeps the rows' order in every list and gives each status and quarter its own address", () => {
    const { all, byStatus, byQuarter } = transferListsOf(rows);
    expect(all.href).toBe("/transfers/");
    expect(all.rows.map((r) => r.uid)).toEqual(["9", "8", "7"]);
    expect(byStatus.get("paid")?.rows.map((r) => r.uid)).toEqual(["8", "7"]);
    expect(byStatus.get("paid")?.href).toBe("/transfers/status/paid/");
    expect(byQuarter.get("2026-Q1")).toMatchObject({
      href: "/transfers/quarter/2026-q1/",
      heading: "Transfers due in 2026 Q1",
    });
    expect(byQuarter.get("2026-Q1")?.rows.map((r) => r.uid)).toEqual(["9", "7"]);
  });

  it("has a list for every status, empty ones too, so a status link never breaks", () => {
    const { byStatus } = transferListsOf(rows);
    expect([...byStatus.keys()].sort()).toEqual(["overdue", "paid", "scheduled", "vetoed"]);
    expect(byStatus.get("vetoed")?.rows).toEqual([]);
  });

  it("adds each list's rows up exactly, once per list", () => {
    const big = [
      { ...row("3", "paid", "2026-Q1"), amountUnits: "18446744073709551615" },
      { ...row("2", "paid", "2026-Q2"), amountUnits: "18446744073709551615" },
      { ...row("1", "scheduled", "2026-Q1"), amountUnits: "7" },
    ];
    const { all, byStatus, waiting, byQuarter } = transferListsOf(big);
    expect(all.totalUnits).toBe(36893488147419103237n);
    expect(byStatus.get("paid")?.totalUnits).toBe(36893488147419103230n);
    expect(byStatus.get("vetoed")?.totalUnits).toBe(0n);
    expect(waiting.totalUnits).toBe(7n);
    expect(byQuarter.get("2026-Q1")?.totalUnits).toBe(18446744073709551622n);
  });

  it("builds the lists once per set of rows", () => {
    expect(transferListsOf(rows)).toBe(transferListsOf(rows));
    expect(transferListsOf([...rows])).not.toBe(transferListsOf(rows));
  });
});
