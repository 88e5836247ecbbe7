import { describe, expect, it } from "vitest";
import type { MoveJson } from "../../../../src/fake-node/model.ts";
import { TxScheduleKind } from "../../../../src/fake-node/sim/resources.ts";
import { loadScenarioFile } from "../../../../src/fake-node/sim/scenario.ts";
import { simulate } from "../../../../src/fake-node/sim/simulator.ts";
import { SIP_YEAR, SIP_YEAR_AWARDS } from "../../../../src/fake-node/sim/sip-year.ts";
import { logItems } from "../../../../src/fake-node/sim/store.ts";

const FIXTURES = new URL("../../../fixtures/scenarios/", import.meta.url);
const W = "0x19e966bfa4b32ce9b7e23721b37b96d2";
const COIN_STORE = "0x1::coin::CoinStore<0x1::libra_coin::LibraCoin>";

function ok(r: ReturnType<ReturnType<typeof simulate>["view"]>): MoveJson[] {
  if (!r.ok) throw new Error(r.message);
  return r.values;
}

describe("sip-small.json", () => {
  const scenario = loadScenarioFile(new URL("sip-small.json", FIXTURES).pathname);
  const chain = simulate(scenario);
  const view = (fn: string, args: unknown[]) => ok(chain.view(fn, [], args, chain.head()));

  it("ends with one award paid, one vetoed, one still scheduled", () => {
    const ids = Object.fromEntries(chain.info.refIds);
    // Payment ids and the veto ballot id come from one GUID counter: 4, 5, 6 for payments, 7 for the ballot.
    expect(ids).toEqual({ "health-q1": 4n, "education-q1": 5n, "housing-q1": 6n });
    expect(view("0x1::donor_voice_txs::list_by_status", [W, 5])).toEqual([["4"]]);
    expect(view("0x1::donor_voice_txs::list_by_status", [W, 6])).toEqual([["5"]]);
    expect(view("0x1::donor_voice_txs::list_by_status", [W, 4])).toEqual([["6"]]);
    expect(view("0x1::donor_voice_governance::get_veto_ballots", [W])).toEqual([[], ["7"], []]);
    // alice gave 400 of 1,000 LIBRA: turnout 3999 (truncated); threshold 10816 − floor(3999·m/2^32) = 10816 − 2612
    expect(view("0x1::donor_voice_governance::get_veto_tally", [W, "7"])).toEqual([
      "10000",
      "3999",
      "8204",
      "109",
      "1250",
      true,
      true,
      2,
      true,
    ]);
  });

  it("balances the books: donations − payouts = balance", () => {
    // 1,000 + 50 donated, 150 paid
    expect(view("0x1::ol_account::balance", [W])).toEqual(["900000000", "900000000"]);
    expect(view("0x1::cumulative_deposits::get_cumulative_deposits", [W])).toEqual(["1050000000"]);
    expect(view("0x1::epoch_helper::get_current_epoch", [])).toEqual(["105"]);
  });

  it("simulates identically twice", () => {
    const again = simulate(loadScenarioFile(new URL("sip-small.json", FIXTURES).pathname));
    for (let v = 0n; v <= chain.lastVersion(); v++) {
      expect(again.transactionByVersion(v)).toEqual(chain.transactionByVersion(v));
      expect(again.blockByVersion(v)).toEqual(chain.blockByVersion(v));
      expect(again.resources(W, v)).toEqual(chain.resources(W, v));
    }
    expect(
      JSON.stringify(again.events(W, { kind: "handle", structTag: COIN_STORE, fieldName: "deposit_events" })),
    ).toBe(JSON.stringify(chain.events(W, { kind: "handle", structTag: COIN_STORE, fieldName: "deposit_events" })));
  });
});

describe("sip-year.json", () => {
  const scenario = loadScenarioFile(new URL("sip-year.json", FIXTURES).pathname);
  const chain = simulate(scenario);
  const view = (fn: string, args: unknown[], v = chain.head()) => ok(chain.view(fn, [], args, v));
  const id = (ref: string) => String(chain.info.refIds.get(ref));

  it("covers a year with dozens of donors", () => {
    expect(scenario.epochs).toHaveLength(365);
    expect((view("0x1::cumulative_deposits::get_depositors", [W])[0] as string[]).length).toBe(40);
  });

  it("pays every linked stewardship fee at no more than 4 % of its award", () => {
    const paid = new Set(view("0x1::donor_voice_txs::list_by_status", [W, 5])[0] as string[]);
    const feeAwards = SIP_YEAR_AWARDS.filter((a) => a.feeBps !== undefined && paid.has(id(a.ref)));
    expect(feeAwards.length).toBeGreaterThanOrEqual(11);
    for (const award of feeAwards) {
      expect(paid.has(id(`fee-${award.ref}`))).toBe(true);
    }
    const sched = chain.resourceAt(W, TxScheduleKind, chain.head());
    const byId = new Map((sched === undefined ? [] : logItems(sched.paid)).map((t) => [t.id.toString(), t.payment]));
    for (const award of feeAwards) {
      const fee = byId.get(id(`fee-${award.ref}`));
      const main = byId.get(id(award.ref));
      expect(fee?.payee).toBe(SIP_YEAR.steward);
      expect((fee?.value ?? 0n) * 10_000n <= (main?.value ?? 0n) * 400n).toBe(true);
    }
  });

  it("has a vetoed award, a failed veto, an unfinished award and an expired proposal", () => {
    expect(view("0x1::donor_voice_txs::list_by_status", [W, 6])).toEqual([[id("scholarships-2025")]]);
    expect(view("0x1::donor_voice_txs::is_paid", [W, id("shelter-winter")])).toEqual([true]);
    expect(view("0x1::donor_voice_governance::tx_has_veto_pending", [W, id("shelter-winter")])).toEqual([true]);
    expect(view("0x1::donor_voice_txs::list_by_status", [W, 4])).toEqual([[id("housing-tools")]]);
    expect(view("0x1::donor_voice_txs::list_by_status", [W, 3])).toEqual([[id("garden-unapproved")]]);
  });

  it("returns the insurance capitalisation to scheduled while the balance is short, then pays it", () => {
    const insurance = id("insurance-capital");
    const overdue = [...chain.info.boundaryVersions].filter(([closing, v]) =>
      chain
        .resourceAt(W, TxScheduleKind, BigInt(v))
        ?.scheduled.some((t) => t.id.toString() === insurance && t.deadline <= closing),
    );
    expect(overdue.length).toBeGreaterThan(0);
    expect(view("0x1::donor_voice_txs::is_paid", [W, insurance])).toEqual([true]);
  });

  it("books an advance and match-index inflows with no receipt", () => {
    expect(view("0x1::community_wallet_advance::total_outstanding_balance", [W])).toEqual(["150000000"]);
    const deposits = chain.events(W, { kind: "handle", structTag: COIN_STORE, fieldName: "deposit_events" }) ?? [];
    const donations = scenario.epochs.reduce((n, e) => n + e.donations.length, 0);
    expect(deposits.length).toBe(donations + 3);
    const receipts = (view("0x1::cumulative_deposits::get_depositors", [W])[0] as string[]).reduce(
      (sum, donor) => sum + BigInt(view("0x1::receipts::read_receipt", [donor, W])[2] as string),
      0n,
    );
    const [, balance] = view("0x1::ol_account::balance", [W]) as [string, string];
    const withdrawals = chain.events(W, { kind: "handle", structTag: COIN_STORE, fieldName: "withdraw_events" }) ?? [];
    const out = withdrawals.reduce((sum, e) => sum + BigInt((e.data as { amount: string }).amount), 0n);
    const unattributed = 1_234_567_891n + 2_345_678_912n + 987_654_321n;
    expect(scenario.wallet.openingBalance + receipts + unattributed - out).toBe(BigInt(balance));
  });
});
