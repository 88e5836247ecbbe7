import { describe, expect, it } from "vitest";
import type { MoveJson } from "../../../../src/fake-node/model.ts";
import { shortAddress } from "../../../../src/fake-node/sim/move-json.ts";
import { BoundaryStatusKind, FRAMEWORK, FreezeKind, TxScheduleKind } from "../../../../src/fake-node/sim/resources.ts";
import { simulate } from "../../../../src/fake-node/sim/simulator.ts";
import { logItems } from "../../../../src/fake-node/sim/store.ts";
import {
  A1,
  A2,
  approvedPayment,
  boundaryOf,
  buildScenario,
  D1,
  D2,
  D3,
  LIBRA,
  TEAM,
  txId,
  viewOk,
  W,
} from "./scenario-builders.ts";

const COIN_STORE = "0x1::coin::CoinStore<0x1::libra_coin::LibraCoin>";
const TALLY = "0x1::donor_voice_governance::get_veto_tally";

type Tx = Record<string, MoveJson>;
const events = (tx: Tx | undefined) => (tx?.events ?? []) as Array<{ type: string; data: Record<string, string> }>;

describe("veto ballots (turnout tally)", () => {
  // Deposits of 8 LIBRA in all; a donor with exactly 1/8 of them turns out 12.5 %.
  const atTurnout = (vetoer: bigint, other: bigint) =>
    simulate(
      buildScenario([
        {
          donations: [
            { donor: D1, amount: vetoer.toString() },
            { donor: D2, amount: other.toString() },
          ],
        },
        { ...approvedPayment("p", 1n * LIBRA), vetoes: [{ ref: "p", donor: D1 }] },
        {},
        {},
        {},
        {},
      ]),
    );

  it("passes at exactly 12.5 % turnout with 100 % approval", () => {
    const chain = atTurnout(1_000_000n, 7_000_000n);
    const id = txId(chain, "p");
    // The ballot id is the next creation number after the payment's: ids share one GUID counter.
    const ballot = String(BigInt(id) + 1n);
    expect(viewOk(chain, "0x1::donor_voice_governance::get_veto_ballots", [W])).toEqual([[], [ballot], []]);
    // approval, turnout, threshold, deadline (11 + 7), min turnout, approved, closed, status approved, completed
    expect(viewOk(chain, TALLY, [W, ballot])).toEqual(["10000", "1250", "10000", "18", "1250", true, true, 2, true]);
    expect(viewOk(chain, "0x1::donor_voice_txs::list_by_status", [W, 6])).toEqual([[id]]);
    expect(viewOk(chain, "0x1::donor_voice_txs::is_veto", [W, id])).toEqual([true]);
    expect(viewOk(chain, "0x1::donor_voice_txs::get_tx_status", [W, id])).toEqual([true, "0", 2, true, true, "0", 6]);
  });

  it("fails one unit below 12.5 %: the ballot stays open and the transfer is paid at its deadline", () => {
    const chain = atTurnout(999_999n, 7_000_001n);
    const id = txId(chain, "p");
    const ballot = String(BigInt(id) + 1n);
    expect(viewOk(chain, TALLY, [W, ballot])).toEqual(["10000", "1249", "10000", "18", "1250", false, false, 1, false]);
    expect(viewOk(chain, "0x1::donor_voice_governance::tx_has_veto_pending", [W, id])).toEqual([true]);
    expect(viewOk(chain, "0x1::donor_voice_txs::is_paid", [W, id])).toEqual([true]);
  });

  it("aborts a second veto on the same transfer (EDUPLICATE_PROPOSAL) unless the scenario lets it join", () => {
    const epochs = [
      {
        donations: [
          { donor: D1, amount: (5n * LIBRA).toString() },
          { donor: D2, amount: (8n * LIBRA).toString() },
          { donor: D3, amount: (87n * LIBRA).toString() },
        ],
      },
      {
        ...approvedPayment("p", 1n * LIBRA),
        vetoes: [
          { ref: "p", donor: D1 },
          { ref: "p", donor: D2 },
        ],
      },
      {},
    ];
    const strict = simulate(buildScenario(epochs));
    const [, second] = strict.accountTransactions(D2);
    expect(second?.success).toBe(false);
    expect(second?.vm_status).toBe(
      "Move abort in 0x1::donor_voice_governance: EDUPLICATE_PROPOSAL(0x10003): veto already proposed",
    );
    expect(second?.events).toEqual([]);
    expect(strict.account(D2, strict.head())?.sequence_number).toBe("2");
    expect(viewOk(strict, "0x1::donor_voice_txs::is_scheduled", [W, txId(strict, "p")])).toEqual([true]);

    // Joined: 5 + 8 of 100 LIBRA is 13 % turnout (1299 after truncation) — enough.
    const joined = simulate(buildScenario(epochs, { rules: { vetoJoinsPendingBallot: true } }));
    const id = txId(joined, "p");
    expect(viewOk(joined, "0x1::donor_voice_txs::is_veto", [W, id])).toEqual([true]);
    const ballot = String(BigInt(id) + 1n);
    expect(viewOk(joined, TALLY, [W, ballot]).slice(0, 2)).toEqual(["10000", "1299"]);
    const voted = joined.resources(D2, joined.head())?.find((r) => r.type === "0x1::vote_receipt::IVoted");
    expect(voted?.data).toEqual({
      elections: [{ guid: { creation_num: ballot, addr: W }, approve_reject: true, weight: "8000000" }],
    });
  });

  it("rejects a veto from an account that never donated (ENOT_A_DONOR)", () => {
    const chain = simulate(
      buildScenario([
        { donations: [{ donor: D1, amount: "5000000" }] },
        { ...approvedPayment("p", 1n * LIBRA), vetoes: [{ ref: "p", donor: A1 }] },
      ]),
    );
    const vetoTx = chain.accountTransactions(A1).find((t) => JSON.stringify(t.payload).includes("propose_veto_tx"));
    expect(vetoTx?.vm_status).toBe("Move abort in 0x1::donor_voice_governance: ENOT_A_DONOR(0x50001): not a donor");
  });
});

describe("scheduling and payment", () => {
  const chain = simulate(
    buildScenario([
      { donations: [{ donor: D1, amount: (10n * LIBRA).toString() }] },
      approvedPayment("p", 1n * LIBRA),
      {},
      {},
      {},
      {},
    ]),
  );
  const id = txId(chain, "p");

  it("schedules an approved payment with deadline = approval epoch + 3", () => {
    const sched = chain.resourceAt(W, TxScheduleKind, chain.head());
    expect(sched).toBeDefined();
    const all = [...(sched?.scheduled ?? []), ...(sched === undefined ? [] : logItems(sched.paid))];
    expect(all.map((t) => [t.id.toString(), t.deadline])).toEqual([[id, 14n]]);
    // Scheduled in the approving transaction (A2's), not before.
    const [approval] = chain.accountTransactions(A2);
    const v = BigInt(approval?.version as string);
    expect(viewOk(chain, "0x1::donor_voice_txs::is_scheduled", [W, id], v)).toEqual([true]);
    expect(viewOk(chain, "0x1::donor_voice_txs::get_tx_status", [W, id], v - 1n)).toEqual([
      true,
      "0",
      1,
      false,
      false,
      "0",
      0,
    ]);
  });

  it("pays at the boundary that closes the deadline epoch, as locked coins to the slow payee", () => {
    expect(viewOk(chain, "0x1::donor_voice_txs::is_scheduled", [W, id], boundaryOf(chain, 13))).toEqual([true]);
    const paidAt = boundaryOf(chain, 14);
    expect(viewOk(chain, "0x1::donor_voice_txs::is_scheduled", [W, id], paidAt - 1n)).toEqual([true]);
    expect(viewOk(chain, "0x1::donor_voice_txs::is_paid", [W, id], paidAt)).toEqual([true]);

    const tx = chain.transactionByVersion(paidAt);
    expect(tx?.sender).toBe("0xb0b1");
    expect(tx?.payload).toMatchObject({ function: "0x1::diem_governance::trigger_epoch", arguments: [] });
    expect(events(tx).map((e) => [e.type, e.data])).toEqual([
      ["0x1::coin::WithdrawEvent", { amount: "1000000" }],
      ["0x1::coin::DepositEvent", { amount: "1000000" }],
      ["0x1::reconfiguration::NewEpochEvent", { epoch: "15" }],
    ]);
    const deposits = chain.events(TEAM, { kind: "handle", structTag: COIN_STORE, fieldName: "deposit_events" });
    expect(deposits?.map((e) => e.version)).toEqual([paidAt.toString()]);
    // Slow wallet: the coins arrive locked (unlocked 0, total 1 LIBRA).
    expect(viewOk(chain, "0x1::ol_account::balance", [TEAM])).toEqual(["0", "1000000"]);
  });

  it("answers reads at older versions as the chain did then", () => {
    expect(viewOk(chain, "0x1::ol_account::balance", [W], 0n)).toEqual(["0", "0"]);
    expect(viewOk(chain, "0x1::donor_voice_txs::list_by_status", [W, 4], 0n)).toEqual([[]]);
    expect(viewOk(chain, "0x1::ol_account::balance", [W])).toEqual(["9000000", "9000000"]);
    const [donation] = chain.accountTransactions(D1);
    const v = BigInt(donation?.version as string);
    const coinAt = (version: bigint) =>
      chain.resources(W, version)?.find((r) => r.type === COIN_STORE)?.data as { coin: { value: string } };
    expect(coinAt(v - 1n).coin.value).toBe("0");
    expect(coinAt(v).coin.value).toBe("10000000");
    expect(chain.account(D1, v - 1n)?.sequence_number).toBe("0");
    expect(chain.account(D1, v)?.sequence_number).toBe("1");
    expect(chain.account("0xdead", chain.head())).toBeUndefined();
    expect(chain.resources("0xdead", chain.head())).toBeUndefined();
  });
});

describe("short balance", () => {
  it("returns a due transfer to scheduled, then pays it once donations cover it", () => {
    const chain = simulate(
      buildScenario([
        { donations: [{ donor: D1, amount: (100n * LIBRA).toString() }] },
        approvedPayment("big", 150n * LIBRA),
        {},
        {},
        {},
        { donations: [{ donor: D2, amount: (100n * LIBRA).toString() }] },
        {},
      ]),
    );
    const id = txId(chain, "big");
    const short = boundaryOf(chain, 14);
    expect(viewOk(chain, "0x1::donor_voice_txs::is_scheduled", [W, id], short)).toEqual([true]);
    expect(chain.resourceAt(W, TxScheduleKind, short)?.scheduled.map((t) => t.deadline)).toEqual([14n]);
    expect(chain.resourceAt(FRAMEWORK, BoundaryStatusKind, short)).toEqual({
      ddAccountsCount: 1n,
      ddAccountsAmount: 0n,
      ddAccountsSuccess: false,
    });
    expect(events(chain.transactionByVersion(short)).map((e) => e.type)).toEqual([
      "0x1::reconfiguration::NewEpochEvent",
    ]);
    const paid = boundaryOf(chain, 15);
    expect(viewOk(chain, "0x1::donor_voice_txs::is_paid", [W, id], paid)).toEqual([true]);
    expect(viewOk(chain, "0x1::ol_account::balance", [W], paid)).toEqual(["50000000", "50000000"]);
  });
});

describe("freeze", () => {
  it("freezes after three consecutive vetoes; a payout resets the count but not the flag", () => {
    const chain = simulate(
      buildScenario([
        {
          donations: [
            { donor: D1, amount: (90n * LIBRA).toString() },
            { donor: D2, amount: (10n * LIBRA).toString() },
          ],
        },
        {
          proposals: ["p1", "p2", "p3"].map((ref) => ({
            ref,
            authority: A1,
            payee: TEAM,
            amount: "1000000",
            description: ref,
          })),
          approvals: ["p1", "p2", "p3"].map((ref) => ({ ref, authority: A2 })),
          vetoes: [
            { ref: "p1", donor: D1 },
            { ref: "p2", donor: D1 },
          ],
        },
        { ...approvedPayment("p4", 1n * LIBRA), vetoes: [{ ref: "p3", donor: D1 }] },
        {},
        {},
        {},
        {},
      ]),
    );
    const vetoes = chain.accountTransactions(D1).filter((t) => JSON.stringify(t.payload).includes("propose_veto"));
    const freezeAfter = (t: Tx | undefined) => chain.resourceAt(W, FreezeKind, BigInt(t?.version as string));
    expect(freezeAfter(vetoes[0])).toMatchObject({ consecutiveRejections: 1n, isFrozen: false });
    expect(freezeAfter(vetoes[1])).toMatchObject({ consecutiveRejections: 2n, isFrozen: false });
    expect(freezeAfter(vetoes[2])).toMatchObject({ consecutiveRejections: 3n, isFrozen: true });
    expect(viewOk(chain, "0x1::donor_voice_txs::is_account_frozen", [W], BigInt(vetoes[2]?.version as string))).toEqual(
      [true],
    );
    // p4 (approved in epoch 12, deadline 15) is paid at the boundary closing 15.
    const paid = boundaryOf(chain, 15);
    expect(viewOk(chain, "0x1::donor_voice_txs::is_paid", [W, txId(chain, "p4")], paid)).toEqual([true]);
    expect(chain.resourceAt(W, FreezeKind, paid)).toMatchObject({ consecutiveRejections: 0n, isFrozen: true });
  });
});

describe("donations", () => {
  const chain = simulate(
    buildScenario([
      {
        donations: [
          { donor: D1, amount: "5000000" },
          { donor: D1, amount: "333" },
        ],
      },
      { donations: [{ donor: D2, amount: "3000000" }] },
      { donations: [{ donor: D1, amount: "7000000" }] },
      {},
    ]),
  );

  it("accumulates cumulative deposits with the epoch-weighted index (integer math)", () => {
    expect(viewOk(chain, "0x1::cumulative_deposits::get_cumulative_deposits", [W])).toEqual(["15000333"]);
    // 5e6·1050/1000 + floor(333·1050/1000) + 3e6·1055/1000 + 7e6·1060/1000 = 5250000 + 349 + 3165000 + 7420000
    expect(viewOk(chain, "0x1::cumulative_deposits::get_index_cumu_deposits", [W])).toEqual(["15835349"]);
    expect(viewOk(chain, "0x1::cumulative_deposits::get_depositors", [W])).toEqual([
      [shortAddress(D1.slice(2)), "0xd2"],
    ]);
  });

  it("writes receipts on the donor: cumulative, last value and last time (unix seconds)", () => {
    const txs = chain.accountTransactions(D1);
    const last = txs[txs.length - 1];
    const seconds = (BigInt(last?.timestamp as string) / 1_000_000n).toString();
    expect(viewOk(chain, "0x1::receipts::read_receipt", [D1, W])).toEqual([seconds, "7000000", "12000333"]);
    expect(viewOk(chain, "0x1::donor_voice_governance::get_user_donations", [W, D2])).toEqual(["3000000"]);
    const before = BigInt(last?.version as string) - 1n;
    expect(viewOk(chain, "0x1::receipts::read_receipt", [D1, W], before)[2]).toBe("5000333");
    const receipts = chain.resources(D1, chain.head())?.find((r) => r.type === "0x1::receipts::UserReceipts");
    expect(receipts?.data).toEqual({
      destination: [W],
      cumulative: ["12000333"],
      last_payment_timestamp: [seconds],
      last_payment_value: ["7000000"],
    });
    // Each donation is a withdraw on the donor and a deposit on the wallet, in one `ol_account::transfer`.
    expect(last?.payload).toEqual({
      type: "entry_function_payload",
      function: "0x1::ol_account::transfer",
      type_arguments: [],
      arguments: [W, "7000000"],
    });
    expect(events(last).map((e) => e.type)).toEqual(["0x1::coin::WithdrawEvent", "0x1::coin::DepositEvent"]);
  });
});

describe("advances and failed proposals", () => {
  const OPS = "0x0b5";
  const chain = simulate(
    buildScenario(
      [
        { donations: [{ donor: D1, amount: (10_000n * LIBRA).toString() }] },
        {
          proposals: [
            { ref: "adv", authority: A1, payee: OPS, amount: "20000000", description: "advance", advance: true },
            { ref: "too-big", authority: A1, payee: OPS, amount: "60000000", description: "too big", advance: true },
            { ref: "outsider", authority: D1, payee: TEAM, amount: "1000000", description: "not an authority" },
          ],
          approvals: [{ ref: "adv", authority: A2 }],
        },
      ],
      { accounts: [{ address: OPS, slow: false }] },
    ),
  );

  it("pays an advance at once, without a TxSchedule record, and books it in Advances", () => {
    expect(viewOk(chain, "0x1::ol_account::balance", [OPS])).toEqual(["20000000", "20000000"]);
    expect(viewOk(chain, "0x1::community_wallet_advance::total_outstanding_balance", [W])).toEqual(["20000000"]);
    // 0.5 % of 9,980 LIBRA = 49.9 LIBRA, minus 20 outstanding
    expect(viewOk(chain, "0x1::community_wallet_advance::total_credit_available", [W])).toEqual(["29900000"]);
    const id = txId(chain, "adv");
    expect(viewOk(chain, "0x1::donor_voice_txs::get_tx_status", [W, id])).toEqual([true, "0", 2, true, false, "0", 0]);
    // The approving authority's transaction carries the payment.
    const [approval] = chain.accountTransactions(A2);
    expect(events(approval).map((e) => e.type)).toEqual(["0x1::coin::WithdrawEvent", "0x1::coin::DepositEvent"]);
  });

  it("keeps aborted proposals as failed transactions with the Move abort in vm_status", () => {
    const failed = [...chain.accountTransactions(A1), ...chain.accountTransactions(D1)].filter((t) => !t.success);
    expect(failed.map((t) => t.vm_status)).toEqual([
      "Move abort in 0x1::donor_voice_txs: EUNLOCKED_COIN_LIMIT_EXCEEDED(0x1000b): over credit line",
      "Move abort in 0x1::multi_action: ENOT_AUTHORIZED(0x10003): not an authority",
    ]);
    expect(chain.info.refIds.has("too-big")).toBe(false);
  });
});

describe("views", () => {
  const chain = simulate(buildScenario([{ donations: [{ donor: D1, amount: "5000000" }] }, {}]));

  it("answers the wallet's configuration views", () => {
    expect(viewOk(chain, "0x1::multi_action::get_authorities", [W])).toEqual([["0xa1", "0xa2", "0xa3"]]);
    expect(viewOk(chain, "0x1::multi_action::get_threshold", [W])).toEqual(["2", "3"]);
    expect(viewOk(chain, "0x1::donor_voice::get_root_registry", [])).toEqual([[W]]);
    expect(viewOk(chain, "0x1::donor_voice::is_donor_voice", [W])).toEqual([true]);
    expect(viewOk(chain, "0x1::donor_voice::is_donor_voice", [D1])).toEqual([false]);
    expect(viewOk(chain, "0x1::epoch_helper::get_current_epoch", [])).toEqual(["11"]);
    expect(viewOk(chain, "0x1::epoch_helper::get_current_epoch", [], 0n)).toEqual(["10"]);
    // Long and short address spellings are the same account.
    expect(viewOk(chain, "0x1::ol_account::balance", [`0x${"0".repeat(32)}19e966bfa4b32ce9b7e23721b37b96d2`])).toEqual(
      viewOk(chain, "0x1::ol_account::balance", [W]),
    );
  });

  it("aborts like Move on an unknown ballot and refuses malformed calls", () => {
    expect(chain.view(TALLY, [], [W, "99"], chain.head())).toEqual({
      ok: false,
      kind: "abort",
      message: "Move abort in 0x1::donor_voice_governance: ENO_BALLOT_FOUND(0x10002): No ballot found under that GUID",
      vmErrorCode: 0x10002,
    });
    expect(chain.view("0x1::nope::nothing", [], [], chain.head())).toMatchObject({ ok: false, kind: "invalid" });
    expect(chain.view(TALLY, [], [W], chain.head())).toMatchObject({ ok: false, kind: "invalid" });
    expect(chain.view(TALLY, [], [W, 99], chain.head())).toMatchObject({ ok: false, kind: "invalid" });
    expect(chain.view("0x1::donor_voice_txs::list_by_status", [], [W, "4"], chain.head())).toMatchObject({
      ok: false,
      kind: "invalid",
    });
    expect(chain.view("0x1::multi_action::get_authorities", [], [D1], chain.head())).toMatchObject({
      ok: false,
      kind: "abort",
      vmErrorCode: 4008,
    });
  });
});

describe("ledger", () => {
  const chain = simulate(
    buildScenario([
      { donations: [{ donor: D1, amount: "5000000" }], triggerDelaySecs: 120 },
      { donations: [{ donor: D1, amount: "5000000" }] },
      {},
    ]),
  );

  it("derives block times from genesis: epochs last 24 h plus the trigger delay", () => {
    // 2025-01-01T00:00:00Z = 1735689600 s
    expect(chain.ledgerAt(0n).timestampUsec).toBe(1_735_689_600_000_000n);
    const first = boundaryOf(chain, 10);
    const second = boundaryOf(chain, 11);
    expect(chain.ledgerAt(first).timestampUsec).toBe(1_735_776_120_000_000n);
    expect(chain.ledgerAt(second).timestampUsec).toBe(1_735_862_520_000_000n);
    // The boundary transaction is still in the closing epoch; the next version is in the new one.
    expect(chain.ledgerAt(first).epoch).toBe(10n);
    expect(chain.ledgerAt(first + 1n).epoch).toBe(11n);
    const epochs = chain.events("0x1", {
      kind: "handle",
      structTag: "0x1::reconfiguration::Configuration",
      fieldName: "events",
    });
    expect(epochs?.map((e) => [e.version, e.data])).toEqual([
      [first.toString(), { epoch: "11" }],
      [second.toString(), { epoch: "12" }],
    ]);
  });

  it("groups versions into blocks that start with block metadata", () => {
    expect(chain.blockByVersion(0n)).toMatchObject({ block_height: "0", first_version: "0", last_version: "0" });
    const b = chain.blockByVersion(1n);
    expect(b).toMatchObject({ block_height: "1", first_version: "1", last_version: "2" });
    expect(chain.transactionByVersion(1n)?.type).toBe("block_metadata_transaction");
    expect(chain.transactionByVersion(2n)?.type).toBe("user_transaction");
    const tx = chain.transactionByVersion(2n);
    expect(chain.transactionByHash(tx?.hash as string)).toEqual(tx);
  });

  it("moves head and the pruning floor within the produced versions", () => {
    expect(chain.head()).toBe(chain.lastVersion());
    chain.setHead(3n);
    expect(chain.head()).toBe(3n);
    expect(() => chain.setHead(chain.lastVersion() + 1n)).toThrow(RangeError);
    expect(chain.oldest()).toBe(0n);
    chain.setOldest(2n);
    expect(chain.oldest()).toBe(2n);
    chain.setHead(chain.lastVersion());
  });
});
