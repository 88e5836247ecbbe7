import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../../../../src/lib/reports/markdown.ts";
import { parseHtml as parse } from "../../../support/site/dist-files.ts";
import { BIDI_CONTROL_PATTERN, HOSTILE_MARKDOWN } from "../../../support/site/hostile-markdown.ts";

const DANGEROUS_URL = /^\s*(javascript|vbscript|data):/i;

/** Every tag and attribute of the rendered HTML, as `tag` and `tag[attr=value]` strings. */
function inventory(html: string) {
  const root = parse(`<div id="root">${html}</div>`);
  const elements = root.querySelectorAll("#root *");
  return {
    tags: new Set(elements.map((element) => element.tagName.toLowerCase())),
    attributes: elements.flatMap((element) =>
      Object.entries(element.attributes).map(([name, value]) => ({ tag: element.tagName, name, value })),
    ),
    text: root.textContent,
  };
}

describe("renderMarkdown", () => {
  it("renders ordinary Markdown: emphasis, links, lists, tables, code", () => {
    expect(renderMarkdown("Some *text* and a [link](https://example.org/a?b=1).")).toBe(
      '<p>Some <em>text</em> and a <a href="https://example.org/a?b=1">link</a>.</p>',
    );
    expect(renderMarkdown("- one\n- two")).toBe("<ul>\n<li>one</li>\n<li>two</li>\n</ul>");
    expect(renderMarkdown("| a |\n|---|\n| 1 |")).toContain("<td>1</td>");
    expect(renderMarkdown("[site](/donors/) [mail](mailto:a@example.org)")).toBe(
      '<p><a href="/donors/">site</a> <a href="mailto:a@example.org">mail</a></p>',
    );
  });

  it("turns a top-level heading into <h2>: the page's title is its only <h1>", () => {
    expect(renderMarkdown("# Title\n\n## Part")).toBe("<h2>Title</h2>\n<h2>Part</h2>");
  });

  it("keeps footnote links pointing at their notes", () => {
    const html = renderMarkdown("Claim[^1].\n\n[^1]: Source.");
    const root = parse(html);
    const ref = root.querySelector("a[data-footnote-ref]");
    const target = ref?.getAttribute("href")?.slice(1) ?? "";
    expect(target).not.toBe("");
    expect(root.getElementById(target)?.textContent).toContain("Source.");
  });

  it("drops raw HTML: scripts, frames, styles, forms, handlers", () => {
    const { tags, attributes, text } = inventory(renderMarkdown(HOSTILE_MARKDOWN));
    for (const tag of ["script", "iframe", "object", "embed", "style", "link", "meta", "base", "form", "button"]) {
      expect(tags.has(tag), tag).toBe(false);
    }
    for (const tag of ["svg", "math", "details", "input"]) expect(tags.has(tag), tag).toBe(false);
    for (const { tag, name, value } of attributes) {
      expect(name.startsWith("on"), `<${tag} ${name}>`).toBe(false);
      expect(name, `<${tag} ${name}>`).not.toBe("style");
      expect(name, `<${tag} ${name}>`).not.toBe("srcdoc");
      if (["href", "src", "action", "formaction", "cite"].includes(name)) {
        expect(DANGEROUS_URL.test(value), `<${tag} ${name}="${value}">`).toBe(false);
      }
    }
    // The prose around them survives.
    for (const marker of ["SAFE-heading", "SAFE-paragraph", "SAFE-after-inline-script", "SAFE-bidi", "SAFE-table"]) {
      expect(text, marker).toContain(marker);
    }
  });

  it("keeps only web, mail and relative links", () => {
    const { attributes } = inventory(renderMarkdown(HOSTILE_MARKDOWN));
    const hrefs = attributes.filter((a) => a.name === "href").map((a) => a.value);
    expect(hrefs).toEqual(["https://example.org/ok", "/donors/"]);
  });

  it("turns an image whose source was refused into its alt text, and keeps allowed images", () => {
    const html = renderMarkdown("![the alt](javascript:alert(1)) and ![kept](/favicon.svg)");
    const { tags, text } = inventory(html);
    expect(text).toContain("the alt");
    expect(html).toContain('<img src="/favicon.svg" alt="kept">');
    expect(html.match(/<img/g)?.length).toBe(1);
    expect(tags.has("img")).toBe(true);
  });

  it("shows HTML inside a code block as text", () => {
    const root = parse(renderMarkdown(HOSTILE_MARKDOWN));
    expect(root.querySelector("pre code")?.textContent).toBe('<script>alert("SAFE-code-block")</script>\n');
  });

  it("removes bidirectional overrides and isolates, from text and from URLs", () => {
    const html = renderMarkdown(HOSTILE_MARKDOWN);
    expect(BIDI_CONTROL_PATTERN.test(html)).toBe(false);
    expect(html).toContain("the amount is 0001 LIBRA, and isolated text.");
    expect(BIDI_CONTROL_PATTERN.test(renderMarkdown("[a\u202Eb](https://x.example/\u202Ey 't\u202Ei')"))).toBe(false);
    // Right-to-left text itself is untouched: it needs no control characters.
    expect(renderMarkdown("שלום עולם")).toBe("<p>שלום עולם</p>");
  });

  it("gives the same bytes for the same input", () => {
    expect(renderMarkdown(HOSTILE_MARKDOWN)).toBe(renderMarkdown(HOSTILE_MARKDOWN));
  });
});
