import { readFile } from "node:fs/promises";
import path from "node:path";
import { type HTMLElement, parse } from "node-html-parser";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { repoRoot } from "../support/site/build-site.ts";

/**
 * Ballot states and timelines over the whole committed snapshot, read from the built site. The expected state of
 * each ballot is worked out here from the raw snapshot files, by the rules on the methodology page, without the
 * site's code: passed and rejected as the chain lists them; a ballot the chain still lists as pending is lapsed
 * once its deadline epoch is over (the snapshot is in a later epoch) or its transfer was paid or stopped, and open
 * otherwise.
 */

const SNAPSHOT = path.join(
  repoRoot,
  "content/snapshots/0x0000000000000000000000000000000019e966bfa4b32ce9b7e23721b37b96d2",
);

interface Ballot {
  ballotId: string;
  transferUid: string;
  status: "pending" | "passed" | "failed";
  deadlineEpoch: string;
}
interface Transfer {
  uid: string;
  status: string;
  deadlineEpoch: string;
}
interface Files {
  meta: { epoch: string; ledgerTimestampUsec: string };
  vetoes: Ballot[];
  transfers: Transfer[];
  epochs: { epoch: string; version: string; timestampUsec: string }[];
  ledger: { entries: { version: string; stream: string; transferUid: string | null }[] };
}

const read = async (file: string) => JSON.parse(await readFile(path.join(SNAPSHOT, file), "utf8"));
/** `"1234"` -> `"1,234"`, as the site groups integers. */
const grouped = (digits: string) => digits.replace(/\B(?=(\d{3})+$)/g, ",");
const squash = (text: string | undefined) => (text ?? "").replace(/\s+/g, " ").trim();

function expectedState(ballot: Ballot, files: Files): string {
  if (ballot.status === "passed") return "passed";
  if (ballot.status === "failed") return "rejected";
  const target = files.transfers.find((t) => t.uid === ballot.transferUid);
  if (BigInt(files.meta.epoch) > BigInt(ballot.deadlineEpoch)) return "lapsed";
  if (target?.status === "paid" || target?.status === "vetoed") return "lapsed";
  return "open";
}

const LABELS: Record<string, string> = {
  open: "Open",
  passed: "Passed: payment stopped",
  rejected: "Rejected: did not pass",
  lapsed: "Lapsed: can no longer stop anything",
};
const LISTS: Record<Ballot["status"], string> = {
  pending: "ballots_pending",
  passed: "ballots_approved",
  failed: "ballots_rejected",
};

describe("veto ballots and timelines of the committed snapshot", () => {
  let dist: string;
  let files: Files;
  const page = async (file: string): Promise<HTMLElement> => parse(await readFile(path.join(dist, file), "utf8"));

  beforeAll(async () => {
    dist = inject("defaultDist");
    files = {
      meta: await read("meta.json"),
      vetoes: await read("vetoes.json"),
      transfers: await read("transfers.json"),
      epochs: await read("epochs.json"),
      ledger: await read("ledger.json"),
    };
  });

  it("shows every ballot's real state on /vetoes/, with the chain's own listing next to it, never open past its deadline", async () => {
    const root = await page("vetoes/index.html");
    expect(files.vetoes.length).toBeGreaterThan(0);
    for (const ballot of files.vetoes) {
      const expected = expectedState(ballot, files);
      const row = root.querySelector(`tbody tr[data-ballot-id="${ballot.ballotId}"]`);
      const reading = root.querySelector(`li#ballot-${ballot.ballotId}`);
      expect(row?.getAttribute("data-state"), `ballot #${ballot.ballotId}`).toBe(expected);
      expect(row?.getAttribute("data-chain-list")).toBe(LISTS[ballot.status]);
      expect(squash(row?.textContent)).toContain(
        `${LABELS[expected]} listed by the chain under ${LISTS[ballot.status]}`,
      );
      expect(reading?.getAttribute("data-state")).toBe(expected);
      if (ballot.status === "pending" && BigInt(files.meta.epoch) > BigInt(ballot.deadlineEpoch)) {
        expect(row?.getAttribute("data-state"), `ballot #${ballot.ballotId} is past its deadline`).not.toBe("open");
        expect(squash(reading?.textContent)).toContain(
          `passed ${BigInt(files.meta.epoch) - BigInt(ballot.deadlineEpoch)} epochs before this snapshot`,
        );
      }
    }
    // The ballot: #21 on transfer #19, listed pending 144 epochs after its deadline.
    expect(root.querySelector('tbody tr[data-ballot-id="21"]')?.getAttribute("data-state")).toBe("lapsed");
  });

  it("shows each ballot's state on its transfer's timeline", async () => {
    for (const ballot of files.vetoes) {
      const root = await page(`transfers/${ballot.transferUid}/index.html`);
      const step = root
        .querySelectorAll('ol.timeline > li[data-kind="veto-ballot"]')
        .find((li) => squash(li.querySelector("h3")?.textContent) === `Veto ballot #${ballot.ballotId}`);
      expect(step, `ballot #${ballot.ballotId} on transfer #${ballot.transferUid}`).toBeDefined();
      const text = squash(step?.textContent);
      expect(text).toContain(
        `${LABELS[expectedState(ballot, files)]} (listed by the chain under ${LISTS[ballot.status]})`,
      );
      if (expectedState(ballot, files) !== "open") expect(text).not.toMatch(/\bOpen\b|still open|can vote until/);
    }
  });

  it("orders every timeline of every transfer page by ledger version; steps still to come last", async () => {
    const payments = new Map(
      files.ledger.entries
        .filter((e) => e.stream === "withdraw" && e.transferUid !== null)
        .map((e) => [e.transferUid, e]),
    );
    expect(files.transfers.length).toBeGreaterThan(10);
    for (const transfer of files.transfers) {
      const root = await page(`transfers/${transfer.uid}/index.html`);
      const items = root.querySelectorAll("ol.timeline > li");
      expect(items.length, `transfer #${transfer.uid}`).toBeGreaterThan(1);
      let previous = -1n;
      let upcoming = false;
      for (const item of items) {
        const version = item.getAttribute("data-ledger-version");
        if (version === undefined) {
          expect(item.hasAttribute("data-upcoming"), `transfer #${transfer.uid}: an item with no version`).toBe(true);
          upcoming = true;
          continue;
        }
        expect(upcoming, `transfer #${transfer.uid}: a dated step after one still to come`).toBe(false);
        expect(version).toMatch(/^(0|[1-9][0-9]*)$/);
        expect(BigInt(version) >= previous, `transfer #${transfer.uid}: ${version} after ${previous}`).toBe(true);
        previous = BigInt(version);
      }
      // A payment is placed at its own transaction, so the attribute is the ledger's, not made up.
      const paid = items.find((item) => item.getAttribute("data-kind") === "paid");
      const payment = payments.get(transfer.uid);
      if (paid && payment) expect(paid.getAttribute("data-ledger-version")).toBe(payment.version);
    }
    // The issue's timeline: transfer #19 was paid (4 Jul) before ballot #21's deadline (9 Jul).
    const kinds = (await page("transfers/19/index.html"))
      .querySelectorAll("ol.timeline > li")
      .map((li) => li.getAttribute("data-kind"));
    expect(kinds.indexOf("paid")).toBeLessThan(kinds.indexOf("veto-ballot"));
  });

  it("leads every due date with the date, saying 'about' exactly when the epoch's end is not recorded", async () => {
    const recorded = new Set(files.epochs.map((e) => e.epoch));
    for (const transfer of files.transfers) {
      const due = squash((await page(`transfers/${transfer.uid}/index.html`)).querySelector("#due")?.textContent);
      const epoch = grouped(transfer.deadlineEpoch);
      const about = recorded.has((BigInt(transfer.deadlineEpoch) + 1n).toString()) ? "" : "about ";
      expect(due, `transfer #${transfer.uid}`).toMatch(
        new RegExp(
          `^${about}\\d{1,2} [A-Z][a-z]{2} \\d{4}, end of epoch ${epoch}( \\((about \\d+ days?|less than a day) left as of the snapshot\\))?$`,
        ),
      );
      if (transfer.status === "scheduled") expect(due).toMatch(/left as of the snapshot\)$/);
    }
  });

  it("counts the Q3 report's ballots by their real state: the lapsed ballot is not 'still open'", async () => {
    const [start, end] = [Date.UTC(2025, 6, 1) * 1000, Date.UTC(2025, 9, 1) * 1000].map(BigInt) as [bigint, bigint];
    const closes = (epoch: string) => files.epochs.find((e) => e.epoch === (BigInt(epoch) + 1n).toString());
    const inQ3 = files.vetoes.filter((b) => {
      const boundary = closes(b.deadlineEpoch);
      return boundary !== undefined && BigInt(boundary.timestampUsec) >= start && BigInt(boundary.timestampUsec) < end;
    });
    const count = (state: string) => inQ3.filter((b) => expectedState(b, files) === state).length;
    expect(inQ3.length).toBeGreaterThan(0);
    const line = squash((await page("reports/2025-q3/index.html")).querySelector("[data-vetoes]")?.textContent);
    expect(line).toBe(
      `${inQ3.length} veto ${inQ3.length === 1 ? "ballot" : "ballots"} closing in 2025 Q3: ${count("passed")} passed (transfer stopped), ${count("rejected")} rejected, ${count("lapsed")} lapsed (deadline passed or payment already made, so it can no longer stop anything), ${count("open")} still open. See every ballot and the transfers due in 2025 Q3.`,
    );
    expect(line).not.toContain("1 still open");
  });
});
