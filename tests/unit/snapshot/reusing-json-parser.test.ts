import { describe, expect, it } from "vitest";
import { createReusingJsonParser } from "../../../src/snapshot/reusing-json-parser.ts";

/** The answer's bytes, as the node sends them (UTF-8). */
const utf8 = (text: string) => new TextEncoder().encode(text);

/** A resources answer like the node's: the schedule's lists and the ballots three containers down. */
function answer(scheduled: number[], paid: number[], ballots: number[], extra: Record<string, unknown> = {}) {
  const transfer = (id: number) => ({
    uid: { creation_num: String(id), addr: "0x19e9" },
    deadline: String(id % 7),
    tx: { payee: `0x${id}`, value: String(id * 1000), description: `0x41${id}` },
  });
  const ballot = (id: number) => ({
    guid: { id: { creation_num: String(id) } },
    votes: ["0xa", "0xb"],
    approved: id % 2 === 0,
  });
  return [
    { type: "0x1::coin::CoinStore", data: { coin: { value: "12" } } },
    {
      type: "0x1::donor_voice_txs::TxSchedule",
      data: { scheduled: scheduled.map(transfer), veto: [], paid: paid.map(transfer) },
    },
    {
      type: "0x1::multi_action::Action",
      data: { vote: { ballots_pending: [], ballots_approved: ballots.map(ballot) } },
      ...extra,
    },
  ];
}

/** A small deterministic generator, so a failure names the step that found it. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const TRICKY_STRINGS = ['a"b', "[", "]", ",", "{", "}", "a\\", "\\", '\\"', "\u2028", "é", "\u0000", '"],[', "\u00000"];

function randomValue(next: () => number, depth: number): unknown {
  const pick = next();
  if (depth > 4 || pick < 0.3) {
    const kind = Math.floor(next() * 5);
    if (kind === 0) return TRICKY_STRINGS[Math.floor(next() * TRICKY_STRINGS.length)];
    if (kind === 1) return Math.floor(next() * 1000) - 500;
    if (kind === 2) return next() < 0.5;
    if (kind === 3) return null;
    return `s${Math.floor(next() * 10)}`;
  }
  if (pick < 0.65) return Array.from({ length: Math.floor(next() * 5) }, () => randomValue(next, depth + 1));
  const record: Record<string, unknown> = {};
  for (let i = Math.floor(next() * 4); i > 0; i--) record[`k${Math.floor(next() * 6)}`] = randomValue(next, depth + 1);
  return record;
}

describe("createReusingJsonParser", () => {
  it("gives what JSON.parse gives as a schedule grows and entries move between lists, reusing unchanged entries", () => {
    const parser = createReusingJsonParser();
    const steps = [
      answer([1, 2, 3], [], [10, 11]),
      answer([2, 3, 4], [1], [10, 11, 12]),
      answer([3, 4, 5], [1, 2], [10, 11, 12]),
      answer([], [1, 2, 3, 4, 5], [11, 12]),
    ];
    let before: unknown;
    for (const step of steps) {
      const text = JSON.stringify(step);
      const parsed = parser.parse(utf8(text));
      expect(parsed).toEqual(JSON.parse(text));
      before = parsed;
    }
    expect(parser.counts.wholeParses).toBe(0);
    expect(parser.counts.reused).toBeGreaterThan(parser.counts.parsed);
    // An entry whose text did not change is the very object the last answer gave.
    const schedule = (parsed: unknown) => (parsed as Array<{ data: { paid: unknown[] } }>)[1]?.data;
    const again = parser.parse(utf8(JSON.stringify(steps[3])));
    expect(schedule(again)).not.toBe(schedule(before));
    expect(schedule(again)?.paid[0]).toBe(schedule(before)?.paid[0]);
    expect(schedule(again)?.paid[0]).toBeDefined();
  });

  it("gives a changed entry's new value, not the one last seen with the same id", () => {
    const parser = createReusingJsonParser();
    const one = JSON.stringify(answer([1, 2], [], []));
    parser.parse(utf8(one));
    const text = one.replace('"deadline":"1"', '"deadline":"99"');
    expect(text).not.toBe(one);
    expect(parser.parse(utf8(text))).toEqual(JSON.parse(text));
  });

  it("reads whitespace, empty arrays and nested arrays inside entries as JSON.parse does", () => {
    const parser = createReusingJsonParser();
    for (const indent of [0, 1, 2, "\t", " \n "]) {
      const text = JSON.stringify(answer([1, 2], [3], [4, 5], { x: [[1, [2]], []] }), null, indent as number);
      expect(parser.parse(utf8(text))).toEqual(JSON.parse(text));
    }
    for (const text of ['[{"a":{"b":[ ]}}]', '[{"a":{"b":[ 1 , 2 ]}}]', '[{"a":{"b":[{"c":[1,{"d":[]}]}]}}]']) {
      expect(parser.parse(utf8(text))).toEqual(JSON.parse(text));
    }
  });

  it("is not fooled by brackets, commas and quotes inside strings, or by text that looks like its markers", () => {
    const parser = createReusingJsonParser();
    const texts = [
      '[{"a":{"b":["],[", "x\\"]", "\\\\"]}}]',
      '[{"a":{"b":"[1,2]","c":["\\\\\\"]"]}}]',
      '[{"a":{"b":["\\u0000", "\\u00000"]}}]',
      '[{"a":{"b":"\\u00000","c":[1]}}]',
      '[{"a":{"b":[1],"b":[2,3]}}]',
      '[{"a":{"b":[1],"c":"\\u0000"}}]',
      // A key given twice whose last value reads as the marker of the first one's array.
      '[{"a":{"c":[1],"c":"\\u00000"}}]',
    ];
    for (const text of texts) {
      expect(parser.parse(utf8(text))).toEqual(JSON.parse(text));
      expect(parser.parse(utf8(text))).toEqual(JSON.parse(text));
    }
  });

  it("scans an entry whose text only begins with the one last seen there", () => {
    const parser = createReusingJsonParser();
    parser.parse(utf8('[{"a":{"b":[1,{"x":2}]}}]'));
    for (const text of ['[{"a":{"b":[12,{"x":2}]}}]', '[{"a":{"b":[1,{"x":2}, 3]}}]', '[{"a":{"b":[{"x":2}]}}]']) {
      expect(parser.parse(utf8(text))).toEqual(JSON.parse(text));
    }
    expect(parser.counts.wholeParses).toBe(0);
  });

  it("throws as JSON.parse does on text that is not JSON, even where an entry is one it knows", () => {
    const parser = createReusingJsonParser();
    parser.parse(utf8('[{"a":{"b":[{"x":1},{"y":2}]}}]'));
    const invalid = [
      '[{"a":{"b":[{"x":1}{"y":2}]}}]',
      '[{"a":{"b":[{"x":1},]}}]',
      '[{"a":{"b":[{"x":1},,{"y":2}]}}]',
      '[{"a":{"b":[{"x":1},{"y":2}]}}',
      '[{"a":{"b":[{"x":1},{"y":2}}}]',
      '[{"a":{"b":[{"x":1},{"y":"2]}}]',
      '[{"a":{"b":[{"x":1} {"y":2}]}}]',
      '[{"a":{"b":[{"x":1},{"y":2}]}}]x',
    ];
    for (const text of invalid) {
      expect(() => JSON.parse(text)).toThrow(SyntaxError);
      expect(() => parser.parse(utf8(text))).toThrow(SyntaxError);
    }
  });

  it("reads the bytes as TextDecoder does: characters beyond ASCII in reused entries, and a split nowhere else", () => {
    const parser = createReusingJsonParser();
    const text = (ids: number[]) =>
      JSON.stringify(answer(ids, [], [], { note: "à la ☕ 𝄞" })).replaceAll('"0x4', '"é☕𝄞 0x4');
    for (const ids of [
      [1, 2],
      [1, 2, 3],
      [2, 3],
    ]) {
      expect(parser.parse(utf8(text(ids)))).toEqual(JSON.parse(text(ids)));
    }
    expect(parser.counts.wholeParses).toBe(0);
    expect(parser.counts.reused).toBeGreaterThan(0);
  });

  it("parses bytes that are not plain UTF-8 whole, as JSON.parse of their decoded text", () => {
    const parser = createReusingJsonParser();
    const good = utf8('[{"a":{"b":[{"x":"é"},{"y":2}]}}]');
    parser.parse(good);
    const quote = good.indexOf(0xc3);
    // A byte order mark (the decoder drops it), a lone lead byte and a lone continuation byte (each becomes U+FFFD).
    const cases = [
      new Uint8Array([0xef, 0xbb, 0xbf, ...good]),
      new Uint8Array([...good.slice(0, quote), 0xc3, ...good.slice(quote + 2)]),
      new Uint8Array([...good.slice(0, quote), 0xa9, ...good.slice(quote + 2)]),
    ];
    for (const bytes of cases) {
      expect(parser.parse(bytes)).toEqual(JSON.parse(new TextDecoder().decode(bytes)));
    }
    expect(parser.counts.wholeParses).toBe(cases.length);
  });

  it("gives what JSON.parse gives over 400 random documents, each a change of the last", () => {
    const next = random(20261202);
    const parser = createReusingJsonParser({ splitDepth: 2 });
    let document: unknown[] = [];
    for (let step = 0; step < 400; step++) {
      const list = [...document];
      const at = Math.floor(next() * (list.length + 1));
      if ((next() < 0.3 || list.length > 40) && list.length > 0) list.splice(at, 1);
      else list.splice(at, 0, { data: { items: [randomValue(next, 0), randomValue(next, 0)] } });
      if (next() < 0.3 && list.length > 1) list.reverse();
      document = list;
      const text = JSON.stringify(document, null, next() < 0.2 ? 1 : 0);
      expect(parser.parse(utf8(text)), `step ${step}`).toEqual(JSON.parse(text));
    }
    expect(parser.counts.reused).toBeGreaterThan(0);
  });
});

describe("createReusingJsonParser over long arrays", () => {
  /** A schedule of `ids.length` transfers (~150 bytes each), `value` of transfer `id` from `values` when given. */
  const long = (ids: number[], values: Record<number, string> = {}) =>
    JSON.stringify([
      {
        type: "0x1::donor_voice_txs::TxSchedule",
        data: {
          scheduled: [],
          paid: ids.map((id) => ({
            uid: { creation_num: String(id), addr: "0x19e966bfa4b32ce9b7e23721b37b96d2" },
            deadline: String(id % 7),
            tx: { payee: `0x${(id * 7919).toString(16)}`, value: values[id] ?? String(id * 1000), description: "0x41" },
          })),
          veto: [],
        },
      },
    ]);
  const ids = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
  const paidOf = (parsed: unknown) => (parsed as Array<{ data: { paid: unknown[] } }>)[0]?.data.paid;

  it("finds a stretch of unchanged entries in a few compares, and gives the very array when nothing in it changed", () => {
    const parser = createReusingJsonParser();
    const first = parser.parse(utf8(long(ids(300))));
    const second = parser.parse(utf8(long(ids(300))));
    expect(second).toEqual(JSON.parse(long(ids(300))));
    expect(parser.counts.stretched).toBeGreaterThanOrEqual(295);
    expect(paidOf(second)).toBe(paidOf(first));
    // One entry more: a new array, whose other entries are still the very objects.
    const third = parser.parse(utf8(long(ids(301))));
    expect(third).toEqual(JSON.parse(long(ids(301))));
    expect(paidOf(third)).not.toBe(paidOf(second));
    expect(paidOf(third)?.[150]).toBe(paidOf(second)?.[150]);
  });

  it("sees a change that keeps every entry's length and place, in the middle of a stretch and at its ends", () => {
    for (const changed of [1, 2, 150, 299, 300]) {
      const parser = createReusingJsonParser();
      const before = parser.parse(utf8(long(ids(300))));
      // One digit of one amount: the same bytes before and after it, at the same offsets.
      const text = long(ids(300), { [changed]: String(changed * 1000 + 1) });
      expect(text.length).toBe(long(ids(300)).length);
      const after = parser.parse(utf8(text));
      expect(after, `entry ${changed}`).toEqual(JSON.parse(text));
      expect(paidOf(after)).not.toBe(paidOf(before));
      expect(parser.counts.parsed).toBe(301);
    }
  });

  it("takes an element from a stretch only where it also ends here, and cuts the array on when it does not", () => {
    // The first element is as long as the first span compared (512 bytes): the stretch ends exactly at its end, and
    // the new element goes on past it.
    const ones = "1".repeat(512);
    for (const [before, after] of [
      [`[{"a":{"b":[${ones},5]}}]`, `[{"a":{"b":[${ones}2,5]}}]`],
      [`[{"a":{"b":["${"x".repeat(510)}",5]}}]`, `[{"a":{"b":["${"x".repeat(510)}" ,5]}}]`],
    ] as const) {
      const parser = createReusingJsonParser();
      parser.parse(utf8(before));
      expect(parser.parse(utf8(after))).toEqual(JSON.parse(after));
      // Cut as elements, not given up on as text it cannot cut.
      expect(parser.counts.wholeParses).toBe(0);
    }
  });

  it("follows entries removed, inserted, swapped and two documents read in turn (two wallets)", () => {
    const next = random(20261203);
    const parser = createReusingJsonParser();
    let a = ids(200);
    let b = ids(120).map((id) => id + 5000);
    for (let step = 0; step < 60; step++) {
      for (const list of [a, b]) {
        const at = Math.floor(next() * list.length);
        const kind = Math.floor(next() * 3);
        if (kind === 0) list.splice(at, 1);
        else if (kind === 1) list.splice(at, 0, 9000 + step);
        else if (at + 1 < list.length) [list[at], list[at + 1]] = [list[at + 1] as number, list[at] as number];
      }
      [a, b] = [[...a], [...b]];
      for (const text of [long(a, { [a[5] as number]: String(step) }), long(b)]) {
        expect(parser.parse(utf8(text)), `step ${step}`).toEqual(JSON.parse(text));
      }
    }
    expect(parser.counts.wholeParses).toBe(0);
    expect(parser.counts.stretched).toBeGreaterThan(parser.counts.parsed * 10);
  });
});

describe("createReusingJsonParser's body buffers", () => {
  /** Receives `text` as the transport does: into the parser's buffer, of which `parse` gets a view. */
  const received = (parser: ReturnType<typeof createReusingJsonParser>, text: string) => {
    const bytes = utf8(text);
    const buffer = parser.bodyBuffer(bytes.length);
    expect(buffer.length).toBeGreaterThanOrEqual(bytes.length);
    buffer.set(bytes);
    return buffer;
  };
  const documents = (seed: number, count: number) => {
    const next = random(seed);
    let list = ids(300);
    return Array.from({ length: count }, (_, step) => {
      list = [...list];
      list.splice(Math.floor(next() * list.length), next() < 0.5 ? 1 : 0, 9000 + step);
      return long(list, { [list[Math.floor(next() * list.length)] as number]: String(step) });
    });
  };
  const ids = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
  const long = (list: number[], values: Record<number, string> = {}) =>
    JSON.stringify([
      {
        type: "0x1::donor_voice_txs::TxSchedule",
        data: { paid: list.map((id) => ({ id: String(id), value: values[id] ?? String(id * 1000) })) },
      },
    ]);

  it("lends again the buffers of answers it no longer keeps, never one of the last two, and parses them right", () => {
    const parser = createReusingJsonParser();
    const memories = new Set<ArrayBufferLike>();
    const kept: ArrayBufferLike[] = [];
    for (const [step, text] of documents(20261204, 60).entries()) {
      const buffer = received(parser, text);
      expect(kept, `step ${step}`).not.toContain(buffer.buffer);
      memories.add(buffer.buffer);
      expect(parser.parse(buffer.subarray(0, Buffer.byteLength(text))), `step ${step}`).toEqual(JSON.parse(text));
      kept.push(buffer.buffer);
      if (kept.length > 2) kept.shift();
    }
    // Three in turn (the two kept and the one receiving), plus one more each time the answers outgrow them.
    expect(memories.size).toBeLessThanOrEqual(6);
    expect(parser.counts.wholeParses).toBe(0);
  });

  it("lends as many as are asked for at once (reads in flight together), each apart from the others", () => {
    const parser = createReusingJsonParser();
    const texts = documents(20261205, 24);
    for (let at = 0; at < texts.length; at += 8) {
      // Eight answers received side by side, then parsed in an order of their own.
      const batch = texts.slice(at, at + 8).map((text) => ({ text, buffer: received(parser, text) }));
      expect(new Set(batch.map(({ buffer }) => buffer.buffer)).size).toBe(batch.length);
      for (const { text, buffer } of [...batch].reverse()) {
        expect(parser.parse(buffer.subarray(0, Buffer.byteLength(text)))).toEqual(JSON.parse(text));
      }
    }
  });

  it("lends a free buffer when the answer fits in it, and a new one when it does not", () => {
    for (const larger of [false, true]) {
      const parser = createReusingJsonParser();
      const first = received(parser, long(ids(10)));
      parser.parse(first.subarray(0, long(ids(10)).length));
      parser.parse(utf8(long(ids(11))));
      parser.parse(utf8(long(ids(12))));
      // The first answer is no longer kept: its buffer is free.
      const next = parser.bodyBuffer(first.length + (larger ? 1 : 0));
      if (larger) expect(next.buffer).not.toBe(first.buffer);
      else expect(next.buffer).toBe(first.buffer);
    }
  });
});
