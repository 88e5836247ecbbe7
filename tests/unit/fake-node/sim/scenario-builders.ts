/**
 * Small scenarios for the simulator's unit tests: a wallet with three authorities (2-of-3) and short addresses that
 * read well in assertions.
 */
import type { MoveJson } from "../../../../src/fake-node/model.ts";
import { type Scenario, type ScenarioInput, ScenarioSchema } from "../../../../src/fake-node/sim/scenario.ts";
import type { SimulatedChain } from "../../../../src/fake-node/sim/simulator.ts";

export const W = "0x19e966bfa4b32ce9b7e23721b37b96d2";
export const A1 = "0xa1";
export const A2 = "0xa2";
export const A3 = "0xa3";
export const D1 = "0xd1";
export const D2 = "0xd2";
export const D3 = "0xd3";
export const TEAM = "0x7ea";
export const TEAM2 = "0x7eb";
export const LIBRA = 1_000_000n;

/** First epoch of every test scenario; epochs[i] is epoch 10 + i. */
export const FIRST_EPOCH = 10;

export function buildScenario(
  epochs: ScenarioInput["epochs"],
  extra: Partial<Omit<ScenarioInput, "epochs">> = {},
): Scenario {
  return ScenarioSchema.parse({
    name: "unit",
    genesisTime: "2025-01-01T00:00:00Z",
    firstEpoch: FIRST_EPOCH,
    wallet: { address: W, authorities: [A1, A2, A3], threshold: 2 },
    ...extra,
    epochs,
  });
}

/** A payment proposed by A1 and approved by A2 in the same epoch (so scheduled at once). */
export function approvedPayment(ref: string, amountUnits: bigint, payee = TEAM) {
  return {
    proposals: [{ ref, authority: A1, payee, amount: amountUnits.toString(), description: ref }],
    approvals: [{ ref, authority: A2 }],
  };
}

/** The values of a view that must succeed. */
export function viewOk(chain: SimulatedChain, fn: string, args: unknown[], version = chain.head()): MoveJson[] {
  const r = chain.view(fn, [], args, version);
  if (!r.ok) throw new Error(`${fn} failed: ${r.message}`);
  return r.values;
}

export function txId(chain: SimulatedChain, ref: string): string {
  const id = chain.info.refIds.get(ref);
  if (id === undefined) throw new Error(`no id for ${ref}`);
  return id.toString();
}

/** Version of the boundary transaction that closed `epoch`. */
export function boundaryOf(chain: SimulatedChain, epoch: number): bigint {
  const v = chain.info.boundaryVersions.get(BigInt(epoch));
  if (v === undefined) throw new Error(`epoch ${epoch} was never closed`);
  return BigInt(v);
}
