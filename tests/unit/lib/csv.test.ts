import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toCsv } from "../../../src/lib/csv.ts";
import { U64_MAX } from "../../../src/lib/money.ts";
import { parseCsv } from "../../support/site/parse-csv.ts";

describe("toCsv", () => {
  it("writes a header and rows with CRLF after every record, the last one included", () => {
    expect(toCsv(["uid", "amount"], [["5", 300000000n]])).toBe("uid,amount\r\n5,300000000\r\n");
    expect(toCsv(["a"], [])).toBe("a\r\n");
  });

  it("quotes fields holding a quote, comma, CR or LF, doubling the quotes", () => {
    expect(toCsv(["t"], [['say "hi"'], ["a,b"], ["line\nbreak"], ["cr\rhere"], ["plain"]])).toBe(
      't\r\n"say ""hi"""\r\n"a,b"\r\n"line\nbreak"\r\n"cr\rhere"\r\nplain\r\n',
    );
  });

  it("writes null as an empty field, and keeps a single empty field as a visible record", () => {
    expect(toCsv(["a", "b", "c"], [[null, "x", null]])).toBe("a,b,c\r\n,x,\r\n");
    expect(toCsv(["only"], [[null], [""]])).toBe('only\r\n""\r\n""\r\n');
  });

  it("writes bigints and integral numbers as plain digits, u64::MAX and negatives included", () => {
    expect(toCsv(["n", "m", "k"], [[U64_MAX, -42n, 7]])).toBe("n,m,k\r\n18446744073709551615,-42,7\r\n");
    expect(toCsv(["z"], [[-0]])).toBe("z\r\n0\r\n");
  });

  it.each([1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, 1e21])("refuses the number %s", (value) => {
    expect(() => toCsv(["n"], [[value]])).toThrow(RangeError);
  });

  it("prefixes text that a spreadsheet would run as a formula with a quote mark", () => {
    const rows = [['=HYPERLINK("http://x")'], ["+1"], ["-2"], ["@SUM(A1)"], ["\tx"], ["\r=1"], ["a=1"], ["'"]];
    expect(toCsv(["t"], rows)).toBe(
      't\r\n"\'=HYPERLINK(""http://x"")"\r\n\'+1\r\n\'-2\r\n\'@SUM(A1)\r\n\'\tx\r\n"\'\r=1"\r\na=1\r\n\'\r\n',
    );
  });

  it("never prefixes amounts passed as bigint, even negative ones", () => {
    expect(toCsv(["signed"], [[-300000000n]])).toBe("signed\r\n-300000000\r\n");
    // The same digits as text are treated as text.
    expect(toCsv(["signed"], [["-300000000"]])).toBe("signed\r\n'-300000000\r\n");
  });

  it("refuses rows that do not match the header, and an empty header", () => {
    expect(() => toCsv(["a", "b"], [["1"]])).toThrow(/row 0 has 1 fields, the header has 2/);
    expect(() => toCsv([], [])).toThrow(RangeError);
  });

  it("round-trips any text through a strict RFC 4180 reader (formula-like text comes back with its quote mark)", () => {
    const text = fc.oneof(fc.string(), fc.string({ unit: "grapheme" }), fc.constantFrom('"', ",", "\r\n", "=1", "\r"));
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((width) =>
          fc.tuple(
            fc.array(text, { minLength: width, maxLength: width }),
            fc.array(fc.array(fc.oneof(text, fc.bigInt(), fc.constant(null)), { minLength: width, maxLength: width }), {
              maxLength: 8,
            }),
          ),
        ),
        ([header, rows]) => {
          const expected = [header, ...rows].map((row) =>
            row.map((field) =>
              field === null
                ? ""
                : typeof field === "bigint"
                  ? field.toString()
                  : /^[=+\-@\t\r]/.test(field)
                    ? `'${field}`
                    : field,
            ),
          );
          expect(parseCsv(toCsv(header, rows))).toEqual(expected);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
