import { describe, expect, it } from "vitest";
import { decodeReferences, pageSearchText } from "../../../../src/lib/search/page-text.ts";

const page = (main: string) =>
  `<!DOCTYPE html><html lang="en"><head><title>Tab title</title><script type="module" src="/x.js"></script></head><body><header><a href="/">Skip to content</a></header>${main}<footer>Built by Ledgerlight</footer></body></html>`;

describe("pageSearchText", () => {
  it("takes the text of <main data-pagefind-body> and its first <h1> as the title", () => {
    const html = page(
      '<main id="main" data-pagefind-body=""><h1>How <em>it</em> works</h1><p>Every donation<br>is counted.</p><ul><li>One</li><li>Two</li></ul></main>',
    );
    expect(pageSearchText(html)).toEqual({
      title: "How it works",
      text: "How it works Every donation is counted. One Two",
    });
  });

  it("leaves out scripts, styles, SVG and whatever is marked data-pagefind-ignore, with all they hold", () => {
    const html = page(
      '<main data-pagefind-body><h1>T</h1><p data-pagefind-ignore><a href="/transfers/">All transfers</a></p><svg><text>Axis</text></svg><style>p{}</style><script>var x = "<p>";</script><details data-pagefind-ignore=""><summary>Hex</summary><div><code>0xdead</code></div></details><p title="a > b">Kept</p></main>',
    );
    expect(pageSearchText(html)).toEqual({ title: "T", text: "T Kept" });
  });

  it("decodes character references and keeps hostile text as text", () => {
    const html = page(
      '<main data-pagefind-body=""><h1>A &amp; B</h1><p>&lt;script&gt;window.__x=1&lt;/script&gt; 1&ndash;2 &#60;&#x3c; &unknown;</p></main>',
    );
    expect(pageSearchText(html)?.text).toBe("A & B <script>window.__x=1</script> 1–2 << &unknown;");
    expect(decodeReferences("&hellip;&minus;&quot;")).toBe('…−"');
  });

  it("uses the document's title when the page has no heading, and finds nothing on a page not marked", () => {
    expect(pageSearchText(page('<main data-pagefind-body=""><p>Words</p></main>'))).toEqual({
      title: "Tab title",
      text: "Words",
    });
    expect(pageSearchText(page('<main id="main"><h1>T</h1></main>'))).toBeUndefined();
    // The mark's name as text, or on another element, is not the mark.
    expect(pageSearchText(page('<main id="main"><p>data-pagefind-body</p></main>'))).toBeUndefined();
    expect(pageSearchText(page('<mainly data-pagefind-body=""></mainly><main id="main"></main>'))).toBeUndefined();
  });
});
