import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runScript } from "../support/run-script.ts";

let work: string;

function checkLinks(args: string[]) {
  return runScript("scripts/check-links.ts", args);
}

async function writeDist(name: string, pages: Record<string, string>): Promise<string> {
  const dist = path.join(work, name);
  for (const [file, html] of Object.entries(pages)) {
    await mkdir(path.dirname(path.join(dist, file)), { recursive: true });
    await writeFile(path.join(dist, file), html);
  }
  return dist;
}

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), "ledgerlight-links-"));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe("npm run check-links", () => {
  it("passes a build whose links all resolve", async () => {
    const dist = await writeDist("good", {
      "index.html": '<a href="/transfers/">transfers</a><a href="https://example.org/">out</a>',
      "transfers/index.html": '<a href="../">home</a>',
    });
    const result = await checkLinks(["--dist", dist]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("2 pages, every same-site link leads to a file of the build.\n");
  });

  it("exits 5 (a check failed) naming the page, the link and the missing file, then what to do", async () => {
    const dist = await writeDist("broken", {
      "index.html": '<a href="/transfers/">transfers</a>',
      "donors/index.html": '<a href="/donors/0xabc/">a donor</a>',
    });
    const result = await checkLinks(["--dist", dist]);
    expect(result.code).toBe(5);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      [
        `2 broken link(s) in ${dist}:`,
        "  - donors/index.html links to /donors/0xabc/ (no donors/0xabc/index.html)",
        "  - index.html links to /transfers/ (no transfers/index.html)",
        "What to do: fix the page or content that writes each link (or the file it should lead to), build again and re-check.",
        "Nothing was written (this command only reads).",
        "",
      ].join("\n"),
    );
  });

  it("exits 3 (bad input) when there is no build to check", async () => {
    const result = await checkLinks(["--dist", path.join(work, "nowhere")]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(
      "is not a folder, so there is no built site to check.\nWhat to do: run npm run build first",
    );
  });
});
