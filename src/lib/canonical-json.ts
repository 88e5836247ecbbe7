/**
 * Canonical JSON bytes for committed files, so that the same data always gives the same bytes and auditors can
 * diff snapshots: object keys sorted by code unit, 2-space indent, LF line ends, one trailing newline.
 * Only JSON-safe values are accepted; amounts must already be decimal strings (a bigint or a non-safe number
 * here is a bug upstream, so it throws rather than guessing).
 */

function write(value: unknown, path: string, indent: string): string {
  if (value === null) return "null";
  if (typeof value === "string" || typeof value === "boolean") return JSON.stringify(value);
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) {
      throw new TypeError(`${path}: only safe integers may be numbers in canonical JSON (got ${value})`);
    }
    return String(value);
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    const items = value.map((item, i) => inner + write(item, `${path}[${i}]`, inner));
    return `[\n${items.join(",\n")}\n${indent}]`;
  }
  if (typeof value === "object" && [Object.prototype, null].includes(Object.getPrototypeOf(value))) {
    // Sort by UTF-16 code unit explicitly: JS objects put integer-like keys first, which would break the order.
    const keys = Object.keys(value)
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .sort();
    if (keys.length === 0) return "{}";
    const items = keys.map(
      (key) =>
        `${inner}${JSON.stringify(key)}: ${write((value as Record<string, unknown>)[key], `${path}.${key}`, inner)}`,
    );
    return `{\n${items.join(",\n")}\n${indent}}`;
  }
  throw new TypeError(`${path}: ${typeof value} cannot be written as canonical JSON`);
}

/** Serialises `value` canonically (see module comment). */
export function toCanonicalJson(value: unknown): string {
  return `${write(value, "$", "")}\n`;
}

/**
 * `value` as it appears nested in a canonical document at `indent` (no trailing newline), for writers that build a
 * large document piece by piece (a 10^5-entry ledger, `src/snapshot/ledger-text.ts`) with the same bytes as
 * `toCanonicalJson` of the whole.
 */
export function toCanonicalJsonAt(value: unknown, path: string, indent: string): string {
  return write(value, path, indent);
}
