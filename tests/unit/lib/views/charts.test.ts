import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CHART_COLOUR_TOKENS, thinBalanceSeries } from "../../../../src/lib/views/charts.ts";
import { buildOverviewCharts } from "../../../../src/lib/views/overview-charts.ts";
import { buildTestSnapshot, STEWARD } from "../../../support/snapshot/build-test-snapshot.ts";

const repoRoot = path.resolve(import.meta.dirname, "../../../..");

describe("chart colours", () => {
  it("use only tokens that site.css defines for both the light and the dark scheme", async () => {
    const css = await readFile(path.join(repoRoot, "src/styles/site.css"), "utf8");
    const darkStart = css.indexOf("@media (prefers-color-scheme: dark)", css.indexOf("--chart-"));
    expect(darkStart).toBeGreaterThan(0);
    const light = css.slice(0, darkStart);
    const dark = css.slice(darkStart);
    for (const token of CHART_COLOUR_TOKENS) {
      expect(light, token).toMatch(new RegExp(`${token}:\\s*[^;]+;`));
      expect(dark, token).toMatch(new RegExp(`${token}:\\s*[^;]+;`));
    }
  });

  it("colour every series the charts draw through a stylesheet rule that uses only those tokens", async () => {
    const css = await readFile(path.join(repoRoot, "src/styles/site.css"), "utf8");
    const keys = buildOverviewCharts(buildTestSnapshot(), [STEWARD]).flatMap((chart) =>
      chart.drawing.series.map((series) => series.key),
    );
    expect(keys).toEqual(["balance", "in", "out", "fee", "cap"]);
    for (const key of keys) {
      const rule = new RegExp(`\\.chart-series-${key} \\{([^}]*)\\}`).exec(css)?.[1];
      expect(rule, key).toBeDefined();
      const used = rule?.match(/var\(--[a-z-]+\)/g) ?? [];
      expect(used.length, key).toBeGreaterThan(0);
      for (const reference of used) expect(CHART_COLOUR_TOKENS).toContain(reference.slice(4, -1));
      // No literal colour slips past the scheme switch.
      expect(rule, key).not.toMatch(/#[0-9a-f]{3,8}\b|rgba?\(/i);
    }
  });
});

describe("thinBalanceSeries", () => {
  const point = (day: string, balance: bigint) => ({ day, balance });
  const series = [
    point("2025-01-30", 1n),
    point("2025-01-31", 2n),
    point("2025-02-01", 3n),
    point("2025-02-14", 4n),
    point("2025-04-01", 5n),
  ];

  it("keeps a series that fits as is", () => {
    expect(thinBalanceSeries(series, 5)).toEqual(series);
    expect(thinBalanceSeries([], 5)).toEqual([]);
  });

  it("keeps the opening and each month's last day when the series is too long", () => {
    expect(thinBalanceSeries(series, 4)).toEqual([
      point("2025-01-30", 1n),
      point("2025-01-31", 2n),
      point("2025-02-14", 4n),
      point("2025-04-01", 5n),
    ]);
  });

  it("stays at about one point a month for ten years of daily movements", () => {
    const days: { day: string; balance: bigint }[] = [];
    for (let ms = Date.parse("2020-01-01"); ms < Date.parse("2030-01-01"); ms += 86_400_000) {
      days.push(point(new Date(ms).toISOString().slice(0, 10), BigInt(days.length)));
    }
    const thinned = thinBalanceSeries(days, 400);
    expect(thinned).toHaveLength(1 + 120);
    expect(thinned.at(-1)).toEqual(days.at(-1));
    expect(thinned[1]).toEqual(point("2020-01-31", 30n));
  });
});
