import { type ChildProcess, spawn } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadProgramConfig } from "../../src/config/program.ts";
import { renderMarkdown } from "../../src/lib/reports/markdown.ts";
import { figureResolver } from "../../src/lib/reports/report-figures.ts";
import { reportScaffold, scaffoldFacts } from "../../src/lib/reports/report-scaffold.ts";
import { parseReportFile } from "../../src/site/content-files.ts";
import { readCommittedSnapshot } from "../../src/store/snapshot-folder.ts";
import { runScript } from "../support/run-script.ts";
import { repoRoot } from "../support/site/build-site.ts";

const SIP = "0x0000000000000000000000000000000019e966bfa4b32ce9b7e23721b37b96d2";

let content: string;
const dirs: string[] = [];

beforeAll(async () => {
  content = await copyContent();
});
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

/** A copy of the committed content folder, removed after the tests. */
async function copyContent(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "ledgerlight-new-report-"));
  dirs.push(dir);
  await cp(path.join(repoRoot, "content"), dir, { recursive: true });
  return dir;
}

function newReport(args: string[]) {
  return runScript("scripts/new-report.ts", args);
}

/** The scaffold new-report writes for `quarter` of `dir`'s committed snapshot. */
async function expectedScaffold(dir: string, quarter: string, date: string) {
  const program = await loadProgramConfig(path.join(dir, "program.yaml"));
  const snapshot = await readCommittedSnapshot(path.join(dir, "snapshots", SIP));
  if (!snapshot) throw new Error("no committed snapshot");
  return { program, snapshot, text: reportScaffold(quarter, date, scaffoldFacts(snapshot, program, quarter)) };
}

describe("npm run new-report", () => {
  it("writes a draft whose frontmatter is valid and whose figures are directives, not numbers", async () => {
    const result = await newReport(["2025-q4", "--content", content, "--date", "2026-01-12"]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    const file = path.join(content, "reports", "2025-q4.md");
    expect(result.stdout).toBe(
      `Wrote ${file} (a draft for 2025-Q4; see the checklist at its end).\nSee it while you edit: LEDGERLIGHT_CONTENT_DIR=${content} npm run dev, then open /reports/2025-q4/ at the address it prints.\n`,
    );
    const text = await readFile(file, "utf8");
    expect(text).toBe((await expectedScaffold(content, "2025-Q4", "2026-01-12")).text);
    const { entry } = parseReportFile("content/reports/2025-q4.md", text);
    expect(entry).toMatchObject({ quarter: "2025-Q4", title: "Fourth quarter 2025", status: "draft" });
    expect(entry.body).toContain("- Mutual Insurance Pool: :figure[awards.team.mutual-insurance-pool]");
    expect(entry.body).toContain("## Maintainer checklist");
  });

  it("writes a scaffold whose every directive resolves against the committed snapshot, as it is", async () => {
    const { program, snapshot } = await expectedScaffold(content, "2025-Q4", "2026-01-12");
    const text = await readFile(path.join(content, "reports", "2025-q4.md"), "utf8");
    const { entry } = parseReportFile("content/reports/2025-q4.md", text);
    const context = {
      file: entry.file,
      firstLine: entry.bodyLine,
      figures: figureResolver(snapshot, { ...program, feeConfig: program }),
      transfer: () => undefined,
      defaultPeriod: entry.quarter,
    };
    const html = renderMarkdown(entry.body, context);
    expect(html).toMatch(
      /<a href="\/ledger\/quarter\/2025-q4\/kind\/donation\/" title="[^"]+"><data value="96924937578" data-figure="donations\.total" [^>]*>96,924\.937578 LIBRA<\/data><\/a>/,
    );
    // Every directive is resolved (the checklist's `:figure[name]` is code, shown as written): one figure per
    // directive in the text.
    expect(html.replace(/<code>[^<]*<\/code>/g, "")).not.toContain(":figure");
    const written = entry.body.replace(/`[^`]*`/g, "").match(/:figure\[/g)?.length ?? 0;
    expect(written).toBeGreaterThan(20);
    expect(html.match(/<data value=/g)?.length).toBe(written);
  });

  it("without a quarter, scaffolds the next one without a report, says which, and refuses when there is none", async () => {
    const dir = await copyContent();
    const first = await newReport(["--content", dir, "--date", "2026-01-12"]);
    expect(first.code).toBe(0);
    expect(first.stdout.split("\n")[0]).toBe(
      "No quarter given: chose 2025-Q4 (the newest report is 2025-Q3, and 2025-Q4 is the next quarter the committed snapshot covers).",
    );
    expect(await readFile(path.join(dir, "reports", "2025-q4.md"), "utf8")).toBe(
      (await expectedScaffold(dir, "2025-Q4", "2026-01-12")).text,
    );
    const second = await newReport(["--content", dir]);
    expect(second.code).toBe(5);
    expect(second.stderr).toContain(
      "new-report: every quarter the committed snapshot covers (2025-Q1 to 2025-Q4) up to the newest report has one; take a newer snapshot (npm run snapshot) or name a quarter: npm run new-report -- 2026-Q4",
    );
  });

  it("prints a command that shows the draft, and shows an edit and a mistyped figure on the next load", async () => {
    const dir = await copyContent();
    const result = await newReport(["--content", dir, "--date", "2026-01-12"]);
    const command = /See it while you edit: (.+), then open (\S+) at the address it prints\./.exec(result.stdout);
    if (!command) throw new Error(`no command in ${result.stdout}`);
    const [, printed, page] = command as unknown as [string, string, string];
    expect(page).toBe("/reports/2025-q4/");
    // As a person would type it, in a shell at the project's root: a person's environment, not the test runner's
    // (Vitest sets NODE_ENV, MODE, BASE_URL…; a calling npm its settings).
    const env = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? tmpdir(), ASTRO_TELEMETRY_DISABLED: "1" };
    const server: ChildProcess = spawn("sh", ["-c", printed], { cwd: repoRoot, env, detached: true });
    let output = "";
    server.stdout?.on("data", (chunk) => {
      output += String(chunk);
    });
    server.stderr?.on("data", (chunk) => {
      output += String(chunk);
    });
    try {
      const deadline = Date.now() + 60_000;
      let base: string | undefined;
      while (!base && Date.now() < deadline) {
        base = /(http:\/\/(?:localhost|127\.0\.0\.1|\[::1\]):\d+)\//.exec(output)?.[1];
        if (!base) await new Promise((resolve) => setTimeout(resolve, 200));
      }
      if (!base) throw new Error(`the dev server printed no address:\n${output}`);
      const load = async () => {
        const response = await fetch(`${base}${page}`);
        return { status: response.status, html: await response.text() };
      };
      // The first loads may come while Vite still optimizes its dependencies. The waits are generous: they wait for a
      // condition (they time nothing), and a dev server on a loaded 2-core machine took over 30 s for its first page.
      await expect.poll(async () => (await load()).status, { timeout: 90_000, interval: 500 }).toBe(200);
      const draft = await load();
      expect(draft.html).toMatch(/data-figure="awards\.team\.mutual-insurance-pool"[^>]*>30,000\.00 LIBRA</);
      const file = path.join(dir, "reports", "2025-q4.md");
      const text = await readFile(file, "utf8");
      // An edit shows on the next load (the loader watches the folder; give the watcher a moment).
      await writeFile(file, text.replace("Teams were awarded", "This quarter, teams were awarded"), "utf8");
      await expect
        .poll(async () => (await load()).html, { timeout: 45_000, interval: 300 })
        .toContain("This quarter, teams were awarded");
      // A mistyped figure fails the page, and the server says where and what was meant.
      await writeFile(file, text.replace(":figure[donors.new]", ":figure[donor.new]"), "utf8");
      await expect.poll(async () => (await load()).status, { timeout: 45_000, interval: 300 }).toBe(500);
      expect(output).toMatch(/2025-q4\.md:\d+:\d+: unknown figure "donor\.new"; did you mean "donors\.new"\?/);
    } catch (error) {
      // What the dev server printed (its reloads, its errors) says why a wait ran out: CI saw an edit not shown in
      // 45 s twice under heavy load, and the assertion alone shows only the page.
      throw new Error(`${(error as Error).message}\n--- the dev server printed:\n${output}`, { cause: error });
    } finally {
      // The shell, npm and the dev server are one process group (detached): end all of it.
      if (server.pid !== undefined && server.exitCode === null) process.kill(-server.pid, "SIGTERM");
    }
  }, 300_000);

  it("refuses to overwrite a report, and leaves it unchanged", async () => {
    const file = path.join(content, "reports", "2025-q3.md");
    const before = await readFile(file, "utf8");
    const result = await newReport(["2025-Q3", "--content", content]);
    expect(result.code).toBe(5);
    expect(result.stderr).toBe(
      `new-report: ${file} already exists; it was left unchanged.\nWhat to do: edit that report, or pass another quarter.\nNothing was written; the reports folder is unchanged.\n`,
    );
    expect(await readFile(file, "utf8")).toBe(before);
  });

  it("refuses a malformed quarter or date, or no quarter, writing nothing", async () => {
    const badQuarter = await newReport(["2026-Q5", "--content", content]);
    expect(badQuarter.code).toBe(2);
    expect(badQuarter.stderr).toContain("quarter: expected a quarter as YYYY-QN, e.g. 2026-Q4");
    const badDate = await newReport(["2026-Q1", "--content", content, "--date", "12/01/2026"]);
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toContain("date: expected a date as YYYY-MM-DD");
    expect((await newReport(["2026-Q1", "2026-Q2", "--content", content])).stderr).toContain(
      "give at most one quarter",
    );
    await expect(readFile(path.join(content, "reports", "2026-q1.md"), "utf8")).rejects.toThrow(/ENOENT/);
  });

  it("warns when the snapshot does not reach the quarter yet", async () => {
    const result = await newReport(["2026-Q4", "--content", content, "--date", "2026-11-24"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      "Note: the committed snapshot covers 2025-Q1 to 2025-Q4, not 2026-Q4: the build fails on this report's figures until a snapshot reaches 2026-Q4.",
    );
  });
});
