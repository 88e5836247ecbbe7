import { describe, expect, it } from "vitest";
import { buildOverviewFigures } from "../../../../src/lib/figures/overview.ts";
import { buildTestSnapshot, STEWARD } from "../../../support/snapshot/build-test-snapshot.ts";

describe("buildOverviewFigures", () => {
  it("formats the test snapshot's totals and books exactly", () => {
    const figures = buildOverviewFigures(buildTestSnapshot());
    expect(figures.figures.map((f) => [f.id, f.value])).toEqual([
      ["donated", "750.50"],
      ["paid-out", "320.00"],
      ["awarded", "320.00"],
      ["fees", "0.00"],
      ["scheduled", "0.00"],
      ["available", "1,440.50"],
      ["vetoed", "0.00"],
    ]);
    expect(figures.reconciliation.terms.map((t) => t.value)).toEqual(["1,000.00", "760.50", "320.00"]);
    expect(figures.reconciliation.balanced).toBe(true);
    expect(figures.counts).toEqual({ donors: "2", donations: "2", paid: "1", scheduled: "0", vetoed: "0" });
  });

  it("names each figure's snapshot file and records, at the snapshot's ledger version", () => {
    const snapshot = buildTestSnapshot();
    const figures = buildOverviewFigures(snapshot, [STEWARD]);
    const source = (id: string) => figures.figures.find((f) => f.id === id)?.source;
    expect(source("donated")).toEqual({
      file: "ledger.json",
      record: "sum(entries[category=donation].amount)",
      ledgerVersion: snapshot.meta.ledgerVersion.toString(),
      href: "/data/snapshot/ledger.json",
      rowsHref: "/ledger/kind/donation/",
    });
    // Each figure's rows: the ledger or transfer list that adds up to it, or the ledger row whose balance it is.
    expect(source("paid-out")?.rowsHref).toBe("/ledger/kind/paid-out/");
    expect(source("awarded")?.rowsHref).toBe("/ledger/kind/awarded/");
    expect(source("fees")?.rowsHref).toBe("/ledger/kind/fees-paid/");
    expect(source("scheduled")?.rowsHref).toBe("/transfers/status/waiting/");
    expect(source("available")?.rowsHref).toBeUndefined();
    expect(figures.reconciliation.terms.map((term) => term.source.rowsHref)).toEqual([
      "/ledger/#opening",
      "/ledger/kind/money-in/",
      "/ledger/kind/money-out/",
    ]);
    expect(figures.reconciliation.balance.source.rowsHref).toBe("/ledger/#m-w1");
    expect(source("fees")?.record).toBe("sum(entries[category=payout|advance, payee is a steward].amount)");
    expect(source("scheduled")).toMatchObject({
      file: "transfers.json",
      record: "sum([status=scheduled|overdue].amount)",
    });
    expect(figures.reconciliation.terms.map((term) => term.source.record)).toEqual([
      "opening.amount",
      "sum(entries[stream=deposit].amount)",
      "sum(entries[stream=withdraw].amount)",
    ]);
    expect(figures.reconciliation.balance.source).toMatchObject({
      file: "wallet.json",
      record: "balance.coinStoreValue",
    });
    expect(figures.countFigures.donations).toMatchObject({
      value: "2 donations",
      units: "2",
      source: { file: "ledger.json", record: "count(entries[category=donation])" },
    });
    expect(figures.countFigures.donors.source).toMatchObject({ file: "donors.json", record: "count([*])" });
  });

  it("splits what was paid into awards and fees by the steward rule", () => {
    const figures = buildOverviewFigures(buildTestSnapshot(), [STEWARD]);
    const value = (id: string) => figures.figures.find((f) => f.id === id)?.value;
    expect([value("paid-out"), value("awarded"), value("fees")]).toEqual(["320.00", "300.00", "20.00"]);
  });

  it("shows a shortfall after scheduled transfers with a minus sign, and unbalanced books as such", () => {
    const snapshot = buildTestSnapshot();
    snapshot.transfers.push({ ...snapshot.transfers[0]!, uid: 6n, status: "scheduled", amount: 2000000000n });
    snapshot.wallet.balance.coinStoreValue = 1440500001n;
    const figures = buildOverviewFigures(snapshot);
    expect(figures.figures.find((f) => f.id === "available")).toMatchObject({
      value: "\u2212559.499999",
      units: "-559499999",
    });
    expect(figures.reconciliation.balanced).toBe(false);
    expect(figures.shortfall).toMatchObject({ value: "559.499999", units: "559499999" });
  });

  it("has no shortfall when the balance covers the scheduled transfers exactly", () => {
    const snapshot = buildTestSnapshot();
    snapshot.transfers.push({ ...snapshot.transfers[0]!, uid: 6n, status: "overdue", amount: 1440500000n });
    const figures = buildOverviewFigures(snapshot);
    expect(figures.figures.find((f) => f.id === "available")?.value).toBe("0.00");
    expect(figures.shortfall).toBeNull();
    expect(buildOverviewFigures(buildTestSnapshot()).shortfall).toBeNull();
  });
});
