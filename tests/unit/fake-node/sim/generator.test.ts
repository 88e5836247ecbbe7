import { describe, expect, it } from "vitest";
import { generateScenario } from "../../../../src/fake-node/sim/generator.ts";
import { ScenarioSchema } from "../../../../src/fake-node/sim/scenario.ts";
import { simulate } from "../../../../src/fake-node/sim/simulator.ts";

describe("generateScenario", () => {
  it("is a pure function of its options", () => {
    const opts = { seed: 42, donations: 2_000, transfers: 200, epochs: 60 };
    expect(generateScenario(opts)).toEqual(generateScenario(opts));
    expect(generateScenario({ ...opts, seed: 43 })).not.toEqual(generateScenario(opts));
  });

  it("makes exactly the requested activity, valid against the scenario schema", () => {
    const s = generateScenario({ seed: 1, donations: 1_000, transfers: 100, epochs: 40, threshold: 3, authorities: 4 });
    expect(s.epochs).toHaveLength(40);
    expect(s.epochs.reduce((n, e) => n + e.donations.length, 0)).toBe(1_000);
    expect(s.epochs.reduce((n, e) => n + e.proposals.length, 0)).toBe(100);
    expect(s.epochs.reduce((n, e) => n + e.approvals.length, 0)).toBe(200);
    expect(
      ScenarioSchema.safeParse(JSON.parse(JSON.stringify(s, (_k, v) => (typeof v === "bigint" ? String(v) : v))))
        .success,
    ).toBe(true);
    const chain = simulate(s);
    const approved = chain.view("0x1::donor_voice_txs::list_by_status", [], [s.wallet.address, 2], chain.head());
    expect(approved.ok && (approved.values[0] as string[]).length).toBe(100);
  });

  it("generates and simulates 10^5 donations and 10^4 transfers in seconds (timings printed)", () => {
    let t = performance.now();
    const s = generateScenario({ seed: 7, donations: 100_000, transfers: 10_000 });
    const generateMs = performance.now() - t;
    t = performance.now();
    const chain = simulate(s);
    const simulateMs = performance.now() - t;
    console.log(
      `generator: 10^5 donations + 10^4 transfers generated in ${generateMs.toFixed(0)} ms, ` +
        `simulated in ${simulateMs.toFixed(0)} ms (${chain.lastVersion() + 1n} versions)`,
    );
    const deposits = chain.events(s.wallet.address, {
      kind: "handle",
      structTag: "0x1::coin::CoinStore<0x1::libra_coin::LibraCoin>",
      fieldName: "deposit_events",
    });
    // Every donation plus every match-index inflow is a deposit on the wallet.
    const inflows = s.epochs.slice(0, -1).reduce((n, e) => n + e.inflows.length, 0);
    expect(deposits?.length).toBe(100_000 + inflows);
  }, 60_000);
});
