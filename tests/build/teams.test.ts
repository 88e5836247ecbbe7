import { readFile } from "node:fs/promises";
import path from "node:path";
import { type HTMLElement, parse } from "node-html-parser";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { loadProgramConfig } from "../../src/config/program.ts";
import { normalizeAddress } from "../../src/lib/address.ts";
import { feeVerdict } from "../../src/lib/figures/plain-figures.ts";
import { teamSlug } from "../../src/lib/team-slug.ts";
import type { ProgramConfig } from "../../src/schemas/program.ts";
import { repoRoot } from "../support/site/build-site.ts";

const SIP = "0x0000000000000000000000000000000019e966bfa4b32ce9b7e23721b37b96d2";
const text = (node: { textContent: string } | null | undefined) =>
  (node?.textContent ?? "").replace(/\s+/g, " ").trim();

interface Transfer {
  uid: string;
  payee: string;
  amount: string;
  status: string;
}
interface Entry {
  sequence: string;
  stream: string;
  category: string;
  counterparty: string | null;
  amount: string;
}

let dist: string;
let program: ProgramConfig;
let transfers: Transfer[];
let entries: Entry[];
const pages = new Map<string, HTMLElement>();

async function page(file: string): Promise<HTMLElement> {
  const cached = pages.get(file);
  if (cached) return cached;
  const root = parse(await readFile(path.join(dist, file), "utf8"));
  pages.set(file, root);
  return root;
}
const committed = async (file: string) =>
  JSON.parse(await readFile(path.join(repoRoot, "content/snapshots", SIP, file), "utf8"));

beforeAll(async () => {
  dist = inject("defaultDist");
  program = await loadProgramConfig(path.join(repoRoot, "content/program.yaml"));
  transfers = await committed("transfers.json");
  entries = (await committed("ledger.json")).entries;
});

describe("team pages on the committed demo build", () => {
  it("lists every team on /teams/ with a link to its page", async () => {
    const root = await page("teams/index.html");
    const links = root.querySelectorAll("#teams tbody a").map((a) => a.getAttribute("href"));
    expect(links).toEqual(program.teams.map((team) => `/teams/${teamSlug(team.name)}/`));
    for (const cell of root.querySelectorAll("#teams td")) expect(cell.getAttribute("data-label")).toBeTruthy();
  });

  it("sums each team's paid awards to its total received, to the base unit", async () => {
    let teamsWithAwards = 0;
    for (const team of program.teams) {
      const root = await page(`teams/${teamSlug(team.name)}/index.html`);
      const received = BigInt(root.querySelector("#team-received")?.getAttribute("value") ?? "-1");
      const rows = root.querySelectorAll("#team-awards tbody data[data-received]");
      const paid = rows.filter((cell) => cell.getAttribute("data-received") === "yes");
      const sum = paid.reduce((total, cell) => total + BigInt(cell.getAttribute("value") ?? "0"), 0n);
      expect(sum, team.name).toBe(received);
      // The same total straight from the committed ledger: payouts and advances to the team's address.
      const fromLedger = entries
        .filter((e) => e.stream === "withdraw" && ["payout", "advance"].includes(e.category))
        .filter((e) => e.counterparty !== null && normalizeAddress(e.counterparty) === team.address)
        .reduce((total, e) => total + BigInt(e.amount), 0n);
      expect(received, team.name).toBe(fromLedger);
      if (rows.length > 0) teamsWithAwards++;
      for (const cell of root.querySelectorAll("#team-awards td")) expect(cell.getAttribute("data-label")).toBeTruthy();
    }
    expect(teamsWithAwards).toBeGreaterThan(5);
  });

  it("shows each award of the committed snapshot on exactly its team's page", async () => {
    const seen = new Map<string, string[]>();
    for (const team of program.teams) {
      const slug = teamSlug(team.name);
      const root = await page(`teams/${slug}/index.html`);
      for (const row of root.querySelectorAll("#team-awards tr[data-award]")) {
        const id = row.getAttribute("data-award") ?? "";
        seen.set(id, [...(seen.get(id) ?? []), slug]);
      }
    }
    const slugOf = new Map(program.teams.map((team) => [team.address, teamSlug(team.name)]));
    const expected = new Map<string, string>();
    for (const transfer of transfers) {
      const slug = slugOf.get(transfer.payee);
      if (slug) expected.set(transfer.uid, slug);
    }
    for (const entry of entries) {
      if (entry.category !== "advance" || entry.counterparty === null) continue;
      const slug = slugOf.get(normalizeAddress(entry.counterparty));
      if (slug) expected.set(`withdrawal-${entry.sequence}`, slug);
    }
    expect(expected.size).toBeGreaterThanOrEqual(13);
    expect([...expected.keys()].some((id) => id.startsWith("withdrawal-"))).toBe(true);
    expect(Object.fromEntries([...seen].map(([id, slugs]) => [id, slugs]))).toEqual(
      Object.fromEntries([...expected].map(([id, slug]) => [id, [slug]])),
    );
  });

  it("says the team's fee verdict in words, as feeVerdict computes it from the committed files", async () => {
    // Mutual Health Plan: awards #4 and #23, each named by one fee payment (feeLinks), all paid.
    const team = program.teams.find((item) => item.name === "Mutual Health Plan");
    expect(team).toBeDefined();
    const awards = transfers.filter((t) => t.payee === team?.address && t.status === "paid");
    const fees = program.feeLinks
      .filter((link) => link.awards.some((uid) => awards.some((a) => a.uid === uid)))
      .map((link) => BigInt(transfers.find((t) => t.uid === link.fee)?.amount ?? "0"));
    const verdict = feeVerdict(
      {
        fees: fees.reduce((a, b) => a + b, 0n),
        awards: awards.reduce((sum, a) => sum + BigInt(a.amount), 0n),
        capBps: BigInt(program.feePolicy.capBps),
      },
      program.coinSymbol,
      "Fees charged against its awards",
    );
    const root = await page("teams/mutual-health-plan/index.html");
    expect(text(root.querySelector("#team-fee-verdict"))).toBe(`✓ ${verdict.sentence}`);
    expect(verdict.sentence).toBe(
      "Fees charged against its awards: 2,800 LIBRA, 3.50 % of the 80,000 LIBRA awarded, within the 4 % cap.",
    );
  });

  it("shows the purpose as text, the links, pending awards, and the reports that mention the team", async () => {
    const health = await page("teams/mutual-health-plan/index.html");
    expect(text(health.querySelector("#purpose"))).toBe(program.teams[0]?.purpose);
    expect(health.querySelector("#team-links a")?.getAttribute("href")).toBe(
      "https://example.org/mutual-health-plan/handbook",
    );
    // The 2025-Q3 report cites :transfer[23], an award to this team.
    expect(health.querySelectorAll("#team-mentions a").map((a) => a.getAttribute("href"))).toEqual([
      "/reports/2025-q3/",
    ]);
    const dispute = await page("teams/community-dispute-resolution/index.html");
    expect(dispute.querySelector("#team-pending")?.getAttribute("value")).toBe("20000000000");
    expect(text(dispute.querySelector('tr[data-award="29"] td[data-label="Status"]'))).toBe("◷ Scheduled");
    expect(text(dispute.querySelector("#team-mentions"))).toBe("No report or note mentions this team yet.");
  });

  it("links team names to their pages from the transfers table, transfer pages and the statement", async () => {
    const list = await page("transfers/index.html");
    expect(list.querySelector('a[href="/teams/mutual-health-plan/"]')).not.toBeNull();
    const transfer = await page("transfers/4/index.html");
    expect(text(transfer.querySelector('a[href="/teams/mutual-health-plan/"]'))).toBe("Mutual Health Plan");
    const fee = await page("transfers/5/index.html");
    expect(fee.querySelector('a[href^="/teams/"]')).toBeNull();
    const report = await page("reports/2025-q3/index.html");
    const statementLinks = report.querySelectorAll("#statement th a").map((a) => a.getAttribute("href"));
    expect(statementLinks).toContain("/teams/mutual-health-plan/");
  });
});

describe("the fee verdict in words, from the committed files", () => {
  const capBps = () => BigInt(program.feePolicy.capBps);

  it("opens the methodology's fee policy with the lifetime verdict", async () => {
    const stewards = new Set(program.stewards);
    let fees = 0n;
    let awards = 0n;
    for (const e of entries) {
      if (e.stream !== "withdraw" || !["payout", "advance"].includes(e.category)) continue;
      if (e.counterparty !== null && stewards.has(normalizeAddress(e.counterparty))) fees += BigInt(e.amount);
      else awards += BigInt(e.amount);
    }
    const verdict = feeVerdict({ fees, awards, capBps: capBps() }, program.coinSymbol);
    expect(verdict.sentence).toBe(
      "Fees so far: 14,550 LIBRA, 3.34 % of the 435,150 LIBRA awarded, within the 4 % cap.",
    );
    const root = await page("methodology/index.html");
    const section = root.querySelector('section[aria-labelledby="fee-policy"]');
    const first = section?.querySelector("h2 + p");
    expect(first?.getAttribute("id")).toBe("fee-verdict-lifetime");
    expect(text(first)).toBe(`✓ ${verdict.sentence}`);
    expect(text(section?.querySelector("#fee-example"))).toMatch(
      /^For example, transfer #4 paid 40,000 LIBRA to Mutual Health Plan;/,
    );
  });

  it("leads each paid award's fee block with its verdict", async () => {
    for (const link of program.feeLinks) {
      const [uid] = link.awards;
      const award = transfers.find((t) => t.uid === uid);
      const fee = transfers.find((t) => t.uid === link.fee);
      if (!award || !fee || award.status !== "paid" || fee.status !== "paid") continue;
      const verdict = feeVerdict(
        { fees: BigInt(fee.amount), awards: BigInt(award.amount), capBps: capBps() },
        program.coinSymbol,
        "This award's fee",
      );
      const root = await page(`transfers/${uid}/index.html`);
      expect(text(root.querySelector("#fee-verdict")), `transfer ${uid}`).toBe(`✓ ${verdict.sentence}`);
    }
    const root = await page("transfers/4/index.html");
    expect(text(root.querySelector("#fee-verdict"))).toBe(
      "✓ This award's fee: 1,400 LIBRA, 3.50 % of the 40,000 LIBRA awarded, within the 4 % cap.",
    );
    // Basis points, allowance and headroom are one tap away, in the details block.
    expect(root.querySelector("details.fee-details #fee-rate")).not.toBeNull();
    expect(root.querySelector("details.fee-details #fee-allowance")).not.toBeNull();
  });

  it("says which award a fee payment is charged against, in words", async () => {
    const root = await page("transfers/5/index.html");
    expect(text(root.querySelector("#fee-verdict"))).toBe(
      "This fee of 1,400 LIBRA is charged against one award: transfer #4 (40,000 LIBRA to Mutual Health Plan).",
    );
  });

  it("leads the quarterly statement's fee line with the quarter's verdict", async () => {
    const root = await page("reports/2025-q3/index.html");
    expect(text(root.querySelector("#statement [data-fee-verdict]"))).toMatch(
      /^✓ Fees this quarter: [\d,.]+ LIBRA, \d+\.\d\d % of the [\d,.]+ LIBRA awarded, within the 4 % cap\.$/,
    );
  });
});
