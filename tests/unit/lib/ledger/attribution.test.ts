import { describe, expect, it } from "vitest";
import { attributeTransaction, canonicalFunctionId, type TxEvent } from "../../../../src/lib/ledger/attribution.ts";

const WALLET = `0x${"1".repeat(64)}`;
const DONOR = `0x${"a".repeat(64)}`;
const TEAM = `0x${"c".repeat(64)}`;
const OTHER_TEAM = `0x${"e".repeat(64)}`;
const streams = { wallet: WALLET, depositCreationNumber: 2n, withdrawCreationNumber: 3n };

const deposit = (account: string, sequence: bigint, amount: bigint, creationNumber = 2n): TxEvent => ({
  account,
  creationNumber,
  sequence,
  type: "0x1::coin::DepositEvent",
  amount,
});
const withdraw = (account: string, sequence: bigint, amount: bigint, creationNumber = 3n): TxEvent => ({
  account,
  creationNumber,
  sequence,
  type: "0x1::coin::WithdrawEvent",
  amount,
});

describe("attributeTransaction", () => {
  it("calls an ol_account::transfer into the wallet a donation from its sender", () => {
    const result = attributeTransaction(streams, {
      function: "0x1::ol_account::transfer",
      sender: DONOR,
      success: true,
      events: [withdraw(DONOR, 7n, 5n), deposit(WALLET, 0n, 5n)],
    });
    expect(result).toEqual([{ stream: "deposit", sequence: 0n, category: "donation", counterparty: DONOR }]);
  });

  it("pairs each boundary payout with the payee's deposit of the same amount, in order", () => {
    const result = attributeTransaction(streams, {
      function: "0x1::diem_governance::trigger_epoch",
      sender: DONOR,
      success: true,
      events: [
        withdraw(WALLET, 4n, 100n),
        deposit(TEAM, 0n, 100n),
        withdraw(WALLET, 5n, 100n),
        deposit(OTHER_TEAM, 0n, 100n),
        {
          account: `0x${"0".repeat(63)}1`,
          creationNumber: 2n,
          sequence: 9n,
          type: "0x1::reconfiguration::NewEpochEvent",
          amount: undefined,
        },
      ],
    });
    expect(result).toEqual([
      { stream: "withdraw", sequence: 4n, category: "payout", counterparty: TEAM },
      { stream: "withdraw", sequence: 5n, category: "payout", counterparty: OTHER_TEAM },
    ]);
  });

  it("calls a withdraw inside propose_payment_tx an advance", () => {
    const [only] = attributeTransaction(streams, {
      function: "0x00000000000000000000000000000001::donor_voice_txs::propose_payment_tx",
      sender: DONOR,
      success: true,
      events: [withdraw(WALLET, 0n, 9n), deposit(TEAM, 3n, 9n)],
    });
    expect(only).toEqual({ stream: "withdraw", sequence: 0n, category: "advance", counterparty: TEAM });
  });

  it("keeps deposits with no receipt (e.g. match-index recycling in a boundary) as other inflows", () => {
    const result = attributeTransaction(streams, {
      function: "0x1::diem_governance::trigger_epoch",
      sender: DONOR,
      success: true,
      events: [deposit(WALLET, 3n, 42n)],
    });
    expect(result).toEqual([{ stream: "deposit", sequence: 3n, category: "other-inflow", counterparty: null }]);
  });

  it("ignores other accounts' streams and the wallet's other event handles", () => {
    const result = attributeTransaction(streams, {
      function: "0x1::ol_account::transfer",
      sender: DONOR,
      success: true,
      events: [deposit(TEAM, 0n, 5n), deposit(WALLET, 0n, 5n, 99n)],
    });
    expect(result).toEqual([]);
  });

  it("names unknown outflows without guessing a category", () => {
    const [only] = attributeTransaction(streams, {
      function: "0x1::some_module::sweep",
      sender: null,
      success: true,
      events: [withdraw(WALLET, 1n, 3n)],
    });
    expect(only).toEqual({ stream: "withdraw", sequence: 1n, category: "other-outflow", counterparty: null });
  });
});

describe("canonicalFunctionId", () => {
  it("strips leading zeros from the address part only", () => {
    expect(canonicalFunctionId("0x0000000000000000000000000000000000000000000000000000000000000001::a::b")).toBe(
      "0x1::a::b",
    );
    expect(canonicalFunctionId("0xABC::m::f")).toBe("0xabc::m::f");
    expect(canonicalFunctionId("user_transaction")).toBe("user_transaction");
  });

  it("gives what the address-part replacement gives, on ids it leaves alone as on ids it rewrites", () => {
    const replaced = (id: string) =>
      id.replace(/^0x0*([0-9a-fA-F]+)::/, (_all, hex: string) => `0x${hex.toLowerCase()}::`);
    const ids = ["0x1::coin::DepositEvent", "0x19e966bf::m::f", "0x0::m::f", "0x00::m::f", "0x01::m::f", "0x::m::f"];
    ids.push("0x1", "0x1:", "0x1:m", "0xaB::m::f", "0xa0::m::f", "0x12g::m::f", "0X1::m::f", "1x1::m::f", "0x1::", "");
    for (const id of ids) expect(canonicalFunctionId(id), id).toBe(replaced(id));
  });
});
