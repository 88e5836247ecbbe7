import { describe, expect, it } from "vitest";
import { formatDayForPeople, formatIsoUtc, formatUtcDateTime } from "../../../src/lib/format-time.ts";

describe("UTC date formatting", () => {
  it("formats microsecond timestamps in UTC whatever the process time zone", () => {
    // 2021-10-27T19:04:51Z: the SIP's creation on the v5 chain.
    const usec = 1_635_361_491_000_000n;
    expect(formatIsoUtc(usec)).toBe("2021-10-27T19:04:51Z");
    expect(formatUtcDateTime(usec)).toBe("27 Oct 2021, 19:04 UTC");
  });

  it("truncates sub-second parts rather than rounding into the next minute", () => {
    expect(formatUtcDateTime(1_767_225_599_999_999n)).toBe("31 Dec 2025, 23:59 UTC");
    expect(formatIsoUtc(1_767_225_599_999_999n)).toBe("2025-12-31T23:59:59Z");
  });
});

describe("formatIsoForPeople", () => {
  it("formats what formatIsoUtc writes, the same way formatUtcDateTime does", async () => {
    const { formatIsoForPeople } = await import("../../../src/lib/format-time.ts");
    const usec = 1_635_361_491_000_000n;
    expect(formatIsoForPeople(formatIsoUtc(usec))).toBe(formatUtcDateTime(usec));
    expect(formatIsoForPeople("2025-12-02T17:32:43Z")).toBe("2 Dec 2025, 17:32 UTC");
    expect(() => formatIsoForPeople("2025-12-02")).toThrow(RangeError);
  });
});

describe("formatDayForPeople", () => {
  it("writes a calendar day with the English month name", () => {
    expect(formatDayForPeople("2025-10-05")).toBe("5 Oct 2025");
    expect(formatDayForPeople("2026-12-31")).toBe("31 Dec 2026");
  });

  it.each(["2025-13-01", "2025-1-5", "5 Oct 2025", "2025-10-05T00:00:00Z"])("refuses %s", (day) => {
    expect(() => formatDayForPeople(day)).toThrow(/not a day/);
  });
});
