import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import {
  JsonNumber,
  JsonSyntaxError,
  type JsonValue,
  JsonValueTooLargeError,
  parseJsonStream,
  parseLosslessJson,
} from "../../../src/legacy/lossless-json.ts";

/** Plain data for comparisons: numbers as `#text`. */
function plain(value: JsonValue): unknown {
  if (value instanceof JsonNumber) return `#${value.text}`;
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

async function collect(chunks: string[]): Promise<Array<{ index: number; value: unknown }>> {
  const out: Array<{ index: number; value: unknown }> = [];
  for await (const { index, value } of parseJsonStream(Readable.from(chunks.map((c) => Buffer.from(c))))) {
    out.push({ index, value: plain(value) });
  }
  return out;
}

function syntaxError(text: string): JsonSyntaxError {
  try {
    parseLosslessJson(text);
  } catch (error) {
    if (error instanceof JsonSyntaxError) return error;
    throw error;
  }
  throw new Error(`no error for ${text}`);
}

describe("lossless JSON parsing", () => {
  it("keeps numbers above 2^53 exact, as their text", () => {
    const value = parseLosslessJson('{"a":18446744073709551615,"b":9007199254740993,"c":-1.5e-3,"d":0}');
    expect(plain(value)).toEqual({ a: "#18446744073709551615", b: "#9007199254740993", c: "#-1.5e-3", d: "#0" });
    // JSON.parse would have rounded it.
    expect(String(JSON.parse("9007199254740993"))).toBe("9007199254740992");
  });

  it("decodes strings with escapes, and a string that looks like a number stays a string", () => {
    const value = parseLosslessJson(String.raw`["a\"b\\c\/\n\t\u00e9\ud83d\ude00", "123"]`);
    expect(value).toEqual(['a"b\\c/\n\té😀', "123"]);
  });

  it("parses literals, nesting and empty containers", () => {
    expect(plain(parseLosslessJson('{"x":[true,false,null,[],{}],"y":{"z":[1,[2]]}}'))).toEqual({
      x: [true, false, null, [], {}],
      y: { z: ["#1", ["#2"]] },
    });
  });

  it("streams a top-level array element by element, whatever the chunk boundaries", async () => {
    const text = '[{"n":12345678901234567890,"s":"a\\"b"}, true ,null,"x",[1,2]]';
    const whole = await collect([text]);
    expect(whole).toEqual([
      { index: 0, value: { n: "#12345678901234567890", s: 'a"b' } },
      { index: 1, value: true },
      { index: 2, value: null },
      { index: 3, value: "x" },
      { index: 4, value: ["#1", "#2"] },
    ]);
    // Every split point, including inside numbers, strings, escapes and literals.
    for (let cut = 1; cut < text.length; cut++) {
      expect(await collect([text.slice(0, cut), text.slice(cut)])).toEqual(whole);
    }
    // One character at a time.
    expect(await collect([...text])).toEqual(whole);
  });

  it("splits a multi-byte UTF-8 character across chunks correctly", async () => {
    const bytes = Buffer.from('["é€😀"]');
    const out: unknown[] = [];
    for await (const { value } of parseJsonStream(
      Readable.from([bytes.subarray(0, 3), bytes.subarray(3, 6), bytes.subarray(6)]),
    )) {
      out.push(value);
    }
    expect(out).toEqual(["é€😀"]);
  });

  it("gives a whole non-array document once, with index -1", async () => {
    expect(await collect(['{"a":', "1}"])).toEqual([{ index: -1, value: { a: "#1" } }]);
  });

  it("reports truncated input with its position", () => {
    const truncated = syntaxError('[{"a":1},\n{"b":2');
    expect(truncated.reason).toMatch(/unexpected end of input \(truncated\?\)/);
    expect(truncated.offset).toBe(16);
    expect(truncated.line).toBe(2);
    expect(truncated.column).toBe(7);
    expect(truncated.message).toBe("unexpected end of input (truncated?) at line 2, column 7 (offset 16)");
    expect(syntaxError('["abc').reason).toMatch(/truncated/);
    expect(syntaxError("[1, tr").reason).toMatch(/truncated/);
    expect(syntaxError("").reason).toBe("empty input");
  });

  it("rejects malformed JSON naming what and where", () => {
    expect(syntaxError('{"a":1,}').message).toBe('unexpected "}" at line 1, column 8 (offset 7)');
    expect(syntaxError("[1 2]").offset).toBe(3);
    expect(syntaxError("[01]").reason).toBe("invalid number");
    expect(syntaxError("[1.]").reason).toBe("invalid number");
    expect(syntaxError("[nul1]").reason).toMatch(/unexpected character/);
    expect(syntaxError('["a\\x"]').reason).toMatch(/invalid string/);
    expect(syntaxError('["a\u0001"]').reason).toMatch(/invalid string/);
    expect(syntaxError("[1]]").reason).toMatch(/after the end/);
    expect(syntaxError("{1:2}").reason).toMatch(/object key/);
  });

  it("rejects bytes that are not UTF-8", async () => {
    const bad = (async function* () {
      yield Buffer.from([0x5b, 0x22, 0xff, 0x22, 0x5d]);
    })();
    await expect(
      (async () => {
        for await (const _ of parseJsonStream(bad)) void _;
      })(),
    ).rejects.toThrow(TypeError);
  });
});

describe("the bound on one value", () => {
  async function collect(chunks: string[], maxValueChars: number) {
    const out: unknown[] = [];
    for await (const { value, index } of parseJsonStream(Readable.from(chunks), { maxValueChars })) {
      out.push([index, plain(value)]);
    }
    return out;
  }

  it("lets through elements up to the bound, however long the file", async () => {
    const element = JSON.stringify({ a: "x".repeat(20) });
    const chunks = ["[", ...Array.from({ length: 50 }, (_, i) => `${i ? "," : ""}${element}`), "]"];
    expect(await collect(chunks, element.length + 4)).toHaveLength(50);
  });

  it("stops an element of the top-level array as soon as it passes the bound, naming its index", async () => {
    const chunks = ['[{"a":1},{"b":"', ...Array.from({ length: 1_000 }, () => "y".repeat(100))];
    const failure = collect(chunks, 1_000);
    await expect(failure).rejects.toThrow(JsonValueTooLargeError);
    await expect(failure).rejects.toThrow(
      "element 1 of the top-level array (from offset 9) is longer than 1000 characters",
    );
  });

  it("counts what an element holds in nested containers, not only an unfinished token", async () => {
    const chunks = ["[[", ...Array.from({ length: 100 }, () => '"zzzzzzzzzzzzzzzzzzzz",')];
    await expect(collect(chunks, 500)).rejects.toThrow("element 0 of the top-level array");
  });

  it("bounds a document that is not an array as a whole", async () => {
    await expect(collect(['{"k":"', "w".repeat(600), '"}'], 500)).rejects.toThrow("the JSON value (from offset 0)");
    expect(await collect(['{"k":"', "w".repeat(400), '"}'], 500)).toEqual([[-1, { k: "w".repeat(400) }]]);
  });
});

describe("lossless JSON parsing of values written one after another (sequence mode)", () => {
  async function collectSequence(chunks: string[]): Promise<{ items: unknown[]; shape: string | undefined }> {
    const items: unknown[] = [];
    let shape: string | undefined;
    const input = Readable.from(chunks.map((c) => Buffer.from(c)));
    for await (const { index, value } of parseJsonStream(input, { sequence: true, onShape: (s) => (shape = s) })) {
      items.push({ index, value: plain(value) });
    }
    return { items, shape };
  }

  it("hands out each pretty-printed object as it completes, numbers above 2^53 exact, across chunk cuts", async () => {
    const text = '{\n  "a": 18446744073709551615\n}\n{\n  "b": [9007199254740993]\n}{"c":null}\n';
    for (const cut of [1, 5, 17, 30, text.length - 2]) {
      const { items, shape } = await collectSequence([text.slice(0, cut), text.slice(cut)]);
      expect(shape).toBe("sequence");
      expect(items).toEqual([
        { index: 0, value: { a: "#18446744073709551615" } },
        { index: 1, value: { b: ["#9007199254740993"] } },
        { index: 2, value: { c: null } },
      ]);
    }
  });

  it("still streams a single top-level array element by element, and says so", async () => {
    const { items, shape } = await collectSequence(["[1,", "{}]"]);
    expect(shape).toBe("array");
    expect(items).toEqual([
      { index: 0, value: "#1" },
      { index: 1, value: {} },
    ]);
  });

  it("reads one object as a sequence of one", () => {
    expect(plain(parseLosslessJson('{"a":1}', { sequence: true }))).toEqual([{ a: "#1" }]);
  });

  it("refuses a truncated last object, text after an array, and empty input", () => {
    const fails = (text: string) => () => parseLosslessJson(text, { sequence: true });
    expect(fails('{"a":1}\n{"b":')).toThrow(/unexpected end of input \(truncated\?\) at line 2/);
    expect(fails("[1]\n{}")).toThrow(/after the end of the JSON value/);
    expect(fails("  \n")).toThrow(/empty input/);
    expect(fails('{"a":1}}')).toThrow(/unexpected "}"/);
  });

  it("without sequence mode, a second top-level value is still refused", () => {
    expect(syntaxError('{"a":1}\n{"b":2}').reason).toMatch(/after the end of the JSON value/);
  });
});
