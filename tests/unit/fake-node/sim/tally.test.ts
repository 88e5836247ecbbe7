import { describe, expect, it } from "vitest";
import {
  approvalPct,
  MoveAbort,
  participationPct,
  tallyPasses,
  thresholdFromTurnout,
  thresholdRequired,
} from "../../../../src/fake-node/sim/tally.ts";

// Hand computation of the chain's fixed_point32 arithmetic (2^32 = 4294967296):
//   slope m = create_from_rational(4900, 7500) = floor(4900·2^32 / 7500) = 2806045300
//   b = 10000 + multiply_u64(1250, m) = 10000 + floor(1250·2806045300 / 2^32) = 10000 + floor(816.67) = 10816
//   threshold(x) = b − floor(x·m / 2^32) for 1250 ≤ x ≤ 8750 (x = turnout ×100)
describe("thresholdFromTurnout", () => {
  it("is 100 % at exactly 12.5 % turnout", () => {
    // x = 1250 → 10816 − floor(816.67) = 10000
    expect(thresholdFromTurnout(1n, 8n)).toBe(10000n);
  });

  it("falls linearly: 25 % → 91.83 %, 50 % → 75.5 %, 62.5 % → 67.33 %, 75 % → 59.17 %", () => {
    // x = 2500 → 10816 − floor(1633.33) = 9183
    expect(thresholdFromTurnout(1n, 4n)).toBe(9183n);
    // x = 5000 → 10816 − floor(3266.67) = 7550 (exactly 100 − 37.5·49/75 = 75.5 %)
    expect(thresholdFromTurnout(1n, 2n)).toBe(7550n);
    // x = 6250 → 10816 − floor(4083.33) = 6733
    expect(thresholdFromTurnout(5n, 8n)).toBe(6733n);
    // x = 7500 → 10816 − floor(4899.9999) = 5917: truncating the slope term rounds the threshold up (exact 5916.67)
    expect(thresholdFromTurnout(3n, 4n)).toBe(5917n);
  });

  it("bottoms out at 51 % from 87.5 % turnout and is 100 % below 12.5 %", () => {
    expect(thresholdFromTurnout(7n, 8n)).toBe(5100n);
    expect(thresholdFromTurnout(9n, 10n)).toBe(5100n);
    expect(thresholdFromTurnout(1n, 10n)).toBe(10000n);
  });

  it("aborts like the chain when there are no voters", () => {
    expect(() => thresholdFromTurnout(0n, 8n)).toThrow(MoveAbort);
    expect(() => thresholdFromTurnout(0n, 8n)).toThrow("EINITIALZE_ZERO(0x30008)");
  });
});

describe("participation and approval", () => {
  it("truncates towards zero", () => {
    expect(
      participationPct({ maxVotes: 8_000_000n, votesApprove: 1_000_000n, votesReject: 0n, minTurnout: 1250n }),
    ).toBe(1250n);
    expect(participationPct({ maxVotes: 8_000_000n, votesApprove: 999_999n, votesReject: 0n, minTurnout: 1250n })).toBe(
      1249n,
    );
    // 40 % is 3999, not 4000: floor(0.4·2^32) loses a fraction that the ×10000 then exposes.
    expect(participationPct({ maxVotes: 1000n, votesApprove: 400n, votesReject: 0n, minTurnout: 1250n })).toBe(3999n);
    expect(approvalPct({ maxVotes: 1000n, votesApprove: 300n, votesReject: 200n, minTurnout: 1250n })).toBe(5999n);
  });

  it("uses the threshold at the minimum turnout while turnout is below it", () => {
    // min votes = floor(8000·floor(1250·2^32/10000)/2^32) = 1000 → turnout 12.5 % → 100 %
    expect(thresholdRequired({ maxVotes: 8000n, votesApprove: 10n, votesReject: 0n, minTurnout: 1250n })).toBe(10000n);
  });
});

describe("tallyPasses", () => {
  it("passes at exactly 12.5 % turnout with 100 % approval", () => {
    const r = tallyPasses({ maxVotes: 8_000_000n, votesApprove: 1_000_000n, votesReject: 0n, minTurnout: 1250n });
    expect(r).toEqual({ pass: true, approvePct: 10000n, turnoutPct: 1250n });
  });

  it("fails one unit below 12.5 % turnout", () => {
    const r = tallyPasses({ maxVotes: 8_000_000n, votesApprove: 999_999n, votesReject: 0n, minTurnout: 1250n });
    expect(r).toEqual({ pass: false, approvePct: 10000n, turnoutPct: 1249n });
  });

  it("at 50 % turnout needs 75.5 % approval", () => {
    // 300 for, 200 against: approval 5999 < 7550
    expect(tallyPasses({ maxVotes: 1000n, votesApprove: 300n, votesReject: 200n, minTurnout: 1250n }).pass).toBe(false);
    // 380 for, 120 against: approval floor(0.76·…) = 7599 ≥ 7550
    expect(tallyPasses({ maxVotes: 1000n, votesApprove: 380n, votesReject: 120n, minTurnout: 1250n })).toEqual({
      pass: true,
      approvePct: 7599n,
      turnoutPct: 5000n,
    });
  });
});
