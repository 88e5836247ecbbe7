import { describe, expect, it } from "vitest";
import { describeFreshness, STALE_AFTER_HOURS } from "../../../../src/lib/views/freshness.ts";

const SNAPSHOT = "2026-01-01T00:00:00Z";
const at = (hours: number) => Date.parse(SNAPSHOT) + hours * 3_600_000;

describe("describeFreshness", () => {
  it("is fresh, in hours, within the first day", () => {
    expect(describeFreshness(SNAPSHOT, at(0))).toEqual({
      ageMs: 0,
      ageText: "less than an hour ago",
      stale: false,
      warning: null,
    });
    expect(describeFreshness(SNAPSHOT, at(0.99)).ageText).toBe("less than an hour ago");
    expect(describeFreshness(SNAPSHOT, at(1)).ageText).toBe("1 hour ago");
    expect(describeFreshness(SNAPSHOT, at(5.5))).toMatchObject({ ageText: "5 hours ago", stale: false });
    expect(describeFreshness(SNAPSHOT, at(47.9)).ageText).toBe("47 hours ago");
  });

  it("counts whole days from 48 hours on, rounding down", () => {
    expect(describeFreshness(SNAPSHOT, at(48)).ageText).toBe("2 days ago");
    expect(describeFreshness(SNAPSHOT, at(71.9)).ageText).toBe("2 days ago");
    expect(describeFreshness(SNAPSHOT, at(24 * 359 + 17)).ageText).toBe("359 days ago");
  });

  it("is not stale at exactly 72 hours, and stale one millisecond later", () => {
    expect(STALE_AFTER_HOURS).toBe(72);
    expect(describeFreshness(SNAPSHOT, at(72))).toEqual({
      ageMs: 72 * 3_600_000,
      ageText: "3 days ago",
      stale: false,
      warning: null,
    });
    const past = describeFreshness(SNAPSHOT, at(72) + 1);
    expect(past.stale).toBe(true);
    expect(past.warning).toBe(
      "These figures may be out of date: the snapshot is 3 days old, and snapshots are meant to be at most 3 days old.",
    );
    expect(describeFreshness(SNAPSHOT, at(24 * 10)).warning).toMatch(/snapshot is 10 days old/);
  });

  it("says so, without a warning, when the snapshot is ahead of the reader's clock", () => {
    expect(describeFreshness(SNAPSHOT, at(-2))).toEqual({
      ageMs: -2 * 3_600_000,
      ageText: "ahead of the clock on your device",
      stale: false,
      warning: null,
    });
  });

  it("refuses times it cannot read", () => {
    expect(() => describeFreshness("2026-01-01", at(1))).toThrow(/not an ISO UTC time/);
    expect(() => describeFreshness("2026-01-01T00:00:00+01:00", at(1))).toThrow(/not an ISO UTC time/);
    expect(() => describeFreshness(SNAPSHOT, Number.NaN)).toThrow(/not a time/);
  });
});
