import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "node-html-parser";
import { describe, expect, inject, it } from "vitest";

async function page(dist: string, file: string) {
  return parse(await readFile(path.join(dist, file), "utf8"));
}
const text = (node: { textContent: string } | null | undefined) =>
  (node?.textContent ?? "").replace(/\s+/g, " ").trim();

describe("fee breakdown on the fixture build (20 LIBRA fee allocated to a 300 LIBRA award: a breach)", () => {
  it("shows the award's net, fee, gross, exact rate, allowance and the breach in words with its numbers", async () => {
    const root = await page(inject("fixtureDist"), "transfers/5/index.html");
    const value = (id: string) => root.querySelector(`#${id}`)?.getAttribute("value");
    expect(value("fee-net")).toBe("300000000");
    expect(value("fee-charged")).toBe("20000000");
    expect(value("fee-gross")).toBe("320000000");
    expect(value("fee-allowance")).toBe("12000000");
    expect(text(root.querySelector("#fee-basis"))).toBe(
      "(allocated: its pro-rata share of its quarter's unlinked fee payments)",
    );
    expect(text(root.querySelector("#fee-rate"))).toBe("666 2/3 bps of the award");
    const cap = root.querySelector("#fee-cap");
    expect(cap?.classList.contains("breach")).toBe(true);
    // Said first in plain words with the numbers, and the exact check is open, not tucked away.
    const verdict = root.querySelector("#fee-verdict");
    expect(verdict?.classList.contains("breach")).toBe(true);
    expect(text(verdict)).toBe(
      "✕ This award's fee: 20 LIBRA, 6.67 % of the 300 LIBRA awarded, over the 4 % cap by 8 LIBRA.",
    );
    expect(root.querySelector("details.fee-details")?.hasAttribute("open")).toBe(true);
    expect(text(cap)).toBe(
      "✕ Over the cap. This award's fee is over the 4.00 % cap (BREACH): fee 20.00 LIBRA > allowance 12.00 LIBRA (4.00 % of 300.00 LIBRA), over by 8.00 LIBRA.",
    );
    expect(root.querySelector("#fee-charges")).toBeNull();
    expect(text(root.querySelector("#fee-allocated"))).toBe(
      "20.00 LIBRA allocated: this award's share (300.00 of 300.00 LIBRA of awards) of the pool of 2025-Q4, 1 unlinked fee payment totalling 20.00 LIBRA.",
    );
  });

  it("puts a breach line on the overview, in red text with the numbers, for the lifetime, the quarter and the award", async () => {
    const root = await page(inject("fixtureDist"), "index.html");
    const breach = root.querySelector("#fee-breach");
    expect(breach?.classList.contains("breach")).toBe(true);
    expect(text(breach?.querySelector("strong"))).toBe("✕ The administrative fee exceeds the 4.00 % cap:");
    expect(breach?.querySelectorAll("li").map(text)).toEqual([
      "Lifetime: over the 4.00 % cap (BREACH): fee 20.00 LIBRA > allowance 12.00 LIBRA (4.00 % of 300.00 LIBRA), over by 8.00 LIBRA",
      "2025-Q4: over the 4.00 % cap (BREACH): fee 20.00 LIBRA > allowance 12.00 LIBRA (4.00 % of 300.00 LIBRA), over by 8.00 LIBRA",
      "Award #5: over the 4.00 % cap (BREACH): fee 20.00 LIBRA > allowance 12.00 LIBRA (4.00 % of 300.00 LIBRA), over by 8.00 LIBRA",
    ]);
  });
});

describe("fee breakdown on the committed demo build (every fee linked to its award)", () => {
  it("charges a linked fee to its award, within the cap with its headroom", async () => {
    const root = await page(inject("defaultDist"), "transfers/4/index.html");
    expect(root.querySelector("#fee-charged")?.getAttribute("value")).toBe("1400000000");
    expect(text(root.querySelector("#fee-basis"))).toBe("(linked: a fee payment names this award)");
    expect(text(root.querySelector("#fee-rate"))).toBe("350 bps of the award");
    const cap = root.querySelector("#fee-cap");
    expect(cap?.classList.contains("breach")).toBe(false);
    expect(root.querySelector("details.fee-details")?.hasAttribute("open")).toBe(false);
    expect(root.querySelector("#fee-headroom")?.getAttribute("value")).toBe("200000000");
    expect(text(cap)).toBe(
      "✓ Within the cap. This award's fee is within the 4.00 % cap: fee 1,400.00 LIBRA ≤ allowance 1,600.00 LIBRA (4.00 % of 40,000.00 LIBRA), headroom 200.00 LIBRA.",
    );
  });

  it("says on a fee's page which award it is charged against, even across a quarter boundary", async () => {
    // Fee #11 was paid in 2025-Q1, its award #10 in 2025-Q2: the link charges it to the award's quarter.
    const root = await page(inject("defaultDist"), "transfers/11/index.html");
    expect(text(root.querySelector("#fee-links"))).toBe(
      "The program's configuration links this fee to the award(s) below.",
    );
    expect(text(root.querySelector("#fee-charged-against"))).toBe(
      "4,500.00 LIBRA charged against transfer #10 (linked; award 150,000.00 LIBRA)",
    );
    expect(root.querySelector("#fee-charged-against a")?.getAttribute("href")).toBe("/transfers/10/");
  });

  it("labels pending and vetoed payments and counts neither", async () => {
    const pending = await page(inject("defaultDist"), "transfers/29/index.html");
    expect(text(pending.querySelector("#fee-verdict"))).toMatch(
      /^Not paid yet: 20,000 LIBRA is due about .* \(end of epoch 733\), and a fee of 700 LIBRA is scheduled for it; its fee will count once both are paid\.$/,
    );
    expect(pending.querySelector("#fee-cap")).toBeNull();
    expect(text(pending.querySelector("#fee-pending"))).toBe(
      "Pending (not yet paid, not counted): 700.00 LIBRA from transfer #30.",
    );
    const vetoed = await page(inject("defaultDist"), "transfers/17/index.html");
    expect(text(vetoed.querySelector("#fee-verdict"))).toMatch(
      /^Vetoed: donors stopped this payment, so nothing was paid\./,
    );
    expect(vetoed.querySelector("#fee-charged")?.getAttribute("value")).toBe("0");
    // Nothing was paid, so there is no cost to the program to state.
    expect(vetoed.querySelector("#fee-gross")).toBeNull();
    expect(text(vetoed.querySelector('section[aria-labelledby="fee-breakdown"]'))).not.toMatch(/gross cost/i);
  });

  it("shows no breach line on the overview when the cap holds everywhere", async () => {
    const root = await page(inject("defaultDist"), "index.html");
    expect(root.querySelector("#fee-breach")).toBeNull();
    expect(root.querySelectorAll(".breach")).toHaveLength(0);
  });

  it("states the linking, sharing and rounding rules on the methodology page", async () => {
    const root = await page(inject("defaultDist"), "methodology/index.html");
    const section = text(root.querySelector('section[aria-labelledby="fee-policy"]'));
    expect(section).toContain("allowance = ⌊awards × 400 ÷ 10,000⌋");
    expect(section).toContain("fee × 10,000 ≤ awards × 400");
    expect(section).toContain("Each award's share is ⌊fee × award ÷ sum of the awards⌋");
    expect(section).toContain("go one each to the awards with the largest remainders, ties to the lowest transfer uid");
    expect(section).toContain("A linked award never receives an allocated share.");
    expect(section).toContain(
      "the unlinked fee payments of a quarter (UTC calendar quarter of the payment) are pooled",
    );
  });
});
