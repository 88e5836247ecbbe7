import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { type HTMLElement, parse } from "node-html-parser";
import { describe, expect, inject, it } from "vitest";
import { formatCoins } from "../../src/lib/money.ts";
import { StateExportSchema, WalletNameSchema, WalletStateHistorySchema } from "../../src/schemas/state-history.ts";
import { repoRoot } from "../support/site/build-site.ts";
import { listDist } from "../support/site/dist-files.ts";
import { parseCsv } from "../support/site/parse-csv.ts";
import {
  HOSTILE_DESCRIPTION,
  HOSTILE_NAME,
  STATE_DONOR_KNOWN,
  STATE_WALLET_A,
  STATE_WALLET_B,
  STATE_WALLET_C,
  STATE_WALLET_D,
} from "../support/state-fixture.ts";

/**
 * The community wallets pages, built from the committed `content/state/` (the real exports, as imported) and from
 * the small fixture (known figures, hostile text). Figures are recomputed here from the state files themselves, not
 * through the site's code.
 */

const SORTS = ["balance", "name", "received", "difference"] as const;

async function page(dist: string, file: string) {
  return parse(await readFile(path.join(dist, file), "utf8"));
}

const text = (node: HTMLElement | null | undefined) => node?.textContent.replace(/\s+/g, " ").trim();

/** Each body row of the index: address and the exact value of each amount cell. */
function indexRows(root: HTMLElement) {
  return root.querySelectorAll("table[data-community-wallets] tbody tr").map((row) => {
    const value = (field: string) => row.querySelector(`data[data-field="${field}"]`)?.getAttribute("value");
    return {
      address: row.getAttribute("data-address") ?? "",
      balance: value("balance"),
      received: value("received"),
      paidOut: value("paid-out"),
      donors: value("donors"),
      payments: value("payments"),
      verdict: row.querySelector("[data-verdict]")?.getAttribute("data-verdict"),
      share: text(row.querySelector('[data-field="share"]')),
    };
  });
}

function totalsOf(root: HTMLElement) {
  const row = root.querySelector("table[data-community-wallets] tfoot tr[data-totals]");
  const value = (field: string) => row?.querySelector(`data[data-field="${field}"]`)?.getAttribute("value");
  return {
    balance: value("balance"),
    received: value("received"),
    paidOut: value("paid-out"),
    payments: value("payments"),
  };
}

/** The committed state folder read directly (schemas only), to check the pages against. */
async function committedState() {
  const dir = path.join(repoRoot, "content/state");
  const read = async (file: string) => JSON.parse(await readFile(path.join(dir, file), "utf8"));
  const exports = StateExportSchema.array().parse(await read("exports.json"));
  const names = WalletNameSchema.array().parse(await read("names.json"));
  const manifest = (await read("manifest.json")) as { files: Record<string, string> };
  const histories = await Promise.all(
    Object.keys(manifest.files)
      .filter((file) => file.startsWith("wallets/"))
      .map(async (file) => WalletStateHistorySchema.parse(await read(file))),
  );
  return { exports, names, histories };
}

describe("community wallets index, committed real data", () => {
  const dist = inject("defaultDist");

  it("has one row per wallet of the latest export (143), and totals equal to the sum of its rows, to the base unit", async () => {
    const { exports, histories } = await committedState();
    const latest = exports.at(-1);
    expect(latest?.id).toBe("v6-epoch-79");
    const root = await page(dist, "community-wallets/index.html");
    const rows = indexRows(root);
    expect(rows).toHaveLength(143);
    expect(rows.length).toBe(latest?.walletCount);

    const states = new Map(
      histories.flatMap((history) => {
        const state = history.states.find((item) => item.export === latest?.id);
        return state === undefined ? [] : [[history.address, state] as const];
      }),
    );
    let balance = 0n;
    let received = 0n;
    let payments = 0;
    for (const row of rows) {
      const state = states.get(row.address);
      expect(state, row.address).toBeDefined();
      expect(row.balance).toBe(state?.balance);
      expect(row.received).toBe(state?.cumulativeDeposits?.value ?? "");
      expect(row.donors).toBe(String(state?.cumulativeDeposits?.depositors.length));
      expect(row.payments).toBe(String(state?.payments.length));
      if (state?.cumulativeDeposits) {
        expect(row.paidOut).toBe((BigInt(state.cumulativeDeposits.value) - BigInt(state.balance)).toString());
        received += BigInt(state.cumulativeDeposits.value);
      }
      balance += BigInt(row.balance ?? "x");
      payments += state?.payments.length ?? 0;
    }
    const totals = totalsOf(root);
    expect(totals.balance).toBe(balance.toString());
    expect(totals.received).toBe(received.toString());
    expect(totals.paidOut).toBe((received - balance).toString());
    expect(totals.payments).toBe(String(payments));
    // Shown exactly, in LIBRA, and above 2^53 base units (a float would have rounded it).
    expect(balance > 2n ** 53n).toBe(true);
    expect(text(root.querySelector("tfoot data[data-field=balance]"))).toBe(formatCoins(balance));
  });

  it("says the data is real, from which export, and that it is never mixed with the simulated figures", async () => {
    const root = await page(dist, "community-wallets/index.html");
    expect(text(root.querySelector("[data-real-data]"))).toBe(
      "Real data: state exported from the 0L chain at v6 epoch 79 (ledger version 33,217,173, 13 Mar 2024). These figures are not the simulated demo figures shown elsewhere on this site, and are never added to them.",
    );
    // The site's "simulated" banner is not shown over real figures.
    expect(root.querySelector(".banner strong")?.textContent).toBe("Real data:");
    expect(root.textContent).not.toContain("Simulated data.");
  });

  it("has a static page per sort order with the same rows and figures, in that order", async () => {
    const index = indexRows(await page(dist, "community-wallets/index.html"));
    const canonical = [...index].sort((a, b) => (a.address < b.address ? -1 : 1));
    for (const sort of SORTS) {
      const rows = indexRows(await page(dist, `community-wallets/by/${sort}/index.html`));
      expect(
        [...rows].sort((a, b) => (a.address < b.address ? -1 : 1)),
        sort,
      ).toEqual(canonical);
      if (sort === "balance") expect(rows).toEqual(index);
      if (sort === "received") {
        const received = rows.map((row) => BigInt(row.received || "0"));
        expect(received.every((value, i) => i === 0 || (received[i - 1] ?? 0n) >= value)).toBe(true);
      }
    }
  });

  it("offers a CSV and a JSON download that match the table to the base unit", async () => {
    const rows = indexRows(await page(dist, "community-wallets/index.html"));
    const [header, ...records] = parseCsv(await readFile(path.join(dist, "data/community-wallets.csv"), "utf8"));
    expect(records).toHaveLength(143);
    const column = (name: string) => header?.indexOf(name) ?? -1;
    const byAddress = new Map(records.map((record) => [record[column("address")], record]));
    for (const row of rows) {
      const record = byAddress.get(row.address);
      expect(record?.[column("balance_units")], row.address).toBe(row.balance);
      expect(record?.[column("received_units")]).toBe(row.received);
      expect(record?.[column("paid_out_units")]).toBe(row.paidOut);
      expect(record?.[column("check")]).toBe(row.verdict);
      expect(record?.[column("unit")]).toBe("LIBRA");
    }
    const json = JSON.parse(await readFile(path.join(dist, "data/community-wallets.json"), "utf8"));
    expect(json.data).toBe("real");
    expect(json.wallets.map((item: { balance: string }) => item.balance).sort()).toEqual(
      rows.map((row) => row.balance).sort(),
    );
  });

  it("has a page for every wallet whose figures match its state in every export, each in its own unit", async () => {
    const { exports, histories } = await committedState();
    const files = await listDist(dist);
    const pages = files.filter((file) => /^community-wallets\/0x[0-9a-f]{64}\/index\.html$/.test(file));
    expect(pages).toHaveLength(histories.length);
    for (const history of histories) {
      const root = await page(dist, `community-wallets/${history.address}/index.html`);
      const rows = root.querySelectorAll("table[data-history] tbody tr");
      expect(
        rows.map((row) => row.getAttribute("data-export")),
        history.address,
      ).toEqual(
        exports.filter((item) => history.states.some((state) => state.export === item.id)).map((item) => item.id),
      );
      for (const row of rows) {
        const state = history.states.find((item) => item.export === row.getAttribute("data-export"));
        const unit = exports.find((item) => item.id === state?.export)?.unit;
        expect(row.querySelector('data[data-field="balance"]')?.getAttribute("value")).toBe(state?.balance);
        expect(text(row.querySelector('td[data-label="Balance"]'))?.endsWith(` ${unit}`)).toBe(true);
      }
      expect(root.querySelectorAll("[data-provenance] li")).toHaveLength(history.states.length);
    }
  });

  it("links the SIP's page to its full site, and the index and every page to each wallet", async () => {
    const sip = "0x0000000000000000000000000000000019e966bfa4b32ce9b7e23721b37b96d2";
    const root = await page(dist, `community-wallets/${sip}/index.html`);
    expect(root.querySelector("[data-full-site] a")?.getAttribute("href")).toBe("/");
    const index = await page(dist, "community-wallets/index.html");
    expect(index.querySelector(`a[href="/community-wallets/${sip}/"]`)).not.toBeNull();
    expect(index.querySelector('nav[aria-label="Sections"] a[href="/community-wallets/"]')).not.toBeNull();
  });

  it("serves the committed state files byte for byte", async () => {
    for (const file of ["exports.json", "names.json", "manifest.json"]) {
      expect(await readFile(path.join(dist, "data/state", file), "utf8")).toBe(
        await readFile(path.join(repoRoot, "content/state", file), "utf8"),
      );
    }
  });
});

/** The real export, read here independently of the importer: the total balance of all its wallets. */
const REAL_V6 = path.join(repoRoot, "../shared/realdata/libra-framework/comm_wallets-v6-epoch79.json");

describe.runIf(existsSync(REAL_V6) || process.env.LEDGERLIGHT_REQUIRE_REALDATA === "1")(
  "community wallets index against the real v6 export",
  () => {
    it("shows the total balance and the SIP's balance and donor count the raw file gives", async () => {
      // Objects written one after another; amounts are JSON numbers above 2^53, so read them as text.
      const raw = await readFile(REAL_V6, "utf8");
      const balances = [...raw.matchAll(/"balance": \{\s*"coin": (\d+)\s*\}/g)].map((match) => BigInt(match[1] ?? "x"));
      expect(balances).toHaveLength(143);
      const total = balances.reduce((sum, value) => sum + value, 0n);
      const root = await page(inject("defaultDist"), "community-wallets/index.html");
      expect(totalsOf(root).balance).toBe(total.toString());
      const sipRecord = raw
        .split(/\n(?=\{)/)
        .find((record) =>
          record.includes('"account": "0000000000000000000000000000000019e966bfa4b32ce9b7e23721b37b96d2"'),
        );
      const sipBalance = /"coin": (\d+)/.exec(sipRecord ?? "")?.[1];
      const depositors = /"depositors": \[([^\]]*)\]/.exec(sipRecord ?? "")?.[1]?.match(/"[0-9a-f]{64}"/g)?.length;
      const sipRow = indexRows(root).find((row) => row.address.endsWith("19e966bfa4b32ce9b7e23721b37b96d2"));
      expect(sipRow?.balance).toBe(sipBalance);
      expect(sipRow?.donors).toBe(String(depositors));
    });
  },
);

describe("community wallets pages, fixture content", () => {
  const dist = inject("fixtureDist");

  it("show every consistency outcome in plain words, and hostile names and descriptions as text", async () => {
    const index = await page(dist, "community-wallets/index.html");
    const rows = indexRows(index);
    // Five wallets of the check's own fixture, plus the two paying wallets of the rebase evidence (no cumulative
    // deposits in their export, so their check cannot tell).
    expect(rows).toHaveLength(7);
    expect(rows.map((row) => row.verdict).sort()).toEqual([
      "agrees",
      "agrees",
      "agrees",
      "cannot-tell",
      "cannot-tell",
      "differs",
      "differs",
    ]);
    expect(text(index.querySelector(`tr[data-address="${STATE_WALLET_B}"] th a`))).toBe(HOSTILE_NAME);
    expect(index.querySelector("img")).toBeNull();
    expect(text(index.querySelector(`tr[data-address="${STATE_WALLET_B}"] [data-field="check"]`))).toBe(
      "Differs by 0.0001 LIBRA",
    );
    // 2^60 + 7 of 1,155,684,814,009,819,334 base units in all (the program wallet holds its real v6 balance here).
    expect(text(index.querySelector(`tr[data-address="${STATE_WALLET_A}"] [data-field="share"]`))).toBe("99.76 %");

    const a = await page(dist, `community-wallets/${STATE_WALLET_A}/index.html`);
    expect(a.querySelector("script")).toBeNull();
    expect(text(a.querySelector("[data-schedule] td.description"))).toBe(HOSTILE_DESCRIPTION);
    expect(text(a.querySelector("[data-consistency]"))).toBe(
      "Adds up: received − balance equals its recorded payments, to the last base unit.",
    );
    // GAS and LIBRA rows side by side, never summed.
    expect(
      a
        .querySelectorAll("table[data-history] tbody tr")
        .map((row) => text(row.querySelector('td[data-label="Balance"]'))),
    ).toEqual(["11,274,089.306399 GAS", "1,152,921,504,606.846983 LIBRA"]);
    // A donor the main snapshot knows links to its donor page; the payee that is a community wallet to its page.
    expect(a.querySelector(`[data-donors] a[href="/donors/${STATE_DONOR_KNOWN}/"]`)).not.toBeNull();
    expect(a.querySelector(`[data-payments] a[href="/community-wallets/${STATE_WALLET_B}/"]`)).not.toBeNull();

    const d = await page(dist, `community-wallets/${STATE_WALLET_D}/index.html`);
    expect(text(d.querySelector("[data-consistency]"))).toMatch(
      /^Differs by 40\.00 LIBRA: its receipts record 40\.00 LIBRA more than left the wallet/,
    );
    const c = await page(dist, `community-wallets/${STATE_WALLET_C}/index.html`);
    expect(c.querySelector("[data-full-site] a")?.getAttribute("href")).toBe("/");
  });
});

describe("a site without content/state/", () => {
  it("has no community wallets pages and no menu link to them", async () => {
    const dist = inject("pagedDist");
    const files = await listDist(dist);
    expect(files.some((file) => file.startsWith("community-wallets/"))).toBe(false);
    expect(files.some((file) => file.startsWith("data/state/") || file.startsWith("data/community-wallets"))).toBe(
      false,
    );
    expect((await page(dist, "index.html")).querySelector('a[href="/community-wallets/"]')).toBeNull();
  });

  it("builds them on the main wallet's site only, never on another wallet's site", async () => {
    const dist = inject("walletsDist");
    const files = await listDist(dist);
    expect(files).toContain("community-wallets/index.html");
    expect(files.some((file) => /^wallets\/[^/]+\/community-wallets\//.test(file))).toBe(false);
    const other = files.find((file) => /^wallets\/[^/]+\/index\.html$/.test(file));
    expect(other).toBeDefined();
    expect((await page(dist, other ?? "")).querySelector('a[href$="community-wallets/"]')).toBeNull();
  });
});

describe("the methodology page", () => {
  it("writes down the community wallets' one display rounding and the consistency rule, where the pages link", async () => {
    const root = await page(inject("defaultDist"), "methodology/index.html");
    const section = text(root.querySelector('section[aria-labelledby="community-wallets"]'));
    expect(section).toContain("rounded down to the hundredth of a percent");
    expect(section).toContain('reads "< 0.01 %"');
    expect(section).toContain("at most one base unit per recorded payment");
    const index = await page(inject("defaultDist"), "community-wallets/index.html");
    expect(index.querySelector('a[href="/methodology/#community-wallets"]')).not.toBeNull();
    expect(root.querySelector("#community-wallets")).not.toBeNull();
  });
});
