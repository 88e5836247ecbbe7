/**
 * Canonical JSON bytes for committed files, so that the same data always gives the same bytes and auditors can
 * diff snapshots: object keys sorted by code unit, 2-space indent, LF line ends, one trailing newline.
 * Only JSON-safe values are accepted; amounts must already be decimal strings (a bigint or a non-safe number
 * here is a bug upstream, so it throws rather than guessing), unless the caller asks for bigints as decimal strings
 * (`CanonicalJsonOptions`).
 */

export interface CanonicalJsonOptions {
  /**
   * Write a bigint as its decimal string in quotes, what the u64 codec's encode gives (`src/schemas/common.ts`): for
   * a writer that writes decoded records straight, whose reader validates every value against its schema when it
   * reads the text back (snapshot files, `src/snapshot/build-files.ts`). Whether the value is a u64, and whether
   * the field holds one, is the schema's to say there; here a bigint is only written.
   */
  bigintsAsStrings?: boolean;
}

/**
 * Where a value that cannot be written sits, below the value being written: each level adds its step (`.key`,
 * `[3]`) as the error passes up, so a path is made only for a failure, not one string per value written (at 10^5
 * ledger entries that was 10^6 path strings, most of the writer's cost).
 */
class UnwritableValue extends Error {
  readonly steps: string[] = [];
}

/** The sorted keys and their JSON texts of an object with these keys, for the last few key lists met. */
interface KeyOrder {
  keys: string[];
  sorted: string[];
  quoted: string[];
}

/**
 * Records of one kind (10^5 ledger entries, transfers) have the same keys in the same order: their sorted order and
 * quoted names are taken from the last few key lists seen instead of sorting and quoting them for every record.
 */
const keyOrders: KeyOrder[] = [];
const KEY_ORDERS_KEPT = 8;

function keyOrder(keys: string[]): KeyOrder {
  for (const order of keyOrders) {
    const known = order.keys;
    if (known.length !== keys.length) continue;
    let same = true;
    for (let i = 0; i < keys.length && same; i++) same = known[i] === keys[i];
    if (same) return order;
  }
  // Sort by UTF-16 code unit explicitly: JS objects put integer-like keys first, which would break the order.
  const sorted = [...keys].sort();
  const order = { keys, sorted, quoted: sorted.map((key) => JSON.stringify(key)) };
  if (keyOrders.length >= KEY_ORDERS_KEPT) keyOrders.pop();
  keyOrders.unshift(order);
  return order;
}

function write(value: unknown, indent: string, bigintsAsStrings: boolean): string {
  if (value === null) return "null";
  if (typeof value === "string" || typeof value === "boolean") return JSON.stringify(value);
  if (typeof value === "bigint" && bigintsAsStrings) return `"${value}"`;
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) {
      throw new UnwritableValue(`only safe integers may be numbers in canonical JSON (got ${value})`);
    }
    return String(value);
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    const items: string[] = new Array(value.length);
    let i = 0;
    try {
      for (; i < value.length; i++) items[i] = inner + write(value[i], inner, bigintsAsStrings);
    } catch (error) {
      throw withStep(error, `[${i}]`);
    }
    return `[\n${items.join(",\n")}\n${indent}]`;
  }
  const prototype = typeof value === "object" ? Object.getPrototypeOf(value) : undefined;
  if (prototype === Object.prototype || prototype === null) {
    const record = value as Record<string, unknown>;
    const { sorted, quoted } = keyOrder(Object.keys(record));
    const items: string[] = [];
    let i = 0;
    try {
      for (; i < sorted.length; i++) {
        const field = record[sorted[i] as string];
        if (field !== undefined) items.push(`${inner}${quoted[i]}: ${write(field, inner, bigintsAsStrings)}`);
      }
    } catch (error) {
      throw withStep(error, `.${sorted[i]}`);
    }
    if (items.length === 0) return "{}";
    return `{\n${items.join(",\n")}\n${indent}}`;
  }
  throw new UnwritableValue(`${typeof value} cannot be written as canonical JSON`);
}

function withStep(error: unknown, step: string): unknown {
  if (error instanceof UnwritableValue) error.steps.push(step);
  return error;
}

/** `write` from the document's root at `path`, a failure thrown as a TypeError naming the value's full path. */
function writeAt(value: unknown, path: string, indent: string, options: CanonicalJsonOptions): string {
  try {
    return write(value, indent, options.bigintsAsStrings === true);
  } catch (error) {
    if (!(error instanceof UnwritableValue)) throw error;
    throw new TypeError(`${path}${error.steps.reverse().join("")}: ${error.message}`);
  }
}

/** Serialises `value` canonically (see module comment). */
export function toCanonicalJson(value: unknown, options: CanonicalJsonOptions = {}): string {
  return `${writeAt(value, "$", "", options)}\n`;
}

/**
 * `value` as it appears nested in a canonical document at `indent` (no trailing newline), for writers that build a
 * large document piece by piece (a 10^5-entry ledger, `src/snapshot/ledger-text.ts`) with the same bytes as
 * `toCanonicalJson` of the whole.
 */
export function toCanonicalJsonAt(
  value: unknown,
  path: string,
  indent: string,
  options: CanonicalJsonOptions = {},
): string {
  return writeAt(value, path, indent, options);
}
