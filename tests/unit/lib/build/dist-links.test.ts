import { describe, expect, it } from "vitest";
import { distTargetOf, findBrokenLinks } from "../../../../src/lib/build/dist-links.ts";

describe("distTargetOf", () => {
  it("maps root-relative and relative URLs to the file the static host serves", () => {
    expect(distTargetOf("index.html", "/transfers/")).toBe("transfers/index.html");
    expect(distTargetOf("index.html", "/feed.xml?x=1#top")).toBe("feed.xml");
    expect(distTargetOf("transfers/4/index.html", "../5/")).toBe("transfers/5/index.html");
    expect(distTargetOf("transfers/4/index.html", "receipt.csv")).toBe("transfers/4/receipt.csv");
    expect(distTargetOf("404.html", "/donors/%C3%A9/")).toBe("donors/é/index.html");
  });

  it("leaves external, in-page and empty URLs alone", () => {
    for (const url of ["https://scan.openlibra.io/x", "//cdn.example/x.js", "mailto:a@b.c", "#main", "?page=2", ""]) {
      expect(distTargetOf("index.html", url)).toBeNull();
    }
  });
});

describe("findBrokenLinks", () => {
  const files = new Set(["index.html", "transfers/index.html", "_astro/app.js", "favicon.svg"]);

  it("names each link, script, image and stylesheet that leads nowhere, with the page it is on", () => {
    const html = `<!doctype html><html><head><link rel="icon" href="/favicon.svg"><link rel="stylesheet" href="/_astro/gone.css">
      <script type="module" src="/_astro/app.js"></script></head><body>
      <a href="/transfers/">ok</a><a href="/transfers/page/2/">missing page</a><img src="logo.png" alt="">
      <a href="https://example.org/">external</a><a href="#main">in page</a></body></html>`;
    expect(findBrokenLinks([{ file: "index.html", html }], files)).toEqual([
      { page: "index.html", url: "/transfers/page/2/", target: "transfers/page/2/index.html" },
      { page: "index.html", url: "/_astro/gone.css", target: "_astro/gone.css" },
      { page: "index.html", url: "logo.png", target: "logo.png" },
    ]);
  });

  it("finds nothing on pages whose links all resolve", () => {
    const html = `<a href="/">home</a><a href="../">up</a><script src="/_astro/app.js"></script>`;
    expect(findBrokenLinks([{ file: "transfers/index.html", html }], files)).toEqual([]);
  });
});
