import { describe, expect, it } from "vitest";
import { donorSearchRecord, searchPageFile, transferSearchRecord } from "../../../../src/lib/views/search-records.ts";
import { donorRows, type TransferTableRow, transferRows } from "../../../../src/lib/views/tables.ts";
import { buildTestSnapshot, TEAM } from "../../../support/snapshot/build-test-snapshot.ts";

const snapshot = buildTestSnapshot();
const rows = transferRows(snapshot, new Map([[TEAM, "Team C"]]));
const named = rows.find((row) => row.payeeName === "Team C") as TransferTableRow;

describe("search records of the one-per-record pages", () => {
  it("give a transfer its page's URL and title, and what a reader searches for: uid, payee, amount, description", () => {
    const record = transferSearchRecord({ ...named, descriptionText: "Award to <b>Team C</b>\u0000" }, "LIBRA", false);
    expect(record.url).toBe(`/transfers/${named.uid}/`);
    expect(record.meta.title).toBe(`Transfer #${named.uid}`);
    expect(record.language).toBe("en");
    expect(record.content).toContain(`Transfer #${named.uid}`);
    expect(record.content).toContain("Team C");
    expect(record.content).toContain(`${named.amountLibra} LIBRA`);
    expect(record.content).toContain("Kind Award");
    // Plain text as shown on the page (control bytes as their visible pictures), never turned into markup.
    expect(record.content).toContain("Award to <b>Team C</b>\u2400");
    expect(searchPageFile(record.url)).toBe(`transfers/${named.uid}/index.html`);
  });

  it("fall back to the hex of a description that is not text, and name a fee as such", () => {
    const record = transferSearchRecord({ ...named, descriptionText: null, descriptionHex: "ff00" }, "LIBRA", true);
    expect(record.content).toContain("Description ff00");
    expect(record.content).toContain("Kind Administrative fee");
  });

  it("give a donor the full and short address, the total and the share, not every donation", () => {
    const donor = donorRows(snapshot)[0];
    if (!donor) throw new Error("the test snapshot has no donor");
    const record = donorSearchRecord(donor, "LIBRA");
    expect(record.url).toBe(`/donors/${donor.address}/`);
    expect(record.meta.title).toMatch(/^Donor 0x/);
    expect(record.content).toContain(donor.address);
    expect(record.content).toContain(`${donor.cumulativeLibra} LIBRA`);
    expect(record.content).toContain(donor.share);
    expect(searchPageFile(record.url)).toBe(`donors/${donor.address}/index.html`);
  });
});
