import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "node-html-parser";
import { describe, expect, inject, it } from "vitest";
import { SNAPSHOT_INVARIANTS } from "../../src/lib/ledger/invariants.ts";
import { repoRoot } from "../support/site/build-site.ts";

async function methodology(dist: string) {
  const root = parse(await readFile(path.join(dist, "methodology/index.html"), "utf8"));
  const text = (root.querySelector("main")?.textContent ?? "").replace(/\s+/g, " ");
  return { root, text };
}

describe("the methodology page", () => {
  it("explains every rule the issue lists, under its own heading", async () => {
    const { root } = await methodology(inject("defaultDist"));
    const headings = root.querySelectorAll("main h2").map((heading) => heading.textContent.trim());
    expect(headings).toEqual([
      "How the wallet pays out today",
      "Before 2023: the legacy era",
      "The administrative fee",
      "If the program ends",
      "How the figures are computed",
      "Rounding on cards and in sentences",
      // The committed content has real state exports (content/state/): the community wallets pages' rules.
      "Every community wallet: real exports",
      // The committed snapshot is simulated: the banner's "Why?" leads here.
      "Why the figures are simulated",
      "The ledger and its running balance",
      "Published reports do not change",
      "What we read from the code but could not yet confirm on the chain",
      "How ballot states and timelines are read",
      "Check it yourself",
      "What we check before publishing",
    ]);
  });

  it("states the numbers of today's rules, the legacy rule, the fee cap and its rounding", async () => {
    const { text } = await methodology(inject("defaultDist"));
    // Donor Voice: n of m authorities, three-epoch delay, 12.5 % turnout, 51 % at 87.5 %.
    expect(text).toContain("(n of m)");
    expect(text).toContain("three epochs later");
    expect(text).toContain("at least 12.5 % of all donations");
    // Legacy era: validators' two-thirds veto.
    expect(text).toContain("more than two thirds of the voting weight");
    // Fee policy: 4 %, vetoable, floor rounding.
    expect(text).toContain("up to 4 % of the funds awarded");
    expect(text).toContain("allowance = ⌊awards × 400 ÷ 10,000⌋");
    // The three code-reading caveats.
    expect(text).toContain("does not delay the payment");
    expect(text).toContain("Only one veto ballot can be open per payment");
    expect(text).toContain("does not check it");
  });

  it("names the configured steward and the exact ledger version to check against", async () => {
    const { root } = await methodology(inject("fixtureDist"));
    const fee = root.querySelector("#fee-policy")?.parentNode?.textContent ?? "";
    const meta = JSON.parse(await readFile(path.join(inject("fixtureDist"), "data/snapshot/meta.json"), "utf8"));
    expect(fee).toMatch(/steward address listed in the program.s\s+configuration\s+\(0x[d]{64}\)/);
    const verify = root.querySelector("#verify")?.parentNode?.textContent ?? "";
    expect(verify).toContain(`resources?ledger_version=${meta.ledgerVersion}`);
  });
});

describe("rebuilding the site", () => {
  it("is explained step by step, with the commands and the published manifest's address", async () => {
    const dist = inject("defaultDist");
    const { root } = await methodology(dist);
    const heading = root.querySelector("h3#rebuild");
    expect(heading?.textContent).toBe("Rebuild the site and compare");
    expect(heading?.parentNode?.querySelector("#verify")).not.toBeNull();
    const steps = heading?.nextElementSibling?.nextElementSibling;
    expect(steps?.tagName).toBe("OL");
    const code = steps?.querySelectorAll("code").map((element) => element.textContent) ?? [];
    expect(code).toEqual(
      expect.arrayContaining([
        "git clone",
        "npm ci && npm run build",
        "cd dist && sha256sum -c manifest.sha256",
        "curl -s https://ledgerlight.example.org/manifest.sha256 | diff - manifest.sha256",
      ]),
    );
    const link = steps?.querySelector('a[href="/manifest.sha256"]');
    expect(link?.textContent).toBe("https://ledgerlight.example.org/manifest.sha256");
    // The README's build command is the one the page gives.
    expect(await readFile(path.join(repoRoot, "README.md"), "utf8")).toContain("npm ci && npm run build");
  });

  it("is linked from the data page, next to the manifest", async () => {
    const data = parse(await readFile(path.join(inject("defaultDist"), "data/index.html"), "utf8"));
    expect(data.querySelector('main a[href="/manifest.sha256"]')?.textContent).toBe("manifest.sha256");
    expect(data.querySelector('main a[href="/methodology/#rebuild"]')).not.toBeNull();
  });

  it("writes down the display rounding of the overview's cards (#rounding)", async () => {
    const { root } = await methodology(inject("defaultDist"));
    const section = root.querySelector("#rounding")?.closest("section");
    const text = (section?.textContent ?? "").replace(/\s+/g, " ");
    expect(text).toContain("rounded to the nearest hundredth of a coin (10,000 units), halves up");
    expect(text).toContain("A share above a cap is never shown at or below it");
    expect(text).toContain("the books line and the quarterly statements are exact to the unit");
    expect(root.querySelector('a[href="#rounding"]')).not.toBeNull();
  });

  it("lists every invariant the snapshot checks use, generated from their list, in plain words", async () => {
    const { root } = await methodology(inject("defaultDist"));
    const items = root.querySelectorAll("#invariants > li");
    expect(items.map((item) => item.getAttribute("data-invariant"))).toEqual(SNAPSHOT_INVARIANTS.map((i) => i.id));
    expect(SNAPSHOT_INVARIANTS.length).toBeGreaterThanOrEqual(20);
    for (const [index, invariant] of SNAPSHOT_INVARIANTS.entries()) {
      const text = (items[index]?.textContent ?? "").replace(/\s+/g, " ").trim();
      expect(text).toBe(`${invariant.statement} [${invariant.id}]`);
      expect(items[index]?.getAttribute("id")).toBe(`invariant-${invariant.id}`);
    }
    const section = root.querySelector('section[aria-labelledby="checks"]')?.textContent ?? "";
    expect(section).toMatch(/nothing is saved or published, and the message names the rule and the record/);
  });

  it("says how a published report is frozen, and what the snapshot as of its pin cannot know (#frozen-reports)", async () => {
    const { root } = await methodology(inject("defaultDist"));
    const text = root.querySelector("#frozen-reports")?.parentNode?.textContent.replace(/\s+/g, " ") ?? "";
    expect(text).toContain("after its quarter has ended, by the snapshot's own clock");
    expect(text).toContain("checked against the balance that reading recorded");
    expect(text).toContain("What each donor had given by then is today's total less their donations since");
    expect(text).toContain("shown as last read");
    expect(text).toContain("dated addendum");
  });
});
