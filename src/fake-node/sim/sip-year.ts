/**
 * Builds `tests/fixtures/scenarios/sip-year.json`: a realistic year (365 epochs) of the Social Infrastructure
 * Program. Hand-planned events (awards to teams, linked stewardship fees ≤ 4 %, a vetoed award, a failed veto, an
 * award that meets a short balance and returns to `scheduled`, an advance, match-index inflows, an expired proposal)
 * on top of seeded donor noise. The committed JSON must equal `scenarioToJson(buildSipYearScenario())`; a unit test
 * checks it.
 *
 * Regenerate: `node src/fake-node/sim/sip-year.ts > tests/fixtures/scenarios/sip-year.json`
 */

import { normalizeAddress } from "./move-json.ts";
import { Prng } from "./prng.ts";
import type { Scenario, ScenarioEpoch } from "./scenario.ts";
import { scenarioToJson } from "./scenario.ts";

const LIBRA = 1_000_000n;
const EPOCHS = 365;

const addr = (short: string): string => normalizeAddress(short) ?? "";

export const SIP_YEAR = {
  wallet: addr("0x19e966bfa4b32ce9b7e23721b37b96d2"),
  authorities: [
    addr("0x7ec16859c24200d8e074809d252ac740"),
    addr("0x3a6c9fd91c1a7f10cde8f5c1f2fb6a34"),
    addr("0xd1281de242839fd368dc9e4ce3c0cbb9"),
  ],
  steward: addr("0x5157e3a2d0c4f1b8a9e6d7c3b2a1f0e9"),
  whale: addr("0xb1471dc5764695abb4cb4ee8a3a8e55e"),
  teams: {
    mutualHealth: addr("0x5e1f6b3f0a1d5c8b9e7a2f4c6d8e0a11"),
    ruralClinic: addr("0x61c0a7e2d93b4f5a8c1e0d2b3a4f5e66"),
    openEducation: addr("0x6a2e7c4a1b2e6d9caf8b3a5d7e9f1b22"),
    scholarships: addr("0x6c3d9e8f7a6b5c4d3e2f1a0b9c8d7e77"),
    housingCoop: addr("0x7b3f8d5b2c3f7eadb09c4b6e8fa02c33"),
    shelter: addr("0x7d4e0f1a2b3c4d5e6f708192a3b4c588"),
    insurance: addr("0x8e5f1a2b3c4d5e6f7a8b9c0d1e2f3a99"),
    disputes: addr("0x9f6a2b3c4d5e6f7a8b9c0d1e2f3a4baa"),
  },
  /** Not a slow wallet: the only payee an advance can reach. */
  disputesOperating: addr("0x9f6a2b3c4d5e6f7a8b9c0d1e2f3a4bbb"),
} as const;

interface Award {
  epoch: number;
  ref: string;
  payee: string;
  libra: bigint;
  description: string;
  /** Linked stewardship fee in basis points (none for the vetoed and the unfinished award). */
  feeBps?: bigint;
}

const T = SIP_YEAR.teams;

/** The twelve awards of the year plus one proposed too late to be paid; epochs are offsets from genesis. */
export const SIP_YEAR_AWARDS: readonly Award[] = [
  {
    epoch: 20,
    ref: "health-2025-q1",
    payee: T.mutualHealth,
    libra: 40_000n,
    description: "Mutual health plan premiums, Q1",
    feeBps: 350n,
  },
  {
    epoch: 35,
    ref: "education-term-1",
    payee: T.openEducation,
    libra: 25_000n,
    description: "Open education fund, term 1",
    feeBps: 350n,
  },
  {
    epoch: 50,
    ref: "housing-repairs",
    payee: T.housingCoop,
    libra: 30_000n,
    description: "Housing cooperative repairs",
    feeBps: 350n,
  },
  {
    epoch: 70,
    ref: "insurance-capital",
    payee: T.insurance,
    libra: 150_000n,
    description: "Mutual insurance pool capitalisation",
    feeBps: 300n,
  },
  {
    epoch: 95,
    ref: "disputes-panel",
    payee: T.disputes,
    libra: 15_000n,
    description: "Community dispute resolution panel",
    feeBps: 400n,
  },
  {
    epoch: 120,
    ref: "clinic-2025-h1",
    payee: T.ruralClinic,
    libra: 35_000n,
    description: "Rural clinic plan, H1",
    feeBps: 350n,
  },
  {
    epoch: 150,
    ref: "scholarships-2025",
    payee: T.scholarships,
    libra: 20_000n,
    description: "Scholarship circle stipends",
  },
  {
    epoch: 180,
    ref: "shelter-winter",
    payee: T.shelter,
    libra: 45_000n,
    description: "Emergency shelter winterisation",
    feeBps: 350n,
  },
  {
    epoch: 210,
    ref: "health-2025-q3",
    payee: T.mutualHealth,
    libra: 40_000n,
    description: "Mutual health plan premiums, Q3",
    feeBps: 350n,
  },
  {
    epoch: 250,
    ref: "education-term-2",
    payee: T.openEducation,
    libra: 25_000n,
    description: "Open education fund, term 2",
    feeBps: 350n,
  },
  {
    epoch: 300,
    ref: "insurance-reserve",
    payee: T.insurance,
    libra: 30_000n,
    description: "Mutual insurance claims reserve",
    feeBps: 350n,
  },
  {
    epoch: 330,
    ref: "disputes-training",
    payee: T.disputes,
    libra: 20_000n,
    description: "Dispute resolution training",
    feeBps: 350n,
  },
  { epoch: 362, ref: "housing-tools", payee: T.housingCoop, libra: 12_000n, description: "Housing cooperative tools" },
];

/** The year, deterministic: seeded donor noise plus the planned events above. */
export function buildSipYearScenario(): Scenario {
  const rng = new Prng(20250101);
  const epochs: ScenarioEpoch[] = Array.from({ length: EPOCHS }, (_, i) => ({
    triggerDelaySecs: i === EPOCHS - 1 ? 0 : rng.between(0, 900),
    donations: [],
    inflows: [],
    proposals: [],
    approvals: [],
    vetoes: [],
  }));
  const at = (e: number): ScenarioEpoch => epochs[e] as ScenarioEpoch;
  const [a1, a2, a3] = SIP_YEAR.authorities as unknown as [string, string, string];

  // The largest donor opens the year with 80,000 LIBRA and tops up monthly.
  at(0).donations.push({ donor: SIP_YEAR.whale, amount: 80_000n * LIBRA });
  for (let e = 30; e < EPOCHS; e += 30) at(e).donations.push({ donor: SIP_YEAR.whale, amount: 10_000n * LIBRA });

  const donors: string[] = [];
  for (let i = 0; i < 39; i++) {
    const donor = `${"0".repeat(32)}${rng.hex(16)}`;
    donors.push(donor);
    const cadence = rng.pick([7, 14, 30, 45, 60, 90]);
    const low = BigInt(rng.between(50, 400));
    const high = low + BigInt(rng.between(100, 1_600));
    for (let e = rng.below(cadence); e < EPOCHS; e += cadence) {
      at(e).donations.push({ donor, amount: rng.bigBetween(low * LIBRA, high * LIBRA) });
    }
  }

  for (const [e, units] of [
    [90, 1_234_567_891n],
    [180, 2_345_678_912n],
    [270, 987_654_321n],
  ] as const) {
    at(e).inflows.push({ amount: units, source: "match_index" });
  }

  for (const [i, award] of SIP_YEAR_AWARDS.entries()) {
    const e = at(award.epoch);
    const proposer = i % 2 === 0 ? a1 : a2;
    const approver = i % 2 === 0 ? a2 : a3;
    const amount = award.libra * LIBRA;
    e.proposals.push({
      ref: award.ref,
      authority: proposer,
      payee: award.payee,
      amount,
      description: award.description,
      advance: false,
    });
    e.approvals.push({ ref: award.ref, authority: approver });
    if (award.feeBps !== undefined) {
      const feeRef = `fee-${award.ref}`;
      const pct = `${award.feeBps / 100n}.${(award.feeBps % 100n).toString().padStart(2, "0")}`;
      e.proposals.push({
        ref: feeRef,
        authority: approver,
        payee: SIP_YEAR.steward,
        amount: (amount * award.feeBps) / 10_000n,
        description: `Stewardship fee (${pct} %) for: ${award.description}`,
        advance: false,
      });
      e.approvals.push({ ref: feeRef, authority: a3 === approver ? a1 : a3 });
    }
  }

  // The largest donor vetoes the scholarship award in the epoch it is approved.
  at(150).vetoes.push({ ref: "scholarships-2025", donor: SIP_YEAR.whale });
  // A small donor tries to veto the shelter award; far below 12.5 % turnout, the ballot stays open and it is paid.
  at(181).vetoes.push({ ref: "shelter-winter", donor: donors[0] as string });

  // An advance: paid at once from the credit line (0.5 % of the balance), no veto window.
  at(140).proposals.push({
    ref: "disputes-travel-advance",
    authority: a1,
    payee: SIP_YEAR.disputesOperating,
    amount: 150n * LIBRA,
    description: "Mediator travel (advance)",
    advance: true,
  });
  at(140).approvals.push({ ref: "disputes-travel-advance", authority: a3 });

  // Proposed by one authority only: expires after 14 epochs and is lazily rejected by the next proposal.
  at(200).proposals.push({
    ref: "garden-unapproved",
    authority: a3,
    payee: T.housingCoop,
    amount: 5_000n * LIBRA,
    description: "Community garden (not approved)",
    advance: false,
  });

  return {
    name: "sip-year",
    description:
      "A year of the Social Infrastructure Program: 40 donors, twelve awards to teams with linked stewardship fees (≤ 4 %), a veto, a failed veto, a return to scheduled on a short balance, an advance, match-index inflows.",
    chainId: 1,
    genesisTime: "2025-01-01T00:00:00Z",
    firstEpoch: 400,
    epochSecs: 86400,
    blockSize: 4,
    fillerBlocks: 0,
    rules: {
      minTurnoutBps: 1250,
      paymentDelayEpochs: 3,
      vetoDurationEpochs: 7,
      proposalExpiryEpochs: 14,
      vetoJoinsPendingBallot: false,
    },
    wallet: {
      address: SIP_YEAR.wallet,
      label: "Social Infrastructure Program",
      authorities: [...SIP_YEAR.authorities],
      threshold: 2,
      openingBalance: 25_000n * LIBRA,
      liquidateToMatchIndex: true,
    },
    accounts: [
      { address: SIP_YEAR.steward, label: "steward (administrative fee)" },
      { address: SIP_YEAR.whale, label: "largest donor" },
      { address: T.mutualHealth, label: "team: mutual health plan" },
      { address: T.ruralClinic, label: "team: rural clinic plan" },
      { address: T.openEducation, label: "team: open education fund" },
      { address: T.scholarships, label: "team: scholarship circle" },
      { address: T.housingCoop, label: "team: housing cooperative" },
      { address: T.shelter, label: "team: emergency shelter" },
      { address: T.insurance, label: "team: mutual insurance pool" },
      { address: T.disputes, label: "team: community dispute resolution" },
      { address: SIP_YEAR.disputesOperating, label: "dispute resolution operating account", slow: false },
    ],
    triggerSigner: "000000000000000000000000000000000000000000000000000000000000b0b1",
    epochs,
  };
}

if (import.meta.main) {
  process.stdout.write(scenarioToJson(buildSipYearScenario()));
}
