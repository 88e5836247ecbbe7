import { describe, expect, it } from "vitest";
import { parseReportFile, parseWriteupFile, splitFrontmatter } from "../../../src/site/content-files.ts";

const REPORT = `---
quarter: 2025-Q3
title: Third quarter
authors: [A. Author]
published: 2025-10-15
status: draft
---
Body *text*.
`;

const withKey = (text: string, line: string) => text.replace("status: draft\n", `status: draft\n${line}\n`);

describe("parseReportFile", () => {
  it("reads frontmatter and body; the id is the quarter from the file name", () => {
    const { id, entry } = parseReportFile("content/reports/2025-q3.md", REPORT);
    expect(id).toBe("2025-q3");
    expect(entry).toEqual({
      quarter: "2025-Q3",
      title: "Third quarter",
      authors: ["A. Author"],
      published: "2025-10-15",
      status: "draft",
      body: "Body *text*.\n",
      bodyLine: 8,
      file: "content/reports/2025-q3.md",
    });
  });

  it("accepts the quarter key in lower case and stores it as the site prints quarters", () => {
    const { entry } = parseReportFile("content/reports/2025-q3.md", REPORT.replace("2025-Q3", "2025-q3"));
    expect(entry.quarter).toBe("2025-Q3");
  });

  it("rejects an unknown key, naming the file and the key", () => {
    expect(() => parseReportFile("content/reports/2025-q3.md", withKey(REPORT, 'totalDonated: "1000"'))).toThrow(
      /^content\/reports\/2025-q3\.md frontmatter is not valid:\n {2}- totalDonated: unknown key \(allowed: addenda, authors, bodySha256, ledgerVersion, published, quarter, status, summary, title\)$/,
    );
  });

  it("names every unknown key", () => {
    const text = withKey(withKey(REPORT, "balance: 5"), "feeBasisPoints: 400");
    expect(() => parseReportFile("content/reports/2025-q3.md", text)).toThrow(
      /- feeBasisPoints: unknown key[\s\S]*- balance: unknown key|- balance: unknown key[\s\S]*- feeBasisPoints: unknown key/,
    );
  });

  it.each([
    ["2025-Q5", "quarter"],
    ["2025-3", "quarter"],
    ["25-Q3", "quarter"],
  ])("rejects the quarter %s", (quarter) => {
    expect(() => parseReportFile("content/reports/2025-q3.md", REPORT.replace("2025-Q3", quarter))).toThrow(
      /content\/reports\/2025-q3\.md frontmatter is not valid:\n {2}- quarter: expected a quarter as YYYY-QN/,
    );
  });

  it("rejects a quarter key that disagrees with the file name", () => {
    expect(() => parseReportFile("content/reports/2025-q4.md", REPORT)).toThrow(
      /content\/reports\/2025-q4\.md frontmatter is not valid:\n {2}- quarter: "2025-Q3" does not match the file name \(expected 2025-Q4/,
    );
  });

  it.each(["2025-Q3.md", "2025-q5.md", "q3-2025.md", "report.md", "2025-q3.markdown"])(
    "rejects the file name %s",
    (name) => {
      expect(() => parseReportFile(`content/reports/${name}`, REPORT)).toThrow(
        new RegExp(`content/reports/${name.replace(".", "\\.")}: a report's file name is its quarter, YYYY-qN\\.md`),
      );
    },
  );

  it.each([
    ["status: published", "status"],
    ["published: 2025-13-01", "published"],
    ["published: 15 Oct 2025", "published"],
    ["authors: []", "authors"],
    ['title: ""', "title"],
  ])("rejects %s, naming the key", (line, key) => {
    const [name] = line.split(":");
    const text = REPORT.replace(new RegExp(`^${name}:.*$`, "m"), line);
    expect(() => parseReportFile("content/reports/2025-q3.md", text)).toThrow(new RegExp(`\\n {2}- ${key}: `));
  });

  it("requires every key", () => {
    expect(() => parseReportFile("content/reports/2025-q3.md", REPORT.replace(/^authors:.*\n/m, ""))).toThrow(
      /- authors: .*\(found missing\)/,
    );
  });
});

describe("parseWriteupFile", () => {
  const WRITEUP = "---\ntitle: About\nauthors: [Maintainers]\npublished: 2025-11-30\nstatus: final\n---\n\nText.\n";

  it("reads a writeup; the id is the file name's stem", () => {
    const { id, entry } = parseWriteupFile("content/writeups/about-this-site.md", WRITEUP);
    expect(id).toBe("about-this-site");
    expect(entry.title).toBe("About");
    expect(entry.body).toBe("\nText.\n");
  });

  it("rejects a quarter key (writeups have none) and any other unknown key", () => {
    const text = WRITEUP.replace("status: final", "status: final\nquarter: 2025-Q3");
    expect(() => parseWriteupFile("content/writeups/about.md", text)).toThrow(
      /content\/writeups\/about\.md frontmatter is not valid:\n {2}- quarter: unknown key/,
    );
  });

  it.each(["About.md", "about_this.md", "about--this.md", "-about.md", "about.txt", "über.md"])(
    "rejects the file name %s",
    (name) => {
      expect(() => parseWriteupFile(`content/writeups/${name}`, WRITEUP)).toThrow(/lower-case letters, digits/);
    },
  );
});

describe("splitFrontmatter", () => {
  it("requires frontmatter", () => {
    expect(() => splitFrontmatter("x.md", "# Just a body\n")).toThrow(/^x\.md has no frontmatter/);
  });

  it("ignores a byte order mark and accepts CRLF line ends", () => {
    expect(splitFrontmatter("x.md", "\uFEFF---\r\ntitle: A\r\n---\r\nBody")).toEqual({
      data: { title: "A" },
      body: "Body",
      bodyLine: 4,
    });
  });

  it("rejects invalid YAML, duplicate keys and a frontmatter that is not a mapping", () => {
    expect(() => splitFrontmatter("x.md", "---\ntitle: [unclosed\n---\n")).toThrow(
      /^x\.md frontmatter is not valid YAML/,
    );
    expect(() => splitFrontmatter("x.md", "---\ntitle: A\ntitle: B\n---\n")).toThrow(
      /^x\.md frontmatter is not valid YAML/,
    );
    expect(() => splitFrontmatter("x.md", "---\n- a\n- b\n---\n")).toThrow(/^x\.md frontmatter must be YAML keys/);
  });
});
