/**
 * A small Atom 1.0 (RFC 4287) writer. Pure and deterministic: the feed's `updated` is its newest entry's time,
 * never the build clock. All text goes through `escapeXml`, so on-chain or contributed text cannot break out.
 */

export interface AtomEntry {
  /** A permanent, unique IRI (we use the entry's permalink). */
  id: string;
  title: string;
  /** ISO 8601 UTC, e.g. 2026-11-24T15:36:00Z. */
  updated: string;
  link: string;
  /** Plain-text paragraphs (escaped, joined as an XHTML-free text summary). */
  summary: string;
}

export interface AtomFeed {
  id: string;
  title: string;
  subtitle: string;
  /** The site's home page. */
  link: string;
  /** The feed's own URL. */
  self: string;
  author: string;
  entries: readonly AtomEntry[];
}

/** Escapes the five XML specials and drops characters XML 1.0 does not allow (e.g. NUL, lone surrogates). */
export function escapeXml(text: string): string {
  let out = "";
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    const allowed =
      code === 0x9 ||
      code === 0xa ||
      code === 0xd ||
      (code >= 0x20 && code <= 0xd7ff) ||
      (code >= 0xe000 && code <= 0xfffd) ||
      (code >= 0x10000 && code <= 0x10ffff);
    if (!allowed) {
      out += "\ufffd";
      continue;
    }
    out +=
      char === "&"
        ? "&amp;"
        : char === "<"
          ? "&lt;"
          : char === ">"
            ? "&gt;"
            : char === '"'
              ? "&quot;"
              : char === "'"
                ? "&apos;"
                : char;
  }
  return out;
}

export function renderAtom(feed: AtomFeed): string {
  const newest =
    [...feed.entries]
      .map((entry) => entry.updated)
      .sort()
      .pop() ?? "1970-01-01T00:00:00Z";
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${escapeXml(feed.id)}</id>`,
    `  <title>${escapeXml(feed.title)}</title>`,
    `  <subtitle>${escapeXml(feed.subtitle)}</subtitle>`,
    `  <updated>${escapeXml(newest)}</updated>`,
    `  <link rel="alternate" type="text/html" href="${escapeXml(feed.link)}"/>`,
    `  <link rel="self" type="application/atom+xml" href="${escapeXml(feed.self)}"/>`,
    `  <author><name>${escapeXml(feed.author)}</name></author>`,
  ];
  for (const entry of feed.entries) {
    lines.push(
      "  <entry>",
      `    <id>${escapeXml(entry.id)}</id>`,
      `    <title>${escapeXml(entry.title)}</title>`,
      `    <updated>${escapeXml(entry.updated)}</updated>`,
      `    <link rel="alternate" type="text/html" href="${escapeXml(entry.link)}"/>`,
      `    <summary type="text">${escapeXml(entry.summary)}</summary>`,
      "  </entry>",
    );
  }
  lines.push("</feed>", "");
  return lines.join("\n");
}
