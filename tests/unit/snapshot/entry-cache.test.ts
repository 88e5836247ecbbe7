import { describe, expect, it } from "vitest";
import { ValidationError } from "../../../src/errors.ts";
import { PaymentActionSchema, TxScheduleSchema } from "../../../src/schemas/chain-resources.ts";
import { parseOrThrow } from "../../../src/schemas/parse.ts";
import { createEntryCache } from "../../../src/snapshot/entry-cache.ts";

/** A `TimedTransfer` as the node writes it (u64 as strings, short addresses, bytes as hex). */
const transfer = (uid: number, value = "1000", description = "0x6869") => ({
  uid: { creation_num: String(uid), addr: "0x19e966bfa4b32ce9b7e23721b37b96d2" },
  deadline: "12",
  tx: { payee: "0xabc", value, description },
  epoch_latest_veto_received: "0",
});
const schedule = (...paid: ReturnType<typeof transfer>[]) => ({
  scheduled: [transfer(1)],
  veto: [],
  paid,
  guid_capability: { addr: "0x19e966bfa4b32ce9b7e23721b37b96d2" },
});
const ballot = (id: number, votes: string[]) => ({
  guid: { id: { creation_num: String(id), addr: "0x19e966bfa4b32ce9b7e23721b37b96d2" } },
  tally_type: {
    proposal_data: { payee: "0xabc", value: "5", description: "0x" },
    votes,
    approved: false,
    expiration_epoch: "20",
  },
  completed: false,
});
const action = (...pending: ReturnType<typeof ballot>[]) => ({
  can_withdraw: true,
  vote: { ballots_pending: pending, ballots_approved: [], ballots_rejected: [] },
});

describe("createEntryCache", () => {
  it("parses a schedule and a payment action exactly as their whole schemas do", () => {
    const cache = createEntryCache();
    const rawSchedule = schedule(transfer(2), transfer(3, "7", "0x"));
    expect(cache.schedule(rawSchedule, "TxSchedule")).toEqual(parseOrThrow(TxScheduleSchema, rawSchedule, "x"));
    const rawAction = action(ballot(4, ["0x1", "0x2"]));
    expect(cache.paymentAction(rawAction, "Action")).toEqual(parseOrThrow(PaymentActionSchema, rawAction, "x"));
  });

  it("reuses an entry whose raw JSON is unchanged in the next run, and parses one that changed", () => {
    const cache = createEntryCache();
    const first = cache.schedule(schedule(transfer(2)), "TxSchedule");
    cache.nextRun();
    // Fresh objects with the same text (as a new HTTP answer gives), and one entry changed.
    const second = cache.schedule(schedule(transfer(2, "1001")), "TxSchedule");
    expect(second.scheduled[0]).toBe(first.scheduled[0]);
    expect(second.paid[0]).not.toBe(first.paid[0]);
    expect(second.paid[0]?.tx.value).toBe(1001n);
    // A vote added to a ballot is a changed entry.
    const before = cache.paymentAction(action(ballot(4, ["0x1"])), "Action");
    cache.nextRun();
    const after = cache.paymentAction(action(ballot(4, ["0x1", "0x2"])), "Action");
    expect(after.vote.ballots_pending[0]?.tally_type.votes).toHaveLength(2);
    expect(before.vote.ballots_pending[0]?.tally_type.votes).toHaveLength(1);
  });

  it("forgets entries the last run did not see (two runs kept at most)", () => {
    const cache = createEntryCache();
    const first = cache.schedule(schedule(transfer(2)), "TxSchedule");
    cache.nextRun();
    cache.schedule(schedule(), "TxSchedule");
    cache.nextRun();
    expect(cache.schedule(schedule(transfer(2)), "TxSchedule").paid[0]).not.toBe(first.paid[0]);
  });

  it("gives the entry parsed before for the very same raw object (a reusing parser's unchanged entry), runs later", () => {
    const cache = createEntryCache();
    const kept = transfer(2);
    const first = cache.schedule(schedule(kept), "TxSchedule");
    for (let run = 0; run < 3; run++) {
      cache.nextRun();
      cache.schedule(schedule(), "TxSchedule");
    }
    cache.nextRun();
    expect(cache.schedule(schedule(kept), "TxSchedule").paid[0]).toBe(first.paid[0]);
    // The same object read as a proposal is parsed by that schema, not given the transfer's value.
    expect(() => cache.paymentAction(action(kept as unknown as ReturnType<typeof ballot>), "Action")).toThrow(
      ValidationError,
    );
  });

  it("parses lists that begin with the last run's very raw entries as the whole schema does, list by list", () => {
    const cache = createEntryCache();
    const [a, b, c, x] = [transfer(2), transfer(3), transfer(4), transfer(5, "9")];
    const runs = [
      { scheduled: [a], veto: [], paid: [a, b, c] },
      { scheduled: [a, b], veto: [], paid: [a, b, x, c] },
      { scheduled: [], veto: [a, b, x, c], paid: [a] },
      { scheduled: [x], veto: [a, b], paid: [a, b, c, x] },
    ];
    let last: ReturnType<typeof cache.schedule> | undefined;
    for (const lists of runs) {
      const raw = { ...lists, guid_capability: { addr: "0x19e966bfa4b32ce9b7e23721b37b96d2" } };
      const parsed = cache.schedule(raw, "TxSchedule");
      expect(parsed).toEqual(parseOrThrow(TxScheduleSchema, raw, "x"));
      if (last) expect(parsed.paid[0]).toBe(last.paid[0]);
      last = parsed;
      cache.nextRun();
    }
  });

  it("refuses an invalid entry with the whole schema's error, naming every problem", () => {
    const cache = createEntryCache();
    cache.schedule(schedule(transfer(2)), "TxSchedule");
    cache.nextRun();
    const bad = schedule(transfer(2), transfer(3, "-1"));
    const expected = (() => {
      try {
        parseOrThrow(TxScheduleSchema, bad, "resource TxSchedule at version 9");
      } catch (error) {
        return (error as Error).message;
      }
      return "the whole schema accepted it";
    })();
    expect(expected).toMatch(/paid\[1\]\.tx\.value/);
    expect(() => cache.schedule(bad, "resource TxSchedule at version 9")).toThrow(ValidationError);
    expect(() => cache.schedule(bad, "resource TxSchedule at version 9")).toThrow(expected);
  });

  it("decodes a description once per parsed entry, so a reused entry brings its decoding along", () => {
    const cache = createEntryCache();
    const first = cache.schedule(schedule(transfer(2)), "TxSchedule").paid[0];
    if (!first) throw new Error("no entry");
    const decoded = cache.description(first.tx);
    expect(decoded).toEqual({ hex: "0x6869", text: "hi" });
    cache.nextRun();
    const again = cache.schedule(schedule(transfer(2)), "TxSchedule").paid[0];
    if (!again) throw new Error("no entry");
    expect(cache.description(again.tx)).toBe(decoded);
  });
});
