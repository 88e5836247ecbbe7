import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runScript } from "../support/run-script.ts";
import { writeFixtureContent } from "../support/site/fixture-content.ts";

const dirs: string[] = [];

afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

function checkFees(args: string[]) {
  return runScript("scripts/check-fees.ts", args);
}

describe("npm run check-fees", () => {
  let fixture: string;
  beforeAll(async () => {
    fixture = await writeFixtureContent();
    dirs.push(fixture);
  });

  it("passes on the committed content: every demo fee is linked to its award and within 4 %", async () => {
    const result = await checkFees([]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      "2025-Q1: awards 95,000.00 LIBRA, fees 3,325.00 LIBRA (350 bps); within the 4.00 % cap: fee 3,325.00 LIBRA ≤ allowance 3,800.00 LIBRA (4.00 % of 95,000.00 LIBRA), headroom 475.00 LIBRA\n",
    );
    expect(result.stdout).toContain("Lifetime: awards 435,150.00 LIBRA, fees 14,550.00 LIBRA");
    expect(result.stdout).toMatch(/OK: the fee cap holds for every award, every quarter and the lifetime\.\n$/);
  });

  it("exits 5 (a check failed) on the fixture content and names each breach with its numbers", async () => {
    const result = await checkFees(["--content", fixture]);
    expect(result.code).toBe(5);
    // The report goes to stdout, the breaches and what to do to stderr, ending with the closing line.
    expect(result.stdout).toContain("Lifetime: awards");
    expect(result.stderr).toMatch(/\nWhat to do: .+\nNothing was written \(this command only reads\)\.\n$/);
    expect(result.stderr).toContain("FAIL: 3 breaches of the fee cap:\n");
    expect(result.stderr).toContain(
      "  Lifetime: over the 4.00 % cap (BREACH): fee 20.00 LIBRA > allowance 12.00 LIBRA (4.00 % of 300.00 LIBRA), over by 8.00 LIBRA\n",
    );
    expect(result.stderr).toContain("  2025-Q4: over the 4.00 % cap (BREACH): fee 20.00 LIBRA > allowance 12.00 LIBRA");
    expect(result.stderr).toContain(
      "  Award #5: over the 4.00 % cap (BREACH): fee 20.00 LIBRA > allowance 12.00 LIBRA",
    );
  });

  it("exits 3 (bad input) naming the key when a fee link names a transfer the snapshot lacks, or the content is missing (2 for a bad option)", async () => {
    const bad = await mkdtemp(path.join(tmpdir(), "ledgerlight-check-fees-"));
    dirs.push(bad);
    await cp(fixture, bad, { recursive: true });
    const program = await readFile(path.join(bad, "program.yaml"), "utf8");
    await writeFile(
      path.join(bad, "program.yaml"),
      program.replace(/^feeLinks: \[\]$/m, 'feeLinks: [{ fee: "404", awards: ["5"] }]'),
      "utf8",
    );
    const result = await checkFees(["--content", bad]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("feeLinks[0].fee: no transfer 404 in the snapshot");
    expect((await checkFees(["--content", path.join(bad, "nowhere")])).code).toBe(3);
    expect((await checkFees(["--bogus"])).code).toBe(2);
  });
});
