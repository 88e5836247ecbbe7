import { describe, expect, it } from "vitest";
import {
  BuildStateSchema,
  boundedOutput,
  definedEnv,
  parseChainVariable,
  StepOutcomeSchema,
} from "../../../src/integrations/build-chain.ts";

describe("the build's hand-over between its steps (build-chain.ts)", () => {
  it("keeps a failure's output whole when it fits in one variable", () => {
    const output = "reports/2025-q3.md:9:13: unknown figure\nWhat to do: fix it\n";
    expect(boundedOutput(output)).toBe(output);
  });

  it("cuts a longer output to what a variable holds, keeping its start and its last line (the advice)", () => {
    const output = `first line\n${"x".repeat(200_000)}\nWhat to do: correct the file and run again.\n`;
    const cut = boundedOutput(output);
    expect(cut.length).toBeLessThanOrEqual(60_000);
    expect(cut.startsWith("first line\n")).toBe(true);
    expect(cut.endsWith("\n[… output cut …]\nWhat to do: correct the file and run again.\n")).toBe(true);
  });

  it("parses an outcome and names the variable of a bad one", () => {
    expect(parseChainVariable(StepOutcomeSchema, '{"ok":true}', "outcome")).toEqual({ ok: true });
    expect(parseChainVariable(StepOutcomeSchema, '{"ok":false,"code":3,"output":"bad"}', "outcome")).toEqual({
      ok: false,
      code: 3,
      output: "bad",
    });
    expect(() => parseChainVariable(StepOutcomeSchema, '{"ok":false,"code":3}', "outcome")).toThrow(
      /LEDGERLIGHT_BUILD_OUTCOME is not valid/,
    );
  });

  it("round-trips a build's state through JSON, an unset wallet and epoch left out", () => {
    const state = {
      outDir: "/site/dist",
      staging: "/site/.dist.staging-42",
      plan: {
        root: "/project",
        contentDir: "/project/content",
        outDir: "/site/.dist.staging-42",
        sites: [
          { address: "0x1", name: "Main", outDir: "/site/.dist.staging-42", wallet: undefined },
          { address: "0x2", name: "Other", outDir: "/site/.dist.staging-42/wallets/other", wallet: "0x2" },
        ],
        extraEnv: { LEDGERLIGHT_COMMIT: "abc" },
        sourceDateEpoch: undefined,
      },
      built: 1,
    };
    const parsed = parseChainVariable(BuildStateSchema, JSON.stringify(state), "state");
    expect(parsed.plan.sites[0]).toEqual({ address: "0x1", name: "Main", outDir: "/site/.dist.staging-42" });
    expect(parsed.plan.sites[1]?.wallet).toBe("0x2");
    expect(parsed.built).toBe(1);
    expect("sourceDateEpoch" in parsed.plan).toBe(false);
  });

  it("passes on only the variables that are set", () => {
    expect(definedEnv({ A: "1", B: undefined, C: "" })).toEqual({ A: "1", C: "" });
  });
});
