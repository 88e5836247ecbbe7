import { describe, expect, it } from "vitest";
import { fakeHash } from "../../../../src/fake-node/sim/move-json.ts";

describe("fakeHash", () => {
  // Every hash of the simulated chain (and so of the committed demo data) is one of these: the digest must not change
  // with how it is computed. The expected value is sha256 of the parts joined by NUL, computed once with createHash.
  it("is sha256 of the parts joined by NUL, as 0x + 64 lower-case hex digits", () => {
    expect(fakeHash("tx", 1, 5n, "user", "0xabc:0:0x1::m::f")).toBe(
      "0xcb522fd014ebb9bba5f31e53df343eab3254953468c39c73f316b538603af702",
    );
  });

  it("tells parts apart from their concatenation", () => {
    expect(fakeHash("ab", "c")).not.toBe(fakeHash("a", "bc"));
    expect(fakeHash("ab", "c")).toMatch(/^0x[0-9a-f]{64}$/);
  });
});
