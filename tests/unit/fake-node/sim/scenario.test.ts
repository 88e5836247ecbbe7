import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { generateScenario } from "../../../../src/fake-node/sim/generator.ts";
import {
  loadScenarioFile,
  parseScenarioText,
  ScenarioError,
  scenarioToJson,
} from "../../../../src/fake-node/sim/scenario.ts";
import { buildSipYearScenario } from "../../../../src/fake-node/sim/sip-year.ts";

const FIXTURES = new URL("../../../fixtures/scenarios/", import.meta.url);

function problemsOf(text: string, fileName = "scenario.json"): readonly string[] {
  try {
    parseScenarioText(text, fileName);
  } catch (err) {
    if (err instanceof ScenarioError) return err.problems;
    throw err;
  }
  throw new Error("expected the scenario to be rejected");
}

const HEADER = `{
  "name": "bad",
  "genesisTime": "2025-01-01T00:00:00Z",
  "wallet": {
    "address": "0x19e966bfa4b32ce9b7e23721b37b96d2",
    "authorities": ["0xa1", "0xa2"],
    "threshold": 2
  },
  "epochs": [
    {},`;

describe("parseScenarioText", () => {
  it("names file, line and field of a malformed amount", () => {
    const text = `${HEADER}
    {
      "donations": [
        { "donor": "0xd1", "amount": "5000000" },
        { "donor": "0xd2", "amount": "12.5" }
      ]
    }
  ]
}`;
    expect(problemsOf(text)).toEqual([
      "scenario.json:14 epochs[1].donations[1].amount: expected a decimal string of base units",
    ]);
    expect(() => parseScenarioText(text, "scenario.json")).toThrow(
      "Invalid scenario scenario.json:\nscenario.json:14 epochs[1].donations[1].amount: expected a decimal string of base units",
    );
  });

  it("rejects amounts written as JSON numbers (they would lose precision past 2^53)", () => {
    const text = `${HEADER}
    { "donations": [{ "donor": "0xd1", "amount": 5000000 }] }
  ]
}`;
    expect(problemsOf(text)).toEqual([
      "scenario.json:11 epochs[1].donations[0].amount: expected a decimal string of base units",
    ]);
  });

  it("reports every problem: missing field (at its object), unknown field, unknown ref, bad address", () => {
    const text = `${HEADER}
    {
      "donations": [{ "amount": "1" }],
      "vetoes": [{ "ref": "nope", "donor": "0xd1" }],
      "proposals": [
        { "ref": "p", "authority": "0xzz", "payee": "0x7e", "amount": "1", "description": "d", "colour": "red" }
      ]
    }
  ]
}`;
    expect(problemsOf(text)).toEqual([
      "scenario.json:12 epochs[1].donations[0].donor: expected an account address",
      "scenario.json:15 epochs[1].proposals[0].authority: expected an account address (1–64 hex digits, optional 0x)",
      "scenario.json:15 epochs[1].proposals[0].colour: unknown field",
    ]);
    // Cross-field checks run once the shapes are valid.
    const refs = `${HEADER}
    { "vetoes": [{ "ref": "nope", "donor": "0xd1" }] }
  ]
}`;
    expect(problemsOf(refs)).toEqual([
      'scenario.json:11 epochs[1].vetoes[0].ref: unknown proposal ref "nope" (proposals must come first, in this or an earlier epoch)',
    ]);
  });

  it("checks the multisig threshold against the authorities", () => {
    const text = HEADER.replace('"threshold": 2', '"threshold": 3').replace(/,$/, "\n  ]\n}");
    expect(problemsOf(text)).toEqual(["scenario.json:7 wallet.threshold: threshold 3 is more than the 2 authorities"]);
  });

  it("says when the file is not JSON at all", () => {
    expect(problemsOf("{ name: 1 }", "broken.json")[0]).toMatch(/^broken\.json: not valid JSON: /);
  });

  it("normalises addresses and converts amounts to bigint", () => {
    const s = parseScenarioText(
      `${HEADER}
    { "donations": [{ "donor": "D1", "amount": "18446744073709551615" }] }
  ]
}`,
      "ok.json",
    );
    expect(s.wallet.address).toBe(`${"0".repeat(32)}19e966bfa4b32ce9b7e23721b37b96d2`);
    expect(s.wallet.authorities[0]).toBe(`${"0".repeat(62)}a1`);
    expect(s.epochs[1]?.donations[0]).toEqual({ donor: `${"0".repeat(62)}d1`, amount: 18446744073709551615n });
    expect(s.rules.minTurnoutBps).toBe(1250);
    expect(
      problemsOf(`${HEADER}
    { "donations": [{ "donor": "0xd1", "amount": "18446744073709551616" }] }
  ]
}`),
    ).toEqual(["scenario.json:11 epochs[1].donations[0].amount: amount does not fit in a u64"]);
  });
});

describe("scenario files", () => {
  it("loads the committed fixtures", () => {
    expect(loadScenarioFile(new URL("sip-small.json", FIXTURES).pathname).epochs).toHaveLength(6);
    expect(loadScenarioFile(new URL("sip-year.json", FIXTURES).pathname).epochs).toHaveLength(365);
  });

  it("names the path it was given in errors", () => {
    expect(() => loadScenarioFile(new URL("sip-small.json", FIXTURES).pathname.replace(".json", ".nope"))).toThrow(
      /ENOENT/,
    );
  });

  it("keeps sip-year.json identical to what its builder produces", () => {
    const committed = readFileSync(new URL("sip-year.json", FIXTURES), "utf8");
    expect(committed).toBe(scenarioToJson(buildSipYearScenario()));
  });

  it("round-trips through scenarioToJson", () => {
    const s = generateScenario({ seed: 3, donations: 200, transfers: 20, epochs: 30 });
    expect(parseScenarioText(scenarioToJson(s), "generated.json")).toEqual(s);
  });
});
