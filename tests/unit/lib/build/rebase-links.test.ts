import { describe, expect, it } from "vitest";
import { rebaseHtmlLinks } from "../../../../src/lib/build/rebase-links.ts";

const PREFIX = "/wallets/0x4c0de5e0/";
const rebase = (html: string) =>
  rebaseHtmlLinks(html, { prefix: PREFIX, keepAtRoot: ["/manifest.sha256", "/wallets/"] });

describe("rebaseHtmlLinks", () => {
  it("moves root-relative links, sources and form actions under the prefix", () => {
    expect(rebase('<a href="/transfers/12/">x</a><img src="/favicon.svg" alt=""><form action="/search/"></form>')).toBe(
      `<a href="${PREFIX}transfers/12/">x</a><img src="${PREFIX}favicon.svg" alt=""><form action="${PREFIX}search/"></form>`,
    );
    expect(rebase('<a href="/">home</a><a class="x" href="/data/#rebuild">d</a>')).toBe(
      `<a href="${PREFIX}">home</a><a class="x" href="${PREFIX}data/#rebuild">d</a>`,
    );
  });

  it("leaves links already under the prefix, external, relative and in-page links alone", () => {
    const html =
      `<script type="module" src="${PREFIX}_astro/a.js"></script><a href="https://x.org/">e</a>` +
      '<a href="//cdn.example/x">p</a><a href="#top">t</a><a href="page/">r</a><a href="mailto:a@b.c">m</a>';
    expect(rebase(html)).toBe(html);
  });

  it("keeps the shared root paths and the switcher's links (data-site-root) at the root", () => {
    const html =
      '<a href="/manifest.sha256">m</a><a href="/wallets/0xother/">o</a><a href="/" data-site-root="">main</a>' +
      '<a data-site-root href="/reports/">r</a>';
    expect(rebase(html)).toBe(html);
  });

  it("rewrites every candidate of a srcset", () => {
    expect(rebase('<img alt="" srcset="/a.png 1x, /b.png 2x, https://x.org/c.png 3x">')).toBe(
      `<img alt="" srcset="${PREFIX}a.png 1x, ${PREFIX}b.png 2x, https://x.org/c.png 3x">`,
    );
  });

  it("never touches the text of script and style elements (their CSP hashes) or page text", () => {
    const html =
      '<style>a{background:url(/x.png)} .q[href="/y"]{}</style><script>const u = \' href="/z"\';</script>' +
      '<p>text href="/not-a-link" &quot;</p><p title="a &quot;href=&quot;/t">t</p>';
    expect(rebase(html)).toBe(html);
  });

  it("refuses a prefix without slashes at both ends", () => {
    expect(() => rebaseHtmlLinks("", { prefix: "/wallets/x" })).toThrow(/not a site prefix/);
    expect(() => rebaseHtmlLinks("", { prefix: "wallets/x/" })).toThrow(/not a site prefix/);
  });
});
