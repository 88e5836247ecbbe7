import { readFile } from "node:fs/promises";
import path from "node:path";
import { type HTMLElement, parse } from "node-html-parser";
import { describe, expect, inject, it } from "vitest";
import { formatCoins } from "../../src/lib/money.ts";
import { FIXTURE_LEGACY } from "../support/site/legacy-fixture.ts";
import { STATE_FIXTURE_V6 } from "../support/state-fixture.ts";

/**
 * The GAS → LIBRA timeline on the legacy page and the overview. The fixture build has a state history
 * (state-fixture.ts) whose four carried-over payments are the real ones, so the factor is derived to
 * [353000456947/10^10, 1059001370842/(3·10^10)); the equivalents are recomputed here with bigints from the GAS
 * figures. The committed content's snapshot is simulated, and the timeline must say so.
 */

const page = async (dist: string, file: string) => parse(await readFile(path.join(dist, file), "utf8"));
const text = (element: HTMLElement | null | undefined) => element?.textContent.replace(/\s+/g, " ").trim() ?? "";

// The interval the evidence allows, written out independently of src/lib/state/rebase.ts.
const LOWER = { n: 353_000_456_947n, d: 10_000_000_000n };
const UPPER = { n: 1_059_001_370_842n, d: 30_000_000_000n };
const low = (gas: bigint) => (gas * LOWER.n) / LOWER.d;
const high = (gas: bigint) => (gas * UPPER.n + UPPER.d - 1n) / UPPER.d - 1n; // ceil(gas × upper) − 1
const cents = (units: bigint) => formatCoins((units / 10_000n) * 10_000n);

describe("the GAS → LIBRA timeline (fixture build, with a state history)", () => {
  it("lists the real points in order, each labelled real or simulated", async () => {
    const root = await page(inject("fixtureDist"), "legacy/index.html");
    const points = root.querySelectorAll("#gas-to-libra-points > li");
    expect(points.map((point) => point.getAttribute("data-point"))).toEqual([
      "created",
      "community-wallet-flag",
      "v5-export",
      "v5-export",
      "rebase",
      "v6-export",
      "current-snapshot",
    ]);
    expect(
      points.map((point) => point.querySelector("[data-legacy-export]")?.getAttribute("data-legacy-export")),
    ).toEqual([undefined, undefined, "50", "400", undefined, undefined, undefined]);
    // The fixture's snapshot is not simulated: every point carries real figures, and says so.
    for (const point of points) {
      expect(point.getAttribute("data-figures")).toBe("real");
      expect(text(point.querySelector("h3 .figure-kind"))).toBe("real figures");
    }
    expect(text(points[0])).toContain("27 Oct 2021, 19:04 UTC, v5 transaction version 10,134");
    const v6 = points[5];
    expect(v6?.querySelector("[data-libra]")?.getAttribute("data-libra")).toBe(STATE_FIXTURE_V6.balance.toString());
    expect(text(v6)).toContain("13 Mar 2024, epoch 79, ledger version 33,217,173");
    expect(text(v6)).toContain(`balance ${formatCoins(STATE_FIXTURE_V6.balance)} LIBRA`);
  });

  it("derives the factor from the four payments, shows them with their records, and marks it derived", async () => {
    const root = await page(inject("fixtureDist"), "legacy/index.html");
    expect(text(root.querySelector("#rebase-factor-derived"))).toBe("35.3000456947…");
    expect(text(root.querySelector("#rebase-lower"))).toBe("35.30004569470000");
    expect(text(root.querySelector("#rebase-upper"))).toBe("35.30004569473333");
    const rows = root.querySelectorAll("#rebase-evidence tbody tr");
    expect(rows).toHaveLength(4);
    for (const row of rows) {
      const gas = BigInt(row.querySelector("[data-gas]")?.getAttribute("data-gas") ?? "-1");
      const libra = BigInt(row.querySelector("[data-libra]")?.getAttribute("data-libra") ?? "-1");
      // Every piece of evidence is reproduced by both ends of the interval.
      expect([low(gas), high(gas)]).toEqual([libra, libra]);
    }
    expect(text(root.querySelector("#rebase-records"))).toContain(
      "2057bcfb… is record 1140 of report-2022-01-02-epoch-68.json and record 8 of comm_wallets-v6-epoch79.json",
    );
    expect(text(root.querySelector("#gas-statement"))).toContain('LIBRA equivalent, marked "derived"');
    expect(text(root.querySelector("#gas-statement"))).toContain("the GAS figures are the exact record");
    expect(root.querySelector("#rebase-factor")).toBeNull();
  });

  it("shows each GAS balance and donation with its LIBRA equivalent, computed exactly and rounded down to 0.01", async () => {
    const root = await page(inject("fixtureDist"), "legacy/index.html");
    const headers = root.querySelectorAll("#legacy-export-table thead th").map((th) => text(th));
    expect(headers).toContain("LIBRA (derived: × 35.3000456947…)");
    const rows = root.querySelectorAll("#legacy-export-table tbody tr");
    expect(rows).toHaveLength(FIXTURE_LEGACY.exports.length);
    FIXTURE_LEGACY.exports.forEach((item, index) => {
      const cell = rows[index]?.querySelector(".derived");
      expect(cell?.getAttribute("data-gas")).toBe(item.balance.toString());
      expect(cell?.getAttribute("data-libra-low")).toBe(low(item.balance).toString());
      expect(cell?.getAttribute("data-libra-high")).toBe(high(item.balance).toString());
      expect(text(cell)).toBe(cents(low(item.balance)));
      // The GAS figure of record stays, exact, in the same row.
      expect(rows[index]?.querySelector('[data-figure="legacy-balance"]')?.getAttribute("value")).toBe(
        item.balance.toString(),
      );
    });
    // 2,501.00 GAS × [35.3000456947, 35.30004569473333) = 88,285.4142824… LIBRA, shown as 88,285.41.
    expect(text(rows[0]?.querySelector(".derived"))).toBe("88,285.41");
    const donors = root.querySelectorAll("#legacy-donor-table tbody tr .derived");
    expect(donors.map((cell) => cell.getAttribute("data-libra-low"))).toEqual(
      donors.map((cell) => low(BigInt(cell.getAttribute("data-gas") ?? "-1")).toString()),
    );
    expect(donors).toHaveLength(3);
    // The timeline's v5 exports carry the same equivalents.
    const timeline = root
      .querySelectorAll("#gas-to-libra-points [data-libra-low]")
      .map((span) => span.getAttribute("data-libra-low"));
    expect(timeline).toEqual(FIXTURE_LEGACY.exports.map((item) => low(item.balance).toString()));
  });

  it("is summarised on the overview below the first screen, linking to the full timeline", async () => {
    const root = await page(inject("fixtureDist"), "index.html");
    const summary = root.querySelector("#gas-to-libra-summary");
    expect(text(summary?.querySelector("h2"))).toBe("From GAS to LIBRA: 2021 → 2026");
    expect(summary?.querySelectorAll("li").map((li) => li.getAttribute("data-point"))).toEqual([
      "created",
      "v5-export",
      "rebase",
      "v6-export",
      "current-snapshot",
    ]);
    expect(text(summary)).toContain("1 GAS became 35.3000456947… LIBRA");
    expect(summary?.querySelector("a")?.getAttribute("href")).toBe("/legacy/#gas-to-libra");
    // After the figures of the first screen, never among them.
    const html = root.toString();
    expect(html.indexOf('id="gas-to-libra-summary"')).toBeGreaterThan(html.indexOf('id="totals-heading"'));
    expect(root.querySelectorAll("#gas-to-libra-summary data")).toEqual([]);
  });
});

describe("the GAS → LIBRA timeline of the committed content (simulated snapshot)", () => {
  it("labels today's snapshot simulated, and only the real points count for the years", async () => {
    const root = await page(inject("defaultDist"), "legacy/index.html");
    const current = root.querySelector('#gas-to-libra-points > li[data-point="current-snapshot"]');
    expect(current?.getAttribute("data-figures")).toBe("simulated");
    expect(text(current?.querySelector(".figure-kind"))).toBe("simulated figures, not the chain's");
    expect(text(current)).toContain("simulated node, not the chain");
    // The page's own figures are real (v5 exports): no site-wide simulated banner, only the labelled point.
    expect(text(root.querySelector("body"))).not.toContain("Simulated data.");
    const others = root.querySelectorAll('#gas-to-libra-points > li:not([data-point="current-snapshot"])');
    expect(others.map((li) => li.getAttribute("data-figures"))).toEqual(others.map(() => "real"));
    const home = await page(inject("defaultDist"), "index.html");
    const summary = home.querySelector("#gas-to-libra-summary");
    expect(summary?.querySelector('li[data-point="current-snapshot"]')?.getAttribute("data-figures")).toBe("simulated");
    const years = text(summary?.querySelector("h2")).match(/(\d{4}) → (\d{4})$/);
    expect(years?.[1]).toBe("2021");
    // The simulated snapshot's year is not a real point's: the heading ends at the last real record.
    const lastReal = others
      .map((li) => li.querySelector("time")?.getAttribute("datetime")?.slice(0, 4))
      .filter((year) => year !== undefined)
      .sort()
      .at(-1);
    expect(years?.[2]).toBe(lastReal);
  });
});

describe("the GAS → LIBRA timeline of the committed content (real content/state/)", () => {
  it("derives the real factor from the four real payments and shows the SIP's real v6 state", async () => {
    const root = await page(inject("defaultDist"), "legacy/index.html");
    expect(text(root.querySelector("#rebase-factor-derived"))).toBe("35.3000456947…");
    const rows = root.querySelectorAll("#rebase-evidence tbody tr");
    expect(
      rows.map((row) => [row.getAttribute("data-payer")?.slice(-32), row.getAttribute("data-destination")?.slice(-32)]),
    ).toEqual([
      ["2057bcfb0189b7fd0aba7244ba271661", "46a7a744b5d33c47f6b20766f8088b10"],
      ["2057bcfb0189b7fd0aba7244ba271661", "c8a2afa2d3fc5908cf2d247d8b27fdd5"],
      ["c906f67f626683b77145d1f20c1a753b", "005c829605d2bafbbe0743efaa2acf7d"],
      ["c906f67f626683b77145d1f20c1a753b", "b3d680cd888d0d067af852caf7512a23"],
    ]);
    expect(text(root.querySelector("#rebase-records"))).toContain(
      "c906f67f… is record 150 of report-2022-01-02-epoch-68.json and record 57 of comm_wallets-v6-epoch79.json",
    );
    const v6 = root.querySelector('#gas-to-libra-points > li[data-point="v6-export"]');
    expect(v6?.getAttribute("data-figures")).toBe("real");
    expect(v6?.querySelector("[data-libra]")?.getAttribute("data-libra")).toBe("2763309296969351");
    // The v5 balance of epoch 156, 18,388,730.975789 GAS, is 649,123,043.712897 to .713509 LIBRA: shown 649,123,043.71.
    const latest = root.querySelector('#legacy-export-table tbody tr[data-epoch="156"] .derived');
    expect([latest?.getAttribute("data-libra-low"), latest?.getAttribute("data-libra-high"), text(latest)]).toEqual([
      low(18_388_730_975_789n).toString(),
      high(18_388_730_975_789n).toString(),
      "649,123,043.71",
    ]);
    const home = await page(inject("defaultDist"), "index.html");
    expect(text(home.querySelector("#gas-to-libra-heading"))).toBe("From GAS to LIBRA: 2021 → 2024");
  });
});

describe("the rounding of LIBRA equivalents, written down", () => {
  it("is on the methodology page in the words the module uses", async () => {
    const { EQUIVALENT_ROUNDING } = await import("../../src/lib/views/gas-to-libra.ts");
    const root = await page(inject("fixtureDist"), "methodology/index.html");
    const rule = text(root.querySelector("#rounding-libra-equivalent"));
    expect(rule).toContain(EQUIVALENT_ROUNDING);
    expect(rule).toContain("rounded down to 0.01 LIBRA");
    expect(root.querySelector("#rounding-libra-equivalent a")?.getAttribute("href")).toBe("/legacy/#gas-to-libra");
  });
});
