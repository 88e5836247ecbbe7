import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareUtf8, formatSha256Manifest, parseSha256Line } from "../../../src/lib/sha256-manifest.ts";

const A = "a".repeat(64);
const B = "b".repeat(64);
const C = "0123456789abcdef".repeat(4);

describe("formatSha256Manifest", () => {
  it("writes sha256sum lines (hash, two spaces, path, LF) sorted by path", () => {
    expect(
      formatSha256Manifest([
        { path: "index.html", sha256: A },
        { path: "_astro/x.css", sha256: B },
        { path: "data/index.html", sha256: C },
      ]),
    ).toBe(`${B}  _astro/x.css\n${C}  data/index.html\n${A}  index.html\n`);
  });

  it("sorts by bytes, not by locale: capitals before lower case, '-' before '/', '.' before letters", () => {
    const paths = ["b.html", "B.html", "a/b", "a-b", "a.b", "ä.html", "z.html"];
    const text = formatSha256Manifest(paths.map((path) => ({ path, sha256: A })));
    expect(text.split("\n").map((line) => line.slice(66))).toEqual([
      "B.html",
      "a-b",
      "a.b",
      "a/b",
      "b.html",
      "z.html",
      "ä.html",
      "",
    ]);
  });

  it("gives the same text whatever order the files were found in", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.stringMatching(/^[a-zA-Z0-9._-]{1,8}(\/[a-zA-Z0-9._-]{1,8}){0,2}$/), { maxLength: 20 }),
        (raw) => {
          const paths = raw.filter((path) => !path.split("/").some((part) => part === "." || part === ".."));
          const files = paths.map((path) => ({ path, sha256: A }));
          expect(formatSha256Manifest([...files].reverse())).toBe(formatSha256Manifest(files));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("writes nothing for no files", () => {
    expect(formatSha256Manifest([])).toBe("");
  });

  it.each([
    ["", /empty/],
    ["a\\b", /backslash or line break/],
    ["a\nb", /backslash or line break/],
    ["/index.html", /relative to dist/],
    ["a//b", /relative to dist/],
    ["a/./b", /relative to dist/],
    ["../secret", /relative to dist/],
  ])("refuses the path %j", (path, message) => {
    expect(() => formatSha256Manifest([{ path, sha256: A }])).toThrow(message);
  });

  it.each(["A".repeat(64), "a".repeat(63), `${"a".repeat(63)}g`, ""])("refuses the hash %j", (sha256) => {
    expect(() => formatSha256Manifest([{ path: "index.html", sha256 }])).toThrow(
      /sha256 of index.html must be 64 lower-case hex/,
    );
  });

  it("refuses a path listed twice", () => {
    expect(() =>
      formatSha256Manifest([
        { path: "index.html", sha256: A },
        { path: "index.html", sha256: B },
      ]),
    ).toThrow("index.html is listed twice");
  });
});

describe("compareUtf8", () => {
  it("orders by UTF-8 bytes where UTF-16 code units disagree (astral plane after U+FFFF)", () => {
    // "\u{10000}" is the surrogate pair D800 DC00, below "\uFFFF" by code unit but above it by UTF-8 byte.
    expect("\u{10000}" < "\uFFFF").toBe(true);
    expect(compareUtf8("\u{10000}", "\uFFFF")).toBeGreaterThan(0);
    expect(compareUtf8("ab", "abc")).toBeLessThan(0);
    expect(compareUtf8("abc", "abc")).toBe(0);
  });

  it("agrees with Buffer.compare on any strings", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), fc.string({ unit: "grapheme" }), (a, b) => {
        expect(Math.sign(compareUtf8(a, b))).toBe(Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b))));
      }),
      { numRuns: 500 },
    );
  });
});

describe("parseSha256Line", () => {
  it("reads back every line formatSha256Manifest writes", () => {
    const files = [
      { path: "index.html", sha256: "a".repeat(64) },
      { path: "data/snapshot/ledger.json", sha256: "0123456789abcdef".repeat(4) },
      { path: "donors/0x1/i n d e x.html", sha256: "f".repeat(64) },
    ];
    const lines = formatSha256Manifest(files)
      .split("\n")
      .filter((line) => line !== "");
    expect(lines.map(parseSha256Line)).toEqual([...files].sort((a, b) => compareUtf8(a.path, b.path)));
  });

  it.each([
    "",
    `${"a".repeat(64)} index.html`,
    `${"a".repeat(64)}  `,
    `${"A".repeat(64)}  index.html`,
    `${"a".repeat(63)}  index.html`,
    `${"a".repeat(64)} *index.html`,
  ])("is null for %j, which is not a line of ours", (line) => {
    expect(parseSha256Line(line)).toBeNull();
  });
});
