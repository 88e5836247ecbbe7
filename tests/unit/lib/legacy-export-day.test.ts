import { describe, expect, it } from "vitest";
import { dayNumber, legacyExportDayProblem } from "../../../src/lib/legacy-export-day.ts";

describe("dayNumber", () => {
  it.each([
    ["1970-01-01", 0],
    ["2000-02-29", 11016],
    ["2022-01-02", 18994],
    ["2024-12-31", 20088],
  ])("%s is day %i since 1970", (day, expected) => {
    expect(dayNumber(day)).toBe(expected);
  });

  it.each([
    "2022-13-45",
    "2022-00-10",
    "2022-02-29",
    "2100-02-29",
    "2022-04-31",
    "2022-1-02",
    "22-01-02",
    "2022-01-00",
  ])("%s is not a calendar day", (day) => {
    expect(dayNumber(day)).toBeNull();
  });
});

describe("legacyExportDayProblem", () => {
  it.each([
    ["2022-01-02", "68"],
    ["2022-05-01", "190"],
    ["2021-01-01", "0"],
    ["2024-12-31", "1460"],
  ])("accepts %s at epoch %s", (day, epoch) => {
    expect(legacyExportDayProblem(day, epoch)).toBeNull();
  });

  it.each([
    ["2022-13-45", "999", /2022-13-45 is not a calendar day/],
    ["2020-12-31", "1", /outside the v5 era/],
    ["2025-01-01", "1", /outside the v5 era/],
    ["2022-01-02", "068", /not an epoch number/],
    ["2022-01-02", "-1", /not an epoch number/],
    ["2022-01-02", "367", /epoch 367 cannot have been reached by 2022-01-02/],
    ["2024-12-31", "1461", /epoch 1461 cannot have been reached/],
  ])("refuses %s at epoch %s", (day, epoch, message) => {
    expect(legacyExportDayProblem(day, epoch)).toMatch(message);
  });
});
