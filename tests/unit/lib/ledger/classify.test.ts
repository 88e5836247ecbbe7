import { describe, expect, it } from "vitest";
import { explorerAccountUrl, explorerTransactionUrl } from "../../../../src/lib/explorer.ts";
import { classifyDisbursement, payeeDirectory } from "../../../../src/lib/ledger/classify.ts";

const STEWARD = "0x5157e3a2d0c4f1b8a9e6d7c3b2a1f0e9";
const TEAM = "0x7b3f8d5b2c3f7eadb09c4b6e8fa02c33";
const directory = payeeDirectory({ stewards: [STEWARD], teams: [{ address: TEAM, name: "Housing Cooperative" }] });

describe("classifyDisbursement", () => {
  it("calls a payment to a steward a fee, whatever the address's spelling", () => {
    const upper = `0x${"0".repeat(32)}${STEWARD.slice(2).toUpperCase()}`;
    expect(classifyDisbursement(upper, directory)).toMatchObject({ kind: "fee", rule: "steward" });
  });

  it("names the team for a known team, and says so when the payee is unknown", () => {
    const team = classifyDisbursement(TEAM, directory);
    expect(team).toMatchObject({ kind: "award", rule: "known-team" });
    expect(team.reason).toContain("Housing Cooperative");
    expect(classifyDisbursement("0xabc", directory)).toMatchObject({ kind: "award", rule: "not-steward" });
  });

  it("prefers the steward reading when an address is listed as both", () => {
    const both = payeeDirectory({ stewards: [TEAM], teams: [{ address: TEAM, name: "Housing Cooperative" }] });
    expect(classifyDisbursement(TEAM, both).kind).toBe("fee");
  });
});

describe("explorer links", () => {
  const templates = { transaction: "https://x.example/tx/{version}", account: "https://x.example/a/{address}" };
  it("fill the template and encode what they insert", () => {
    expect(explorerTransactionUrl(templates, "498")).toBe("https://x.example/tx/498");
    expect(explorerAccountUrl(templates, "0xab/../?q")).toBe("https://x.example/a/0xab%2F..%2F%3Fq");
  });
});
