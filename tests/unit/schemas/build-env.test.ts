import { describe, expect, it } from "vitest";
import { ValidationError } from "../../../src/errors.ts";
import { parseSourceDateEpoch } from "../../../src/schemas/build-env.ts";

describe("parseSourceDateEpoch", () => {
  it("is undefined when the variable is not set", () => {
    expect(parseSourceDateEpoch(undefined)).toBeUndefined();
  });

  it.each([
    ["0", 0],
    ["1767225600", 1_767_225_600],
    ["8640000000000", 8_640_000_000_000],
  ])("reads %j as %d seconds", (text, seconds) => {
    expect(parseSourceDateEpoch(text)).toBe(seconds);
  });

  it.each(["", " 1767225600", "-1", "1.5", "1e9", "0x10", "2026-01-01", "yesterday"])(
    "refuses %j, naming the variable and the value",
    (text) => {
      let error: unknown;
      try {
        parseSourceDateEpoch(text);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as Error).message).toMatch(/^The environment variable SOURCE_DATE_EPOCH is not valid:/);
      expect((error as Error).message).toContain("whole seconds since 1970-01-01T00:00:00Z");
      expect((error as Error).message).toContain(`(found ${JSON.stringify(text)})`);
    },
  );

  it("refuses a time later than a Date can hold", () => {
    expect(() => parseSourceDateEpoch("8640000000001")).toThrow(/later than any date/);
  });
});
