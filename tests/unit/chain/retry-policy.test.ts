import { describe, expect, it } from "vitest";
import { backoffDelayMs, isRetryable, parseRetryAfter } from "../../../src/chain/retry-policy.ts";

const policy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1_000 };

describe("isRetryable", () => {
  it.each([
    [{ kind: "network" } as const, true],
    [{ kind: "timeout" } as const, true],
    [{ kind: "bad-body" } as const, true],
    [{ kind: "response", status: 429 } as const, true],
    [{ kind: "response", status: 500 } as const, true],
    [{ kind: "response", status: 503 } as const, true],
    [{ kind: "response", status: 404, errorCode: "version_not_found" } as const, true],
    [{ kind: "response", status: 404, errorCode: "resource_not_found" } as const, false],
    [{ kind: "response", status: 400, errorCode: "invalid_input" } as const, false],
    [{ kind: "response", status: 410, errorCode: "version_pruned" } as const, false],
    [{ kind: "response", status: 501 } as const, false],
  ])("%o -> %s", (outcome, expected) => {
    expect(isRetryable(outcome)).toBe(expected);
  });
});

describe("parseRetryAfter", () => {
  it("reads delta seconds and HTTP dates", () => {
    expect(parseRetryAfter("3", 0)).toBe(3000);
    expect(parseRetryAfter("Thu, 01 Jan 1970 00:00:10 GMT", 4_000)).toBe(6_000);
    expect(parseRetryAfter("Thu, 01 Jan 1970 00:00:01 GMT", 4_000)).toBe(0);
  });

  it("ignores what it cannot read", () => {
    expect(parseRetryAfter(undefined, 0)).toBeUndefined();
    expect(parseRetryAfter("soon", 0)).toBeUndefined();
    expect(parseRetryAfter("-1", 0)).toBeUndefined();
  });
});

describe("backoffDelayMs", () => {
  it("doubles from the base, jittered between half and all of the ceiling, and caps", () => {
    expect(backoffDelayMs(policy, 1, () => 0)).toBe(50);
    expect(backoffDelayMs(policy, 1, () => 0.999_999)).toBe(99);
    expect(backoffDelayMs(policy, 3, () => 0)).toBe(200);
    expect(backoffDelayMs(policy, 10, () => 0.999_999)).toBe(999);
  });

  it("waits at least as long as Retry-After asks, even beyond the cap", () => {
    expect(backoffDelayMs(policy, 1, () => 0, 5_000)).toBe(5_000);
    expect(backoffDelayMs(policy, 4, () => 0.999_999, 10)).toBe(799);
  });
});
