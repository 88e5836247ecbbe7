import { frameworkError } from "./reply.ts";

/**
 * Path and query parameters parsed the way the node's web framework (poem-openapi 2.0.27) parses them, failing
 * with the same 400 `web_framework_error` texts (see the node's goldens in `api/goldens/*invalid*.json`):
 *   failed to parse path `address`: failed to parse "string(Address)": invalid account address "0xzz"
 *   failed to parse parameter `limit`: failed to parse "integer(uint16)": invalid digit found in string (occurred while parsing "optional<integer(uint16)>")
 * Numbers stay bigint throughout: versions and sequence numbers are u64.
 */

type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const U16_MAX = 0xffffn;
const U32_MAX = 0xffff_ffffn;
const U64_MAX = 0xffff_ffff_ffff_ffffn;

/**
 * Rust's `str::parse::<uN>()`: an optional `+`, then ASCII digits only. The reasons are Rust's `ParseIntError`
 * texts, which the node copies into its messages.
 */
function parseRustUnsigned(text: string, max: bigint): Parsed<bigint> {
  if (text === "") return { ok: false, reason: "cannot parse integer from empty string" };
  const digits = text.startsWith("+") ? text.slice(1) : text;
  if (!/^[0-9]+$/.test(digits)) return { ok: false, reason: "invalid digit found in string" };
  const value = BigInt(digits);
  if (value > max) return { ok: false, reason: "number too large to fit in target type" };
  return { ok: true, value };
}

/** Rust's `{:?}` of a string, close enough for messages (JSON escaping matches for printable text). */
function debugString(text: string): string {
  return JSON.stringify(text);
}

function pathError(name: string, typeName: string, reason: string) {
  return frameworkError(400, `failed to parse path \`${name}\`: failed to parse "${typeName}": ${reason}`);
}

function queryError(name: string, typeName: string, reason: string) {
  return frameworkError(
    400,
    `failed to parse parameter \`${name}\`: failed to parse "${typeName}": ${reason} (occurred while parsing "optional<${typeName}>")`,
  );
}

/** The diem-api `U64` wrapper (a decimal string), whose error adds the input and Rust's reason. */
function parseU64Wrapper(text: string): Parsed<bigint> {
  const parsed = parseRustUnsigned(text, U64_MAX);
  if (parsed.ok) return parsed;
  return { ok: false, reason: `Parsing u64 string ${debugString(text)} failed, caused by error: ${parsed.reason}` };
}

/** A `U64` path segment (`creation_number`, `txn_version`). */
export function parseU64Path(name: string, text: string): bigint {
  const parsed = parseU64Wrapper(text);
  if (!parsed.ok) throw pathError(name, "string(U64)", parsed.reason);
  return parsed.value;
}

/** A plain `u64` path segment (`/blocks/by_version/{version}` uses the integer type, not the U64 wrapper). */
export function parseIntegerU64Path(name: string, text: string): bigint {
  const parsed = parseRustUnsigned(text, U64_MAX);
  if (!parsed.ok) throw pathError(name, "integer(uint64)", parsed.reason);
  return parsed.value;
}

/** An optional `U64` query parameter (`ledger_version`, `start` on events/transactions). */
export function parseU64Query(name: string, text: string | null): bigint | undefined {
  if (text === null) return undefined;
  const parsed = parseU64Wrapper(text);
  if (!parsed.ok) throw queryError(name, "string(U64)", parsed.reason);
  return parsed.value;
}

/** An optional `u16` query parameter (`limit`). Returned as bigint so paging arithmetic stays in one type. */
export function parseU16Query(name: string, text: string | null): bigint | undefined {
  if (text === null) return undefined;
  const parsed = parseRustUnsigned(text, U16_MAX);
  if (!parsed.ok) throw queryError(name, "integer(uint16)", parsed.reason);
  return parsed.value;
}

/** An optional `u32` query parameter (`duration_secs` on the health check). */
export function parseU32Query(name: string, text: string | null): bigint | undefined {
  if (text === null) return undefined;
  const parsed = parseRustUnsigned(text, U32_MAX);
  if (!parsed.ok) throw queryError(name, "integer(uint32)", parsed.reason);
  return parsed.value;
}

/** An optional `bool` query parameter (`with_transactions`): Rust accepts exactly `true` / `false`. */
export function parseBoolQuery(name: string, text: string | null): boolean | undefined {
  if (text === null) return undefined;
  if (text === "true") return true;
  if (text === "false") return false;
  throw queryError(name, "boolean", "provided string was not `true` or `false`");
}

/**
 * An account address in a path: `0x` + 1..64 hex digits (`from_hex_literal`, short forms allowed) or exactly 64
 * hex digits without the prefix (`from_hex`). Returns the 64 lower-case hex digits without `0x`, which is what
 * `FakeChain` takes.
 */
export function parseAddressPath(name: string, text: string): string {
  const literal = /^0x([0-9a-fA-F]{1,64})$/.exec(text);
  const hex = literal?.[1] ?? (/^[0-9a-fA-F]{64}$/.test(text) ? text : undefined);
  if (hex === undefined) throw pathError(name, "string(Address)", `invalid account address ${debugString(text)}`);
  return hex.toLowerCase().padStart(64, "0");
}

/** The node's printed form of an address (`to_hex_literal`): `0x` + hex with leading zeros stripped. */
export function shortAddress(hex64: string): string {
  const stripped = hex64.replace(/^0x/, "").replace(/^0+/, "");
  return `0x${stripped === "" ? "0" : stripped}`;
}

/** A transaction hash in a path: 64 hex digits, with or without `0x`. Returned as `0x` + lower-case hex. */
export function parseHashPath(name: string, text: string): string {
  const hex = text.startsWith("0x") ? text.slice(2) : text;
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw pathError(name, "string(HashValue)", "unable to parse HashValue");
  return `0x${hex.toLowerCase()}`;
}

const IDENTIFIER = /^(?:[a-zA-Z][a-zA-Z0-9_]*|_[a-zA-Z0-9_]+)$/;

/** A Move identifier in a path (`field_name`). */
export function parseIdentifierPath(name: string, text: string): string {
  if (!IDENTIFIER.test(text)) throw pathError(name, "string(IdentifierWrapper)", `Invalid identifier '${text}'`);
  return text;
}

const PRIMITIVES = new Set(["bool", "u8", "u16", "u32", "u64", "u128", "u256", "address", "signer"]);

/**
 * Parses a Move type tag and prints it the way the node's `StructTag` Display does: short addresses and
 * generics joined by ", ". The spec says "empty chars should be ignored when comparing 2 struct tag ids", so
 * whitespace is dropped first. Throws a plain Error with the reason on malformed input.
 */
export function canonicalTypeTag(text: string): string {
  const source = text.replace(/\s+/g, "");
  let position = 0;

  const fail = (expected: string): never => {
    const got = position < source.length ? `'${source.slice(position, position + 8)}'` : "EOF";
    throw new Error(`expected ${expected}, got ${got}`);
  };
  const take = (pattern: RegExp, expected: string): string => {
    pattern.lastIndex = position;
    const match = pattern.exec(source);
    if (!match || match.index !== position) return fail(expected);
    position += match[0].length;
    return match[0];
  };
  const skip = (token: string): boolean => {
    if (!source.startsWith(token, position)) return false;
    position += token.length;
    return true;
  };

  const parseType = (): string => {
    if (source.startsWith("0x", position)) return parseStruct();
    const word = take(/[a-z0-9]+/y, "a type");
    if (word === "vector") {
      if (!skip("<")) fail("token Lt");
      const inner = parseType();
      if (!skip(">")) fail("token Gt");
      return `vector<${inner}>`;
    }
    if (!PRIMITIVES.has(word)) fail("a primitive type");
    return word;
  };
  const parseStruct = (): string => {
    const address = take(/0x[0-9a-fA-F]{1,64}/y, "an address");
    if (!skip("::")) fail("token ColonColon");
    const module = take(/[a-zA-Z_][a-zA-Z0-9_]*/y, "a module name");
    if (!skip("::")) fail("token ColonColon");
    const name = take(/[a-zA-Z_][a-zA-Z0-9_]*/y, "a struct name");
    let generics = "";
    if (skip("<")) {
      const params = [parseType()];
      while (skip(",")) params.push(parseType());
      if (!skip(">")) fail("token Gt");
      generics = `<${params.join(", ")}>`;
    }
    return `${shortAddress(address.slice(2).toLowerCase())}::${module}::${name}${generics}`;
  };

  if (!source.startsWith("0x")) fail("an address");
  const tag = parseStruct();
  if (position !== source.length) fail("EOF");
  return tag;
}

/** A struct tag in a path (`resource_type`, `event_handle`), percent-decoded by the router already. */
export function parseStructTagPath(name: string, text: string): string {
  try {
    return canonicalTypeTag(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw pathError(name, "string(MoveStructTag)", `invalid struct tag: ${text}, ${reason}`);
  }
}

/**
 * The resources cursor (`start`, `X-Diem-Cursor`). A real node sends the hex of a BCS `StateKey`; clients must
 * treat it as opaque. Ours is the hex of: one tag byte 0, the 32-byte account address, the UTF-8 type tag of the
 * first resource of the next page — hex like the real one, and decodable without server state.
 */
export function encodeResourceCursor(hex64: string, typeTag: string): string {
  return `00${hex64}${Buffer.from(typeTag, "utf8").toString("hex")}`;
}

/** Decodes a resources cursor into the type tag where the page starts. */
export function parseResourceCursorQuery(name: string, text: string | null): string | undefined {
  if (text === null) return undefined;
  const typeName = "string(StateKeyWrapper)";
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(text)) {
    throw queryError(name, typeName, "Failed to decode StateKey as hex string: Invalid string length or character");
  }
  if (!/^00[0-9a-fA-F]{64}/.test(text) || text.length <= 66) {
    throw queryError(name, typeName, "Failed to decode StateKey from hex string: unexpected end of input");
  }
  return Buffer.from(text.slice(66), "hex").toString("utf8");
}
