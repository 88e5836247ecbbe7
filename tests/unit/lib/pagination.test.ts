import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type PageItem,
  pageBounds,
  pageCount,
  pageHref,
  pageRouteParams,
  visiblePages,
} from "../../../src/lib/pagination.ts";

/** Items as a compact string, e.g. "1 2 … 5 [6] 7 … 20" with the current page bracketed. */
function show(items: PageItem[], current: number): string {
  return items
    .map((item) => (item.kind === "gap" ? "…" : item.page === current ? `[${item.page}]` : String(item.page)))
    .join(" ");
}

describe("pageCount", () => {
  it("rounds up, and gives an empty list one page", () => {
    expect(pageCount(0, 100)).toBe(1);
    expect(pageCount(1, 100)).toBe(1);
    expect(pageCount(100, 100)).toBe(1);
    expect(pageCount(101, 100)).toBe(2);
    expect(pageCount(10_000, 100)).toBe(100);
    expect(pageCount(10_001, 100)).toBe(101);
  });

  it("refuses a negative or fractional total and a page size below 1", () => {
    expect(() => pageCount(-1, 100)).toThrow(RangeError);
    expect(() => pageCount(1.5, 100)).toThrow(RangeError);
    expect(() => pageCount(10, 0)).toThrow(RangeError);
    expect(() => pageCount(10, Number.NaN)).toThrow(RangeError);
  });
});

describe("pageBounds", () => {
  it("gives half-open row bounds, the last page holding the remainder", () => {
    expect(pageBounds(1, 250, 100)).toEqual({ start: 0, end: 100 });
    expect(pageBounds(2, 250, 100)).toEqual({ start: 100, end: 200 });
    expect(pageBounds(3, 250, 100)).toEqual({ start: 200, end: 250 });
    expect(pageBounds(1, 0, 100)).toEqual({ start: 0, end: 0 });
  });

  it("refuses page 0 and pages past the last", () => {
    expect(() => pageBounds(0, 250, 100)).toThrow(RangeError);
    expect(() => pageBounds(4, 250, 100)).toThrow(/past the last page \(3\)/);
  });

  it("covers every row exactly once, in order, with no page over the size or empty (property)", () => {
    fc.assert(
      fc.property(fc.nat(5000), fc.integer({ min: 1, max: 300 }), (total, perPage) => {
        const count = pageCount(total, perPage);
        let next = 0;
        for (let page = 1; page <= count; page++) {
          const { start, end } = pageBounds(page, total, perPage);
          expect(start).toBe(next);
          expect(end - start).toBeLessThanOrEqual(perPage);
          if (total > 0) expect(end).toBeGreaterThan(start);
          next = end;
        }
        expect(next).toBe(total);
      }),
    );
  });
});

describe("visiblePages", () => {
  it("shows every page when there are few", () => {
    expect(show(visiblePages(1, 1), 1)).toBe("[1]");
    expect(show(visiblePages(3, 7), 3)).toBe("1 2 [3] 4 5 6 7");
  });

  it("shows the edges, two pages either side of the current one, and gaps between", () => {
    expect(show(visiblePages(1, 100), 1)).toBe("[1] 2 3 … 100");
    expect(show(visiblePages(50, 100), 50)).toBe("1 … 48 49 [50] 51 52 … 100");
    expect(show(visiblePages(100, 100), 100)).toBe("1 … 98 99 [100]");
  });

  it("never uses a gap for a single page", () => {
    expect(show(visiblePages(5, 11), 5)).toBe("1 2 3 4 [5] 6 7 … 11");
    expect(show(visiblePages(7, 11), 7)).toBe("1 … 5 6 [7] 8 9 10 11");
  });

  it("honours other widths", () => {
    expect(show(visiblePages(10, 20, { around: 1, edge: 2 }), 10)).toBe("1 2 … 9 [10] 11 … 19 20");
    expect(show(visiblePages(10, 20, { around: 0, edge: 0 }), 10)).toBe("… [10] …");
  });

  it("refuses a current page outside 1..count", () => {
    expect(() => visiblePages(0, 5)).toThrow(RangeError);
    expect(() => visiblePages(6, 5)).toThrow(RangeError);
  });

  it("lists ascending distinct pages with the current, first and last, and gaps only over 2+ pages (property)", () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 500 })
          .chain((count) => fc.tuple(fc.constant(count), fc.integer({ min: 1, max: count }))),
        ([count, current]) => {
          const items = visiblePages(current, count);
          const pages = items.flatMap((item) => (item.kind === "page" ? [item.page] : []));
          expect(pages).toContain(current);
          expect(pages[0]).toBe(1);
          expect(pages[pages.length - 1]).toBe(count);
          expect(items.length).toBeLessThanOrEqual(9);
          items.forEach((item, index) => {
            if (item.kind !== "gap") return;
            const before = items[index - 1];
            const after = items[index + 1];
            expect(before?.kind).toBe("page");
            expect(after?.kind).toBe("page");
            if (before?.kind === "page" && after?.kind === "page") expect(after.page - before.page).toBeGreaterThan(2);
          });
          for (let i = 1; i < pages.length; i++) expect(pages[i]).toBeGreaterThan(pages[i - 1] as number);
        },
      ),
    );
  });
});

describe("pageHref and pageRouteParams", () => {
  it("keeps page 1 at the list's own address and puts later pages under page/<n>/", () => {
    expect(pageHref("/transfers/", 1)).toBe("/transfers/");
    expect(pageHref("/transfers/", 2)).toBe("/transfers/page/2/");
    expect(pageHref("/transfers/status/paid/", 12)).toBe("/transfers/status/paid/page/12/");
    expect(() => pageHref("/transfers", 2)).toThrow(RangeError);
    expect(() => pageHref("/transfers/", 0)).toThrow(RangeError);
  });

  it("gives one route per page whose rest parameter matches pageHref", () => {
    const params = pageRouteParams(250, 100);
    expect(params).toEqual([
      { rest: undefined, page: 1 },
      { rest: "page/2", page: 2 },
      { rest: "page/3", page: 3 },
    ]);
    for (const { rest, page } of params)
      expect(`/transfers/${rest ? `${rest}/` : ""}`).toBe(pageHref("/transfers/", page));
    expect(pageRouteParams(0, 100)).toEqual([{ rest: undefined, page: 1 }]);
  });
});
