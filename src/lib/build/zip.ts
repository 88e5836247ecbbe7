import { once } from "node:events";
import { crc32, createDeflateRaw, deflateRawSync } from "node:zlib";

/**
 * A small, deterministic ZIP writer (PKWARE APPNOTE 6.3, the subset every unzip reads): the same entries give the
 * same bytes on every machine and every day. Entries are written in byte order of their names; every entry has
 * the same time (1980-01-01 00:00, the earliest a ZIP can hold, so no clock and no time zone enter), the same Unix
 * permissions (a regular file, rw-r--r--), no extra fields and no comments. Each entry is deflated at level 6
 * (Node's bundled zlib, pinned with Node itself; level 9 took 3.4× the CPU for 4 % fewer bytes on the bench
 * snapshot) or stored when deflating would not make it smaller. No ZIP64: an archive past 4 GiB or 65,535 entries
 * is refused rather than written wrong.
 */

export interface ZipEntry {
  /** The path inside the archive, with "/" between folders; no leading "/", no "." or ".." parts. */
  name: string;
  bytes: Uint8Array;
}

/**
 * An entry whose bytes come in pieces (a file read as a stream): deflated as they come, so the file is never held
 * whole. zlib's output does not depend on how its input is cut (no flush until the end), so the entry's bytes in
 * the archive are the same as `add` gives for the whole file. `open` gives the pieces from the start each time it
 * is called: a second time only for an entry that deflating would not make smaller (then stored as it is).
 */
export interface ZipStreamEntry {
  name: string;
  open: () => AsyncIterable<Uint8Array>;
}

/** MS-DOS date of 1980-01-01 (year 0 from 1980, month 1, day 1) and time 00:00:00. */
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
const DOS_TIME = 0;
/** Version 2.0 (deflate), made by Unix (3) so the external attributes carry Unix permissions. */
const VERSION_NEEDED = 20;
const VERSION_MADE_BY = (3 << 8) | 20;
/** Bit 11: the name is UTF-8. */
const FLAG_UTF8 = 0x0800;
/** S_IFREG | 0644 in the high 16 bits. */
const EXTERNAL_ATTRIBUTES = (0o100644 << 16) >>> 0;
const METHOD_STORED = 0;
const METHOD_DEFLATED = 8;
const U32_LIMIT = 0xffff_ffff;
const U16_LIMIT = 0xffff;

function checkName(name: string): void {
  const parts = name.split("/");
  if (name === "" || name.startsWith("/") || parts.some((part) => part === "" || part === "." || part === "..")) {
    throw new RangeError(`not a relative file path for a zip entry: ${JSON.stringify(name)}`);
  }
}

/** The order of entries in an archive: byte order of their UTF-8 names. */
export function compareZipNames(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

/**
 * An archive written one entry at a time, in name order (`compareZipNames`): each entry is compressed as it is
 * added, so a caller that reads its files one by one holds one file in full, not all of them (the audit bundle of
 * a 10^5-movement ledger is ~100 MB before compression). Throws on a bad, repeated or out-of-order name.
 */
export interface ZipWriter {
  add(entry: ZipEntry): void;
  /** `add` for an entry read in pieces (`ZipStreamEntry`); entries are added one at a time, in name order. */
  addStream(entry: ZipStreamEntry): Promise<void>;
  /** The whole archive; the writer holds nothing afterwards. */
  finish(): Uint8Array<ArrayBuffer>;
}

export function createZipWriter(): ZipWriter {
  let locals: Buffer[] = [];
  let centrals: Buffer[] = [];
  let offset = 0;
  let count = 0;
  let previous: string | undefined;
  /** The entry's name as bytes, after checking it may come next. */
  const checkNext = (entryName: string): Buffer => {
    checkName(entryName);
    if (previous !== undefined) {
      if (previous === entryName) throw new RangeError(`zip entry twice: ${entryName}`);
      if (compareZipNames(previous, entryName) > 0) throw new RangeError(`zip entry out of order: ${entryName}`);
    }
    previous = entryName;
    if (++count > U16_LIMIT) throw new RangeError(`a zip without ZIP64 holds at most ${U16_LIMIT} entries`);
    return Buffer.from(entryName, "utf8");
  };
  /** Writes one entry: deflated, or stored (`original()`) when deflating would not make it smaller. */
  const append = (name: Buffer, size: number, crc: number, deflated: Buffer, original: () => Uint8Array) => {
    const stored = deflated.length >= size;
    const data = stored ? Buffer.from(original()) : deflated;
    if (size > U32_LIMIT || offset > U32_LIMIT) throw new RangeError("a zip past 4 GiB needs ZIP64");
    const method = stored ? METHOD_STORED : METHOD_DEFLATED;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(VERSION_NEEDED, 4);
    local.writeUInt16LE(FLAG_UTF8, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(VERSION_MADE_BY, 4);
    central.writeUInt16LE(VERSION_NEEDED, 6);
    central.writeUInt16LE(FLAG_UTF8, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    // Extra field, comment, disk number, internal attributes: all zero.
    central.writeUInt32LE(EXTERNAL_ATTRIBUTES, 38);
    central.writeUInt32LE(offset, 42);

    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  };
  return {
    add(entry) {
      const name = checkNext(entry.name);
      const deflated = deflateRawSync(entry.bytes, { level: 6 });
      append(name, entry.bytes.length, crc32(entry.bytes), deflated, () => entry.bytes);
    },
    async addStream(entry) {
      const name = checkNext(entry.name);
      const deflate = createDeflateRaw({ level: 6 });
      const parts: Buffer[] = [];
      deflate.on("data", (part: Buffer) => parts.push(part));
      const ended = once(deflate, "end");
      let crc = 0;
      let size = 0;
      for await (const piece of entry.open()) {
        crc = crc32(piece, crc);
        size += piece.length;
        if (!deflate.write(piece)) await once(deflate, "drain");
      }
      deflate.end();
      await ended;
      const deflated = Buffer.concat(parts);
      let whole: Uint8Array | undefined;
      if (deflated.length >= size) {
        const pieces: Uint8Array[] = [];
        for await (const piece of entry.open()) pieces.push(piece);
        whole = Buffer.concat(pieces);
        if (whole.length !== size || crc32(whole) !== crc) throw new Error(`${entry.name} changed while it was read`);
      }
      append(name, size, crc, deflated, () => whole ?? new Uint8Array(0));
    },
    finish() {
      const centralSize = centrals.reduce((sum, part) => sum + part.length, 0);
      if (offset > U32_LIMIT || centralSize > U32_LIMIT) throw new RangeError("a zip past 4 GiB needs ZIP64");
      const end = Buffer.alloc(22);
      end.writeUInt32LE(0x06054b50, 0);
      end.writeUInt16LE(count, 8);
      end.writeUInt16LE(count, 10);
      end.writeUInt32LE(centralSize, 12);
      end.writeUInt32LE(offset, 16);
      // A view of the concatenation, not a copy of it: the archive is tens of MB on a big ledger.
      const joined = Buffer.concat([...locals, ...centrals, end]);
      const archive = new Uint8Array(joined.buffer as ArrayBuffer, joined.byteOffset, joined.length);
      locals = [];
      centrals = [];
      return archive;
    },
  };
}

/** The archive of `entries` (any order: they are sorted by name). Throws on a bad or repeated name. */
export function writeZip(entries: readonly ZipEntry[]): Uint8Array {
  const sorted = [...entries].sort((a, b) => compareZipNames(a.name, b.name));
  if (sorted.length > U16_LIMIT) throw new RangeError(`a zip without ZIP64 holds at most ${U16_LIMIT} entries`);
  const writer = createZipWriter();
  for (const entry of sorted) writer.add(entry);
  return writer.finish();
}

/** One entry of an archive as its central directory lists it (for tests and checks). */
export interface ZipListing {
  name: string;
  method: number;
  crc32: number;
  compressedSize: number;
  size: number;
  /** Where the entry's local header starts. */
  offset: number;
  externalAttributes: number;
  dosDate: number;
  dosTime: number;
  extraLength: number;
}

/**
 * The central directory of an archive written by `writeZip` (no ZIP64, no archive comment). Throws when the
 * bytes are not such an archive.
 */
export function listZip(bytes: Uint8Array): ZipListing[] {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const endAt = buffer.length - 22;
  if (endAt < 0 || buffer.readUInt32LE(endAt) !== 0x06054b50) throw new Error("no end of central directory record");
  const count = buffer.readUInt16LE(endAt + 10);
  let at = buffer.readUInt32LE(endAt + 16);
  const listing: ZipListing[] = [];
  for (let index = 0; index < count; index++) {
    if (buffer.readUInt32LE(at) !== 0x02014b50) throw new Error(`no central directory header at ${at}`);
    const nameLength = buffer.readUInt16LE(at + 28);
    const extraLength = buffer.readUInt16LE(at + 30);
    const commentLength = buffer.readUInt16LE(at + 32);
    listing.push({
      name: buffer.toString("utf8", at + 46, at + 46 + nameLength),
      method: buffer.readUInt16LE(at + 10),
      dosTime: buffer.readUInt16LE(at + 12),
      dosDate: buffer.readUInt16LE(at + 14),
      crc32: buffer.readUInt32LE(at + 16),
      compressedSize: buffer.readUInt32LE(at + 20),
      size: buffer.readUInt32LE(at + 24),
      externalAttributes: buffer.readUInt32LE(at + 38),
      offset: buffer.readUInt32LE(at + 42),
      extraLength,
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return listing;
}
