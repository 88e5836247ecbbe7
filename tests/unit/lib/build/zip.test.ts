import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { crc32, inflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { compareZipNames, createZipWriter, listZip, writeZip, type ZipEntry } from "../../../../src/lib/build/zip.ts";

const run = promisify(execFile);
const text = (value: string) => new Uint8Array(Buffer.from(value, "utf8"));

/** Each entry's bytes read back through the central directory and local headers (stored or deflated). */
function readBack(zip: Uint8Array): Map<string, Buffer> {
  const buffer = Buffer.from(zip);
  const files = new Map<string, Buffer>();
  for (const entry of listZip(zip)) {
    expect(buffer.readUInt32LE(entry.offset)).toBe(0x04034b50);
    const nameLength = buffer.readUInt16LE(entry.offset + 26);
    const extraLength = buffer.readUInt16LE(entry.offset + 28);
    const start = entry.offset + 30 + nameLength + extraLength;
    const data = buffer.subarray(start, start + entry.compressedSize);
    const bytes = entry.method === 0 ? Buffer.from(data) : inflateRawSync(data);
    expect(crc32(bytes)).toBe(entry.crc32);
    files.set(entry.name, bytes);
  }
  return files;
}

const ENTRIES: ZipEntry[] = [
  { name: "b/ledger.json", bytes: text(`${JSON.stringify({ amount: "18446744073709551615" })}\n`.repeat(200)) },
  { name: "a.csv", bytes: text("a,b\r\n1,2\r\n") },
  { name: "b/empty.txt", bytes: new Uint8Array() },
  { name: "ü/naïve.json", bytes: text("{}") },
];

describe("writeZip", () => {
  it("gives the same bytes for the same entries in any order, sorted by name", () => {
    const first = writeZip(ENTRIES);
    const second = writeZip([...ENTRIES].reverse());
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true);
    expect(listZip(first).map((entry) => entry.name)).toEqual([
      "a.csv",
      "b/empty.txt",
      "b/ledger.json",
      "ü/naïve.json",
    ]);
  });

  it("keeps every file's bytes, deflating only what gets smaller", () => {
    const zip = writeZip(ENTRIES);
    const files = readBack(zip);
    for (const entry of ENTRIES) expect(files.get(entry.name)?.equals(Buffer.from(entry.bytes))).toBe(true);
    const methods = new Map(listZip(zip).map((entry) => [entry.name, entry.method]));
    expect(methods.get("b/ledger.json")).toBe(8);
    expect(methods.get("b/empty.txt")).toBe(0);
  });

  it("stamps no clock, no owner and no extra fields: 1980-01-01 00:00, rw-r--r--", () => {
    for (const entry of listZip(writeZip(ENTRIES))) {
      expect(entry.dosDate).toBe(0x21);
      expect(entry.dosTime).toBe(0);
      expect(entry.externalAttributes >>> 16).toBe(0o100644);
      expect(entry.extraLength).toBe(0);
    }
  });

  it("is read by Info-ZIP's unzip, each file byte for byte", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "ledgerlight-zip-"));
    try {
      const file = path.join(dir, "test.zip");
      await writeFile(file, writeZip(ENTRIES));
      await run("unzip", ["-tq", file]);
      await run("unzip", ["-q", file, "-d", path.join(dir, "out")]);
      for (const entry of ENTRIES) {
        expect((await readFile(path.join(dir, "out", entry.name))).equals(Buffer.from(entry.bytes))).toBe(true);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it.each(["", "/etc/passwd", "a//b", "../up", "a/./b", "dir/"])("refuses the entry name %j", (name) => {
    expect(() => writeZip([{ name, bytes: text("x") }])).toThrow(RangeError);
  });

  it("refuses a name given twice", () => {
    expect(() => writeZip([...ENTRIES, { name: "a.csv", bytes: text("other") }])).toThrow(/zip entry twice: a.csv/);
  });
});

describe("createZipWriter (entries added one at a time, e.g. read one file at a time)", () => {
  it("writes the same bytes as writeZip when given the entries in name order", () => {
    const zip = createZipWriter();
    for (const entry of [...ENTRIES].sort((a, b) => compareZipNames(a.name, b.name))) zip.add(entry);
    expect(Buffer.from(zip.finish()).equals(Buffer.from(writeZip(ENTRIES)))).toBe(true);
  });

  it("refuses an entry out of name order or added twice, as the archive would not be the sorted one", () => {
    const zip = createZipWriter();
    zip.add({ name: "b.csv", bytes: text("b") });
    expect(() => zip.add({ name: "a.csv", bytes: text("a") })).toThrow(/zip entry out of order: a.csv/);
    expect(() => zip.add({ name: "b.csv", bytes: text("b") })).toThrow(/zip entry twice: b.csv/);
  });

  it("orders names by their UTF-8 bytes, not by UTF-16 code units", () => {
    // U+FF21 (fullwidth A) sorts before U+1F600 by bytes (EF.. < F0..) but after it by UTF-16 units (FF21 > D83D).
    expect(compareZipNames("\uff21", "\u{1f600}")).toBeLessThan(0);
    expect("\uff21" < "\u{1f600}").toBe(false);
  });
});

describe("addStream", () => {
  /** The same bytes cut into pieces of the given sizes, in turn. */
  async function* cut(bytes: Uint8Array, sizes: readonly number[]): AsyncGenerator<Uint8Array> {
    let at = 0;
    for (let i = 0; at < bytes.length; i++) {
      const size = sizes[i % sizes.length] as number;
      yield bytes.subarray(at, at + size);
      at += size;
    }
  }

  const text = new TextEncoder().encode(
    Array.from({ length: 40_000 }, (_, i) => `{"version":"${i * 7}","amount":"${(i * 7919) % 100_003}"},\n`).join(""),
  );
  // Incompressible: deflating makes it larger, so it is stored.
  let seed = 2_463_534_242;
  const noise = new Uint8Array(70_000).map(() => {
    // xorshift32
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return seed & 0xff;
  });

  it("writes the same archive as add, however the entry's bytes are cut", async () => {
    const entries = [
      { name: "a/empty.json", bytes: new Uint8Array(0) },
      { name: "a/ledger.json", bytes: text },
      { name: "b/noise.bin", bytes: noise },
    ];
    const whole = createZipWriter();
    for (const entry of entries) whole.add(entry);
    const expected = whole.finish();
    expect(listZip(expected).map((entry) => entry.method)).toEqual([0, 8, 0]);
    for (const sizes of [[1 << 30], [65_536], [1, 7, 4_096, 33_333], [100_003]]) {
      const streamed = createZipWriter();
      let opened = 0;
      for (const entry of entries) {
        await streamed.addStream({
          name: entry.name,
          open: () => {
            opened += 1;
            return cut(entry.bytes, sizes);
          },
        });
      }
      expect(Buffer.compare(streamed.finish(), expected), sizes.join(",")).toBe(0);
      // Read once each, and once more only for the entries stored as they are (the empty one and the noise).
      expect(opened).toBe(5);
    }
  });

  it("refuses an entry out of order, and one whose bytes change between two reads", async () => {
    const writer = createZipWriter();
    await writer.addStream({ name: "b", open: () => cut(text, [1 << 16]) });
    await expect(writer.addStream({ name: "a", open: () => cut(text, [1 << 16]) })).rejects.toThrow(/out of order/);
    let reads = 0;
    const changing = () => cut(reads++ === 0 ? noise : noise.subarray(1), [1 << 16]);
    await expect(createZipWriter().addStream({ name: "n", open: changing })).rejects.toThrow(
      /changed while it was read/,
    );
  });
});
