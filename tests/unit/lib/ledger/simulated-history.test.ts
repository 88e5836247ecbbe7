import { describe, expect, it } from "vitest";
import { claimsFakeNode, decideSimulated } from "../../../../src/lib/ledger/simulated-history.ts";

describe("decideSimulated", () => {
  it("keeps a simulated history simulated whatever the run claims (a demo extended from another node)", () => {
    expect(decideSimulated(true, false)).toEqual({ simulated: true, checkChainId: false, refusal: null });
    expect(decideSimulated(true, true)).toEqual({ simulated: true, checkChainId: false, refusal: null });
  });

  it("never marks a real history simulated, always checks its chain id, and refuses a claim of simulated data", () => {
    expect(decideSimulated(false, false)).toEqual({ simulated: false, checkChainId: true, refusal: null });
    const mixed = decideSimulated(false, true, "the node says it is Ledgerlight's fake node");
    expect(mixed.simulated).toBe(false);
    expect(mixed.checkChainId).toBe(true);
    expect(mixed.refusal).toMatch(
      /committed snapshot holds real chain history, but this run's data is said to be simulated \(the node says it is Ledgerlight's fake node\)\. Simulated data is never mixed into a real history/,
    );
  });

  it("takes the run's word for a first snapshot", () => {
    expect(decideSimulated(null, true)).toEqual({ simulated: true, checkChainId: false, refusal: null });
    expect(decideSimulated(null, false)).toEqual({ simulated: false, checkChainId: true, refusal: null });
  });
});

describe("claimsFakeNode", () => {
  it("recognises the fake node's git_hash only", () => {
    expect(claimsFakeNode("ledgerlight-fake-node 0.1.0")).toBe(true);
    expect(claimsFakeNode("3f1c2a9")).toBe(false);
    expect(claimsFakeNode(undefined)).toBe(false);
  });
});
