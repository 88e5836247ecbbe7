/**
 * Seeded generator of large scenarios for benchmarks and property tests. Same options → deep-equal scenario; no
 * clock, no Math.random. Money is drawn as bigint from 32-bit integer draws.
 */

import { Prng } from "./prng.ts";
import type { Scenario, ScenarioEpoch } from "./scenario.ts";

const LIBRA = 1_000_000n;

export interface GenerateOptions {
  seed: number;
  /** Number of `ol_account::transfer` donations. */
  donations: number;
  /** Number of payments proposed (each approved by `threshold` authorities in the same epoch). */
  transfers: number;
  /** Distinct donors (default 200). */
  donors?: number;
  /** Epochs, including the open last one (default 365). */
  epochs?: number;
  /** Distinct team payees (default 24). */
  teams?: number;
  /** m of the n-of-m multisig (default 3). */
  authorities?: number;
  /** n of the n-of-m multisig (default 2). */
  threshold?: number;
  /** Veto attempts by the largest donor (default transfers / 500). */
  vetoes?: number;
  /** Match-index inflows at epoch boundaries (default epochs / 30). */
  inflows?: number;
  firstEpoch?: number;
  genesisTime?: string;
  /** Empty blocks before each user block: versions unrelated to the wallet, so its versions are sparse (default 0). */
  fillerBlocks?: number;
}

function legacyAddress(rng: Prng): string {
  // Legacy 16-byte addresses padded with zeros, as most 0L accounts are (chain.md §1).
  return `${"0".repeat(32)}${rng.hex(16)}`;
}

function emptyEpoch(): ScenarioEpoch {
  return { triggerDelaySecs: 0, donations: [], inflows: [], proposals: [], approvals: [], vetoes: [] };
}

/** A scenario for the SIP-shaped wallet with the requested volume of activity. */
export function generateScenario(opts: GenerateOptions): Scenario {
  const rng = new Prng(opts.seed);
  const epochCount = Math.max(2, opts.epochs ?? 365);
  const donorCount = Math.max(1, opts.donors ?? 200);
  const teamCount = Math.max(1, opts.teams ?? 24);
  const authorityCount = Math.max(1, opts.authorities ?? 3);
  const threshold = Math.min(authorityCount, Math.max(1, opts.threshold ?? 2));
  const vetoCount = opts.vetoes ?? Math.floor(opts.transfers / 500);
  const inflowCount = opts.inflows ?? Math.floor(epochCount / 30);

  const donors = Array.from({ length: donorCount }, () => legacyAddress(rng));
  const teams = Array.from({ length: teamCount }, () => legacyAddress(rng));
  const authorities = Array.from({ length: authorityCount }, () => legacyAddress(rng));
  const epochs = Array.from({ length: epochCount }, emptyEpoch);
  const at = (e: number): ScenarioEpoch => epochs[e] as ScenarioEpoch;

  // The first donor is a whale who gives in the first epoch, so veto attempts always come from a real donor.
  let inflowTotal = 0n;
  for (let i = 0; i < opts.donations; i++) {
    const roll = rng.below(100);
    const amount =
      roll < 70
        ? rng.bigBetween(1n * LIBRA, 100n * LIBRA)
        : roll < 95
          ? rng.bigBetween(100n * LIBRA, 1_000n * LIBRA)
          : rng.bigBetween(1_000n * LIBRA, 20_000n * LIBRA);
    const donor = i === 0 ? (donors[0] as string) : rng.pick(donors);
    at(i === 0 ? 0 : rng.below(epochCount)).donations.push({ donor, amount });
    inflowTotal += amount;
  }
  for (let i = 0; i < inflowCount; i++) {
    const amount = rng.bigBetween(100n * LIBRA, 5_000n * LIBRA);
    at(rng.below(epochCount - 1)).inflows.push({ amount, source: "match_index" });
    inflowTotal += amount;
  }

  // Pay out about 85 % of what comes in, so some transfers meet a short balance and return to `scheduled`.
  const average = opts.transfers > 0 ? (inflowTotal * 85n) / 100n / BigInt(opts.transfers) : 0n;
  const refs: Array<{ ref: string; epoch: number }> = [];
  for (let i = 0; i < opts.transfers; i++) {
    const epoch = 1 + rng.below(epochCount - 1);
    const payee = rng.pick(teams);
    const amount = average < 10n ? 1n * LIBRA : rng.bigBetween(average / 5n, (average * 9n) / 5n);
    const ref = `t${i}`;
    const first = rng.below(authorityCount);
    const e = at(epoch);
    e.proposals.push({
      ref,
      authority: authorities[first] as string,
      payee,
      amount,
      description: `Award #${i} to team ${teams.indexOf(payee)}`,
      advance: false,
    });
    for (let k = 1; k < threshold; k++) {
      e.approvals.push({ ref, authority: authorities[(first + k) % authorityCount] as string });
    }
    refs.push({ ref, epoch });
  }
  for (let i = 0; i < vetoCount && refs.length > 0; i++) {
    const target = rng.pick(refs);
    at(target.epoch).vetoes.push({ ref: target.ref, donor: donors[0] as string });
  }

  return {
    name: `generated-seed-${opts.seed}`,
    description: `${opts.donations} donations, ${opts.transfers} transfers over ${epochCount} epochs (seed ${opts.seed})`,
    chainId: 1,
    genesisTime: opts.genesisTime ?? "2025-01-01T00:00:00Z",
    firstEpoch: opts.firstEpoch ?? 1,
    epochSecs: 86400,
    blockSize: 4,
    fillerBlocks: opts.fillerBlocks ?? 0,
    rules: {
      minTurnoutBps: 1250,
      paymentDelayEpochs: 3,
      vetoDurationEpochs: 7,
      proposalExpiryEpochs: 14,
      vetoJoinsPendingBallot: false,
    },
    wallet: {
      address: "0000000000000000000000000000000019e966bfa4b32ce9b7e23721b37b96d2",
      label: "Social Infrastructure Program",
      authorities,
      threshold,
      openingBalance: 0n,
      liquidateToMatchIndex: true,
    },
    accounts: [],
    triggerSigner: "000000000000000000000000000000000000000000000000000000000000b0b1",
    epochs,
  };
}
