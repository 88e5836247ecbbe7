import { describe, expect, it } from "vitest";
import { escapeXml, renderAtom } from "../../../src/lib/atom.ts";

describe("escapeXml", () => {
  it("escapes markup and replaces characters XML cannot carry", () => {
    expect(escapeXml(`<script>alert("x") & 'y'</script>`)).toBe(
      "&lt;script&gt;alert(&quot;x&quot;) &amp; &apos;y&apos;&lt;/script&gt;",
    );
    expect(escapeXml("a\u0000b\ud800c\u202e")).toBe("a\ufffdb\ufffdc\u202e");
  });
});

describe("renderAtom", () => {
  it("dates the feed by its newest entry, not the clock, and escapes every text", () => {
    const xml = renderAtom({
      id: "https://example.org/feed.xml",
      title: "T & T",
      subtitle: "s",
      link: "https://example.org/",
      self: "https://example.org/feed.xml",
      author: "A",
      entries: [
        { id: "e1", title: "<b>one</b>", updated: "2026-01-02T00:00:00Z", link: "https://example.org/1", summary: "x" },
        { id: "e2", title: "two", updated: "2026-03-04T05:06:07Z", link: "https://example.org/2", summary: "y" },
      ],
    });
    expect(xml).toContain("<updated>2026-03-04T05:06:07Z</updated>\n  <link");
    expect(xml).toContain("<title>T &amp; T</title>");
    expect(xml).toContain("<title>&lt;b&gt;one&lt;/b&gt;</title>");
    expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">')).toBe(
      true,
    );
    expect(xml.match(/<entry>/g)).toHaveLength(2);
  });
});
