import { existsSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadOpenApiContract, type OpenApiContract } from "../../../../src/fake-node/http/openapi.ts";
import { loadScenarioFile } from "../../../../src/fake-node/sim/scenario.ts";
import { simulate } from "../../../../src/fake-node/sim/simulator.ts";

// The node's own OpenAPI description; the simulator's JSON must fit its component schemas. It lives beside the
// clone (../shared/spec/), read in place and never copied; where it is absent (a GitHub runner) this skips with a
// message, unless LEDGERLIGHT_REQUIRE_SPEC=1 (set by .ci/run) makes its absence a failure.
const SPEC = path.resolve(import.meta.dirname, "../../../../../shared/spec/diem-node-api-v1.2.0.yaml");
const specPresent = existsSync(SPEC);
if (!specPresent) {
  const message = `[node JSON shapes] The node's OpenAPI description is missing at ${SPEC}.`;
  if (process.env.LEDGERLIGHT_REQUIRE_SPEC === "1")
    throw new Error(`${message} LEDGERLIGHT_REQUIRE_SPEC=1 requires it.`);
  console.warn(`${message} Skipping; set LEDGERLIGHT_REQUIRE_SPEC=1 to fail instead.`);
}
const FIXTURES = new URL("../../../fixtures/scenarios/", import.meta.url);

describe.runIf(specPresent)("node JSON shapes", () => {
  // Loaded in beforeAll: a skipped describe still runs its body, and the spec may be absent.
  let contract: OpenApiContract;
  let chain: ReturnType<typeof simulate>;
  beforeAll(() => {
    contract = loadOpenApiContract(SPEC);
    chain = simulate(loadScenarioFile(new URL("sip-small.json", FIXTURES).pathname));
  });
  const W = "0x19e966bfa4b32ce9b7e23721b37b96d2";

  it("serves every transaction and block as the spec describes them", () => {
    const problems: string[] = [];
    for (let v = 0n; v <= chain.lastVersion(); v++) {
      problems.push(...contract.checkComponent("Transaction", chain.transactionByVersion(v)).map((p) => `v${v} ${p}`));
      problems.push(...contract.checkComponent("Block", chain.blockByVersion(v)).map((p) => `block@${v} ${p}`));
    }
    expect(problems).toEqual([]);
  });

  it("serves accounts, resources and events as the spec describes them", () => {
    const problems: string[] = [];
    const accounts = [W, "0x1", "0xb1471dc5764695abb4cb4ee8a3a8e55e", "0x5e1f6b3f0a1d5c8b9e7a2f4c6d8e0a11"];
    for (const a of accounts) {
      problems.push(...contract.checkComponent("AccountData", chain.account(a, chain.head())));
      for (const r of chain.resources(a, chain.head()) ?? []) {
        problems.push(...contract.checkComponent("MoveResource", r).map((p) => `${r.type} ${p}`));
      }
    }
    const streams = [
      chain.events(W, { kind: "creationNumber", creationNumber: 2n }),
      chain.events(W, { kind: "creationNumber", creationNumber: 3n }),
      chain.events("0x1", { kind: "handle", structTag: "0x1::reconfiguration::Configuration", fieldName: "events" }),
      chain.events("0x1", { kind: "handle", structTag: "0x1::block::BlockResource", fieldName: "new_block_events" }),
    ];
    for (const stream of streams) {
      expect(stream?.length).toBeGreaterThan(0);
      for (const e of stream ?? []) problems.push(...contract.checkComponent("VersionedEvent", e));
    }
    expect(problems).toEqual([]);
  });
});
