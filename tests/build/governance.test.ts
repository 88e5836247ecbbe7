import { readFile } from "node:fs/promises";
import path from "node:path";
import { type HTMLElement, parse } from "node-html-parser";
import { describe, expect, inject, it } from "vitest";
import { parse as parseYaml } from "yaml";
import type { z } from "zod";
import type {
  ProposalRecordSchema,
  SnapshotMetaSchema,
  SnapshotWalletSchema,
  TransferRecordSchema,
} from "../../src/schemas/snapshot.ts";
import { decodeQrPath } from "../support/qr/decode-qr-path.ts";
import { repoRoot } from "../support/site/build-site.ts";

const SIP = "0x0000000000000000000000000000000019e966bfa4b32ce9b7e23721b37b96d2";
const folder = path.join(repoRoot, "content/snapshots", SIP);
// The files as written (u64 values as decimal strings), not as the schema decodes them.
type ProposalRecord = z.input<typeof ProposalRecordSchema>;
type SnapshotMeta = z.input<typeof SnapshotMetaSchema>;
type SnapshotWallet = z.input<typeof SnapshotWalletSchema>;
type TransferRecord = z.input<typeof TransferRecordSchema>;
const readJson = async <T>(file: string): Promise<T> => JSON.parse(await readFile(path.join(folder, file), "utf8"));

async function page(dist: string, file: string) {
  return parse(await readFile(path.join(dist, file), "utf8"));
}

const text = (element: HTMLElement | null | undefined) => element?.textContent.replace(/\s+/g, " ").trim();
const addresses = (root: HTMLElement, selector: string) =>
  root.querySelectorAll(`${selector} code[data-address]`).map((code) => code.getAttribute("data-address"));

describe("the governance page of the committed build", () => {
  it("lists the wallet's authorities in the chain's order with the configured names, and the threshold", async () => {
    const wallet = await readJson<SnapshotWallet>("wallet.json");
    const authorities = wallet.authorities;
    if (!authorities) throw new Error("the committed snapshot has authorities");
    const program = parseYaml(await readFile(path.join(repoRoot, "content/program.yaml"), "utf8"));
    const root = await page(inject("defaultDist"), "governance/index.html");
    expect(addresses(root, "#authorities")).toEqual(authorities.owners);
    for (const code of root.querySelectorAll("#authorities code"))
      expect(text(code)).toBe(code.getAttribute("data-address"));
    // Two of the three demo authorities are named in program.yaml; the third is shown by address only.
    const names = root.querySelectorAll("#authorities .account-name").map((name) => text(name));
    expect(names).toEqual(["Demo authority A", "Demo authority B", "Unnamed authority"]);
    expect(program.authorities.map((entry: { name: string }) => entry.name)).toEqual(names.slice(0, 2));
    expect(root.querySelector("#authorities-required")?.getAttribute("value")).toBe(authorities.required);
    expect(root.querySelector("#authorities-count")?.getAttribute("value")).toBe(String(authorities.owners.length));
    expect(text(root.querySelector("#threshold strong"))).toBe(
      `Any ${authorities.required} of these ${authorities.owners.length} must approve a payment.`,
    );
  });

  it("shows the steward, the advances, the freeze and the reauthorization exactly as wallet.json has them", async () => {
    const wallet = await readJson<SnapshotWallet>("wallet.json");
    const root = await page(inject("defaultDist"), "governance/index.html");
    expect(addresses(root, "#stewards")).toEqual([
      "0x000000000000000000000000000000005157e3a2d0c4f1b8a9e6d7c3b2a1f0e9",
    ]);
    const value = (id: string) => root.querySelector(`#${id}`)?.getAttribute("value");
    expect(value("advances-outstanding")).toBe(wallet.advances?.balanceOutstanding);
    expect(value("advances-lifetime-withdrawals")).toBe(wallet.advances?.lifetimeWithdrawals);
    expect(value("advances-lifetime-deposits")).toBe(wallet.advances?.lifetimeDeposits);
    expect(value("freeze-is-frozen")).toBe(String(wallet.freeze.isFrozen));
    expect(value("freeze-consecutive-rejections")).toBe(wallet.freeze.consecutiveRejections);
    expect(text(root.querySelector("#freeze-consecutive-rejections"))).toBe(
      `${wallet.freeze.consecutiveRejections} of 3`,
    );
    expect(value("reauthorization-timestamp")).toBe(wallet.reauthorization?.timestampSecs);
    expect(value("reauthorization-required")).toBe(String(wallet.reauthorization?.reauthRequired));
    expect(root.querySelector('main a[href="/take-part/"]')).not.toBeNull();
  });

  it("says what the snapshot lacks when the wallet's authorities, advances and reauthorization were not read", async () => {
    const root = await page(inject("fixtureDist"), "governance/index.html");
    expect(text(root.querySelector("#threshold"))).toBe("The snapshot has no record of the wallet's authorities.");
    expect(root.querySelector("#authorities")).toBeNull();
    expect(text(root.querySelector("#advances"))).toMatch(/no record of advances/);
    expect(text(root.querySelector("#reauthorization"))).toMatch(/no record of the donors' authorization/);
  });
});

describe("each transfer page of the committed build", () => {
  it("lists exactly the voters of its proposal, in the chain's order", async () => {
    const transfers = await readJson<TransferRecord[]>("transfers.json");
    const proposals = new Map((await readJson<ProposalRecord[]>("proposals.json")).map((p) => [p.id, p]));
    expect(transfers.length).toBeGreaterThan(10);
    for (const transfer of transfers) {
      const root = await page(inject("defaultDist"), `transfers/${transfer.uid}/index.html`);
      const proposal = proposals.get(transfer.uid);
      if (!proposal) {
        expect(root.querySelector("#approvals-missing"), transfer.uid).not.toBeNull();
        continue;
      }
      expect(addresses(root, "#approvals"), transfer.uid).toEqual(proposal.votes);
      expect(root.querySelector("#approvals")?.getAttribute("data-source-record")).toBe(`[id=${transfer.uid}].votes`);
    }
  });
});

describe("the take-part page of the committed build", () => {
  it("shows the wallet address in full and a QR code of it, inline SVG without style, that decodes to it", async () => {
    const meta = await readJson<SnapshotMeta>("meta.json");
    const html = await readFile(path.join(inject("defaultDist"), "take-part/index.html"), "utf8");
    const root = parse(html);
    expect(text(root.querySelector("#wallet-address"))).toBe(meta.wallet);
    const svg = root.querySelector("main svg#wallet-qr");
    expect(svg).not.toBeNull();
    expect(root.querySelectorAll("main svg")).toHaveLength(1);
    expect(root.querySelectorAll("img, object, iframe, embed")).toHaveLength(0);
    // No style attribute or element anywhere in the SVG or on the page: the CSP allows no inline styles.
    expect(html).not.toMatch(/\sstyle\s*=/i);
    expect(svg?.querySelectorAll("style")).toHaveLength(0);
    expect(svg?.getAttribute("role")).toBe("img");
    expect(svg?.getAttribute("aria-label")).toContain(meta.wallet);
    const size = /^0 0 (\d+) \1$/.exec(svg?.getAttribute("viewBox") ?? "")?.[1];
    const pathData = svg?.querySelector("path")?.getAttribute("d") ?? "";
    expect(size).toBeDefined();
    // Read back by an independent decoder, from the bytes the page ships.
    expect(decodeQrPath(pathData, Number(size))).toBe(meta.wallet);
  });

  it("lists every scheduled transfer with the deadline by which a veto must land, date first, then epoch", async () => {
    const transfers = await readJson<TransferRecord[]>("transfers.json");
    const meta = await readJson<SnapshotMeta>("meta.json");
    const scheduled = transfers.filter((transfer) => transfer.status === "scheduled");
    expect(scheduled.length).toBeGreaterThan(0);
    const root = await page(inject("defaultDist"), "take-part/index.html");
    const items = root.querySelectorAll("#veto-deadlines > li");
    expect(items.map((item) => item.getAttribute("data-uid")).sort()).toEqual(scheduled.map((t) => t.uid).sort());
    for (const transfer of scheduled) {
      const item = items.find((candidate) => candidate.getAttribute("data-uid") === transfer.uid) as HTMLElement;
      const closing = BigInt(transfer.deadlineEpoch) > BigInt(meta.epoch) ? transfer.deadlineEpoch : meta.epoch;
      expect(item.getAttribute("data-closing-epoch")).toBe(closing);
      const deadline = item.querySelector("time.veto-deadline");
      expect(deadline?.getAttribute("datetime")).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      // The boundary closing epoch 733 is after the snapshot (epoch 732): an estimate, said with "about".
      expect(text(deadline)).toMatch(
        new RegExp(`^about \\d{1,2} \\w{3} \\d{4}, \\d{2}:\\d{2} UTC, end of epoch ${closing}$`),
      );
      expect(text(item.querySelector(".veto-command"))).toBe(
        `libra txs community veto --community-wallet ${meta.wallet} --proposal-id ${transfer.uid}`,
      );
      expect(item.querySelector(`a[href="/transfers/${transfer.uid}/"]`)).not.toBeNull();
      expect(item.querySelector("data")?.getAttribute("value")).toBe(transfer.amount);
    }
    expect(text(root.querySelector("#veto-function"))).toBe("0x1::donor_voice_txs::propose_veto_tx(wallet, uid)");
    expect(root.querySelector('main a[href="/governance/"]')).not.toBeNull();
  });

  it("says there is nothing to stop when no transfer is scheduled", async () => {
    const root = await page(inject("fixtureDist"), "take-part/index.html");
    expect(root.querySelector("#veto-deadlines")).toBeNull();
    expect(text(root.querySelector("#veto-deadlines-empty"))).toMatch(/^No payment is scheduled/);
  });
});

describe("the governance pages", () => {
  it("ship no script and are in the header navigation of every page", async () => {
    for (const file of ["governance/index.html", "take-part/index.html"]) {
      const root = await page(inject("defaultDist"), file);
      expect(root.querySelectorAll("script"), file).toHaveLength(0);
    }
    const home = await page(inject("defaultDist"), "index.html");
    const nav = home.querySelectorAll('nav[aria-label="Sections"] a').map((a) => [a.getAttribute("href"), text(a)]);
    expect(nav).toContainEqual(["/governance/", "Who decides"]);
    expect(nav).toContainEqual(["/take-part/", "Take part"]);
  });
});
